package lab_test

import (
	"fmt"
	"testing"
	"time"

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
func benchSimSpeed(b *testing.B, loaded bool) {
	l := lab.New(lab.Options{Members: 5, Seed: 2, SnapshotCount: 10000, CatchUpEntries: 1000})
	l.Run(3 * time.Second)
	b.ReportAllocs()
	b.ResetTimer()
	virtual := time.Duration(0)
	for i := 0; i < b.N; i++ {
		if loaded {
			for j := 0; j < 10; j++ {
				l.Submit(fmt.Sprintf("etcdctl --endpoints=node-%d put k%d v", j%5+1, j))
				l.Run(10 * time.Millisecond)
			}
		} else {
			l.Run(100 * time.Millisecond)
		}
		virtual += 100 * time.Millisecond
	}
	b.StopTimer()
	if err := l.Err(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(virtual.Seconds()/b.Elapsed().Seconds(), "sim-s/s")
}

func BenchmarkSimIdle5(b *testing.B)   { benchSimSpeed(b, false) }
func BenchmarkSimLoaded5(b *testing.B) { benchSimSpeed(b, true) }
