package raft

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFirstLeaderIsAtTermTwo(t *testing.T) {
	n := newTestNet(t, true, 0, 1, 2, 3)
	n.campaign(1)
	require.Equal(t, StateLeader, n.status(1).State)
	require.Equal(t, uint64(2), n.status(1).Term, "bootstrap entries are at term 1 (etcd)")
	// The new leader's empty entry commits everywhere.
	for id := uint64(1); id <= 3; id++ {
		require.Equal(t, uint64(4), n.status(id).Commit)
	}
}

// TestFigure8 replays the Raft paper's figure 8: an entry of an earlier
// term stored on a majority is not committed by counting replicas, and may
// be overwritten; only an entry of the leader's own term commits it.
func TestFigure8(t *testing.T) {
	n := newTestNet(t, false, 1, 1, 2, 3, 4, 5)
	// (a) S1 leads term 2 and writes "a" (index 5) to S2 only.
	n.campaign(1)
	require.Equal(t, StateLeader, n.status(1).State)
	base := n.status(1).LastIndex // 4: bootstrap + empty entry, committed everywhere
	n.drop = func(m Message) bool { return m.Type == MsgApp && m.From == 1 && m.To != 2 }
	n.propose(1, "a")
	n.deliver()
	require.Equal(t, base+1, n.disks[2].LastIndex())
	require.Equal(t, base, n.status(1).Commit)

	// (b) S1 crashes; S5 leads term 3 with S3 and S4 and writes "b" at the
	// same index, which reaches nobody.
	n.crash(1)
	n.drop = func(m Message) bool { return m.From == 5 && m.Type == MsgApp }
	n.campaign(5)
	require.Equal(t, StateLeader, n.status(5).State)
	require.Equal(t, uint64(3), n.status(5).Term)
	n.propose(5, "b")
	n.deliver()
	// S5 wrote its empty term-3 entry and "b"; both stay local.
	n.crash(5)

	// (c) S1 restarts and leads term 4 with S2 and S3; it sends the term-2
	// entry to S3 alone, one entry per message. A majority (S1, S2, S3)
	// stores it, yet it must not commit.
	n.start(1)
	// Only S1, S2, S3 talk, and no entry of term 4 is delivered.
	n.drop = func(m Message) bool {
		if m.To == 4 || m.To == 5 || m.From == 4 || m.From == 5 {
			return true
		}
		// A term-4 entry may arrive only where it is rejected (S3 before it
		// holds index base+1), so that the leader learns to back up.
		term4 := m.Type == MsgApp && len(m.Entries) > 0 && m.Entries[0].Term == 4
		return term4 && n.disks[m.To].LastIndex() >= base+1
	}
	n.campaign(1) // term 3: S2 and S3 already voted for S5 in it
	n.campaign(1)
	require.Equal(t, StateLeader, n.status(1).State)
	require.Equal(t, uint64(4), n.status(1).Term)
	n.deliver()
	n.nodes[1].Tick() // heartbeat round: followers report, leader probes
	n.flush(1)
	n.deliver()
	require.Equal(t, uint64(2), n.terms(3)[base], "S3 now stores the term-2 entry")
	require.Equal(t, base, n.status(1).Commit, "an entry of an earlier term is not committed by counting replicas")

	// (d) S1 crashes; S5 (last term 3) wins term 5 with S2, S3, S4 and
	// overwrites the uncommitted term-2 entry everywhere. Nothing committed
	// is lost.
	n.crash(1)
	n.start(5)
	n.drop = nil
	n.campaign(5) // term 4: already voted for S1
	n.campaign(5)
	require.Equal(t, StateLeader, n.status(5).State)
	require.Equal(t, uint64(5), n.status(5).Term)
	n.deliver()
	for _, id := range []uint64{2, 3, 4, 5} {
		require.Equal(t, uint64(3), n.terms(id)[base], "member %d holds S5's term-3 entry at index %d", id, base+1)
		require.GreaterOrEqual(t, n.status(id).Commit, base+1)
	}

	// Had S1 replicated an entry of its own term (e), the term-2 entry would
	// have committed with it: that is the rule that makes (d) safe.
}

// TestLeaderCommitsOnlyOwnTerm is the rule of figure 8 in isolation.
func TestLeaderCommitsOnlyOwnTerm(t *testing.T) {
	n := newTestNet(t, false, 0, 1, 2, 3)
	n.campaign(1)
	r := n.nodes[1].r
	r.Term = 9 // pretend a later term with no entry of its own yet
	last := r.log.lastIndex()
	for _, pr := range r.trk.Progress {
		pr.Match = last
	}
	r.log.committed = last - 1
	require.False(t, r.maybeCommit(), "entry of term 2 must not commit in term 9")
}

// TestFastBacktracking: a new leader and a follower each hold 50 divergent
// uncommitted entries; the follower's rejection hints let the leader find
// the match point in a few round trips rather than fifty.
func TestFastBacktracking(t *testing.T) {
	n := newTestNet(t, false, 0, 1, 2, 3)
	n.campaign(1)
	base := n.status(1).LastIndex
	// S1 (term 2) appends 50 entries that only it holds.
	n.drop = func(m Message) bool { return m.From == 1 && m.Type == MsgApp }
	for i := 0; i < 50; i++ {
		n.propose(1, fmt.Sprintf("old-%d", i))
	}
	n.deliver()
	n.crash(1)
	// S2 leads term 3 with S3 and writes 50 entries S3 never receives.
	n.drop = nil
	n.campaign(2)
	require.Equal(t, StateLeader, n.status(2).State)
	n.drop = func(m Message) bool { return m.From == 2 && m.Type == MsgApp }
	for i := 0; i < 50; i++ {
		n.propose(2, fmt.Sprintf("new-%d", i))
	}
	n.deliver()
	n.crash(2)
	// S1 restarts; S3 leads term 4 and must bring S1 (50 divergent
	// entries of term 2) and later S2 up to date.
	n.start(1)
	n.drop = func(m Message) bool { return m.To == 2 || m.From == 2 }
	n.campaign(3)
	require.Equal(t, StateLeader, n.status(3).State)
	rejects := 0
	n.drop = func(m Message) bool {
		if m.To == 2 || m.From == 2 {
			return true
		}
		if m.Type == MsgAppResp && m.Reject {
			rejects++
		}
		return false
	}
	n.deliver()
	require.LessOrEqual(t, rejects, 2, "backs up a whole term per round trip")
	require.Equal(t, n.terms(3), n.terms(1))
	// S2 holds 50 divergent entries of term 3 beyond S3's log.
	n.start(2)
	rejects = 0
	n.drop = func(m Message) bool {
		if m.Type == MsgAppResp && m.Reject {
			rejects++
		}
		return false
	}
	n.nodes[3].Tick()
	n.flush(3)
	n.deliver()
	require.LessOrEqual(t, rejects, 3)
	require.Equal(t, n.terms(3), n.terms(2))
	require.Equal(t, n.status(3).LastIndex, n.status(2).Commit)
	_ = base
}

func TestProposalForwardedOrDropped(t *testing.T) {
	n := newTestNet(t, true, 0, 1, 2, 3)
	require.ErrorIs(t, n.nodes[2].Propose([]byte("x")), ErrProposalDropped, "no leader known yet")
	n.campaign(1)
	require.NoError(t, n.nodes[2].Propose([]byte("x")))
	rd := n.nodes[2].Ready()
	require.Len(t, rd.Messages, 1)
	require.Equal(t, MsgProp, rd.Messages[0].Type)
	require.Equal(t, uint64(1), rd.Messages[0].To)
	n.nodes[2].Advance(rd)
	n.queue = append(n.queue, rd.Messages...)
	n.deliver()
	require.Equal(t, n.status(1).LastIndex, n.status(2).Commit)
}

func TestReadIndexWaitsForOwnTermCommit(t *testing.T) {
	n := newTestNet(t, true, 0, 1, 2, 3)
	n.campaign(1)
	n.crash(1)
	// Member 2 wins term 3, but its empty entry reaches nobody.
	n.drop = func(m Message) bool { return m.From == 2 && m.Type == MsgApp }
	n.campaign(2)
	require.Equal(t, StateLeader, n.status(2).State)
	require.NoError(t, n.nodes[2].ReadIndex([]byte("r1")))
	n.flush(2)
	n.deliver()
	require.Empty(t, n.reads[2], "no read before the leader commits an entry of its term")
	n.drop = nil
	n.nodes[2].Tick()
	n.flush(2)
	n.deliver()
	got := n.reads[2]
	require.Len(t, got, 1)
	require.Equal(t, "r1", string(got[0].RequestCtx))
	require.Equal(t, n.status(2).Commit, got[0].Index)
}

func TestLeaderTransfer(t *testing.T) {
	n := newTestNet(t, true, 0, 1, 2, 3)
	n.campaign(1)
	n.nodes[1].TransferLeader(3)
	n.flush(1)
	n.deliver()
	require.Equal(t, StateLeader, n.status(3).State)
	require.Equal(t, uint64(3), n.status(1).Lead)
}

func TestSnapshotInstall(t *testing.T) {
	n := newTestNet(t, true, 0, 1, 2, 3)
	n.campaign(1)
	n.crash(3)
	for i := 0; i < 20; i++ {
		n.propose(1, fmt.Sprint(i))
		n.deliver()
	}
	d := n.disks[1]
	applied := n.status(1).Applied
	require.NoError(t, d.CreateSnapshot(applied, n.status(1).ConfState, []byte("state")))
	require.NoError(t, d.Compact(applied))
	n.start(3)
	n.nodes[1].Tick()
	n.flush(1)
	n.deliver()
	require.Equal(t, applied, n.disks[3].Snapshot().Metadata.Index)
	require.Equal(t, n.status(1).LastIndex, n.status(3).LastIndex)
	require.Equal(t, n.status(1).Commit, n.status(3).Commit)
}

func TestLearnerDoesNotVoteOrCampaign(t *testing.T) {
	n := newTestNet(t, true, 0, 1, 2, 3)
	n.campaign(1)
	n.disks[4] = NewStorage()
	require.NoError(t, n.nodes[1].ProposeConfChange(ConfChange{Type: ConfChangeAddLearnerNode, NodeID: 4}))
	n.flush(1)
	n.deliver()
	n.start(4)
	n.nodes[1].Tick()
	n.flush(1)
	n.deliver()
	require.Equal(t, "learner", n.status(4).Role())
	require.Equal(t, n.status(1).Commit, n.status(4).Commit)
	require.NoError(t, n.nodes[4].Campaign())
	require.Equal(t, StateFollower, n.status(4).State, "a learner never campaigns")
	// Promote.
	require.NoError(t, n.nodes[1].ProposeConfChange(ConfChange{Type: ConfChangeAddNode, NodeID: 4}))
	n.flush(1)
	n.deliver()
	n.nodes[1].Tick()
	n.flush(1)
	n.deliver()
	require.Equal(t, "follower", n.status(4).Role())
	require.Equal(t, []uint64{1, 2, 3, 4}, n.status(1).ConfState.Voters)
}

// BasicStatus is Status without the configuration, the votes and the
// progress, on a leader, a follower and a candidate.
func TestBasicStatusIsStatusWithoutMaps(t *testing.T) {
	n := newTestNet(t, false, 0, 1, 2, 3)
	n.campaign(1)
	n.nodes[3].Campaign() // a candidate (its votes are not delivered)
	for id := uint64(1); id <= 3; id++ {
		st := n.nodes[id].Status()
		st.ConfState, st.Votes, st.Progress = ConfState{}, nil, nil
		require.Equal(t, st, n.nodes[id].BasicStatus(), "member %d (%s)", id, st.Role())
	}
	require.Equal(t, StateCandidate, n.nodes[3].BasicStatus().State)
}

// IsLocal and IsResponse (bit sets) name the types their comparisons did,
// and no type out of range.
func TestMessageTypeSets(t *testing.T) {
	for mt := MessageType(-3); mt < 100; mt++ {
		local := mt == MsgHup || mt == MsgBeat || mt == MsgCheckQuorum
		resp := mt == MsgAppResp || mt == MsgVoteResp || mt == MsgPreVoteResp || mt == MsgHeartbeatResp || mt == MsgReadIndexResp
		require.Equal(t, local, mt.IsLocal(), "%v", mt)
		require.Equal(t, resp, mt.IsResponse(), "%v", mt)
	}
}
