package etcdserver

import (
	"encoding/json"
	"testing"

	"github.com/raftlab/raftlab/core/digest"
	"github.com/stretchr/testify/require"
)

// TestStateIsJSON: the state a member snapshots and the snapshot file splice the store's bytes
// into the document, and give exactly what json.Marshal gives with the
// store's snapshot as the "store" field.
func TestStateIsJSON(t *testing.T) {
	c := newCluster(t, 3, 1, nil)
	lead := c.waitLeader()
	for _, kv := range [][2]string{{"a", "1"}, {"<b>", "&\x00\xff"}, {"a", ""}, {"c", "3"}} {
		c.put(lead, kv[0], kv[1])
	}
	c.settle()
	for _, id := range []uint64{lead, c.follower()} {
		s := c.srv(id)
		sn := rawSnapshot{Store: s.store.Snapshot(), Leases: s.lessor.Snapshot(), Members: s.cluster.sorted(),
			Alarms: s.alarms, ConsistentIndex: s.applied, DbSize: s.growDB(), Auth: s.auth.Snapshot(), Removed: s.cluster.removedIDs()}
		want, err := json.Marshal(sn)
		require.NoError(t, err)
		require.Equal(t, string(want), string(s.state(s.store.AppendSnapshot)()))

		body, err := json.Marshal(rawFileBody{Store: s.store.Snapshot(), Leases: s.lessor.Snapshot(), ConsistentIndex: s.applied,
			Members: s.cluster.sorted(), Removed: s.cluster.removedIDs(), Auth: s.auth.Snapshot(), Alarms: s.alarms})
		require.NoError(t, err)
		file := append([]byte(snapMagic), body...)
		sum := digest.SHA256(file)
		require.Equal(t, string(append(file, sum[:]...)), string(s.snapshotFile()))
	}
}
