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
