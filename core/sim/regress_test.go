package sim

// Seeds of TestChaos that once failed, kept as named regression tests
// (each fixed; see the commit that added it).

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A follower installed a snapshot but its MsgAppResp was lost in a
// partition; the sim never reported the snapshot as sent (etcd's transport
// does: ReportSnapshot), so the leader kept the follower in StateSnapshot
// forever and it never caught up after healing.
func TestChaosRegressSeed230SnapshotStatus(t *testing.T) {
	require.NoError(t, runChaos(230, nil))
}

// The final proposal came during a leadership transfer (proposals are
// dropped then, as in etcd); the test now retries it.
func TestChaosRegressSeed1451ProposalDuringTransfer(t *testing.T) {
	require.NoError(t, runChaos(1451, nil))
}

// A graceful stop still under way at the final heal killed its member
// after the restart; the test now keeps restarting members.
func TestChaosRegressSeed3175StopDuringHeal(t *testing.T) {
	require.NoError(t, runChaos(3175, nil))
}

// The final proposal was lost with a leader change (the leader removed
// itself); the test now proposes again every election timeout.
func TestChaosRegressSeed3699LostFinalProposal(t *testing.T) {
	require.NoError(t, runChaos(3699, nil))
}

// Without PreVote and CheckQuorum, two stale members (logs behind) keep
// campaigning at higher terms; each vote request makes the two up-to-date
// members step down and restart their election timers, and no leader
// emerged within 10 election timeouts after healing. etcd's raft behaves
// the same from that state (core/raft/raftcmp TestStaleCandidatesLiveness),
// so this is Raft's own liveness, not a bug: the bound for such
// configurations is leaderBound's (the case PreVote, thesis §9.6, fixes).
func TestChaosSeed3784StaleCandidatesWithoutPreVote(t *testing.T) {
	c, err := runChaosOpts(3784, nil)
	require.NoError(t, err)
	require.False(t, c.w.Config().PreVote || c.w.Config().CheckQuorum, "the seed's schedule runs without PreVote and CheckQuorum")
}
