package lab_test

import (
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/console"
	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// The journal is bounded and keeps no refused input's bytes: input over
// console.MaxInput, or past console.MaxJournal, is refused before it is
// journaled and takes no call number, so a replay without it is exact
// (the background job after it keeps its number, and its journaled cancel
// stops the same job).
func TestJournalBounded(t *testing.T) {
	l := lab.New(lab.Options{Seed: 3})
	opts := l.Options()
	big := func(n int) string { return "etcdctl put big\n" + strings.Repeat("v", n-len("etcdctl put big\n")) }

	l.Exec("wait leader")
	r := l.Exec(big(console.MaxInput + 1))
	require.Equal(t, 2, r.Exit)
	require.Contains(t, r.Stderr, "input too long")
	// A full-size input runs (refused by etcd: clientv3 sends at most 2 MiB)
	// and is kept, until the journal holds all it may.
	for i := 0; i < 3; i++ {
		r = l.Exec(big(console.MaxInput))
		require.Contains(t, r.Stderr, "trying to send message larger than max", "input %d", i)
	}
	u := l.Usage()
	r = l.Exec(big(console.MaxInput))
	require.Equal(t, 2, r.Exit)
	require.Contains(t, r.Stderr, "raftlab: session journal full")
	require.Contains(t, r.Stderr, "at most 16777216 bytes")
	require.Equal(t, u.JournalEntries, l.Usage().JournalEntries, "the refused input is not journaled")
	require.LessOrEqual(t, l.Usage().JournalBytes, console.MaxJournal)

	// Short commands still fit; job numbers go on as if nothing was refused.
	job := l.Exec("etcdctl watch a &")
	require.Equal(t, 0, job.Exit, job.Stderr)
	l.Exec("etcdctl put a 1")
	id := strings.Trim(strings.Fields(job.Stdout)[0], "[]")
	l.Run(time.Second)
	require.Contains(t, l.Exec("cancel "+id).Stdout, "canceled: etcdctl watch a")
	l.Run(time.Second)

	rp := lab.Replay(opts, l.Journal(), l.Now())
	require.Equal(t, l.TraceHash(), rp.TraceHash())
	require.Equal(t, l.Exec("output "+id).Stdout, rp.Exec("output "+id).Stdout)
	require.Contains(t, rp.Exec("output "+id).Stdout, "PUT\na\n1\n[")
}
