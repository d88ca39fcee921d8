package sim

import (
	"fmt"
	"math/rand"
	"slices"
	"time"

	"github.com/raftlab/raftlab/core/raft"
)

// App is the application a member runs on top of Raft (etcd's server in
// raftlab; a plain list of entries in the core's own tests). The world is
// the member's disk and network: it persists each Ready and sends its
// messages, in the order Raft requires, then hands the app the snapshot
// and committed entries to apply. Everything the application decides
// (applying configuration changes to the node and to its own membership,
// when to snapshot and compact, when to stop for good) is the app's. The
// app steps its own node (m.Node.Propose, ReadIndex, ...) from its events
// (its timers, Member.After; its ticks; the requests that reach it; Apply
// and OnReady), and the world takes the Ready once the event returned.
type App interface {
	// Apply is called with each committed entry, in log order. The app
	// applies a configuration change to Raft with m.ApplyConfChange.
	Apply(e raft.Entry)
	// Restore replaces the state with a snapshot's (one the leader sent).
	Restore(data []byte) error
}

// ReadyHook is implemented by an App that wants each Ready after its
// entries were applied and before the node advances: read states, role
// changes, its snapshot policy. It may end the member (m.Exit). The Ready
// is lent for the call (a pointer: the struct is 240 bytes, copied on
// every Ready of every member otherwise) and must not be kept or changed.
type ReadyHook interface{ OnReady(rd *raft.Ready) }

// TickHook is implemented by an App that acts on the member's clock
// (lease expiry, request timeouts): each tick hands it the time it is.
type TickHook interface{ OnTick(now time.Duration) }

// RefusedHook is implemented by an App that wants to know when a peer
// refused its message (etcd: a removed member then stops).
type RefusedHook interface{ Refused(by uint64) }

// Member is one simulated machine: a disk that survives crashes, and
// (while up) a Raft node and an application built from that disk.
type Member struct {
	ID   uint64
	Name string
	// Disk is the durable state. Everything else is lost on a crash.
	Disk *raft.Storage
	Node *raft.Node
	App  App
	// Outbox is where the app leaves its answers to Calls (the world's
	// one outbox: see Outbox).
	Outbox *Outbox

	up bool
	// removed is set once the member exited for good (Exit).
	removed bool
	// stopping is set during a graceful stop (leadership transfer first).
	stopping bool
	conf     raft.ConfState
	starts   uint64 // how many times it started (each start is a new process)
	rand     *rand.Rand
	phase    int64  // tick phase in nanoseconds of virtual time
	tick     *event // the next tick, nil while none is queued
	onTick   func()
	// The app's optional hooks, found once when it starts.
	readyHook ReadyHook
	tickHook  TickHook
	// refused are the peers whose Raft messages this process refuses
	// (Refuse): data the app set, read on every message delivered.
	refused []uint64
	w       *World
	chk     memberCheck // the safety checker's view of it
	// rd is the Ready handleReady fills and hands on; readying is set
	// while it is in use.
	rd       raft.Ready
	readying bool
	// after is set while the member waits in World.after for the running
	// event to end.
	after bool
	// waited are the client connections to it that a dialer waits on
	// (Conn.OnBreak), which a crash closes.
	waited []*Conn
}

// Up reports whether the member is running.
func (m *Member) Up() bool { return m.up }

// Removed reports whether the member exited for good (etcd: it was
// removed from the cluster).
func (m *Member) Removed() bool { return m.removed }

// Exit stops the member for good: it never starts again (etcd: "the
// member has been permanently removed from the cluster").
func (m *Member) Exit() {
	if !m.up {
		return
	}
	m.removed = true
	m.w.Kill(m.ID)
	m.w.record(Record{Kind: KindFault, Member: m.ID, Fault: FaultRemoved})
}

// ApplyConfChange applies a committed configuration change to the
// member's Raft node and returns the new membership.
func (m *Member) ApplyConfChange(cc raft.ConfChange) raft.ConfState {
	m.conf = m.Node.ApplyConfChange(cc)
	return m.conf
}

// CreateSnapshot stores a snapshot of the app's state (data) at the
// applied index on the member's disk, with the membership at that point.
func (m *Member) CreateSnapshot(index uint64, data []byte) error {
	return m.createdSnapshot(index, m.Disk.CreateSnapshot(index, m.conf, data))
}

// CreateSnapshotFunc is CreateSnapshot with the state encoded only when
// the snapshot is read (raft.Storage.CreateSnapshotFunc): encode must give
// the state at index whenever it is called.
func (m *Member) CreateSnapshotFunc(index uint64, encode func() []byte) error {
	return m.createdSnapshot(index, m.Disk.CreateSnapshotFunc(index, m.conf, encode))
}

func (m *Member) createdSnapshot(index uint64, err error) error {
	if err != nil {
		return err
	}
	m.w.record(Record{Kind: KindSnapshot, Member: m.ID, Index: index, Snapshot: SnapshotCreated})
	return nil
}

// Refuse makes the member's process refuse Raft messages from peer from
// now on: each is dropped when it arrives, and the sender's app is told
// (RefusedHook), as etcd answers a member it removed 410 Gone. A process
// starts refusing nobody: its app says whom, from its state, as it builds
// it and applies.
func (m *Member) Refuse(peer uint64) {
	if !slices.Contains(m.refused, peer) {
		m.refused = append(m.refused, peer)
	}
}

// RefuseOnly makes the process refuse exactly peers from now on (an app
// that replaced its state with a snapshot's).
func (m *Member) RefuseOnly(peers []uint64) {
	m.refused = m.refused[:0]
	for _, id := range peers {
		m.Refuse(id)
	}
}

// Fail stops the world with a violation at this member (its disk cannot
// be read back, say).
func (m *Member) Fail(err error) { m.w.fail(fmt.Sprintf("%s: %v", m.Name, err)) }

// ConfState is the membership as this member last applied it.
func (m *Member) ConfState() raft.ConfState { return m.conf }

// World returns the world the member lives in.
func (m *Member) World() *World { return m.w }

// Status returns the member's Raft status; zero when down.
func (m *Member) Status() raft.Status {
	if !m.up {
		return raft.Status{ID: m.ID}
	}
	return m.Node.Status()
}

// After runs fn at now+d in the member's current process: a timer of the
// app's own, skipped if that process ended by then (a crash, a restart,
// an exit: its goroutines are gone), so fn never asks whether its app
// still runs. Once fn returned, the world takes the member's Ready, so fn
// may step the node itself (m.Node.Propose, ReadIndex, ...), as etcd's
// server steps its raft.Node and its raftNode goroutine takes the Ready.
// Requests that reach the member on a connection (Call, Conn.Request) are
// taken the same way.
func (m *Member) After(d time.Duration, fn func()) Timer {
	t := m.w.After(d, fn)
	// An event that calls fn has no sender: from and id name the process.
	t.e.from, t.e.id = m, m.starts
	return t
}

// The calls below step the member's node for its app (or a driver) and
// leave the Ready they produce to the world, which takes it once the
// running event's callback returned (World.RunNext), or at once when the
// call comes from outside any event (a driver between steps: after
// lab.Propose returns, the entry is on its way as before). So the Ready
// never comes back into the app while its call is on the stack, and
// everything a member's app steps in one event shares one Ready: in etcd
// 3.5 the raftNode goroutine takes Ready() asynchronously, so proposals
// stepped back to back before it runs share one Ready (their entries in
// one append and one fsync, their messages sent together).

// Propose submits data at this member (forwarded if it is a follower).
func (m *Member) Propose(data []byte) error {
	if !m.up {
		return ErrMemberDown
	}
	err := m.Node.Propose(data)
	m.w.readyAfter(m)
	return err
}

// ProposeConfChange submits a membership change at this member.
func (m *Member) ProposeConfChange(cc raft.ConfChange) error {
	if !m.up {
		return ErrMemberDown
	}
	err := m.Node.ProposeConfChange(cc)
	m.w.readyAfter(m)
	return err
}

// TransferLeader asks this member (the leader) to hand leadership over.
func (m *Member) TransferLeader(to uint64) {
	if !m.up {
		return
	}
	m.Node.TransferLeader(to)
	m.w.readyAfter(m)
}

// Campaign makes the member's election timer fire now.
func (m *Member) Campaign() {
	if !m.up {
		return
	}
	_ = m.Node.Campaign()
	m.w.readyAfter(m)
}
