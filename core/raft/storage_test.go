package raft

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// The chunked disk answers as one array of entries would (the model):
// appends that cross chunks, conflicting suffixes cut inside and at the
// edge of a chunk, compactions, snapshots; and an Entries view handed out
// never changes afterwards.
func TestStorageIsOneLog(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	s := NewStorage()
	model := []Entry{{}} // model[0] is the dummy
	type view struct {
		got, want []Entry
	}
	var views []view
	term := uint64(1)
	for step := 0; step < 2000; step++ {
		off := model[0].Index
		last := off + uint64(len(model)) - 1
		switch k := rng.Intn(20); {
		case k < 14: // append, sometimes replacing a suffix
			from := last + 1
			switch {
			case k == 0 && last-off > storageChunk: // cut at a chunk's edge
				from = off + 1 + storageChunk
				term++
			case k < 3 && last > off:
				from = last + 1 - uint64(rng.Intn(int(min(last-off, 2*storageChunk))))
				term++
			case k == 3 && off > 10: // starts before the first entry held
				from = off - 5
			}
			n := 1 + rng.Intn(300)
			if from == last+1 && rng.Intn(3) == 0 { // a follower's appends: one or two
				n = 1 + rng.Intn(2)
			}
			if rng.Intn(10) == 0 {
				n += storageChunk
			}
			if from <= off { // at least one past the first held
				n = max(n, int(off+2-from))
			}
			ents := make([]Entry, n)
			for i := range ents {
				ents[i] = Entry{Index: from + uint64(i), Term: term, Data: []byte{byte(step)}}
			}
			s.Append(ents)
			if from <= off {
				ents, from = ents[off+1-from:], off+1
			}
			model = append(model[:from-off], ents...)
		case k < 16 && last > off: // snapshot and compact
			i := off + 1 + uint64(rng.Intn(int(last-off)))
			require.NoError(t, s.CreateSnapshot(i, ConfState{}, nil))
			require.NoError(t, s.Compact(i))
			model = append([]Entry{{Index: i, Term: model[i-off].Term}}, model[i-off+1:]...)
		case k < 17: // a snapshot from the leader beyond the log
			i := last + 1 + uint64(rng.Intn(50))
			require.NoError(t, s.ApplySnapshot(Snapshot{Metadata: SnapshotMetadata{Index: i, Term: term}}))
			model = []Entry{{Index: i, Term: term}}
		default: // read a range and keep the view
			lo := off + 1 + uint64(rng.Intn(int(last-off)+1))
			hi := lo + uint64(rng.Intn(int(last+2-lo)))
			got, err := s.Entries(lo, hi)
			require.NoError(t, err, "step %d entries [%d, %d) off %d last %d storage last %d n %d chunks %d", step, lo, hi, off, last, s.LastIndex(), s.n, len(s.chunks))
			want := append([]Entry(nil), model[lo-off:hi-off]...)
			require.Equal(t, len(want), len(got))
			if len(want) > 0 {
				require.Equal(t, want, got)
			}
			views = append(views, view{got, want})
		}
		off, last = model[0].Index, model[0].Index+uint64(len(model))-1
		require.Equal(t, off+1, s.FirstIndex())
		require.Equal(t, last, s.LastIndex())
		for _, i := range []uint64{off, min(off+1, last), last, off + uint64(rng.Intn(int(last-off)+1))} {
			tm, err := s.Term(i)
			require.NoError(t, err)
			require.Equal(t, model[i-off].Term, tm, "term of %d", i)
		}
		_, err := s.Term(last + 1)
		require.ErrorIs(t, err, ErrUnavailable)
		if off > 0 {
			_, err = s.Term(off - 1)
			require.ErrorIs(t, err, ErrCompacted)
		}
		_, err = s.Entries(off, last+1)
		require.ErrorIs(t, err, ErrCompacted)
		_, err = s.Entries(off+1, last+2)
		require.ErrorIs(t, err, ErrUnavailable)
	}
	for _, v := range views {
		if len(v.want) > 0 {
			require.Equal(t, v.want, v.got, "a view handed out changed")
		}
	}
}

// TestCreateSnapshotFunc: the snapshot's data is encoded when the snapshot
// is first read, once, and never for a snapshot replaced before it was read.
func TestCreateSnapshotFunc(t *testing.T) {
	s := NewStorage()
	s.Append([]Entry{{Index: 1, Term: 1}, {Index: 2, Term: 1}, {Index: 3, Term: 2}})
	calls := 0
	encode := func(b string) func() []byte { return func() []byte { calls++; return []byte(b) } }
	require.NoError(t, s.CreateSnapshotFunc(1, ConfState{Voters: []uint64{1}}, encode("never read")))
	require.NoError(t, s.CreateSnapshotFunc(2, ConfState{Voters: []uint64{1}}, encode("state@2")))
	require.Equal(t, uint64(2), s.SnapshotIndex())
	require.Equal(t, 0, calls, "encoded before anyone read it")
	snap := s.Snapshot()
	require.Equal(t, "state@2", string(snap.Data))
	require.Equal(t, SnapshotMetadata{Index: 2, Term: 1, ConfState: ConfState{Voters: []uint64{1}}}, snap.Metadata)
	require.Equal(t, "state@2", string(s.Snapshot().Data))
	require.Equal(t, 1, calls)
	require.NoError(t, s.CreateSnapshotFunc(3, ConfState{}, encode("state@3")))
	require.NoError(t, s.ApplySnapshot(Snapshot{Data: []byte("leader's"), Metadata: SnapshotMetadata{Index: 9, Term: 3}}))
	require.Equal(t, "leader's", string(s.Snapshot().Data))
	require.Equal(t, 1, calls, "a snapshot replaced unread was encoded")
}

// TestUnstableArrayReuse: once its unstable entries are persisted, a log
// that handed out no view of them (a follower) appends into the same array
// again; one whose entries went out in a view (a leader's MsgApp,
// slice) never writes over them.
func TestUnstableArrayReuse(t *testing.T) {
	ents := func(lo, hi uint64) []Entry {
		var es []Entry
		for i := lo; i < hi; i++ {
			es = append(es, Entry{Term: 1, Index: i, Data: []byte{byte(i)}})
		}
		return es
	}
	persist := func(l *raftLog) {
		l.storage.Append(l.unstable)
		last := l.unstable[len(l.unstable)-1]
		l.stableTo(last.Index, last.Term)
	}
	follower := newLog(NewStorage(), 0)
	follower.append(ents(1, 4)...)
	first := &follower.unstable[0]
	persist(follower)
	follower.append(ents(4, 7)...)
	if &follower.unstable[0] != first {
		t.Fatal("a follower's log took a new array for its next entries")
	}

	leader := newLog(NewStorage(), 0)
	leader.append(ents(1, 4)...)
	view, err := leader.slice(1, 4)
	if err != nil {
		t.Fatal(err)
	}
	persist(leader)
	leader.append(ents(4, 7)...)
	for i, e := range view {
		if e.Index != uint64(i+1) || e.Data[0] != byte(i+1) {
			t.Fatalf("entry %d of a view handed out changed: %+v", i+1, e)
		}
	}
}
