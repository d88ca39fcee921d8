package lab_test

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// Replay(l.Options(), l.Journal(), t) rebuilds any moment of a session:
// fault commands that change the network (drop, dup, latency) and resets
// are journal entries, and the options are the session's first ones.
func TestReplayWholeSession(t *testing.T) {
	l := lab.New(lab.Options{Seed: 11})
	opts := l.Options()
	type moment struct {
		at       time.Duration
		hash     string
		commands int
	}
	var seen []moment
	for _, line := range []string{
		"wait leader", "drop 0.2", "latency 20ms 5ms", "dup 1%", "etcdctl put a 1", "wait 2s",
		"reset --size 5 --seed 9", "wait leader", "etcdctl put b 2", "latency 3ms", "kill node-2", "wait 3s",
		"cluster tls --size 3", "wait leader", "etcdctl put c 3",
	} {
		l.Exec(line)
		l.Run(300 * time.Millisecond)
		seen = append(seen, moment{l.Now(), l.TraceHash(), len(l.Journal())})
	}
	require.Equal(t, opts, l.Options(), "the session's options do not follow its commands")
	require.NotEqual(t, opts.Latency, l.ClusterOptions().Latency, "the cluster's do")
	for i, m := range seen {
		// The commands issued up to that moment (the next one was issued
		// at the same instant, after it).
		r := lab.Replay(l.Options(), l.Journal()[:m.commands], m.at)
		require.Equal(t, m.at, r.Now())
		require.Equal(t, m.hash, r.TraceHash(), "replay to %v (moment %d)", m.at, i)
	}
	r := lab.Replay(l.Options(), l.Journal(), l.Now())
	require.Equal(t, l.Exec("etcdctl get c").Stdout, r.Exec("etcdctl get c").Stdout)
	require.Equal(t, l.Exec("status").Stdout, r.Exec("status").Stdout)
}
