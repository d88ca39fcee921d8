// Package pending is a bounded queue between a producer and a reader that
// pulls: the simulator's trace records for the lab, the console's command
// starts and ends for the lab, the lab's events for the page. The producer
// never calls into its reader (the reader takes what is pending after each
// step it drives), and a reader that lets the producer run far loses the
// oldest items, counted, rather than the queue growing without end.
package pending

// Queue holds up to Max items added since the last Take. Its zero value
// (with Max set) is ready to use.
type Queue[T any] struct {
	Max          int
	items, spare []T
	dropped      int
}

// Add appends *v. A full queue drops its oldest quarter first, at once: in
// a long run past the bound each kept item moves about three times, not
// once per new item.
func (q *Queue[T]) Add(v *T) {
	if len(q.items) >= q.Max {
		n := max(q.Max/4, 1)
		q.items = q.items[:copy(q.items, q.items[n:])]
		q.dropped += n
	}
	q.items = append(q.items, *v)
}

// Take returns the items added since its last call, oldest first, and how
// many older ones were dropped. The slice is valid until the next Take: two
// buffers in turn, the reader reads one while the producer fills the other.
func (q *Queue[T]) Take() (items []T, dropped int) {
	items, dropped = q.items, q.dropped
	q.items, q.spare, q.dropped = q.spare[:0], items, 0
	return items, dropped
}

// Drop counts n items lost before they reached the queue (a producer
// further up dropped them).
func (q *Queue[T]) Drop(n int) { q.dropped += n }
