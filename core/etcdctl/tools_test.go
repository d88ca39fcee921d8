package etcdctl

import (
	"bytes"
	"strings"
	"testing"
)

// A reused tree behaves as a fresh one: whatever a run set (flags, the
// environment's ETCDCTL_*, string slices, --help) is gone in the next run.
func TestToolsReuseLeavesNothingBehind(t *testing.T) {
	f := newFakeCluster(2)
	var tools Tools
	run := func(fresh bool, env []string, args ...string) string {
		var out, errb bytes.Buffer
		var code int
		if fresh {
			code = Run(f, args, env, "", &out, &errb)
		} else {
			code = tools.Run(f, args, env, "", &out, &errb)
		}
		return out.String() + "\n--stderr--\n" + errb.String() + "\n--exit--\n" + string(rune('0'+code))
	}
	steps := []struct {
		env  []string
		args []string
	}{
		{nil, []string{"put", "k", "v"}},
		{nil, []string{"--endpoints=127.0.0.1:2379,127.0.0.1:22379", "-w", "json", "--debug", "get", "k", "--prefix", "--limit=1"}},
		{nil, []string{"--debug", "get", "k"}},
		{[]string{"ETCDCTL_WRITE_OUT=fields", "ETCDCTL_ENDPOINTS=127.0.0.1:32379"}, []string{"--debug", "get", "k"}},
		{nil, []string{"--debug", "get", "k", "--print-value-only"}},
		{nil, []string{"get", "--help"}},
		{nil, []string{"get", "k"}},
		{nil, []string{"--endpoints", "127.0.0.1:2379", "--endpoints", "127.0.0.1:22379", "--debug", "endpoint", "status"}},
		{nil, []string{"--debug", "endpoint", "status"}},
	}
	for i, s := range steps {
		got := run(false, s.env, s.args...)
		want := run(true, s.env, s.args...)
		if got != want {
			t.Fatalf("step %d (%s): reused tree gives\n%s\nfresh tree gives\n%s", i, strings.Join(s.args, " "), got, want)
		}
	}
	if len(tools.free) != 1 {
		t.Fatalf("sequential commands should share one tree, have %d", len(tools.free))
	}
}
