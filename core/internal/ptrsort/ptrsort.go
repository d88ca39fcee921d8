// Package ptrsort sorts a slice through a slice of pointers to its
// elements. slices.SortFunc over []*T is one instantiation of pdqsort in
// main.wasm for every T (one pointer shape), where a sort of each struct or
// custom-ordered string slice was a pdqsort of its own (5–20 kB raw each).
// The permutation is the one slices.SortFunc on s itself would make (the
// algorithm sees the same comparisons in the same positions), so unstable
// sorts order ties as before.
package ptrsort

import (
	"cmp"
	"slices"
	"strings"
	"unsafe"
)

// Func sorts s as slices.SortFunc(s, c) would (c gets pointers).
func Func[E any](s []E, c func(a, b *E) int) {
	if len(s) < 2 {
		return
	}
	ps := make([]*E, len(s))
	for i := range s {
		ps[i] = &s[i]
	}
	slices.SortFunc(ps, c)
	sorted := make([]E, len(s))
	for i, p := range ps {
		sorted[i] = *p
	}
	copy(s, sorted)
}

// StableFunc sorts s as slices.SortStableFunc(s, c) would, without a
// stable sort of its own in main.wasm: ties are ordered by their
// element's address, which is their order in s (the elements of one array
// keep their relative addresses, even on a stack that is moved), so the
// order is total and pdqsort's one result is the stable one.
func StableFunc[E any](s []E, c func(a, b *E) int) {
	Func(s, func(a, b *E) int {
		if r := c(a, b); r != 0 {
			return r
		}
		return cmp.Compare(uintptr(unsafe.Pointer(a)), uintptr(unsafe.Pointer(b)))
	})
}

// Strings sorts s ascending, as slices.Sort(s) does (equal strings are
// indistinguishable), with the pointer pdqsort: the page links no sort of
// []string of its own.
func Strings(s []string) {
	Func(s, func(a, b *string) int { return strings.Compare(*a, *b) })
}

// Uint64s sorts s ascending, as slices.Sort(s) does, with the pointer
// pdqsort (member IDs: configuration changes, bootstrap, snapshots).
func Uint64s(s []uint64) {
	Func(s, func(a, b *uint64) int { return cmp.Compare(*a, *b) })
}

// Ints sorts s ascending, as slices.Sort(s) does, with the pointer pdqsort
// (lesson checks' partition sizes): the page links no pdqsort of []int
// (fmt.Errorf's, the other, is an insertion sort under cmd/pageoverlay).
func Ints(s []int) {
	Func(s, func(a, b *int) int { return cmp.Compare(*a, *b) })
}
