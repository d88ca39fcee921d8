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
	// canceled events stay queued (in a bucket or far) and are skipped.
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

// eventQueue is a binary min-heap of events ordered by (at, seq): the far
// events. Each slot holds its event's key beside the pointer, so sifting
// compares within the array.
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

// clock is the virtual clock and its queue of events, kept in buckets:
// one per time at which events wait, each a FIFO of its events in the
// order they were posted. Events at one time run in seq order, which is
// the order they were posted in, so a bucket is in (at, seq) order as it
// fills: queuing is an append, and the next event is the head of the
// earliest bucket (cur). The other buckets wait in a min-heap by time,
// which moves once per distinct time rather than once per event, and a
// table finds the bucket of a time. A loaded cluster runs most of its
// events at a few times (a Ready's messages share one delivery time, the
// members' replies to one message too), so most events cost an append
// and a pop. Events posted a second or more ahead (a client's deadline,
// mostly stopped before it comes) wait in a heap of their own (far)
// instead, each at its own time, and join their time's bucket once it is
// the next: a bucket each would deepen the buckets' heap. Where an event
// waits changes nothing of the order events run in: (at, seq), a total
// order.
type clock struct {
	now time.Duration
	seq uint64
	// cur is the bucket of the earliest time, nil when none is queued;
	// later is every other bucket, a min-heap by time; far holds the
	// events posted farAhead or more ahead, all later than cur's time.
	cur   *bucket
	later []*bucket
	far   eventQueue
	// table finds the bucket of a time (cur's too); hints are the two
	// buckets post last pushed to, latest first (a Ready's messages come
	// in runs, and an event's own timers at now alternate with them),
	// nil if released since.
	table bucketTable
	hints [2]*bucket
	free  []*event
	spare []*bucket
	// n counts the events queued, canceled ones included; canceled counts
	// the canceled ones (about: one canceled while it runs is counted
	// too, until the next compact).
	n        int
	canceled int
}

// farAhead is how far ahead of now an event is posted to be kept in far.
const farAhead = time.Second

// bucket is the events due at one time, in seq order from head on.
type bucket struct {
	at   time.Duration
	evs  []*event
	head int
}

// len is the number of events queued, canceled ones included.
func (c *clock) len() int { return c.n }

// cancel marks a queued event canceled. Canceled events are skipped when
// they come up, and dropped all at once when they are more than half the
// queue: a client command's deadline (5 s), stopped when its answer comes,
// would otherwise stay queued for the whole timeout (about 500 events
// under 100 puts/s), each in a bucket of its own. Dropping them changes
// nothing of the order the others run in.
func (c *clock) cancel(e *event) {
	e.canceled = true
	c.canceled++
	if c.canceled > 32 && 2*c.canceled > c.n {
		c.compact()
	}
}

// compact drops the canceled events from the queue, and the buckets left
// empty; the buckets keep their order, the heap is rebuilt.
func (c *clock) compact() {
	q := c.far[:0]
	for _, s := range c.far {
		if e := s.e; e.canceled {
			c.recycle(e)
			c.n--
		} else {
			q = append(q, s)
		}
	}
	clear(c.far[len(q):])
	c.far = q
	for i := len(q)/2 - 1; i >= 0; i-- {
		q.down(i)
	}
	all := c.later
	if c.cur != nil {
		all = append(all, c.cur)
	}
	kept := all[:0]
	for _, b := range all {
		evs := b.evs[:0]
		for _, e := range b.evs[b.head:] {
			if e.canceled {
				c.recycle(e)
				c.n--
			} else {
				evs = append(evs, e)
			}
		}
		clear(b.evs[len(evs):])
		b.evs, b.head = evs, 0
		if len(evs) == 0 {
			c.release(b)
		} else {
			kept = append(kept, b)
		}
	}
	clear(all[len(kept):])
	c.later, c.cur, c.canceled = kept, nil, 0
	for i := len(kept)/2 - 1; i >= 0; i-- {
		c.down(i)
	}
	c.advance()
}

// post queues an event at at (or now, if earlier) with no handle, at the
// end of its time's bucket.
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
	if b := c.hints[0]; b != nil && b.at == at {
		b.evs = append(b.evs, e)
	} else {
		if at-c.now >= farAhead && c.cur != nil && at > c.cur.at {
			c.far.push(e)
			c.n++
			return e
		}
		if b = c.hints[1]; b == nil || b.at != at {
			b = c.bucket(at)
		}
		c.hints[0], c.hints[1] = b, c.hints[0]
		b.evs = append(b.evs, e)
	}
	c.n++
	return e
}

// bucket returns the bucket of time at, made if there is none.
func (c *clock) bucket(at time.Duration) *bucket {
	if b := c.table.find(at); b != nil {
		return b
	}
	b := c.newBucket(at)
	switch {
	case c.cur == nil:
		c.cur = b
	case at < c.cur.at:
		c.push(c.cur)
		c.cur = b
	default:
		c.push(b)
	}
	return b
}

// newBucket makes the bucket of time at, which has none, and lists it in
// the table (cur or the heap is the caller's).
func (c *clock) newBucket(at time.Duration) *bucket {
	var b *bucket
	if n := len(c.spare); n > 0 {
		b, c.spare = c.spare[n-1], c.spare[:n-1]
	} else {
		b = new(bucket)
	}
	b.at = at
	c.table.insert(b)
	return b
}

// release forgets an empty bucket, which is not cur nor in the heap, and
// keeps it for reuse. (Its array still points to the events it held:
// they are the clock's, recycled, and hold nothing.)
func (c *clock) release(b *bucket) {
	c.table.remove(b)
	for i, h := range c.hints {
		if h == b {
			c.hints[i] = nil
		}
	}
	b.evs, b.head = b.evs[:0], 0
	c.spare = append(c.spare, b)
}

// advance makes the earliest bucket of the heap cur, which is nil, once
// the far events due no later than it joined their buckets.
func (c *clock) advance() {
	for len(c.far) > 0 && (len(c.later) == 0 || c.far[0].at <= c.later[0].at) {
		e := c.far.pop()
		if e.canceled {
			c.canceled--
			c.n--
			c.recycle(e)
			continue
		}
		c.land(e)
	}
	h := c.later
	n := len(h) - 1
	if n < 0 {
		return
	}
	c.cur = h[0]
	h[0] = h[n]
	h[n] = nil
	c.later = h[:n]
	c.down(0)
}

// land puts a far event in its time's bucket, in seq order: the bucket
// may hold events posted before it (a far event is also posted near when
// nothing nearer waits) and after it.
func (c *clock) land(e *event) {
	b := c.table.find(e.at)
	if b == nil {
		b = c.newBucket(e.at)
		c.push(b)
	}
	i := len(b.evs)
	for i > b.head && b.evs[i-1].seq > e.seq {
		i--
	}
	b.evs = append(b.evs, nil)
	copy(b.evs[i+1:], b.evs[i:])
	b.evs[i] = e
}

func (c *clock) push(b *bucket) {
	c.later = append(c.later, b)
	h := c.later
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].at <= b.at {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = b
}

// down moves the bucket at i of the heap down to its place.
func (c *clock) down(i int) {
	h := c.later
	n := len(h)
	if i >= n {
		return
	}
	b := h[i]
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		k := l
		if r := l + 1; r < n && h[r].at < h[l].at {
			k = r
		}
		if h[k].at >= b.at {
			break
		}
		h[i] = h[k]
		i = k
	}
	h[i] = b
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

// first returns the earliest queued event, canceled or not, or nil.
func (c *clock) first() *event {
	if b := c.cur; b != nil && b.head < len(b.evs) {
		return b.evs[b.head]
	}
	return c.firstAfter()
}

// firstAfter is first once cur is drained: the buckets emptied on the way
// are released.
func (c *clock) firstAfter() *event {
	for b := c.cur; b != nil; b = c.cur {
		if b.head < len(b.evs) {
			return b.evs[b.head]
		}
		c.cur = nil
		c.release(b)
		c.advance()
	}
	return nil
}

// take removes the event first returned from cur (its slot is left as it
// is: a bucket's array is only read from head on).
func (c *clock) take() {
	c.cur.head++
	c.n--
}

// next pops the earliest live event due at or before until: cur's head,
// inlined, in the common case.
func (c *clock) next(until time.Duration) *event {
	if b := c.cur; b != nil && b.head < len(b.evs) {
		if e := b.evs[b.head]; e.at <= until && !e.canceled {
			b.head++
			c.n--
			return e
		}
	}
	return c.nextAfter(until)
}

// nextAfter is next past a drained bucket or a canceled event.
func (c *clock) nextAfter(until time.Duration) *event {
	for {
		e := c.first()
		if e == nil || e.at > until {
			return nil
		}
		c.take()
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
		e := c.first()
		if e == nil {
			return 0, false
		}
		if !e.canceled {
			return e.at, true
		}
		c.take()
		c.canceled--
		c.recycle(e)
	}
}

// bucketTable finds a queued time's bucket: open addressing over a
// power-of-two array, linear probing, deletion by backward shift.
type bucketTable struct {
	slots []*bucket
	n     int
}

func (t *bucketTable) home(at time.Duration) int {
	return int((uint64(at) * 0x9e3779b97f4a7c15) >> 32 & uint64(len(t.slots)-1))
}

func (t *bucketTable) find(at time.Duration) *bucket {
	if len(t.slots) == 0 {
		return nil
	}
	mask := len(t.slots) - 1
	for i := t.home(at); ; i = (i + 1) & mask {
		b := t.slots[i]
		if b == nil || b.at == at {
			return b
		}
	}
}

// insert adds b, whose time has no bucket yet.
func (t *bucketTable) insert(b *bucket) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]*bucket, max(16, 2*len(old)))
		for _, o := range old {
			if o != nil {
				t.put(o)
			}
		}
	}
	t.put(b)
	t.n++
}

func (t *bucketTable) put(b *bucket) {
	mask := len(t.slots) - 1
	i := t.home(b.at)
	for t.slots[i] != nil {
		i = (i + 1) & mask
	}
	t.slots[i] = b
}

// remove deletes b, shifting back the entries after it that probed past
// its slot.
func (t *bucketTable) remove(b *bucket) {
	mask := len(t.slots) - 1
	i := t.home(b.at)
	for t.slots[i] != b {
		i = (i + 1) & mask
	}
	for j := (i + 1) & mask; t.slots[j] != nil; j = (j + 1) & mask {
		// Move j's entry to the hole at i unless its home lies in the
		// cyclic range (i, j]: it would be unreachable before the hole.
		h := t.home(t.slots[j].at)
		if (j > i && (h <= i || h > j)) || (j < i && h <= i && h > j) {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = nil
	t.n--
}
