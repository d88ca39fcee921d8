package lab

// Members the cluster gains after it started (`etcdctl member add`, then
// start), and what each machine holds when a cluster is created: the
// source note's certificates, a data directory etcdutl restored.

import (
	"fmt"
	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/console"
	url "github.com/raftlab/raftlab/core/neturl"
	"strings"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/sim"
)

// join starts a member the cluster added (etcdctl member add) but no
// process runs yet, as `etcd --name <name> --initial-cluster-state
// existing` on a new machine would: with an empty disk, catching up from
// the leader. The lab learns its name, URLs and command line.
func (l *Lab) join(name string) error {
	// The members the cluster knows that no process runs, as the first
	// member up sees them.
	var pending []*etcdserver.Member
	for _, m := range l.w.Members() {
		srv, ok := m.App.(*etcdserver.Server)
		if !ok || !m.Up() {
			continue
		}
		for _, mem := range srv.Members() {
			if l.w.Member(mem.ID) == nil {
				pending = append(pending, mem)
			}
		}
		break
	}
	var added *etcdserver.Member
	var names []string
	for _, mem := range pending {
		n, known := l.added[mem.ID]
		if known {
			names = append(names, n)
		}
		if n == name || !known && len(pending) == 1 {
			added = mem
		}
	}
	if added == nil {
		if len(names) > 0 {
			// etcd --name <name> with the --initial-cluster member add printed.
			e := &etcdconf.Error{Member: name, Message: fmt.Sprintf("couldn't find local name %q in the initial cluster configuration", name),
				Log: "discovery failed", Level: "fatal", ExitCode: 1}
			return fmt.Errorf("%sraftlab: etcdctl member add named the new member %s: start it with that name", e.Stderr(), strings.Join(names, ", "))
		}
		ip := etcdconf.NoteIP(len(l.cluster.Members))
		hint := "etcdctl member add " + name + " --peer-urls=http://" + ip + ":2380"
		return fmt.Errorf("%w; to add a new member, run %q first", ErrUnknownMember(name), hint)
	}
	if _, dup := l.byName[name]; dup {
		return fmt.Errorf("member %q exists", name)
	}
	scheme, host := "http", ""
	if len(added.PeerURLs) > 0 {
		if u, err := url.Parse(added.PeerURLs[0]); err == nil {
			scheme, host = u.Scheme, u.Hostname()
		}
	}
	clientURL := scheme + "://" + host + ":2379"
	info := etcdserver.MemberInfo{ID: added.ID, Name: name, PeerURLs: added.PeerURLs, ClientURLs: []string{clientURL}}
	l.server.Joining = append(l.server.Joining, info)
	cm := etcdconf.ClusterMember{Name: name, ID: added.ID, PeerURLs: added.PeerURLs, ClientURLs: info.ClientURLs}
	cm.Config = l.joinConfig(name, added, scheme, clientURL)
	l.cluster.Members = append(l.cluster.Members, cm)
	l.byName[name], l.byID[added.ID] = added.ID, name
	l.tlsFiles()
	l.w.Join(sim.MemberSpec{ID: added.ID, Name: name})
	return nil
}

// joinConfig is the etcd command line the new member would be started
// with: the first member's TLS and data settings, its own URLs, and the
// initial cluster etcdctl member add printed.
func (l *Lab) joinConfig(name string, added *etcdserver.Member, scheme, clientURL string) *etcdconf.Member {
	var ref *etcdconf.Member
	for _, m := range l.cluster.Members {
		if m.Config != nil {
			ref = m.Config
			break
		}
	}
	args := []string{etcdconf.NoteProgram, "--name", name}
	if ref != nil {
		for _, f := range ref.Flags {
			switch f.Name {
			case "cert-file", "key-file", "peer-cert-file", "peer-key-file", "trusted-ca-file", "peer-trusted-ca-file",
				"client-cert-auth", "peer-client-cert-auth", "data-dir", "heartbeat-interval", "election-timeout", "pre-vote", "snapshot-count":
				args = append(args, "--"+f.Name+"="+f.Value)
			}
		}
	}
	var peers []string
	for _, m := range l.cluster.Members {
		for _, u := range m.PeerURLs {
			peers = append(peers, m.Name+"="+u)
		}
	}
	for _, u := range added.PeerURLs {
		peers = append(peers, name+"="+u)
	}
	token := l.cluster.Token
	args = append(args,
		"--initial-advertise-peer-urls", strings.Join(added.PeerURLs, ","),
		"--listen-peer-urls", strings.Join(added.PeerURLs, ","),
		"--listen-client-urls", clientURL+","+scheme+"://127.0.0.1:2379",
		"--advertise-client-urls", clientURL,
		"--initial-cluster-token", token,
		"--initial-cluster", strings.Join(peers, ","),
		"--initial-cluster-state", "existing")
	for i, a := range args {
		args[i] = etcdconf.ShellQuote(a)
	}
	ms, err := etcdconf.Parse(strings.Join(args, " "))
	if err != nil || len(ms) != 1 {
		return nil
	}
	return ms[0]
}

// tlsFiles places the source note's certificates on every host when the
// cluster serves TLS (the note copies ca.pem, kubernetes.pem and
// kubernetes-key.pem to /etc/etcd/).
func (l *Lab) tlsFiles() {
	files := l.con.Files()
	for _, m := range l.cluster.Members {
		cfg := m.Config
		if cfg == nil {
			continue
		}
		for _, f := range []struct{ path, kind string }{
			{cfg.TrustedCAFile, "ca"}, {cfg.PeerTrustedCAFile, "ca"},
			{cfg.CertFile, "cert"}, {cfg.PeerCertFile, "cert"},
			{cfg.KeyFile, "key"}, {cfg.PeerKeyFile, "key"},
		} {
			if f.path == "" {
				continue
			}
			for _, h := range l.cluster.Members {
				if _, err := files.Read(h.Name, f.path); err == nil {
					continue
				}
				switch f.kind {
				case "ca":
					files.Write(h.Name, f.path, clientv3.FakeCert("Kubernetes", "Kubernetes"))
				case "cert":
					files.Write(h.Name, f.path, clientv3.FakeCert("kubernetes", "Kubernetes"))
				case "key":
					files.Write(h.Name, f.path, clientv3.FakeKey("kubernetes"))
				}
			}
		}
	}
}

// restoredData returns the snapshot a member's --data-dir holds after
// etcdutl snapshot restore on its host, if any.
func (l *Lab) restoredData() []byte {
	for _, m := range l.cluster.Members {
		if m.Config == nil || m.Config.DataDir == "" {
			continue
		}
		if b, err := l.con.Files().Read(m.Name, console.DataDirDB(m.Config.DataDir)); err == nil {
			return b
		}
	}
	return nil
}

// Certificate is a parsed fake PEM (see clientv3.Certificate).
type Certificate = clientv3.Certificate
