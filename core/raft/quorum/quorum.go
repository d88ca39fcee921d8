// Package quorum answers the two questions Raft asks of a majority: which log
// index a majority has stored (commit, Raft paper §5.3) and whether an
// election has been won, lost, or is still open (§5.2).
package quorum

// Size is the number of voters whose agreement a cluster of n voters needs:
// floor(n/2)+1 (etcd FAQ: 1→1, 2→2, 3→2, 4→3, 5→3, 6→4, 7→4).
func Size(n int) int { return n/2 + 1 }

// Tolerated is how many voters of n may fail while a quorum remains.
func Tolerated(n int) int { return n - Size(n) }

// CommittedIndex returns the largest index that a majority of voters has
// stored, given each voter's match index. Voters missing from match count as
// index 0. An empty voter set commits nothing. It does not allocate for
// clusters of up to 7 voters.
func CommittedIndex(voters []uint64, match func(id uint64) uint64) uint64 {
	var buf [7]uint64
	idx := buf[:0]
	for _, id := range voters {
		idx = append(idx, match(id))
	}
	return Committed(idx)
}

// Committed is CommittedIndex given the voters' match indexes themselves,
// which it sorts in place: the leader's commit check after every
// acknowledgement reads them straight from its tracker (a callback and a
// lookup per voter cost four times the sort).
func Committed(match []uint64) uint64 {
	if len(match) == 0 {
		return 0
	}
	return Largest(match, Size(len(match)))
}

// Largest returns the k-th largest of match (1 <= k <= len(match)), which
// it sorts in place.
func Largest(match []uint64, k int) uint64 {
	// Insertion sort, descending: n is small.
	for i := 1; i < len(match); i++ {
		m, j := match[i], i
		for ; j > 0 && match[j-1] < m; j-- {
			match[j] = match[j-1]
		}
		match[j] = m
	}
	return match[k-1]
}

// VoteResult is the state of an election.
type VoteResult int

const (
	VotePending VoteResult = iota // neither outcome is decided yet
	VoteLost                      // a majority has refused
	VoteWon                       // a majority has granted
)

// Tally counts the votes cast so far among voters.
func Tally(voters []uint64, votes map[uint64]bool) (granted, rejected int, result VoteResult) {
	for _, id := range voters {
		v, voted := votes[id]
		if !voted {
			continue
		}
		if v {
			granted++
		} else {
			rejected++
		}
	}
	q := Size(len(voters))
	switch {
	case granted >= q:
		result = VoteWon
	case len(voters)-rejected < q:
		result = VoteLost
	default:
		result = VotePending
	}
	return granted, rejected, result
}
