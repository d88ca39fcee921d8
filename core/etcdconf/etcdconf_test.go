package etcdconf

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/raftlab/raftlab/core/etcdid"
)

// The source note's ExecStart, verbatim (with the note's "..." lines around it).
const noteUnit = `...
ExecStart=/usr/local/bin/etcd \
  --name node-1 \
  --data-dir /var/lib/etcd \
  --initial-advertise-peer-urls http://192.168.0.10:2380 \
  --listen-peer-urls http://192.168.0.10:2380 \
  --listen-client-urls http://192.168.0.10:2379,http://127.0.0.1:2379 \
  --advertise-client-urls http://192.168.0.10:2379 \
  --initial-cluster-token etcd-cluster-1 \
  --initial-cluster node-1=http://192.168.0.10:2380,node-2=http://192.168.0.11:2380,node-3=http://192.168.0.12:2380 \
  --initial-cluster-state new
...
`

func TestParseNoteUnit(t *testing.T) {
	ms, err := Parse(noteUnit)
	require.NoError(t, err)
	m := ms[0]
	require.Equal(t, "/usr/local/bin/etcd", m.Program)
	require.Equal(t, "node-1", m.Name)
	require.Equal(t, "/var/lib/etcd", m.DataDir)
	require.Equal(t, []string{"http://192.168.0.10:2380"}, m.InitialAdvertisePeerURLs)
	require.Equal(t, []string{"http://127.0.0.1:2379", "http://192.168.0.10:2379"}, m.ListenClientURLs, "etcd sorts URL lists")
	require.Equal(t, "etcd-cluster-1", m.InitialClusterToken)
	require.Equal(t, []Peer{{"node-1", "http://192.168.0.10:2380"}, {"node-2", "http://192.168.0.11:2380"}, {"node-3", "http://192.168.0.12:2380"}}, m.InitialCluster)
	require.Equal(t, "new", m.InitialClusterState)
	require.Equal(t, 100*time.Millisecond, m.HeartbeatInterval)
	require.Equal(t, time.Second, m.ElectionTimeout)
	require.True(t, m.PreVote)
	require.Equal(t, uint64(100000), m.SnapshotCount)
}

func TestParseForms(t *testing.T) {
	ms, err := Parse(`etcd --name=a -data-dir "/tmp/my dir" --heartbeat-interval=50 --election-timeout '500' \
	  # a comment line
	  --pre-vote=false --client-cert-auth --snapshot-count 10 --experimental-snapshot-catchup-entries 3 --quota-backend-bytes=8589934592 --log-level warn \
	  --initial-advertise-peer-urls=http://10.0.0.1:2380 --listen-peer-urls http://10.0.0.1:2380 --initial-cluster a=http://10.0.0.1:2380`)
	require.NoError(t, err)
	m := ms[0]
	require.Equal(t, "a", m.Name)
	require.Equal(t, "/tmp/my dir", m.DataDir)
	require.Equal(t, 50*time.Millisecond, m.HeartbeatInterval)
	require.Equal(t, 500*time.Millisecond, m.ElectionTimeout)
	require.False(t, m.PreVote)
	require.True(t, m.ClientCertAuth)
	require.Equal(t, uint64(10), m.SnapshotCount)
	require.Equal(t, uint64(3), m.SnapshotCatchUpEntries)
	require.Contains(t, strings.Join(m.Args(), " "), "--snapshot-count 10 --experimental-snapshot-catchup-entries 3")
	require.Equal(t, int64(8589934592), m.QuotaBackendBytes)
	require.Equal(t, "warn", m.LogLevel)
	require.True(t, m.IsSet("log-level"))
	require.False(t, m.IsSet("cert-file"))
}

func TestDefaultsAreEtcds(t *testing.T) {
	ms, err := Parse("etcd")
	require.NoError(t, err)
	m := ms[0]
	require.Equal(t, "default", m.Name)
	require.Equal(t, "etcd-cluster", m.InitialClusterToken)
	require.Equal(t, "default=http://localhost:2380", m.InitialClusterString())
	require.Equal(t, []string{"http://localhost:2379"}, m.ListenClientURLs)
	require.Equal(t, []string{"http://localhost:2379"}, m.AdvertiseClientURLs)
	c, err := NewCluster(ms)
	require.NoError(t, err)
	// etcd's well-known single-member default: member 8e9e05c52164694d.
	require.Equal(t, "8e9e05c52164694d", etcdid.Format(c.Members[0].ID))

	// --name alone: etcd sets --initial-cluster to name=advertised peer URLs (UpdateDefaultClusterFromName).
	ms, err = Parse("etcd --name solo")
	require.NoError(t, err)
	require.Equal(t, "solo=http://localhost:2380", ms[0].InitialClusterString())
}

func TestDefaultCluster(t *testing.T) {
	c := Default()
	require.Equal(t, "etcd-cluster-1", c.Token)
	require.Len(t, c.Members, 3)
	for i, cm := range c.Members {
		ip := NoteIP(i)
		require.Equal(t, []string{"http://" + ip + ":2380"}, cm.PeerURLs)
		require.Equal(t, []string{"http://" + ip + ":2379"}, cm.ClientURLs)
		require.Equal(t, etcdid.MemberID(cm.PeerURLs, "etcd-cluster-1"), cm.ID)
		require.Contains(t, cm.Config.ListenClientURLs, "http://127.0.0.1:2379")
		require.Equal(t, "/var/lib/etcd", cm.Config.DataDir)
	}
	require.Equal(t, etcdid.ClusterID([]uint64{c.Members[0].ID, c.Members[1].ID, c.Members[2].ID}), c.ClusterID)
	require.Empty(t, c.Warnings)
	for n := 1; n <= 7; n++ {
		require.Len(t, DefaultN(n).Members, n)
		require.Len(t, DefaultTLS(n).Members, n)
	}
	tls := DefaultTLS(3).Members[2].Config
	require.Equal(t, "/etc/etcd/kubernetes.pem", tls.CertFile)
	require.Equal(t, "/etc/etcd/kubernetes-key.pem", tls.PeerKeyFile)
	require.Equal(t, "/etc/etcd/ca.pem", tls.PeerTrustedCAFile)
	require.True(t, tls.ClientCertAuth)
	require.True(t, tls.PeerClientCertAuth)
	require.Equal(t, []string{"https://192.168.0.12:2380"}, tls.InitialAdvertisePeerURLs)
}

// The note's node-1 line parses to the same member as Default()'s node-1.
func TestNoteLineMatchesDefault(t *testing.T) {
	ms, err := Parse(noteUnit)
	require.NoError(t, err)
	d := Default().Members[0].Config
	require.Equal(t, d.Args(), ms[0].Args())
}

func TestLoopbackIDsMatchReference(t *testing.T) {
	l, err := Default().Loopback(2379, 2380, 10000)
	require.NoError(t, err)
	// etcd-reference.md: token etcd-cluster-1, http://127.0.0.1:2380 → bf9071f4639c75cc,
	// http://127.0.0.1:22380 → 91bc3c398fb3c146.
	require.Equal(t, "bf9071f4639c75cc", etcdid.Format(l.Members[0].ID))
	require.Equal(t, "91bc3c398fb3c146", etcdid.Format(l.Members[2].ID))
	require.Equal(t, []string{"http://127.0.0.1:12379"}, l.Members[1].ClientURLs)
	require.Equal(t, "node-1=http://127.0.0.1:2380,node-2=http://127.0.0.1:12380,node-3=http://127.0.0.1:22380", l.Members[1].Config.InitialClusterString())

	// Members at :2380, :22380, :32380 form cluster 59a05384c9b79ee (etcd-reference.md).
	r, err := Default().Rewrite(func(i int, m *Member) {})
	require.NoError(t, err)
	require.Equal(t, Default().ClusterID, r.ClusterID)
	ref, err := Default().Loopback(2379, 2380, 10000)
	require.NoError(t, err)
	ref, err = ref.Rewrite(func(i int, m *Member) {
		port := []string{"2380", "22380", "32380"}
		m.InitialAdvertisePeerURLs = []string{"http://127.0.0.1:" + port[i]}
		m.ListenPeerURLs = m.InitialAdvertisePeerURLs
		for k := range m.InitialCluster {
			m.InitialCluster[k].URL = "http://127.0.0.1:" + port[k]
		}
	})
	require.NoError(t, err)
	require.Equal(t, "59a05384c9b79ee", etcdid.Format(ref.ClusterID))
}

// unitsRoundTrip is the cluster that c's exported systemd units describe.
func unitsRoundTrip(t *testing.T, c *Cluster) *Cluster {
	t.Helper()
	var lines []string
	for _, u := range c.Units() {
		lines = append(lines, u)
	}
	ms, err := Parse(lines...)
	require.NoError(t, err)
	back, err := NewCluster(ms)
	require.NoError(t, err)
	return back
}

func TestExportRoundTrip(t *testing.T) {
	for _, c := range []*Cluster{Default(), DefaultTLS(5)} {
		require.Equal(t, c.ClusterID, unitsRoundTrip(t, c).ClusterID)
	}
	u := Default().Units()["node-2"]
	require.True(t, strings.HasPrefix(u, "[Unit]\nDescription=etcd\n"))
	require.Contains(t, u, "ExecStart=/usr/local/bin/etcd \\\n  --name node-2 \\\n  --data-dir /var/lib/etcd \\\n")
	require.Contains(t, u, "  --initial-cluster-state new\nRestart=on-failure\n")
	require.True(t, strings.HasSuffix(u, "[Install]\nWantedBy=multi-user.target\n"))
	tu := DefaultTLS(3).Units()["node-1"]
	require.Contains(t, tu, "  --cert-file=/etc/etcd/kubernetes.pem \\\n")
	require.Contains(t, tu, "  --client-cert-auth \\\n")

	y := DefaultTLS(3).ConfigFiles()["node-3"]
	require.Contains(t, y, "name: node-3\n")
	require.Contains(t, y, "initial-cluster-token: etcd-cluster-1\n")
	require.Contains(t, y, "pre-vote: true\n")
	require.Contains(t, y, "client-transport-security:\n  cert-file: /etc/etcd/kubernetes.pem\n  key-file: /etc/etcd/kubernetes-key.pem\n  trusted-ca-file: /etc/etcd/ca.pem\n  client-cert-auth: true\n")
	require.Contains(t, y, "peer-transport-security:\n")

	k := DefaultTLS(3).KubeadmExternal()
	require.Equal(t, `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
etcd:
  external:
    endpoints:
    - https://192.168.0.10:2379
    - https://192.168.0.11:2379
    - https://192.168.0.12:2379
    caFile: /etc/etcd/ca.pem
    certFile: /etc/etcd/kubernetes.pem
    keyFile: /etc/etcd/kubernetes-key.pem
`, k)
	require.NotContains(t, Default().KubeadmExternal(), "caFile")
}

func TestRaftSettingsFromFirstMember(t *testing.T) {
	lines := DefaultLines(3)
	lines[1] += " \\\n  --heartbeat-interval 200 --election-timeout 2000"
	ms, err := Parse(lines...)
	require.NoError(t, err)
	c, err := NewCluster(ms)
	require.NoError(t, err)
	require.Equal(t, 100*time.Millisecond, c.HeartbeatInterval)
	require.Equal(t, time.Second, c.ElectionTimeout)
	require.Len(t, c.Warnings, 1)
	require.Contains(t, c.Warnings[0], "member node-2 has --heartbeat-interval=200")
	require.Equal(t, 200*time.Millisecond, c.Member("node-2").Config.HeartbeatInterval)
}

func TestMemberWithoutCommandLine(t *testing.T) {
	ms, err := Parse(DefaultLines(3)[:2]...)
	require.NoError(t, err)
	c, err := NewCluster(ms)
	require.NoError(t, err)
	require.Len(t, c.Members, 3)
	require.Nil(t, c.Members[2].Config)
	require.Equal(t, Default().ClusterID, c.ClusterID)
	require.Equal(t, []string{"member node-3 is in --initial-cluster but no command line starts it"}, c.Warnings)
}

// etcd's request limits set on a member (as reset sets them) are exported
// as etcd flags and config-file keys when they differ from etcd's
// defaults, and the export parses back to the same limits.
func TestExportRequestLimits(t *testing.T) {
	c, err := Default().Rewrite(func(_ int, m *Member) {
		m.MaxRequestBytes, m.QuotaBackendBytes = 3_000_000, 100_000_000
	})
	require.NoError(t, err)
	require.Equal(t, uint64(3_000_000), c.MaxRequestBytes)
	require.Equal(t, int64(100_000_000), c.QuotaBackendBytes)
	u := c.Units()["node-1"]
	require.Contains(t, u, "  --max-request-bytes 3000000 \\\n  --quota-backend-bytes 100000000\nRestart=on-failure\n")
	y := c.ConfigFiles()["node-1"]
	require.Contains(t, y, "snapshot-count: 100000\nmax-request-bytes: 3000000\nquota-backend-bytes: 100000000\n")
	require.NotContains(t, y, "not exported")
	back := unitsRoundTrip(t, c)
	require.Equal(t, c.MaxRequestBytes, back.MaxRequestBytes)
	require.Equal(t, c.QuotaBackendBytes, back.QuotaBackendBytes)
	// Given once on a command line, a limit is exported once.
	require.Equal(t, 1, strings.Count(back.Members[0].Config.CommandLine(), "--max-request-bytes"))
	// etcd's defaults are left out; a negative quota (none) is kept.
	for _, s := range []string{Default().Units()["node-1"], Default().ConfigFiles()["node-1"]} {
		require.NotContains(t, s, "max-request-bytes")
		require.NotContains(t, s, "quota-backend-bytes")
	}
	none, err := Default().Rewrite(func(_ int, m *Member) { m.QuotaBackendBytes = -1 })
	require.NoError(t, err)
	require.Contains(t, none.Units()["node-2"], "--quota-backend-bytes -1\n")
}

// --experimental-snapshot-catchup-entries 0 is a value etcd 3.5.17
// accepts (its server then uses the default 5000: core/lab's
// TestCatchUpEntriesZeroIsEtcdsDefault). An explicit 0 is kept as given,
// apart from the flag not set, and exported as given on the command line,
// in the systemd unit and in the config file (json tag
// experimental-snapshot-catch-up-entries); a negative or non-numeric value
// is refused with the texts the real etcd 3.5.17 printed.
func TestCatchUpEntriesZero(t *testing.T) {
	ms, err := Parse("etcd --experimental-snapshot-catchup-entries 0")
	require.NoError(t, err)
	require.Equal(t, uint64(0), ms[0].SnapshotCatchUpEntries)
	require.True(t, ms[0].IsSet("experimental-snapshot-catchup-entries"))
	require.Contains(t, ms[0].Args(), "--experimental-snapshot-catchup-entries 0")
	ms, err = Parse("etcd")
	require.NoError(t, err)
	require.Equal(t, uint64(DefaultSnapshotCatchUpEntries), ms[0].SnapshotCatchUpEntries)
	require.False(t, ms[0].IsSet("experimental-snapshot-catchup-entries"))
	require.NotContains(t, strings.Join(ms[0].Args(), " "), "catchup")

	lines := DefaultLines(3)
	for i := range lines {
		lines[i] += " \\\n  --experimental-snapshot-catchup-entries 0"
	}
	ms, err = Parse(lines...)
	require.NoError(t, err)
	c, err := NewCluster(ms)
	require.NoError(t, err)
	require.Equal(t, uint64(0), c.SnapshotCatchUpEntries)
	require.Contains(t, c.Units()["node-2"], "  --experimental-snapshot-catchup-entries 0\nRestart=on-failure\n")
	require.Contains(t, c.ConfigFiles()["node-2"], "snapshot-count: 100000\nexperimental-snapshot-catch-up-entries: 0\n")
	back := unitsRoundTrip(t, c)
	require.Equal(t, uint64(0), back.SnapshotCatchUpEntries)
	require.Equal(t, 1, strings.Count(back.Members[0].Config.CommandLine(), "--experimental-snapshot-catchup-entries"))
	for _, s := range []string{Default().Units()["node-1"], Default().ConfigFiles()["node-1"]} {
		require.NotContains(t, s, "catchup")
		require.NotContains(t, s, "catch-up")
	}

	for v, want := range map[string]string{
		"-1": `invalid value "-1" for flag -experimental-snapshot-catchup-entries: parse error`,
		"x":  `invalid value "x" for flag -experimental-snapshot-catchup-entries: parse error`,
	} {
		e := parseErr(t, "etcd --experimental-snapshot-catchup-entries "+v)
		require.Equal(t, want, e.Message)
		require.Equal(t, 2, e.ExitCode)
	}
}
