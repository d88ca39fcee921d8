// Package keys lists a map's keys in order: one generic function the page's
// packages share (each package's own copy, and slices.Sorted over maps.Keys,
// was one more instantiation per map type in main.wasm).
package keys

import (
	"cmp"
	"unsafe"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// Sorted returns m's keys in ascending order; nil for an empty map, with no
// allocation (etcdserver lists its waiting reads after every Ready and
// tick, and usually none waits).
func Sorted[K cmp.Ordered, V any](m map[K]V) []K {
	if len(m) == 0 {
		return nil
	}
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	// ptrsort: one pdqsort over pointers for every key type (a []string
	// sort of its own cost the page ~6 kB gzipped); the same order.
	ptrsort.Func(ks, func(a, b *K) int { return cmp.Compare(*a, *b) })
	return ks
}

// SortedInt64 is Sorted for a map keyed by int64 (watch IDs), without an
// []int64 sort of its own in main.wasm: the keys are sorted as uint64s with
// the sign bit flipped, which orders them exactly as int64s.
func SortedInt64[V any](m map[int64]V) []int64 {
	if len(m) == 0 {
		return nil
	}
	ks := make([]int64, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	u := unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(ks))), len(ks))
	for i := range u {
		u[i] ^= 1 << 63
	}
	ptrsort.Uint64s(u)
	for i := range u {
		u[i] ^= 1 << 63
	}
	return ks
}
