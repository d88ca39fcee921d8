package sim

import (
	"testing"
	"time"

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
		at := time.Duration((i * 37) % 50) // many equal times: seq breaks the ties
		timers = append(timers, c.schedule(at, func() { ran = append(ran, i) }))
	}
	for i, tm := range timers {
		if i%4 != 0 {
			tm.Stop()
			tm.Stop() // twice: counted once
		}
	}
	require.Less(t, len(c.queue), 100, "stopped timers were dropped")
	require.LessOrEqual(t, 2*c.canceled, len(c.queue), "at most half the queue is stopped timers")
	for e := c.next(100); e != nil; e = c.next(100) {
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
