package lab_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/internal/cputime"
	"github.com/raftlab/raftlab/core/lab"
)

// benchCommits proposes batches at the leader and reports committed entries
// per wall-clock second and allocations per committed entry.
func benchCommits(b *testing.B, members int) {
	l := lab.New(lab.Options{Members: members, Seed: 1, SnapshotCount: 10000, CatchUpEntries: 1000})
	l.Run(3 * time.Second)
	lead := l.Leader()
	if lead == "" {
		b.Fatal("no leader")
	}
	start := l.Status()[0].Commit
	data := []byte("value")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := l.Propose(lead, data); err != nil {
			b.Fatal(err)
		}
		if i%64 == 63 {
			l.Run(20 * time.Millisecond)
		}
	}
	for l.Status()[0].Commit < start+uint64(b.N) {
		l.Run(20 * time.Millisecond)
	}
	b.StopTimer()
	if err := l.Err(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

func BenchmarkCommit3(b *testing.B) { benchCommits(b, 3) }
func BenchmarkCommit5(b *testing.B) { benchCommits(b, 5) }

// benchSimSpeed reports simulated seconds per wall-clock second for a
// 5-member cluster, idle or under steady etcd writes (one put every 10 ms
// of virtual time through the console's etcdctl).
func benchSimSpeed(b *testing.B, loaded bool, watch watching) {
	l := lab.New(lab.Options{Members: 5, Seed: 2, SnapshotCount: 10000, CatchUpEntries: 1000})
	l.Run(3 * time.Second)
	events := 0
	switch watch {
	case observed: // as a lesson does
		l.Observe(func(lab.Event) { events++ })
	case pulled: // as the page does, after each step
		l.Events()
	}
	pull := func() {
		if watch == pulled {
			evs, _ := l.Events()
			events += len(evs)
		}
	}
	// The ten command lines, built once: the benchmark's own formatting
	// is not the simulation's work.
	var lines [10]string
	for j := range lines {
		lines[j] = fmt.Sprintf("etcdctl --endpoints=node-%d put k%d v", j%5+1, j)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	virtual := time.Duration(0)
	for i := 0; i < b.N; i++ {
		if loaded {
			for _, line := range lines {
				// A put is never done as it is submitted; a call that
				// is was refused: past about 47,000 iterations the
				// session's journal is full (console.MaxJournal, 16 MiB
				// of ~35-byte lines), and a run measuring refusals would
				// be measuring no puts.
				if c := l.Submit(line); c.Done() {
					b.Fatalf("iteration %d: %q refused: %s", i, line, c.Result().Stderr)
				}
				pull()
				l.Run(10 * time.Millisecond)
				pull()
			}
		} else {
			l.Run(100 * time.Millisecond)
			pull()
		}
		virtual += 100 * time.Millisecond
	}
	b.StopTimer()
	cpuSeconds := cputime.Since(cpu).Seconds()
	// Let the last puts finish: a command parked mid-call keeps its lab
	// alive (its coroutine's stack is a GC root), and with -count each
	// later run paid for marking the earlier labs (5 MB each).
	l.Run(10 * time.Second)
	if err := l.Err(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(virtual.Seconds()/b.Elapsed().Seconds(), "sim-s/s")
	b.ReportMetric(virtual.Seconds()/cpuSeconds, "sim-s/cpu-s")
	if watch != unwatched && events == 0 {
		b.Fatal("the observer saw no event")
	}
}

// watching is how a benchmark's lab is followed: not at all, by an
// observer (Observe), or pulled from (Events).
type watching int

const (
	unwatched watching = iota
	observed
	pulled
)

func BenchmarkSimIdle5(b *testing.B)   { benchSimSpeed(b, false, unwatched) }
func BenchmarkSimLoaded5(b *testing.B) { benchSimSpeed(b, true, unwatched) }

// BenchmarkSimLoaded5Observed is BenchmarkSimLoaded5 with an observer
// attached (l.Observe), as a lesson has.
func BenchmarkSimLoaded5Observed(b *testing.B) { benchSimSpeed(b, true, observed) }

// BenchmarkSimLoaded5Pulled is BenchmarkSimLoaded5 pulled from (l.Events)
// after every step, as the page does.
func BenchmarkSimLoaded5Pulled(b *testing.B) { benchSimSpeed(b, true, pulled) }

// BenchmarkConsole reports what a console `etcdctl put` and `get` cost
// beyond the simulated work: each iteration runs the command through
// l.Exec and the same request through the Go client (same member, same
// simulated messages), and reports the difference in CPU time as
// console-µs/op.
func BenchmarkConsole(b *testing.B) {
	for _, op := range []string{"put", "get"} {
		b.Run(op, func(b *testing.B) {
			l := lab.New(lab.Options{Members: 3, Seed: 3, SnapshotCount: 10000, CatchUpEntries: 1000})
			l.Run(3 * time.Second)
			c := l.Client("node-1")
			line := "etcdctl --endpoints=node-1 put k v"
			if op == "get" {
				line = "etcdctl --endpoints=node-1 get k"
			}
			var console, client time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := cputime.Now()
				if r := l.Exec(line); r.Exit != 0 {
					b.Fatal(r.Stderr)
				}
				t1 := cputime.Now()
				var err error
				if op == "put" {
					_, err = c.Put("k", "v")
				} else {
					_, err = c.Get("k", false)
				}
				if err != nil {
					b.Fatal(err)
				}
				console += t1 - t0
				client += cputime.Since(t1)
			}
			b.StopTimer()
			b.ReportMetric(float64(console.Microseconds())/float64(b.N), "exec-µs/op")
			b.ReportMetric(float64(client.Microseconds())/float64(b.N), "client-µs/op")
			b.ReportMetric(float64((console-client).Microseconds())/float64(b.N), "console-µs/op")
		})
	}
}
