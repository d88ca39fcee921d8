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
	// ids caches, for values hashed again and again (member IDs in the
	// member, from, to, peer and lead fields), the whole 8-byte step.
	ids [idSlots]idTable
	// listeners see every record (the UI animates them; tests inspect them).
	listeners []func(Record)
}

func newTrace() *Trace { return &Trace{h: fnvOffset} }

// FNV-1a, 64-bit (hash/fnv's New64a), computed field by field, exactly
// hash/fnv's result over each field's 8 bytes, big-endian:
//   - hashing a zero byte only multiplies by the prime, so a field's
//     leading zero bytes, and a run of zero fields, cost one multiplication
//     by a power of the prime;
//   - x ^ b (b < 256) only changes x's low byte, so one byte step is
//     h*p + d*p with d depending on h's low byte and b alone, and the low
//     byte after it on h's low byte alone: hashing a fixed value v's 8
//     bytes is h*p^8 + G_v[h&0xff] with a 256-entry table G_v. Member IDs
//     fill four fields of most records and take all 8 bytes; their tables
//     make each of those fields one multiplication, a load and an add
//     instead of 8 dependent steps.
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

// fnvWordsPow[k] is fnvPrime to the power 8k: k zero fields.
var fnvWordsPow = func() (p [recordWords + 1]uint64) {
	p[0] = 1
	for k := 1; k < len(p); k++ {
		p[k] = p[k-1] * fnvPrimePow[8]
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

// idTable is G_v for one value v (see above); misses counts lookups of
// other values in its slot since it was built.
type idTable struct {
	v      uint64
	misses uint32
	g      *[256]uint64
}

const (
	idSlots = 64
	// idRebuild misses in a slot rebuild its table for the value asking:
	// two values sharing a slot cost at most 256/idRebuild extra steps a
	// field, and never loop.
	idRebuild = 64
)

// fnvID hashes v's 8 bytes into h like fnvAdd, through v's table.
func (t *Trace) fnvID(h, v uint64) uint64 {
	if v == 0 {
		return h * fnvPrimePow[8] // None: no table
	}
	s := &t.ids[(v*0x9e3779b97f4a7c15)>>58]
	if s.v != v || s.g == nil {
		if s.g != nil && s.misses < idRebuild {
			s.misses++
			return fnvAdd(h, v)
		}
		if s.g == nil {
			s.g = new([256]uint64)
		}
		s.v, s.misses = v, 0
		for l := range s.g {
			s.g[l] = fnvAdd(uint64(l), v) - uint64(l)*fnvPrimePow[8]
		}
	}
	return h*fnvPrimePow[8] + s.g[h&0xff]
}

// recordWords is the number of 8-byte fields a record hashes.
const recordWords = 30

func (t *Trace) add(r *Record) {
	t.count++
	e := &r.Event
	// The fields in hash order; ids marks those holding member IDs.
	vals := [recordWords]uint64{uint64(r.At), uint64(r.Kind), r.Member, uint64(r.MsgType), r.From, r.To,
		r.Term, r.Index, b2u(r.Reject), uint64(r.NumEntries), r.ID, uint64(r.Drop), uint64(r.Fault),
		uint64(r.Snapshot),
		uint64(e.Kind), e.Term, e.Peer, uint64(e.Role), e.Lead, b2u(e.PreVote), b2u(e.Granted),
		uint64(e.Reason), e.Index, e.LogTerm, e.Hint, uint64(e.Ticks),
		uint64(r.Conn), r.ConnID, b2u(r.Reply), uint64(len(r.Method))}
	const ids = 1<<2 | 1<<4 | 1<<5 | 1<<16 | 1<<18
	h, zeros := t.h, 0
	for i, v := range vals {
		switch {
		case v == 0:
			zeros++
			continue
		case zeros > 0:
			h *= fnvWordsPow[zeros]
			zeros = 0
		}
		if ids>>i&1 != 0 {
			h = t.fnvID(h, v)
		} else {
			h = fnvAdd(h, v)
		}
	}
	h *= fnvWordsPow[zeros]
	for i := 0; i < len(r.Method); i++ {
		h = (h ^ uint64(r.Method[i])) * fnvPrime
	}
	t.h = h
	for _, f := range t.listeners {
		f(*r)
	}
}

// fnvSmall hashes v's 8 bytes, big-endian, into h for v < 256.
func fnvSmall(h, v uint64) uint64 { return (h*fnvPrimePow[7] ^ v) * fnvPrime }

// addMsg hashes the record of a message that travels no connection, as
// add does (msgRecord's fields; every later one is zero), without
// building it.
func (t *Trace) addMsg(at time.Duration, kind Kind, member uint64, msg *raft.Message, id uint64, drop DropReason) {
	t.count++
	h := fnvAdd(t.h, uint64(at))
	h = fnvSmall(h, uint64(kind))
	h = t.fnvID(h, member)
	h = fnvAdd(h, uint64(msg.Type))
	h = t.fnvID(h, msg.From)
	h = t.fnvID(h, msg.To)
	h = fnvAdd(h, msg.Term)
	h = fnvAdd(h, msg.Index)
	h = fnvSmall(h, b2u(msg.Reject))
	h = fnvAdd(h, uint64(len(msg.Entries)))
	h = fnvAdd(h, id)
	h = fnvAdd(h, uint64(drop))
	t.h = h * fnvWordsPow[recordWords-12]
}

// addEvent hashes the record of a raft event (recordEvent's fields), as
// add does, without building it.
func (t *Trace) addEvent(at time.Duration, kind Kind, member uint64, e *raft.Event) {
	t.count++
	h := fnvAdd(t.h, uint64(at))
	h = fnvSmall(h, uint64(kind))
	h = t.fnvID(h, member) * fnvPrimePow[8] // MsgType
	h = t.fnvID(h, e.Peer)
	h = fnvAdd(h*fnvPrimePow[8], e.Term) * fnvWordsPow[14-7] // To; Index..Snapshot
	h = fnvAdd(h, uint64(e.Kind))
	h = fnvAdd(h, e.Term)
	h = t.fnvID(h, e.Peer)
	h = fnvAdd(h, uint64(e.Role))
	h = t.fnvID(h, e.Lead)
	h = fnvSmall(h, b2u(e.PreVote))
	h = fnvSmall(h, b2u(e.Granted))
	h = fnvAdd(h, uint64(e.Reason))
	h = fnvAdd(h, e.Index)
	h = fnvAdd(h, e.LogTerm)
	h = fnvAdd(h, e.Hint)
	h = fnvAdd(h, uint64(e.Ticks))
	t.h = h * fnvWordsPow[recordWords-26]
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
