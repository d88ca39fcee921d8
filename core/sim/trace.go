package sim

import (
	"fmt"
	"time"

	"github.com/raftlab/raftlab/core/pending"
	"github.com/raftlab/raftlab/core/raft"
)

// Kind is what a trace record is about.
type Kind int

const (
	KindSend Kind = iota
	KindDeliver
	KindDrop
	KindRole
	KindVote
	KindAppend
	KindCommit
	KindApply
	KindTimer
	KindRaft // any other event raft reported (campaign, step-down, ...)
	KindFault
	KindSnapshot
	// A message on a connection (Conn): a client's request or its answer,
	// a member's request to another (not Raft's own messages).
	KindPacketSend
	KindPacketDeliver
	KindPacketDrop
)

var kindNames = [...]string{"send", "deliver", "drop", "role", "vote", "append", "commit", "apply",
	"timer", "raft", "fault", "snapshot", "packet-send", "packet-deliver", "packet-drop"}

func (k Kind) String() string { return kindNames[k] }

// Fault is what happened to a member process (KindFault).
type Fault int

const (
	FaultStart    Fault = iota + 1 // started (or restarted from its disk)
	FaultKill                      // crashed: only its disk survives
	FaultStopping                  // graceful stop: a leader first hands leadership over
	FaultRemoved                   // removed from the cluster, so it stopped
)

var faultNames = [...]string{"", "start", "kill", "stopping", "removed"}

func (f Fault) String() string { return faultNames[f] }

// DropReason is why a message was lost (KindDrop).
type DropReason int

const (
	DropPartition     DropReason = iota + 1 // the link is cut
	DropLoss                                // random loss (the drop rate)
	DropMemberDown                          // the receiver is not running
	DropRemovedSender                       // the sender was removed from the cluster (etcd answers 410 Gone)
	DropConnBroken                          // an earlier message on its connection was lost
)

var dropNames = [...]string{"", "partition", "loss", "member-down", "removed-sender", "conn-broken"}

func (d DropReason) String() string { return dropNames[d] }

// SnapshotOp is what a snapshot record is about (KindSnapshot).
type SnapshotOp int

const (
	SnapshotInstalled SnapshotOp = iota + 1 // a follower installed a leader's snapshot
	SnapshotCreated                         // a member snapshotted its state and compacted its log
)

var snapNames = [...]string{"", "installed", "created"}

func (s SnapshotOp) String() string { return snapNames[s] }

// Record is one traced event. Message fields are set for send, deliver and
// drop; Member is the member the event happened at (the sender for send).
// Every field is typed data, and every field is hashed.
type Record struct {
	At     time.Duration
	Kind   Kind
	Member uint64
	// Msg is the message for send/deliver/drop (To, From, Type, Term...).
	MsgType raft.MessageType
	From    uint64
	To      uint64
	Term    uint64
	Index   uint64
	// Reject is set on a response that refuses (a vote, an append).
	Reject bool
	// Entries in the message, for the UI's labels.
	NumEntries int
	// ID identifies a message across its send, deliver and drop records.
	ID uint64
	// Drop is why a message was lost (drop records).
	Drop DropReason
	// Fault is what happened to the member (fault records).
	Fault Fault
	// Snapshot is what a snapshot record is about.
	Snapshot SnapshotOp
	// Event is the raft event for role/vote/timer/raft records.
	Event raft.Event
	// Conn is the kind of connection a packet (or a snapshot) travels on,
	// ConnID the connection; Reply marks the answer direction (the dialed
	// end to the dialer); Method names the request (etcd's RPC, "Put").
	Conn   ConnKind
	ConnID uint64
	Reply  bool
	Method string
	// Host is a client connection's machine (Conn.Host): for observers,
	// not part of the trace's hash or text.
	Host string
}

func (r Record) String() string {
	switch r.Kind {
	case KindSend, KindDeliver, KindDrop:
		s := fmt.Sprintf("%v %s %s %d->%d term=%d index=%d ents=%d", r.At, r.Kind, r.MsgType, r.From, r.To, r.Term, r.Index, r.NumEntries)
		if r.Reject {
			s += " reject"
		}
		if r.Drop != 0 {
			s += " " + r.Drop.String()
		}
		return s
	case KindPacketSend, KindPacketDeliver, KindPacketDrop:
		s := fmt.Sprintf("%v %s %s %s conn=%d %d->%d", r.At, r.Kind, r.Conn, r.Method, r.ConnID, r.From, r.To)
		if r.Reply {
			s += " reply"
		}
		if r.Drop != 0 {
			s += " " + r.Drop.String()
		}
		return s
	case KindFault:
		return fmt.Sprintf("%v %s member=%d %s", r.At, r.Kind, r.Member, r.Fault)
	case KindSnapshot:
		return fmt.Sprintf("%v %s member=%d term=%d index=%d %s", r.At, r.Kind, r.Member, r.Term, r.Index, r.Snapshot)
	case KindRole, KindVote, KindTimer, KindRaft:
		return fmt.Sprintf("%v %s member=%d %+v", r.At, r.Kind, r.Member, r.Event)
	}
	return fmt.Sprintf("%v %s member=%d term=%d index=%d", r.At, r.Kind, r.Member, r.Term, r.Index)
}

// Trace keeps a running hash of every record and, once asked to (Keep),
// keeps a copy of the latest for its reader.
type Trace struct {
	h     uint64 // every record's fields so far (see add)
	count uint64
	// scratch is the record being made for the reader (record, hand).
	scratch Record
	// kept are the records since the last Kept (Keep).
	kept pending.Queue[Record]
	// read: someone reads the records (Keep), so they are built;
	// otherwise only hashed.
	read bool
}

func newTrace() *Trace { return &Trace{h: hashSeed} }

// The trace hash is 64-bit, over each record's typed fields as 64-bit
// words (recordWords, in add's order; then the method's bytes as one
// word): a record's words are summed, each times its own odd constant
// (hashK: independent multiplications, no chain through the record), and
// the sum is folded into the running hash with murmur3's 64-bit finalizer
// (fmix64), a bijection that spreads every bit. A field that differs
// changes its product (odd constants), hence the sum and the hash; the
// finalizer between records makes the order count. Only 64-bit integer
// arithmetic: the same value natively and in wasm. (It was FNV-1a over
// the same fields' bytes, 4 dependent steps a byte: a third of an idle
// cluster's simulation.)
const hashSeed = 0xcbf29ce484222325

// hashK[i] is word i's constant: fmix64 of the i+1'th multiple of the
// 64-bit golden ratio, made odd.
var hashK = func() (k [recordWords + 1]uint64) {
	for i := range k {
		k[i] = fmix64(0x9e3779b97f4a7c15*uint64(i+1)) | 1
	}
	return k
}()

// fmix64 is murmur3's 64-bit finalizer.
func fmix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// recordWords is the number of 64-bit fields a record hashes.
const recordWords = 30

// fold adds one record's weighted sum to the running hash.
func (t *Trace) fold(sum uint64) {
	t.count++
	t.h = fmix64(t.h ^ sum)
}

// add hashes every field of r but Host, in this order, and hands r to its
// reader (Keep). Records made at every step (messages, raft events, log moves)
// are hashed by addMsg, addEvent and foldLog instead, to the same value.
func (t *Trace) add(r *Record) {
	e, k := &r.Event, &hashK
	// One sum, word i times k[i] (a loop over an array of the 30 words
	// cost five times as many instructions: a client's request and answer
	// make four such records).
	sum := uint64(r.At)*k[0] + uint64(r.Kind)*k[1] + r.Member*k[2] + uint64(r.MsgType)*k[3] + r.From*k[4] +
		r.To*k[5] + r.Term*k[6] + r.Index*k[7] + b2u(r.Reject)*k[8] + uint64(r.NumEntries)*k[9] + r.ID*k[10] +
		uint64(r.Drop)*k[11] + uint64(r.Fault)*k[12] + uint64(r.Snapshot)*k[13] +
		uint64(e.Kind)*k[14] + e.Term*k[15] + e.Peer*k[16] + uint64(e.Role)*k[17] + e.Lead*k[18] +
		b2u(e.PreVote)*k[19] + b2u(e.Granted)*k[20] + uint64(e.Reason)*k[21] + e.Index*k[22] + e.LogTerm*k[23] +
		e.Hint*k[24] + uint64(e.Ticks)*k[25] +
		uint64(r.Conn)*k[26] + r.ConnID*k[27] + b2u(r.Reply)*k[28] + methodSum(r.Method)
	t.fold(sum)
	if t.read {
		t.notify(r)
	}
}

// methodSum is add's part for a record's method: its length, and its
// bytes as one word (their FNV-1a).
func methodSum(method string) uint64 {
	sum := uint64(len(method)) * hashK[29]
	if method != "" {
		m := uint64(hashSeed)
		for i := 0; i < len(method); i++ {
			m = (m ^ uint64(method[i])) * 1099511628211
		}
		sum += m * hashK[recordWords]
	}
	return sum
}

// packetSum is the part of add's sum that a packet's send, deliver and
// drop records share (all of r's fields but At, Kind and Drop; a packet's
// record has no fault, snapshot op or raft event): computed once when the
// packet is sent (transmit), and carried with it, as msgSum is with a
// Raft message. The records are then hashed by addSum, to add's value.
func packetSum(r *Record) uint64 {
	k := &hashK
	return r.Member*k[2] + uint64(r.MsgType)*k[3] + r.From*k[4] + r.To*k[5] + r.Term*k[6] + r.Index*k[7] +
		b2u(r.Reject)*k[8] + uint64(r.NumEntries)*k[9] + r.ID*k[10] +
		uint64(r.Conn)*k[26] + r.ConnID*k[27] + b2u(r.Reply)*k[28] + methodSum(r.Method)
}

// addSum hashes a packet's record r, whose shared part sum is packetSum's,
// as add does, and hands r to its reader (Keep).
func (t *Trace) addSum(r *Record, sum uint64) {
	k := &hashK
	t.fold(uint64(r.At)*k[0] + uint64(r.Kind)*k[1] + uint64(r.Drop)*k[11] + sum)
	if t.read {
		t.notify(r)
	}
}

// notify hands a record that was hashed to the reader (a copy of 270
// bytes: not made when nobody reads).
func (t *Trace) notify(r *Record) {
	c := t.record()
	*c = *r
	t.hand(c)
}

// record is the record the reader gets next, for notify or the record's
// maker to fill (then hand), so records stay on their makers' stacks.
func (t *Trace) record() *Record { return &t.scratch }

// hand keeps c, from record, for Kept.
func (t *Trace) hand(c *Record) { t.kept.Add(c) }

// msgSum is the part of add's sum that a message's send, deliver and drop
// records share (msgRecord's fields: the sender, the message's, its ID):
// computed once when the message is sent, and carried with it.
func msgSum(member uint64, msg *raft.Message, id uint64) uint64 {
	return member*hashK[2] + uint64(msg.Type)*hashK[3] + msg.From*hashK[4] + msg.To*hashK[5] + msg.Term*hashK[6] +
		msg.Index*hashK[7] + b2u(msg.Reject)*hashK[8] + uint64(len(msg.Entries))*hashK[9] + id*hashK[10]
}

// addMsg hashes the record of a message that travels no connection, as
// add does (msgRecord's fields, whose part sum is msgSum's, then drop;
// every later one is zero), without building it.
func (t *Trace) addMsg(at time.Duration, kind Kind, sum uint64, drop DropReason) {
	k := &hashK
	t.fold(uint64(at)*k[0] + uint64(kind)*k[1] + sum + uint64(drop)*k[11])
}

// foldLog hashes the record of a member's log moving (append, commit,
// apply: kind, member, term, index, entries), as add does, without
// building it; notifyLog builds it for the reader, if any (t.read). The
// world calls both where its log moves (handleReady, a few per entry at
// every member: foldLog inlined, notifyLog through World.traceLog).
func (t *Trace) foldLog(at time.Duration, kind Kind, member, term, index uint64, n int) {
	t.fold(uint64(at)*hashK[0] + uint64(kind)*hashK[1] + member*hashK[2] + term*hashK[6] + index*hashK[7] + uint64(n)*hashK[9])
}

//go:noinline
func (t *Trace) notifyLog(at time.Duration, kind Kind, member, term, index uint64, n int) {
	r := t.record()
	*r = Record{At: at, Kind: kind, Member: member, Term: term, Index: index, NumEntries: n}
	t.hand(r)
}

// addEvent hashes the record of a raft event (recordEvent's fields), as
// add does, without building it.
func (t *Trace) addEvent(at time.Duration, kind Kind, member uint64, e *raft.Event) {
	k := &hashK
	t.fold(uint64(at)*k[0] + uint64(kind)*k[1] + member*k[2] + e.Peer*k[4] + e.Term*k[6] +
		uint64(e.Kind)*k[14] + e.Term*k[15] + e.Peer*k[16] + uint64(e.Role)*k[17] + e.Lead*k[18] +
		b2u(e.PreVote)*k[19] + b2u(e.Granted)*k[20] + uint64(e.Reason)*k[21] + e.Index*k[22] +
		e.LogTerm*k[23] + e.Hint*k[24] + uint64(e.Ticks)*k[25])
}

// Hash is a stable hash of every record so far.
func (t *Trace) Hash() string { return fmt.Sprintf("%016x", t.h) }

// Count is the number of records so far.
func (t *Trace) Count() uint64 { return t.count }

// MaxKept bounds the records Keep holds between two calls of Kept (about
// 1 MB): a reader that lets the world run far without looking loses the
// oldest, counted, rather than the trace growing without end.
const MaxKept = 4096

// Keep makes the trace keep every record from now on for Kept, for a
// driver that runs the world one event at a time (RunNext) and reads what
// each did, so that the world never calls back into it.
func (t *Trace) Keep() { t.read, t.kept.Max = true, MaxKept }

// Unkeep undoes Keep: the trace stops keeping records and lets go of
// those it kept (its reader is gone).
func (t *Trace) Unkeep() {
	t.read, t.kept = false, pending.Queue[Record]{}
}

// Kept returns the records made since its last call (since Keep at
// first), oldest first, and how many older ones were dropped past MaxKept.
// The last of them is record Count()-1: record i of n is Count()-n+i. The
// slice is valid until the next call.
func (t *Trace) Kept() (recs []Record, dropped uint64) {
	recs, n := t.kept.Take()
	return recs, uint64(n)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
