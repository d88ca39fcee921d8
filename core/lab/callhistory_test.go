package lab

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/console"
	"github.com/stretchr/testify/require"
)

// console.CallHistory, which the lab reads after each step instead of
// being called by the console: a journaled command's start and end, each
// once, placed on the world's trace; a quiet command (a lesson's setup) is
// not there.
func TestConsoleCallHistory(t *testing.T) {
	l := New(Options{Members: 3, Seed: 7})
	l.Events() // a reader: the console keeps the history (TestUnheededCallHistory)
	l.Exec("wait leader")
	require.Empty(t, l.con.CallHistory(), "the lab read it after each step")
	tr := l.w.Trace()
	before := tr.Count()
	c := l.con.Submit("etcdctl put a 1")
	l.con.Quiet("etcdctl put b 2")
	require.Equal(t, []console.CallEvent{{Call: c, Trace: before}}, l.con.CallHistory())
	require.Empty(t, l.con.CallHistory(), "handed out once")

	l.w.RunUntil(l.Now() + time.Second) // the world alone: nobody reads the console meanwhile
	require.True(t, c.Done())
	h := l.con.CallHistory()
	require.Len(t, h, 1)
	require.Same(t, c, h[0].Call)
	require.True(t, h[0].Done)
	require.Greater(t, h[0].Trace, before, "the put's records come before its end")
	require.LessOrEqual(t, h[0].Trace, tr.Count())
}

// TestUnheededCallHistory: the console keeps the commands' starts and ends
// only while the lab has a use for them (an observer, a reader of Events,
// a lesson): each kind of reader sees every command it was there for, from
// the first one submitted after it came, and a lab nobody reads keeps
// none (it would fail with the history kept always, or turned on late).
func TestUnheededCallHistory(t *testing.T) {
	l := New(Options{Members: 3, Seed: 7})
	l.Exec("wait leader")
	l.con.Submit("etcdctl put a 1")
	require.Empty(t, l.con.CallHistory(), "nobody reads it")

	commands := func(evs []Event) (started, finished []int) {
		for _, e := range evs {
			switch e.Kind {
			case EventCommandStarted:
				started = append(started, e.Call)
			case EventCommandFinished:
				finished = append(finished, e.Call)
			}
		}
		return started, finished
	}
	var seen []Event
	cancel := l.Observe(func(e Event) { seen = append(seen, e) })
	c := l.Submit("etcdctl put b 2")
	l.Run(time.Second)
	started, finished := commands(seen)
	require.Equal(t, []int{c.ID}, started, "the observer sees the start of the first command after it came")
	require.Contains(t, finished, c.ID)

	cancel()
	l.Run(time.Millisecond) // hear: nobody is left
	l.con.Submit("etcdctl put c 3")
	require.Empty(t, l.con.CallHistory(), "the last observer went")

	l.Events() // starts keeping events
	d := l.Submit("etcdctl put d 4")
	l.Run(time.Second)
	evs, _ := l.Events()
	started, finished = commands(evs)
	require.Equal(t, []int{d.ID}, started)
	require.Contains(t, finished, d.ID) // (and put c's, which ended once it came)
}
