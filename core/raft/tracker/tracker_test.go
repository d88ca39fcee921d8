package tracker

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Get answers what the Progress map holds through membership changes.
func TestGetFollowsTheConfiguration(t *testing.T) {
	tr := New()
	check := func() {
		t.Helper()
		for id := uint64(0); id <= 9; id++ {
			require.Same(t, tr.Progress[id], tr.Get(id), "member %d", id)
		}
	}
	check()
	for _, id := range []uint64{5, 2, 9} {
		tr.Add(id, &Progress{Next: id})
		check()
	}
	tr.Add(7, &Progress{IsLearner: true})
	check()
	tr.Promote(7)
	require.Equal(t, []uint64{2, 5, 7, 9}, tr.Voters())
	tr.Remove(5)
	check()
	tr.Add(5, &Progress{Next: 50}) // a new record for a member added again
	check()
	require.Equal(t, uint64(50), tr.Get(5).Next)
}
