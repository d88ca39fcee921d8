package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// appends returns the leader's append records among recs.
func appends(recs []Record, lead uint64) []Record {
	var out []Record
	for _, r := range recs {
		if r.Kind == KindAppend && r.Member == lead {
			out = append(out, r)
		}
	}
	return out
}

// TestReadyAfterTheEvent: proposals made in one event (the app's timer,
// Member.After; or a world timer calling Member.Propose) leave their Ready
// to the world, which takes it once the event returned: they share one
// append, as proposals stepped back to back share one Ready in etcd 3.5,
// whose raftNode goroutine takes Ready() asynchronously. A proposal from
// outside any event (a driver between steps) is taken at once.
func TestReadyAfterTheEvent(t *testing.T) {
	w := newTestWorld(3, 1)
	w.Run(3 * time.Second)
	lead := w.Leader()
	require.NotZero(t, lead)
	m := w.Member(lead)
	w.Trace().Keep()

	// From outside any event: taken before Propose returns.
	require.NoError(t, m.Propose([]byte("driver")))
	require.False(t, m.Node.HasReady())
	recs, _ := w.Trace().Kept()
	require.Len(t, appends(recs, lead), 1, "appended before Propose returned")

	for _, c := range []struct {
		name    string
		set     func(fn func()) // schedules fn
		propose func(data string)
	}{
		{"a world timer, through Member.Propose", func(fn func()) { w.After(time.Millisecond, fn) },
			func(data string) { require.NoError(t, m.Propose([]byte(data))) }},
		{"the app's own timer, through Member.Propose", func(fn func()) { m.After(time.Millisecond, fn) },
			func(data string) { require.NoError(t, m.Propose([]byte(data))) }},
		{"the app's own timer, stepping its node", func(fn func()) { m.After(time.Millisecond, fn) },
			func(data string) { require.NoError(t, m.Node.Propose([]byte(data))) }},
	} {
		ran := false
		c.set(func() {
			ran = true
			c.propose("a")
			require.True(t, m.Node.HasReady(), "%s: the Ready waits for the event's end", c.name)
			c.propose("b")
			c.propose("c")
		})
		for !ran {
			require.True(t, w.RunNext(w.Now()+time.Second))
		}
		require.False(t, m.Node.HasReady(), "%s: taken once the event returned", c.name)
		recs, _ := w.Trace().Kept()
		app := appends(recs, lead)
		require.Len(t, app, 1, "%s: one Ready, one append", c.name)
		require.Equal(t, 3, app[0].NumEntries, c.name)
	}

	// A timer of a process that ended does not run.
	ran := false
	m.After(time.Millisecond, func() { ran = true })
	w.Kill(lead)
	w.Start(lead)
	w.Run(10 * time.Millisecond)
	require.False(t, ran, "a crashed process's timers die with it")
	require.NoError(t, w.Err())
}
