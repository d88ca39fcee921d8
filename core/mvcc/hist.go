package mvcc

import "sort"

// histChunk is how many records one array of a key's history holds. Past
// it the history grows by another array instead of being copied into a
// larger one: a key written thousands of times was copied about four
// times per record on its way up (append grows large slices by 1.25x),
// and those arrays were a fifth of what a loaded cluster allocated.
const histChunk = 64

// keyHist is one key's records, ascending (main, sub): the older ones in
// full arrays of histChunk, the newest in tail. Records in full arrays
// never move while they are kept (only Compact and a rolled-back txn
// rebuild or shorten the history); the first tail grows by append until
// it holds histChunk.
type keyHist struct {
	key  []byte
	full [][]record // each exactly histChunk long
	tail []record   // at most histChunk
}

// len is the number of records.
func (h *keyHist) len() int { return len(h.full)*histChunk + len(h.tail) }

// rec returns record i (0 the oldest).
func (h *keyHist) rec(i int) *record {
	if c := i / histChunk; c < len(h.full) {
		return &h.full[c][i%histChunk]
	}
	return &h.tail[i-len(h.full)*histChunk]
}

// push appends the newest record.
func (h *keyHist) push(r record) {
	if len(h.tail) == histChunk {
		h.full = append(h.full, h.tail)
		h.tail = make([]record, 0, histChunk)
	}
	h.tail = append(h.tail, r)
}

// pop drops the newest record.
func (h *keyHist) pop() {
	if len(h.tail) == 0 {
		n := len(h.full) - 1
		h.tail, h.full[n] = h.full[n], nil
		h.full = h.full[:n]
	}
	n := len(h.tail) - 1
	h.tail[n] = record{}
	h.tail = h.tail[:n]
}

// after is the index of the first record with main > rev (len if none).
func (h *keyHist) after(rev int64) int {
	return sort.Search(h.len(), func(i int) bool { return h.rec(i).main > rev })
}

// dropBefore keeps records [start, len) in new arrays.
func (h *keyHist) dropBefore(start int) {
	n := h.len()
	old := *h
	h.full, h.tail = nil, nil
	for i := start; i < n; i++ {
		h.push(*old.rec(i))
	}
}
