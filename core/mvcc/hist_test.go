package mvcc

import (
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/stretchr/testify/require"
)

// A key's history kept in arrays of histChunk reads as one ascending list
// across the arrays' edges: pushes, pops back over an edge, and dropping a
// prefix that ends inside an array.
func TestKeyHistAcrossChunks(t *testing.T) {
	var h keyHist
	n := 3*histChunk + 5
	for i := range n {
		h.push(record{main: int64(i + 1)}, []byte(fmt.Sprint(i+1)))
	}
	require.Equal(t, n, h.len())
	require.Len(t, h.full, 3)
	for i := range n {
		require.Equal(t, int64(i+1), h.rec(i).main)
	}
	for rev := int64(0); rev <= int64(n)+1; rev++ {
		require.Equal(t, int(min(rev, int64(n))), h.after(rev), "rev %d", rev)
	}
	p := h.rec(histChunk + 1)
	for range 6 { // back over the edge of the third array
		h.pop()
	}
	require.Equal(t, n-6, h.len())
	require.Len(t, h.full, 2)
	require.Same(t, p, h.rec(histChunk+1), "records stay in place")
	h.push(record{main: 1000}, []byte("1000"))
	require.Equal(t, int64(1000), h.rec(n-6).main)
	for i := range h.len() { // each value as pushed, the popped ones' bytes reused
		require.Equal(t, fmt.Sprint(h.rec(i).main), string(h.value(h.rec(i))), "record %d", i)
	}
	start := histChunk + 7
	h.dropBefore(start)
	require.Equal(t, n-6+1-start, h.len())
	require.Equal(t, int64(start+1), h.rec(0).main)
	require.Equal(t, int64(1000), h.rec(h.len()-1).main)
	for i := range h.len() {
		require.Equal(t, fmt.Sprint(h.rec(i).main), string(h.value(h.rec(i))), "record %d after the drop", i)
	}
}

// A key written over several arrays' worth of revisions reads right at
// every revision, before and after a compaction that ends inside an array,
// and survives a snapshot with the same hash.
func TestLongHistory(t *testing.T) {
	s := New()
	n := 3*histChunk + 10
	for i := range n {
		put(t, s, "k", fmt.Sprint(i))
		put(t, s, "other", fmt.Sprint(i))
	}
	check := func(s *Store, from int) {
		for i := from; i < n; i++ {
			rev := int64(2*i + 2)
			r := get(t, s, &etcdpb.RangeRequest{Key: b("k"), Revision: rev})
			require.Len(t, r.Kvs, 1)
			require.Equal(t, fmt.Sprint(i), string(r.Kvs[0].Value))
			require.Equal(t, int64(i+1), r.Kvs[0].Version)
		}
	}
	check(s, 0)
	require.NoError(t, s.Compact(2*int64(histChunk)+15))
	_, err := s.Range(&etcdpb.RangeRequest{Key: b("k"), Revision: 2*int64(histChunk) + 14})
	require.ErrorIs(t, err, etcdpb.ErrCompacted)
	check(s, histChunk+7)
	r, err := Restore(s.Snapshot())
	require.NoError(t, err)
	check(r, histChunk+7)
	h1, _, err := s.HashKV(0)
	require.NoError(t, err)
	h2, _, err := r.HashKV(0)
	require.NoError(t, err)
	require.Equal(t, h1, h2)
	require.Equal(t, s.Size(), r.Size())
}

// A record holds no pointer, so the arrays of records, most of a loaded
// member's heap, are not scanned by the garbage collector.
func TestRecordHoldsNoPointer(t *testing.T) {
	rt := reflect.TypeOf(record{})
	for i := range rt.NumField() {
		switch k := rt.Field(i).Type.Kind(); k {
		case reflect.Int64, reflect.Int32, reflect.Uint32, reflect.Bool:
		default:
			t.Errorf("record.%s is a %v", rt.Field(i).Name, k)
		}
	}
}

// A record is 48 bytes: five are kept per put in a 5-member cluster.
func TestRecordSize(t *testing.T) {
	if n := unsafe.Sizeof(record{}); n != 48 {
		t.Fatalf("record is %d bytes", n)
	}
}
