// Package keys lists a map's keys in order: one generic function the page's
// packages share (each package's own copy, and slices.Sorted over maps.Keys,
// was one more instantiation per map type in main.wasm).
package keys

import (
	"cmp"
	"slices"
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
	slices.Sort(ks)
	return ks
}
