package etcdserver

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
	"github.com/stretchr/testify/require"
)

func (c *cluster) list(id uint64) []*etcdpb.Member {
	return must(c, id, (*Server).MemberList, &etcdpb.MemberListRequest{}).Members
}

func (c *cluster) add(id uint64, url string, learner bool) *etcdpb.MemberAddResponse {
	return must(c, id, (*Server).MemberAdd, &etcdpb.MemberAddRequest{PeerURLs: []string{url}, IsLearner: learner})
}

func TestMembershipLearnerLifecycle(t *testing.T) {
	c := newCluster(t, 3, 21, func(_ *sim.Config, cc *ClusterConfig) { cc.SnapshotCount, cc.CatchUpEntries = 20, 5 })
	ms := c.list(1)
	require.Len(t, ms, 3)
	for i, m := range ms {
		require.Equal(t, fmt.Sprint("m", i+1), m.Name, "published")
		require.Equal(t, []string{fmt.Sprintf("http://m%d:2379", i+1)}, m.ClientURLs)
	}
	for i := 0; i < 60; i++ { // enough to compact the log
		c.put(c.w.Leader(), fmt.Sprint("k", i), "v")
	}

	require.Equal(t, etcdpb.ErrPeerURLExist, fail(c, 2, (*Server).MemberAdd, &etcdpb.MemberAddRequest{PeerURLs: []string{"http://m1:2380"}}))
	a := c.add(c.follower(), "http://m4:2380", true)
	nid := a.Member.ID
	require.True(t, a.Member.IsLearner)
	require.Len(t, a.Members, 4)
	require.Equal(t, etcdpb.ErrTooManyLearners, fail(c, 1, (*Server).MemberAdd, &etcdpb.MemberAddRequest{PeerURLs: []string{"http://m5:2380"}, IsLearner: true}))
	c.settle()
	for _, m := range c.list(2) {
		if m.ID == nid {
			require.Empty(t, m.Name, "unstarted until it publishes")
		}
	}
	require.Equal(t, etcdpb.ErrLearnerNotReady, fail(c, 3, (*Server).MemberPromote, &etcdpb.MemberPromoteRequest{ID: nid}))
	require.Equal(t, etcdpb.ErrMemberNotLearner, fail(c, 3, (*Server).MemberPromote, &etcdpb.MemberPromoteRequest{ID: 2}))
	require.Equal(t, etcdpb.ErrMemberNotFound, fail(c, 3, (*Server).MemberPromote, &etcdpb.MemberPromoteRequest{ID: 999}))
	require.Equal(t, etcdpb.ErrMemberNotFound, fail(c, 3, (*Server).MemberRemove, &etcdpb.MemberRemoveRequest{ID: 999}))

	c.countInstalls()
	c.cfg.Joining = append(c.cfg.Joining, MemberInfo{ID: nid, Name: "m4", ClientURLs: []string{"http://m4:2379"}})
	c.w.Join(sim.MemberSpec{ID: nid, Name: "m4"})
	c.settle()
	require.NotZero(t, c.installed[nid], "caught up by snapshot")
	ls := c.srv(nid)
	require.Equal(t, c.srv(1).Store().Rev(), ls.Store().Rev())
	require.Equal(t, "v", value(c.get(nid, "k7", true)))
	require.Equal(t, ErrNotSupportedForLearner, fail(c, nid, (*Server).Range, &etcdpb.RangeRequest{Key: []byte("k7")}))
	st := must(c, nid, (*Server).Status, &etcdpb.StatusRequest{})
	require.True(t, st.IsLearner)
	// It publishes its name through Raft once it caught up.
	name := func() string {
		for _, m := range c.list(1) {
			if m.ID == nid {
				return m.Name
			}
		}
		return "(not a member)"
	}
	for i := 0; i < 50 && name() == ""; i++ {
		c.run(100 * time.Millisecond)
	}
	require.Equal(t, "m4", name())

	// Promote through the learner itself (forwarded to the leader).
	p := must(c, nid, (*Server).MemberPromote, &etcdpb.MemberPromoteRequest{ID: nid})
	for _, m := range p.Members {
		require.False(t, m.IsLearner)
	}
	c.settle()
	require.False(t, must(c, nid, (*Server).Status, &etcdpb.StatusRequest{}).IsLearner)
	require.Equal(t, "v", value(c.get(nid, "k7", false)))

	// Update and remove.
	u := must(c, 2, (*Server).MemberUpdate, &etcdpb.MemberUpdateRequest{ID: nid, PeerURLs: []string{"http://m4b:2380"}})
	require.Len(t, u.Members, 4)
	require.Equal(t, etcdpb.ErrPeerURLExist, fail(c, 2, (*Server).MemberUpdate, &etcdpb.MemberUpdateRequest{ID: nid, PeerURLs: []string{"http://m1:2380"}}))
	c.settle()
	for _, id := range c.w.IDs() {
		for _, m := range c.srv(id).Members() {
			if m.ID == nid {
				require.Equal(t, []string{"http://m4b:2380"}, m.PeerURLs)
			}
		}
	}
	r := must(c, 1, (*Server).MemberRemove, &etcdpb.MemberRemoveRequest{ID: nid})
	require.Len(t, r.Members, 3)
	c.run(time.Second)
	require.True(t, c.w.Member(nid).Removed())
	c.put(1, "after", "remove")
}

func TestStrictReconfigRefusals(t *testing.T) {
	c := newCluster(t, 3, 22, nil)
	// A fourth voter that never starts is allowed (3 of 4 started)...
	x := c.add(1, "http://x:2380", false).Member.ID
	c.settle()
	// ...but the next one is refused: X is not connected.
	require.Equal(t, etcdpb.ErrUnhealthy, fail(c, 1, (*Server).MemberAdd, &etcdpb.MemberAddRequest{PeerURLs: []string{"http://y:2380"}}))
	// Removing a started member leaves 2 started of 3: allowed.
	must(c, 2, (*Server).MemberRemove, &etcdpb.MemberRemoveRequest{ID: 3})
	c.settle()
	// Now B, C... two started of three voters: adding a voter would leave
	// 2 started of 4; removing a started one would leave 1 of 2.
	require.Equal(t, etcdpb.ErrMemberNotEnoughStarted, fail(c, 1, (*Server).MemberAdd, &etcdpb.MemberAddRequest{PeerURLs: []string{"http://y:2380"}}))
	require.Equal(t, etcdpb.ErrMemberNotEnoughStarted, fail(c, 1, (*Server).MemberRemove, &etcdpb.MemberRemoveRequest{ID: 2}))
	// Removing the unstarted one is fine.
	must(c, 1, (*Server).MemberRemove, &etcdpb.MemberRemoveRequest{ID: x})
	c.settle()
	require.Len(t, c.list(1), 2)
}

func TestSnapshotSaveStatusRestore(t *testing.T) {
	c := newCluster(t, 3, 23, nil)
	for i := 0; i < 30; i++ {
		c.put(uint64(i%3+1), fmt.Sprint("s/", i%10), fmt.Sprint(i))
	}
	g := c.grant(1, 1000)
	must(c, 1, (*Server).Put, &etcdpb.PutRequest{Key: []byte("leased"), Value: []byte("l"), Lease: g.ID})
	c.settle()
	snap := must(c, 2, (*Server).Snapshot, &etcdpb.SnapshotRequest{}).Data
	rev := c.srv(2).Store().Rev()
	hash, srev, keys, size, err := SnapshotStatus(snap)
	require.NoError(t, err)
	require.NotZero(t, hash)
	require.Equal(t, rev, srev)
	// etcdutl counts every bucket: 31 revisions, 1 lease, 3 members,
	// meta (consistent_index, term, confState), clusterVersion, authRevision.
	require.Equal(t, 31+1+3+3+1+1, keys)
	require.Equal(t, c.srv(2).Store().Size(), size)

	bad := append([]byte(nil), snap...)
	bad[len(bad)/2] ^= 1
	_, _, _, _, err = SnapshotStatus(bad)
	require.Error(t, err)

	infos := []MemberInfo{
		{Name: "r1", PeerURLs: []string{"http://r1:2380"}, ClientURLs: []string{"http://r1:2379"}},
		{Name: "r2", PeerURLs: []string{"http://r2:2380"}, ClientURLs: []string{"http://r2:2379"}},
		{Name: "r3", PeerURLs: []string{"http://r3:2380"}, ClientURLs: []string{"http://r3:2379"}},
	}
	cfg := NewClusterConfig("restored", infos)
	require.Error(t, cfg.WithSnapshot(bad))
	require.NoError(t, cfg.WithSnapshot(snap))
	var specs []sim.MemberSpec
	for _, mi := range cfg.Members {
		specs = append(specs, sim.MemberSpec{ID: mi.ID, Name: mi.Name})
	}
	c2 := startCluster(t, cfg, specs, 24, nil)
	require.NotEqual(t, c.cfg.ClusterID, cfg.ClusterID)
	id := cfg.Members[0].ID
	for i := 0; i < 10; i++ {
		k := fmt.Sprint("s/", i)
		a, b := c.get(1, k, false), c2.get(id, k, false)
		require.Equal(t, a.Kvs, b.Kvs)
	}
	r := c2.get(id, "s/0", false)
	require.Equal(t, rev, r.Header.Revision)
	require.Equal(t, cfg.ClusterID, r.Header.ClusterId)
	require.Equal(t, "l", value(c2.get(id, "leased", false)))
	ms := c2.list(id)
	require.Len(t, ms, 3)
	require.Equal(t, rev+1, c2.put(id, "new", "x").Header.Revision)
}

func TestNoAcknowledgedWriteLostUnderCrashes(t *testing.T) {
	c := newCluster(t, 5, 31, func(_ *sim.Config, cc *ClusterConfig) { cc.SnapshotCount, cc.CatchUpEntries = 30, 10 })
	rng := rand.New(rand.NewSource(5))
	acked := map[string]string{}
	ids := c.w.IDs()
	pending := 0
	for i := 0; i < 300; i++ {
		id := ids[rng.Intn(len(ids))]
		if c.w.Member(id).Up() {
			k, v := fmt.Sprint("c/", i%40), fmt.Sprint(i)
			pending++
			s := c.srv(id)
			serve(s, func() {
				s.Put(&etcdpb.PutRequest{Key: []byte(k), Value: []byte(v)}, func(_ *etcdpb.PutResponse, err error) {
					require.NoError(t, err)
					acked[fmt.Sprint(k, "@", v)] = k
				})
			})
		}
		switch rng.Intn(20) {
		case 0:
			c.w.Kill(ids[rng.Intn(len(ids))])
		case 1:
			c.w.Start(ids[rng.Intn(len(ids))])
		case 2:
			c.w.Stop(c.w.Leader())
		}
		c.run(time.Duration(rng.Intn(150)) * time.Millisecond)
		require.NoError(t, c.w.Err())
	}
	for _, id := range ids {
		c.w.Start(id)
	}
	c.settle()
	require.NotEmpty(t, acked)
	t.Logf("acked %d of %d, rev %d, term %d", len(acked), pending, c.srv(ids[0]).Store().Rev(), c.w.Member(ids[0]).Status().Term)
	// Every acknowledged write is in every member's history.
	for _, id := range ids {
		s := c.srv(id)
		for kv, k := range acked {
			found := false
			// look through the key's history
			for rev := int64(1); rev <= s.Store().Rev() && !found; rev++ {
				r, err := s.Store().Range(&etcdpb.RangeRequest{Key: []byte(k), Revision: rev})
				require.NoError(t, err)
				if len(r.Kvs) > 0 && fmt.Sprint(k, "@", string(r.Kvs[0].Value)) == kv {
					found = true
				}
			}
			require.True(t, found, "acknowledged %s lost on %d", kv, id)
		}
	}
	h := must(c, ids[0], (*Server).HashKV, &etcdpb.HashKVRequest{}).Hash
	for _, id := range ids[1:] {
		require.Equal(t, h, must(c, id, (*Server).HashKV, &etcdpb.HashKVRequest{}).Hash)
	}
}

// A member removed while cut off is refused (410 Gone) when it talks to
// the cluster again, and stops: by the members that applied its removal,
// and by members restarted since from snapshots taken after it (their
// refusals come from the snapshot's removed list).
func TestRemovedMemberRefusedAfterRestarts(t *testing.T) {
	c := newCluster(t, 5, 23, func(_ *sim.Config, cc *ClusterConfig) { cc.SnapshotCount, cc.CatchUpEntries = 20, 5 })
	lead := c.waitLeader()
	var others, cut []uint64
	for _, id := range c.w.IDs() {
		if id != lead && len(cut) < 2 {
			cut = append(cut, id)
		} else {
			others = append(others, id)
		}
	}
	a, b := cut[0], cut[1]
	c.w.Net().Partition([][]uint64{others}) // a and b each alone
	for _, id := range cut {
		must(c, lead, (*Server).MemberRemove, &etcdpb.MemberRemoveRequest{ID: id})
	}
	c.w.Net().Partition([][]uint64{append(others, a)})
	c.run(5 * time.Second)
	require.True(t, c.w.Member(a).Removed(), "refused by the members that removed it")
	for i := range 40 {
		c.put(lead, fmt.Sprint("k", i), "v")
	}
	c.run(3 * time.Second) // b, alone, never converges: no settle
	for _, id := range others {
		require.Greater(t, c.w.Member(id).Disk.SnapshotIndex(), uint64(0))
		c.w.Kill(id)
		c.w.Start(id)
		c.run(2 * time.Second)
	}
	require.True(t, c.w.Member(b).Up(), "b does not know yet")
	c.w.Net().Heal()
	c.run(5 * time.Second)
	require.NoError(t, c.w.Err())
	require.True(t, c.w.Member(b).Removed(), "refused by members restarted from snapshots")
}
