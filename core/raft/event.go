package raft

// EventKind names what happened inside a member, for the trace and for the
// sentences a learner reads in the event log.
type EventKind int

const (
	EventRole             EventKind = iota // the member's role or leader changed
	EventTimeout                           // the election timer fired (or MsgTimeoutNow)
	EventCampaign                          // a (pre-)election started
	EventVote                              // a vote was granted or refused
	EventVoteIgnored                       // a vote request ignored under the leader lease
	EventElectionLost                      // a majority refused
	EventStepDown                          // a leader lost its quorum (CheckQuorum)
	EventAppendRejected                    // an append failed the consistency check
	EventSnapshotSent                      // a leader sent a snapshot
	EventSnapshotRestored                  // a follower installed a snapshot
	EventTransfer                          // a leader started a leadership transfer
	EventConfRefused                       // a configuration change waited for a pending one
	EventTimerReset                        // the election timer restarted with a new random timeout
)

var eventNames = [...]string{"role", "timeout", "campaign", "vote", "vote-ignored", "election-lost",
	"step-down", "append-rejected", "snapshot-sent", "snapshot-restored", "transfer", "conf-refused",
	"timer-reset"}

func (k EventKind) String() string { return eventNames[k] }

// Event is one thing that happened, with the term it happened in and the
// other member involved (or None).
type Event struct {
	Kind   EventKind
	Term   uint64
	Peer   uint64
	Detail string
}
