package sim

import (
	"encoding/binary"
	"hash/fnv"
	"math/rand"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/raft"
)

// The trace's field-by-field FNV-1a gives hash/fnv's result for any values
// (zero, small, full-width), so the determinism hashes never move.
func TestFNVAddMatchesHashFNV(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 2000; n++ {
		vals := make([]uint64, 1+rng.Intn(30))
		for i := range vals {
			switch rng.Intn(4) {
			case 0:
			case 1:
				vals[i] = uint64(rng.Intn(300))
			case 2:
				vals[i] = rng.Uint64() >> uint(rng.Intn(64))
			default:
				vals[i] = rng.Uint64()
			}
		}
		ref := fnv.New64a()
		h := uint64(fnvOffset)
		for _, v := range vals {
			var b [8]byte
			binary.BigEndian.PutUint64(b[:], v)
			ref.Write(b[:])
			h = fnvAdd(h, v)
		}
		if h != ref.Sum64() {
			t.Fatalf("values %v: fnvAdd %x, hash/fnv %x", vals, h, ref.Sum64())
		}
	}
}

// Trace.add (zero-field runs, member-ID tables, slot collisions and
// rebuilds) gives hash/fnv's result over every record's fields.
func TestTraceAddMatchesHashFNV(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	tr := newTrace()
	ref := fnv.New64a()
	word := func(v uint64) {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], v)
		ref.Write(b[:])
	}
	// A few member IDs (full width) and many other values, so that slots
	// are shared, missed and rebuilt.
	ids := make([]uint64, 300)
	for i := range ids {
		ids[i] = rng.Uint64()
	}
	pick := func() uint64 {
		switch rng.Intn(5) {
		case 0:
			return 0
		case 1:
			return ids[rng.Intn(5)]
		case 2:
			return ids[rng.Intn(len(ids))]
		case 3:
			return uint64(rng.Intn(300))
		}
		return rng.Uint64() >> uint(rng.Intn(64))
	}
	for n := 0; n < 20000; n++ {
		r := Record{At: time.Duration(pick()), Kind: Kind(rng.Intn(15)), Member: pick(), From: pick(), To: pick(),
			Term: pick(), Index: pick(), Reject: rng.Intn(2) == 0, NumEntries: rng.Intn(3), ID: pick()}
		r.Event.Peer, r.Event.Lead, r.Event.Term = pick(), pick(), pick()
		if rng.Intn(10) == 0 {
			r.Method = "Put"
		}
		tr.add(&r)
		e := &r.Event
		for _, v := range []uint64{uint64(r.At), uint64(r.Kind), r.Member, uint64(r.MsgType), r.From, r.To,
			r.Term, r.Index, b2u(r.Reject), uint64(r.NumEntries), r.ID, uint64(r.Drop), uint64(r.Fault),
			uint64(r.Snapshot),
			uint64(e.Kind), e.Term, e.Peer, uint64(e.Role), e.Lead, b2u(e.PreVote), b2u(e.Granted),
			uint64(e.Reason), e.Index, e.LogTerm, e.Hint, uint64(e.Ticks),
			uint64(r.Conn), r.ConnID, b2u(r.Reply), uint64(len(r.Method))} {
			word(v)
		}
		ref.Write([]byte(r.Method))
		if tr.h != ref.Sum64() {
			t.Fatalf("record %d (%+v): trace %x, hash/fnv %x", n, r, tr.h, ref.Sum64())
		}
	}
}

// addMsg and addEvent hash exactly the Record that add would.
func TestTraceFastPathsMatchAdd(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	ids := []uint64{0, 1, rng.Uint64(), rng.Uint64(), rng.Uint64()}
	pick := func() uint64 {
		switch rng.Intn(4) {
		case 0:
			return 0
		case 1:
			return ids[rng.Intn(len(ids))]
		case 2:
			return uint64(rng.Intn(300))
		}
		return rng.Uint64() >> uint(rng.Intn(64))
	}
	fast, slow := newTrace(), newTrace()
	for n := 0; n < 20000; n++ {
		at := time.Duration(pick())
		member := pick()
		if rng.Intn(2) == 0 {
			msg := raft.Message{Type: raft.MessageType(rng.Intn(20)), From: pick(), To: pick(), Term: pick(),
				Index: pick(), Reject: rng.Intn(2) == 0, Entries: make([]raft.Entry, rng.Intn(3)), Commit: pick()}
			id, drop := pick(), DropReason(rng.Intn(6))
			kind := Kind(rng.Intn(3))
			fast.addMsg(at, kind, member, &msg, id, drop)
			r := msgRecord(kind, &Member{ID: member}, &msg, id)
			r.At, r.Drop = at, drop
			slow.add(&r)
		} else {
			ev := raft.Event{Kind: raft.EventKind(rng.Intn(12)), Term: pick(), Peer: pick(), Role: raft.StateType(rng.Intn(4)),
				Lead: pick(), PreVote: rng.Intn(2) == 0, Granted: rng.Intn(2) == 0, Reason: raft.Reason(rng.Intn(6)),
				Index: pick(), LogTerm: pick(), Hint: pick(), Ticks: int(pick()) - 5}
			kind := Kind(3 + rng.Intn(7))
			fast.addEvent(at, kind, member, &ev)
			slow.add(&Record{At: at, Kind: kind, Member: member, Term: ev.Term, From: ev.Peer, Event: ev})
		}
		if fast.h != slow.h || fast.count != slow.count {
			t.Fatalf("record %d: fast path %x, add %x", n, fast.h, slow.h)
		}
	}
}
