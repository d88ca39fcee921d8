// Package sim is the world raftlab's members live in: a virtual clock, a
// network (Raft's messages on per-link channels; connections for clients,
// forwards and snapshots), crashes and restarts, a trace of everything
// that happens, and Raft's safety invariants checked after every step.
// Everything is scheduled from one seed; nothing reads the wall clock.
package sim

import (
	"time"

	"github.com/raftlab/raftlab/core/raft"
)

// event is something scheduled at a virtual time. seq breaks ties in
// scheduling order, so equal seeds give equal runs.
//
// An event either calls fn, or hands over a connection's packet (pkt), or
// delivers msg from a member (the world's most frequent event): the last
// two free of closures. Every event is recycled once it ran or was
// skipped; a Timer tells its own from a reused one by seq.
type event struct {
	at  time.Duration
	seq uint64
	fn  func()
	// canceled events stay in the heap and are skipped.
	canceled bool

	from *Member
	msg  raft.Message
	id   uint64
	// pkt, when set, is a packet on a connection arriving (arrivePacket).
	pkt *packet
}

// eventQueue is a binary min-heap ordered by (at, seq). Each slot holds
// its event's key beside the pointer, so sifting compares within the
// array instead of loading two events per comparison (the queue is
// popped and pushed about 25 times per client request). (at, seq) is a
// total order: the events run in the same order whatever the layout.
type eventQueue []qslot

type qslot struct {
	at  time.Duration
	seq uint64
	e   *event
}

func (a *qslot) before(b *qslot) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

func (q *eventQueue) push(e *event) {
	*q = append(*q, qslot{e.at, e.seq, e})
	h := *q
	i := len(h) - 1
	s := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if !s.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = s
}

func (q *eventQueue) pop() *event {
	h := *q
	n := len(h) - 1
	top := h[0].e
	h[0] = h[n]
	h[n] = qslot{}
	*q = h[:n]
	q.down(0)
	return top
}

// down moves the event at i down to its place.
func (q eventQueue) down(i int) {
	n := len(q)
	if i >= n {
		return
	}
	s := q[i]
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && q[r].before(&q[l]) {
			c = r
		}
		if !q[c].before(&s) {
			break
		}
		q[i] = q[c]
		i = c
	}
	q[i] = s
}

// Timer is a handle to a scheduled callback: its event, while that still
// carries the seq it was scheduled with (an event that ran or was skipped
// is recycled, and a reused one has a new seq). A value: scheduling
// allocates nothing beyond the callback.
type Timer struct {
	c   *clock
	e   *event
	seq uint64
}

// Stop cancels the callback if it has not run.
func (t Timer) Stop() {
	if t.e != nil && t.e.seq == t.seq && !t.e.canceled {
		t.c.cancel(t.e)
	}
}

type clock struct {
	now   time.Duration
	seq   uint64
	queue eventQueue
	free  []*event
	// canceled counts the canceled events in queue (about: one canceled
	// while it runs is counted too, until the next compact).
	canceled int
}

// cancel marks a queued event canceled. Canceled events are skipped when
// they come up, and dropped all at once when they are more than half the
// queue: a client command's deadline (5 s), stopped when its answer comes,
// would otherwise stay queued for the whole timeout (about 500 events
// under 100 puts/s) and deepen every push and pop. The order events run
// in is (at, seq) whatever the heap's layout, so dropping them changes
// nothing else.
func (c *clock) cancel(e *event) {
	e.canceled = true
	c.canceled++
	if c.canceled > 32 && 2*c.canceled > len(c.queue) {
		c.compact()
	}
}

// compact drops the canceled events from the queue and rebuilds the heap.
func (c *clock) compact() {
	q := c.queue[:0]
	for _, s := range c.queue {
		if e := s.e; e.canceled {
			c.recycle(e)
		} else {
			q = append(q, s)
		}
	}
	clear(c.queue[len(q):])
	c.queue, c.canceled = q, 0
	for i := len(q)/2 - 1; i >= 0; i-- {
		q.down(i)
	}
}

// post queues an event at at (or now, if earlier) with no handle.
func (c *clock) post(at time.Duration) *event {
	if at < c.now {
		at = c.now
	}
	var e *event
	if n := len(c.free); n > 0 {
		e, c.free = c.free[n-1], c.free[:n-1]
	} else {
		e = new(event)
	}
	c.seq++
	e.at, e.seq = at, c.seq
	c.queue.push(e)
	return e
}

func (c *clock) schedule(at time.Duration, fn func()) Timer {
	e := c.post(at)
	e.fn = fn
	return Timer{c: c, e: e, seq: e.seq}
}

// recycle returns an event that ran or was skipped to the free list.
func (c *clock) recycle(e *event) {
	*e = event{}
	c.free = append(c.free, e)
}

// next pops the earliest live event due at or before until.
func (c *clock) next(until time.Duration) *event {
	for len(c.queue) > 0 {
		if c.queue[0].at > until {
			return nil
		}
		e := c.queue.pop()
		if e.canceled {
			c.canceled--
			c.recycle(e)
			continue
		}
		return e
	}
	return nil
}

// peek returns the time of the earliest live event, or false.
func (c *clock) peek() (time.Duration, bool) {
	for len(c.queue) > 0 {
		if e := c.queue[0].e; e.canceled {
			c.queue.pop()
			c.canceled--
			c.recycle(e)
			continue
		}
		return c.queue[0].at, true
	}
	return 0, false
}
