package sim

import (
	"encoding/binary"
	"hash/fnv"
	"math/rand"
	"testing"
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
