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
	// canceled events stay queued (in a bucket, near or far) and are
	// skipped.
	canceled bool

	// The message it delivers: from and id, a message's sender and
	// number; on an event that calls fn, the member whose process set it
	// and that process's start (Member.After), or nil.
	queuedMsg
	// more are the messages sent right after msg, due at its time, with
	// no other event queued in between (World.send): each is delivered
	// as an event of its own would have been, one per RunNext, after msg.
	// Its array is kept for reuse; delivered counts those delivered, msg
	// first.
	more      []queuedMsg
	delivered int
	// pkt, when set, is a packet on a connection arriving (arrivePacket),
	// or with from a Call's answer leaving that member (queueAnswers).
	pkt *packet
}

// queuedMsg is a message on its way, as an event holds its first one:
// its sender, itself, its number and its records' shared hash sum
// (msgSum).
type queuedMsg struct {
	from *Member
	msg  raft.Message
	id   uint64
	sum  uint64
}

// set puts message id from member from, with its records' sum, in q: in
// place, the message on its own (a queuedMsg literal, or one assignment
// of all four, copies it to the stack first).
func (q *queuedMsg) set(from *Member, msg *raft.Message, id, sum uint64) {
	q.msg = *msg
	q.from, q.id, q.sum = from, id, sum
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
// each a FIFO of events due at one time, in the order they were posted
// (seq order: queuing is an append). A loaded cluster runs most of its
// events at a few times (a Ready's messages share one delivery time, the
// members' replies to one message too), so most events cost an append
// and a pop. post appends to one of the two buckets it last posted to
// when the time is theirs (a Ready's messages come in runs, and an
// event's own timers at now alternate with them), or to cur when its
// time is cur's and no other bucket of that time waits (postNew), and
// otherwise starts a new bucket, without looking for another of that time (a table finding
// them cost more than the buckets it saved: an idle cluster's usual
// bucket is a lone tick's, which paid for an insert and a removal, and
// under wasm for their calls). A time may so have more than one bucket,
// but their events never interleave: a bucket takes no event once a
// newer one of its time exists (that one is then the first hint, and an
// older bucket out of the hints never returns to them), nor once an
// event of its time went far (only when neither hint was of its time).
// So the buckets wait in a min-heap by their time and their head's seq
// (which does not change while they wait: posts append at the end), and
// cur, the earliest, runs to its end before the next is taken. Events
// posted a second or more ahead (a client's deadline, mostly stopped
// before it comes) wait in a heap of their own (far), each in a bucket of
// its own, and join the buckets' heap once no bucket is earlier: in it at
// post, their buckets would deepen it (the two heaps are one type). Where
// an event waits changes nothing of the order events run in: (at, seq), a
// total order.
type clock struct {
	now time.Duration
	seq uint64
	// cur is the bucket whose head is the earliest queued event, never
	// empty (one drained is released at once), nil when nothing is
	// queued; later holds the other buckets; far holds the events posted
	// farAhead or more ahead, all later than cur's time.
	cur   *bucket
	later bucketHeap
	far   bucketHeap
	// hints are the two buckets post last pushed to, latest first, nil if
	// released since.
	hints [2]*bucket
	free  []*event
	spare []*bucket
	// all holds every bucket made, by number (bucket.n): the heaps' slots
	// name their buckets by number, holding no pointer, so moving one
	// needs no write barrier and the GC never scans them.
	all []*bucket
	// n counts the events queued, canceled ones included; canceled counts
	// the canceled ones (about: one canceled while it runs is counted
	// too, until the next compact).
	n        int
	canceled int
}

// farAhead is how far ahead of now an event is posted to be kept in far.
const farAhead = time.Second

// bucket is events due at one time, in seq order from head on.
type bucket struct {
	at   time.Duration
	evs  []*event
	head int
	n    uint32 // its number: clock.all[n]
}

// bucketHeap is a min-heap of buckets by (at, seq of their head event),
// each slot holding its bucket's key beside its number (clock.all).
type bucketHeap []bslot

type bslot struct {
	at  time.Duration
	seq uint64
	b   uint32
}

func (a *bslot) before(b *bslot) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

// keyOf is a queued bucket's slot: its time and its head's seq.
func keyOf(b *bucket) bslot { return bslot{b.at, b.evs[b.head].seq, b.n} }

func (h *bucketHeap) push(s bslot) {
	*h = append(*h, s)
	h.up(len(*h)-1, s)
}

// up puts s at the hole at i or above it, moving the slots on the way
// down.
func (h bucketHeap) up(i int, s bslot) {
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

// pop removes the earliest bucket: the hole it leaves goes down to a
// leaf by the earlier child, one comparison a level (the last slot, which
// refills it, belongs near the bottom), and the last slot up from there.
func (h *bucketHeap) pop() uint32 {
	q := *h
	n := len(q) - 1
	top, last := q[0].b, q[n]
	q = q[:n]
	*h = q
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && q[r].before(&q[l]) {
			l = r
		}
		q[i] = q[l]
		i = l
	}
	if n > 0 {
		q.up(i, last)
	}
	return top
}

// down moves the bucket at i down to its place.
func (h bucketHeap) down(i int) {
	n := len(h)
	if i >= n {
		return
	}
	s := h[i]
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		k := l
		if r := l + 1; r < n && h[r].before(&h[l]) {
			k = r
		}
		if !h[k].before(&s) {
			break
		}
		h[i] = h[k]
		i = k
	}
	h[i] = s
}

// len is the number of events queued, canceled ones included.
func (c *clock) len() int { return c.n }

// cancel marks a queued event canceled. Canceled events are skipped when
// they come up, and dropped all at once when they are more than half the
// queue: a client command's deadline (5 s), stopped when its answer comes,
// would otherwise stay queued for the whole timeout (about 500 events
// under 100 puts/s). Dropping them changes nothing of the order the
// others run in.
func (c *clock) cancel(e *event) {
	e.canceled = true
	c.canceled++
	if c.canceled > 32 && 2*c.canceled > c.n {
		c.compact()
	}
}

// compact drops the canceled events from the queue, and the buckets left
// empty; the heaps are rebuilt (a bucket's head may have changed).
func (c *clock) compact() {
	q := c.far[:0]
	for _, s := range c.far {
		if b := c.all[s.b]; b.evs[0].canceled {
			c.recycle(b.evs[0])
			c.n--
			c.release(b)
		} else {
			q = append(q, s)
		}
	}
	c.far = q
	for i := len(q)/2 - 1; i >= 0; i-- {
		q.down(i)
	}
	all := c.later
	if c.cur != nil {
		all = append(all, bslot{b: c.cur.n})
	}
	kept := all[:0]
	for _, s := range all {
		b := c.all[s.b]
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
			kept = append(kept, keyOf(b))
		}
	}
	c.later, c.cur, c.canceled = kept, nil, 0
	for i := len(kept)/2 - 1; i >= 0; i-- {
		kept.down(i)
	}
	c.advance()
}

// post queues an event at at (or now, if earlier) with no handle, at the
// end of a bucket of its time.
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
	c.n++
	if b := c.hints[0]; b != nil && b.at == at {
		b.evs = append(b.evs, e)
	} else if b = c.hints[1]; b != nil && b.at == at {
		c.hints[0], c.hints[1] = b, c.hints[0]
		b.evs = append(b.evs, e)
	} else {
		c.postNew(e)
	}
	return e
}

// postNew queues e, whose time neither hint has: at the end of cur if
// cur is of its time and no other bucket of that time waits (every
// bucket in the heap is later than cur, and a far one's time is later
// still, or it would have joined the heap before cur was taken: the
// heap's earliest tells), else far, or in a new bucket.
func (c *clock) postNew(e *event) {
	at := e.at
	if b := c.cur; b != nil && b.at == at && (len(c.later) == 0 || c.later[0].at != at) {
		b.evs = append(b.evs, e)
		return
	}
	b := c.newBucket(at, e)
	// The heap the new bucket (or cur) goes to, and its slot: one push,
	// inlined once.
	h, s := &c.later, bslot{at, e.seq, b.n}
	if at-c.now >= farAhead && c.cur != nil && at > c.cur.at {
		h = &c.far
	} else {
		c.hints[0], c.hints[1] = b, c.hints[0]
		switch {
		case c.cur == nil:
			c.cur = b
			return
		case at < c.cur.at:
			// Earlier than cur (posted at now, cur later): cur waits.
			s, c.cur = keyOf(c.cur), b
		}
		// Otherwise its seq is the latest: after anything queued at
		// its time.
	}
	h.push(s)
}

// newBucket makes a bucket of time at holding e (cur or the heap is the
// caller's).
func (c *clock) newBucket(at time.Duration, e *event) *bucket {
	var b *bucket
	if n := len(c.spare); n > 0 {
		b, c.spare = c.spare[n-1], c.spare[:n-1]
	} else {
		b = &bucket{n: uint32(len(c.all))}
		c.all = append(c.all, b)
	}
	b.at = at
	b.evs = append(b.evs, e)
	return b
}

// release forgets an empty bucket, which is not cur nor in the heap, and
// keeps it for reuse. (Its array still points to the events it held:
// they are the clock's, recycled, and hold nothing.)
func (c *clock) release(b *bucket) {
	if c.hints[0] == b {
		c.hints[0] = nil
	}
	if c.hints[1] == b {
		c.hints[1] = nil
	}
	b.evs, b.head = b.evs[:0], 0
	c.spare = append(c.spare, b)
}

// advance makes the earliest bucket of the heap cur, which is nil, once
// the far events' buckets due no later than it joined the heap.
func (c *clock) advance() {
	for len(c.far) > 0 && (len(c.later) == 0 || c.far[0].at <= c.later[0].at) {
		b := c.all[c.far.pop()]
		if e := b.evs[0]; e.canceled {
			c.canceled--
			c.n--
			c.recycle(e)
			c.release(b)
			continue
		}
		c.later.push(keyOf(b))
	}
	if len(c.later) > 0 {
		c.cur = c.all[c.later.pop()]
	}
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
// id on a Call's answer; or from, msg, id and sum, and more, which
// dropMore empties first).
func (c *clock) recycle(e *event) {
	e.fn, e.pkt, e.from, e.seq, e.canceled = nil, nil, nil, 0, false
	e.msg.Entries, e.msg.Snapshot, e.msg.Context = nil, nil, nil
	c.free = append(c.free, e)
}

// dropMore empties more, dropping its messages' references (only those:
// clear() of the whole costs more), before an event with more is
// recycled (by RunNext, once it delivered them: recycle, inlined, would
// not be with this call).
func (e *event) dropMore() {
	more := e.more
	for i := range more {
		q := &more[i]
		q.from, q.msg.Entries, q.msg.Snapshot, q.msg.Context = nil, nil, nil, nil
	}
	e.more, e.delivered = more[:0], 0
}

// next pops the earliest live event due at or before until: cur's head,
// inlined, in the common case.
func (c *clock) next(until time.Duration) *event {
	if b := c.cur; b != nil {
		if e := b.evs[b.head]; e.at <= until && !e.canceled {
			b.head++
			c.n--
			if b.head == len(b.evs) {
				c.drained()
			}
			return e
		}
	}
	return c.nextAfter(until)
}

// pop removes cur's head, the earliest event.
func (c *clock) pop() {
	b := c.cur
	b.head++
	c.n--
	if b.head == len(b.evs) {
		c.drained()
	}
}

// drained releases cur, whose last event was taken, for the next bucket.
func (c *clock) drained() {
	b := c.cur
	c.cur = nil
	c.release(b)
	c.advance()
}

// nextAfter is next past a canceled event, or with none due.
func (c *clock) nextAfter(until time.Duration) *event {
	for b := c.cur; b != nil; b = c.cur {
		e := b.evs[b.head]
		if e.at > until {
			return nil
		}
		c.pop()
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
	for b := c.cur; b != nil; b = c.cur {
		e := b.evs[b.head]
		if !e.canceled {
			return e.at, true
		}
		c.pop()
		c.canceled--
		c.recycle(e)
	}
	return 0, false
}
