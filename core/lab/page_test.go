package lab_test

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// The quorum panel's facts come from the lab: sizes, and whether the
// largest side of the network has a quorum up.
func TestQuorum(t *testing.T) {
	l := newLab(t, lab.Options{Members: 5, Seed: 3})
	l.Exec("wait leader")
	require.Equal(t, lab.Quorum{Members: 5, Size: 3, Tolerated: 2, Up: 5, Largest: 5, CanCommit: true}, l.Quorum())
	l.Exec("partition node-1,node-2 node-3,node-4,node-5")
	require.Equal(t, lab.Quorum{Members: 5, Size: 3, Tolerated: 2, Up: 5, Largest: 3, CanCommit: true}, l.Quorum())
	l.Exec("kill node-5")
	q := l.Quorum()
	require.Equal(t, 2, q.Largest)
	require.False(t, q.CanCommit, "2 + 2: no side has 3 up")
	l.Exec("heal")
	require.Equal(t, lab.Quorum{Members: 5, Size: 3, Tolerated: 2, Up: 4, Largest: 4, CanCommit: true}, l.Quorum())
}

// check-linearizability is the console's; the page reads its last report.
func TestLastLinearizability(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 3})
	require.Nil(t, l.LastLinearizability())
	l.Exec("etcdctl put a 1")
	l.Exec("etcdctl get a")
	r := l.Exec("check-linearizability")
	require.Equal(t, 0, r.Exit, r.Stderr)
	rep := l.LastLinearizability()
	require.NotNil(t, rep)
	require.Equal(t, "ok", rep.Result)
	require.Equal(t, 2, rep.Operations)
	l.Exec("reset")
	l.Run(time.Millisecond)
	require.Nil(t, l.LastLinearizability(), "a new cluster has no report yet")
}

// Replay runs setup on the new lab before the journal: an observer there
// sees the whole replay.
func TestReplaySetupObservesTheReplay(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 4})
	l.Exec("wait leader")
	l.Exec("etcdctl put a 1")
	var seen int
	r := lab.Replay(l.Options(), l.Journal(), l.Now(), func(n *lab.Lab) {
		n.Observe(func(e lab.Event) {
			if e.Kind == lab.EventPacketDeliver && e.Method == "Put" && !e.Reply {
				seen++
			}
		})
	})
	require.Equal(t, 1, seen)
	require.Equal(t, l.TraceHash(), r.TraceHash())
}
