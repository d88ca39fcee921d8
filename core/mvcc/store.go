// Package mvcc is etcd 3.5's multi-version key-value store (server/mvcc and
// the applier in server/etcdserver/apply.go) kept in memory.
//
// One global revision starts at 1. Every write transaction that changes
// something raises it by one; all changes of one transaction share that
// main revision and are told apart by a sub-revision. History is kept until
// Compact. Watchers are pulled: the server calls WatchEvents.
//
// The store fills only Header.Revision of responses; cluster ID, member ID
// and Raft term are the server's.
//
// API:
//
//	New() *Store; Restore(b []byte) (*Store, error)
//	Put, Range, DeleteRange, Txn (etcdpb requests); Compact(rev); Rev(); CompactRev()
//	HashKV(rev); Snapshot(); Size(); KeysWithLease(id); DeleteKeys(keys)
//	SetLessor(Lessor)
//	Watch(key, end, startRev, prevKV, filters...) (id, error); WatchEvents(id); Pending(id); CancelWatch(id)
package mvcc

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/block"
)

// MaxTxnOps is etcd's default --max-txn-ops.
const MaxTxnOps = 128

// Lessor is what the store needs from the lessor, like etcd's kvstore holds
// a lease.Lessor: puts with an unknown lease fail with ErrLeaseNotFound, and
// puts/deletes attach and detach keys. *lease.Lessor implements it.
type Lessor interface {
	Exists(id int64) bool
	Attach(id int64, key []byte) error
	Detach(id int64, key []byte) error
}

// Store is the MVCC store. Not safe for concurrent use (the simulation is
// single-threaded).
type Store struct {
	rev        int64 // current revision
	compactRev int64 // -1 before the first compaction, as etcd's compactMainRev

	keys []*keyHist // sorted by key
	// byKey finds a key's history without searching keys: a put at every
	// member looks its key up (hist adds to it, rollback and Compact drop
	// what they drop from keys).
	byKey map[string]*keyHist
	// recent caches byKey for the keys put lately, in a slot picked by a
	// few of the key's bytes (recentSlot): a hit costs a string comparison
	// where the map hashed the key and probed; a miss one comparison more.
	// Every entry is byKey's for its key (a key leaving byKey leaves it).
	recent [16]*keyHist

	lessor Lessor

	// state of the write transaction in progress
	changes  []change
	leaseOps []leaseOp // applied to the lessor when the txn ends

	watchers    map[int64]*watcher
	nextWatchID int64

	// used is the bytes every stored revision takes (Size).
	used int64

	// view is the newest View, and compactions counts Compact calls (a
	// view taken before one cannot be encoded from the store after it).
	view        *View
	compactions int

	resps block.Of[putResponse] // newPutResponse's
}

// New returns an empty store at revision 1.
func New() *Store {
	return &Store{rev: 1, compactRev: -1, watchers: map[int64]*watcher{}}
}

// SetLessor connects the lessor and attaches every live key that carries a
// lease to it, as etcd's kvstore restore does after a snapshot.
func (s *Store) SetLessor(l Lessor) {
	s.lessor = l
	if l == nil {
		return
	}
	for _, kv := range s.rangeAt([]byte{0}, []byte{}, s.rev) {
		if kv.Lease != 0 {
			_ = l.Attach(kv.Lease, kv.Key) // etcd logs and goes on
		}
	}
}

// Rev is the current revision.
func (s *Store) Rev() int64 { return s.rev }

// CompactRev is the last compaction revision, -1 if never compacted (etcd's
// compactMainRev; HashKV reports it the same way).
func (s *Store) CompactRev() int64 { return s.compactRev }

// find is the index of key's history in keys, or where it would go: a
// binary search (sort.Search's) written out, without its closure, on every
// put at every member.
func (s *Store) find(key []byte) (int, bool) {
	lo, hi := 0, len(s.keys)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if string(s.keys[m].key) < string(key) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(s.keys) && string(s.keys[lo].key) == string(key)
}

// at returns the record visible at rev (the last with main <= rev), or nil
// if the key does not exist then (never written, deleted, or compacted).
func (h *keyHist) at(rev int64) *record {
	// Most reads and every write look at the latest record.
	if h.len() == 0 {
		return nil
	}
	r := h.newest()
	if r.main > rev {
		i := h.after(rev) - 1
		if i < 0 {
			return nil
		}
		r = h.rec(i)
	}
	if !r.tomb() {
		return r
	}
	return nil
}

func copyKV(kv *etcdpb.KeyValue) *etcdpb.KeyValue {
	c := *kv
	c.Key = append([]byte(nil), kv.Key...)
	if kv.Value != nil {
		c.Value = append([]byte{}, kv.Value...)
	}
	return &c
}

// get returns a copy of key's KeyValue at rev, or nil.
func (s *Store) get(key []byte, rev int64) *etcdpb.KeyValue {
	i, ok := s.find(key)
	if !ok {
		return nil
	}
	h := s.keys[i]
	if r := h.at(rev); r != nil {
		return h.copyKV(r)
	}
	return nil
}

// normEnd is etcd's mkGteRange plus its single-key rule: an empty range end
// means the single key, "\x00" means every key >= key.
func normEnd(end []byte) []byte {
	if len(end) == 0 {
		return nil
	}
	if len(end) == 1 && end[0] == 0 {
		return []byte{}
	}
	return end
}

// inRange tells whether k is in [key, end) with end normalized by normEnd.
func inRange(k, key, end []byte) bool {
	if end == nil {
		return bytes.Equal(k, key)
	}
	return bytes.Compare(k, key) >= 0 && (len(end) == 0 || bytes.Compare(k, end) < 0)
}

// rangeAt returns copies of the live KeyValues in [key, end) at rev,
// ascending by key; end is normalized (nil = single key).
func (s *Store) rangeAt(key, end []byte, rev int64) []*etcdpb.KeyValue {
	if end == nil {
		if kv := s.get(key, rev); kv != nil {
			return []*etcdpb.KeyValue{kv}
		}
		return nil
	}
	var out []*etcdpb.KeyValue
	i, _ := s.find(key)
	for ; i < len(s.keys); i++ {
		h := s.keys[i]
		if len(end) > 0 && bytes.Compare(h.key, end) >= 0 {
			break
		}
		if r := h.at(rev); r != nil {
			out = append(out, h.copyKV(r))
		}
	}
	return out
}

// PrefixEnd is clientv3's GetPrefixRangeEnd: the range end that selects
// every key with the given prefix ("\x00", i.e. all keys, when the prefix
// is empty or all 0xff bytes).
func PrefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return []byte{0}
}

// ---- write transaction primitives (etcd's storeTxnWrite) ----

// txnReadRev is the revision reads in a write txn use: the new revision as
// soon as the txn changed something, so ranges see earlier writes (etcd 3.5).
func (s *Store) txnReadRev() int64 {
	if len(s.changes) > 0 {
		return s.rev + 1
	}
	return s.rev
}

// hist returns the history of key, a new one (for key's bytes, kept) if
// the key was never written; i and found are find's.
func (s *Store) hist(key []byte, i int, found bool) *keyHist {
	if !found {
		h := &keyHist{key: key}
		s.keys = append(s.keys, nil)
		copy(s.keys[i+1:], s.keys[i:])
		s.keys[i] = h
		if s.byKey == nil {
			s.byKey = map[string]*keyHist{}
		}
		s.byKey[string(key)] = h
	}
	return s.keys[i]
}

// change is a record the write txn in progress added: record i of h (by
// index: a history's newest array may still move as it grows).
type change struct {
	h *keyHist
	i int
}

func (c change) rec() *record { return c.h.rec(c.i) }

// recentSlot picks key's slot of Store.recent from its length, first and
// last bytes.
func recentSlot(key []byte) int {
	n := len(key)
	if n == 0 {
		return 0
	}
	return int(uint(key[0])*7+uint(key[n-1])+uint(n)*3) & (len(Store{}.recent) - 1)
}

// forget drops h, which leaves byKey, from recent.
func (s *Store) forget(h *keyHist) {
	if slot := &s.recent[recentSlot(h.key)]; *slot == h {
		*slot = nil
	}
}

// put writes key at the next revision; create revision and version continue
// from the live key, a new generation starts otherwise. The store keeps a
// copy of value (in the key's value chunks).
func (s *Store) put(key, value []byte, leaseID int64) {
	slot := &s.recent[recentSlot(key)]
	h := *slot
	if h == nil || string(h.key) != string(key) {
		h = s.byKey[string(key)]
		if h == nil {
			i, _ := s.find(key)
			h = s.hist(append([]byte(nil), key...), i, false) // the key's history keeps its bytes
		}
		*slot = h
	}
	rev := s.rev + 1
	create, version, oldLease := rev, int64(1), int64(0)
	// The previous record is read in place (get would copy it): the
	// newest, h.at(rev), as no record is past the txn's revision.
	if h.len() > 0 {
		if prev := h.newest(); !prev.tomb() {
			create, version, oldLease = prev.create, prev.version+1, prev.lease
		}
	}
	r := h.add(value)
	r.main, r.sub, r.create, r.version, r.lease = rev, int32(len(s.changes)), create, version, leaseID
	s.used += recSize(h, r)
	s.changes = append(s.changes, change{h, h.len() - 1})
	if oldLease != leaseID {
		if oldLease != 0 {
			s.leaseOps = append(s.leaseOps, leaseOp{false, oldLease, h.key})
		}
		if leaseID != 0 {
			s.leaseOps = append(s.leaseOps, leaseOp{true, leaseID, h.key})
		}
	}
}

type leaseOp struct {
	attach bool
	id     int64
	key    []byte
}

// deleteRange tombstones every live key in the range; end normalized.
func (s *Store) deleteRange(key, end []byte) int64 {
	kvs := s.rangeAt(key, end, s.txnReadRev())
	for _, kv := range kvs {
		i, _ := s.find(kv.Key) // a live key: found
		h := s.keys[i]
		r := h.add(nil)
		r.main, r.sub, r.valLen = s.rev+1, int32(len(s.changes)), tombBit
		s.used += recSize(h, r)
		s.changes = append(s.changes, change{h, h.len() - 1})
		if kv.Lease != 0 {
			s.leaseOps = append(s.leaseOps, leaseOp{false, kv.Lease, kv.Key})
		}
	}
	return int64(len(kvs))
}

// end finishes a write txn: the revision rises only if something changed.
func (s *Store) end() {
	if s.leaseOps != nil {
		if s.lessor != nil {
			// etcd logs attach/detach errors and goes on
			for _, op := range s.leaseOps {
				if op.attach {
					_ = s.lessor.Attach(op.id, op.key)
				} else {
					_ = s.lessor.Detach(op.id, op.key)
				}
			}
		}
		s.leaseOps = nil
	}
	changes := s.changes
	if len(changes) == 0 {
		return
	}
	s.rev++
	if len(s.watchers) > 0 {
		s.notify(changes)
	}
	// The next txn reuses the array, without the histories it pointed to
	// (dropped one by one: clear went through the runtime's bulk barrier
	// for the one change of a put, at every member).
	for i := range changes {
		changes[i].h = nil
	}
	s.changes = changes[:0]
}

// rollback undoes the writes of a txn that failed half-way (etcd panics
// there; raftlab returns the error and leaves the store unchanged).
func (s *Store) rollback() {
	for i := len(s.changes) - 1; i >= 0; i-- {
		h := s.changes[i].h
		idx, _ := s.find(h.key)
		s.used -= recSize(h, h.rec(h.len()-1))
		h.pop()
		if h.len() == 0 {
			s.keys = append(s.keys[:idx], s.keys[idx+1:]...)
			delete(s.byKey, string(h.key))
			s.forget(h)
		}
	}
	s.changes, s.leaseOps = nil, nil
}

// ---- KV API ----

func checkPut(p *etcdpb.PutRequest) error {
	if p == nil || len(p.Key) == 0 {
		return etcdpb.ErrEmptyKey
	}
	if p.IgnoreValue && len(p.Value) != 0 {
		return etcdpb.ErrValueProvided
	}
	if p.IgnoreLease && p.Lease != 0 {
		return etcdpb.ErrLeaseProvided
	}
	return nil
}

// Put is etcd's Put. Validation order is etcd's: request checks of the gRPC
// layer, then the lease lookup, then ignore_value/ignore_lease need the key.
func (s *Store) Put(p *etcdpb.PutRequest) (*etcdpb.PutResponse, error) {
	return s.PutEntry(p, false)
}

// PutEntry is Put for a member applying a Raft entry; with discard (a
// write nobody waits for at that member) it builds no response and
// returns nil.
func (s *Store) PutEntry(p *etcdpb.PutRequest, discard bool) (*etcdpb.PutResponse, error) {
	if err := checkPut(p); err != nil {
		return nil, err
	}
	if p.Lease != 0 && s.lessor != nil && !s.lessor.Exists(p.Lease) {
		return nil, etcdpb.ErrLeaseNotFound
	}
	if discard && !p.IgnoreValue && !p.IgnoreLease && !p.PrevKv {
		// Nearly every entry at four of five members: nothing to read
		// before writing, and no response (applyPut's call saved).
		s.put(p.Key, p.Value, p.Lease)
		s.end()
		return nil, nil
	}
	var r *putResponse
	if !discard {
		r = s.newPutResponse()
	}
	resp, err := s.applyPut(p, r)
	if err != nil {
		s.rollback()
		return nil, err
	}
	s.end()
	return resp, nil
}

// putResponse allocates a response and its header at once.
type putResponse struct {
	resp   etcdpb.PutResponse
	header etcdpb.ResponseHeader
}

// respBlock is how many put responses newPutResponse allocates together.
const respBlock = 64

// newPutResponse returns a new zero put response, one of a block of
// respBlock allocated together (one allocation per 64 answered puts
// instead of one each; 48 bytes each). Its caller keeps it as long as it
// likes.
func (s *Store) newPutResponse() *putResponse { return s.resps.New(respBlock) }

// applyPut writes p and fills r (new and zero) as its response; with r
// nil it returns none.
func (s *Store) applyPut(p *etcdpb.PutRequest, r *putResponse) (*etcdpb.PutResponse, error) {
	val, leaseID := p.Value, p.Lease
	var prev *etcdpb.KeyValue
	if p.IgnoreValue || p.IgnoreLease || p.PrevKv {
		prev = s.get(p.Key, s.txnReadRev())
		if (p.IgnoreValue || p.IgnoreLease) && prev == nil {
			return nil, etcdpb.ErrKeyNotFound
		}
		if p.IgnoreValue {
			val = prev.Value
		}
		if p.IgnoreLease {
			leaseID = prev.Lease
		}
	}
	s.put(p.Key, val, leaseID)
	if r == nil {
		return nil, nil
	}
	resp := &r.resp
	resp.Header = &r.header
	resp.Header.Revision = s.rev + 1
	if p.PrevKv {
		resp.PrevKv = prev
	}
	return resp, nil
}

// DeleteRange is etcd's DeleteRange. Deleting nothing does not raise the
// revision.
func (s *Store) DeleteRange(dr *etcdpb.DeleteRangeRequest) (*etcdpb.DeleteRangeResponse, error) {
	if dr == nil || len(dr.Key) == 0 {
		return nil, etcdpb.ErrEmptyKey
	}
	resp := s.applyDeleteRange(dr)
	s.end()
	return resp, nil
}

func (s *Store) applyDeleteRange(dr *etcdpb.DeleteRangeRequest) *etcdpb.DeleteRangeResponse {
	resp := &etcdpb.DeleteRangeResponse{Header: &etcdpb.ResponseHeader{}}
	end := normEnd(dr.RangeEnd)
	if dr.PrevKv {
		resp.PrevKvs = s.rangeAt(dr.Key, end, s.txnReadRev())
	}
	resp.Deleted = s.deleteRange(dr.Key, end)
	resp.Header.Revision = s.txnReadRev()
	return resp
}

// DeleteKeys deletes the given keys in one write transaction, as etcd's
// lessor does when it revokes a lease (keys sorted by the lessor). It
// returns the number deleted and the revision after.
func (s *Store) DeleteKeys(keys [][]byte) (deleted, rev int64) {
	for _, k := range keys {
		if len(k) == 0 {
			continue
		}
		deleted += s.deleteRange(k, nil)
	}
	s.end()
	return deleted, s.rev
}

// KeysWithLease returns the live keys attached to the lease, sorted.
func (s *Store) KeysWithLease(id int64) [][]byte {
	var out [][]byte
	for _, kv := range s.rangeAt([]byte{0}, []byte{}, s.rev) {
		if id != 0 && kv.Lease == id {
			out = append(out, kv.Key)
		}
	}
	return out
}

// Range is etcd's applierV3backend.Range over mvcc's rangeKeys.
func (s *Store) Range(r *etcdpb.RangeRequest) (*etcdpb.RangeResponse, error) {
	if r == nil || len(r.Key) == 0 {
		return nil, etcdpb.ErrEmptyKey
	}
	return s.applyRange(r, s.txnReadRev())
}

func (s *Store) applyRange(r *etcdpb.RangeRequest, curRev int64) (*etcdpb.RangeResponse, error) {
	rev := r.Revision
	if rev > curRev {
		return nil, etcdpb.ErrFutureRev
	}
	if rev <= 0 {
		rev = curRev
	}
	// etcd: rev < compactMainRev; reading at the compaction revision works.
	if rev < s.compactRev {
		return nil, etcdpb.ErrCompacted
	}
	kvs := s.rangeAt(r.Key, normEnd(r.RangeEnd), rev)
	// Count is the number of keys in the range, before the min/max filters
	// and the limit (etcd's RangeResult.Count).
	resp := &etcdpb.RangeResponse{Header: &etcdpb.ResponseHeader{Revision: curRev}, Count: int64(len(kvs))}
	if r.CountOnly {
		return resp, nil
	}
	prune := func(drop func(kv *etcdpb.KeyValue) bool) {
		j := 0
		for _, kv := range kvs {
			if !drop(kv) {
				kvs[j] = kv
				j++
			}
		}
		kvs = kvs[:j]
	}
	if r.MaxModRevision != 0 {
		prune(func(kv *etcdpb.KeyValue) bool { return kv.ModRevision > r.MaxModRevision })
	}
	if r.MinModRevision != 0 {
		prune(func(kv *etcdpb.KeyValue) bool { return kv.ModRevision < r.MinModRevision })
	}
	if r.MaxCreateRevision != 0 {
		prune(func(kv *etcdpb.KeyValue) bool { return kv.CreateRevision > r.MaxCreateRevision })
	}
	if r.MinCreateRevision != 0 {
		prune(func(kv *etcdpb.KeyValue) bool { return kv.CreateRevision < r.MinCreateRevision })
	}

	// etcd: results come ascending by key; a non-key target without an
	// order means ascend; etcd sorts with sort.Sort, and slices.SortFunc is the
	// same pdqsort (both generated from one template, deciding on cmp < 0
	// where sort.Sort asks Less), so ties come out in the same order.
	order := r.SortOrder
	if r.SortTarget != etcdpb.SortByKey && order == etcdpb.SortNone {
		order = etcdpb.SortAscend
	}
	if order != etcdpb.SortNone {
		var c func(a, b *etcdpb.KeyValue) int
		switch r.SortTarget {
		case etcdpb.SortByVersion:
			c = func(a, b *etcdpb.KeyValue) int { return cmp.Compare(a.Version, b.Version) }
		case etcdpb.SortByCreate:
			c = func(a, b *etcdpb.KeyValue) int { return cmp.Compare(a.CreateRevision, b.CreateRevision) }
		case etcdpb.SortByMod:
			c = func(a, b *etcdpb.KeyValue) int { return cmp.Compare(a.ModRevision, b.ModRevision) }
		case etcdpb.SortByValue:
			c = func(a, b *etcdpb.KeyValue) int { return bytes.Compare(a.Value, b.Value) }
		default:
			c = func(a, b *etcdpb.KeyValue) int { return bytes.Compare(a.Key, b.Key) }
		}
		switch order {
		case etcdpb.SortAscend:
			slices.SortFunc(kvs, c)
		case etcdpb.SortDescend:
			slices.SortFunc(kvs, func(a, b *etcdpb.KeyValue) int { return c(b, a) })
		}
	}
	if r.Limit > 0 && int64(len(kvs)) > r.Limit {
		kvs = kvs[:r.Limit]
		resp.More = true
	}
	if r.KeysOnly {
		for _, kv := range kvs {
			kv.Value = nil
		}
	}
	if len(kvs) > 0 {
		resp.Kvs = kvs
	}
	return resp, nil
}

// Compact drops history before rev, keeping for each key its latest
// revision at rev unless that is a deletion (etcd's keyIndex.compact: a key
// deleted at or before rev disappears). Like etcd's updateCompactRev:
// rev <= the last compaction is ErrCompacted, rev > current is ErrFutureRev.
func (s *Store) Compact(rev int64) error {
	if rev <= s.compactRev {
		return etcdpb.ErrCompacted
	}
	if rev > s.rev {
		return etcdpb.ErrFutureRev
	}
	if v := s.view; v != nil && !v.read && v.b == nil {
		v.b = v.AppendTo(nil, 0)
		v.read = false
	}
	s.view = nil
	s.compactions++
	s.compactRev = rev
	keys := s.keys[:0]
	for _, h := range s.keys {
		// index of the last record with main <= rev
		i := h.after(rev) - 1
		if i >= 0 {
			start := i
			if h.rec(i).tomb() {
				start = i + 1
			}
			for j := range start {
				s.used -= recSize(h, h.rec(j))
			}
			h.dropBefore(start)
		}
		if h.len() > 0 {
			keys = append(keys, h)
		} else {
			delete(s.byKey, string(h.key))
			s.forget(h)
		}
	}
	for i := len(keys); i < len(s.keys); i++ {
		s.keys[i] = nil
	}
	s.keys = keys
	return nil
}
