package sim

import (
	"encoding/json"
	"slices"

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

type logState struct {
	Applied [][]byte
	Removed []uint64
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
			a.exit = a.exit || cc.NodeID == a.m.ID
		}
	case e.Type == raft.EntryNormal && len(e.Data) > 0:
		a.Applied = append(a.Applied, e.Data)
	}
}

// OnReady takes a snapshot when due, and stops the member once it applied
// its own removal.
func (a *LogApp) OnReady(rd raft.Ready) {
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

func (a *LogApp) Refuses(from uint64) bool { return a.removed[from] }

func (a *LogApp) Refused(uint64) { a.m.Exit() }

func (a *LogApp) state() []byte {
	st := logState{Applied: a.Applied}
	for id := range a.removed {
		st.Removed = append(st.Removed, id)
	}
	slices.Sort(st.Removed)
	b, _ := json.Marshal(st)
	return b
}

func (a *LogApp) Restore(data []byte) error {
	var st logState
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	a.Applied = st.Applied
	clear(a.removed)
	for _, id := range st.Removed {
		a.removed[id] = true
	}
	return nil
}
