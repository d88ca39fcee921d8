package sim

import (
	"fmt"
	"math/bits"
	"time"

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

// Trace keeps a running hash of every record and hands each to its listeners.
type Trace struct {
	h     uint64 // FNV-1a (64-bit) of every record's fields, big-endian
	count uint64
	// listeners see every record (the UI animates them; tests inspect them).
	listeners []func(Record)
}

func newTrace() *Trace { return &Trace{h: fnvOffset} }

// FNV-1a, 64-bit (hash/fnv's New64a), computed field by field: hashing a
// zero byte only multiplies by the prime, so a field's leading zero bytes
// cost one multiplication by a power of the prime instead of one step
// each. Most fields are small, so a record (208 bytes) takes a quarter of
// the steps, with exactly hash/fnv's result.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvPrimePow[k] is fnvPrime to the power k.
var fnvPrimePow = func() (p [9]uint64) {
	p[0] = 1
	for k := 1; k < len(p); k++ {
		p[k] = p[k-1] * fnvPrime
	}
	return p
}()

// fnvAdd hashes v's 8 bytes, big-endian, into h.
func fnvAdd(h, v uint64) uint64 {
	zeros := bits.LeadingZeros64(v) / 8
	h *= fnvPrimePow[zeros]
	for shift := 56 - 8*zeros; shift >= 0; shift -= 8 {
		h ^= (v >> uint(shift)) & 0xff
		h *= fnvPrime
	}
	return h
}

func (t *Trace) add(r Record) {
	t.count++
	e := &r.Event
	vals := [...]uint64{uint64(r.At), uint64(r.Kind), r.Member, uint64(r.MsgType), r.From, r.To,
		r.Term, r.Index, b2u(r.Reject), uint64(r.NumEntries), r.ID, uint64(r.Drop), uint64(r.Fault),
		uint64(r.Snapshot),
		uint64(e.Kind), e.Term, e.Peer, uint64(e.Role), e.Lead, b2u(e.PreVote), b2u(e.Granted),
		uint64(e.Reason), e.Index, e.LogTerm, e.Hint, uint64(e.Ticks),
		uint64(r.Conn), r.ConnID, b2u(r.Reply), uint64(len(r.Method))}
	h := t.h
	for _, v := range vals {
		h = fnvAdd(h, v)
	}
	for i := 0; i < len(r.Method); i++ {
		h = (h ^ uint64(r.Method[i])) * fnvPrime
	}
	t.h = h
	for _, f := range t.listeners {
		f(r)
	}
}

// Hash is a stable hash of every record so far.
func (t *Trace) Hash() string { return fmt.Sprintf("%016x", t.h) }

// Count is the number of records so far.
func (t *Trace) Count() uint64 { return t.count }

// Listen registers f to see every future record.
func (t *Trace) Listen(f func(Record)) { t.listeners = append(t.listeners, f) }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
