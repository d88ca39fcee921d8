package raft

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"slices"

	"github.com/raftlab/raftlab/core/raft/quorum"
	"github.com/raftlab/raftlab/core/raft/tracker"
)

// campaignTransfer marks the vote requests of a leadership transfer: they
// bypass the leader lease (Raft thesis §3.10).
var campaignTransfer = []byte("CampaignTransfer")

// Config sets up one member.
type Config struct {
	ID uint64
	// ElectionTick is the minimum election timeout in ticks; the timeout is
	// drawn from [ElectionTick, 2*ElectionTick) (Raft paper §5.2).
	ElectionTick int
	// HeartbeatTick is how many ticks pass between a leader's heartbeats.
	HeartbeatTick int
	// Storage is the member's disk; a restarted member reads its state here.
	Storage *Storage
	// Applied is the last index the application has applied (on restart).
	Applied uint64
	// PreVote runs a trial election before raising the term (thesis §9.6).
	PreVote bool
	// CheckQuorum makes a leader step down when it has not heard from a
	// quorum for an election timeout, and makes followers ignore vote
	// requests while they hear from a leader (the leader lease).
	CheckQuorum bool
	// MaxEntriesPerMsg bounds a MsgApp (0: no bound).
	MaxEntriesPerMsg int
	// Rand is the member's seeded source: the only randomness in Raft.
	Rand *rand.Rand
}

func (c *Config) validate() error {
	switch {
	case c.ID == None:
		return errors.New("raft: cannot use none as id")
	case c.HeartbeatTick <= 0:
		return errors.New("raft: heartbeat tick must be greater than 0")
	case c.ElectionTick <= c.HeartbeatTick:
		return errors.New("raft: election tick must be greater than heartbeat tick")
	case c.Storage == nil:
		return errors.New("raft: storage cannot be nil")
	case c.Rand == nil:
		return errors.New("raft: a seeded random source is required")
	}
	return nil
}

type raft struct {
	id    uint64
	Term  uint64
	Vote  uint64
	state StateType
	lead  uint64
	// isLearner is true while this member is a learner in the configuration.
	isLearner bool

	log *raftLog
	trk *tracker.Tracker

	msgs       []Message
	readStates []ReadState
	events     []Event

	electionElapsed           int
	heartbeatElapsed          int
	electionTimeout           int
	heartbeatTimeout          int
	randomizedElectionTimeout int

	preVote     bool
	checkQuorum bool

	leadTransferee uint64
	// pendingConfIndex is the index of the latest configuration change the
	// leader proposed; another may not be proposed until it is applied.
	pendingConfIndex uint64

	readOnly *readOnly
	rand     *rand.Rand
}

func newRaft(c *Config) (*raft, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	hs, cs := c.Storage.InitialState()
	r := &raft{
		id:               c.ID,
		log:              newLog(c.Storage, c.MaxEntriesPerMsg),
		trk:              tracker.New(),
		electionTimeout:  c.ElectionTick,
		heartbeatTimeout: c.HeartbeatTick,
		preVote:          c.PreVote,
		checkQuorum:      c.CheckQuorum,
		readOnly:         newReadOnly(),
		rand:             c.Rand,
	}
	r.restoreConf(cs)
	if !hs.IsEmpty() {
		if hs.Commit < r.log.committed || hs.Commit > r.log.lastIndex() {
			return nil, fmt.Errorf("raft: commit %d is out of range [%d, %d]", hs.Commit, r.log.committed, r.log.lastIndex())
		}
		r.log.committed = hs.Commit
		r.Term = hs.Term
		r.Vote = hs.Vote
	}
	if c.Applied > 0 {
		r.log.appliedTo(c.Applied)
	}
	r.becomeFollower(r.Term, None)
	return r, nil
}

// restoreConf rebuilds the tracker from a membership.
func (r *raft) restoreConf(cs ConfState) {
	r.trk = tracker.New()
	next := r.log.lastIndex() + 1
	for _, id := range cs.Voters {
		r.trk.Add(id, &tracker.Progress{Next: next})
	}
	for _, id := range cs.Learners {
		r.trk.Add(id, &tracker.Progress{Next: next, IsLearner: true})
	}
	pr, ok := r.trk.Progress[r.id]
	r.isLearner = ok && pr.IsLearner
	if ok {
		pr.Match = r.log.lastIndex()
	}
}

func (r *raft) confState() ConfState {
	return ConfState{Voters: slices.Clone(r.trk.Voters()), Learners: slices.Clone(r.trk.Learners())}
}

func (r *raft) hardState() HardState {
	return HardState{Term: r.Term, Vote: r.Vote, Commit: r.log.committed}
}

// promotable reports whether this member may campaign: it must be a voter.
func (r *raft) promotable() bool {
	pr, ok := r.trk.Progress[r.id]
	return ok && !pr.IsLearner && !r.log.hasUnstableSnapshot()
}

func (l *raftLog) hasUnstableSnapshot() bool { return l.snap != nil }

// emit records an event; its Term defaults to the member's term.
func (r *raft) emit(e Event) {
	if e.Term == 0 {
		e.Term = r.Term
	}
	r.events = append(r.events, e)
}

// send queues a message, stamping the term where the protocol needs it.
func (r *raft) send(m Message) {
	m.From = r.id
	switch m.Type {
	case MsgVote, MsgVoteResp, MsgPreVote, MsgPreVoteResp:
		if m.Term == 0 {
			panic(fmt.Sprintf("raft: term should be set when sending %s", m.Type))
		}
	default:
		if m.Term != 0 {
			panic(fmt.Sprintf("raft: term should not be set when sending %s (was %d)", m.Type, m.Term))
		}
		// Proposals and ReadIndex requests are forwarded without a term so
		// that they are never mistaken for a message of an older term.
		if m.Type != MsgProp && m.Type != MsgReadIndex {
			m.Term = r.Term
		}
	}
	r.msgs = append(r.msgs, m)
}

// sendNew queues a new message of type t (neither a vote nor a
// forwarded proposal or read index) to member to, with send's From and
// Term, and returns it for the caller to fill in place: the two messages
// sent per entry and follower (MsgApp, its MsgAppResp) are written once
// into r.msgs instead of built and then copied there.
//
// A slot past len(r.msgs) holds no reference (a new array is zeroed, and
// recycleMsgs drops the references of every slot a Ready handed out), so
// only the plain fields are written: a whole Message literal was zeroed on
// the stack and copied in with a write-barrier check, for every message.
func (r *raft) sendNew(to uint64, t MessageType) *Message {
	k := len(r.msgs)
	if k == cap(r.msgs) {
		r.msgs = append(r.msgs, Message{})
	} else {
		r.msgs = r.msgs[:k+1]
	}
	m := &r.msgs[k]
	m.Type, m.To, m.From, m.Term, m.LogTerm, m.Index = t, to, r.id, r.Term, 0, 0
	m.Commit, m.Reject, m.RejectHint = 0, false, 0
	return m
}

// sendAppend sends entries (or a snapshot) to a member.
func (r *raft) sendAppend(to uint64) { r.maybeSendAppend(to, r.trk.Get(to), true) }

// maybeSendAppend sends member to, whose progress is pr (r.trk.Get(to),
// passed by callers that hold it: the leader looks up each acknowledging
// member once), what it lacks.
func (r *raft) maybeSendAppend(to uint64, pr *tracker.Progress, sendIfEmpty bool) bool {
	if pr == nil || pr.IsPaused() {
		return false
	}
	if !sendIfEmpty && pr.Next > r.log.lastIndex() {
		return false // nothing new: entries would be empty (every ack ends here)
	}
	term, errt := r.log.term(pr.Next - 1)
	ents, erre := r.log.entries(pr.Next)
	if len(ents) == 0 && !sendIfEmpty {
		return false
	}
	if errt != nil || erre != nil {
		// The entries were compacted away: send the snapshot instead.
		if !pr.RecentActive {
			return false
		}
		snap := r.log.snapshot()
		if snap.IsEmpty() {
			panic("raft: need a non-empty snapshot")
		}
		pr.BecomeSnapshot(snap.Metadata.Index)
		r.emit(Event{Kind: EventSnapshotSent, Peer: to, Index: snap.Metadata.Index, LogTerm: snap.Metadata.Term})
		r.send(Message{Type: MsgSnap, To: to, Snapshot: &snap})
		return true
	}
	app := r.sendNew(to, MsgApp)
	app.Index, app.LogTerm, app.Entries, app.Commit = pr.Next-1, term, ents, r.log.committed
	if n := len(ents); n != 0 {
		switch pr.State {
		case tracker.StateReplicate:
			pr.OptimisticUpdate(ents[n-1].Index)
		case tracker.StateProbe:
			pr.ProbeSent = true
		}
	}
	return true
}

func (r *raft) sendHeartbeat(to uint64, ctx []byte) {
	// A follower may not have the leader's committed entries yet: commit only
	// what it is known to hold.
	commit := min(r.trk.Get(to).Match, r.log.committed)
	r.send(Message{Type: MsgHeartbeat, To: to, Commit: commit, Context: ctx})
}

func (r *raft) bcastAppend() {
	prs := r.trk.Prs()
	for i, id := range r.trk.IDs() {
		if id != r.id {
			r.maybeSendAppend(id, prs[i], true)
		}
	}
}

func (r *raft) bcastHeartbeat(ctx []byte) {
	for _, id := range r.trk.IDs() {
		if id != r.id {
			r.sendHeartbeat(id, ctx)
		}
	}
}

// maybeCommit advances commit to what a majority of voters has stored.
func (r *raft) maybeCommit() bool {
	return r.log.maybeCommit(r.trk.CommittedAbove(r.log.committed), r.Term)
}

func (r *raft) reset(term uint64) {
	if r.Term != term {
		r.Term = term
		r.Vote = None
	}
	r.lead = None
	r.heartbeatElapsed = 0
	r.resetElectionTimer()
	r.abortLeaderTransfer()
	r.trk.Votes = map[uint64]bool{}
	for id, pr := range r.trk.Progress {
		*pr = tracker.Progress{Next: r.log.lastIndex() + 1, IsLearner: pr.IsLearner}
		if id == r.id {
			pr.Match = r.log.lastIndex()
		}
	}
	r.pendingConfIndex = 0
	r.readOnly = newReadOnly()
}

// resetElectionTimer restarts the election timer with a freshly drawn
// timeout, so that members which time out together rarely do so again
// (Raft paper §5.2: randomized timeouts resolve split votes). It runs on
// every change of role or term (reset); a leader's appends, heartbeats and
// snapshots, and a granted vote, only restart the count with the timeout
// drawn then, as etcd's raft (3.5.17 stepFollower: electionElapsed = 0).
func (r *raft) resetElectionTimer() {
	r.electionElapsed = 0
	r.randomizedElectionTimeout = r.electionTimeout + r.rand.Intn(r.electionTimeout)
	r.emit(Event{Kind: EventTimerReset, Ticks: r.randomizedElectionTimeout})
}

func (r *raft) appendEntry(es ...Entry) {
	li := r.log.lastIndex()
	for i := range es {
		es[i].Term = r.Term
		es[i].Index = li + 1 + uint64(i)
	}
	li = r.log.append(es...)
	r.trk.Get(r.id).MaybeUpdate(li)
	r.maybeCommit()
}

func (r *raft) tickElection() {
	r.electionElapsed++
	if r.electionElapsed >= r.randomizedElectionTimeout && r.promotable() {
		r.emit(Event{Kind: EventTimeout, Reason: ReasonElectionTimeout, Ticks: r.electionElapsed})
		r.electionElapsed = 0
		_ = r.Step(&Message{From: r.id, Type: MsgHup})
	}
}

func (r *raft) tickHeartbeat() {
	r.heartbeatElapsed++
	r.electionElapsed++
	if r.electionElapsed >= r.electionTimeout {
		r.electionElapsed = 0
		if r.checkQuorum {
			_ = r.Step(&Message{From: r.id, Type: MsgCheckQuorum})
		}
		if r.state == StateLeader && r.leadTransferee != None {
			r.abortLeaderTransfer()
		}
	}
	if r.state != StateLeader {
		return
	}
	if r.heartbeatElapsed >= r.heartbeatTimeout {
		r.heartbeatElapsed = 0
		_ = r.Step(&Message{From: r.id, Type: MsgBeat})
	}
}

func (r *raft) tick() {
	if r.state == StateLeader {
		r.tickHeartbeat()
	} else {
		r.tickElection()
	}
}

func (r *raft) setState(s StateType, lead uint64) {
	old, oldLead := r.state, r.lead
	r.state, r.lead = s, lead
	if old != s || oldLead != lead {
		r.emit(Event{Kind: EventRole, Role: s, Lead: lead})
	}
}

func (r *raft) becomeFollower(term, lead uint64) {
	r.reset(term)
	r.setState(StateFollower, lead)
}

func (r *raft) becomePreCandidate() {
	if r.state == StateLeader {
		panic("raft: invalid transition [leader -> pre-candidate]")
	}
	// A pre-candidate changes neither its term nor its vote (thesis §9.6).
	r.trk.Votes = map[uint64]bool{}
	r.setState(StatePreCandidate, None)
}

func (r *raft) becomeCandidate() {
	if r.state == StateLeader {
		panic("raft: invalid transition [leader -> candidate]")
	}
	r.reset(r.Term + 1)
	r.Vote = r.id
	r.setState(StateCandidate, None)
}

func (r *raft) becomeLeader() {
	if r.state == StateFollower {
		panic("raft: invalid transition [follower -> leader]")
	}
	r.reset(r.Term)
	r.trk.Progress[r.id].BecomeReplicate()
	// Conservatively treat every entry as a possible unapplied
	// configuration change.
	r.pendingConfIndex = r.log.lastIndex()
	r.setState(StateLeader, r.id)
	// An empty entry of the new term commits everything before it (§5.4.2).
	r.appendEntry(Entry{})
}

// hup starts an election (or a pre-election) unless this member may not.
func (r *raft) hup(transfer bool) {
	if r.state == StateLeader {
		return
	}
	if !r.promotable() {
		return
	}
	// A configuration change committed but not applied could change who
	// votes; etcd waits for it. (view: the entries are only read here, so
	// the unstable array stays the log's to reuse.)
	ents, err := r.log.view(r.log.applied+1, r.log.committed+1)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.Type == EntryConfChange {
			return
		}
	}
	if r.preVote && !transfer {
		r.campaign(true, false)
	} else {
		r.campaign(false, transfer)
	}
}

func (r *raft) campaign(pre, transfer bool) {
	var term uint64
	var voteMsg MessageType
	if pre {
		r.becomePreCandidate()
		voteMsg = MsgPreVote
		// PreVote asks about the next term without moving to it.
		term = r.Term + 1
	} else {
		r.becomeCandidate()
		voteMsg = MsgVote
		term = r.Term
	}
	r.emit(Event{Kind: EventCampaign, Term: term, PreVote: pre})
	if r.poll(r.id, voteRespType(voteMsg), true) == quorum.VoteWon {
		// A single-voter cluster wins at once.
		if pre {
			r.campaign(false, transfer)
		} else {
			r.becomeLeader()
		}
		return
	}
	var ctx []byte
	if transfer {
		ctx = campaignTransfer
	}
	for _, id := range r.trk.Voters() {
		if id == r.id {
			continue
		}
		r.send(Message{Term: term, To: id, Type: voteMsg, Index: r.log.lastIndex(), LogTerm: r.log.lastTerm, Context: ctx})
	}
}

func (r *raft) poll(id uint64, t MessageType, granted bool) quorum.VoteResult {
	if _, voted := r.trk.Votes[id]; !voted {
		r.trk.Votes[id] = granted
	}
	_, _, res := quorum.Tally(r.trk.Voters(), r.trk.Votes)
	return res
}

// Step is the single entry point of every message (Raft paper figure 2,
// "Rules for Servers"), with etcd's PreVote and CheckQuorum rules.
func (r *raft) Step(m *Message) error {
	switch {
	case m.Term == 0:
		// local message
	case m.Term > r.Term:
		if m.Type == MsgVote || m.Type == MsgPreVote {
			force := bytes.Equal(m.Context, campaignTransfer)
			inLease := r.checkQuorum && r.lead != None && r.electionElapsed < r.electionTimeout
			if !force && inLease {
				// The leader lease: we heard from a leader within the
				// minimum election timeout, so this candidate is disruptive.
				r.emit(Event{Kind: EventVoteIgnored, Peer: m.From, Term: m.Term, PreVote: m.Type == MsgPreVote,
					Lead: r.lead, Reason: ReasonLeaderAlive})
				return nil
			}
		}
		switch {
		case m.Type == MsgPreVote:
			// Never change the term in answer to a PreVote.
		case m.Type == MsgPreVoteResp && !m.Reject:
			// The term moves when the pre-election is won.
		default:
			if m.Type == MsgApp || m.Type == MsgHeartbeat || m.Type == MsgSnap {
				r.becomeFollower(m.Term, m.From)
			} else {
				r.becomeFollower(m.Term, None)
			}
		}
	case m.Term < r.Term:
		if (r.checkQuorum || r.preVote) && (m.Type == MsgHeartbeat || m.Type == MsgApp) {
			// A stale leader cut off for a while: answer so that it learns
			// the newer term and steps down, instead of disrupting us later.
			r.send(Message{To: m.From, Type: MsgAppResp})
		} else if m.Type == MsgPreVote {
			r.emit(Event{Kind: EventVote, Peer: m.From, Term: m.Term, PreVote: true, Reason: ReasonStaleTerm})
			r.send(Message{To: m.From, Term: r.Term, Type: MsgPreVoteResp, Reject: true})
		}
		return nil
	}

	switch m.Type {
	case MsgHup:
		r.hup(false)
	case MsgVote, MsgPreVote:
		canVote := r.Vote == m.From ||
			(r.Vote == None && r.lead == None) ||
			(m.Type == MsgPreVote && m.Term > r.Term)
		if canVote && r.log.isUpToDate(m.Index, m.LogTerm) {
			r.emit(Event{Kind: EventVote, Peer: m.From, Term: m.Term, PreVote: m.Type == MsgPreVote, Granted: true})
			r.send(Message{To: m.From, Term: m.Term, Type: voteRespType(m.Type)})
			if m.Type == MsgVote {
				r.electionElapsed = 0
				r.Vote = m.From
			}
		} else {
			reason := ReasonAlreadyVoted
			if canVote {
				reason = ReasonLogBehind
			}
			r.emit(Event{Kind: EventVote, Peer: m.From, Term: m.Term, PreVote: m.Type == MsgPreVote, Reason: reason})
			r.send(Message{To: m.From, Term: r.Term, Type: voteRespType(m.Type), Reject: true})
		}
	default:
		// m goes to its role's rules. etcd's raft keeps them as a
		// function value set on each change of role (its step); a switch
		// on the role lets every message travel by pointer (a function
		// value's argument escapes to the heap) instead of being copied,
		// 128 bytes, at each level, and takes no call of its own.
		switch r.state {
		case StateLeader:
			return stepLeader(r, m)
		case StateCandidate, StatePreCandidate:
			return stepCandidate(r, m)
		}
		return stepFollower(r, m)
	}
	return nil
}

func stepLeader(r *raft, m *Message) error {
	switch m.Type {
	case MsgBeat:
		r.bcastHeartbeat(r.readOnly.lastPendingCtx())
		return nil
	case MsgCheckQuorum:
		if !r.quorumActive() {
			r.emit(Event{Kind: EventStepDown})
			r.becomeFollower(r.Term, None)
		}
		for _, id := range r.trk.IDs() {
			if id != r.id {
				r.trk.Progress[id].RecentActive = false
			}
		}
		return nil
	case MsgProp:
		if len(m.Entries) == 0 {
			panic("raft: stepped empty MsgProp")
		}
		if r.trk.Get(r.id) == nil {
			// Removed from the configuration: can no longer lead.
			return ErrProposalDropped
		}
		if r.leadTransferee != None {
			return ErrProposalDropped
		}
		for i := range m.Entries {
			e := &m.Entries[i]
			if e.Type != EntryConfChange {
				continue
			}
			if r.pendingConfIndex > r.log.applied {
				// One change at a time: the next waits for this one.
				r.emit(Event{Kind: EventConfRefused})
				*e = Entry{Type: EntryNormal}
			} else {
				r.pendingConfIndex = r.log.lastIndex() + uint64(i) + 1
			}
		}
		r.appendEntry(m.Entries...)
		r.bcastAppend()
		return nil
	case MsgReadIndex:
		r.stepReadIndex(m)
		return nil
	}

	pr := r.trk.Get(m.From)
	if pr == nil {
		return nil
	}
	switch m.Type {
	case MsgAppResp:
		pr.RecentActive = true
		if m.Reject {
			next := m.RejectHint
			if m.LogTerm > 0 {
				next = r.log.findConflictByTerm(m.RejectHint, m.LogTerm)
			}
			if pr.MaybeDecrTo(m.Index, next) {
				if pr.State == tracker.StateReplicate {
					pr.BecomeProbe()
				}
				r.maybeSendAppend(m.From, pr, true)
			}
			return nil
		}
		oldPaused := pr.IsPaused()
		if !pr.MaybeUpdate(m.Index) {
			return nil
		}
		switch {
		case pr.State == tracker.StateProbe:
			pr.BecomeReplicate()
		case pr.State == tracker.StateSnapshot && pr.Match >= pr.PendingSnapshot:
			pr.BecomeProbe()
			pr.BecomeReplicate()
		}
		// An acknowledgement at or below the commit index cannot move it:
		// the quorum index only counts matches above it, and none changed
		// (every change of matches, voters or term ran maybeCommit). At 5
		// voters that is the last two acks of every entry.
		if pr.Match > r.log.committed && r.maybeCommit() {
			r.releasePendingReads()
			r.bcastAppend()
		} else if oldPaused {
			r.maybeSendAppend(m.From, pr, true)
		}
		// (maybeSendAppend sends nothing with nothing new: not called for
		// most acknowledgements.)
		for pr.Next <= r.log.lastIndex() && r.maybeSendAppend(m.From, pr, false) {
		}
		if m.From == r.leadTransferee && pr.Match == r.log.lastIndex() {
			r.sendTimeoutNow(m.From)
		}
	case MsgHeartbeatResp:
		pr.RecentActive = true
		pr.ProbeSent = false
		if pr.Match < r.log.lastIndex() {
			r.maybeSendAppend(m.From, pr, true)
		}
		if len(m.Context) == 0 {
			return nil
		}
		r.readOnly.recvAck(m.From, m.Context)
		r.releaseConfirmedReads()
	case MsgSnapStatus:
		if pr.State != tracker.StateSnapshot {
			return nil
		}
		if m.Reject {
			pr.PendingSnapshot = 0
		}
		pr.BecomeProbe()
		// Wait for the follower's answer (or the next heartbeat) before
		// probing again.
		pr.ProbeSent = true
	case MsgTransferLeader:
		if pr.IsLearner {
			return nil
		}
		target := m.From
		if r.leadTransferee != None {
			if r.leadTransferee == target {
				return nil
			}
			r.abortLeaderTransfer()
		}
		if target == r.id {
			return nil
		}
		// Transfer must finish within an election timeout, or it is aborted.
		r.electionElapsed = 0
		r.leadTransferee = target
		r.emit(Event{Kind: EventTransfer, Peer: target})
		if pr.Match == r.log.lastIndex() {
			r.sendTimeoutNow(target)
		} else {
			r.sendAppend(target)
		}
	}
	return nil
}

// stepCandidate serves both candidates and pre-candidates.
func stepCandidate(r *raft, m *Message) error {
	myResp := MsgVoteResp
	if r.state == StatePreCandidate {
		myResp = MsgPreVoteResp
	}
	switch m.Type {
	case MsgProp:
		return ErrProposalDropped
	case MsgApp:
		r.becomeFollower(m.Term, m.From)
		r.handleAppendEntries(m)
	case MsgHeartbeat:
		r.becomeFollower(m.Term, m.From)
		r.handleHeartbeat(m)
	case MsgSnap:
		r.becomeFollower(m.Term, m.From)
		r.handleSnapshot(m)
	case myResp:
		switch r.poll(m.From, m.Type, !m.Reject) {
		case quorum.VoteWon:
			if r.state == StatePreCandidate {
				r.campaign(false, false)
			} else {
				r.becomeLeader()
				r.bcastAppend()
			}
		case quorum.VoteLost:
			term := r.Term
			if r.state == StatePreCandidate {
				term++ // a pre-election asks about the next term
			}
			r.emit(Event{Kind: EventElectionLost, Term: term, PreVote: r.state == StatePreCandidate})
			// A rejection carries the rejecter's term (for a PreVote it may
			// be ahead); become follower there.
			r.becomeFollower(r.Term, None)
		}
	}
	return nil
}

func stepFollower(r *raft, m *Message) error {
	switch m.Type {
	case MsgProp:
		if r.lead == None {
			return ErrProposalDropped
		}
		// A follower forwards a write to its leader (etcd: "writes go
		// through the leader").
		m.To = r.lead
		r.send(*m)
	case MsgApp:
		r.electionElapsed = 0
		r.lead = m.From
		r.handleAppendEntries(m)
	case MsgHeartbeat:
		r.electionElapsed = 0
		r.lead = m.From
		r.handleHeartbeat(m)
	case MsgSnap:
		r.electionElapsed = 0
		r.lead = m.From
		r.handleSnapshot(m)
	case MsgTransferLeader:
		if r.lead == None {
			return ErrProposalDropped
		}
		m.To = r.lead
		r.send(*m)
	case MsgTimeoutNow:
		// Leadership transfer: campaign at once, skipping PreVote.
		r.emit(Event{Kind: EventTimeout, Peer: m.From, Reason: ReasonTimeoutNow})
		r.hup(true)
	case MsgReadIndex:
		if r.lead == None {
			return ErrProposalDropped
		}
		m.To = r.lead
		r.send(*m)
	case MsgReadIndexResp:
		if len(m.Entries) != 1 {
			return nil
		}
		r.readStates = append(r.readStates, ReadState{Index: m.Index, RequestCtx: m.Entries[0].Data})
	}
	return nil
}

func (r *raft) handleAppendEntries(m *Message) {
	if m.Index < r.log.committed {
		r.send(Message{To: m.From, Type: MsgAppResp, Index: r.log.committed})
		return
	}
	if last, ok := r.log.maybeAppend(m.Index, m.LogTerm, m.Commit, m.Entries); ok {
		r.sendNew(m.From, MsgAppResp).Index = last
		return
	}
	// Reject with a hint: our last index at or below m.Index whose term is at
	// most m.LogTerm. The leader skips everything after it.
	hint := r.log.findConflictByTerm(min(m.Index, r.log.lastIndex()), m.LogTerm)
	r.emit(Event{Kind: EventAppendRejected, Peer: m.From, Index: m.Index, LogTerm: m.LogTerm, Hint: hint})
	r.send(Message{To: m.From, Type: MsgAppResp, Index: m.Index, Reject: true,
		RejectHint: hint, LogTerm: r.log.zeroTermOnErr(hint)})
}

func (r *raft) handleHeartbeat(m *Message) {
	if m.Commit > r.log.committed {
		r.log.commitTo(min(m.Commit, r.log.lastIndex()))
	}
	r.send(Message{To: m.From, Type: MsgHeartbeatResp, Context: m.Context})
}

func (r *raft) handleSnapshot(m *Message) {
	s := *m.Snapshot
	if r.restore(s) {
		r.emit(Event{Kind: EventSnapshotRestored, Peer: m.From, Index: s.Metadata.Index, LogTerm: s.Metadata.Term})
		r.send(Message{To: m.From, Type: MsgAppResp, Index: r.log.lastIndex()})
	} else {
		r.send(Message{To: m.From, Type: MsgAppResp, Index: r.log.committed})
	}
}

// restore installs a snapshot from the leader, unless our log already
// covers it.
func (r *raft) restore(s Snapshot) bool {
	if s.Metadata.Index <= r.log.committed {
		return false
	}
	if r.state != StateFollower {
		// Only a follower takes a snapshot; anything else is a bug, as in
		// etcd, but recover rather than crash.
		r.becomeFollower(r.Term+1, None)
		return false
	}
	if r.log.matchTerm(s.Metadata.Index, s.Metadata.Term) {
		// We have the entry: just fast-forward commit.
		r.log.commitTo(s.Metadata.Index)
		return false
	}
	r.log.restore(s)
	r.restoreConf(s.Metadata.ConfState)
	return true
}

// quorumActive reports whether a majority of voters, the leader itself
// included, was heard from since the last check (CheckQuorum, thesis
// §6.2): counted over the voters, no map built.
func (r *raft) quorumActive() bool {
	active := 0
	for _, id := range r.trk.Voters() {
		if pr, ok := r.trk.Progress[id]; ok && (id == r.id || pr.RecentActive) {
			active++
		}
	}
	return active >= quorum.Size(len(r.trk.Voters()))
}

func (r *raft) sendTimeoutNow(to uint64) {
	r.send(Message{To: to, Type: MsgTimeoutNow})
}

func (r *raft) abortLeaderTransfer() { r.leadTransferee = None }

// applyConfChange changes the membership once its entry is applied.
func (r *raft) applyConfChange(cc ConfChange) ConfState {
	next := r.log.lastIndex() + 1
	pr := r.trk.Progress[cc.NodeID]
	switch cc.Type {
	case ConfChangeAddNode:
		if pr == nil {
			r.trk.Add(cc.NodeID, &tracker.Progress{Next: next, RecentActive: true})
		} else {
			r.trk.Promote(cc.NodeID)
		}
	case ConfChangeAddLearnerNode:
		if pr == nil {
			r.trk.Add(cc.NodeID, &tracker.Progress{Next: next, IsLearner: true, RecentActive: true})
		}
	case ConfChangeRemoveNode:
		r.trk.Remove(cc.NodeID)
	}
	self, ok := r.trk.Progress[r.id]
	r.isLearner = ok && self.IsLearner
	if r.state != StateLeader || len(r.trk.Voters()) == 0 {
		return r.confState()
	}
	// The quorum changed: commit may move, and new members need entries.
	if r.maybeCommit() {
		r.releasePendingReads()
		r.bcastAppend()
	} else {
		prs := r.trk.Prs()
		for i, id := range r.trk.IDs() {
			if id != r.id {
				r.maybeSendAppend(id, prs[i], false)
			}
		}
	}
	if r.leadTransferee != None && !r.trk.IsVoter(r.leadTransferee) {
		r.abortLeaderTransfer()
	}
	return r.confState()
}
