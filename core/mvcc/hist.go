package mvcc

import (
	"cmp"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// record is one entry of etcd's key bucket: a revision and the KeyValue
// written at it, or a tombstone. It holds no pointer: the key is its
// history's, the value is in its history's value chunks (vals), so the
// arrays of records that make up most of a loaded member's heap are not
// scanned by the garbage collector (a record with the key's and the
// value's slices was 104 bytes and two pointers, marked at every cycle).
//
// It is 48 bytes, five per put in a 5-member cluster: the put's mod
// revision is its main revision (etcd writes a KeyValue at the revision
// it names), a txn's sub-revisions fit 32 bits, and a tombstone is a bit
// of valLen (a value is far below 2 GiB).
type record struct {
	main, create, version, lease int64
	sub                          int32
	valChunk, valOff             uint32
	valLen                       uint32 // with tombBit for a tombstone
}

// tombBit marks a tombstone in record.valLen.
const tombBit = 1 << 31

// tomb reports whether r is a tombstone.
func (r *record) tomb() bool { return r.valLen&tombBit != 0 }

// vlen is the length of r's value.
func (r *record) vlen() uint32 { return r.valLen &^ tombBit }

func (r *record) less(main, sub int64) bool {
	return r.main < main || (r.main == main && int64(r.sub) < sub)
}

// histChunk is how many records one array of a key's history holds. Past
// it the history grows by another array instead of being copied into a
// larger one: a key written thousands of times was copied about four
// times per record on its way up (append grows large slices by 1.25x),
// and those arrays were a fifth of what a loaded cluster allocated.
const histChunk = 64

// valChunk is the most bytes a chunk of a key's values holds (a larger
// value has a chunk of its own).
const valChunk = 4096

// keyHist is one key's records, ascending (main, sub): the older ones in
// full arrays of histChunk, the newest in tail. Records in full arrays
// never move while they are kept (only Compact and a rolled-back txn
// rebuild or shorten the history); the first tail grows by append until
// it holds histChunk. The records' values are appended to vals, whose
// chunks never move either.
type keyHist struct {
	key  []byte
	full [][]record // each exactly histChunk long
	tail []record   // at most histChunk
	vals [][]byte
}

// len is the number of records.
func (h *keyHist) len() int { return len(h.full)*histChunk + len(h.tail) }

// rec returns record i (0 the oldest), dividing unsigned (i >= 0).
func (h *keyHist) rec(i int) *record {
	if c := uint(i) / histChunk; c < uint(len(h.full)) {
		return &h.full[c][uint(i)%histChunk]
	}
	return &h.tail[i-len(h.full)*histChunk]
}

// newest returns the newest record (h is not empty): the tail's last,
// which push always leaves there.
func (h *keyHist) newest() *record {
	if n := len(h.tail); n > 0 {
		return &h.tail[n-1]
	}
	return h.rec(h.len() - 1)
}

// push appends the newest record, with value v (nil for a tombstone).
func (h *keyHist) push(r record, v []byte) {
	n := h.add(v)
	r.valChunk, r.valOff, r.valLen = n.valChunk, n.valOff, r.valLen&tombBit|n.valLen
	*n = r
}

// add appends a record with value v (nil for none) as the newest and
// returns it, zero but for where its value is, for the caller to fill in
// place (a write's record passed by value went through two calls' stack
// arguments at every member).
func (h *keyHist) add(v []byte) *record {
	var chunk, off uint32
	if len(v) > 0 {
		n := len(h.vals)
		if n == 0 || len(h.vals[n-1])+len(v) > cap(h.vals[n-1]) {
			size := 32
			if n > 0 {
				size = min(2*cap(h.vals[n-1]), valChunk)
			}
			h.vals = append(h.vals, make([]byte, 0, max(size, len(v))))
			n++
		}
		last := &h.vals[n-1]
		chunk, off = uint32(n-1), uint32(len(*last))
		*last = append(*last, v...)
	}
	if len(h.tail) == histChunk {
		h.full = append(h.full, h.tail)
		h.tail = make([]record, 0, histChunk)
	}
	h.tail = append(h.tail, record{valChunk: chunk, valOff: off, valLen: uint32(len(v))})
	return &h.tail[len(h.tail)-1]
}

// value is r's value, in place (read it, never change it): nil for a
// tombstone, empty but not nil for an empty value.
func (h *keyHist) value(r *record) []byte {
	if r.tomb() {
		return nil
	}
	if r.vlen() == 0 {
		return []byte{}
	}
	end := r.valOff + r.vlen()
	return h.vals[r.valChunk][r.valOff:end:end]
}

// kv is r's KeyValue, its key and value in place (a tombstone's holds
// only the key).
func (h *keyHist) kv(r *record) etcdpb.KeyValue {
	if r.tomb() {
		return etcdpb.KeyValue{Key: h.key}
	}
	return etcdpb.KeyValue{Key: h.key, Value: h.value(r), CreateRevision: r.create, ModRevision: r.main,
		Version: r.version, Lease: r.lease}
}

// copyKV is a copy of r's KeyValue that shares nothing with the store.
func (h *keyHist) copyKV(r *record) *etcdpb.KeyValue {
	kv := h.kv(r)
	return copyKV(&kv)
}

// pop drops the newest record (and its value, the last bytes of vals).
func (h *keyHist) pop() {
	if len(h.tail) == 0 {
		n := len(h.full) - 1
		h.tail, h.full[n] = h.full[n], nil
		h.full = h.full[:n]
	}
	n := len(h.tail) - 1
	if r := &h.tail[n]; r.vlen() > 0 {
		c := &h.vals[r.valChunk]
		*c = (*c)[:r.valOff]
	}
	h.tail[n] = record{}
	h.tail = h.tail[:n]
}

// after is the index of the first record with main > rev (len if none).
func (h *keyHist) after(rev int64) int {
	i, j := 0, h.len() // sort.Search's bisection
	for i < j {
		m := int(uint(i+j) >> 1)
		if h.rec(m).main > rev {
			j = m
		} else {
			i = m + 1
		}
	}
	return i
}

// dropBefore keeps records [start, len) in new arrays.
func (h *keyHist) dropBefore(start int) {
	n := h.len()
	old := *h
	h.full, h.tail, h.vals = nil, nil, nil
	for i := start; i < n; i++ {
		r := old.rec(i)
		h.push(*r, old.value(r))
	}
}

// ref is a record with its history, for lists across keys.
type ref struct {
	h *keyHist
	r *record
}

// sortRefs orders recs by revision (each record's is unique); through
// ptrsort, as a sort of refs themselves was a pdqsort of its own in
// main.wasm (~20 kB raw).
func sortRefs(recs []ref) {
	ptrsort.Func(recs, func(a, b *ref) int {
		if c := cmp.Compare(a.r.main, b.r.main); c != 0 {
			return c
		}
		return cmp.Compare(a.r.sub, b.r.sub)
	})
}
