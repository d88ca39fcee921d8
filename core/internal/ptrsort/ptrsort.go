// Package ptrsort sorts a slice through a slice of pointers to its
// elements. slices.SortFunc over []*T is one instantiation of pdqsort in
// main.wasm for every T (one pointer shape), where a sort of each struct or
// custom-ordered string slice was a pdqsort of its own (5–20 kB raw each).
// The permutation is the one slices.SortFunc on s itself would make (the
// algorithm sees the same comparisons in the same positions), so unstable
// sorts order ties as before.
package ptrsort

import "slices"

// Func sorts s as slices.SortFunc(s, cmp) would (cmp gets pointers).
func Func[E any](s []E, cmp func(a, b *E) int) { via(s, cmp, slices.SortFunc[[]*E]) }

// StableFunc sorts s as slices.SortStableFunc(s, cmp) would.
func StableFunc[E any](s []E, cmp func(a, b *E) int) { via(s, cmp, slices.SortStableFunc[[]*E]) }

func via[E any](s []E, cmp func(a, b *E) int, sort func([]*E, func(a, b *E) int)) {
	if len(s) < 2 {
		return
	}
	ps := make([]*E, len(s))
	for i := range s {
		ps[i] = &s[i]
	}
	sort(ps, cmp)
	sorted := make([]E, len(s))
	for i, p := range ps {
		sorted[i] = *p
	}
	copy(s, sorted)
}
