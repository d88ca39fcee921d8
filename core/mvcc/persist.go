package mvcc

import (
	"cmp"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"

	"github.com/raftlab/raftlab/core/digest"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/jsonw"
)

// allRecords returns every stored record in revision order, which is the
// order of etcd's key bucket (keyed by revision bytes).
func (s *Store) allRecords() []ref {
	n := 0
	for _, h := range s.keys {
		n += h.len()
	}
	recs := make([]ref, 0, n)
	for _, h := range s.keys {
		for j := range h.len() {
			recs = append(recs, ref{h, h.rec(j)})
		}
	}
	sortRefs(recs)
	return recs
}

// revBytes is etcd's revToBytes (8-byte main, '_', 8-byte sub), with the
// tombstone mark 't' appended for deletions.
func revBytes(r *record) []byte {
	b := make([]byte, 17, 18)
	binary.BigEndian.PutUint64(b, uint64(r.main))
	b[8] = '_'
	binary.BigEndian.PutUint64(b[9:], uint64(r.sub))
	if r.tomb() {
		b = append(b, 't')
	}
	return b
}

// marshalKV is the protobuf encoding of mvccpb.KeyValue, which is what
// etcd stores as the value of each revision (a tombstone holds only the key).
func marshalKV(kv *etcdpb.KeyValue) []byte {
	var b []byte
	bytesField := func(tag byte, v []byte) {
		if len(v) == 0 {
			return
		}
		b = append(b, tag)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	intField := func(tag byte, v int64) {
		if v == 0 {
			return
		}
		b = append(b, tag)
		b = binary.AppendUvarint(b, uint64(v))
	}
	bytesField(0x0a, kv.Key)
	intField(0x10, kv.CreateRevision)
	intField(0x18, kv.ModRevision)
	intField(0x20, kv.Version)
	bytesField(0x2a, kv.Value)
	intField(0x30, kv.Lease)
	return b
}

// HashKV is etcd's HashByRev: CRC-32 (Castagnoli) over the bucket name
// "key" and each stored revision's key and value bytes up to rev, skipping
// revisions at or below the compaction that are not the latest of their key
// at rev. rev 0 means the current revision. Stores with the same history
// and compaction give the same hash. It returns the compaction revision
// (-1 if never compacted, as etcd).
func (s *Store) HashKV(rev int64) (uint32, int64, error) {
	if rev > 0 && rev <= s.compactRev {
		return 0, s.compactRev, etcdpb.ErrCompacted
	}
	if rev > 0 && rev > s.rev {
		return 0, 0, etcdpb.ErrFutureRev
	}
	if rev <= 0 {
		rev = s.rev
	}
	// etcd's kvindex.Keep(rev): the latest revision of each key at rev,
	// unless it is a tombstone.
	keep := map[*record]bool{}
	for _, h := range s.keys {
		if i := h.after(rev) - 1; i >= 0 && !h.rec(i).tomb() {
			keep[h.rec(i)] = true
		}
	}
	h := digest.CRC32C(0, []byte("key"))
	for _, x := range s.allRecords() {
		r := x.r
		if r.main > rev {
			continue
		}
		if r.main <= s.compactRev && len(keep) > 0 && !keep[r] {
			continue
		}
		kv := x.h.kv(r)
		h = digest.CRC32C(h, revBytes(r))
		h = digest.CRC32C(h, marshalKV(&kv))
	}
	return h, s.compactRev, nil
}

// Size estimates the bytes of etcd's bolt file for this store: a fresh
// etcd 3.5 member reports 20 kB (20480 bytes); each revision costs its key
// (17-18 bytes), its protobuf value and ~16 bytes of page element header,
// rounded up to 4 KiB pages. It grows with history and shrinks after
// Compact. (Real etcd's DB SIZE only shrinks after defrag; its in-use size
// shrinks after compaction like this.)
//
// The byte count is kept as records come and go, so Size is O(1): the
// server reads it for etcd's backend quota before every write.
func (s *Store) Size() int64 {
	const base, page = 20480, 4096
	return base + (s.used+page-1)/page*page
}

// recSize is what one revision of h adds to Size: 16 bytes of page
// element header, len(revBytes(r)) and len(marshalKV(&kv)) of its
// KeyValue, without encoding (or building the KeyValue: every write
// counts it).
func recSize(h *keyHist, r *record) int64 {
	n := 16 + 17 + bytesFieldLen(len(h.key))
	if r.tomb() {
		return n + 1 // a tombstone's KeyValue holds only the key
	}
	return n + intFieldLen(r.create) + intFieldLen(r.main) + intFieldLen(r.version) +
		bytesFieldLen(int(r.vlen())) + intFieldLen(r.lease)
}

// bytesFieldLen is the protobuf size of a bytes field of n bytes (none
// when empty).
func bytesFieldLen(n int) int64 {
	if n == 0 {
		return 0
	}
	return 1 + uvarintLen(uint64(n)) + int64(n)
}

// intFieldLen is the protobuf size of an int64 field (none when 0).
func intFieldLen(v int64) int64 {
	if v == 0 {
		return 0
	}
	return 1 + uvarintLen(uint64(v))
}

func uvarintLen(v uint64) int64 { return int64(uvarintLens[bits.Len64(v|1)]) }

// uvarintLens[n] is the length of the uvarint of an n-bit number, (n+6)/7
// (a load where the division took four instructions, six times a write;
// TestUvarintLen).
var uvarintLens = [65]uint8{
	1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5,
	5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 10,
}

type snapRecord struct {
	Main    int64  `json:"main"`
	Sub     int64  `json:"sub"`
	Tomb    bool   `json:"tomb,omitempty"`
	Key     []byte `json:"key"`
	Value   []byte `json:"value,omitempty"`
	Create  int64  `json:"create,omitempty"`
	Mod     int64  `json:"mod,omitempty"`
	Version int64  `json:"version,omitempty"`
	Lease   int64  `json:"lease,omitempty"`
}

type snapshot struct {
	Rev        int64        `json:"rev"`
	CompactRev int64        `json:"compact_rev"`
	Records    []snapRecord `json:"records"`
}

// Snapshot encodes the whole store (revision, compaction revision and all
// history) deterministically: equal stores give equal bytes. Watchers are
// not part of it (they live on connections, not in etcd's db).
//
// The bytes are json.Marshal's of a snapshot, written without reflection.
func (s *Store) Snapshot() []byte { return s.AppendSnapshot(nil, 0) }

// AppendSnapshot appends Snapshot's bytes to b, leaving room for as many
// more bytes (the rest of the caller's document).
func (s *Store) AppendSnapshot(b []byte, room int) []byte {
	return s.appendSnapshot(b, room, s.allRecords(), s.rev, s.compactRev)
}

// appendSnapshot appends Snapshot's bytes for records (in revision order),
// with room for the caller's next bytes.
func (s *Store) appendSnapshot(b []byte, room int, recs []ref, rev, compactRev int64) []byte {
	// About the encoded size: fields and numbers, keys and values in base64.
	size := 64 + room
	for _, x := range recs {
		size += 96 + (len(x.h.key)+int(x.r.vlen()))*4/3
	}
	b = slices.Grow(b, size)
	b = appendJSONInt(b, `{"rev":`, rev)
	b = appendJSONInt(b, `,"compact_rev":`, compactRev)
	b = append(b, `,"records":[`...)
	for i, x := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		r, kv := x.r, x.h.kv(x.r)
		b = appendSnapRecord(b, snapRecord{Main: r.main, Sub: int64(r.sub), Tomb: r.tomb(), Key: kv.Key, Value: kv.Value,
			Create: kv.CreateRevision, Mod: kv.ModRevision, Version: kv.Version, Lease: kv.Lease})
	}
	return append(b, "]}"...)
}

// A View is the store as it is when View is called, encoded (Snapshot's
// bytes) only when read: a member snapshots its state every
// --snapshot-count entries, encoding its whole history each time (a fifth
// of a loaded simulation), and reads the snapshot back only to restart or
// to send it to a follower. Records at or below the view's revision do
// not change until Compact, which encodes the newest unread view first.
type View struct {
	s               *Store
	rev, compactRev int64
	compactions     int    // the store's Compact calls when taken
	b               []byte // encoded by Compact
	read            bool
}

// View takes a view of the store between write transactions. Only the
// newest view may be read after a Compact (a member's disk keeps one
// snapshot, the newest; the older views were dropped).
func (s *Store) View() *View {
	v := &View{s: s, rev: s.rev, compactRev: s.compactRev, compactions: s.compactions}
	s.view = v
	return v
}

// AppendTo appends the view's bytes (Snapshot's when it was taken) to b,
// leaving room for as many more bytes (the rest of the caller's document).
func (v *View) AppendTo(b []byte, room int) []byte {
	v.read = true
	if v.b != nil {
		return append(slices.Grow(b, len(v.b)+room), v.b...)
	}
	if v.s.compactions != v.compactions {
		panic("mvcc: a view read after a compaction that did not encode it")
	}
	return v.s.appendSnapshot(b, room, v.s.recordsUpTo(v.rev), v.rev, v.compactRev)
}

// recordsUpTo returns the records whose main revision is at most rev, in
// revision order.
func (s *Store) recordsUpTo(rev int64) []ref {
	if rev >= s.rev {
		return s.allRecords() // no write txn in progress: all are committed
	}
	recs := s.allRecords()
	n, _ := slices.BinarySearchFunc(recs, rev+1, func(x ref, main int64) int { return cmp.Compare(x.r.main, main) })
	return recs[:n]
}

// appendSnapRecord appends json.Marshal(r): fields in order, omitempty
// ones left out when zero, byte slices in base64 (null when nil).
func appendSnapRecord(b []byte, r snapRecord) []byte {
	b = appendJSONInt(b, `{"main":`, r.Main)
	b = appendJSONInt(b, `,"sub":`, r.Sub)
	if r.Tomb {
		b = append(b, `,"tomb":true`...)
	}
	b = appendJSONBytes(append(b, `,"key":`...), r.Key)
	if len(r.Value) > 0 {
		b = appendJSONBytes(append(b, `,"value":`...), r.Value)
	}
	for _, f := range [...]struct {
		name string
		v    int64
	}{{`,"create":`, r.Create}, {`,"mod":`, r.Mod}, {`,"version":`, r.Version}, {`,"lease":`, r.Lease}} {
		if f.v != 0 {
			b = appendJSONInt(b, f.name, f.v)
		}
	}
	return append(b, '}')
}

// appendJSONInt appends name and v.
//
//go:noinline
func appendJSONInt(b []byte, name string, v int64) []byte {
	return strconv.AppendInt(append(b, name...), v, 10)
}

// appendJSONBytes is encoding/json's []byte: a base64 string, null for nil.
//
//go:noinline
func appendJSONBytes(b, v []byte) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, v)
	return append(b, '"')
}

// Restore decodes a Snapshot into a new store (no lessor, no watchers).
func Restore(b []byte) (*Store, error) {
	var sn snapshot
	if err := jsonw.Unmarshal(b, &sn); err != nil {
		return nil, fmt.Errorf("mvcc: bad snapshot: %w", err)
	}
	if sn.Rev < 1 || sn.CompactRev < -1 || sn.CompactRev > sn.Rev {
		return nil, fmt.Errorf("mvcc: bad snapshot: revision %d, compact revision %d", sn.Rev, sn.CompactRev)
	}
	s := New()
	s.rev, s.compactRev = sn.Rev, sn.CompactRev
	var last *snapRecord
	for i := range sn.Records {
		r := &sn.Records[i]
		if len(r.Key) == 0 || r.Main < 1 || r.Main > sn.Rev || r.Sub < 0 || r.Sub > math.MaxInt32 ||
			!r.Tomb && r.Mod != r.Main {
			return nil, fmt.Errorf("mvcc: bad snapshot: record %d", i)
		}
		if last != nil && (r.Main < last.Main || (r.Main == last.Main && r.Sub <= last.Sub)) {
			return nil, fmt.Errorf("mvcc: bad snapshot: records out of order at %d", i)
		}
		last = r
		rec := record{main: r.Main, sub: int32(r.Sub)}
		if r.Tomb {
			rec.valLen = tombBit
		} else {
			rec.create, rec.version, rec.lease = r.Create, r.Version, r.Lease
		}
		idx, ok := s.find(r.Key)
		h := s.hist(r.Key, idx, ok)
		if r.Tomb {
			h.push(rec, nil)
		} else {
			h.push(rec, r.Value)
		}
		s.used += recSize(h, h.rec(h.len()-1))
	}
	return s, nil
}
