package sim

import (
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
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
)

var kindNames = [...]string{"send", "deliver", "drop", "role", "vote", "append", "commit", "apply",
	"timer", "raft", "fault", "snapshot"}

func (k Kind) String() string { return kindNames[k] }

// Record is one traced event. Message fields are set for send, deliver and
// drop; Member is the member the event happened at (the sender for send).
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
	// Entries in the message, for the UI's labels.
	NumEntries int
	// Event is the raft event for role/vote/timer/raft records.
	Event  raft.EventKind
	Detail string
	// ID identifies a message across its send, deliver and drop records.
	ID uint64
}

func (r Record) String() string {
	switch r.Kind {
	case KindSend, KindDeliver, KindDrop:
		return fmt.Sprintf("%v %s %s %d->%d term=%d index=%d ents=%d %s", r.At, r.Kind, r.MsgType, r.From, r.To, r.Term, r.Index, r.NumEntries, r.Detail)
	}
	return fmt.Sprintf("%v %s member=%d term=%d index=%d %s", r.At, r.Kind, r.Member, r.Term, r.Index, r.Detail)
}

// Trace keeps a running hash of every record and hands each to its listeners.
type Trace struct {
	h     hash.Hash64
	count uint64
	// listeners see every record (the UI animates them; tests inspect them).
	listeners []func(Record)
}

func newTrace() *Trace { return &Trace{h: fnv.New64a()} }

func (t *Trace) add(r Record) {
	t.count++
	var b [8]byte
	for _, v := range []uint64{uint64(r.At), uint64(r.Kind), r.Member, uint64(r.MsgType), r.From, r.To,
		r.Term, r.Index, uint64(r.NumEntries), uint64(r.Event), r.ID} {
		binary.BigEndian.PutUint64(b[:], v)
		t.h.Write(b[:])
	}
	t.h.Write([]byte(r.Detail))
	for _, f := range t.listeners {
		f(r)
	}
}

// Hash is a stable hash of every record so far.
func (t *Trace) Hash() string { return fmt.Sprintf("%016x", t.h.Sum64()) }

// Count is the number of records so far.
func (t *Trace) Count() uint64 { return t.count }

// Listen registers f to see every future record.
func (t *Trace) Listen(f func(Record)) { t.listeners = append(t.listeners, f) }
