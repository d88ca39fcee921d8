package sim

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

// A member removed while it was cut off learns it when it talks to the
// cluster again, and stops (etcd: "the member has been permanently removed
// from the cluster"), instead of campaigning forever.
func TestRemovedWhilePartitionedStops(t *testing.T) {
	w := newTestWorld(5, 3)
	w.Run(3 * time.Second)
	lead := w.Leader()
	require.NotZero(t, lead)
	var victim uint64
	for _, id := range w.IDs() {
		if id != lead {
			victim = id
			break
		}
	}
	var others []uint64
	for _, id := range w.IDs() {
		if id != victim {
			others = append(others, id)
		}
	}
	w.Net().Partition([][]uint64{others})
	require.NoError(t, w.Member(lead).ProposeConfChange(raft.ConfChange{Type: raft.ConfChangeRemoveNode, NodeID: victim}))
	w.Run(2 * time.Second)
	require.True(t, w.Member(victim).Up(), "it does not know yet")
	w.Net().Heal()
	w.Run(5 * time.Second)
	require.NoError(t, w.Err())
	require.True(t, w.Member(victim).Removed())
	require.False(t, w.Member(victim).Up())
	require.Equal(t, lead, w.Leader(), "the removed member did not disturb the leader")
}
