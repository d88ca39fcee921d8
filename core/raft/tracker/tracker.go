// Package tracker is the leader's view of every other member: how much of
// the log each has (Match), what to send next (Next), and how to send it
// (probing one message at a time, streaming, or waiting on a snapshot).
package tracker

import (
	"fmt"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/raft/quorum"
)

// StateType is how the leader currently replicates to a follower
// (etcd-io/raft tracker/state.go).
type StateType int

const (
	// StateProbe: the leader does not know the follower's log; it sends one
	// append at a time and waits for the answer before the next.
	StateProbe StateType = iota
	// StateReplicate: the follower is known to match; appends are streamed
	// optimistically.
	StateReplicate
	// StateSnapshot: the follower needs entries already compacted away; the
	// leader sent a snapshot and waits until it is applied.
	StateSnapshot
)

func (s StateType) String() string {
	return [...]string{"probe", "replicate", "snapshot"}[s]
}

// Progress is the leader's record of one member.
type Progress struct {
	Match, Next uint64
	State       StateType
	// PendingSnapshot is the index of the snapshot in flight (StateSnapshot).
	PendingSnapshot uint64
	// RecentActive is set when the member answered since the last
	// CheckQuorum round.
	RecentActive bool
	// ProbeSent pauses a probing leader until the follower answers.
	ProbeSent bool
	IsLearner bool
}

func (pr *Progress) reset(state StateType) {
	pr.ProbeSent = false
	pr.PendingSnapshot = 0
	pr.State = state
}

// BecomeProbe moves to probing from Match+1 (or past a snapshot just sent).
func (pr *Progress) BecomeProbe() {
	if pr.State == StateSnapshot {
		pending := pr.PendingSnapshot
		pr.reset(StateProbe)
		pr.Next = max(pr.Match+1, pending+1)
		return
	}
	pr.reset(StateProbe)
	pr.Next = pr.Match + 1
}

// BecomeReplicate starts streaming from Match+1.
func (pr *Progress) BecomeReplicate() {
	pr.reset(StateReplicate)
	pr.Next = pr.Match + 1
}

// BecomeSnapshot records that a snapshot at index snapi is on its way.
func (pr *Progress) BecomeSnapshot(snapi uint64) {
	pr.reset(StateSnapshot)
	pr.PendingSnapshot = snapi
}

// MaybeUpdate records an acknowledgement up to n. It returns false for a
// stale acknowledgement.
func (pr *Progress) MaybeUpdate(n uint64) bool {
	updated := false
	if pr.Match < n {
		pr.Match = n
		updated = true
		pr.ProbeSent = false
	}
	pr.Next = max(pr.Next, n+1)
	return updated
}

// OptimisticUpdate advances Next past entries sent but not yet acknowledged.
func (pr *Progress) OptimisticUpdate(n uint64) { pr.Next = n + 1 }

// MaybeDecrTo handles a rejected append at index rejected. matchHint is the
// follower's hint of the last index that may match (fast backtracking, Raft
// thesis §5.3 optimisation). It returns false for a stale rejection.
func (pr *Progress) MaybeDecrTo(rejected, matchHint uint64) bool {
	if pr.State == StateReplicate {
		if rejected <= pr.Match {
			return false
		}
		pr.Next = pr.Match + 1
		return true
	}
	if pr.Next-1 != rejected {
		return false
	}
	pr.Next = max(min(rejected, matchHint+1), 1)
	pr.ProbeSent = false
	return true
}

// IsPaused says whether the leader must hold further appends.
func (pr *Progress) IsPaused() bool {
	switch pr.State {
	case StateProbe:
		return pr.ProbeSent
	case StateSnapshot:
		return true
	}
	return false
}

func (pr *Progress) String() string {
	return fmt.Sprintf("%s match=%d next=%d", pr.State, pr.Match, pr.Next)
}

// Tracker holds the configuration (voters and learners) and everyone's progress.
// Membership changes go through Add, Remove and Promote, which keep the
// sorted ID lists that every commit check and broadcast reads: they are
// rebuilt on a (rare) membership change instead of on every entry.
type Tracker struct {
	Progress map[uint64]*Progress
	// Votes cast in the current election, by voter.
	Votes map[uint64]bool

	ids, voters, learners []uint64
	// prs[i] is Progress[ids[i]]; voterPrs[i] is Progress[voters[i]], for
	// Committed.
	prs, voterPrs []*Progress
	// slots holds every member at a slot of its own, id*mul>>shift (a
	// perfect hash of the few members, found by rebuild): Get reads one
	// slot instead of hashing into the map or scanning the members, for
	// every response and append at the leader.
	slots []slot
	mul   uint64
	shift uint
}

type slot struct {
	id uint64
	pr *Progress
}

func New() *Tracker {
	t := &Tracker{Progress: map[uint64]*Progress{}, Votes: map[uint64]bool{}}
	t.rebuild()
	return t
}

// Add puts member id, a voter or a learner as pr says, in the configuration.
func (t *Tracker) Add(id uint64, pr *Progress) {
	t.Progress[id] = pr
	t.rebuild()
}

// Remove takes member id out of the configuration and its vote out of the
// current election.
func (t *Tracker) Remove(id uint64) {
	delete(t.Progress, id)
	delete(t.Votes, id)
	t.rebuild()
}

// Promote makes learner id a voter.
func (t *Tracker) Promote(id uint64) {
	if pr := t.Progress[id]; pr != nil {
		pr.IsLearner = false
		t.rebuild()
	}
}

func (t *Tracker) rebuild() {
	t.ids, t.voters, t.learners, t.prs, t.voterPrs = t.ids[:0], nil, nil, t.prs[:0], t.voterPrs[:0]
	for id := range t.Progress {
		t.ids = append(t.ids, id)
	}
	ptrsort.Uint64s(t.ids)
	for _, id := range t.ids {
		t.prs = append(t.prs, t.Progress[id])
		if t.Progress[id].IsLearner {
			t.learners = append(t.learners, id)
		} else {
			t.voters = append(t.voters, id)
			t.voterPrs = append(t.voterPrs, t.Progress[id])
		}
	}
	t.place()
}

// place finds the slots' multiplier: the first of a fixed sequence that
// gives each member a slot of its own, in a table at least twice the
// members (about half of the multipliers do at 5 members), made twice as
// large after every 32 that do not.
func (t *Tracker) place() {
	t.shift = 63 // two slots
	for 1<<(64-t.shift) < 2*len(t.ids) {
		t.shift--
	}
	for try := uint64(0); ; try++ {
		// Odd multiples of 2^64 divided by the golden ratio.
		if t.mul = (2*try + 1) * 0x9e3779b97f4a7c15; t.fill() {
			return
		}
		if try%32 == 31 {
			t.shift--
		}
	}
}

// fill puts every member in its slot of a new table, false if two share one.
func (t *Tracker) fill() bool {
	t.slots = make([]slot, 1<<(64-t.shift))
	for i, id := range t.ids {
		s := &t.slots[id*t.mul>>t.shift]
		if s.pr != nil {
			return false
		}
		*s = slot{id, t.prs[i]}
	}
	return true
}

// Get is Progress[id] (nil for a member not in the configuration). An
// empty slot has no ID: None's is nil.
func (t *Tracker) Get(id uint64) *Progress {
	// (shift is at most 63: the table has two slots or more.)
	if s := &t.slots[id*t.mul>>(t.shift&63)]; s.id == id {
		return s.pr
	}
	return nil
}

// Committed is the largest index a majority of the voters has stored
// (quorum.CommittedIndex of their Match), read from their progress
// directly: the leader asks after every acknowledgement.
func (t *Tracker) Committed() uint64 { return t.CommittedAbove(0) }

// CommittedAbove is Committed if that is above the given index, else at
// most that index. The leader asks whether its commit index moves, which
// takes a quorum of voters past it: most acknowledgements find none (the
// first ones of a new entry, and the ones after it committed), and cost one
// pass without a sort. (When a quorum is past it, the quorum-th largest
// match of all is the quorum-th largest of theirs.)
func (t *Tracker) CommittedAbove(above uint64) uint64 {
	var buf [7]uint64
	idx := buf[:0]
	for _, pr := range t.voterPrs {
		if pr.Match > above {
			idx = append(idx, pr.Match)
		}
	}
	q := quorum.Size(len(t.voterPrs))
	if len(idx) < q {
		return above
	}
	return quorum.Largest(idx, q)
}

// Voters returns the voting members, sorted. The slice is the tracker's
// own: read it, never change it.
func (t *Tracker) Voters() []uint64 { return t.voters }

// Learners returns the non-voting members, sorted (the tracker's own slice).
func (t *Tracker) Learners() []uint64 { return t.learners }

// IDs returns every member, sorted, so that iteration is deterministic (the
// tracker's own slice).
func (t *Tracker) IDs() []uint64 { return t.ids }

// Prs returns every member's progress in the order of IDs (the tracker's
// own slice): a loop over the members reads it instead of a Get each.
func (t *Tracker) Prs() []*Progress { return t.prs }

// IsVoter reports whether id votes.
func (t *Tracker) IsVoter(id uint64) bool {
	pr, ok := t.Progress[id]
	return ok && !pr.IsLearner
}
