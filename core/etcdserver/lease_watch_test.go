package etcdserver

import (
	"fmt"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
	"github.com/stretchr/testify/require"
)

func (c *cluster) grant(id uint64, ttl int64) *etcdpb.LeaseGrantResponse {
	return must(c, id, (*Server).LeaseGrant, &etcdpb.LeaseGrantRequest{TTL: ttl})
}

// revokedAt returns, for each member up, the store revision and whether
// the key still exists.
func (c *cluster) keyState(key string) map[uint64]bool {
	out := map[uint64]bool{}
	for _, m := range c.w.Members() {
		if m.Up() {
			r, err := m.App.(*Server).Store().Range(&etcdpb.RangeRequest{Key: []byte(key)})
			require.NoError(c.t, err)
			out[m.ID] = len(r.Kvs) > 0
		}
	}
	return out
}

func TestLeaseGrantMinimumAndUniqueIDs(t *testing.T) {
	c := newCluster(t, 3, 11, nil)
	seen := map[int64]bool{}
	for i := 0; i < 6; i++ {
		g := c.grant(uint64(i%3+1), 1)
		require.Equal(t, int64(2), g.TTL, "TTL raised to etcd's minimum")
		require.NotZero(t, g.ID)
		require.False(t, seen[g.ID])
		seen[g.ID] = true
	}
	g := must(c, 1, (*Server).LeaseGrant, &etcdpb.LeaseGrantRequest{TTL: 30, ID: 77})
	require.Equal(t, int64(77), g.ID)
	require.Equal(t, etcdpb.ErrLeaseExist, fail(c, 2, (*Server).LeaseGrant, &etcdpb.LeaseGrantRequest{TTL: 30, ID: 77}))
	ttl := must(c, c.follower(), (*Server).LeaseTimeToLive, &etcdpb.LeaseTimeToLiveRequest{ID: 77})
	require.Equal(t, int64(30), ttl.GrantedTTL)
	require.InDelta(t, 29, ttl.TTL, 1)
	ls := must(c, 2, (*Server).LeaseLeases, &etcdpb.LeaseLeasesRequest{})
	require.Len(t, ls.Leases, 7)
	must(c, 3, (*Server).LeaseRevoke, &etcdpb.LeaseRevokeRequest{ID: 77})
	require.Equal(t, etcdpb.ErrLeaseNotFound, fail(c, 1, (*Server).LeaseRevoke, &etcdpb.LeaseRevokeRequest{ID: 77}))
	ttl = must(c, 1, (*Server).LeaseTimeToLive, &etcdpb.LeaseTimeToLiveRequest{ID: 77})
	require.Equal(t, int64(-1), ttl.TTL)
}

func TestLeaseExpiresOnceAcrossLeaderChange(t *testing.T) {
	c := newCluster(t, 5, 12, nil)
	f := c.follower()
	g := c.grant(f, 5)
	must(c, f, (*Server).Put, &etcdpb.PutRequest{Key: []byte("eph"), Value: []byte("1"), Lease: g.ID})
	c.put(f, "other", "x")
	c.settle()
	rev0 := c.srv(f).Store().Rev()

	// Kill the leader after 2 s: the new leader's lessor gives the lease
	// a fresh TTL (plus an election timeout), it must not expire early.
	c.run(2 * time.Second)
	old := c.w.Leader()
	c.w.Kill(old)
	c.waitLeader()
	c.run(3 * time.Second)
	for id, ok := range c.keyState("eph") {
		require.True(t, ok, "expired early on %d", id)
	}
	c.run(5 * time.Second)
	c.w.Start(old)
	c.settle()
	for id, ok := range c.keyState("eph") {
		require.False(t, ok, "lease keys still on %d", id)
	}
	for _, m := range c.w.Members() {
		s := m.App.(*Server)
		require.Equal(t, rev0+1, s.Store().Rev(), "one revoke, one revision, on %d", m.ID)
		require.Nil(t, s.Lessor().Lookup(g.ID))
	}
}

func TestLeaseKeepAliveThroughLeaderChange(t *testing.T) {
	c := newCluster(t, 3, 13, nil)
	g := c.grant(1, 3)
	must(c, 1, (*Server).Put, &etcdpb.PutRequest{Key: []byte("alive"), Value: []byte("1"), Lease: g.ID})
	moved := false
	for i := 0; i < 12; i++ {
		// keep alive through whichever member is up, like a client
		var id uint64
		for _, x := range c.w.IDs() {
			if c.w.Member(x).Up() {
				id = x
				break
			}
		}
		resp, err, ok := do(c, id, (*Server).LeaseKeepAlive, &etcdpb.LeaseKeepAliveRequest{ID: g.ID}, 900*time.Millisecond)
		if ok {
			require.NoError(t, err)
			require.Equal(t, int64(3), resp.TTL)
		}
		if i == 4 && !moved {
			moved = true
			c.w.Stop(c.w.Leader()) // graceful: leadership moves
		}
		c.run(time.Second - 0)
	}
	for id, ok := range c.keyState("alive") {
		require.True(t, ok, "kept-alive key gone on %d", id)
	}
	// Stop keeping it alive: it expires.
	c.run(8 * time.Second)
	for id, ok := range c.keyState("alive") {
		require.False(t, ok, "on %d", id)
	}
	require.Equal(t, etcdpb.ErrLeaseNotFound, fail(c, c.w.Leader(), (*Server).LeaseKeepAlive, &etcdpb.LeaseKeepAliveRequest{ID: g.ID}))
}

type watchLog struct {
	resps []*etcdpb.WatchResponse
}

func (l *watchLog) events() []*etcdpb.Event {
	var out []*etcdpb.Event
	for _, r := range l.resps {
		out = append(out, r.Events...)
	}
	return out
}

func TestWatchOrderedGapFreeAcrossSnapshot(t *testing.T) {
	c := newCluster(t, 3, 14, func(_ *sim.Config, cc *ClusterConfig) { cc.SnapshotCount, cc.CatchUpEntries = 20, 5 })
	f := c.follower()
	c.countInstalls()
	for i := 0; i < 5; i++ {
		c.put(c.w.Leader(), fmt.Sprint("w/", i), "a")
	}
	wl := &watchLog{}
	c.srv(f).Watch(&etcdpb.WatchCreateRequest{Key: []byte("w/"), RangeEnd: []byte("w0"), StartRevision: 2},
		func(r *etcdpb.WatchResponse) { wl.resps = append(wl.resps, r) })
	c.run(100 * time.Millisecond)
	require.True(t, wl.resps[0].Created)
	require.Len(t, wl.events(), 5, "history replayed")

	// Cut the follower off; it will catch up by snapshot.
	c.w.Net().Isolate(f, c.w.IDs())
	c.run(2 * time.Second)
	for i := 0; i < 80; i++ {
		k := fmt.Sprint("w/", i%7)
		if i%5 == 4 {
			must(c, c.w.Leader(), (*Server).DeleteRange, &etcdpb.DeleteRangeRequest{Key: []byte(k)})
		} else {
			c.put(c.w.Leader(), k, fmt.Sprint(i))
		}
	}
	c.w.Net().Partition([][]uint64{c.w.IDs()})
	c.settle()
	for i := 0; i < 10; i++ {
		c.put(c.w.Leader(), "w/x", fmt.Sprint(i))
	}
	c.settle()

	require.NotZero(t, c.installed[f], "the follower caught up by snapshot")
	evs := wl.events()
	rev := c.srv(f).Store().Rev()
	require.Equal(t, rev, c.srv(c.w.Leader()).Store().Rev())
	// Every revision from 2 to rev exactly once, in order (every write
	// in this test is one event under w/).
	require.Len(t, evs, int(rev-1))
	for i, ev := range evs {
		require.Equal(t, int64(i+2), ev.Kv.ModRevision)
	}
	for _, r := range wl.resps {
		require.False(t, r.Canceled)
	}
}

func TestWatchCanceledOnCompaction(t *testing.T) {
	c := newCluster(t, 3, 15, nil)
	for i := 0; i < 10; i++ {
		c.put(1, "k", fmt.Sprint(i))
	}
	must(c, 1, (*Server).Compact, &etcdpb.CompactionRequest{Revision: 8})
	c.settle()
	wl := &watchLog{}
	c.srv(2).Watch(&etcdpb.WatchCreateRequest{Key: []byte("k"), StartRevision: 3},
		func(r *etcdpb.WatchResponse) { wl.resps = append(wl.resps, r) })
	c.run(100 * time.Millisecond)
	require.Len(t, wl.resps, 2)
	require.True(t, wl.resps[0].Created)
	require.True(t, wl.resps[1].Canceled)
	require.Equal(t, int64(8), wl.resps[1].CompactRevision)

	// From the compaction revision on, it works; cancel stops it.
	wl2 := &watchLog{}
	cancel := c.srv(2).Watch(&etcdpb.WatchCreateRequest{Key: []byte("k"), StartRevision: 8},
		func(r *etcdpb.WatchResponse) { wl2.resps = append(wl2.resps, r) })
	c.run(100 * time.Millisecond)
	require.Len(t, wl2.events(), 4)
	c.put(1, "k", "new")
	c.settle()
	require.Len(t, wl2.events(), 5)
	cancel()
	c.put(1, "k", "newer")
	c.settle()
	require.Len(t, wl2.events(), 5)
}
