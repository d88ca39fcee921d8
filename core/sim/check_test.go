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
