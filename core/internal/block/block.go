// Package block hands out new zero values of one type from arrays
// allocated n at a time: one allocation per n values instead of one each,
// as raft.Node's proposals share an array. A value is never reused: an
// array is garbage once none of its values is referenced, so a value kept
// long keeps its n-1 neighbours' memory with it (use it for values that
// live about as long as each other: a request's op, a put's response).
package block

// Of is what is left of the last array allocated; its zero value is ready.
type Of[T any] struct{ free []T }

// New returns a new zero T, allocating the next n together when the last
// array is used up.
func (b *Of[T]) New(n int) *T {
	if len(b.free) == 0 {
		b.free = make([]T, n)
	}
	v := &b.free[0]
	b.free = b.free[1:]
	return v
}
