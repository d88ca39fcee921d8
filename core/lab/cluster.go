package lab

// The cluster lifecycle in the console: clusters from etcd command lines,
// their export, and members joining after `etcdctl member add`.

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdid"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/sim"
)

func (l *Lab) cmdCluster(c *Call, args []string) int {
	if len(args) == 0 {
		return usage(c, args)
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "from-flags":
		if len(rest) != 0 {
			return fail(c, 2, "cluster from-flags: takes no arguments; paste each member's etcd command line (or systemd unit) on the following lines")
		}
		lines := splitEtcdLines(c.stdin)
		if len(lines) == 0 {
			return fail(c, 2, "cluster from-flags: no etcd command lines; paste one per member after the command (see 'cluster show')")
		}
		return l.replaceCluster(c, lines)
	case "tls":
		n := len(l.cluster.Members)
		if len(rest) == 2 && (rest[0] == "--size" || rest[0] == "--members") {
			rest = []string{rest[0] + "=" + rest[1]}
		}
		if len(rest) == 1 {
			v, ok := strings.CutPrefix(rest[0], "--size=")
			if !ok {
				v, ok = strings.CutPrefix(rest[0], "--members=")
			}
			var err error
			if n, err = strconv.Atoi(v); !ok || err != nil || n < 1 || n > 7 {
				return fail(c, 2, "cluster tls: invalid %q; usage: cluster tls [--size N] (N from 1 to 7)", rest[0])
			}
		} else if len(rest) != 0 {
			return fail(c, 2, "usage: cluster tls [--size N]")
		}
		if n < 1 || n > 7 {
			n = 3
		}
		return l.replaceCluster(c, etcdconf.DefaultTLSLines(n))
	case "show":
		if len(rest) != 0 {
			return fail(c, 2, "usage: cluster show")
		}
		for i, m := range l.cluster.Members {
			if i > 0 {
				fmt.Fprintln(&c.stdout)
			}
			if m.Config == nil {
				fmt.Fprintf(&c.stdout, "==> %s: no command line (never started) <==\n", m.Name)
				continue
			}
			fmt.Fprintf(&c.stdout, "==> %s <==\n%s\n", m.Name, m.Config.CommandLine())
		}
		return 0
	case "export":
		if len(rest) != 1 {
			return fail(c, 2, "usage: cluster export systemd|yaml|kubeadm")
		}
		var files map[string]string
		switch rest[0] {
		case "systemd":
			files = l.cluster.Units()
			for _, m := range l.cluster.Members {
				if f, ok := files[m.Name]; ok {
					fmt.Fprintf(&c.stdout, "==> %s: /etc/systemd/system/etcd.service <==\n%s\n", m.Name, f)
				}
			}
		case "yaml":
			files = l.cluster.ConfigFiles()
			for _, m := range l.cluster.Members {
				if f, ok := files[m.Name]; ok {
					fmt.Fprintf(&c.stdout, "==> %s: /etc/etcd/etcd.conf.yml (etcd --config-file /etc/etcd/etcd.conf.yml) <==\n%s\n", m.Name, f)
				}
			}
		case "kubeadm":
			fmt.Fprint(&c.stdout, l.cluster.KubeadmExternal())
		default:
			return fail(c, 2, "cluster export: unknown format %q; want systemd, yaml or kubeadm", rest[0])
		}
		return 0
	default:
		return fail(c, 2, "cluster: unknown subcommand %q; usage: %s", sub, commands["cluster"].usage)
	}
}

// replaceCluster checks etcd command lines as the etcd processes would and,
// if they form a cluster, replaces the lab's cluster with it after this
// command (like reset); the hosts keep their files. A wrong configuration
// prints what etcd prints and changes nothing.
func (l *Lab) replaceCluster(c *Call, lines []string) int {
	o := l.opts
	o.EtcdFlags = lines
	files := cloneFiles(l.files)
	n, err := fromEtcdFlags(o, files)
	if err != nil {
		var e *etcdconf.Error
		if !errors.As(err, &e) {
			return fail(c, 1, "raftlab: %v", err)
		}
		fmt.Fprint(&c.stderr, e.Stderr())
		who := fmt.Sprintf("etcd command line %d", e.Line+1)
		if e.Line < 0 {
			who = "etcd"
		}
		if e.Member != "" {
			who += " (" + e.Member + ")"
		}
		if e.ExitCode == 0 {
			fmt.Fprintf(&c.stderr, "raftlab: %s keeps running but the cluster never elects a leader; cluster unchanged\n", who)
			return 1
		}
		fmt.Fprintf(&c.stderr, "raftlab: %s exits with status %d; cluster unchanged\n", who, e.ExitCode)
		return e.ExitCode
	}
	l.w.After(0, func() { l.reinit(n) })
	names := make([]string, 0, len(n.cluster.Members))
	for _, m := range n.cluster.Members {
		names = append(names, m.Name)
	}
	scheme := "http"
	if n.tlsCluster() {
		scheme = "https"
	}
	fmt.Fprintf(&c.stdout, "new cluster from etcd flags: %d members (%s), %s, cluster ID %s\n",
		len(names), strings.Join(names, ", "), scheme, etcdid.Format(n.cluster.ClusterID))
	for _, w := range n.cluster.Warnings {
		fmt.Fprintf(&c.stdout, "note: %s\n", w)
	}
	return 0
}

func (l *Lab) tlsCluster() bool {
	for _, m := range l.cluster.Members {
		if m.Config != nil && m.Config.CertFile != "" {
			return true
		}
	}
	return false
}

func cloneFiles(files map[string]map[string][]byte) map[string]map[string][]byte {
	out := make(map[string]map[string][]byte, len(files))
	for h, fs := range files {
		out[h] = make(map[string][]byte, len(fs))
		for p, b := range fs {
			out[h][p] = b
		}
	}
	return out
}

// splitEtcdLines splits pasted text into one etcd command line per member:
// a member starts at each ExecStart= line and at each line that starts an
// etcd command, and ends at a blank line (not inside a backslash
// continuation). When systemd units are pasted, the other parts of the
// units ([Unit], [Install]) are skipped.
func splitEtcdLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	units := strings.Contains(text, "ExecStart=")
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			chunk := strings.Join(cur, "\n")
			first, _, _ := strings.Cut(strings.TrimSpace(cur[0]), " ")
			if !units || strings.Contains(chunk, "ExecStart=") || path.Base(first) == "etcd" {
				out = append(out, chunk)
			}
		}
		cur = nil
	}
	cont := false
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if !cont && (strings.HasPrefix(t, "==>") || strings.HasPrefix(t, "#")) {
			// cluster show's headers and comments
			flush()
			continue
		}
		if !cont {
			first, _, _ := strings.Cut(t, " ")
			if t == "" || strings.HasPrefix(t, "ExecStart=") || path.Base(first) == "etcd" || strings.HasPrefix(t, "[") {
				flush()
			}
		}
		if t != "" {
			cur = append(cur, line)
		}
		cont = strings.HasSuffix(t, `\`)
	}
	flush()
	return out
}

// ---- files on the console's host ----

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
	clientURL := fmt.Sprintf("%s://%s:2379", scheme, host)
	info := etcdserver.MemberInfo{ID: added.ID, Name: name, PeerURLs: added.PeerURLs, ClientURLs: []string{clientURL}}
	l.server.Joining = append(l.server.Joining, info)
	cm := etcdconf.ClusterMember{Name: name, ID: added.ID, PeerURLs: added.PeerURLs, ClientURLs: info.ClientURLs}
	cm.Config = l.joinConfig(name, added, scheme, host)
	l.cluster.Members = append(l.cluster.Members, cm)
	l.byName[name] = added.ID
	l.tlsFiles()
	l.w.Join(sim.MemberSpec{ID: added.ID, Name: name})
	return nil
}

// joinConfig is the etcd command line the new member would be started
// with: the first member's TLS and data settings, its own URLs, and the
// initial cluster etcdctl member add printed.
func (l *Lab) joinConfig(name string, added *etcdserver.Member, scheme, host string) *etcdconf.Member {
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
		"--listen-client-urls", fmt.Sprintf("%s://%s:2379,%s://127.0.0.1:2379", scheme, host, scheme),
		"--advertise-client-urls", fmt.Sprintf("%s://%s:2379", scheme, host),
		"--initial-cluster-token", token,
		"--initial-cluster", strings.Join(peers, ","),
		"--initial-cluster-state", "existing")
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	ms, err := etcdconf.Parse(strings.Join(args, " "))
	if err != nil || len(ms) != 1 {
		return nil
	}
	return ms[0]
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
