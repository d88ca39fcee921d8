// Package keys lists a map's keys in order: one generic function the page's
// packages share (each package's own copy, and slices.Sorted over maps.Keys,
// was one more instantiation per map type in main.wasm).
package keys

import (
	"cmp"
	"slices"
)

// Sorted returns m's keys in ascending order (an empty, non-nil slice for an
// empty map).
func Sorted[K cmp.Ordered, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
