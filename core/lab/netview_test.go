package lab_test

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// The page's read-only views: the network's faults by member name, one
// member's log from its disk, whether it is up, and the step count.
func TestNetworkAndLogViews(t *testing.T) {
	l := lab.New(lab.Options{Members: 3, Seed: 5})
	require.Equal(t, 0, l.Exec("wait leader").Exit)
	require.Equal(t, 0, l.Exec("etcdctl put a 1").Exit)
	steps := l.Steps()
	require.Positive(t, steps)

	n := l.Network()
	require.False(t, n.Partitioned)
	require.Nil(t, n.Group)
	require.Equal(t, lab.DefaultLatency, n.Latency)

	require.NoError(t, l.Partition([]string{"node-1"}, []string{"node-2", "node-3"}))
	n = l.Network()
	require.True(t, n.Partitioned)
	require.Equal(t, n.Group["node-2"], n.Group["node-3"])
	require.NotEqual(t, n.Group["node-1"], n.Group["node-2"])
	require.False(t, l.Reachable("node-1", "node-2"))
	require.True(t, l.Reachable("node-2", "node-3"))
	l.Heal()
	require.NoError(t, l.Cut("node-1", "node-3"))
	require.False(t, l.Reachable("node-1", "node-3"))
	require.True(t, l.Reachable("node-3", "node-1"), "a cut is one way")
	require.False(t, l.Reachable("node-1", "nobody"))
	l.Heal()

	l.Run(time.Second)
	require.Greater(t, l.Steps(), steps)
	st := l.Status()
	ents, first, last, commit, up, ok := l.MemberLog("node-2", 4)
	require.True(t, ok)
	require.True(t, up)
	require.Equal(t, st[1].LastIndex, last)
	require.Equal(t, st[1].FirstIndex, first)
	require.Equal(t, st[1].Commit, commit)
	require.Len(t, ents, 4, "the newest four")
	require.Equal(t, last, ents[3].Index)
	require.True(t, ents[0].ConfChange || ents[0].Term > 0)
	all, _, _, _, _, _ := l.MemberLog("node-2", 0)
	require.Equal(t, int(last-first+1), len(all), "no bound: the whole log")
	require.True(t, all[0].ConfChange, "the bootstrap entries are membership changes")

	require.NoError(t, l.Kill("node-2"))
	require.False(t, l.Up("node-2"))
	require.True(t, l.Up("node-1"))
	_, _, _, _, up, ok = l.MemberLog("node-2", 4)
	require.True(t, ok, "a member down still has its disk")
	require.False(t, up)
	_, _, _, _, _, ok = l.MemberLog("nobody", 4)
	require.False(t, ok)
}
