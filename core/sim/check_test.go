package sim

import (
	"encoding/binary"
	"hash/fnv"
	"math/rand"
	"testing"

	"github.com/raftlab/raftlab/core/raft"
)

// chainHash is hash/fnv's FNV-1a over prev, term, type and data.
func TestChainHashIsFNV1a(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for n := 0; n < 1000; n++ {
		e := raft.Entry{Term: rng.Uint64() >> uint(rng.Intn(64)), Type: raft.EntryType(rng.Intn(3)),
			Data: make([]byte, rng.Intn(40))}
		rng.Read(e.Data)
		prev := rng.Uint64()
		h := fnv.New64a()
		var b [8]byte
		for _, v := range []uint64{prev, e.Term, uint64(e.Type)} {
			binary.BigEndian.PutUint64(b[:], v)
			h.Write(b[:])
		}
		h.Write(e.Data)
		if got := chainHash(prev, &e); got != h.Sum64() {
			t.Fatalf("entry %+v after %x: chainHash %x, hash/fnv %x", e, prev, got, h.Sum64())
		}
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
				if got, want := c.hash(prev, &e), chainHash(prev, &e); got != want {
					t.Fatalf("entry %d after %x: %x, chainHash %x", i, prev, got, want)
				}
			}
		}
	}
}
