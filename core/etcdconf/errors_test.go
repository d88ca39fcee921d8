package etcdconf

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func parseErr(t *testing.T, lines ...string) *Error {
	t.Helper()
	_, err := Parse(lines...)
	require.Error(t, err)
	var e *Error
	require.True(t, errors.As(err, &e))
	return e
}

func clusterErr(t *testing.T, lines ...string) *Error {
	t.Helper()
	ms, err := Parse(lines...)
	require.NoError(t, err)
	_, err = NewCluster(ms)
	require.Error(t, err)
	var e *Error
	require.True(t, errors.As(err, &e))
	return e
}

const base = "etcd --data-dir d --listen-client-urls http://127.0.0.1:42379 --advertise-client-urls http://127.0.0.1:42379 --listen-peer-urls http://127.0.0.1:42380 "

// Go flag package errors: etcd 3.4.23 printed exactly these first lines, then "Usage:", exit 2
// (etcd 3.5 server/etcdmain/config.go parse: os.Exit(2) on a flag error).
func TestFlagErrors(t *testing.T) {
	cases := map[string]string{
		"etcd --foo=bar":                                     "flag provided but not defined: -foo",
		"etcd --initial-cluster-state foo":                   `invalid value "foo" for flag -initial-cluster-state: invalid value`,
		"etcd --initial-advertise-peer-urls 127.0.0.1:42380": `invalid value "127.0.0.1:42380" for flag -initial-advertise-peer-urls: parse "127.0.0.1:42380": first path segment in URL cannot contain colon`,
		"etcd --heartbeat-interval abc":                      `invalid value "abc" for flag -heartbeat-interval: parse error`,
		// The texts below are Go's flag package (source: go/src/flag/flag.go parseOne).
		"etcd --listen-peer-urls http://10.0.0.1":  `invalid value "http://10.0.0.1" for flag -listen-peer-urls: URL address does not have the form "host:port": http://10.0.0.1`,
		"etcd --listen-peer-urls tcp://10.0.0.1:1": `invalid value "tcp://10.0.0.1:1" for flag -listen-peer-urls: URL scheme must be http, https, unix, or unixs: tcp://10.0.0.1:1`,
		"etcd --pre-vote=maybe":                    `invalid boolean value "maybe" for -pre-vote: parse error`,
		"etcd --name":                              "flag needs an argument: -name",
		"etcd ---name x":                           "bad flag syntax: ---name",
	}
	for line, want := range cases {
		e := parseErr(t, line)
		require.Equal(t, want, e.Message, line)
		require.Equal(t, 2, e.ExitCode, line)
		require.Equal(t, SourceGoFlag, e.Source)
		require.Equal(t, want+"\nUsage:\n", e.Stderr())
	}
}

// etcd 3.5 embed.Config.Validate texts; observed on etcd 3.4.23 as
// "error verifying flags, <text>. See 'etcd --help'." (3.5 logs warn "failed to verify flags"), exit 1.
func TestValidateErrors(t *testing.T) {
	e := parseErr(t, base+"--heartbeat-interval 300 --election-timeout 1000")
	require.Equal(t, "--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]", e.Message)
	require.Equal(t, 1, e.ExitCode)
	require.Equal(t, SourceEmbedValidate, e.Source)
	require.Equal(t, `{"level":"warn","msg":"failed to verify flags","error":"--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]"}`+"\n", e.Stderr())

	e = parseErr(t, "etcd --data-dir d --listen-client-urls http://127.0.0.1:42379")
	require.Equal(t, "--advertise-client-urls is required when --listen-client-urls is set explicitly", e.Message)
	require.Equal(t, 1, e.ExitCode)

	// 3.5 source only (embed/config.go Validate).
	e = parseErr(t, base+"--election-timeout 60000")
	require.Equal(t, "--election-timeout[60000ms] is too long, and should be set less than 50000ms", e.Message)
	e = parseErr(t, "etcd --listen-peer-urls http://node1:2380")
	require.Equal(t, "expected IP in URL for binding (http://node1:2380)", e.Message)
	e = parseErr(t, base+"--auto-compaction-mode hourly")
	require.Equal(t, `unknown auto-compaction-mode "hourly"`, e.Message)

	// etcdmain/config.go parse: positional argument; etcd 3.4.23 printed
	// "error verifying flags, 'extra' is not a valid flag. See 'etcd --help'.", exit 1.
	e = parseErr(t, "etcd extra")
	require.Equal(t, "'extra' is not a valid flag", e.Message)
	require.Equal(t, 1, e.ExitCode)
	require.Equal(t, SourceEtcdmainArgs, e.Source)
}

// Bootstrap errors: fatal "discovery failed", exit 1. Texts observed on etcd 3.4.23 after "etcdmain: "
// and in etcd 3.5 server/config/config.go (VerifyBootstrap, advertiseMatchesCluster).
func TestBootstrapErrors(t *testing.T) {
	e := clusterErr(t, base+"--name node-4 --initial-advertise-peer-urls http://127.0.0.1:42380 --initial-cluster node-1=http://127.0.0.1:42380")
	require.Equal(t, `couldn't find local name "node-4" in the initial cluster configuration`, e.Message)
	require.Equal(t, 1, e.ExitCode)
	require.Equal(t, "node-4", e.Member)
	require.Equal(t, SourceVerifyBootstrap, e.Source)
	require.Equal(t, `{"level":"fatal","msg":"discovery failed","error":"couldn't find local name \"node-4\" in the initial cluster configuration"}`+"\n", e.Stderr())

	// 3.5 (netutil.urlsEqual) format; 3.4.23 printed `(resolved urls: "http://127.0.0.1:42380" != "http://127.0.0.1:42381")`.
	e = clusterErr(t, base+"--name node-1 --initial-advertise-peer-urls http://127.0.0.1:42380 --initial-cluster node-1=http://127.0.0.1:42381")
	require.Equal(t, `--initial-cluster has node-1=http://127.0.0.1:42381 but missing from --initial-advertise-peer-urls=http://127.0.0.1:42380 ("http://127.0.0.1:42380"(resolved from "http://127.0.0.1:42380") != "http://127.0.0.1:42381"(resolved from "http://127.0.0.1:42381"))`, e.Message)

	// Identical on 3.4.23.
	e = clusterErr(t, base+"--name node-1 --initial-advertise-peer-urls http://127.0.0.1:42380,http://127.0.0.1:42381 --initial-cluster node-1=http://127.0.0.1:42380")
	require.Equal(t, `--initial-advertise-peer-urls has http://127.0.0.1:42381 but missing from --initial-cluster=node-1=http://127.0.0.1:42380,node-1=http://127.0.0.1:42381`, e.Message)

	e = clusterErr(t, base+"--name node-1 --initial-advertise-peer-urls http://127.0.0.1:42380 --initial-cluster node-1=http://127.0.0.1:42380,node-2=http://127.0.0.1:42380")
	require.Equal(t, `initial cluster node-1=http://127.0.0.1:42380,node-2=http://127.0.0.1:42380 has duplicate url`, e.Message)

	// A name twice in --initial-cluster gives that member two peer URLs (types.NewURLsMap).
	e = clusterErr(t, base+"--name node-1 --initial-advertise-peer-urls http://127.0.0.1:42380 --initial-cluster node-1=http://127.0.0.1:42380,node-1=http://127.0.0.1:42381")
	require.Equal(t, `--initial-cluster has node-1=http://127.0.0.1:42381 but missing from --initial-advertise-peer-urls=http://127.0.0.1:42380 (len(["http://127.0.0.1:42380"]) != len(["http://127.0.0.1:42380" "http://127.0.0.1:42381"]))`, e.Message)

	// Malformed URL in --initial-cluster: embed.StartEtcd "error setting up initial cluster: %v".
	e = clusterErr(t, base+"--name node-1 --initial-advertise-peer-urls http://127.0.0.1:42380 --initial-cluster node-1=127.0.0.1:42380")
	require.Equal(t, `error setting up initial cluster: parse "127.0.0.1:42380": first path segment in URL cannot contain colon`, e.Message)
	require.Equal(t, SourceURLsMap, e.Source)

	// localhost resolves to 127.0.0.1: no error (URLStringsEqual resolves before comparing).
	ms, err := Parse(base + "--name n --initial-advertise-peer-urls http://localhost:42380 --initial-cluster n=http://127.0.0.1:42380")
	require.NoError(t, err)
	_, err = NewCluster(ms)
	require.NoError(t, err)
}

// Cross-member problems: real processes keep running but reject each other (observed on etcd 3.4.23:
// "rafthttp: request cluster ID mismatch (got c4077f7943b046f want 6cf97adc5fc2a5fe)").
func TestCrossMemberErrors(t *testing.T) {
	lines := DefaultLines(3)
	lines[2] = strings.Replace(lines[2], "etcd-cluster-1", "etcd-cluster-2", 1)
	e := clusterErr(t, lines...)
	require.Equal(t, "request cluster ID mismatch", e.Log)
	require.Equal(t, 0, e.ExitCode)
	require.Equal(t, "node-3", e.Member)
	require.Contains(t, e.Message, `--initial-cluster-token "etcd-cluster-2"`)
	require.Equal(t, SourceRafthttp, e.Source)

	lines = DefaultLines(3)
	lines[1] = strings.Replace(lines[1], "node-3=http://192.168.0.12:2380", "node-3=http://192.168.0.13:2380", 1)
	e = clusterErr(t, lines...)
	require.Equal(t, "node-2", e.Member)
	require.Equal(t, "request cluster ID mismatch", e.Log)

	// Same members listed in another order: same IDs, no error (as etcd).
	lines = DefaultLines(3)
	lines[1] = strings.Replace(lines[1], "node-1=http://192.168.0.10:2380,node-2=http://192.168.0.11:2380,node-3=http://192.168.0.12:2380",
		"node-3=http://192.168.0.12:2380,node-1=http://192.168.0.10:2380,node-2=http://192.168.0.11:2380", 1)
	ms, err := Parse(lines...)
	require.NoError(t, err)
	_, err = NewCluster(ms)
	require.NoError(t, err)

	// Two command lines for one name (raftlab's own check).
	lines = DefaultLines(2)
	e = clusterErr(t, lines[0], lines[0])
	require.Equal(t, SourceRaftlab, e.Source)

	// Everyone "existing": nobody to join (etcd 3.5 etcdserver GetClusterFromRemotePeers).
	lines = DefaultLines(3)
	for i := range lines {
		lines[i] = strings.Replace(lines[i], "--initial-cluster-state new", "--initial-cluster-state existing", 1)
	}
	e = clusterErr(t, lines...)
	require.Equal(t, "cannot fetch cluster info from peer urls: could not retrieve cluster information from the given URLs", e.Message)
	require.Equal(t, 1, e.ExitCode)
}
