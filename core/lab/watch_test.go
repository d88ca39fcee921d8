package lab_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// A watch stays open, streams every event once and in order, survives the
// restart of the member it watches through (the client resumes from the
// last revision it saw on another endpoint), and ends on cancel.
func TestWatchResumesAcrossRestart(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 5})
	l.Exec("wait leader")
	w := l.Submit("etcdctl --endpoints=node-2,node-3 watch --prefix k")
	c := l.Client("node-1")
	for i := 0; i < 5; i++ {
		_, err := c.Put(fmt.Sprintf("k%d", i), fmt.Sprint(i))
		require.NoError(t, err)
	}
	l.Exec("kill node-2")
	for i := 5; i < 10; i++ {
		_, err := c.Put(fmt.Sprintf("k%d", i), fmt.Sprint(i))
		require.NoError(t, err)
	}
	l.Exec("start node-2")
	l.Run(2 * time.Second)
	_, err := c.Delete("k3")
	require.NoError(t, err)
	l.Run(2 * time.Second)
	require.False(t, w.Done(), "a watch stays open")
	var want strings.Builder
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&want, "PUT\nk%d\n%d\n", i, i)
	}
	want.WriteString("DELETE\nk3\n\n")
	require.Equal(t, want.String(), w.Result().Stdout)
	w.Cancel()
	require.True(t, w.Done())
	require.Equal(t, want.String(), w.Result().Stdout, "nothing more after cancel")
}

// etcdctl's output and the output of the command its lock runs come out
// in the order they were written: what etcdctl printed before it ran the
// command (--debug's lines), then the command's, then etcdctl's error,
// although etcdctl writes to its own output and the command to the
// console's.
func TestLockExecOutputInOrder(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 6})
	l.Exec("wait leader")
	r := l.Exec("etcdctl --debug lock report frob")
	require.Equal(t, 1, r.Exit, r.Stderr)
	debug := strings.Index(r.Stderr, "ETCDCTL_ENDPOINTS=")
	frob := strings.Index(r.Stderr, "raftlab: frob: command not found")
	exit := strings.Index(r.Stderr, "Error: exit status 127")
	require.True(t, debug >= 0 && debug < frob && frob < exit, "stderr out of order:\n%s", r.Stderr)
}
