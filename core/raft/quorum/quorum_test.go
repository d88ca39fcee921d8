package quorum

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The source note's table (etcd FAQ): members → quorum / failures tolerated.
func TestSizeTable(t *testing.T) {
	want := map[int][2]int{1: {1, 0}, 2: {2, 0}, 3: {2, 1}, 4: {3, 1}, 5: {3, 2}, 6: {4, 2}, 7: {4, 3}}
	for n, qt := range want {
		require.Equal(t, qt[0], Size(n), "quorum of %d", n)
		require.Equal(t, qt[1], Tolerated(n), "tolerated of %d", n)
	}
}

func TestCommittedIndex(t *testing.T) {
	match := map[uint64]uint64{1: 10, 2: 7, 3: 5, 4: 3, 5: 1}
	get := func(id uint64) uint64 { return match[id] }
	require.Equal(t, uint64(5), CommittedIndex([]uint64{1, 2, 3, 4, 5}, get), "third highest of five")
	require.Equal(t, uint64(7), CommittedIndex([]uint64{1, 2, 3}, get))
	require.Equal(t, uint64(7), CommittedIndex([]uint64{1, 2}, get), "both of two")
	require.Equal(t, uint64(0), CommittedIndex(nil, get))
	require.Equal(t, uint64(0), CommittedIndex([]uint64{1, 9, 8}, get), "missing voters count as 0")
}

func TestTally(t *testing.T) {
	voters := []uint64{1, 2, 3, 4, 5}
	_, _, r := Tally(voters, map[uint64]bool{1: true, 2: true})
	require.Equal(t, VotePending, r)
	_, _, r = Tally(voters, map[uint64]bool{1: true, 2: true, 3: true})
	require.Equal(t, VoteWon, r)
	_, _, r = Tally(voters, map[uint64]bool{1: true, 2: false, 3: false, 4: false})
	require.Equal(t, VoteLost, r)
	g, rej, r := Tally([]uint64{1, 2, 3, 4}, map[uint64]bool{1: true, 2: true, 3: false, 9: true})
	require.Equal(t, 2, g, "votes of non-voters do not count")
	require.Equal(t, 1, rej)
	require.Equal(t, VotePending, r, "4 members need 3")
}
