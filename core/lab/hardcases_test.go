package lab_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// Repeated crashes and restarts of the leader and of followers: no write
// that etcdctl acknowledged is ever lost.
func TestRepeatedCrashRestartLosesNothing(t *testing.T) {
	l := newLab(t, lab.Options{Members: 5, Seed: 11, SnapshotCount: 20, CatchUpEntries: 5})
	l.Exec("wait leader")
	rng := rand.New(rand.NewSource(11))
	// allowed[k] holds the values k may end with: the last acknowledged
	// write, and any write after it that timed out (unknown outcome).
	allowed := map[string][]string{}
	for round := 0; round < 30; round++ {
		victim := l.Leader()
		if victim == "" || rng.Intn(2) == 0 {
			victim = fmt.Sprintf("node-%d", rng.Intn(5)+1)
		}
		l.Exec("kill " + victim)
		for i := 0; i < 3; i++ {
			k, v := fmt.Sprintf("k%d", rng.Intn(20)), fmt.Sprintf("v%d-%d", round, i)
			ep := fmt.Sprintf("node-%d", rng.Intn(5)+1)
			r := l.Exec(fmt.Sprintf("etcdctl --endpoints=%s --command-timeout=2s put %s %s", ep, k, v))
			if r.Exit == 0 {
				allowed[k] = []string{v}
			} else if _, seen := allowed[k]; seen {
				allowed[k] = append(allowed[k], v)
			}
		}
		l.Run(time.Duration(rng.Intn(1500)) * time.Millisecond)
		l.Exec("start " + victim)
		l.Run(time.Duration(rng.Intn(1500)) * time.Millisecond)
	}
	require.NotEmpty(t, allowed)
	l.Exec("wait leader")
	l.Run(3 * time.Second)
	for _, m := range l.Names() {
		for k, vs := range allowed {
			r := l.Exec(fmt.Sprintf("etcdctl --endpoints=%s get %s --print-value-only", m, k))
			require.Equal(t, 0, r.Exit, r.Stderr)
			require.Contains(t, vs, strings.TrimSpace(r.Stdout), "%s: key %s", m, k)
		}
	}
	hashes := map[string]bool{}
	for _, m := range l.Names() {
		r := l.Exec("etcdctl --endpoints=" + m + " endpoint hashkv")
		require.Equal(t, 0, r.Exit, r.Stderr)
		hashes[strings.Fields(r.Stdout)[1]] = true
	}
	require.Len(t, hashes, 1, "every member holds the same store")
}

// Churn on an unreliable network: losses, duplicates and reordering. The
// cluster still elects, commits, and converges once the network is fixed.
func TestChurnOnUnreliableNetwork(t *testing.T) {
	l := newLab(t, lab.Options{Members: 5, Seed: 12, DropRate: 0.2, DupRate: 0.1, Jitter: 30 * time.Millisecond})
	var calls []*lab.Call
	for i := 0; i < 60; i++ {
		calls = append(calls, l.Submit(fmt.Sprintf("etcdctl --endpoints=node-%d --command-timeout=3s put k%d v%d", i%5+1, i%7, i)))
		l.Run(100 * time.Millisecond)
		if i%20 == 10 {
			l.Exec("kill " + l.Leader())
		}
		if i%20 == 15 {
			for _, n := range l.Names() {
				l.Exec("start " + n)
			}
		}
	}
	l.Run(5 * time.Second)
	ok := 0
	for _, c := range calls {
		require.True(t, c.Done())
		if c.Result().Exit == 0 {
			ok++
		}
	}
	require.Greater(t, ok, 20, "most writes succeed despite a lossy network")
	l.Exec("drop 0")
	l.Exec("dup 0")
	l.Exec("latency 10ms 0")
	for _, n := range l.Names() {
		l.Exec("start " + n)
	}
	l.Exec("wait leader")
	l.Run(3 * time.Second)
	st := l.Status()
	for _, s := range st {
		require.Equal(t, st[0].Commit, s.Commit, s.Name)
		require.Equal(t, l.Leader(), s.Leader, s.Name)
	}
}
