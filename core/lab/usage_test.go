package lab

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestUsageAndCompactionAdvice(t *testing.T) {
	defer func(r int64) { adviseRevisions = r }(adviseRevisions)
	adviseRevisions = 20
	l := New(Options{Seed: 5})
	l.Exec("wait leader")
	u0 := l.Usage()
	for i := 0; i < 25; i++ {
		require.Equal(t, 0, l.Exec(fmt.Sprintf("etcdctl put k v%d", i)).Exit)
	}
	u := l.Usage()
	require.Equal(t, 25, u.HistoryRequests)
	require.Equal(t, u0.JournalEntries+25, u.JournalEntries)
	require.Greater(t, u.JournalBytes, 25*len("etcdctl put k v0"))
	require.EqualValues(t, 25, u.Revisions)
	require.True(t, u.CompactionAdvised)
	require.Contains(t, l.Exec("status").Stdout, "store: 25 revisions kept since the last compaction")

	require.Equal(t, 0, l.Exec("etcdctl compaction 26").Exit)
	u = l.Usage()
	require.EqualValues(t, 0, u.Revisions)
	require.False(t, u.CompactionAdvised)
	require.NotContains(t, l.Exec("status").Stdout, "store:")
}
