// Package sim is the world raftlab's members live in: a virtual clock, a
// network of per-link channels, crashes and restarts, a trace of everything
// that happens, and Raft's safety invariants checked after every step.
// Everything is scheduled from one seed; nothing reads the wall clock.
package sim

import (
	"container/heap"
	"time"
)

// event is something scheduled at a virtual time. seq breaks ties in
// scheduling order, so equal seeds give equal runs.
type event struct {
	at  time.Duration
	seq uint64
	fn  func()
	// canceled events stay in the heap and are skipped.
	canceled bool
}

type eventQueue []*event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *eventQueue) Pop() any {
	old := *q
	n := len(old)
	e := old[n-1]
	old[n-1] = nil
	*q = old[:n-1]
	return e
}

// Timer is a handle to a scheduled callback.
type Timer struct{ e *event }

// Stop cancels the callback if it has not run.
func (t *Timer) Stop() {
	if t != nil && t.e != nil {
		t.e.canceled = true
	}
}

type clock struct {
	now   time.Duration
	seq   uint64
	queue eventQueue
}

func (c *clock) schedule(at time.Duration, fn func()) *Timer {
	if at < c.now {
		at = c.now
	}
	c.seq++
	e := &event{at: at, seq: c.seq, fn: fn}
	heap.Push(&c.queue, e)
	return &Timer{e: e}
}

// next pops the earliest live event due at or before until.
func (c *clock) next(until time.Duration) *event {
	for len(c.queue) > 0 {
		e := c.queue[0]
		if e.at > until {
			return nil
		}
		heap.Pop(&c.queue)
		if e.canceled {
			continue
		}
		return e
	}
	return nil
}

// peek returns the time of the earliest live event, or false.
func (c *clock) peek() (time.Duration, bool) {
	for len(c.queue) > 0 {
		if c.queue[0].canceled {
			heap.Pop(&c.queue)
			continue
		}
		return c.queue[0].at, true
	}
	return 0, false
}
