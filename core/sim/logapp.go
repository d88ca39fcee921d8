package sim

import (
	"encoding/binary"
	"errors"
	"slices"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/raft"
)

// LogApp is the simplest application: the list of applied data entries.
// The core's own tests run on it; etcd's server replaces it in the lab.
// Like any Raft application it applies configuration changes, snapshots
// its state every SnapshotCount entries (keeping CatchUpEntries in the
// log), refuses members it removed, and stops once removed itself.
type LogApp struct {
	Applied [][]byte

	m                             *Member
	snapshotCount, catchUpEntries uint64
	applied                       uint64
	removed                       map[uint64]bool
	exit                          bool
}

// NewLogApp builds m's LogApp from its disk.
func NewLogApp(m *Member, snapshotCount, catchUpEntries uint64) *LogApp {
	a := &LogApp{m: m, snapshotCount: snapshotCount, catchUpEntries: catchUpEntries, removed: map[uint64]bool{}}
	if snap := m.Disk.Snapshot(); !snap.IsEmpty() {
		if err := a.Restore(snap.Data); err != nil {
			m.Fail(err)
		}
		a.applied = snap.Metadata.Index
	}
	return a
}

func (a *LogApp) Apply(e raft.Entry) {
	a.applied = e.Index
	switch {
	case e.Type == raft.EntryConfChange:
		cc, err := raft.UnmarshalConfChange(e.Data)
		if err != nil {
			return
		}
		a.m.ApplyConfChange(cc)
		if cc.Type == raft.ConfChangeRemoveNode {
			a.removed[cc.NodeID] = true
			a.m.Refuse(cc.NodeID)
			a.exit = a.exit || cc.NodeID == a.m.ID
		}
	case e.Type == raft.EntryNormal && len(e.Data) > 0:
		a.Applied = append(a.Applied, e.Data)
	}
}

// OnReady takes a snapshot when due, and stops the member once it applied
// its own removal.
func (a *LogApp) OnReady(rd *raft.Ready) {
	if !rd.Snapshot.IsEmpty() {
		a.applied = max(a.applied, rd.Snapshot.Metadata.Index)
	}
	snapi := a.m.Disk.SnapshotIndex()
	if a.snapshotCount > 0 && a.applied > snapi && a.applied-snapi >= a.snapshotCount &&
		a.m.CreateSnapshot(a.applied, a.state()) == nil && a.applied > a.catchUpEntries {
		if compact := a.applied - a.catchUpEntries; compact >= a.m.Disk.FirstIndex() {
			_ = a.m.Disk.Compact(compact)
		}
	}
	if a.exit {
		a.m.Exit()
	}
}

func (a *LogApp) Refused(uint64) { a.m.Exit() }

// state is the snapshot's data: the removed members' count and IDs, then
// the applied entries' count and each one's length and bytes (uvarints;
// IDs as 8 bytes, big-endian, sorted).
func (a *LogApp) state() []byte {
	removed := make([]uint64, 0, len(a.removed))
	for id := range a.removed {
		removed = append(removed, id)
	}
	ptrsort.Uint64s(removed)
	size := 2*binary.MaxVarintLen64 + 8*len(removed)
	for _, d := range a.Applied {
		size += binary.MaxVarintLen64 + len(d)
	}
	b := make([]byte, 0, size)
	b = binary.AppendUvarint(b, uint64(len(removed)))
	for _, id := range removed {
		b = binary.BigEndian.AppendUint64(b, id)
	}
	b = binary.AppendUvarint(b, uint64(len(a.Applied)))
	for _, d := range a.Applied {
		b = binary.AppendUvarint(b, uint64(len(d)))
		b = append(b, d...)
	}
	return b
}

var errLogState = errors.New("sim: bad LogApp snapshot")

func (a *LogApp) Restore(data []byte) error {
	data = slices.Clone(data) // the entries below share it, not the disk's
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(data)
		if n <= 0 {
			return 0, false
		}
		data = data[n:]
		return v, true
	}
	nr, ok := next()
	if !ok || nr > uint64(len(data))/8 {
		return errLogState
	}
	removed := make([]uint64, nr)
	for i := range removed {
		removed[i], data = binary.BigEndian.Uint64(data), data[8:]
	}
	na, ok := next()
	if !ok || na > uint64(len(data)) {
		return errLogState
	}
	applied := make([][]byte, 0, na)
	for range na {
		l, ok := next()
		if !ok || l > uint64(len(data)) {
			return errLogState
		}
		applied, data = append(applied, data[:l:l]), data[l:]
	}
	if len(data) > 0 {
		return errLogState
	}
	a.Applied = applied
	clear(a.removed)
	for _, id := range removed {
		a.removed[id] = true
	}
	a.m.RefuseOnly(removed)
	return nil
}
