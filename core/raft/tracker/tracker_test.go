package tracker

import (
	"math/rand"
	"testing"

	"github.com/raftlab/raftlab/core/raft/quorum"
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

// CommittedAbove agrees with the quorum's committed index whenever that is
// above the index asked about, and otherwise answers at most that index
// (the leader's commit never moves then), for every voter count, learners
// beside them, and every index asked about.
func TestCommittedAboveIsCommitted(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 0; n <= 9; n++ {
		for round := 0; round < 300; round++ {
			tr := New()
			var match []uint64
			for id := uint64(1); id <= uint64(n); id++ {
				m := uint64(rng.Intn(8))
				tr.Add(id, &Progress{Match: m})
				match = append(match, m)
			}
			tr.Add(100, &Progress{Match: 7, IsLearner: true}) // learners never count
			want := quorum.Committed(append([]uint64(nil), match...))
			require.Equal(t, want, tr.Committed(), "n=%d match=%v", n, match)
			for above := uint64(0); above <= 8; above++ {
				got := tr.CommittedAbove(above)
				if want > above {
					require.Equal(t, want, got, "n=%d match=%v above=%d", n, match, above)
				} else {
					require.LessOrEqual(t, got, above, "n=%d match=%v above=%d", n, match, above)
				}
			}
		}
	}
}
