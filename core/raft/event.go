package raft

// EventKind names what happened inside a member, for the trace, for lesson
// checks and for the sentences a learner reads in the event log. Events are
// data: nobody reads meaning back out of text.
type EventKind int

const (
	EventRole             EventKind = iota // the member's role or leader changed (Role, Lead)
	EventTimeout                           // the election timer fired, or the leader sent MsgTimeoutNow (Reason, Ticks)
	EventCampaign                          // a (pre-)election started (Term of the election, PreVote)
	EventVote                              // a vote was granted or refused (Peer, Term, PreVote, Granted, Reason)
	EventVoteIgnored                       // a vote request ignored under the leader lease (Peer, Term, PreVote, Lead)
	EventElectionLost                      // a majority refused (Term, PreVote)
	EventStepDown                          // a leader lost its quorum (CheckQuorum)
	EventAppendRejected                    // an append failed the consistency check (Peer, Index, LogTerm, Hint)
	EventSnapshotSent                      // a leader sent a snapshot (Peer, Index, LogTerm)
	EventSnapshotRestored                  // a follower installed a snapshot (Peer, Index, LogTerm)
	EventTransfer                          // a leader started a leadership transfer (Peer)
	EventConfRefused                       // a configuration change waited for a pending one
	EventTimerReset                        // the election timer restarted with a new random timeout (Ticks)
)

var eventNames = [...]string{"role", "timeout", "campaign", "vote", "vote-ignored", "election-lost",
	"step-down", "append-rejected", "snapshot-sent", "snapshot-restored", "transfer", "conf-refused",
	"timer-reset"}

func (k EventKind) String() string {
	if int(k) < len(eventNames) {
		return eventNames[k]
	}
	return "event?"
}

// Reason says why a vote was refused or ignored, or why a timer fired.
type Reason int

const (
	ReasonNone Reason = iota
	// ReasonAlreadyVoted: the voter gave its vote in this term to another
	// candidate, or follows a leader (Raft paper §5.2: one vote per term).
	ReasonAlreadyVoted
	// ReasonLogBehind: the candidate's log is less up-to-date than the
	// voter's (§5.4.1, the election restriction).
	ReasonLogBehind
	// ReasonStaleTerm: the request carried a term older than the voter's.
	ReasonStaleTerm
	// ReasonLeaderAlive: the voter heard from a leader within the minimum
	// election timeout (the leader lease, thesis §4.2.3).
	ReasonLeaderAlive
	// ReasonElectionTimeout: no leader was heard for a randomized election
	// timeout (§5.2).
	ReasonElectionTimeout
	// ReasonTimeoutNow: the leader told this member to campaign at once
	// (leadership transfer, thesis §3.10).
	ReasonTimeoutNow
)

var reasonNames = [...]string{"", "already-voted", "log-behind", "stale-term", "leader-alive",
	"election-timeout", "timeout-now"}

func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "reason?"
}

// Event is one thing that happened inside a member. Only the fields its
// kind names are set; the rest are zero.
type Event struct {
	Kind EventKind
	// Term is the term the event concerns: for a campaign, a vote, an
	// ignored vote and a lost election, the term of that election (for a
	// pre-vote, the term it asks about); otherwise the member's term.
	Term uint64
	// Peer is the other member involved (voter's candidate, rejected
	// leader, transfer target, snapshot peer), or None.
	Peer uint64
	// Role is the member's new role (EventRole).
	Role StateType
	// Lead is the leader the member now follows (EventRole), or the leader
	// still alive that made it ignore a vote request (EventVoteIgnored).
	Lead uint64
	// PreVote marks a pre-election and its votes (thesis §9.6).
	PreVote bool
	// Granted is whether a vote was given (EventVote).
	Granted bool
	// Reason is why a vote was refused or ignored, or a timer fired.
	Reason Reason
	// Index and LogTerm: a rejected append's previous entry, or a
	// snapshot's last entry.
	Index   uint64
	LogTerm uint64
	// Hint is where a rejecting follower tells the leader to back up to
	// (fast log backtracking, §5.3).
	Hint uint64
	// Ticks: how long no leader was heard (EventTimeout), or the new
	// randomized election timeout (EventTimerReset).
	Ticks int
}
