package sim

import (
	"math/rand"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

// A Timer stops its own callback only: once that ran (its event recycled
// and reused by a later one), Stop leaves the later callback alone.
func TestTimerStopAfterReuse(t *testing.T) {
	var c clock
	var ran []string
	a := c.schedule(1, func() { ran = append(ran, "a") })
	run := func(until time.Duration) {
		for e := c.next(until); e != nil; e = c.next(until) {
			c.now = e.at
			e.fn()
			c.recycle(e)
		}
	}
	run(1)
	b := c.schedule(2, func() { ran = append(ran, "b") })
	require.Same(t, a.e, b.e, "the event was reused")
	a.Stop()
	d := c.schedule(3, func() { ran = append(ran, "d") })
	d.Stop()
	run(10)
	require.Equal(t, []string{"a", "b"}, ran)
	b.Stop() // after it ran: nothing to stop
	_, queued := c.peek()
	require.False(t, queued)
}

// Stopped timers leave the queue once they are more than half of it, and
// the events left still run in (at, seq) order.
func TestStoppedTimersLeaveTheQueue(t *testing.T) {
	var c clock
	var ran []int
	var timers []Timer
	for i := range 200 {
		// Many equal times (seq breaks the ties), most of them far ahead.
		at := time.Duration((i*37)%50) * 100 * time.Millisecond
		timers = append(timers, c.schedule(at, func() { ran = append(ran, i) }))
	}
	for i, tm := range timers {
		if i%4 != 0 {
			tm.Stop()
			tm.Stop() // twice: counted once
		}
	}
	require.Less(t, c.len(), 100, "stopped timers were dropped")
	require.LessOrEqual(t, 2*c.canceled, c.len(), "at most half the queue is stopped timers")
	for e := c.next(time.Minute); e != nil; e = c.next(time.Minute) {
		c.now = e.at
		e.fn()
		c.recycle(e)
	}
	var want []int
	for at := range 50 {
		for i := 0; i < 200; i += 4 {
			if (i*37)%50 == at {
				want = append(want, i)
			}
		}
	}
	require.Equal(t, want, ran)
	require.Zero(t, c.canceled)
}

// Events run in (at, seq) order whatever bucket they wait in:
// callbacks scheduled from running ones with a few common delays (shared
// buckets) and random ones (a bucket each), some stopped, run
// exactly as sorting the live ones by (at, seq) orders them.
func TestEventsKeepTimeOrder(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	var c clock
	var want []sched
	stopped, ran := map[uint64]bool{}, map[uint64]bool{}
	var got []sched
	var timers []Timer
	var add func(depth int)
	add = func(depth int) {
		var d time.Duration
		switch k := r.Intn(10); {
		case k < 4:
			d = 10 * time.Millisecond // the network's latency
		case k < 6:
			d = 0
		case k < 7:
			d = 100 * time.Millisecond
		case k < 8:
			d = 5 * time.Second // far ahead
		default:
			d = time.Duration(r.Intn(3000)) * time.Millisecond // many distinct times, some far
		}
		var tm Timer
		tm = c.schedule(c.now+d, func() {
			got = append(got, sched{c.now, tm.seq})
			ran[tm.seq] = true
			if depth < 6 {
				for range r.Intn(3) {
					add(depth + 1)
				}
			}
			if len(timers) > 0 && r.Intn(3) == 0 { // stop a random timer
				i := r.Intn(len(timers))
				if !ran[timers[i].seq] {
					stopped[timers[i].seq] = true
				}
				timers[i].Stop()
			}
		})
		timers = append(timers, tm)
		want = append(want, sched{tm.e.at, tm.seq})
	}
	for range 200 {
		add(0)
	}

	runInOrder(t, &c, &want, stopped, &got)
}

// TestRecycleDropsEveryReference: clock.recycle drops an event's
// references, its messages' included, by name rather than clearing the
// whole event; a reference field added to event, queuedMsg or
// raft.Message must be dropped there too, or a free event keeps what it
// last pointed to alive. (more keeps its array for reuse, its messages
// cleared by dropMore, which deliverPend calls first on an event with
// more.)
func TestRecycleDropsEveryReference(t *testing.T) {
	msg := func() raft.Message {
		return raft.Message{Entries: []raft.Entry{{}}, Snapshot: &raft.Snapshot{}, Context: []byte("c")}
	}
	e := &event{fn: func() {}, queuedMsg: queuedMsg{from: &Member{}, msg: msg()}, pkt: &packet{},
		more: []queuedMsg{{from: &Member{}, msg: msg()}, {from: &Member{}, msg: msg()}}, delivered: 3}
	more := e.more
	var c clock
	refs := func(v reflect.Value, each func(name string, f reflect.Value)) {
		vs := []reflect.Value{v, v.FieldByName("msg")}
		if q := v.FieldByName("queuedMsg"); q.IsValid() {
			vs = append(vs, q) // an event's own message
		}
		for _, v := range vs {
			for i := 0; i < v.NumField(); i++ {
				switch name, f := v.Type().Field(i).Name, v.Field(i); {
				case name == "more":
				case f.Kind() == reflect.Slice, f.Kind() == reflect.Pointer, f.Kind() == reflect.Map,
					f.Kind() == reflect.Interface, f.Kind() == reflect.String, f.Kind() == reflect.Func, f.Kind() == reflect.Chan:
					each(name, f)
				}
			}
		}
	}
	all := func(each func(name string, f reflect.Value)) {
		refs(reflect.ValueOf(e).Elem(), each)
		for i := range more {
			refs(reflect.ValueOf(&more[i]).Elem(), each)
		}
	}
	all(func(name string, f reflect.Value) {
		if f.IsZero() {
			t.Fatalf("set %s in this test", name)
		}
	})
	e.dropMore() // as RunNext does before recycling an event with more
	c.recycle(e)
	all(func(name string, f reflect.Value) {
		if !f.IsZero() {
			t.Errorf("recycle keeps %s", name)
		}
	})
	require.Empty(t, e.more)
	require.Zero(t, e.delivered)
}

// Events at one time run in seq order however they were posted: near
// (a bucket), or far ahead (the far heap, joining the buckets' heap when
// it comes up), among events of that time posted before and after them.
func TestFarEventsJoinTheirBucket(t *testing.T) {
	var c clock
	var ran []string
	at := 7 * time.Second
	mark := func(s string) func() { return func() { ran = append(ran, s) } }
	c.schedule(at, mark("A")) // nothing queued: near, in a bucket of its own
	c.schedule(time.Millisecond, func() {
		ran = append(ran, "B")
		c.schedule(at, mark("D")) // far
	})
	c.schedule(2*time.Millisecond, mark("y")) // A's bucket leaves the hints
	c.schedule(at, mark("C"))                 // far: B comes first
	require.Equal(t, 1, len(c.far))
	c.schedule(6500*time.Millisecond, func() {
		ran = append(ran, "x")
		c.schedule(at, mark("E")) // near, after A, C and D
	})
	for e := c.next(1 << 40); e != nil; e = c.next(1 << 40) {
		c.now = e.at
		e.fn()
		c.recycle(e)
	}
	require.Equal(t, []string{"B", "y", "x", "A", "C", "D", "E"}, ran)
	require.Zero(t, c.len())
}

// A time's events may wait in several buckets (post appends only to the
// two buckets it last posted to): they still run in seq order, each
// bucket's events before the next one's. Seven times posted to in turn,
// over and over, from outside and from running events with delays of 0
// to 5, some stopped, make several buckets per time.
func TestBucketsOfOneTimeMerge(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	var c clock
	var want, got []sched
	stopped := map[uint64]bool{}
	sameTime := 0 // the most buckets one time had
	var add func(at time.Duration, depth int) Timer
	add = func(at time.Duration, depth int) Timer {
		var tm Timer
		tm = c.schedule(at, func() {
			got = append(got, sched{c.now, tm.seq})
			if depth < 3 {
				for k := range r.Intn(4) {
					add(c.now+time.Duration((k+r.Intn(6))%6), depth+1)
				}
			}
		})
		want = append(want, sched{tm.e.at, tm.seq})
		n := map[time.Duration]int{}
		for _, b := range c.buckets() {
			n[b.at]++
			sameTime = max(sameTime, n[b.at])
		}
		return tm
	}
	for i := range 300 {
		tm := add(time.Duration(i%7), 0)
		if r.Intn(5) == 0 {
			tm.Stop()
			stopped[tm.seq] = true
		}
	}
	require.GreaterOrEqual(t, sameTime, 3, "a time's events wait in several buckets")
	runInOrder(t, &c, &want, stopped, &got)
}

// buckets lists the queued buckets: cur, the heap's.
func (c *clock) buckets() []*bucket {
	var all []*bucket
	if c.cur != nil {
		all = append(all, c.cur)
	}
	for _, s := range c.later {
		all = append(all, c.all[s.b])
	}
	return all
}

// sched is a callback's time and seq.
type sched struct {
	at  time.Duration
	seq uint64
}

// runInOrder runs c's events (whose callbacks append theirs to got, and
// those they schedule to want) and checks they ran in (at, seq) order:
// want's, but for the stopped ones.
func runInOrder(t *testing.T, c *clock, want *[]sched, stopped map[uint64]bool, got *[]sched) {
	for e := c.next(1 << 40); e != nil; e = c.next(1 << 40) {
		require.GreaterOrEqual(t, e.at, c.now)
		c.now = e.at
		e.fn()
		c.recycle(e)
	}
	var live []sched
	for _, s := range *want {
		if !stopped[s.seq] {
			live = append(live, s)
		}
	}
	sort.Slice(live, func(i, j int) bool {
		return live[i].at < live[j].at || live[i].at == live[j].at && live[i].seq < live[j].seq
	})
	require.Greater(t, len(live), 500)
	require.Equal(t, live, *got)
	require.Zero(t, c.len())
}

// An event posted at cur's time that neither hint holds joins cur when no
// other bucket of that time waits, and starts a bucket of its own after
// the one that does: either way events run in (at, seq) order.
func TestEventsJoinCurUnlessNewerBucketWaits(t *testing.T) {
	var c clock
	var ran []string
	mark := func(s string) func() { return func() { ran = append(ran, s) } }
	step := func() {
		e := c.next(100)
		c.now = e.at
		e.fn()
		c.recycle(e)
	}
	c.schedule(3, mark("a"))
	c.schedule(5, mark("b")) // a bucket at 5
	c.schedule(6, mark("c"))
	c.schedule(7, mark("d"))
	c.schedule(5, mark("e")) // the hints are 7's and 6's: a second bucket at 5
	require.Len(t, c.buckets(), 5)
	step() // a: cur is 5's first bucket, the second waits
	c.schedule(8, mark("f"))
	c.schedule(9, mark("g"))
	c.schedule(5, mark("h")) // not into cur (b's): after e, a third bucket
	require.Len(t, c.buckets(), 7)
	step() // b: cur is e's bucket, h's waits
	step() // e: cur is h's bucket, the last at 5
	c.schedule(10, mark("i"))
	c.schedule(11, mark("j"))
	n := len(c.buckets())
	c.schedule(5, mark("k")) // into cur, after h
	require.Len(t, c.buckets(), n, "k joined cur")
	for e := c.next(100); e != nil; e = c.next(100) {
		c.now = e.at
		e.fn()
		c.recycle(e)
	}
	require.Equal(t, []string{"a", "b", "e", "h", "k", "c", "d", "f", "g", "i", "j"}, ran)
}
