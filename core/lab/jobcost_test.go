package lab_test

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"weak"

	"github.com/raftlab/raftlab/core/console"
	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// A parked background job costs its own state only: a watch waiting in
// the background keeps neither etcdctl's command tree (about 65 KB: every
// command and flag, which the tree's next command reuses) nor a 4 KB stdin
// buffer. Before, 64 parked watches kept about 87 KB of heap each.
func TestParkedJobCost(t *testing.T) {
	l := lab.New(lab.Options{Seed: 1})
	l.Exec("wait leader")
	l.Exec("etcdctl put a 0")
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i := 0; i < console.MaxJobs; i++ {
		if r := l.Exec("etcdctl watch a --prefix &"); r.Exit != 0 {
			t.Fatalf("job %d: %+v", i, r)
		}
	}
	l.Exec("etcdctl put a 1")
	runtime.GC()
	runtime.ReadMemStats(&m1)
	heap := (int64(m1.HeapAlloc) - int64(m0.HeapAlloc)) / console.MaxJobs
	stack := (int64(m1.StackInuse) - int64(m0.StackInuse)) / console.MaxJobs
	t.Logf("per parked watch job: %d B of heap, %d B of goroutine stack", heap, stack)
	if heap > 16<<10 {
		t.Fatalf("a parked watch job keeps %d B of heap (want < 16 KiB: no command tree per job)", heap)
	}
	// Every job is still watching, and the put reached each.
	jobs := strings.Split(strings.TrimSpace(l.Exec("jobs").Stdout), "\n")
	if len(jobs) != console.MaxJobs {
		t.Fatalf("jobs lists %d jobs, want %d", len(jobs), console.MaxJobs)
	}
	for _, j := range jobs {
		id := strings.Trim(strings.Fields(j)[0], "[]")
		if out := l.Exec("output " + id).Stdout; !strings.Contains(out, "PUT\na\n1\n") {
			t.Fatalf("job %s did not see the put: %q", id, out)
		}
	}
	runtime.KeepAlive(l)
}

// A dropped lab leaves nothing behind once closed: its parked commands'
// coroutines (a background watch; the control plane's API servers' lists,
// watches and leases) are goroutines, which would keep the whole lab alive
// (about 390 KB each for a stacked control plane with one watch).
func TestCloseFreesDroppedLab(t *testing.T) {
	g0 := settledGoroutines()
	for i := 0; i < 5; i++ {
		l := lab.New(lab.Options{Seed: 1, Topology: "stacked"})
		l.Exec("wait leader")
		l.Exec("etcdctl watch a &")
		require.Greater(t, runtime.NumGoroutine(), g0, "a parked command is a goroutine")
		l.Close()
		require.Equal(t, "", strings.TrimSpace(l.Exec("jobs").Stdout), "closed: no job runs")
		l.Close()
	}
	runtime.GC()
	require.Equal(t, g0, runtime.NumGoroutine(), "goroutines left by closed labs")
}

// A lab dropped without Close, its commands all finished, leaves no
// goroutine once collected: the console's idle coroutines, which run
// commands one after another, end with it.
func TestDroppedLabEndsIdleWorkers(t *testing.T) { droppedLabsEndIdleWorkers(t, "etcdctl put a 1") }

// An idle worker whose last etcdctl command timed out (its answer may
// still arrive, into what the worker keeps for its next command's client:
// clientv3.Answers) does not keep its world, and with it the lab, alive.
func TestDroppedLabEndsIdleWorkersAfterTimeout(t *testing.T) {
	droppedLabsEndIdleWorkers(t, "etcdctl --command-timeout=1ms put a 1")
}

func droppedLabsEndIdleWorkers(t *testing.T, line string) {
	g0 := settledGoroutines()
	for i := 0; i < 3; i++ {
		l := lab.New(lab.Options{Seed: 1})
		l.Exec("wait leader")
		l.Exec(line)
		require.Greater(t, runtime.NumGoroutine(), g0, "an idle worker is a goroutine")
	}
	require.LessOrEqual(t, settledGoroutines(), g0, "goroutines left by dropped labs")
}

// settledGoroutines counts goroutines once those of labs dropped before
// are gone: a console's idle workers end from a runtime cleanup, run after
// the console is collected. (A hang guard bounds the wait, not a time.)
func settledGoroutines() int {
	n := -1
	for i := 0; i < 200; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			break
		}
		n = m
	}
	return n
}

// `output` shows the last 200 commands (the console's maxJobs, the
// output command itself included), however many ran before: across the
// console moving its list down (at 400) the 200th back is kept and the
// 201st is not.
func TestOutputShowsTheLast200Commands(t *testing.T) {
	l := lab.New(lab.Options{Members: 1, Seed: 1})
	first := l.Submit("echo first")
	l.Run(time.Millisecond)
	for i := 0; i < 449; i++ {
		l.Exec("echo x")
	}
	// Calls first.ID .. first.ID+449 ran; output is first.ID+450.
	kept, gone := strconv.Itoa(first.ID+251), strconv.Itoa(first.ID+250)
	require.Equal(t, "x\n["+kept+"] done (exit 0)\n", l.Exec("output "+kept).Stdout)
	r := l.Exec("output " + gone)
	require.Equal(t, 1, r.Exit, r.Stdout)
	require.Contains(t, r.Stderr, "no such job")
}

// A command `output` can no longer show is not kept either: each may
// hold a megabyte of stdout and one of stderr (console.MaxOutput), so the
// console keeps the last 200 (maxJobs), not up to twice as many between
// two moves of its list down (at 400).
func TestOutputKeepsNoCommandItCannotShow(t *testing.T) {
	l := lab.New(lab.Options{Members: 1, Seed: 1})
	var calls []weak.Pointer[lab.Call]
	for i := 0; i < 450; i++ {
		calls = append(calls, weak.Make(l.Submit("echo x")))
		l.Run(time.Millisecond)
	}
	runtime.GC()
	for i, c := range calls[:len(calls)-200] {
		if c.Value() != nil {
			t.Fatalf("the console still holds command %d of %d, which `output` no longer shows", i+1, len(calls))
		}
	}
	runtime.KeepAlive(l)
}
