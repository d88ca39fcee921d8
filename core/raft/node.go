package raft

import (
	"errors"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/raft/tracker"
)

// SoftState is volatile state worth reporting when it changes.
type SoftState struct {
	Lead      uint64
	RaftState StateType
}

// Ready is everything a member produced since the last Advance, in the
// order the caller must handle it: persist Snapshot, Entries and HardState;
// then send Messages; then apply Snapshot and CommittedEntries.
type Ready struct {
	*SoftState
	HardState        HardState // empty if unchanged
	ReadStates       []ReadState
	Entries          []Entry  // to persist before sending Messages
	Snapshot         Snapshot // to persist and apply
	CommittedEntries []Entry  // to apply
	Messages         []Message
	Events           []Event
	// handed is the number of the ReadyTo that wrote it (Node.handed),
	// for AdvanceTo to know it is the last Ready handed out.
	handed uint64
}

// Node is one member's Raft: a pure state machine driven by Tick, Step and
// the proposal calls, whose output is collected with Ready/Advance.
type Node struct {
	r        *raft
	prevSoft SoftState
	prevHard HardState
	// The message and event buffers handed out by the previous Ready: free
	// again once the next Ready is asked for, so they are reused instead of
	// regrowing a new slice after every Ready.
	spareMsgs   []Message
	spareEvents []Event
	// props holds the entries of proposals (Propose), one slot each.
	props []Entry
	// cycle is where the node stands in the Ready cycle: every call that
	// changes the raft makes it dirty, ReadyTo handed (the handed-th), and
	// AdvanceTo of that same Ready settled if nothing changed the raft in
	// between. A settled node has
	// handed out all it had (ReadyTo took every message, event, read state
	// and entry, and AdvanceTo recorded them as persisted and applied), so
	// HasReady is false without looking: the check a Ready loop makes after
	// each Advance, which is nearly always "nothing left".
	cycle readyCycle
	// handed counts the Readys handed out. A number, not a pointer to the
	// Ready: a pointer kept would make every Ready() value escape (one
	// allocation per Ready).
	handed uint64
}

type readyCycle uint8

const (
	cycleDirty readyCycle = iota
	cycleHanded
	cycleSettled
)

// ErrStepLocalMsg and ErrStepPeerNotFound reject messages that must not
// come from the network.
var (
	ErrStepLocalMsg     = errors.New("raft: cannot step raft local message")
	ErrStepPeerNotFound = errors.New("raft: cannot step as peer not found")
)

// Bootstrap writes a new cluster's initial state to an empty disk, as etcd
// does on first start: one committed ConfChangeAddNode entry per voter at
// term 1. That is why a fresh etcd cluster elects its first leader at term 2.
func Bootstrap(s *Storage, voters []uint64) {
	ids := append([]uint64(nil), voters...)
	ptrsort.Uint64s(ids)
	ents := make([]Entry, len(ids))
	for i, id := range ids {
		cc := ConfChange{Type: ConfChangeAddNode, NodeID: id}
		ents[i] = Entry{Type: EntryConfChange, Term: 1, Index: uint64(i + 1), Data: cc.Marshal()}
	}
	s.snap.Metadata.ConfState = ConfState{Voters: ids}
	s.Append(ents)
	s.SetHardState(HardState{Term: 1, Commit: uint64(len(ents))})
}

// NewNode starts (or restarts) a member from its disk.
func NewNode(c Config) (*Node, error) {
	r, err := newRaft(&c)
	if err != nil {
		return nil, err
	}
	return &Node{r: r, prevSoft: r.softState(), prevHard: r.hardState()}, nil
}

func (r *raft) softState() SoftState { return SoftState{Lead: r.lead, RaftState: r.state} }

// Tick advances the member's logical clock by one tick.
func (n *Node) Tick() { n.cycle = cycleDirty; n.r.tick() }

// Campaign makes the member start an election now (as if its timer fired).
func (n *Node) Campaign() error {
	n.cycle = cycleDirty
	return n.r.Step(&Message{Type: MsgHup})
}

// Step hands a message from the network to the member.
func (n *Node) Step(m Message) error { return n.StepMessage(&m) }

// StepMessage is Step without copying the message (128 bytes), for a
// caller done with it once it is stepped: Raft may change it (a follower
// forwarding a proposal sets its To).
func (n *Node) StepMessage(m *Message) error {
	n.cycle = cycleDirty
	// (One test for both kinds: most messages are neither.)
	if t := m.Type; uint(t) < 64 && (localMsgs|responseMsgs)>>uint(t)&1 != 0 {
		if t.IsLocal() {
			return ErrStepLocalMsg
		}
		if n.r.trk.Get(m.From) == nil {
			return ErrStepPeerNotFound
		}
	}
	return n.r.Step(m)
}

// Propose submits data to be appended to the log. At a follower it is
// forwarded to the leader; with no leader known it is dropped.
func (n *Node) Propose(data []byte) error {
	n.cycle = cycleDirty
	// Each proposal's entry is the next slot of a shared array, never
	// reused: the entry lives until the leader copies it into its log
	// (a follower forwards it in a message), after which the array is
	// garbage once all its slots are. One allocation per 64 proposals
	// instead of one each.
	if len(n.props) == cap(n.props) {
		n.props = make([]Entry, 0, 64)
	}
	k := len(n.props) + 1
	n.props = append(n.props, Entry{Data: data})
	return n.r.Step(&Message{Type: MsgProp, From: n.r.id, Entries: n.props[k-1 : k : k]})
}

// ProposeConfChange submits a membership change.
func (n *Node) ProposeConfChange(cc ConfChange) error {
	n.cycle = cycleDirty
	return n.r.Step(&Message{Type: MsgProp, From: n.r.id, Entries: []Entry{{Type: EntryConfChange, Data: cc.Marshal()}}})
}

// ApplyConfChange changes the membership; call it when the entry is applied.
func (n *Node) ApplyConfChange(cc ConfChange) ConfState {
	n.cycle = cycleDirty
	return n.r.applyConfChange(cc)
}

// ReadIndex requests a linearizable read point; the answer arrives as a
// ReadState carrying ctx.
func (n *Node) ReadIndex(ctx []byte) error {
	n.cycle = cycleDirty
	return n.r.Step(&Message{Type: MsgReadIndex, Entries: []Entry{{Data: ctx}}})
}

// TransferLeader asks the leader to hand leadership to transferee.
func (n *Node) TransferLeader(transferee uint64) {
	n.cycle = cycleDirty
	_ = n.r.Step(&Message{Type: MsgTransferLeader, From: transferee})
}

// ReportSnapshot tells the leader whether a snapshot reached member id.
func (n *Node) ReportSnapshot(id uint64, failed bool) {
	n.cycle = cycleDirty
	_ = n.r.Step(&Message{Type: MsgSnapStatus, From: id, Reject: failed})
}

// HasReady reports whether Ready has anything to hand out.
func (n *Node) HasReady() bool { return n.cycle != cycleSettled && n.hasReady() }

// hasReady is HasReady looking at everything Ready would hand out.
func (n *Node) hasReady() bool {
	r := n.r
	// The cheap tests first: a member stepped has nearly always a message
	// to send (a response, an append) or entries to persist. Entries
	// committed past applied are there to apply (nextEnts): applied is
	// never below the disk's compaction point (newLog starts it there,
	// AdvanceTo moves it past a snapshot), and a snapshot pending is
	// tested before.
	if len(r.msgs) > 0 || len(r.log.unstable) > 0 || r.log.snap != nil ||
		len(r.readStates) > 0 || len(r.events) > 0 || r.log.committed > r.log.applied {
		return true
	}
	if r.softState() != n.prevSoft {
		return true
	}
	hs := r.hardState()
	return !hs.IsEmpty() && hs != n.prevHard
}

// Ready collects the member's output. Call Advance when it is handled.
// Its slices are valid until the next call of Ready, its Entries and
// CommittedEntries only until the node is next stepped after Advance:
// their entries are shared with the log (read them, never change them; a
// follower appends into the same array again), and the Messages and
// Events buffers are reused.
func (n *Node) Ready() Ready {
	var rd Ready
	n.ReadyTo(&rd)
	return rd
}

// ReadyTo is Ready written into rd (a loop that drains Readys keeps one
// and copies no 240-byte struct around).
func (n *Node) ReadyTo(rd *Ready) {
	r := n.r
	u := r.log.unstable
	// Field by field rather than one composite literal: rd is usually the
	// caller's reused Ready, and a whole new Ready zeroed its 240 bytes and
	// checked a write barrier for every pointer, the snapshot's too, on
	// every call. Every field is written, as the literal did.
	rd.Entries = u[:len(u):len(u)]
	var committed []Entry
	if r.log.committed > r.log.applied { // (else nextEnts has none)
		committed = r.log.nextEnts()
	}
	rd.CommittedEntries = committed
	rd.Messages = r.msgs[:len(r.msgs):len(r.msgs)]
	// Read states are rare: both nil, nothing to write.
	if rd.ReadStates != nil || r.readStates != nil {
		rd.ReadStates, r.readStates = r.readStates, nil
	}
	rd.Events = r.events[:len(r.events):len(r.events)]
	rd.SoftState = nil
	if ss := r.softState(); ss != n.prevSoft {
		rd.SoftState = new(SoftState)
		*rd.SoftState = ss
	}
	rd.HardState = HardState{}
	if hs := r.hardState(); hs != n.prevHard {
		rd.HardState = hs
	}
	switch sn := &rd.Snapshot; {
	case r.log.snap != nil:
		*sn = *r.log.snap
	case sn.Data != nil || sn.Metadata.Index != 0 || sn.Metadata.Term != 0 ||
		sn.Metadata.ConfState.Voters != nil || sn.Metadata.ConfState.Learners != nil:
		*sn = Snapshot{}
	}
	n.handed++
	n.cycle, rd.handed = cycleHanded, n.handed
	if len(r.msgs) > 0 {
		r.msgs, n.spareMsgs = recycleMsgs(n.spareMsgs), r.msgs
	}
	if len(r.events) > 0 {
		r.events, n.spareEvents = recycle(n.spareEvents), r.events
	}
}

// recycle empties a buffer for reuse, dropping what it referenced.
func recycle[T any](s []T) []T {
	clear(s)
	return s[:0]
}

// recycleMsgs is recycle for messages, dropping only their three
// references: clearing whole 128-byte messages went through the runtime's
// bulk barrier, after every Ready that sent anything.
func recycleMsgs(s []Message) []Message {
	for i := range s {
		m := &s[i]
		m.Entries, m.Snapshot, m.Context = nil, nil, nil
	}
	return s[:0]
}

// Advance records that rd was persisted, sent and applied.
func (n *Node) Advance(rd Ready) { n.AdvanceTo(&rd) }

// AdvanceTo is Advance for a Ready kept by pointer (ReadyTo).
func (n *Node) AdvanceTo(rd *Ready) {
	r := n.r
	if rd.SoftState != nil {
		n.prevSoft = *rd.SoftState
	}
	if !rd.HardState.IsEmpty() {
		n.prevHard = rd.HardState
	}
	if k := len(rd.Entries); k > 0 {
		e := &rd.Entries[k-1]
		r.log.stableTo(e.Index, e.Term)
	}
	// !rd.Snapshot.IsEmpty(), read in place (the value receiver copied the
	// 88-byte snapshot on every call).
	if rd.Snapshot.Metadata.Index != 0 {
		r.log.stableSnapTo(rd.Snapshot.Metadata.Index)
		r.log.applied = max(r.log.applied, rd.Snapshot.Metadata.Index)
	}
	if k := len(rd.CommittedEntries); k > 0 {
		r.log.appliedTo(rd.CommittedEntries[k-1].Index)
	}
	// Reads that waited for this leader's first commit can go now.
	if len(r.readOnly.waiting) > 0 {
		r.releasePendingReads()
		n.cycle = cycleDirty
	}
	// Settled if rd is the last ReadyTo's (cycleHanded: no call changed
	// the raft since) and was advanced whole: nothing unstable, nothing
	// committed unapplied.
	if n.cycle == cycleHanded && rd.handed == n.handed && len(r.log.unstable) == 0 && r.log.snap == nil && r.log.committed <= r.log.applied {
		n.cycle = cycleSettled
	} else {
		n.cycle = cycleDirty
	}
}

// Status is everything about a member a learner may want to look at.
type Status struct {
	ID        uint64
	State     StateType
	IsLearner bool
	Term      uint64
	Vote      uint64
	Lead      uint64
	Commit    uint64
	Applied   uint64
	// FirstIndex..LastIndex are the entries held; earlier ones are in the snapshot.
	FirstIndex uint64
	LastIndex  uint64
	LastTerm   uint64

	ElectionElapsed           int
	RandomizedElectionTimeout int
	ElectionTimeout           int
	HeartbeatElapsed          int
	HeartbeatTimeout          int

	// Votes received in the current (pre-)election.
	Votes map[uint64]bool
	// Progress of every member, as the leader tracks it (leader only).
	Progress       map[uint64]tracker.Progress
	LeadTransferee uint64
	ConfState      ConfState
}

// Role is the member's role as raftlab names it: leader, follower,
// candidate, pre-candidate, or learner (a non-voting follower).
func (s Status) Role() string {
	if s.IsLearner && s.State == StateFollower {
		return "learner"
	}
	return s.State.String()
}

// Status reports the member's state.
func (n *Node) Status() Status {
	r := n.r
	s := n.BasicStatus()
	s.ConfState = r.confState()
	if r.state == StateCandidate || r.state == StatePreCandidate {
		s.Votes = map[uint64]bool{}
		for id, v := range r.trk.Votes {
			s.Votes[id] = v
		}
	}
	if r.state == StateLeader {
		s.Progress = map[uint64]tracker.Progress{}
		for id, pr := range r.trk.Progress {
			s.Progress[id] = *pr
		}
	}
	return s
}

// BasicStatus is Status without what costs to build (the configuration,
// the votes, the leader's progress), as etcd's raft has it: for checks made
// after every step.
func (n *Node) BasicStatus() Status {
	r := n.r
	return Status{
		ID: r.id, State: r.state, IsLearner: r.isLearner, Term: r.Term, Vote: r.Vote, Lead: r.lead,
		Commit: r.log.committed, Applied: r.log.applied,
		FirstIndex: r.log.firstIndex(), LastIndex: r.log.lastIndex(), LastTerm: r.log.lastTerm,
		ElectionElapsed: r.electionElapsed, RandomizedElectionTimeout: r.randomizedElectionTimeout,
		ElectionTimeout: r.electionTimeout, HeartbeatElapsed: r.heartbeatElapsed, HeartbeatTimeout: r.heartbeatTimeout,
		LeadTransferee: r.leadTransferee,
	}
}

// Entries returns the held entries [lo, hi), for the UI's log view and for
// the simulator's safety checks.
func (n *Node) Entries(lo, hi uint64) ([]Entry, error) { return n.r.log.slice(lo, hi) }

// Term returns the term of entry i.
func (n *Node) Term(i uint64) (uint64, error) { return n.r.log.term(i) }
