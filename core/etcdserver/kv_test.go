package etcdserver

import (
	"fmt"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

func TestPutGetDeleteTxnAndHeaders(t *testing.T) {
	c := newCluster(t, 3, 1, nil)
	lead, f := c.w.Leader(), c.follower()

	p := c.put(f, "a", "1")
	require.Equal(t, c.cfg.ClusterID, p.Header.ClusterId)
	require.Equal(t, f, p.Header.MemberId)
	require.Equal(t, int64(2), p.Header.Revision)
	require.Equal(t, c.w.Member(lead).Status().Term, p.Header.RaftTerm)
	c.put(lead, "b", "2")

	for _, id := range c.w.IDs() {
		r := c.get(id, "a", false)
		require.Equal(t, "1", value(r))
		require.Equal(t, int64(3), r.Header.Revision)
		require.Equal(t, id, r.Header.MemberId)
	}

	d := must(c, f, (*Server).DeleteRange, &etcdpb.DeleteRangeRequest{Key: []byte("a")})
	require.Equal(t, int64(1), d.Deleted)
	require.Equal(t, int64(4), d.Header.Revision)
	require.Empty(t, c.get(lead, "a", false).Kvs)

	txn := &etcdpb.TxnRequest{
		Compare: []*etcdpb.Compare{{Key: []byte("b"), Target: etcdpb.CompareValue, Value: []byte("2")}},
		Success: []*etcdpb.RequestOp{{RequestPut: &etcdpb.PutRequest{Key: []byte("c"), Value: []byte("3")}}},
		Failure: []*etcdpb.RequestOp{{RequestRange: &etcdpb.RangeRequest{Key: []byte("b")}}},
	}
	tr := must(c, f, (*Server).Txn, txn)
	require.True(t, tr.Succeeded)
	require.Equal(t, int64(5), tr.Header.Revision)
	// etcd 3.5 fills only the revision in a txn's inner headers.
	require.Equal(t, etcdpb.ResponseHeader{Revision: 5}, *tr.Responses[0].GetResponsePut().Header)
	tr = must(c, lead, (*Server).Txn, txn) // compare still holds
	require.True(t, tr.Succeeded)
	txn.Compare[0].Value = []byte("x")
	tr = must(c, f, (*Server).Txn, txn)
	require.False(t, tr.Succeeded)
	require.Equal(t, "2", string(tr.Responses[0].GetResponseRange().Kvs[0].Value))

	dup := &etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{
		{RequestPut: &etcdpb.PutRequest{Key: []byte("k"), Value: []byte("1")}},
		{RequestPut: &etcdpb.PutRequest{Key: []byte("k"), Value: []byte("2")}}}}
	require.Equal(t, etcdpb.ErrDuplicateKey, fail(c, f, (*Server).Txn, dup))
	require.Equal(t, etcdpb.ErrEmptyKey, fail(c, f, (*Server).Put, &etcdpb.PutRequest{}))
	require.Equal(t, etcdpb.ErrLeaseNotFound, fail(c, f, (*Server).Put, &etcdpb.PutRequest{Key: []byte("x"), Lease: 12345}))

	// Compaction and revisions.
	rev := c.srv(lead).Store().Rev()
	must(c, f, (*Server).Compact, &etcdpb.CompactionRequest{Revision: rev - 1})
	require.Equal(t, etcdpb.ErrCompacted, fail(c, f, (*Server).Range, &etcdpb.RangeRequest{Key: []byte("b"), Revision: rev - 2}))
	require.Equal(t, etcdpb.ErrFutureRev, fail(c, lead, (*Server).Range, &etcdpb.RangeRequest{Key: []byte("b"), Revision: rev + 10}))
	require.Equal(t, etcdpb.ErrCompacted, fail(c, lead, (*Server).Compact, &etcdpb.CompactionRequest{Revision: rev - 2}))
	require.Equal(t, etcdpb.ErrFutureRev, fail(c, lead, (*Server).Compact, &etcdpb.CompactionRequest{Revision: rev + 10}))

	// Same state everywhere.
	c.settle()
	h0 := must(c, lead, (*Server).HashKV, &etcdpb.HashKVRequest{})
	for _, id := range c.w.IDs() {
		h := must(c, id, (*Server).HashKV, &etcdpb.HashKVRequest{})
		require.Equal(t, h0.Hash, h.Hash)
		require.Equal(t, rev-1, h.CompactRevision)
	}
}

func TestSerializableAndLinearizableReads(t *testing.T) {
	c := newCluster(t, 3, 2, nil)
	lead, f := c.w.Leader(), c.follower()
	c.put(lead, "k", "v1")
	c.settle()
	require.Equal(t, "v1", value(c.get(f, "k", true)))

	c.w.Net().Isolate(f, c.w.IDs())
	lastRev := int64(0)
	c.w.Run(3 * time.Second) // the follower loses its leader
	lead = c.w.Leader()
	require.NotEqual(t, f, lead)
	c.put(lead, "k", "v2")

	// Serializable: answered at once, stale, even with no leader.
	r := c.get(f, "k", true)
	require.Equal(t, "v1", value(r))
	require.GreaterOrEqual(t, r.Header.Revision, lastRev)
	lastRev = r.Header.Revision

	// Linearizable: never answered while cut off.
	_, _, ok := do(c, f, (*Server).Range, &etcdpb.RangeRequest{Key: []byte("k")}, 5*time.Second)
	require.False(t, ok)
	_, _, ok = do(c, f, (*Server).MemberList, &etcdpb.MemberListRequest{Linearizable: true}, time.Second)
	require.False(t, ok)
	st := must(c, f, (*Server).Status, &etcdpb.StatusRequest{})
	require.Zero(t, st.Leader)
	require.Equal(t, []string{"etcdserver: no leader"}, st.Errors)

	c.w.Net().Partition(nil)
	c.w.Net().Partition([][]uint64{c.w.IDs()})
	// After healing the linearizable read sees the latest write.
	r = c.get(f, "k", false)
	require.Equal(t, "v2", value(r))
	for i := 0; i < 20; i++ {
		c.put(c.w.Leader(), "k", fmt.Sprint(i))
		r := c.get(f, "k", true)
		require.GreaterOrEqual(t, r.Header.Revision, lastRev, "serializable reads never go back")
		lastRev = r.Header.Revision
	}
}

func TestWriteWithoutQuorumHangsAndMayCommitLater(t *testing.T) {
	c := newCluster(t, 3, 3, nil)
	f := c.follower()
	c.w.Net().Isolate(f, c.w.IDs())
	c.w.Run(3 * time.Second) // f no longer knows a leader: proposals are dropped and retried
	require.Zero(t, c.srv(f).Leader())
	_, _, ok := do(c, f, (*Server).Put, &etcdpb.PutRequest{Key: []byte("late"), Value: []byte("x")}, 5*time.Second)
	require.False(t, ok, "a write without quorum is never answered")

	// Kill two members: the remaining leader cannot commit either.
	c.w.Net().Partition([][]uint64{c.w.IDs()})
	c.settle()
	require.Equal(t, "x", value(c.get(c.w.Leader(), "late", false)), "the timed-out write committed after healing")

	lead := c.w.Leader()
	for _, id := range c.w.IDs() {
		if id != lead {
			c.w.Kill(id)
		}
	}
	_, _, ok = do(c, lead, (*Server).Put, &etcdpb.PutRequest{Key: []byte("nq"), Value: []byte("y")}, 5*time.Second)
	require.False(t, ok)
	_, _, ok = do(c, lead, (*Server).Range, &etcdpb.RangeRequest{Key: []byte("nq")}, 2*time.Second)
	require.False(t, ok)
}

func TestStatusDefragMoveLeaderAlarm(t *testing.T) {
	c := newCluster(t, 3, 4, nil)
	lead, f := c.w.Leader(), c.follower()
	st := must(c, f, (*Server).Status, &etcdpb.StatusRequest{})
	require.Equal(t, lead, st.Leader)
	require.Equal(t, "3.5.17", st.Version)
	require.Equal(t, int64(20480), st.DbSize)
	require.Equal(t, st.DbSize, st.DbSizeInUse)
	require.Empty(t, st.Errors)
	require.Equal(t, st.RaftIndex, st.RaftAppliedIndex)
	require.NotZero(t, st.RaftTerm)

	for i := 0; i < 200; i++ {
		c.put(lead, "key", fmt.Sprintf("%0100d", i))
	}
	must(c, lead, (*Server).Compact, &etcdpb.CompactionRequest{Revision: c.srv(lead).Store().Rev()})
	st = must(c, lead, (*Server).Status, &etcdpb.StatusRequest{})
	require.Greater(t, st.DbSize, st.DbSizeInUse)
	must(c, lead, (*Server).Defragment, &etcdpb.DefragmentRequest{})
	st2 := must(c, lead, (*Server).Status, &etcdpb.StatusRequest{})
	require.Equal(t, st2.DbSizeInUse, st2.DbSize)

	al := must(c, f, (*Server).Alarm, &etcdpb.AlarmRequest{})
	require.Empty(t, al.Alarms)

	require.Equal(t, etcdpb.ErrNotLeader, fail(c, f, (*Server).MoveLeader, &etcdpb.MoveLeaderRequest{TargetID: f}))
	require.Equal(t, etcdpb.ErrBadLeaderTransferee, fail(c, lead, (*Server).MoveLeader, &etcdpb.MoveLeaderRequest{TargetID: 99}))
	must(c, lead, (*Server).MoveLeader, &etcdpb.MoveLeaderRequest{TargetID: f})
	require.Equal(t, f, c.w.Leader())

	// A transfer to a member that is down times out with etcd's text.
	other := uint64(0)
	for _, id := range c.w.IDs() {
		if id != f && id != lead {
			other = id
		}
	}
	c.w.Kill(other)
	_, err, ok := do(c, f, (*Server).MoveLeader, &etcdpb.MoveLeaderRequest{TargetID: other}, 5*time.Second)
	require.True(t, ok)
	require.Equal(t, ErrTimeoutLeaderTransfer, err)
	require.Equal(t, raft.StateLeader, c.w.Member(f).Status().State)
}

func TestDeterministic(t *testing.T) {
	run := func() (string, uint32) {
		c := newCluster(t, 3, 7, nil)
		for i := 0; i < 20; i++ {
			c.put(uint64(i%3+1), fmt.Sprint("k", i), "v")
		}
		c.settle()
		h := must(c, 1, (*Server).HashKV, &etcdpb.HashKVRequest{})
		return c.w.Trace().Hash(), h.Hash
	}
	a1, b1 := run()
	a2, b2 := run()
	require.Equal(t, a1, a2)
	require.Equal(t, b1, b2)
}

func TestNonRequestEntriesIgnored(t *testing.T) {
	c := newCluster(t, 3, 8, nil)
	lead := c.w.Leader()
	rev := c.srv(lead).Store().Rev()
	require.NoError(t, c.w.Member(lead).Propose([]byte{1, 2, 3}))
	require.NoError(t, c.w.Member(lead).Propose([]byte(`{"ID":0}`)))
	c.settle()
	for _, id := range c.w.IDs() {
		require.Equal(t, rev, c.srv(id).Store().Rev())
	}
	r, ok := UnmarshalRequest((&InternalRaftRequest{ID: 5, Put: &etcdpb.PutRequest{Key: []byte("k")}}).Marshal())
	require.True(t, ok)
	require.Equal(t, "k", string(r.Put.Key))
	c.put(lead, "k", "v")
}
