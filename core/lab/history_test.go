package lab

import (
	"fmt"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/stretchr/testify/require"
)

func TestCheckLinearizabilityOfASession(t *testing.T) {
	l := New(Options{Members: 3, Seed: 3})
	l.Exec("wait leader")
	for _, line := range []string{"etcdctl put a 1", "etcdctl --endpoints=node-2 get a", "etcdctl del a",
		"etcdctl get a --consistency=s", "etcdctl put --lease=1234 b 1"} {
		l.Exec(line)
	}
	l.Exec("etcdctl txn\nvalue(\"a\") = \"1\"\n\nput a 2\n\n\n")
	c1 := l.Submit("etcdctl --endpoints=node-3 put c x")
	c2 := l.Submit("etcdctl --endpoints=node-1 get c")
	l.Run(time.Second)
	require.True(t, c1.Done() && c2.Done())
	rep := l.CheckLinearizability(10 * time.Second)
	require.Equal(t, "ok", rep.Result, rep.String())
	require.Equal(t, 6, rep.Operations) // put a, get a, del a, cas a, put c, get c
	require.Equal(t, 1, rep.Serializable)
	require.Empty(t, rep.SkippedKeys, "a put with a missing lease was refused: no effect")
	r := l.Exec("check-linearizability")
	require.Equal(t, 0, r.Exit)
	require.Contains(t, r.Stdout, "ok: 6 operations on 2 keys (0 of unknown outcome), checked of 8 client requests")

	// A read that returns a value nobody wrote is caught.
	l.history.Append(clientv3.Op{Req: &etcdpb.RequestOp{RequestRange: &etcdpb.RangeRequest{Key: []byte("a")}},
		Resp: &etcdpb.ResponseOp{Response: &etcdpb.ResponseOp_ResponseRange{ResponseRange: &etcdpb.RangeResponse{
			Kvs: []*etcdpb.KeyValue{{Key: []byte("a"), Value: []byte("never")}}}}}, Call: l.Now(), Return: l.Now() + 1})
	require.Equal(t, "violation", l.CheckLinearizability(10*time.Second).Result)
}

func TestKVShowsAMembersAppliedState(t *testing.T) {
	l := New(Options{Members: 3, Seed: 3})
	l.Exec("wait leader")
	l.Exec("etcdctl put k v1")
	l.Exec("isolate node-3")
	l.Exec("etcdctl --endpoints=node-1 put k v2")
	kv1, rev1, err := l.KV("node-1")
	require.NoError(t, err)
	kv3, rev3, err := l.KV("node-3")
	require.NoError(t, err)
	require.Equal(t, "v2", kv1[0].Value)
	require.Equal(t, "v1", kv3[0].Value, "the cut-off member is stale")
	require.Greater(t, rev1, rev3)
	require.Equal(t, rev1, l.Revision("node-1"))
	require.Equal(t, rev3, l.Revision("node-3"))
	_, _, err = l.KV("nope")
	require.Error(t, err)
}

// A session longer than the history's bound says so: how many requests it
// checked of how many, and that the rest were not kept.
func TestHistoryBoundIsReported(t *testing.T) {
	l := New(Options{Members: 3, Seed: 3})
	put := &etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: []byte("k"), Value: make([]byte, 1<<20)}}
	for i := 0; i < clientv3.MaxHistoryBytes>>20+5; i++ {
		l.history.Append(clientv3.Op{Req: put, Resp: &etcdpb.ResponseOp{}, Call: time.Duration(2 * i), Return: time.Duration(2*i + 1)})
	}
	rep := l.CheckLinearizability(10 * time.Second)
	require.Equal(t, "ok", rep.Result)
	require.Less(t, rep.Operations, clientv3.MaxHistoryBytes>>20)
	require.Equal(t, clientv3.MaxHistoryBytes>>20+5, rep.Requests)
	require.Equal(t, rep.Requests-rep.Operations, rep.Dropped)
	require.Contains(t, rep.String(), fmt.Sprintf("checked of %d client requests", rep.Requests))
	require.Contains(t, rep.String(), fmt.Sprintf("the last %d requests were not kept", rep.Dropped))
	require.LessOrEqual(t, l.history.Bytes(), clientv3.MaxHistoryBytes)
}

// A put whose member crashes after the followers have its entry but before
// it answers fails at the client with gRPC's Unavailable (clientv3 does not
// retry a mutable RPC), yet the new leader commits it: the history records
// the put as of unknown outcome, so the later read of its value still
// checks as linearizable. Recorded as refused (no effect), that read
// would be a violation.
func TestBrokenWriteThatWasAppliedIsLinearizable(t *testing.T) {
	l := New(Options{Members: 3, Seed: 1})
	l.Exec("wait leader")
	lead := l.Leader()
	last := map[string]uint64{}
	for _, st := range l.Status() {
		last[st.Name] = st.LastIndex
	}
	put := l.Submit("etcdctl --endpoints=" + lead + " put k applied")
	// Run until both followers have the put's entry in their logs, then
	// crash the leader before its answer leaves.
	for appended := 0; appended < 2; {
		require.False(t, put.Done(), "answered before the followers had the entry")
		l.Run(time.Millisecond)
		appended = 0
		for _, st := range l.Status() {
			if st.Name != lead && st.LastIndex > last[st.Name] {
				appended++
			}
		}
	}
	require.NoError(t, l.Kill(lead))
	l.Run(100 * time.Millisecond)
	require.True(t, put.Done(), "the client hears of the crash at once (one link latency), not at its deadline")
	res := put.Result()
	require.Equal(t, 1, res.Exit)
	require.Contains(t, res.Stderr, "Error: rpc error: code = Unavailable desc = error reading from server: EOF\n")
	require.Less(t, put.End()-put.Start(), time.Second)

	l.Exec("wait leader")
	var other string
	for _, n := range l.Names() {
		if n != lead {
			other = n
			break
		}
	}
	get := l.Exec("etcdctl --endpoints=" + other + " get k --print-value-only")
	require.Equal(t, "applied\n", get.Stdout, "the new leader committed the broken put")

	rep := l.CheckLinearizability(10 * time.Second)
	require.Equal(t, "ok", rep.Result, rep.String())
	require.Equal(t, 2, rep.Operations)
	require.Equal(t, 1, rep.Unknown, "the broken put is of unknown outcome")
	op := l.history.Ops()[0]
	require.ErrorIs(t, op.Err, clientv3.ErrConnectionEOF)
}
