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
