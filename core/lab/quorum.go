package lab

import "github.com/raftlab/raftlab/core/raft/quorum"

// Quorum is the arithmetic of quorums for the live cluster (the source
// note's table), and whether the network lets a majority work together.
type Quorum struct {
	// Members are the voting members (removed ones do not count); Size is
	// a majority of them and Tolerated how many may fail (Raft §5.2).
	Members, Size, Tolerated int
	// Up is how many members run; Largest is the most members up on one
	// side of the network (members that can all reach each other).
	Up, Largest int
	// CanCommit: some side has a quorum up, so it can elect a leader and
	// commit (§5.3).
	CanCommit bool
}

// Quorum reports the quorum arithmetic and the largest side of the network.
func (l *Lab) Quorum() Quorum {
	sides := l.Sides()
	var q Quorum
	for _, s := range sides {
		q.Members += len(s.Members)
		q.Up += s.Up
		q.Largest = max(q.Largest, s.Up)
		q.CanCommit = q.CanCommit || s.Quorum
	}
	q.Size, q.Tolerated = quorum.Size(q.Members), quorum.Tolerated(q.Members)
	return q
}
