package lab

// The typed observation API: everything that happens in the lab, as data.
// The page animates and tells it, lessons check it, tests assert on it;
// nobody reads the simulator's trace or parses a sentence.

import (
	"slices"
	"time"

	"github.com/raftlab/raftlab/core/console"
	"github.com/raftlab/raftlab/core/pending"
	"github.com/raftlab/raftlab/core/raft"
	"github.com/raftlab/raftlab/core/sim"
)

// EventKind is what an Event is about.
type EventKind int

const (
	// Messages on the network (Member sends to Peer).
	EventSend    EventKind = iota + 1 // a message left its sender
	EventDeliver                      // it reached its receiver
	EventDrop                         // it was lost (Reason says why)

	// Raft, inside one member (Raft paper §5, thesis §3, §4, §9).
	EventRole           // Member's role or leader changed (Role, Leader)
	EventTimeout        // Member's election timer fired, or Peer (its leader) told it to time out now (Reason)
	EventCampaign       // Member started a (pre-)election for Term (PreVote)
	EventVote           // Member answered Peer's (pre-)vote request for Term (Granted, Reason, PreVote)
	EventVoteIgnored    // Member ignored Peer's vote request: Leader is alive (the leader lease)
	EventElectionLost   // a majority refused Member's (pre-)election for Term
	EventStepDown       // leader Member heard from no quorum for an election timeout (CheckQuorum)
	EventAppendRejected // Member refused Peer's append: the logs differ at Index/LogTerm (Hint: back up to)
	EventSnapshotSent   // leader Member sent Peer its snapshot up to Index
	EventSnapshot       // Member installed Peer's snapshot up to Index/LogTerm
	EventTransfer       // leader Member started handing leadership to Peer
	EventConfRefused    // leader Member refused a configuration change: one is still pending
	EventTimerReset     // Member's election timer restarted with a random timeout of Ticks

	// Storage and the state machine.
	EventAppend          // Member stored Entries new log entries, up to Index
	EventCommit          // Member learned that everything up to Index is committed
	EventApply           // Member applied the entry at Index to its state machine
	EventSnapshotCreated // Member snapshotted its state at Index and compacted its log

	// Processes.
	EventStart    // Member started (or restarted from its disk)
	EventKill     // Member crashed; only its disk survives
	EventStopping // Member is stopping gracefully (a leader hands over first)
	EventRemoved  // Member was removed from the cluster and stopped

	// The console.
	EventCommandStarted  // console command Call (Command) started
	EventCommandFinished // console command Call finished with Exit
	EventReset           // the console replaced the cluster (reset, lesson start): names may differ

	// Requests and answers on connections (Conn): a client's request to
	// Peer and its answer (Reply), a member's request to another (a
	// forward to the leader). Member sends to Peer; Method is etcd's RPC.
	EventPacketSend    // it left Member
	EventPacketDeliver // it reached Peer
	EventPacketDrop    // it was lost (Reason): its connection broke
)

var eventKindNames = [...]string{"", "send", "deliver", "drop", "role", "timeout", "campaign", "vote",
	"vote-ignored", "election-lost", "step-down", "append-rejected", "snapshot-sent", "snapshot",
	"transfer", "conf-refused", "timer-reset", "append", "commit", "apply", "snapshot-created",
	"start", "kill", "stopping", "removed", "command-started", "command-finished", "reset",
	"packet-send", "packet-deliver", "packet-drop"}

func (k EventKind) String() string {
	if int(k) < len(eventKindNames) {
		return eventKindNames[k]
	}
	return "event?"
}

// MessageType is a Raft message's type (etcd-io/raft's names).
type MessageType = raft.MessageType

// The message types that cross the network.
const (
	MsgProp           = raft.MsgProp
	MsgApp            = raft.MsgApp
	MsgAppResp        = raft.MsgAppResp
	MsgVote           = raft.MsgVote
	MsgVoteResp       = raft.MsgVoteResp
	MsgPreVote        = raft.MsgPreVote
	MsgPreVoteResp    = raft.MsgPreVoteResp
	MsgHeartbeat      = raft.MsgHeartbeat
	MsgHeartbeatResp  = raft.MsgHeartbeatResp
	MsgSnap           = raft.MsgSnap
	MsgReadIndex      = raft.MsgReadIndex
	MsgReadIndexResp  = raft.MsgReadIndexResp
	MsgTransferLeader = raft.MsgTransferLeader
	MsgTimeoutNow     = raft.MsgTimeoutNow
)

// Role is a member's role, with MemberStatus.Role's words.
type Role string

const (
	RoleFollower     Role = "follower"
	RoleCandidate    Role = "candidate"
	RolePreCandidate Role = "pre-candidate"
	RoleLeader       Role = "leader"
)

// Conn is a kind of connection.
type Conn string

const (
	ConnClient   Conn = "client"   // a client (etcdctl, the Go client, kube-apiserver) to a member
	ConnPeer     Conn = "peer"     // a member to another: a request it passes to its leader
	ConnSnapshot Conn = "snapshot" // a leader streaming its snapshot to a follower
)

var conns = [...]Conn{sim.ConnClient: ConnClient, sim.ConnPeer: ConnPeer, sim.ConnSnapshot: ConnSnapshot}

// Traffic is what a message or packet on the network carries: Raft's own
// work between members, a client's request and its answer, a member passing
// a client's request on to its leader and the leader's answer, or a
// leader's snapshot. Whoever draws or counts traffic tells them apart by it.
type Traffic int

const (
	// TrafficRaft is Raft's own work between members: appends,
	// heartbeats, votes, timeout-now (Raft paper §5, thesis §3.10).
	TrafficRaft Traffic = iota + 1
	// TrafficClient is a client's request to the member serving it
	// (ConnClient), TrafficClientAnswer that member's answer.
	TrafficClient
	TrafficClientAnswer
	// TrafficForward is a member passing a client's request on to its
	// leader: Raft's forwarding of a proposal, a read index or a transfer
	// (MsgProp, MsgReadIndex, MsgTransferLeader), or a request on its peer
	// connection (ConnPeer: a lease renewal, a membership change).
	// TrafficForwardAnswer is the leader's answer: MsgReadIndexResp, or
	// the answer on the peer connection.
	TrafficForward
	TrafficForwardAnswer
	// TrafficSnapshot is a leader's snapshot streamed to a follower its
	// log no longer reaches (MsgSnap on ConnSnapshot: etcd's snapshot
	// sender).
	TrafficSnapshot
)

var trafficNames = [...]string{"", "raft", "client", "client-answer", "forward", "forward-answer", "snapshot"}

func (t Traffic) String() string {
	if int(t) < len(trafficNames) {
		return trafficNames[t]
	}
	return "traffic?"
}

// trafficOf is what a traced message or packet carries.
func trafficOf(r *sim.Record) Traffic {
	switch {
	case r.Conn == sim.ConnSnapshot:
		return TrafficSnapshot
	case r.Conn == sim.ConnClient && r.Reply:
		return TrafficClientAnswer
	case r.Conn == sim.ConnClient:
		return TrafficClient
	case r.Conn == sim.ConnPeer && r.Reply:
		return TrafficForwardAnswer
	case r.Conn == sim.ConnPeer:
		return TrafficForward
	}
	switch r.MsgType {
	case raft.MsgProp, raft.MsgReadIndex, raft.MsgTransferLeader:
		return TrafficForward
	case raft.MsgReadIndexResp:
		return TrafficForwardAnswer
	}
	return TrafficRaft
}

// Reason says why a vote was refused or ignored, why a timer fired, or why
// a message was lost.
type Reason int

const (
	ReasonNone            Reason = iota
	ReasonAlreadyVoted           // the voter voted for another candidate this term, or follows a leader (§5.2)
	ReasonLogBehind              // the candidate's log is less up-to-date than the voter's (§5.4.1)
	ReasonStaleTerm              // the request's term is older than the voter's
	ReasonLeaderAlive            // the voter heard from its leader within the election timeout (leader lease)
	ReasonElectionTimeout        // no leader was heard for a randomized election timeout (§5.2)
	ReasonTimeoutNow             // the leader asked for a campaign now (leadership transfer)
	ReasonPartition              // the link between the two members is cut
	ReasonLoss                   // random loss on the link (`drop <rate>`)
	ReasonMemberDown             // the receiver is not running
	ReasonRemovedSender          // the sender was removed from the cluster (etcd answers 410 Gone)
	ReasonConnBroken             // an earlier message on its connection was lost
)

var reasonNames = [...]string{"", "already-voted", "log-behind", "stale-term", "leader-alive",
	"election-timeout", "timeout-now", "partition", "loss", "member-down", "removed-sender", "conn-broken"}

func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "reason?"
}

// Event is one thing that happened in the lab. Only the fields its Kind
// names are set (see EventKind); the rest are zero.
type Event struct {
	// At is the virtual time it happened.
	At   time.Duration
	Kind EventKind
	// Member is where it happened: a message's sender, the member whose
	// Raft or process it is about; "" for console events.
	Member string
	// Peer is the other member: a message's receiver, the candidate a
	// vote answers, the leader that sent a snapshot or a transfer target.
	Peer string
	// Term is the term it concerns: a message's term, the term of a
	// (pre-)election and its votes (a pre-vote asks about the next term),
	// an entry's term, otherwise the member's term.
	Term uint64

	// Msg is a message's type; MsgID follows one message from its send to
	// its delivery or drop (a duplicated message is delivered twice).
	Msg   MessageType
	MsgID uint64
	// Entries is how many log entries a message carries or an append stored.
	Entries int
	// Reject marks a response that refuses (a vote, an append).
	Reject bool
	// Forward marks a client's request a follower passes to its leader
	// (a proposal, a read index or a leadership transfer): etcd's
	// "writes go through the leader".
	Forward bool
	// Traffic is what a message or packet carries (set on every send,
	// delivery and drop): Raft's own, a client's, a forward to the leader
	// or its answer, a snapshot.
	Traffic Traffic

	// Conn is the connection a packet travels on (or a snapshot is
	// streamed on), ConnID which one; Reply marks an answer; Method is the
	// request's RPC ("Put", "LeaseKeepAlive").
	Conn   Conn
	ConnID uint64
	Reply  bool
	Method string
	// Host is the machine of a client connection's client (the console's
	// host, a control-plane node's kube-apiserver), also one that runs no
	// member: Member (or Peer for an answer) is then "".
	Host string

	// Index: a message's log index, the last index appended, committed or
	// applied, a snapshot's index, or a refused append's previous index.
	Index uint64
	// LogTerm: the term at Index in a message, snapshot or refused append.
	LogTerm uint64
	// Hint is where a follower that refused an append tells the leader to
	// back up to (fast log backtracking).
	Hint uint64

	// Role and Leader: Member's new role and the leader it follows
	// (EventRole), or the live leader that made it ignore a vote request.
	Role   Role
	Leader string
	// PreVote marks a pre-election and its votes (etcd's --pre-vote).
	PreVote bool
	// Granted is whether a vote was given (EventVote).
	Granted bool
	// Reason is why a vote was refused, a timer fired or a message lost.
	Reason Reason
	// Ticks is how many heartbeat intervals passed without a leader
	// (EventTimeout), or the new randomized election timeout in ticks
	// (EventTimerReset).
	Ticks int

	// Command is a console command line; Call its job number; Exit its
	// exit code once finished.
	Command string
	Call    int
	Exit    int
}

// observers are the lab's Observe callbacks and the events Events keeps.
// They belong to the session, not to one cluster: everything that replaces
// the world inside the lab (reset, cluster from-flags, lesson start, a
// restore on a new data dir) hands them on (adopt), so one observer sees
// one timeline.
type observers struct {
	// list is in registration order; cancel replaces it (never edits it
	// in place), so an emit under way is not disturbed.
	list []*observer
	// on is the world whose trace feeds them (a reset makes a new one).
	on *sim.World
	// pending is what Events has not handed out yet (nil until the first
	// call of Events).
	pending *pending.Queue[Event]
}

type observer struct {
	f     func(Event)
	owner *observers
}

// Observe calls f with every event from now on, in the order they
// happen, until cancel is called: the lab runs the world one event at a
// time while it has observers, and calls f with what each simulator event
// did right after it (before the next one runs), and with what a call
// that changes the cluster did (Submit, Kill...) before that call returns.
// Observers stay across everything that replaces the cluster inside the
// lab: reset (seen as EventReset), cluster from-flags, lesson start, a
// restore on a new data dir. f may read the lab but must not change it
// (run commands, advance time): it runs in the middle of a run.
func (l *Lab) Observe(f func(Event)) (cancel func()) {
	if l.obs == nil {
		l.obs = &observers{}
	}
	ob := &observer{f: f, owner: l.obs}
	l.obs.list = append(l.obs.list, ob)
	l.listen()
	l.heedCalls()
	return func() {
		o := ob.owner
		o.list = slices.DeleteFunc(slices.Clone(o.list), func(x *observer) bool { return x == ob })
		ob.f = nil
	}
}

// listen makes the current world keep its trace's records for the
// observers, from now on (hear reads them).
func (l *Lab) listen() {
	o := l.obs
	if o == nil || o.on == l.w {
		return
	}
	o.on = l.w
	l.w.Trace().Keep()
	l.w.Trace().Kept() // what it made before (a lesson's setup) is not the session's
}

// hear tells the observers what happened since the lab last looked, in the
// order it happened: the world's new trace records, and the console's
// commands started and finished (console.CallHistory), each placed between
// the records by where it happened on the trace. The lab runs the world
// one event at a time (sim.World.RunNext) and hears after each, and at the
// end of each call that changes the cluster; so neither the world nor the
// console calls back into the lab, and observers still see every event
// right after the simulator event that made it, before the next one runs
// (a lesson's checks on its grid included).
func (l *Lab) hear() {
	if l.hearing || l.obs == nil {
		// An observer made something happen: heard at the next look. Or
		// nobody to tell: the world keeps no records for the lab then, nor
		// the console its commands' starts and ends (heedCalls).
		return
	}
	l.unlisten()
	var recs []sim.Record
	var first uint64
	if o := l.obs; o != nil && o.on == l.w {
		tr := l.w.Trace()
		var dropped uint64
		recs, dropped = tr.Kept()
		first = tr.Count() - uint64(len(recs))
		if p := o.pending; p != nil {
			// The world ran far without the lab hearing (only pulled from, or
			// run directly): Events counts the records lost (records, not
			// events: see Events).
			p.Drop(int(dropped))
		}
	}
	calls := l.con.CallHistory()
	if len(recs) == 0 && len(calls) == 0 {
		return
	}
	l.hearing = true
	defer func() { l.hearing = false }()
	for i := range recs {
		for len(calls) > 0 && calls[0].Trace <= first+uint64(i) {
			l.heardCall(calls[0])
			calls = calls[1:]
		}
		if o := l.obs; len(o.list) > 0 || o.pending != nil {
			l.observeRecord(&recs[i])
		}
	}
	for _, c := range calls {
		l.heardCall(c)
	}
}

// unlisten stops the world keeping its trace's records once nobody reads
// them: the last observer was cancelled and Events was never called
// (listen starts again for a new one). It runs at hear, on the lab that
// owns the observers now: cancel may be called through a lab a reset
// replaced.
func (l *Lab) unlisten() {
	if o := l.obs; o != nil && o.on != nil && o.on == l.w && len(o.list) == 0 && o.pending == nil {
		l.w.Trace().Unkeep()
		o.on = nil
		l.heedCalls()
	}
}

// heedCalls tells the console whether the lab reads its commands' starts
// and ends (console.CallHistory): only to tell observers, the reader of
// Events and a lesson (which observes) of them. Called whenever one comes
// or goes (Observe, Events, adopt; unlisten once none is left), before
// anything it would hear of happens.
func (l *Lab) heedCalls() {
	o := l.obs
	l.con.KeepCallHistory(l.lesson != nil || o != nil && (len(o.list) > 0 || o.pending != nil))
}

// adopt keeps the session's observers (obs, l's before n's cluster was
// copied in) on the new cluster, and adds after them those registered on
// n while it was built (a lesson's, during its setup): none is dropped.
func (l *Lab) adopt(obs, n *observers) {
	switch {
	case obs == nil:
		obs = n
	case n != nil && n != obs:
		for _, ob := range n.list {
			ob.owner = obs
		}
		obs.list = append(slices.Clone(obs.list), n.list...)
		n.list, n.on = nil, nil
	}
	l.obs = obs
	l.listen()
	l.heedCalls()
}

// heardCall tells a journaled console command's start or end; its end
// goes to the lesson too.
func (l *Lab) heardCall(e console.CallEvent) {
	c := e.Call
	if l.obs != nil { // an Event is about 250 bytes: none made for no one
		if !e.Done {
			l.emit(Event{At: c.Start(), Kind: EventCommandStarted, Command: c.Line, Call: c.ID})
			return
		}
		l.emit(Event{At: c.End(), Kind: EventCommandFinished, Command: c.Line, Call: c.ID, Exit: c.Result().Exit})
	}
	if e.Done {
		l.lessonCommand(c)
	}
}

func (l *Lab) emit(e Event) { l.emitRef(&e) }

// emitRef is emit without copying the event (about 250 bytes) on the way.
func (l *Lab) emitRef(e *Event) {
	if l.obs == nil {
		return
	}
	// Deterministic order: observers in registration order.
	for _, ob := range l.obs.list {
		if f := ob.f; f != nil {
			f(*e)
		}
	}
	if p := l.obs.pending; p != nil {
		p.Add(e)
	}
}

// MaxPendingEvents bounds the events Events keeps between two calls: a
// caller that lets the lab run for long without asking (a long Run or
// Exec) loses the oldest, counted, rather than the lab growing without
// end (an Event is about 250 bytes: this is about 1 MB).
const MaxPendingEvents = 4096

// Events returns the events that happened since its last call, oldest
// first, and a count of what was lost to stay within bounds (the newest
// are kept): the events dropped past MaxPendingEvents, plus the simulator
// trace records dropped past sim.MaxKept before the lab read them (one
// long run without observers, or the world run directly). Those are
// records, not events: each would have made at most one event and some
// make none, so the count bounds the events lost from above.
// The first call starts keeping them (and returns none): a lab nobody asks
// keeps nothing. The slice is valid until the next call.
//
// It is the pulling twin of Observe, for a caller that reads the lab after
// driving it (the page, after each frame's steps, after each command it
// submits): the lab never calls back into it, and its events are the same,
// in the same order, as an observer registered at the first call sees.
// Like observers, the events belong to the session: they go on across
// reset, cluster from-flags, lesson start and a restore.
func (l *Lab) Events() (evs []Event, dropped int) {
	if l.obs == nil {
		l.obs = &observers{}
	}
	p := l.obs.pending
	if p == nil {
		l.obs.pending = &pending.Queue[Event]{Max: MaxPendingEvents}
		l.listen()
		l.heedCalls()
		return nil, 0
	}
	return p.Take()
}

var dropReasons = [...]Reason{sim.DropPartition: ReasonPartition, sim.DropLoss: ReasonLoss,
	sim.DropMemberDown: ReasonMemberDown, sim.DropRemovedSender: ReasonRemovedSender,
	sim.DropConnBroken: ReasonConnBroken}

var raftReasons = [...]Reason{raft.ReasonAlreadyVoted: ReasonAlreadyVoted, raft.ReasonLogBehind: ReasonLogBehind,
	raft.ReasonStaleTerm: ReasonStaleTerm, raft.ReasonLeaderAlive: ReasonLeaderAlive,
	raft.ReasonElectionTimeout: ReasonElectionTimeout, raft.ReasonTimeoutNow: ReasonTimeoutNow}

var raftKinds = [...]EventKind{raft.EventRole: EventRole, raft.EventTimeout: EventTimeout,
	raft.EventCampaign: EventCampaign, raft.EventVote: EventVote, raft.EventVoteIgnored: EventVoteIgnored,
	raft.EventElectionLost: EventElectionLost, raft.EventStepDown: EventStepDown,
	raft.EventAppendRejected: EventAppendRejected, raft.EventSnapshotSent: EventSnapshotSent,
	raft.EventSnapshotRestored: EventSnapshot, raft.EventTransfer: EventTransfer,
	raft.EventConfRefused: EventConfRefused, raft.EventTimerReset: EventTimerReset}

var roles = [...]Role{raft.StateFollower: RoleFollower, raft.StateCandidate: RoleCandidate,
	raft.StatePreCandidate: RolePreCandidate, raft.StateLeader: RoleLeader}

var faults = [...]EventKind{sim.FaultStart: EventStart, sim.FaultKill: EventKill,
	sim.FaultStopping: EventStopping, sim.FaultRemoved: EventRemoved}

// hops are the events of a message's send, delivery and loss: a Raft
// message, or a packet on a connection.
var hops = [...]EventKind{sim.KindSend: EventSend, sim.KindDeliver: EventDeliver, sim.KindDrop: EventDrop,
	sim.KindPacketSend: EventPacketSend, sim.KindPacketDeliver: EventPacketDeliver, sim.KindPacketDrop: EventPacketDrop}

// observeRecord turns one trace record into an Event.
func (l *Lab) observeRecord(r *sim.Record) {
	e := Event{At: r.At, Member: l.name(r.Member), Term: r.Term, Index: r.Index}
	switch r.Kind {
	case sim.KindSend, sim.KindDeliver, sim.KindDrop, sim.KindPacketSend, sim.KindPacketDeliver, sim.KindPacketDrop:
		e.Kind, e.Reason = hops[r.Kind], dropReasons[r.Drop]
		e.Member, e.Peer, e.MsgID = l.name(r.From), l.name(r.To), r.ID
		e.Conn, e.ConnID, e.Reply, e.Method, e.Host = conns[r.Conn], r.ConnID, r.Reply, r.Method, r.Host
		e.Traffic = trafficOf(r)
		if r.Kind == sim.KindSend || r.Kind == sim.KindDeliver || r.Kind == sim.KindDrop { // a Raft message
			e.Msg, e.Entries, e.Reject = r.MsgType, r.NumEntries, r.Reject
			e.Forward = e.Traffic == TrafficForward
		}
	case sim.KindAppend:
		e.Kind, e.Entries = EventAppend, r.NumEntries
	case sim.KindCommit:
		e.Kind = EventCommit
	case sim.KindApply:
		e.Kind = EventApply
	case sim.KindSnapshot:
		if r.Snapshot != sim.SnapshotCreated {
			return // an installed snapshot is told by Raft's own event, with its sender
		}
		e.Kind = EventSnapshotCreated
	case sim.KindFault:
		e.Kind = faults[r.Fault]
	case sim.KindRole, sim.KindVote, sim.KindTimer, sim.KindRaft:
		ev := r.Event
		e.Kind, e.Term, e.Peer, e.PreVote, e.Granted = raftKinds[ev.Kind], ev.Term, l.name(ev.Peer), ev.PreVote, ev.Granted
		e.Reason, e.Index, e.LogTerm, e.Hint, e.Ticks = raftReasons[ev.Reason], ev.Index, ev.LogTerm, ev.Hint, ev.Ticks
		e.Leader = l.name(ev.Lead)
		if ev.Kind == raft.EventRole {
			e.Role = roles[ev.Role]
		}
	default:
		return
	}
	l.emitRef(&e)
}
