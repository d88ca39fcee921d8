package etcdserver

import (
	"bytes"
	"fmt"

	"github.com/raftlab/raftlab/core/auth"
	"github.com/raftlab/raftlab/core/digest"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/lease"
	"github.com/raftlab/raftlab/core/mvcc"
)

// snapMagic starts every snapshot file. etcd's file is a bbolt database
// followed by its sha256; raftlab's is this header, a JSON body (the
// buckets etcd's backend has: key, lease, members, auth, meta, alarm) and
// the sha256 of everything before it.
const snapMagic = "raftlab-etcd-snapshot/1\n"

type snapFileBody struct {
	Store  []byte `json:"store"`
	Leases []byte `json:"leases"`
	// ConsistentIndex is the applied index of the member the snapshot
	// was taken on (etcd's meta bucket); restore ignores it.
	ConsistentIndex uint64 `json:"consistent_index"`
	// Members and Removed are the members and members_removed buckets;
	// etcdutl's restore replaces them with the new cluster's.
	Members []*Member `json:"members,omitempty"`
	Removed []uint64  `json:"removed,omitempty"`
	// Auth is the auth, authUsers and authRoles buckets; restore keeps it.
	Auth   []byte                `json:"auth,omitempty"`
	Alarms []*etcdpb.AlarmMember `json:"alarms,omitempty"`
}

type snapFile struct {
	body  []byte
	b     snapFileBody
	store *mvcc.Store
	les   []byte
	auth  *auth.Store
}

// snapshotFile is what etcd's maintenance Snapshot streams: the member's
// whole backend.
func (s *Server) snapshotFile() []byte {
	b := snapFileBody{Store: storePlaceholder, Leases: s.lessor.Snapshot(), ConsistentIndex: s.applied,
		Members: s.cluster.sorted(), Removed: s.cluster.removedIDs(), Auth: s.auth.Snapshot(), Alarms: s.alarms}
	body := jsonw.Marshal(&b)
	out := spliceStore([]byte(snapMagic), body, s.store.AppendSnapshot, digest.Size256)
	sum := digest.SHA256(out)
	return append(out, sum[:]...)
}

func decodeSnapshotFile(data []byte) (*snapFile, error) {
	if len(data) < len(snapMagic)+digest.Size256 || !bytes.HasPrefix(data, []byte(snapMagic)) {
		return nil, fmt.Errorf("snapshot file is not a raftlab etcd snapshot (invalid database)")
	}
	n := len(data) - digest.Size256
	want := data[n:]
	got := digest.SHA256(data[:n])
	if !bytes.Equal(want, got[:]) {
		// etcdutl snapshot restore: "expected sha256 %v, got %v".
		return nil, fmt.Errorf("expected sha256 %v, got %v", want, got[:])
	}
	body := data[len(snapMagic):n]
	var b snapFileBody
	if err := jsonw.Unmarshal(body, &b); err != nil {
		return nil, fmt.Errorf("invalid database: %v", err)
	}
	st, err := mvcc.Restore(b.Store)
	if err != nil {
		return nil, err
	}
	if err := lease.New(0).Restore(b.Leases); err != nil {
		return nil, err
	}
	as, err := auth.Restore(b.Auth)
	if err != nil {
		return nil, err
	}
	return &snapFile{body: body, b: b, store: st, les: b.Leases, auth: as}, nil
}

// SnapshotStatus is etcdutl's `snapshot status`: a CRC-32 (Castagnoli)
// hash of the database content, its revision, the number of keys in every
// bucket (etcdutl counts them all: key revisions, leases, members, removed
// members, meta, cluster, alarms, auth, users, roles) and the database
// size (the same model as Status's DB size).
func SnapshotStatus(data []byte) (hash uint32, revision int64, totalKeys int, totalSize int64, err error) {
	f, err := decodeSnapshotFile(data)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	h := digest.CRC32C(0, f.body)
	recs := arrayLen{key: "records"}
	_ = jsonw.Unmarshal(f.store.Snapshot(), &recs)
	ls := arrayLen{key: "leases"}
	_ = jsonw.Unmarshal(f.les, &ls)
	// meta: consistent_index, term, confState; after a compaction also
	// scheduledCompactRev and finishedCompactRev. cluster: clusterVersion.
	meta := 3
	if f.store.CompactRev() > 0 {
		meta += 2
	}
	keys := recs.n + ls.n + len(f.b.Members) + len(f.b.Removed) + meta + 1 +
		len(f.b.Alarms) + f.auth.BucketKeys()
	return h, f.store.Rev(), keys, f.store.Size(), nil
}
