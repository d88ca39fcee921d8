package lab

import "github.com/raftlab/raftlab/core/etcdserver"

// What a long session holds. etcd keeps every revision until it is told to
// compact (kube-apiserver compacts every 5 minutes), so a session of
// steady writes grows by design; Usage lets the page show it and explain
// compaction before the tab runs out of memory.

// Compaction is advised past either bound (a browser tab is the machine).
var (
	adviseRevisions int64 = 10_000
	adviseDBBytes   int64 = 32 << 20
)

// Usage is the session's size.
type Usage struct {
	// HistoryRequests are the client requests kept for the
	// linearizability check (HistoryBytes of keys and values);
	// HistoryDropped came after its bound and were not kept.
	HistoryRequests, HistoryBytes, HistoryDropped int
	// JournalEntries are the console commands since the last reset
	// (JournalBytes of text): what a replay or a share link runs.
	JournalEntries, JournalBytes int
	// Revisions are the revisions the fullest member keeps (its current
	// revision minus its last compaction); DBSize its backend size.
	Revisions, DBSize int64
	// CompactionAdvised: the store holds enough history that it is time
	// to compact (etcdctl compaction, then etcdctl defrag).
	CompactionAdvised bool
}

// Usage reports the session's size.
func (l *Lab) Usage() Usage {
	u := Usage{HistoryRequests: l.history.Len(), HistoryBytes: l.history.Bytes(), HistoryDropped: l.history.Dropped()}
	for _, e := range l.Journal() {
		u.JournalEntries++
		u.JournalBytes += len(e.Line)
	}
	for _, m := range l.w.Members() {
		srv, ok := m.App.(*etcdserver.Server)
		if !ok || !m.Up() {
			continue
		}
		st := srv.Store()
		u.Revisions = max(u.Revisions, st.Rev()-max(st.CompactRev(), 1))
		u.DBSize = max(u.DBSize, st.Size())
	}
	u.CompactionAdvised = u.Revisions >= adviseRevisions || u.DBSize >= adviseDBBytes
	return u
}
