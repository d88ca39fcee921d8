package sim

import (
	"math/rand"

	"github.com/raftlab/raftlab/core/raft"
)

// App is the state machine a member runs on top of Raft (etcd's server in
// raftlab; a plain list of entries in the core's own tests).
type App interface {
	// Apply is called with each committed entry, in log order. A
	// configuration change has already been applied to Raft.
	Apply(e raft.Entry)
	// State encodes the state after the last applied entry (for a snapshot).
	State() []byte
	// Restore replaces the state with a snapshot's.
	Restore(data []byte) error
}

// ReadyHook is implemented by an App that wants each Ready after it was
// handled: read states, role changes.
type ReadyHook interface{ OnReady(rd raft.Ready) }

// TickHook is implemented by an App that acts on the member's clock
// (lease expiry, request timeouts).
type TickHook interface{ OnTick() }

// Member is one simulated etcd machine: a disk that survives crashes, and
// (while up) a Raft node and an application built from that disk.
type Member struct {
	ID   uint64
	Name string
	// Disk is the durable state. Everything else is lost on a crash.
	Disk *raft.Storage
	Node *raft.Node
	App  App

	up      bool
	removed bool
	// stopping is set during a graceful stop (leadership transfer first).
	stopping bool
	conf     raft.ConfState
	// removedIDs are members this one applied the removal of (durable in
	// etcd's membership store; kept across restarts here too).
	removedIDs map[uint64]bool
	rand       *rand.Rand
	phase      int64 // tick phase in nanoseconds of virtual time
	tick       *Timer
	w          *World
}

// Up reports whether the member is running.
func (m *Member) Up() bool { return m.up }

// Removed reports whether the member was removed from the cluster.
func (m *Member) Removed() bool { return m.removed }

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

// Propose submits data at this member (forwarded if it is a follower).
func (m *Member) Propose(data []byte) error {
	if !m.up {
		return ErrMemberDown
	}
	err := m.Node.Propose(data)
	m.w.handleReady(m)
	return err
}

// ProposeConfChange submits a membership change at this member.
func (m *Member) ProposeConfChange(cc raft.ConfChange) error {
	if !m.up {
		return ErrMemberDown
	}
	err := m.Node.ProposeConfChange(cc)
	m.w.handleReady(m)
	return err
}

// ReadIndex asks for a linearizable read point; the app sees the answer
// as a ReadState in OnReady.
func (m *Member) ReadIndex(ctx []byte) error {
	if !m.up {
		return ErrMemberDown
	}
	err := m.Node.ReadIndex(ctx)
	m.w.handleReady(m)
	return err
}

// TransferLeader asks this member (the leader) to hand leadership over.
func (m *Member) TransferLeader(to uint64) {
	if !m.up {
		return
	}
	m.Node.TransferLeader(to)
	m.w.handleReady(m)
}

// Campaign makes the member's election timer fire now.
func (m *Member) Campaign() {
	if !m.up {
		return
	}
	_ = m.Node.Campaign()
	m.w.handleReady(m)
}
