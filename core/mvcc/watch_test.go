package mvcc

import (
	"fmt"
	"testing"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/stretchr/testify/require"
)

func evStrings(r *etcdpb.WatchResponse) []string {
	out := []string{}
	if r == nil {
		return out
	}
	for _, ev := range r.Events {
		s := fmt.Sprintf("%s %s@%d=%s", ev.Type, ev.Kv.Key, ev.Kv.ModRevision, ev.Kv.Value)
		if ev.PrevKv != nil {
			s += fmt.Sprintf(" prev=%s", ev.PrevKv.Value)
		}
		out = append(out, s)
	}
	return out
}

func TestWatchLive(t *testing.T) {
	s := New()
	all, err := s.Watch(b("\x00"), b("\x00"), 0, false)
	require.NoError(t, err)
	require.Equal(t, int64(0), all)
	one, err := s.Watch(b("a"), nil, 0, true)
	require.NoError(t, err)
	pre, err := s.Watch(b("a"), PrefixEnd(b("a")), 0, false, FilterNoDelete)
	require.NoError(t, err)
	require.Nil(t, s.WatchEvents(all))

	put(t, s, "a", "1")  // 2
	put(t, s, "ab", "1") // 3
	_, _ = s.Txn(&etcdpb.TxnRequest{Success: ops(opPut("a", "2"), opPut("b", "1"))})
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("a")}) // 5
	require.Equal(t, 5, s.Pending(all))

	require.Equal(t, []string{"PUT a@2=1", "PUT ab@3=1", "PUT a@4=2", "PUT b@4=1", "DELETE a@5="}, evStrings(s.WatchEvents(all)))
	require.Equal(t, []string{"PUT a@2=1", "PUT a@4=2 prev=1", "DELETE a@5= prev=2"}, evStrings(s.WatchEvents(one)))
	r := s.WatchEvents(pre)
	require.Equal(t, []string{"PUT a@2=1", "PUT ab@3=1", "PUT a@4=2"}, evStrings(r))
	require.Equal(t, pre, r.WatchId)
	require.Equal(t, int64(5), r.Header.Revision)
	require.Nil(t, s.WatchEvents(all), "never duplicated")

	// delete event kv: key and mod revision only
	put(t, s, "a", "3")
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("a")})
	evs := s.WatchEvents(all).Events
	require.Equal(t, &etcdpb.KeyValue{Key: b("a"), ModRevision: 7}, evs[1].Kv)

	require.True(t, s.CancelWatch(all))
	require.False(t, s.CancelWatch(all))
	put(t, s, "a", "4")
	require.Nil(t, s.WatchEvents(all))
	require.Equal(t, -1, s.Pending(all))
	require.Equal(t, []int64{one, pre}, s.Watchers())
}

func TestWatchHistory(t *testing.T) {
	s := New()
	put(t, s, "a", "1")                                           // 2
	put(t, s, "b", "1")                                           // 3
	put(t, s, "a", "2")                                           // 4
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("a")}) // 5
	put(t, s, "b", "2")                                           // 6

	id, err := s.Watch(b("a"), b("c"), 3, true)
	require.NoError(t, err)
	put(t, s, "a", "3") // 7, live after history
	require.Equal(t, []string{"PUT b@3=1", "PUT a@4=2 prev=1", "DELETE a@5= prev=2", "PUT b@6=2 prev=1", "PUT a@7=3"}, evStrings(s.WatchEvents(id)))

	// start revision 1 replays everything
	id, err = s.Watch(b("a"), nil, 1, false, FilterNoPut)
	require.NoError(t, err)
	require.Equal(t, []string{"DELETE a@5="}, evStrings(s.WatchEvents(id)))

	// future start revision: only from there
	id, err = s.Watch(b("a"), nil, 9, false)
	require.NoError(t, err)
	put(t, s, "a", "8") // 8
	require.Nil(t, s.WatchEvents(id))
	put(t, s, "a", "9") // 9
	require.Equal(t, []string{"PUT a@9=9"}, evStrings(s.WatchEvents(id)))
}

func TestWatchCompacted(t *testing.T) {
	s := New()
	put(t, s, "a", "1")                                           // 2
	put(t, s, "a", "2")                                           // 3
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("b")}) // no-op
	put(t, s, "b", "1")                                           // 4
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("b")}) // 5
	put(t, s, "a", "3")                                           // 6
	// a watcher created before compaction keeps its events
	early, err := s.Watch(b("a"), nil, 2, false)
	require.NoError(t, err)
	require.NoError(t, s.Compact(5))

	id, err := s.Watch(b("a"), nil, 4, false)
	require.NoError(t, err)
	r := s.WatchEvents(id)
	require.True(t, r.Canceled)
	require.Equal(t, int64(5), r.CompactRevision)
	require.Empty(t, r.Events)
	require.Nil(t, s.WatchEvents(id), "gone after the cancel")
	put(t, s, "a", "x")
	require.Nil(t, s.WatchEvents(id))

	// start at the compaction revision is allowed; the delete at 5 is
	// gone with the compaction (etcd drops tombstones at <= compact rev)
	id, err = s.Watch(b("\x00"), b("\x00"), 5, true)
	require.NoError(t, err)
	require.Equal(t, []string{"PUT a@6=3 prev=2", "PUT a@7=x prev=3"}, evStrings(s.WatchEvents(id)))

	require.Equal(t, []string{"PUT a@2=1", "PUT a@3=2", "PUT a@6=3", "PUT a@7=x"}, evStrings(s.WatchEvents(early)))
}

func TestWatchPrevKVCompactedIsOmitted(t *testing.T) {
	s := New()
	put(t, s, "a", "1") // 2
	put(t, s, "a", "2") // 3
	put(t, s, "a", "3") // 4
	require.NoError(t, s.Compact(4))
	id, err := s.Watch(b("a"), nil, 4, true)
	require.NoError(t, err)
	require.Equal(t, []string{"PUT a@4=3"}, evStrings(s.WatchEvents(id)), "prev at 3 is compacted")
}

func TestWatchBadRange(t *testing.T) {
	s := New()
	_, err := s.Watch(b("b"), b("a"), 0, false)
	require.ErrorIs(t, err, ErrEmptyWatcherRange)
	_, err = s.Watch(b("a"), b("a"), 0, false)
	require.ErrorIs(t, err, ErrEmptyWatcherRange)
}

func TestWatchSameRevisionSubOrder(t *testing.T) {
	s := New()
	put(t, s, "z", "0")
	id, _ := s.Watch(b("\x00"), b("\x00"), 0, false)
	_, err := s.Txn(&etcdpb.TxnRequest{Success: ops(opPut("z", "1"), opPut("a", "1"), opDel("m", "n"))})
	require.NoError(t, err)
	require.Equal(t, []string{"PUT z@3=1", "PUT a@3=1"}, evStrings(s.WatchEvents(id)), "events of one txn in sub-revision order")
	h, _ := s.Watch(b("\x00"), b("\x00"), 1, false)
	require.Equal(t, []string{"PUT z@2=0", "PUT z@3=1", "PUT a@3=1"}, evStrings(s.WatchEvents(h)))
}
