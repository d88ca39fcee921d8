package etcdctl

import (
	"fmt"
	"strings"
	"testing"

	pb "github.com/raftlab/raftlab/core/etcdpb"
)

// FuzzPlainLine: a line that runner.plainLine runs directly prints, exits,
// sends and leaves behind exactly what cobra's path does: the line (split
// at spaces), under one of a few environments and with some stdin, runs on
// a Tools that takes plain lines directly and on one that sends every line
// through cobra (Tools.full), each on its own fake cluster; then a probe
// (--debug get, which prints every global flag's value) shows the trees'
// flags back at their defaults. Every request is compared with its Call.
func FuzzPlainLine(f *testing.F) {
	for _, s := range []string{
		"--endpoints=infra1 put k v", "put k v", "get k", "del k", "--endpoints=127.0.0.1:22379 get k", "put k",
		"put -- k v", "--endpoints=a,b put k v", "put k v extra", "get", "del", "--endpoints=nowhere put k v", "put  v",
		"--endpoints=infra2 del k", "get k z", "--endpoints= put k v", "--endpoints=\"a\" put k v", "put k __complete",
		"--endpoints=infra1 --endpoints=infra2 put k v", "--endpoints=http://127.0.0.1:32379 get k", "put help v",
	} {
		f.Add(s, uint8(0), "")
		f.Add(s, uint8(1), "from stdin")
	}
	envs := [][]string{nil, {"ETCDCTL_WRITE_OUT=json"}, {"ETCDCTL_ENDPOINTS=127.0.0.1:22379"}, {"ETCDCTL_API=2"}, {"ETCDCTL_DIAL_TIMEOUT="}, {"OTHER=1"}}
	f.Fuzz(func(t *testing.T, line string, env uint8, stdin string) {
		args := strings.Split(line, " ")
		e := envs[int(env)%len(envs)]
		var plain, full Tools
		full.full = true
		got, want := runRecorded(&plain, args, e, stdin), runRecorded(&full, args, e, stdin)
		if got != want {
			t.Fatalf("%q env %q: directly\n%s\nthrough cobra\n%s", args, e, got, want)
		}
	})
}

// TestPlainLineRunsTheUsualLines: the lines plainLine is for take it.
func TestPlainLineRunsTheUsualLines(t *testing.T) {
	for line, want := range map[string]bool{
		"--endpoints=node-1 put k v": true, "put k v": true, "get k": true, "del k": true, "get k z": true, "put k": true,
		"--endpoints=a,b put k v": false, "put -- k v": false, "-w=json get k": false, "get --prefix k": false, "lease grant 1": false,
	} {
		tr := &tree{r: &runner{}}
		tr.root = tr.r.newRootCommand()
		_, _, ok := tr.r.plainLine(strings.Split(line, " "))
		if ok != want {
			t.Errorf("%q: plainLine took it: %v, want %v", line, ok, want)
		}
		tr.reset(nil)
	}
}

// runRecorded runs args and then a probe of the flags on tools, on a
// fake cluster that records each KV request with its Call.
func runRecorded(tools *Tools, args, env []string, stdin string) string {
	rc := &recordingCluster{fakeCluster: newFakeCluster(2)}
	var b strings.Builder
	// args twice: the second run of a plain line reuses the first's Call.
	for _, a := range [][]string{args, args, {"--debug", "get", "k"}} {
		var out, errb strings.Builder
		code := tools.Run(rc, a, env, stdin, &out, &errb)
		fmt.Fprintf(&b, "%q: exit %d\nstdout:\n%s\nstderr:\n%s\n", a, code, out.String(), errb.String())
		env, stdin = nil, ""
	}
	b.WriteString(rc.log.String())
	return b.String()
}

type recordingCluster struct {
	*fakeCluster
	log strings.Builder
}

func (rc *recordingCluster) note(c Call, req any) {
	fmt.Fprintf(&rc.log, "%q %v %v %+v %q %q %q %+v\n", c.Endpoints, c.Timeout, c.DialTimeout, c.TLS, c.User, c.Password, c.Token, req)
}

func (rc *recordingCluster) Put(c Call, r *pb.PutRequest) (*pb.PutResponse, error) {
	rc.note(c, r)
	return rc.fakeCluster.Put(c, r)
}

func (rc *recordingCluster) Range(c Call, r *pb.RangeRequest) (*pb.RangeResponse, error) {
	rc.note(c, r)
	return rc.fakeCluster.Range(c, r)
}

func (rc *recordingCluster) DeleteRange(c Call, r *pb.DeleteRangeRequest) (*pb.DeleteRangeResponse, error) {
	rc.note(c, r)
	return rc.fakeCluster.DeleteRange(c, r)
}

// plainLine picks its command by name with a switch: get, put and del are
// r.plain's commands, as cobra names them.
func TestPlainNames(t *testing.T) {
	r := &runner{}
	r.newRootCommand()
	for i, want := range []string{"get", "put", "del"} {
		if got := r.plain[i].Name(); got != want {
			t.Fatalf("plain[%d] is %q, want %q", i, got, want)
		}
	}
}
