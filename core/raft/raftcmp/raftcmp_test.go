// Package raftcmp measures core/raft side by side with the Raft inside etcd
// 3.5 (go.etcd.io/etcd/raft/v3 v3.5.17) and the current go.etcd.io/raft/v3,
// in one in-memory harness: the same loop for all three (drain Ready, append
// to a memory storage, set the hard state, apply and compact every 4,096
// entries, deliver every message in FIFO order), 128-byte entries.
//
// The package has test files only, so neither the wasm build nor the page
// ever links etcd's raft. `make bench` runs TestCompare with
// RAFTLAB_RAFTCMP=1, which prints each library's entries per second and
// allocations per entry and core/raft's ratios to the others.
package raftcmp

import (
	"fmt"
	"io"
	"log"
	"math/rand"
	"os"
	"runtime"
	"slices"
	"testing"

	raft35 "go.etcd.io/etcd/raft/v3"
	pb35 "go.etcd.io/etcd/raft/v3/raftpb"
	raft37 "go.etcd.io/raft/v3"
	pb37 "go.etcd.io/raft/v3/raftpb"

	"github.com/raftlab/raftlab/core/internal/cputime"
	"github.com/raftlab/raftlab/core/raft"
	_ "github.com/raftlab/raftlab/core/raft/raftcmp/internal/protoconflict"
)

const (
	entrySize    = 128
	compactEvery = 4096
)

// cluster is one library's members behind the harness's loop.
type cluster interface {
	// propose hands k entries to the leader (member 1) in one MsgProp.
	propose(data []byte, k int)
	// flush handles member i's Ready until it has none.
	flush(i int)
	// deliver steps the oldest queued message at its recipient and returns
	// the recipient's index, or -1 when the queue is empty.
	deliver() int
	// applied is the last index member i applied.
	applied(i int) uint64
	campaign()
}

// pump runs the cluster until every Ready is handled and every message
// delivered.
func pump(c cluster, n int) {
	for i := 0; i < n; i++ {
		c.flush(i)
	}
	for {
		to := c.deliver()
		if to < 0 {
			return
		}
		c.flush(to)
	}
}

// start elects member 1 and returns the cluster, quiet.
func start(c cluster, n int) cluster {
	c.campaign()
	pump(c, n)
	return c
}

// queue is a FIFO that reuses its backing array.
type queue[M any] struct {
	ms   []M
	head int
}

func (q *queue[M]) push(ms ...M) { q.ms = append(q.ms, ms...) }

func (q *queue[M]) pop() (M, bool) {
	var zero M
	if q.head == len(q.ms) {
		q.ms, q.head = q.ms[:0], 0
		return zero, false
	}
	m := q.ms[q.head]
	q.ms[q.head] = zero
	q.head++
	return m, true
}

func ids(n int) []uint64 {
	var v []uint64
	for i := 1; i <= n; i++ {
		v = append(v, uint64(i))
	}
	return v
}

// --- core/raft --------------------------------------------------------------

type ours struct {
	nodes []*raft.Node
	disks []*raft.Storage
	cs    raft.ConfState
	q     queue[raft.Message]
	app   []uint64
	snap  []uint64
}

func newOurs(n int) cluster {
	c := &ours{cs: raft.ConfState{Voters: ids(n)}, app: make([]uint64, n), snap: make([]uint64, n)}
	for i := 0; i < n; i++ {
		d := raft.NewStorage()
		if err := d.ApplySnapshot(raft.Snapshot{Metadata: raft.SnapshotMetadata{Index: 1, Term: 1, ConfState: c.cs}}); err != nil {
			panic(err)
		}
		d.SetHardState(raft.HardState{Term: 1, Commit: 1})
		node, err := raft.NewNode(raft.Config{ID: uint64(i + 1), ElectionTick: 10, HeartbeatTick: 1, Storage: d,
			Applied: 1, PreVote: true, CheckQuorum: true, Rand: rand.New(rand.NewSource(int64(i)))})
		if err != nil {
			panic(err)
		}
		c.nodes, c.disks = append(c.nodes, node), append(c.disks, d)
		c.app[i], c.snap[i] = 1, 1
	}
	return start(c, n)
}

func (c *ours) campaign() { _ = c.nodes[0].Campaign() }

func (c *ours) propose(data []byte, k int) {
	if k == 1 {
		_ = c.nodes[0].Propose(data)
		return
	}
	ents := make([]raft.Entry, k)
	for i := range ents {
		ents[i].Data = data
	}
	_ = c.nodes[0].Step(raft.Message{Type: raft.MsgProp, From: 1, Entries: ents})
}

func (c *ours) flush(i int) {
	node, d := c.nodes[i], c.disks[i]
	for node.HasReady() {
		rd := node.Ready()
		d.Append(rd.Entries)
		if !rd.HardState.IsEmpty() {
			d.SetHardState(rd.HardState)
		}
		c.q.push(rd.Messages...)
		if k := len(rd.CommittedEntries); k > 0 {
			c.app[i] = rd.CommittedEntries[k-1].Index
			if c.app[i]-c.snap[i] >= compactEvery {
				if err := d.CreateSnapshot(c.app[i], c.cs, nil); err != nil {
					panic(err)
				}
				if err := d.Compact(c.app[i]); err != nil {
					panic(err)
				}
				c.snap[i] = c.app[i]
			}
		}
		node.Advance(rd)
	}
}

func (c *ours) deliver() int {
	m, ok := c.q.pop()
	if !ok {
		return -1
	}
	_ = c.nodes[m.To-1].Step(m)
	return int(m.To - 1)
}

func (c *ours) applied(i int) uint64 { return c.app[i] }

// --- etcd 3.5 ---------------------------------------------------------------

var quiet35 = &raft35.DefaultLogger{Logger: log.New(io.Discard, "", 0)}

type etcd35 struct {
	nodes []*raft35.RawNode
	disks []*raft35.MemoryStorage
	cs    pb35.ConfState
	q     queue[pb35.Message]
	app   []uint64
	snap  []uint64
}

func newEtcd35(n int) cluster {
	c := &etcd35{cs: pb35.ConfState{Voters: ids(n)}, app: make([]uint64, n), snap: make([]uint64, n)}
	for i := 0; i < n; i++ {
		d := raft35.NewMemoryStorage()
		if err := d.ApplySnapshot(pb35.Snapshot{Metadata: pb35.SnapshotMetadata{Index: 1, Term: 1, ConfState: c.cs}}); err != nil {
			panic(err)
		}
		if err := d.SetHardState(pb35.HardState{Term: 1, Commit: 1}); err != nil {
			panic(err)
		}
		node, err := raft35.NewRawNode(&raft35.Config{ID: uint64(i + 1), ElectionTick: 10, HeartbeatTick: 1, Storage: d,
			Applied: 1, PreVote: true, CheckQuorum: true, MaxSizePerMsg: 1 << 20, MaxInflightMsgs: 512, Logger: quiet35})
		if err != nil {
			panic(err)
		}
		c.nodes, c.disks = append(c.nodes, node), append(c.disks, d)
		c.app[i], c.snap[i] = 1, 1
	}
	return start(c, n)
}

func (c *etcd35) campaign() { _ = c.nodes[0].Campaign() }

func (c *etcd35) propose(data []byte, k int) {
	if k == 1 {
		_ = c.nodes[0].Propose(data)
		return
	}
	ents := make([]pb35.Entry, k)
	for i := range ents {
		ents[i].Data = data
	}
	_ = c.nodes[0].Step(pb35.Message{Type: pb35.MsgProp, From: 1, Entries: ents})
}

func (c *etcd35) flush(i int) {
	node, d := c.nodes[i], c.disks[i]
	for node.HasReady() {
		rd := node.Ready()
		if err := d.Append(rd.Entries); err != nil {
			panic(err)
		}
		if !raft35.IsEmptyHardState(rd.HardState) {
			_ = d.SetHardState(rd.HardState)
		}
		c.q.push(rd.Messages...)
		if k := len(rd.CommittedEntries); k > 0 {
			c.app[i] = rd.CommittedEntries[k-1].Index
			if c.app[i]-c.snap[i] >= compactEvery {
				if _, err := d.CreateSnapshot(c.app[i], &c.cs, nil); err != nil {
					panic(err)
				}
				if err := d.Compact(c.app[i]); err != nil {
					panic(err)
				}
				c.snap[i] = c.app[i]
			}
		}
		node.Advance(rd)
	}
}

func (c *etcd35) deliver() int {
	m, ok := c.q.pop()
	if !ok {
		return -1
	}
	_ = c.nodes[m.To-1].Step(m)
	return int(m.To - 1)
}

func (c *etcd35) applied(i int) uint64 { return c.app[i] }

// --- go.etcd.io/raft/v3 (current) -------------------------------------------

var quiet37 = &raft37.DefaultLogger{Logger: log.New(io.Discard, "", 0)}

type etcd37 struct {
	nodes []*raft37.RawNode
	disks []*raft37.MemoryStorage
	cs    *pb37.ConfState
	q     queue[*pb37.Message]
	app   []uint64
	snap  []uint64
}

func u64(v uint64) *uint64 { return &v }

func newEtcd37(n int) cluster {
	c := &etcd37{cs: &pb37.ConfState{Voters: ids(n)}, app: make([]uint64, n), snap: make([]uint64, n)}
	for i := 0; i < n; i++ {
		d := raft37.NewMemoryStorage()
		if err := d.ApplySnapshot(&pb37.Snapshot{Metadata: &pb37.SnapshotMetadata{Index: u64(1), Term: u64(1), ConfState: c.cs}}); err != nil {
			panic(err)
		}
		if err := d.SetHardState(&pb37.HardState{Term: u64(1), Commit: u64(1)}); err != nil {
			panic(err)
		}
		node, err := raft37.NewRawNode(&raft37.Config{ID: uint64(i + 1), ElectionTick: 10, HeartbeatTick: 1, Storage: d,
			Applied: 1, PreVote: true, CheckQuorum: true, MaxSizePerMsg: 1 << 20, MaxInflightMsgs: 512, Logger: quiet37})
		if err != nil {
			panic(err)
		}
		c.nodes, c.disks = append(c.nodes, node), append(c.disks, d)
		c.app[i], c.snap[i] = 1, 1
	}
	return start(c, n)
}

func (c *etcd37) campaign() { _ = c.nodes[0].Campaign() }

func (c *etcd37) propose(data []byte, k int) {
	if k == 1 {
		_ = c.nodes[0].Propose(data)
		return
	}
	ents := make([]*pb37.Entry, k)
	for i := range ents {
		ents[i] = &pb37.Entry{Data: data}
	}
	_ = c.nodes[0].Step(&pb37.Message{Type: pb37.MessageType_MsgProp.Enum(), From: u64(1), Entries: ents})
}

func (c *etcd37) flush(i int) {
	node, d := c.nodes[i], c.disks[i]
	for node.HasReady() {
		rd := node.Ready()
		if err := d.Append(rd.Entries); err != nil {
			panic(err)
		}
		if !raft37.IsEmptyHardState(rd.HardState) {
			_ = d.SetHardState(rd.HardState)
		}
		c.q.push(rd.Messages...)
		if k := len(rd.CommittedEntries); k > 0 {
			c.app[i] = rd.CommittedEntries[k-1].GetIndex()
			if c.app[i]-c.snap[i] >= compactEvery {
				if _, err := d.CreateSnapshot(c.app[i], c.cs, nil); err != nil {
					panic(err)
				}
				if err := d.Compact(c.app[i]); err != nil {
					panic(err)
				}
				c.snap[i] = c.app[i]
			}
		}
		node.Advance(rd)
	}
}

func (c *etcd37) deliver() int {
	m, ok := c.q.pop()
	if !ok {
		return -1
	}
	_ = c.nodes[m.GetTo()-1].Step(m)
	return int(m.GetTo() - 1)
}

func (c *etcd37) applied(i int) uint64 { return c.app[i] }

// --- the loop ---------------------------------------------------------------

var libs = []struct {
	name  string
	start func(n int) cluster
}{
	{"raftlab", newOurs},
	{"etcd-3.5.17", newEtcd35},
	{"raft-3.7.0", newEtcd37},
}

// commit proposes total entries, k per MsgProp, and runs the cluster quiet
// after each proposal.
func commit(c cluster, n, k, total int) {
	data := make([]byte, entrySize)
	for done := 0; done < total; done += k {
		c.propose(data, k)
		pump(c, n)
	}
}

func bench(b *testing.B, start func(int) cluster, n, k int) {
	c := start(n)
	first := c.applied(0)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Now()
	commit(c, n, k, b.N)
	b.StopTimer()
	cpuSecs := cputime.Since(cpu).Seconds()
	for i := 0; i < n; i++ {
		if got := c.applied(i) - first; got < uint64(b.N) {
			b.Fatalf("member %d applied %d of %d entries", i+1, got, b.N)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(b.N)/cpuSecs, "entries/cpu-s")
}

var shapes = []struct{ members, perProp int }{{3, 1}, {5, 1}, {3, 64}, {5, 64}}

func BenchmarkCommit(b *testing.B) {
	for _, s := range shapes {
		for _, lib := range libs {
			b.Run(fmt.Sprintf("members=%d/perProp=%d/%s", s.members, s.perProp, lib.name), func(b *testing.B) {
				bench(b, lib.start, s.members, s.perProp)
			})
		}
	}
}

// TestHarness checks that every library commits and applies every entry at
// every member across compactions, so the benchmark measures real work.
func TestHarness(t *testing.T) {
	if runtime.GOOS == "js" {
		// The comparison is measured natively; under wasm this would only
		// spend make test's time on etcd's raft.
		t.Skip("native only")
	}
	for _, lib := range libs {
		for _, s := range shapes {
			c := lib.start(s.members)
			first := c.applied(0)
			total := compactEvery + 2*s.perProp
			commit(c, s.members, s.perProp, total)
			for i := 0; i < s.members; i++ {
				if got := c.applied(i) - first; got != uint64(total) {
					t.Fatalf("%s %+v: member %d applied %d of %d", lib.name, s, i+1, got, total)
				}
			}
		}
	}
}

// TestCompare prints the side-by-side table (`make bench`): entries per
// CPU second (process CPU time, so a busy machine's neighbours do not
// count) and allocations per entry of each library, and core/raft's
// throughput ratio to each (>1: faster). Each figure is the median of
// RAFTLAB_RAFTCMP_RUNS runs (default 5), the libraries taking turns.
func TestCompare(t *testing.T) {
	if os.Getenv("RAFTLAB_RAFTCMP") == "" {
		t.Skip("set RAFTLAB_RAFTCMP=1 (make bench)")
	}
	runs := 5
	if v := os.Getenv("RAFTLAB_RAFTCMP_RUNS"); v != "" {
		_, _ = fmt.Sscan(v, &runs)
	}
	fmt.Printf("%-22s %-12s %14s %12s %10s\n", "shape", "library", "entries/cpu-s", "allocs/entry", "raftlab/x")
	for _, s := range shapes {
		rate := make([][]float64, len(libs))
		allocs := make([][]float64, len(libs))
		for r := 0; r < runs; r++ {
			for li, lib := range libs {
				res := testing.Benchmark(func(b *testing.B) { bench(b, lib.start, s.members, s.perProp) })
				rate[li] = append(rate[li], res.Extra["entries/cpu-s"])
				allocs[li] = append(allocs[li], float64(res.MemAllocs)/float64(res.N))
			}
		}
		ours := median(rate[0])
		for li, lib := range libs {
			fmt.Printf("%-22s %-12s %14.0f %12.1f %10.2f\n", fmt.Sprintf("members=%d perProp=%d", s.members, s.perProp),
				lib.name, median(rate[li]), median(allocs[li]), ours/median(rate[li]))
		}
	}
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
