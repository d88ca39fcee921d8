package etcdserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash/crc32"

	"github.com/raftlab/raftlab/core/lease"
	"github.com/raftlab/raftlab/core/mvcc"
)

// snapMagic starts every snapshot file. etcd's file is a bbolt database
// followed by its sha256; raftlab's is this header, a JSON body (the key
// bucket as mvcc's snapshot, the lease bucket as the lessor's) and the
// sha256 of everything before it.
const snapMagic = "raftlab-etcd-snapshot/1\n"

type snapFileBody struct {
	Store  json.RawMessage `json:"store"`
	Leases json.RawMessage `json:"leases"`
	// ConsistentIndex is the applied index of the member the snapshot
	// was taken on (etcd's meta bucket); restore ignores it.
	ConsistentIndex uint64 `json:"consistent_index"`
}

type snapFile struct {
	body  []byte
	store *mvcc.Store
	les   []byte
}

func encodeSnapshotFile(store *mvcc.Store, les *lease.Lessor, ci uint64) []byte {
	body, _ := json.Marshal(snapFileBody{Store: store.Snapshot(), Leases: les.Snapshot(), ConsistentIndex: ci})
	out := append([]byte(snapMagic), body...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

func decodeSnapshotFile(data []byte) (*snapFile, error) {
	if len(data) < len(snapMagic)+sha256.Size || !bytes.HasPrefix(data, []byte(snapMagic)) {
		return nil, fmt.Errorf("snapshot file is not a raftlab etcd snapshot (invalid database)")
	}
	n := len(data) - sha256.Size
	want := data[n:]
	got := sha256.Sum256(data[:n])
	if !bytes.Equal(want, got[:]) {
		// etcdutl snapshot restore: "expected sha256 %v, got %v".
		return nil, fmt.Errorf("expected sha256 %v, got %v", want, got[:])
	}
	body := data[len(snapMagic):n]
	var b snapFileBody
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, fmt.Errorf("invalid database: %v", err)
	}
	st, err := mvcc.Restore(b.Store)
	if err != nil {
		return nil, err
	}
	if err := lease.New(0).Restore(b.Leases); err != nil {
		return nil, err
	}
	return &snapFile{body: body, store: st, les: b.Leases}, nil
}

// SnapshotStatus is etcdutl's `snapshot status`: a CRC-32 (Castagnoli)
// hash of the database content, its revision, the number of keys stored
// (every revision of the key bucket plus the leases, as etcd counts every
// bucket's keys) and the database size (the same model as Status's DB
// size).
func SnapshotStatus(data []byte) (hash uint32, revision int64, totalKeys int, totalSize int64, err error) {
	f, err := decodeSnapshotFile(data)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	h.Write(f.body)
	var recs struct {
		Records []json.RawMessage `json:"records"`
	}
	_ = json.Unmarshal(mustStore(f.store), &recs)
	var ls struct {
		Leases []json.RawMessage `json:"leases"`
	}
	_ = json.Unmarshal(f.les, &ls)
	return h.Sum32(), f.store.Rev(), len(recs.Records) + len(ls.Leases), f.store.Size(), nil
}

func mustStore(s *mvcc.Store) []byte { return s.Snapshot() }
