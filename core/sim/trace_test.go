package sim

import (
	"math/rand"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

// addMsg, foldLog, addEvent and addSum hash exactly the Record that add would.
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
		switch rng.Intn(4) {
		case 3:
			// A packet on a connection: its sum made once (at its send),
			// its records (send, deliver, drop) hashed from it. A
			// snapshot's packet carries its MsgSnap's fields too.
			methods := []string{"", "Put", "Range", "LeaseKeepAlive", "ProposeCancel"}
			r := Record{Member: member, From: pick(), To: pick(), ID: pick(), Conn: ConnKind(1 + rng.Intn(3)),
				ConnID: pick(), Reply: rng.Intn(2) == 0, Method: methods[rng.Intn(len(methods))], Host: "h"}
			if r.Conn == ConnSnapshot {
				msg := raft.Message{Type: raft.MsgSnap, From: r.From, To: r.To, Term: pick(), Index: pick(),
					Reject: rng.Intn(2) == 0, Entries: make([]raft.Entry, rng.Intn(3))}
				r = msgRecord(KindSend, &Member{ID: member}, &msg, r.ID)
				r.Conn, r.ConnID = ConnSnapshot, pick()
			}
			sum := packetSum(&r)
			for _, kind := range []Kind{KindPacketSend, KindPacketDeliver, KindPacketDrop}[:1+rng.Intn(3)] {
				r.At, r.Kind, r.Drop = at+time.Duration(pick()), kind, 0
				if kind == KindPacketDrop {
					r.Drop = DropReason(1 + rng.Intn(5))
				}
				fast.addSum(&r, sum)
				c := r
				slow.add(&c)
			}
		case 0:
			kind, term, index, n := Kind(5+rng.Intn(3)), pick(), pick(), rng.Intn(70)
			fast.foldLog(at, kind, member, term, index, n)
			slow.add(&Record{At: at, Kind: kind, Member: member, Term: term, Index: index, NumEntries: n})
		case 1:
			msg := raft.Message{Type: raft.MessageType(rng.Intn(20)), From: pick(), To: pick(), Term: pick(),
				Index: pick(), Reject: rng.Intn(2) == 0, Entries: make([]raft.Entry, rng.Intn(3)), Commit: pick()}
			id, drop := pick(), DropReason(rng.Intn(6))
			kind := Kind(rng.Intn(3))
			fast.addMsg(at, kind, msgSum(member, &msg, id), drop)
			r := msgRecord(kind, &Member{ID: member}, &msg, id)
			r.At, r.Drop = at, drop
			slow.add(&r)
		default:
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

// Every hashed field counts: changing any one of a record's fields (or
// its method), or the order of two records, changes the hash.
func TestTraceHashSeesEveryField(t *testing.T) {
	base := Record{At: 3 * time.Second, Kind: KindDeliver, Member: 0x8e9e05c52164694d, MsgType: raft.MsgApp,
		From: 0x8e9e05c52164694d, To: 0x91bc3c398fb3c146, Term: 2, Index: 7, NumEntries: 1, ID: 41}
	hash := func(rs ...Record) uint64 {
		tr := newTrace()
		for i := range rs {
			tr.add(&rs[i])
		}
		return tr.h
	}
	changes := []func(r *Record){
		func(r *Record) { r.At++ }, func(r *Record) { r.Kind = KindSend }, func(r *Record) { r.Member++ },
		func(r *Record) { r.MsgType = raft.MsgAppResp }, func(r *Record) { r.From++ }, func(r *Record) { r.To++ },
		func(r *Record) { r.Term++ }, func(r *Record) { r.Index++ }, func(r *Record) { r.Reject = true },
		func(r *Record) { r.NumEntries++ }, func(r *Record) { r.ID++ }, func(r *Record) { r.Drop = DropLoss },
		func(r *Record) { r.Fault = FaultKill }, func(r *Record) { r.Snapshot = SnapshotCreated },
		func(r *Record) { r.Event.Kind++ }, func(r *Record) { r.Event.Term++ }, func(r *Record) { r.Event.Peer++ },
		func(r *Record) { r.Event.Role++ }, func(r *Record) { r.Event.Lead++ }, func(r *Record) { r.Event.PreVote = true },
		func(r *Record) { r.Event.Granted = true }, func(r *Record) { r.Event.Reason++ }, func(r *Record) { r.Event.Index++ },
		func(r *Record) { r.Event.LogTerm++ }, func(r *Record) { r.Event.Hint++ }, func(r *Record) { r.Event.Ticks-- },
		func(r *Record) { r.Conn++ }, func(r *Record) { r.ConnID++ }, func(r *Record) { r.Reply = true },
		func(r *Record) { r.Method = "Put" },
	}
	seen := map[uint64]int{hash(base): -1}
	for i, change := range changes {
		r := base
		change(&r)
		h := hash(r)
		if j, dup := seen[h]; dup {
			t.Fatalf("change %d gives the hash of change %d", i, j)
		}
		seen[h] = i
	}
	other := base
	other.Method = "Range"
	r := base
	r.Method = "Put"
	if hash(r) == hash(other) {
		t.Fatal("methods Put and Range hash alike")
	}
	if hash(base, other) == hash(other, base) {
		t.Fatal("the order of records does not count")
	}
}

// BenchmarkTraceAdd hashes a connection's packet record, as every client
// request and answer makes one, with no reader (an unobserved lab: no Keep).
func BenchmarkTraceAdd(b *testing.B) {
	t := newTrace()
	r := Record{Kind: KindPacketSend, Member: 1, From: 1, To: 2, Conn: ConnClient, ConnID: 7, Method: "Put"}
	for i := 0; b.Loop(); i++ {
		r.At = time.Duration(i)
		t.add(&r)
	}
}

// Kept hands a driver that runs the world event by event (RunNext) every
// record, in order, record i of n being Count()-n+i; a reader that lets
// the world run far loses the oldest past MaxKept, counted, and keeps the
// newest; Unkeep keeps nothing; the trace hash is the same whoever reads.
func TestTraceKept(t *testing.T) {
	w, ref, bare := newTestWorld(3, 1), newTestWorld(3, 1), newTestWorld(3, 1)
	w.Trace().Keep()
	ref.Trace().Keep()
	// all is every record of ref, read after each of its events.
	var all []Record
	readAll := func(until time.Duration) {
		for ref.RunNext(until) {
			recs, dropped := ref.Trace().Kept()
			require.Zero(t, dropped)
			all = append(all, recs...)
		}
		ref.RunUntil(until)
	}
	readAll(3 * time.Second)
	before := w.Trace().Count() // the members' start, as the world was made
	require.Equal(t, uint64(len(all)), ref.Trace().Count()-before)
	var kept []Record
	for w.RunNext(3 * time.Second) {
		recs, dropped := w.Trace().Kept()
		require.Zero(t, dropped)
		end := w.Trace().Count() - before
		if len(recs) > 0 {
			require.Equal(t, all[end-uint64(len(recs)):end], recs, "the records of this event, numbered by Count")
		}
		kept = append(kept, recs...)
	}
	require.NotEmpty(t, kept)
	require.Equal(t, all, kept)
	w.RunUntil(3 * time.Second)
	bare.RunUntil(3 * time.Second)
	require.Equal(t, bare.Trace().Hash(), w.Trace().Hash(), "reading does not change the trace")
	require.Equal(t, bare.Now(), w.Now())

	n := w.Trace().Count()
	w.Run(time.Minute)
	readAll(w.Now())
	recs, dropped := w.Trace().Kept()
	require.Equal(t, w.Trace().Count()-n, uint64(len(recs))+dropped, "every record kept or counted")
	require.Positive(t, dropped)
	require.LessOrEqual(t, len(recs), MaxKept)
	require.Equal(t, all[len(all)-len(recs):], recs, "the newest are kept")

	w.Trace().Unkeep()
	w.Run(time.Second)
	recs, dropped = w.Trace().Kept()
	require.Empty(t, recs, "nothing kept after Unkeep")
	require.Zero(t, dropped)
	bare.RunUntil(w.Now())
	require.Equal(t, bare.Trace().Hash(), w.Trace().Hash())
}
