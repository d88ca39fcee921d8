package etcdconf

import (
	"fmt"
	"strconv"
	"strings"
)

// rendered marks flags Args writes from the typed fields.
var rendered = map[string]bool{
	"name": true, "data-dir": true, "initial-advertise-peer-urls": true, "listen-peer-urls": true,
	"listen-client-urls": true, "advertise-client-urls": true, "initial-cluster-token": true,
	"initial-cluster": true, "initial-cluster-state": true, "heartbeat-interval": true,
	"election-timeout": true, "pre-vote": true, "snapshot-count": true,
	"experimental-snapshot-catchup-entries": true,
	"cert-file":                             true, "key-file": true, "trusted-ca-file": true, "client-cert-auth": true, "auto-tls": true,
	"peer-cert-file": true, "peer-key-file": true, "peer-trusted-ca-file": true,
	"peer-client-cert-auth": true, "peer-auto-tls": true,
	"max-request-bytes": true, "quota-backend-bytes": true,
}

// Args is the member's etcd command line (without the program), one flag per element, in the source
// note's order: name, TLS, data dir, URLs, token, cluster, state; then Raft settings that differ from
// etcd's defaults; then every other flag as given. Boolean flags are bare when true.
func (m *Member) Args() []string {
	var a []string
	add := func(name, v string) { a = append(a, "--"+name+" "+ShellQuote(v)) }
	add("name", m.Name)
	for _, f := range [...]struct{ name, v string }{{"cert-file", m.CertFile}, {"key-file", m.KeyFile},
		{"peer-cert-file", m.PeerCertFile}, {"peer-key-file", m.PeerKeyFile},
		{"trusted-ca-file", m.TrustedCAFile}, {"peer-trusted-ca-file", m.PeerTrustedCAFile}} {
		if f.v != "" {
			a = append(a, "--"+f.name+"="+ShellQuote(f.v))
		}
	}
	for _, f := range [...]struct {
		name string
		on   bool
	}{{"peer-client-cert-auth", m.PeerClientCertAuth}, {"client-cert-auth", m.ClientCertAuth},
		{"auto-tls", m.AutoTLS}, {"peer-auto-tls", m.PeerAutoTLS}} {
		if f.on {
			a = append(a, "--"+f.name)
		}
	}
	if m.DataDir != "" {
		add("data-dir", m.DataDir)
	}
	add("initial-advertise-peer-urls", strings.Join(m.InitialAdvertisePeerURLs, ","))
	add("listen-peer-urls", strings.Join(m.ListenPeerURLs, ","))
	add("listen-client-urls", strings.Join(m.ListenClientURLs, ","))
	add("advertise-client-urls", strings.Join(m.AdvertiseClientURLs, ","))
	add("initial-cluster-token", m.InitialClusterToken)
	add("initial-cluster", peersString(m.InitialCluster))
	add("initial-cluster-state", m.InitialClusterState)
	if ms := m.HeartbeatInterval.Milliseconds(); ms != DefaultHeartbeatMs {
		add("heartbeat-interval", strconv.FormatInt(ms, 10))
	}
	if ms := m.ElectionTimeout.Milliseconds(); ms != DefaultElectionMs {
		add("election-timeout", strconv.FormatInt(ms, 10))
	}
	if !m.PreVote {
		a = append(a, "--pre-vote=false")
	}
	if m.SnapshotCount != DefaultSnapshotCount {
		add("snapshot-count", strconv.FormatUint(m.SnapshotCount, 10))
	}
	if m.SnapshotCatchUpEntries != DefaultSnapshotCatchUpEntries {
		add("experimental-snapshot-catchup-entries", strconv.FormatUint(m.SnapshotCatchUpEntries, 10))
	}
	for _, l := range m.limits() {
		add(l.Name, l.Value)
	}
	for _, f := range m.Flags {
		if rendered[f.Name] {
			continue
		}
		switch etcdFlags[f.Name] {
		case kBool, kIgnored:
			if f.Value == "true" {
				a = append(a, "--"+f.Name)
			} else {
				a = append(a, "--"+f.Name+"="+f.Value)
			}
		default:
			add(f.Name, f.Value)
		}
	}
	return a
}

// limits are etcd's request limits that differ from its defaults, as flag
// names and values (the config file's keys are the same): a cluster made
// with reset --max-request-bytes or --quota-backend-bytes exports them.
func (m *Member) limits() []Flag {
	var l []Flag
	if m.MaxRequestBytes != 0 && m.MaxRequestBytes != DefaultMaxRequestBytes {
		l = append(l, Flag{Name: "max-request-bytes", Value: strconv.FormatUint(m.MaxRequestBytes, 10)})
	}
	if m.QuotaBackendBytes != DefaultQuotaBackendBytes {
		l = append(l, Flag{Name: "quota-backend-bytes", Value: strconv.FormatInt(m.QuotaBackendBytes, 10)})
	}
	return l
}

func peersString(ps []Peer) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Name + "=" + p.URL
	}
	return strings.Join(s, ",")
}

// isPlain reports whether s is made only of characters that need no
// quoting in a shell word or a YAML scalar: [A-Za-z0-9@%+=:,./_-]. When
// letterFirst is set, s must also start with a letter or '/'.
func isPlain(s string, letterFirst bool) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if i == 0 && letterFirst && !letter && c != '/' {
			return false
		}
		if !letter && !(c >= '0' && c <= '9') && !strings.ContainsRune("@%+=:,./_-", rune(c)) {
			return false
		}
	}
	return true
}

// ShellQuote quotes s as one POSIX shell word (single quotes keep every byte).
func ShellQuote(s string) string {
	if isPlain(s, false) {
		return s
	}
	// Single quotes keep every byte as is (a double-quoted Go string's
	// escapes would not read back).
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// CommandLine is the member's ExecStart-style command: program then one flag per line, continued with
// backslashes (the source note's layout). Parse reads it back to the same configuration.
func (m *Member) CommandLine() string {
	prog := m.Program
	if prog == "" {
		prog = NoteProgram
	}
	return ShellQuote(prog) + " \\\n  " + strings.Join(m.Args(), " \\\n  ")
}

// Unit is the member's systemd unit file (/etc/systemd/system/etcd.service), laid out as in the source
// note and Kubernetes the Hard Way.
func (m *Member) Unit() string {
	var b strings.Builder
	b.WriteString("[Unit]\nDescription=etcd\nDocumentation=https://github.com/coreos\n\n[Service]\nType=notify\n")
	b.WriteString("ExecStart=" + m.CommandLine() + "\n")
	b.WriteString("Restart=on-failure\nRestartSec=5\n\n[Install]\nWantedBy=multi-user.target\n")
	return b.String()
}

// Units returns one systemd unit per member that has a command line, keyed by member name.
func (c *Cluster) Units() map[string]string {
	out := map[string]string{}
	for _, cm := range c.Members {
		if cm.Config != nil {
			out[cm.Name] = cm.Config.Unit()
		}
	}
	return out
}

// configKeys are the flags whose etcd config-file key is the flag name with a scalar value, exported
// by ConfigYAML when given on the command line (the core keys are always written).
var configKeys = map[string]bool{
	"wal-dir": true, "quota-backend-bytes": true, "auto-compaction-mode": true,
	"auto-compaction-retention": true, "log-level": true, "logger": true, "max-request-bytes": true,
	"max-txn-ops": true, "max-snapshots": true, "max-wals": true, "strict-reconfig-check": true,
	"enable-v2": true, "enable-pprof": true, "metrics": true, "auth-token": true,
	"initial-election-tick-advance": true, "listen-metrics-urls": true, "force-new-cluster": true,
	"experimental-initial-corrupt-check": true, "unsafe-no-fsync": true,
}

// ConfigYAML is the member's etcd configuration file (etcd --config-file), with etcd's config-file
// keys. Flags without a plain config-file equivalent are listed in a comment.
func (m *Member) ConfigYAML() string {
	var b strings.Builder
	line := func(k, v string) { b.WriteString(k + ": " + v + "\n") }
	kv := func(k, v string) { line(k, yamlString(v)) }
	b.WriteString("# etcd configuration file for " + m.Name + " (etcd --config-file)\n")
	kv("name", m.Name)
	if m.DataDir != "" {
		kv("data-dir", m.DataDir)
	}
	kv("initial-advertise-peer-urls", strings.Join(m.InitialAdvertisePeerURLs, ","))
	kv("listen-peer-urls", strings.Join(m.ListenPeerURLs, ","))
	kv("listen-client-urls", strings.Join(m.ListenClientURLs, ","))
	kv("advertise-client-urls", strings.Join(m.AdvertiseClientURLs, ","))
	kv("initial-cluster", peersString(m.InitialCluster))
	kv("initial-cluster-token", m.InitialClusterToken)
	kv("initial-cluster-state", m.InitialClusterState)
	line("heartbeat-interval", strconv.FormatInt(m.HeartbeatInterval.Milliseconds(), 10))
	line("election-timeout", strconv.FormatInt(m.ElectionTimeout.Milliseconds(), 10))
	line("pre-vote", strconv.FormatBool(m.PreVote))
	line("snapshot-count", strconv.FormatUint(m.SnapshotCount, 10))
	if m.SnapshotCatchUpEntries != DefaultSnapshotCatchUpEntries {
		line("experimental-snapshot-catch-up-entries", strconv.FormatUint(m.SnapshotCatchUpEntries, 10))
	}
	for _, l := range m.limits() {
		line(l.Name, l.Value)
	}
	var skipped []string
	for _, f := range m.Flags {
		switch {
		case rendered[f.Name]:
		case configKeys[f.Name]:
			switch etcdFlags[f.Name] {
			case kBool, kUint, kUint64, kInt, kInt64:
				line(f.Name, f.Value)
			default:
				kv(f.Name, f.Value)
			}
		default:
			skipped = append(skipped, "--"+f.Name)
		}
	}
	for _, t := range [...]struct {
		key, cert, keyf, ca string
		auth, auto          bool
	}{{"client-transport-security", m.CertFile, m.KeyFile, m.TrustedCAFile, m.ClientCertAuth, m.AutoTLS},
		{"peer-transport-security", m.PeerCertFile, m.PeerKeyFile, m.PeerTrustedCAFile, m.PeerClientCertAuth, m.PeerAutoTLS}} {
		if t.cert == "" && t.keyf == "" && t.ca == "" && !t.auth && !t.auto {
			continue
		}
		b.WriteString(t.key + ":\n")
		for _, f := range [...][2]string{{"  cert-file", t.cert}, {"  key-file", t.keyf}, {"  trusted-ca-file", t.ca}} {
			if f[1] != "" {
				kv(f[0], f[1])
			}
		}
		line("  client-cert-auth", strconv.FormatBool(t.auth))
		line("  auto-tls", strconv.FormatBool(t.auto))
	}
	if len(skipped) > 0 {
		b.WriteString("# not exported (set by hand): " + strings.Join(skipped, " ") + "\n")
	}
	return b.String()
}

// ConfigFiles returns one etcd config file per member that has a command line, keyed by member name.
func (c *Cluster) ConfigFiles() map[string]string {
	out := map[string]string{}
	for _, cm := range c.Members {
		if cm.Config != nil {
			out[cm.Name] = cm.Config.ConfigYAML()
		}
	}
	return out
}

func yamlString(s string) string {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~":
		return strconv.Quote(s)
	}
	if isPlain(s, true) && !strings.Contains(s, ": ") {
		return s
	}
	return strconv.Quote(s)
}

// ClientEndpoints are the members' advertised client URLs, in member order: what clients (the
// Kubernetes API servers, etcdctl --endpoints) use.
func (c *Cluster) ClientEndpoints() []string {
	var eps []string
	for _, cm := range c.Members {
		eps = append(eps, cm.ClientURLs...)
	}
	return eps
}

// KubeadmExternal is a kubeadm ClusterConfiguration (kubeadm.k8s.io/v1beta3) whose etcd.external block
// points the API servers at this cluster. The client certificate is the members' own (the note and
// Kubernetes the Hard Way use kubernetes.pem for both); without TLS the file keys are left out.
func (c *Cluster) KubeadmExternal() string {
	var b strings.Builder
	b.WriteString("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  external:\n    endpoints:\n")
	for _, ep := range c.ClientEndpoints() {
		b.WriteString("    - " + yamlString(ep) + "\n")
	}
	var ref *Member
	for _, cm := range c.Members {
		if cm.Config != nil {
			ref = cm.Config
			break
		}
	}
	if ref != nil {
		if ref.TrustedCAFile != "" {
			b.WriteString("    caFile: " + yamlString(ref.TrustedCAFile) + "\n")
		}
		if ref.CertFile != "" {
			b.WriteString("    certFile: " + yamlString(ref.CertFile) + "\n")
		}
		if ref.KeyFile != "" {
			b.WriteString("    keyFile: " + yamlString(ref.KeyFile) + "\n")
		}
	}
	return b.String()
}

// Rewrite returns the cluster the members' command lines describe after f changed each member's
// configuration (a copy; i is the member's index in c.Members). Members without a command line are
// left out of the result's command lines but stay in --initial-cluster as f leaves it.
func (c *Cluster) Rewrite(f func(i int, m *Member)) (*Cluster, error) {
	var lines []string
	for i, cm := range c.Members {
		if cm.Config == nil {
			continue
		}
		m := *cm.Config
		m.InitialCluster = append([]Peer(nil), cm.Config.InitialCluster...)
		m.Flags = append([]Flag(nil), cm.Config.Flags...)
		f(i, &m)
		lines = append(lines, m.CommandLine())
	}
	ms, err := Parse(lines...)
	if err != nil {
		return nil, err
	}
	return NewCluster(ms)
}

// Loopback rewrites every address to 127.0.0.1 for running the cluster on one machine: member i (in
// c.Members order) gets client port clientBase+step*i and peer port peerBase+step*i, with the same
// scheme; --listen-client-urls becomes the single client URL. Loopback(2379, 2380, 10000) gives
// member 0 ports 2379/2380, member 1 12379/12380, and so on.
func (c *Cluster) Loopback(clientBase, peerBase, step int) (*Cluster, error) {
	idx := map[string]int{}
	for i, cm := range c.Members {
		idx[cm.Name] = i
	}
	scheme := func(u string) string {
		if s, _, ok := strings.Cut(u, "://"); ok {
			return s
		}
		return "http"
	}
	return c.Rewrite(func(i int, m *Member) {
		s := "http"
		if len(m.InitialAdvertisePeerURLs) > 0 {
			s = scheme(m.InitialAdvertisePeerURLs[0])
		}
		peer := fmt.Sprintf("%s://127.0.0.1:%d", s, peerBase+step*i)
		cs := "http"
		if len(m.AdvertiseClientURLs) > 0 {
			cs = scheme(m.AdvertiseClientURLs[0])
		}
		client := fmt.Sprintf("%s://127.0.0.1:%d", cs, clientBase+step*i)
		m.InitialAdvertisePeerURLs = []string{peer}
		m.ListenPeerURLs = []string{peer}
		m.ListenClientURLs = []string{client}
		m.AdvertiseClientURLs = []string{client}
		for k, p := range m.InitialCluster {
			if j, ok := idx[p.Name]; ok {
				m.InitialCluster[k].URL = fmt.Sprintf("%s://127.0.0.1:%d", scheme(p.URL), peerBase+step*j)
			}
		}
	})
}
