package etcdconf

import (
	"errors"
	"testing"
)

// FuzzParse: no command line makes Parse or NewCluster panic; a failure is
// an *Error with etcd's exit code, and a configuration that parses prints
// a command line that parses back to the same member.
func FuzzParse(f *testing.F) {
	for _, l := range DefaultLines(3) {
		f.Add(l)
	}
	for _, l := range DefaultTLSLines(1) {
		f.Add(l)
	}
	for _, s := range []string{
		"etcd --name x --initial-clusterr a=http://b:1", "etcd --listen-peer-urls 1.2.3.4:80", "etcd x", "etcd --heartbeat-interval=-1",
		"etcd --election-timeout 10 --heartbeat-interval 100", "etcd --name 'a b' --data-dir \"/x y\"", "etcd \\\n --name a \\\\\n",
		"[Unit]\n[Service]\nExecStart=-/usr/bin/etcd --name a\n", "etcd --initial-cluster a=http://[::1]:2380 --name a",
		"etcd --snapshot-count 0x10 --quota-backend-bytes 1e9", "etcd --auto-compaction-mode=revision --auto-compaction-retention=1h",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ms, err := Parse(text)
		if err != nil {
			checkErr(t, text, err)
			return
		}
		if len(ms) != 1 {
			t.Fatalf("%q: %d members", text, len(ms))
		}
		c, err := NewCluster(ms)
		if err != nil {
			checkErr(t, text, err)
			return
		}
		if len(c.Members) == 0 {
			t.Fatalf("%q: a cluster without members", text)
		}
		// The exported command line starts the same member of the same
		// cluster.
		again, err := Parse(ms[0].CommandLine())
		if err != nil {
			t.Fatalf("%q: its command line %q does not parse: %v", text, ms[0].CommandLine(), err)
		}
		c2, err := NewCluster(again)
		if err != nil {
			t.Fatalf("%q: its command line %q fails: %v", text, ms[0].CommandLine(), err)
		}
		if again[0].Name != ms[0].Name || again[0].DataDir != ms[0].DataDir || c2.ClusterID != c.ClusterID || len(c2.Members) != len(c.Members) {
			t.Fatalf("%q: round trip changed the member: %q", text, ms[0].CommandLine())
		}
	})
}

func checkErr(t *testing.T, text string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %T %v is not an *Error", text, err, err)
	}
	if e.Message == "" || e.ExitCode < 0 || e.ExitCode > 2 || e.Stderr() == "" {
		t.Fatalf("%q: bad error %+v", text, e)
	}
}
