package sim

import (
	"math/rand"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

// chainHash tells entries apart: after the same prev, an entry differing
// from another in one bit anywhere (prev, term, type, a data byte, the
// length by one byte) hashes differently, for a thousand random entries
// and each of their bits; and it is a pure function of prev and the
// entry's fields (equal entries in other arrays hash alike).
func TestChainHashTellsEntriesApart(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for n := 0; n < 1000; n++ {
		e := raft.Entry{Term: rng.Uint64() >> uint(rng.Intn(64)), Type: raft.EntryType(rng.Intn(3)),
			Data: make([]byte, rng.Intn(40))}
		rng.Read(e.Data)
		prev := rng.Uint64()
		h := chainHash(prev, &e)
		c := e
		c.Data = append([]byte(nil), e.Data...)
		require.Equal(t, h, chainHash(prev, &c))
		for bit := range 64 {
			require.NotEqual(t, h, chainHash(prev^1<<bit, &e), "prev bit %d", bit)
			c.Term ^= 1 << bit
			require.NotEqual(t, h, chainHash(prev, &c), "term bit %d", bit)
			c.Term ^= 1 << bit
		}
		for typ := range raft.EntryType(4) {
			if typ != e.Type {
				c.Type = typ
				require.NotEqual(t, h, chainHash(prev, &c), "type %d", typ)
			}
		}
		c.Type = e.Type
		for i := range c.Data {
			for bit := range 8 {
				c.Data[i] ^= 1 << bit
				require.NotEqual(t, h, chainHash(prev, &c), "data byte %d bit %d", i, bit)
				c.Data[i] ^= 1 << bit
			}
		}
		if len(c.Data) > 0 {
			require.NotEqual(t, h, chainHash(prev, &raft.Entry{Term: e.Term, Type: e.Type, Data: c.Data[:len(c.Data)-1]}), "one byte shorter")
		}
		require.NotEqual(t, h, chainHash(prev, &raft.Entry{Term: e.Term, Type: e.Type, Data: append(c.Data, 0)}), "a zero byte longer")
	}
}

// The checker's hash is chainHash whatever it remembers: an entry with the
// same index, term and previous hash but other bytes is hashed anew.
func TestCheckerHashIsChainHash(t *testing.T) {
	c := &checker{}
	entries := []raft.Entry{
		{Index: 5, Term: 2, Data: []byte("abc")},
		{Index: 5, Term: 2, Data: []byte("abd")}, // same length, other bytes
		{Index: 5, Term: 2, Data: []byte("abc")}, // equal bytes elsewhere
		{Index: 5, Term: 2},
		{Index: 5, Term: 3},
		{Index: 5, Term: 3, Type: raft.EntryConfChange},
		{Index: 261, Term: 3}, // the same slot
	}
	for _, prev := range []uint64{0, 7, 0} {
		for i := range entries {
			for range 2 {
				e := entries[i]
				if got, want := c.cached(prev, &e).hash, chainHash(prev, &e); got != want {
					t.Fatalf("entry %d after %x: %x, chainHash %x", i, prev, got, want)
				}
			}
		}
	}
}

// knownHashes answers as a map keyed by (index, term) would: the first
// hash recorded for a pair stands, whether the pair is in a slot or (another
// term at the index, an index below the first slot) in extra, and across
// dropBefore.
func TestKnownHashesIsAMap(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	var k knownHashes
	ref := map[[2]uint64]uint64{}
	low := uint64(0)
	for n := 0; n < 20000; n++ {
		if n%3000 == 2999 {
			low += uint64(rng.Intn(200))
			k.dropBefore(low)
			for key := range ref {
				if key[0] < low {
					delete(ref, key)
				}
			}
		}
		index := 200 + uint64(n/4) - uint64(rng.Intn(150)) // mostly rising, some behind
		if n%5000 == 4999 {
			index += 10000 // a jump past maxKnownGap
		}
		term := 1 + uint64(rng.Intn(3))
		hash := uint64(rng.Intn(4))
		key := [2]uint64{index, term}
		want := true
		if h, seen := ref[key]; seen {
			want = h == hash
		} else {
			ref[key] = hash
		}
		if got := k.add(index, term, hash); got != want {
			t.Fatalf("step %d: add(%d, %d, %d) = %v, a map says %v", n, index, term, hash, got, want)
		}
	}
}

// A leader that writes over its own log breaks Leader Append-Only, and
// the checker says so.
func TestLeaderAppendOnlyIsChecked(t *testing.T) {
	w := New(Config{Seed: 1}, []MemberSpec{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c"}})
	w.Run(3 * time.Second)
	require.NoError(t, w.Err())
	lead := w.Member(w.Leader())
	require.NotNil(t, lead)
	last := lead.Disk.LastIndex()
	w.check.appending(lead, []raft.Entry{{Index: last, Term: lead.Node.BasicStatus().Term}})
	require.ErrorContains(t, w.Err(), "Leader Append-Only")
}

// TestCheckerForgetsWhatNoLogHolds: once every member compacted its log,
// the checker forgets the committed entries before it (its memory stays
// bounded on a long run), and still checks what members apply and
// restore: a member restarting from its snapshot, an entry applied out of
// place.
func TestCheckerForgetsWhatNoLogHolds(t *testing.T) {
	w := New(Config{Seed: 3, NewApp: func(m *Member) App { return NewLogApp(m, 100, 10) }},
		[]MemberSpec{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c"}})
	w.Run(3 * time.Second)
	for i := 0; i < 2000; i++ {
		lead := w.Member(w.Leader())
		require.NotNil(t, lead)
		require.NoError(t, lead.Propose([]byte{byte(i), byte(i >> 8)}))
		w.Run(20 * time.Millisecond)
	}
	require.NoError(t, w.Err())
	c := w.check
	require.Greater(t, c.base, uint64(1000), "committed entries forgotten")
	require.Less(t, len(c.committed), 1000, "committed entries kept")
	// A follower restarts from its snapshot and catches up.
	f := w.Member(1)
	if f.ID == w.Leader() {
		f = w.Member(2)
	}
	w.Kill(f.ID)
	w.Run(time.Second)
	w.Start(f.ID)
	w.Run(2 * time.Second)
	require.NoError(t, w.Err())
	// Applying the next entry with another term is caught, and so is
	// applying one below every log.
	applied := f.chk.applied
	require.Greater(t, applied, c.base)
	f.chk.applied = applied - 1
	c.applying(f, &raft.Entry{Index: applied, Term: 99})
	require.ErrorContains(t, w.Err(), "applies a different entry")
	w.err = nil
	f.chk.applied = c.base - 1
	c.applying(f, &raft.Entry{Index: c.base, Term: 1})
	require.ErrorContains(t, w.Err(), "below every member's log")
}
