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
