package raft

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// testNet delivers messages synchronously and only when told, so a test
// can build any interleaving (etcd-io/raft's raft_test.go network).
type testNet struct {
	t     *testing.T
	nodes map[uint64]*Node
	disks map[uint64]*Storage
	queue []Message
	// drop reports whether a message must be lost.
	drop    func(m Message) bool
	maxEnts int
	preVote bool
	// reads collects every member's ReadStates.
	reads map[uint64][]ReadState
	// settled counts HasReady calls answered without a look (cycleSettled).
	settled int
}

func newTestNet(t *testing.T, preVote bool, maxEnts int, ids ...uint64) *testNet {
	n := &testNet{t: t, nodes: map[uint64]*Node{}, disks: map[uint64]*Storage{}, reads: map[uint64][]ReadState{}, maxEnts: maxEnts, preVote: preVote}
	for _, id := range ids {
		n.disks[id] = NewStorage()
		Bootstrap(n.disks[id], ids)
		n.start(id)
	}
	return n
}

func (n *testNet) start(id uint64) {
	node, err := NewNode(Config{ID: id, ElectionTick: 10, HeartbeatTick: 1, Storage: n.disks[id],
		Applied: n.disks[id].Snapshot().Metadata.Index, PreVote: n.preVote, CheckQuorum: false,
		MaxEntriesPerMsg: n.maxEnts, Rand: rand.New(rand.NewSource(int64(id)))})
	require.NoError(n.t, err)
	n.nodes[id] = node
	n.flush(id)
}

func (n *testNet) crash(id uint64) { delete(n.nodes, id) }

// persist writes a Ready to a member's storage in the order etcd's
// raftNode does: the snapshot, then the entries, then the hard state.
func persist(d *Storage, rd Ready) {
	if !rd.Snapshot.IsEmpty() {
		_ = d.ApplySnapshot(rd.Snapshot)
	}
	d.Append(rd.Entries)
	if !rd.HardState.IsEmpty() {
		d.SetHardState(rd.HardState)
	}
}

// flush persists a node's Ready and queues its messages. It drains with
// one Ready reused through ReadyTo/AdvanceTo, as the simulator does, and
// checks at each turn that HasReady's answer after a settled Advance (no
// look at the raft) is the full look's.
func (n *testNet) flush(id uint64) {
	node := n.nodes[id]
	var rd Ready
	for n.hasReady(node) {
		node.ReadyTo(&rd)
		// sendNew writes only a message's plain fields into the slot
		// past the last: every such slot must hold no reference.
		r := node.r
		for i, m := range r.msgs[len(r.msgs):cap(r.msgs)] {
			if m.Entries != nil || m.Snapshot != nil || m.Context != nil {
				n.t.Fatalf("member %d: free message slot %d holds a reference", id, len(r.msgs)+i)
			}
		}
		d := n.disks[id]
		persist(d, rd)
		n.queue = append(n.queue, rd.Messages...)
		n.reads[id] = append(n.reads[id], rd.ReadStates...)
		for _, e := range rd.CommittedEntries {
			if e.Type == EntryConfChange {
				cc, _ := UnmarshalConfChange(e.Data)
				node.ApplyConfChange(cc)
			}
		}
		node.AdvanceTo(&rd)
		if err := logMismatch(node); err != nil {
			n.t.Fatal(err)
		}
	}
}

// logMismatch is an error unless lastIndex, read from the unstable
// part's offset alone, is what the log holds: the unstable part's last
// entry, else the pending snapshot's index, else the disk's last index
// (what the raft persisted is on the disk once a Ready is advanced);
// unless lastTerm, kept apart, is that entry's term; and unless entries
// committed past applied, with no snapshot pending, are there to apply.
func logMismatch(node *Node) error {
	l := node.r.log
	want := l.storage.LastIndex()
	switch {
	case len(l.unstable) > 0:
		want = l.unstable[len(l.unstable)-1].Index
	case l.snap != nil:
		want = l.snap.Metadata.Index
	}
	if got := l.lastIndex(); got != want {
		return fmt.Errorf("member %d: lastIndex %d, the log's last entry is %d", node.r.id, got, want)
	}
	// lastTerm is the last entry's term as the log's parts hold it.
	wantTerm, _ := l.storage.Term(want)
	switch {
	case len(l.unstable) > 0:
		wantTerm = l.unstable[len(l.unstable)-1].Term
	case l.snap != nil:
		wantTerm = l.snap.Metadata.Term
	}
	if l.lastTerm != wantTerm {
		return fmt.Errorf("member %d: lastTerm %d, the log's last entry (%d) is of term %d", node.r.id, l.lastTerm, want, wantTerm)
	}
	// hasReady takes committed past applied for entries to apply.
	if l.snap == nil && l.committed > l.applied && len(l.nextEnts()) == 0 {
		return fmt.Errorf("member %d: committed %d past applied %d, no entries to apply", node.r.id, l.committed, l.applied)
	}
	return nil
}

// hasReady is node.HasReady, failing the test if it is not what a full
// look at the raft says.
func (n *testNet) hasReady(node *Node) bool {
	has := node.HasReady()
	if full := node.hasReady(); has != full {
		n.t.Fatalf("HasReady %v (cycle %d), a full look says %v", has, node.cycle, full)
	}
	if node.cycle == cycleSettled {
		n.settled++
	}
	return has
}

// deliver delivers queued messages until none is left; it returns how
// many were delivered.
func (n *testNet) deliver() int {
	count := 0
	for len(n.queue) > 0 {
		m := n.queue[0]
		n.queue = n.queue[1:]
		to, up := n.nodes[m.To]
		if !up || (n.drop != nil && n.drop(m)) {
			continue
		}
		count++
		_ = to.Step(m)
		n.flush(m.To)
	}
	return count
}

func (n *testNet) campaign(id uint64) {
	require.NoError(n.t, n.nodes[id].Campaign())
	n.flush(id)
	n.deliver()
}

func (n *testNet) propose(id uint64, data string) {
	_ = n.nodes[id].Propose([]byte(data))
	n.flush(id)
}

func (n *testNet) status(id uint64) Status { return n.nodes[id].Status() }

func (n *testNet) terms(id uint64) []uint64 {
	d := n.disks[id]
	var ts []uint64
	for i := d.FirstIndex(); i <= d.LastIndex(); i++ {
		t, _ := d.Term(i)
		ts = append(ts, t)
	}
	return ts
}
