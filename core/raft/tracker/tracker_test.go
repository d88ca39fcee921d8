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

// Get finds each member at the slot its ID hashes to, for IDs as etcd
// draws them (any 64 bits) and configurations of every size up to 40,
// and finds no one for an ID outside the configuration, None included.
func TestGetHashesEveryMemberApart(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		tr := New()
		require.Nil(t, tr.Get(None))
		n := 1 + round%40
		for len(tr.Progress) < n {
			id := rng.Uint64() | 1
			if round%3 == 0 {
				id = uint64(rng.Intn(3*n)) + 1 // small IDs, as tests use
			}
			tr.Add(id, &Progress{Next: id, IsLearner: rng.Intn(4) == 0})
		}
		for id, pr := range tr.Progress {
			require.Same(t, pr, tr.Get(id))
		}
		require.Nil(t, tr.Get(None))
		for i := 0; i < 100; i++ {
			if id := rng.Uint64(); tr.Progress[id] == nil {
				require.Nil(t, tr.Get(id))
			}
			if id := uint64(rng.Intn(4 * n)); tr.Progress[id] == nil {
				require.Nil(t, tr.Get(id))
			}
		}
	}
}

// None is the ID of no member (raft.None).
const None uint64 = 0
