package etcdctl

import (
	"bytes"
	"errors"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/walltime"

	"github.com/raftlab/raftlab/core/mvcc"

	pb "github.com/raftlab/raftlab/core/etcdpb"
)

// fakeCluster is a small in-memory etcd: three members on the loopback
// ports the goldens were recorded with, a map-based MVCC store with history,
// leases and membership. It mirrors server behaviour only as far as the
// goldens need.
type fakeCluster struct {
	clusterID uint64
	members   []*pb.Member
	leader    uint64
	term      uint64

	rev        int64
	compactRev int64
	kvs        map[string]*pb.KeyValue
	history    []*pb.Event // every event with its KeyValue at that revision

	leases    map[int64]*fakeLease
	leaseSeq  []int64
	nextLease int64
	nextMemb  uint64

	raftIndex uint64
	dbSize    int64
	dbInUse   int64
	hash      uint32
	snapSize  int

	files map[string][]byte
	now   time.Duration
	// limit, when set, interrupts (as Ctrl-C) a command still sleeping
	// past it: lease keep-alive runs until interrupted, as in etcdctl.
	limit time.Duration
}

// interrupted is the fake's Ctrl-C (see Client: Interrupted()).
type interrupted struct{}

func (interrupted) Interrupted() {}

type fakeLease struct {
	id, ttl int64
	keys    map[string]bool
}

func newFakeCluster(term uint64) *fakeCluster {
	return &fakeCluster{
		clusterID: 0x59a05384c9b79ee,
		members: []*pb.Member{
			{ID: 0xbf9071f4639c75cc, Name: "infra1", PeerURLs: []string{"http://127.0.0.1:2380"}, ClientURLs: []string{"http://127.0.0.1:2379"}},
			{ID: 0x91bc3c398fb3c146, Name: "infra2", PeerURLs: []string{"http://127.0.0.1:22380"}, ClientURLs: []string{"http://127.0.0.1:22379"}},
			{ID: 0xfd422379fda50e48, Name: "infra3", PeerURLs: []string{"http://127.0.0.1:32380"}, ClientURLs: []string{"http://127.0.0.1:32379"}},
		},
		leader:    0xbf9071f4639c75cc,
		term:      term,
		rev:       1,
		kvs:       map[string]*pb.KeyValue{},
		leases:    map[int64]*fakeLease{},
		nextLease: 0x694d9b2c4e1f3a01,
		nextMemb:  0x8a1e3fcd5b7c9e02,
		dbSize:    20480,
		dbInUse:   16384,
		files:     map[string][]byte{},
		now:       time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Sub(walltime.Epoch),
	}
}

func (f *fakeCluster) member(ep string) *pb.Member {
	ep = authority(ep)
	for _, m := range f.members {
		for _, u := range m.ClientURLs {
			if authority(u) == ep {
				return m
			}
		}
		if m.Name == ep {
			return m
		}
	}
	return nil
}

func (f *fakeCluster) hdr(c Call, withRev bool) (*pb.ResponseHeader, error) {
	for _, ep := range c.Endpoints {
		if m := f.member(ep); m != nil {
			h := &pb.ResponseHeader{ClusterId: f.clusterID, MemberId: m.ID, RaftTerm: f.term}
			if withRev {
				h.Revision = f.rev
			}
			return h, nil
		}
	}
	return nil, pb.ErrDeadlineExceeded
}

func inRange(k, key, end []byte) bool {
	if len(end) == 0 {
		return bytes.Equal(k, key)
	}
	if bytes.Equal(end, []byte{0}) {
		return bytes.Compare(k, key) >= 0
	}
	return bytes.Compare(k, key) >= 0 && bytes.Compare(k, end) < 0
}

func cloneKV(kv *pb.KeyValue) *pb.KeyValue { c := *kv; return &c }

// kvsAt returns the live keys at revision rev, sorted by key.
func (f *fakeCluster) kvsAt(rev int64) []*pb.KeyValue {
	m := map[string]*pb.KeyValue{}
	for _, e := range f.history {
		if e.Kv.ModRevision > rev {
			break
		}
		if e.Type == pb.DELETE {
			delete(m, string(e.Kv.Key))
		} else {
			m[string(e.Kv.Key)] = e.Kv
		}
	}
	var out []*pb.KeyValue
	for _, kv := range m {
		out = append(out, cloneKV(kv))
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].Key, out[j].Key) < 0 })
	return out
}

func (f *fakeCluster) rangeOp(h *pb.ResponseHeader, r *pb.RangeRequest) (*pb.RangeResponse, error) {
	rev := f.rev
	if r.Revision > 0 {
		if r.Revision > f.rev {
			return nil, pb.ErrFutureRev
		}
		if r.Revision < f.compactRev {
			return nil, pb.ErrCompacted
		}
		rev = r.Revision
	}
	var kvs []*pb.KeyValue
	for _, kv := range f.kvsAt(rev) {
		if !inRange(kv.Key, r.Key, r.RangeEnd) {
			continue
		}
		if (r.MinModRevision > 0 && kv.ModRevision < r.MinModRevision) || (r.MaxModRevision > 0 && kv.ModRevision > r.MaxModRevision) ||
			(r.MinCreateRevision > 0 && kv.CreateRevision < r.MinCreateRevision) || (r.MaxCreateRevision > 0 && kv.CreateRevision > r.MaxCreateRevision) {
			continue
		}
		kvs = append(kvs, kv)
	}
	order := r.SortOrder
	if order == pb.SortNone && r.SortTarget != pb.SortByKey {
		order = pb.SortAscend
	}
	if order != pb.SortNone {
		less := func(a, b *pb.KeyValue) bool {
			switch r.SortTarget {
			case pb.SortByVersion:
				return a.Version < b.Version
			case pb.SortByCreate:
				return a.CreateRevision < b.CreateRevision
			case pb.SortByMod:
				return a.ModRevision < b.ModRevision
			case pb.SortByValue:
				return bytes.Compare(a.Value, b.Value) < 0
			}
			return bytes.Compare(a.Key, b.Key) < 0
		}
		sort.SliceStable(kvs, func(i, j int) bool {
			if order == pb.SortDescend {
				return less(kvs[j], kvs[i])
			}
			return less(kvs[i], kvs[j])
		})
	}
	resp := &pb.RangeResponse{Header: h, Count: int64(len(kvs))}
	if r.Limit > 0 && int64(len(kvs)) > r.Limit {
		kvs = kvs[:r.Limit]
		resp.More = true
	}
	if r.CountOnly {
		kvs = nil
	}
	if r.KeysOnly {
		for _, kv := range kvs {
			kv.Value = nil
		}
	}
	resp.Kvs = kvs
	return resp, nil
}

func (f *fakeCluster) put(r *pb.PutRequest, rev int64) (*pb.PutResponse, error) {
	resp := &pb.PutResponse{}
	old := f.kvs[string(r.Key)]
	if r.PrevKv && old != nil {
		resp.PrevKv = cloneKV(old)
	}
	kv := &pb.KeyValue{Key: r.Key, Value: r.Value, Lease: r.Lease, ModRevision: rev, CreateRevision: rev, Version: 1}
	if old != nil {
		kv.CreateRevision, kv.Version = old.CreateRevision, old.Version+1
		if r.IgnoreValue {
			kv.Value = old.Value
		}
		if r.IgnoreLease {
			kv.Lease = old.Lease
		}
		if l := f.leases[old.Lease]; l != nil && old.Lease != kv.Lease {
			delete(l.keys, string(r.Key))
		}
	} else if r.IgnoreValue {
		return nil, pb.ErrKeyNotFound
	}
	if kv.Lease != 0 {
		l := f.leases[kv.Lease]
		if l == nil {
			return nil, pb.ErrLeaseNotFound
		}
		l.keys[string(r.Key)] = true
	}
	f.kvs[string(r.Key)] = kv
	f.history = append(f.history, &pb.Event{Type: pb.PUT, Kv: cloneKV(kv)})
	return resp, nil
}

func (f *fakeCluster) del(r *pb.DeleteRangeRequest, rev int64) *pb.DeleteRangeResponse {
	resp := &pb.DeleteRangeResponse{}
	var keys []string
	for k := range f.kvs {
		if inRange([]byte(k), r.Key, r.RangeEnd) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		old := f.kvs[k]
		if r.PrevKv {
			resp.PrevKvs = append(resp.PrevKvs, cloneKV(old))
		}
		if l := f.leases[old.Lease]; l != nil {
			delete(l.keys, k)
		}
		delete(f.kvs, k)
		f.history = append(f.history, &pb.Event{Type: pb.DELETE, Kv: &pb.KeyValue{Key: []byte(k), ModRevision: rev}})
	}
	resp.Deleted = int64(len(keys))
	return resp
}

func (f *fakeCluster) compare(c *pb.Compare) bool {
	kv := f.kvs[string(c.Key)]
	if kv == nil {
		// etcd's applyCompare: with no key a value compare fails, the
		// others compare against zero.
		if c.Target == pb.CompareValue {
			return false
		}
		kv = &pb.KeyValue{}
	}
	return mvcc.CompareKV(c, kv)
}

func (f *fakeCluster) isWrite(ops []*pb.RequestOp) bool {
	for _, op := range ops {
		if op.RequestPut != nil || op.RequestDeleteRange != nil {
			return true
		}
	}
	return false
}

// start begins every RPC: a tick of the fake's clock and the header (with
// the revision, but for the Cluster service).
func (f *fakeCluster) start(c Call, withRev bool) (*pb.ResponseHeader, error) {
	f.now += time.Millisecond
	return f.hdr(c, withRev)
}

func (f *fakeCluster) Range(c Call, r *pb.RangeRequest) (*pb.RangeResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	return f.rangeOp(h, r)
}

func (f *fakeCluster) Put(c Call, r *pb.PutRequest) (*pb.PutResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	resp, err := f.put(r, f.rev+1)
	if err != nil {
		return nil, err
	}
	f.rev++
	h.Revision = f.rev
	resp.Header = h
	return resp, nil
}

func (f *fakeCluster) DeleteRange(c Call, r *pb.DeleteRangeRequest) (*pb.DeleteRangeResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	resp := f.del(r, f.rev+1)
	if resp.Deleted > 0 {
		f.rev++
	}
	h.Revision = f.rev
	resp.Header = h
	return resp, nil
}

func (f *fakeCluster) Txn(c Call, r *pb.TxnRequest) (*pb.TxnResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	ok := true
	for _, cmp := range r.Compare {
		ok = ok && f.compare(cmp)
	}
	ops := r.Success
	if !ok {
		ops = r.Failure
	}
	rev := f.rev
	if f.isWrite(ops) {
		rev++
	}
	resp := &pb.TxnResponse{Header: h, Succeeded: ok}
	base := f.rev
	for _, op := range ops {
		switch {
		case op.RequestRange != nil:
			f.rev = rev // a range after a put in the same txn sees it
			rr, err := f.rangeOp(&pb.ResponseHeader{Revision: rev}, op.RequestRange)
			f.rev = base
			if err != nil {
				return nil, err
			}
			resp.Responses = append(resp.Responses, &pb.ResponseOp{Response: &pb.ResponseOp_ResponseRange{ResponseRange: rr}})
		case op.RequestPut != nil:
			pr, err := f.put(op.RequestPut, rev)
			if err != nil {
				return nil, err
			}
			pr.Header = &pb.ResponseHeader{Revision: rev}
			resp.Responses = append(resp.Responses, &pb.ResponseOp{Response: &pb.ResponseOp_ResponsePut{ResponsePut: pr}})
		case op.RequestDeleteRange != nil:
			dr := f.del(op.RequestDeleteRange, rev)
			dr.Header = &pb.ResponseHeader{Revision: rev}
			resp.Responses = append(resp.Responses, &pb.ResponseOp{Response: &pb.ResponseOp_ResponseDeleteRange{ResponseDeleteRange: dr}})
		}
	}
	f.rev = rev
	h.Revision = rev
	return resp, nil
}

func (f *fakeCluster) Compact(c Call, r *pb.CompactionRequest) (*pb.CompactionResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	if r.Revision <= f.compactRev {
		return nil, pb.ErrCompacted
	}
	if r.Revision > f.rev {
		return nil, pb.ErrFutureRev
	}
	f.compactRev = r.Revision
	return &pb.CompactionResponse{Header: h}, nil
}

func (f *fakeCluster) LeaseGrant(c Call, r *pb.LeaseGrantRequest) (*pb.LeaseGrantResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	ttl := r.TTL
	if ttl < 2 {
		ttl = 2
	}
	id := f.nextLease
	f.nextLease++
	f.leases[id] = &fakeLease{id: id, ttl: ttl, keys: map[string]bool{}}
	f.leaseSeq = append(f.leaseSeq, id)
	return &pb.LeaseGrantResponse{Header: h, ID: id, TTL: ttl}, nil
}

func (f *fakeCluster) LeaseRevoke(c Call, r *pb.LeaseRevokeRequest) (*pb.LeaseRevokeResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	l := f.leases[r.ID]
	if l == nil {
		return nil, pb.ErrLeaseNotFound
	}
	if len(l.keys) > 0 {
		var ks []string
		for k := range l.keys {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		f.rev++
		for _, k := range ks {
			f.del(&pb.DeleteRangeRequest{Key: []byte(k)}, f.rev)
		}
		h.Revision = f.rev
	}
	delete(f.leases, r.ID)
	return &pb.LeaseRevokeResponse{Header: h}, nil
}

func (f *fakeCluster) LeaseTimeToLive(c Call, r *pb.LeaseTimeToLiveRequest) (*pb.LeaseTimeToLiveResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	l := f.leases[r.ID]
	if l == nil {
		return &pb.LeaseTimeToLiveResponse{Header: h, ID: r.ID, TTL: -1}, nil
	}
	resp := &pb.LeaseTimeToLiveResponse{Header: h, ID: r.ID, TTL: l.ttl - 1, GrantedTTL: l.ttl}
	if r.Keys {
		var ks []string
		for k := range l.keys {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			resp.Keys = append(resp.Keys, []byte(k))
		}
	}
	return resp, nil
}

func (f *fakeCluster) LeaseLeases(c Call, r *pb.LeaseLeasesRequest) (*pb.LeaseLeasesResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	resp := &pb.LeaseLeasesResponse{Header: h}
	for i := len(f.leaseSeq) - 1; i >= 0; i-- {
		if f.leases[f.leaseSeq[i]] != nil {
			resp.Leases = append(resp.Leases, &pb.LeaseStatus{ID: f.leaseSeq[i]})
		}
	}
	return resp, nil
}

func (f *fakeCluster) LeaseKeepAliveOnce(c Call, r *pb.LeaseKeepAliveRequest) (*pb.LeaseKeepAliveResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	l := f.leases[r.ID]
	if l == nil {
		return &pb.LeaseKeepAliveResponse{Header: h, ID: r.ID}, nil
	}
	return &pb.LeaseKeepAliveResponse{Header: h, ID: r.ID, TTL: l.ttl}, nil
}

func (f *fakeCluster) Status(c Call, r *pb.StatusRequest) (*pb.StatusResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	return &pb.StatusResponse{Header: h, Version: Version, DbSize: f.dbSize, DbSizeInUse: f.dbInUse, Leader: f.leader,
		RaftIndex: f.raftIndex, RaftTerm: f.term, RaftAppliedIndex: f.raftIndex}, nil
}

func (f *fakeCluster) HashKV(c Call, r *pb.HashKVRequest) (*pb.HashKVResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	return &pb.HashKVResponse{Header: h, Hash: f.hash, CompactRevision: f.compactRev}, nil
}

func (f *fakeCluster) Defragment(c Call, r *pb.DefragmentRequest) (*pb.DefragmentResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	return &pb.DefragmentResponse{Header: h}, nil
}

func (f *fakeCluster) Alarm(c Call, r *pb.AlarmRequest) (*pb.AlarmResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	return &pb.AlarmResponse{Header: h}, nil
}

func (f *fakeCluster) MoveLeader(c Call, r *pb.MoveLeaderRequest) (*pb.MoveLeaderResponse, error) {
	h, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	if h.MemberId != f.leader {
		return nil, pb.ErrNotLeader
	}
	if r.TargetID != f.leader {
		f.leader = r.TargetID
		f.term++
	}
	return &pb.MoveLeaderResponse{Header: h}, nil
}

func (f *fakeCluster) Snapshot(c Call, r *pb.SnapshotRequest) (*pb.SnapshotResponse, error) {
	_, err := f.start(c, true)
	if err != nil {
		return nil, err
	}
	return &pb.SnapshotResponse{Data: make([]byte, f.snapSize)}, nil
}

func (f *fakeCluster) SnapshotRestore(r *SnapshotRestoreRequest) (*SnapshotRestoreResponse, error) {
	f.now += time.Millisecond
	return &SnapshotRestoreResponse{}, nil
}

func (f *fakeCluster) MemberList(c Call, r *pb.MemberListRequest) (*pb.MemberListResponse, error) {
	h, err := f.start(c, false)
	if err != nil {
		return nil, err
	}
	return &pb.MemberListResponse{Header: h, Members: sortedMembers(f.members)}, nil
}

func (f *fakeCluster) MemberAdd(c Call, r *pb.MemberAddRequest) (*pb.MemberAddResponse, error) {
	h, err := f.start(c, false)
	if err != nil {
		return nil, err
	}
	m := &pb.Member{ID: f.nextMemb, PeerURLs: r.PeerURLs, IsLearner: r.IsLearner}
	f.nextMemb++
	f.members = append(f.members, m)
	return &pb.MemberAddResponse{Header: h, Member: m, Members: sortedMembers(f.members)}, nil
}

func (f *fakeCluster) MemberRemove(c Call, r *pb.MemberRemoveRequest) (*pb.MemberRemoveResponse, error) {
	h, err := f.start(c, false)
	if err != nil {
		return nil, err
	}
	i := f.find(r.ID)
	if i < 0 {
		return nil, pb.ErrMemberNotFound
	}
	f.members = append(f.members[:i], f.members[i+1:]...)
	return &pb.MemberRemoveResponse{Header: h, Members: sortedMembers(f.members)}, nil
}

func (f *fakeCluster) MemberUpdate(c Call, r *pb.MemberUpdateRequest) (*pb.MemberUpdateResponse, error) {
	h, err := f.start(c, false)
	if err != nil {
		return nil, err
	}
	i := f.find(r.ID)
	if i < 0 {
		return nil, pb.ErrMemberNotFound
	}
	f.members[i].PeerURLs = r.PeerURLs
	f.members[i].IsLearner = false // as the recorded etcd 3.4 server does
	return &pb.MemberUpdateResponse{Header: h, Members: sortedMembers(f.members)}, nil
}

func (f *fakeCluster) MemberPromote(c Call, r *pb.MemberPromoteRequest) (*pb.MemberPromoteResponse, error) {
	_, err := f.start(c, false)
	if err != nil {
		return nil, err
	}
	i := f.find(r.ID)
	if i < 0 {
		return nil, pb.ErrMemberNotFound
	}
	if !f.members[i].IsLearner {
		return nil, pb.ErrMemberNotLearner
	}
	return nil, pb.ErrLearnerNotReady
}

type fakeWatcher struct {
	resps []*pb.WatchResponse
}

func (w *fakeWatcher) Recv() (*pb.WatchResponse, error) {
	if len(w.resps) == 0 {
		return nil, io.EOF
	}
	r := w.resps[0]
	w.resps = w.resps[1:]
	return r, nil
}
func (w *fakeWatcher) Close() {}

func (w *fakeWatcher) RecvTimeout(time.Duration) (*pb.WatchResponse, error) {
	if len(w.resps) == 0 {
		return nil, nil
	}
	return w.Recv()
}

func (f *fakeCluster) DeleteRangeNoWait(c Call, r *pb.DeleteRangeRequest) { _, _ = f.DeleteRange(c, r) }

func (f *fakeCluster) Watch(c Call, req *pb.WatchCreateRequest) (Watcher, error) {
	h, err := f.hdr(c, true)
	if err != nil {
		return nil, err
	}
	if req.StartRevision > 0 && req.StartRevision < f.compactRev {
		hc := *h
		hc.Revision = 0 // etcd: no revision on the compaction cancel
		return &fakeWatcher{[]*pb.WatchResponse{{Header: &hc, Canceled: true, CompactRevision: f.compactRev}}}, nil
	}
	var evs []*pb.Event
	prev := map[string]*pb.KeyValue{}
	for _, e := range f.history {
		k := string(e.Kv.Key)
		if req.StartRevision > 0 && e.Kv.ModRevision >= req.StartRevision && inRange(e.Kv.Key, req.Key, req.RangeEnd) {
			ev := &pb.Event{Type: e.Type, Kv: cloneKV(e.Kv)}
			if req.PrevKv && prev[k] != nil {
				ev.PrevKv = cloneKV(prev[k])
			}
			evs = append(evs, ev)
		}
		if e.Type == pb.DELETE {
			delete(prev, k)
		} else {
			prev[k] = e.Kv
		}
	}
	w := &fakeWatcher{}
	// etcd sends the catch-up events of one revision batch together.
	if len(evs) > 0 {
		w.resps = append(w.resps, &pb.WatchResponse{Header: h, Events: evs})
	}
	return w, nil
}

func (f *fakeCluster) ReadFile(name string) ([]byte, error) {
	if d, ok := f.files[name]; ok {
		return d, nil
	}
	return nil, errors.New("no such file")
}
func (f *fakeCluster) WriteFile(name string, data []byte) error { f.files[name] = data; return nil }
func (f *fakeCluster) Sleep(d time.Duration) {
	f.now += d
	if f.limit != 0 && f.now > f.limit {
		panic(interrupted{})
	}
}
func (f *fakeCluster) Now() time.Duration { return f.now }
func (f *fakeCluster) SnapshotStatus(data []byte) (uint32, int64, int, int64, error) {
	return 0xfe01cf57, f.rev, 7, int64(len(data)), nil
}

var _ = strings.TrimSpace

func (f *fakeCluster) find(id uint64) int {
	for i, m := range f.members {
		if m.ID == id {
			return i
		}
	}
	return -1
}

func (f *fakeCluster) NameMember(uint64, string) {}
