package etcdctl

import (
	"bytes"
	"strings"
	"testing"

	pb "github.com/raftlab/raftlab/core/etcdpb"
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
		{nil, []string{"--endpoints=127.0.0.1:22379", "-w", "fields", "get", "k", "--keys-only", "--limit=1"}},
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

// watchingCluster runs a command through the same Tools while a watch is
// open, as the console runs a command while a watch is parked.
type watchingCluster struct {
	*fakeCluster
	tools    *Tools
	freeSeen int
	nested   string
	// args is the command run meanwhile (get k --print-value-only if
	// nil), once; endpoints the watch's, when it opened and after.
	args      []string
	ran       bool
	endpoints [2][]string
}

func (w *watchingCluster) Watch(c Call, req *pb.WatchCreateRequest) (Watcher, error) {
	if w.ran {
		return w.fakeCluster.Watch(c, req)
	}
	w.ran = true
	w.freeSeen = len(w.tools.free)
	w.endpoints[0] = append([]string(nil), c.Endpoints...)
	args := w.args
	if args == nil {
		args = []string{"get", "k", "--print-value-only"}
	}
	var out, errb bytes.Buffer
	w.tools.Run(w, args, nil, "", &out, &errb)
	w.nested = out.String() + errb.String()
	w.endpoints[1] = c.Endpoints
	return w.fakeCluster.Watch(c, req)
}

// A command that waits for long (watch, lease keep-alive, lock, elect)
// gives its tree back before it waits: a parked command keeps no tree, and
// the command run meanwhile reuses the same one.
func TestToolsDetachedCommandKeepsNoTree(t *testing.T) {
	f := newFakeCluster(1)
	var tools Tools
	var out, errb bytes.Buffer
	tools.Run(f, []string{"put", "k", "v"}, nil, "", &out, &errb)
	w := &watchingCluster{fakeCluster: f, tools: &tools}
	out.Reset()
	code := tools.Run(w, []string{"-w", "json", "watch", "k", "--rev", "1"}, nil, "", &out, &errb)
	if w.freeSeen != 1 {
		t.Fatalf("while the watch is open the free list has %d trees, want 1 (its own, given back)", w.freeSeen)
	}
	if w.nested != "v\n" {
		t.Fatalf("command run during the watch printed %q", w.nested)
	}
	if len(tools.free) != 1 {
		t.Fatalf("watch and the command run meanwhile should share one tree, have %d", len(tools.free))
	}
	// The detached part still has the watch's own flags and output format.
	var fresh, freshErr bytes.Buffer
	freshCode := Run(f, []string{"-w", "json", "watch", "k", "--rev", "1"}, nil, "", &fresh, &freshErr)
	if code != freshCode || out.String() != fresh.String() || !strings.Contains(out.String(), `"Events":[{"kv"`) {
		t.Fatalf("detached watch: exit %d %q, fresh tree: exit %d %q", code, out.String(), freshCode, fresh.String())
	}
}

// A detached command keeps what its flags parsed (pflag reuses a flag
// set's arrays from one parse to the next): the same command run on its
// tree meanwhile, with other endpoints and arguments, changes nothing of
// the first's.
func TestToolsDetachedCommandKeepsItsFlags(t *testing.T) {
	f := newFakeCluster(3)
	var tools Tools
	var out, errb bytes.Buffer
	tools.Run(f, []string{"put", "k", "v"}, nil, "", &out, &errb)
	w := &watchingCluster{fakeCluster: f, tools: &tools, args: []string{"--endpoints=127.0.0.1:22379", "watch", "other", "--prefix", "--rev", "1"}}
	out.Reset()
	code := tools.Run(w, []string{"--endpoints=127.0.0.1:2379", "-w", "json", "watch", "k", "--rev", "1"}, nil, "", &out, &errb)
	if before, after := strings.Join(w.endpoints[0], ","), strings.Join(w.endpoints[1], ","); before != "127.0.0.1:2379" || after != before {
		t.Fatalf("the first watch's endpoints were %q, after the same command ran on its tree %q", before, after)
	}
	var fresh, freshErr bytes.Buffer
	freshCode := Run(f, []string{"--endpoints=127.0.0.1:2379", "-w", "json", "watch", "k", "--rev", "1"}, nil, "", &fresh, &freshErr)
	if code != freshCode || out.String() != fresh.String() {
		t.Fatalf("detached watch: exit %d %q, fresh tree: exit %d %q", code, out.String(), freshCode, fresh.String())
	}
}

// BenchmarkToolsPut is etcdctl's own work for one `put` on a reused tree
// (cobra, pflag, the request, the output), as the console runs it for each
// command; the fake cluster's Put is a map write.
func BenchmarkToolsPut(b *testing.B) {
	f := newFakeCluster(2)
	var tools Tools
	var out, errb bytes.Buffer
	args := []string{"--endpoints=127.0.0.1:2379", "put", "k1", "v"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		out.Reset()
		errb.Reset()
		if code := tools.Run(f, args, nil, "", &out, &errb); code != 0 {
			b.Fatal(errb.String())
		}
	}
}

// An empty --cert, --key or --cacert is refused before dialing, the first
// of them in that order, as etcdctl 3.5.17 does (mustTLS); none given, or
// given with a value, nothing is refused for it.
func TestEmptyTLSFlagRefused(t *testing.T) {
	for args, want := range map[string]string{
		"--cacert= --key= --cert= get k": "Error: empty string is passed to --cert option\n",
		"--key= --cacert= get k":         "Error: empty string is passed to --key option\n",
		"--cacert= get k":                "Error: empty string is passed to --cacert option\n",
		"get k":                          "",
	} {
		var out, errb bytes.Buffer
		code := Run(newFakeCluster(2), strings.Fields(args), nil, "", &out, &errb)
		if errb.String() != want || (want != "") != (code == ExitBadArgs) {
			t.Errorf("%s: exit %d, stderr %q; want %q", args, code, errb.String(), want)
		}
	}
}
