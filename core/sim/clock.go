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
	// canceled events stay queued (heap or lane) and are skipped.
	canceled bool

	// from and id: a message's sender and number; on an event that
	// calls fn, the member whose process set it and that process's start
	// (Member.After), or nil.
	from *Member
	msg  raft.Message
	id   uint64
	sum  uint64 // msg's records' shared hash sum (msgSum)
	// pkt, when set, is a packet on a connection arriving (arrivePacket),
	// or with from a Call's answer leaving that member (queueAnswers).
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

// lanes is how many delays get a lane (see lane).
const lanes = 4

type clock struct {
	now   time.Duration
	seq   uint64
	queue eventQueue // events no lane took
	lanes [lanes]lane
	hint  int // the lane post last pushed to
	free  []*event
	// canceled counts the canceled events queued (about: one canceled
	// while it runs is counted too, until the next compact).
	canceled int
}

// lane is a FIFO of events posted with one delay. With a fixed delay each
// event comes at the same time as the one posted before it or later, and
// with a larger seq, so a lane is in (at, seq) order as it fills: queuing
// is an append, and the next event is the earliest of the heap's top and
// the lanes' heads. Raft's messages (the network's one latency), the
// callbacks run "after 0", ticks and client deadlines each fill one, and
// the heap keeps the rest (jitter, the reordering it makes, odd timers).
// Where an event waits changes nothing of the order events run in.
type lane struct {
	d    time.Duration
	evs  []*event
	head int
}

func (l *lane) len() int { return len(l.evs) - l.head }

func (l *lane) push(e *event) {
	switch {
	case l.head > 0 && l.head == len(l.evs):
		// Empty: start the array again (pop cleared every slot).
		l.evs, l.head = l.evs[:0], 0
	case l.head >= 64 && 2*l.head >= len(l.evs):
		// Reuse the front of the array rather than grow it.
		n := copy(l.evs, l.evs[l.head:])
		clear(l.evs[n:])
		l.evs, l.head = l.evs[:n], 0
	}
	l.evs = append(l.evs, e)
}

func (l *lane) pop() *event {
	e := l.evs[l.head]
	l.evs[l.head] = nil
	l.head++
	return e
}

// len is the number of events queued, canceled ones included.
func (c *clock) len() int {
	n := len(c.queue)
	for i := range c.lanes {
		n += c.lanes[i].len()
	}
	return n
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
	if c.canceled > 32 && 2*c.canceled > c.len() {
		c.compact()
	}
}

// compact drops the canceled events from the queue and rebuilds the heap;
// the lanes keep their order.
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
	for i := range c.lanes {
		l := &c.lanes[i]
		evs := l.evs[:0]
		for _, e := range l.evs[l.head:] {
			if e.canceled {
				c.recycle(e)
			} else {
				evs = append(evs, e)
			}
		}
		clear(l.evs[len(evs):])
		l.evs, l.head = evs, 0
	}
}

// post queues an event at at (or now, if earlier) with no handle: in the
// lane of its delay, or an empty lane it takes, or else the heap.
// The world posts through World.post, which queues the outbox's answers first.
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
	d := at - c.now
	// The lane the last event went to first: a Ready's messages (the
	// network's one latency) come in runs.
	if l := &c.lanes[c.hint]; l.d == d && l.len() > 0 {
		l.push(e)
		return e
	}
	empty := -1
	for i := range c.lanes {
		l := &c.lanes[i]
		if l.len() == 0 {
			if empty < 0 {
				empty = i
			}
		} else if l.d == d {
			c.hint = i
			l.push(e)
			return e
		}
	}
	if empty >= 0 {
		l := &c.lanes[empty]
		c.hint = empty
		l.d = d
		l.push(e)
		return e
	}
	c.queue.push(e)
	return e
}

func (c *clock) schedule(at time.Duration, fn func()) Timer { return c.timer(c.post(at), fn) }

// timer makes a posted event run fn, and returns the Timer that stops it.
func (c *clock) timer(e *event, fn func()) Timer {
	e.fn = fn
	return Timer{c: c, e: e, seq: e.seq}
}

// recycle returns an event that ran or was skipped to the free list. Only
// what holds memory is cleared, with seq (a Timer of the event stops
// nothing now) and canceled: post sets at and seq, and each use sets what
// it reads (fn, with from and id on a member's timer; pkt, with from and
// id on a Call's answer; or from, msg, id and sum).
func (c *clock) recycle(e *event) {
	e.fn, e.pkt, e.from, e.seq, e.canceled = nil, nil, nil, 0, false
	e.msg.Entries, e.msg.Snapshot, e.msg.Context = nil, nil, nil
	c.free = append(c.free, e)
}

// first returns the earliest queued event, canceled or not, and the lane
// it heads (-1: the heap), or nil.
func (c *clock) first() (e *event, src int) {
	src = -1
	if len(c.queue) > 0 {
		e = c.queue[0].e
	}
	for i := range c.lanes {
		if l := &c.lanes[i]; l.head < len(l.evs) {
			if h := l.evs[l.head]; e == nil || h.at < e.at || h.at == e.at && h.seq < e.seq {
				e, src = h, i
			}
		}
	}
	return e, src
}

// take removes the event first returned from where it waits.
func (c *clock) take(src int) *event {
	if src < 0 {
		return c.queue.pop()
	}
	return c.lanes[src].pop()
}

// next pops the earliest live event due at or before until.
func (c *clock) next(until time.Duration) *event {
	for {
		e, src := c.first()
		if e == nil || e.at > until {
			return nil
		}
		c.take(src)
		if e.canceled {
			c.canceled--
			c.recycle(e)
			continue
		}
		return e
	}
}

// peek returns the time of the earliest live event, or false.
func (c *clock) peek() (time.Duration, bool) {
	for {
		e, src := c.first()
		if e == nil {
			return 0, false
		}
		if !e.canceled {
			return e.at, true
		}
		c.take(src)
		c.canceled--
		c.recycle(e)
	}
}
