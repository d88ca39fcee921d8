package mvcc

import (
	"encoding/binary"
	"fmt"
	"math/rand"
	"testing"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/stretchr/testify/require"
)

// slowSize is Size computed from scratch by encoding every revision.
func slowSize(s *Store) int64 {
	const base, page = 20480, 4096
	var n int64
	for _, h := range s.keys {
		for j := range h.len() {
			r := h.rec(j)
			kv := h.kv(r)
			n += 16 + int64(len(revBytes(r))) + int64(len(marshalKV(&kv)))
		}
	}
	return base + (n+page-1)/page*page
}

// The running byte count behind Size equals a full recount after puts,
// deletes, failed txns, compactions and a snapshot restore, and the key
// index (byKey) holds exactly the store's keys.
func TestSizeIncremental(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	s := New()
	for i := 0; i < 3000; i++ {
		k := []byte(fmt.Sprintf("k%d", rng.Intn(50)))
		switch rng.Intn(10) {
		case 0:
			_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: k})
		case 1:
			if s.Rev() > 2 {
				_ = s.Compact(s.Rev() - int64(rng.Intn(5)))
			}
		case 2:
			// a txn whose second op fails (a put with an unknown lease)
			_, _ = s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{
				{RequestPut: &etcdpb.PutRequest{Key: k, Value: []byte("x")}},
				{RequestPut: &etcdpb.PutRequest{Key: k, Value: []byte("y"), Lease: 99}}}})
		case 3:
			// a txn's writes undone (what a txn failing half-way does),
			// a new key's among them
			s.put(k, []byte("z"), 0)
			s.put([]byte(fmt.Sprintf("new%d", i)), []byte("z"), 0)
			s.rollback()
		default:
			_, _ = s.Put(&etcdpb.PutRequest{Key: k, Value: make([]byte, rng.Intn(300))})
		}
		if got, want := s.Size(), slowSize(s); got != want {
			t.Fatalf("step %d: Size %d, recount %d", i, got, want)
		}
		checkByKey(t, s)
	}
	r, err := Restore(s.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	if r.Size() != slowSize(r) || r.Size() != s.Size() {
		t.Fatalf("restored Size %d, recount %d, original %d", r.Size(), slowSize(r), s.Size())
	}
	checkByKey(t, r)
}

// checkByKey fails unless the store's key index holds exactly its key
// histories.
func checkByKey(t *testing.T, s *Store) {
	t.Helper()
	if len(s.byKey) != len(s.keys) {
		t.Fatalf("key index holds %d keys, the store %d", len(s.byKey), len(s.keys))
	}
	for _, h := range s.keys {
		if s.byKey[string(h.key)] != h {
			t.Fatalf("key index misses %q", h.key)
		}
	}
}

// uvarintLen is the length of binary.AppendUvarint's encoding.
func TestUvarintLen(t *testing.T) {
	vs := []uint64{0, ^uint64(0)}
	for n := 0; n < 64; n++ { // both sides of every bit length
		vs = append(vs, 1<<n, 1<<n-1, 1<<n|1<<n-1)
	}
	for _, v := range vs {
		require.Equal(t, int64(len(binary.AppendUvarint(nil, v))), uvarintLen(v), "%d", v)
	}
}
