// Package etcdserver is each simulated member as an etcd 3.5 server: the
// applier over mvcc and the lessor, the membership registry, client
// requests in virtual time (writes through Raft, linearizable reads
// through ReadIndex, serializable reads from local state), leases expired
// by the leader only, watches, and the maintenance API.
//
// It runs inside the simulator's single-threaded event loop: no
// goroutines, no wall clock (time is the World's virtual clock; a virtual
// wall clock Epoch+Now stands in for time.Now where etcd uses it), no
// global randomness, and map iteration always sorted.
//
// Because App.Apply and ReadyHook.OnReady run inside the simulator's
// handleReady, the server never calls back into Raft from them: anything
// that proposes or answers a client is scheduled on the member's own
// timer (sim.Member.After(0)), which never fires once this server's
// process ended, so nothing asks whether it still runs. From its timers,
// ticks and the requests that reach it the server steps its node itself
// (m.Node.Propose, ReadIndex, ...), as etcd's server steps its raft.Node;
// the simulator takes the Ready after the event, as etcd's raftNode
// goroutine takes it asynchronously.
//
// API:
//
//	NewClusterConfig(token, []MemberInfo) *ClusterConfig; (*ClusterConfig).WithSnapshot(file) error
//	New(m *sim.Member, cfg *ClusterConfig) *Server   // sim.Config.NewApp
//	(*Server).Put(*etcdpb.PutRequest, done func(*etcdpb.PutResponse, error)), one method per RPC (api.go)
//	(*Server).Watch(*etcdpb.WatchCreateRequest, send func(*etcdpb.WatchResponse)) (cancel func())
//	PutRPC, RangeRPC, ... (one per unary RPC), OpenWatch   // the member's end of clients' RPCs: sim.Call, sim.OpenStream (serve.go)
//	(*Server).Store(), Lessor(), Members(), AppliedIndex(), Leader(), ClusterID()
//	SnapshotStatus(file) (hash uint32, revision int64, totalKeys int, totalSize int64, err error)
package etcdserver

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/raftlab/raftlab/core/auth"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/block"
	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/lease"
	"github.com/raftlab/raftlab/core/mvcc"
	"github.com/raftlab/raftlab/core/raft"
	"github.com/raftlab/raftlab/core/sim"
	"github.com/raftlab/raftlab/core/walltime"
)

// Epoch is the virtual wall clock's origin: the server's "time.Now()" is
// Epoch + World.Now(). It seeds ID generators (etcd seeds them with the
// start time) and member IDs of `member add`. It is walltime's, whose
// timestamps etcdctl and the control plane print from the same clock.
var Epoch = walltime.Epoch

const (
	// readIndexRetry is etcd's readIndexRetryTime: a ReadIndex request
	// that got no answer is sent again after this long.
	readIndexRetry = 500 * time.Millisecond
	// publishRetry is etcd's publish timeout (ReqTimeout = 5 s + 2 *
	// election timeout with the defaults): publish is retried until it
	// succeeds.
	publishRetry = 7 * time.Second
	// learnerReadyPercent is etcd's readyPercent for isLearnerReady.
	learnerReadyPercent = 0.9
)

// Server is one member's etcd server. It implements sim.App, sim.ReadyHook
// and sim.TickHook.
type Server struct {
	m   *sim.Member
	w   *sim.World
	cfg *ClusterConfig

	// decodes is the requests of the latest entries applied, shared by
	// the cluster's members (decodeCache).
	decodes *decodeCache
	// entries holds the bytes of the puts it proposes (entryArena).
	entries entryArena

	store  *mvcc.Store
	lessor *lease.Lessor
	auth   *auth.Store
	// caller is who sends the RPCs started inside AsUser (nil: no token).
	caller *auth.AuthInfo
	// conn is the client connection's reply while serveAs runs a method
	// (onConn set), which the method's rpc takes (op.conn).
	conn    sim.Reply
	onConn  bool
	cluster *raftCluster
	alarms  []*etcdpb.AlarmMember // sorted by member, then alarm

	applied uint64 // etcd's consistent index
	// dbSize is the bolt file size model: it grows with the store and
	// shrinks only on defragment (then it equals the size in use).
	dbSize int64

	reqGen *lease.IDGenerator
	lead   uint64
	leader bool

	waiters     map[uint64]*op    // proposals by request ID (but waiting)
	confWaiters map[confKey][]*op // membership changes proposed here
	reads       map[string]*op    // ReadIndex requests by context
	retry       []*op             // to submit again on the next tick
	revoking    map[int64]bool    // lease revokes proposed by this leader

	ops   block.Of[op]     // newOp's
	mores block.Of[opMore] // more's
	// waiting is the newest proposal waiting for its entry, kept out of
	// waiters (wait, takeWaiter): with one request in flight at a time,
	// as a member mostly has, the map is never written.
	waiting *op

	watches  map[int64]*watch
	watchSeq int64
	// waits is set when a read or a watch is added, and cleared by
	// OnReady once none is left: most Readys look at neither map.
	waits bool

	// peers are this member's connections to the others (forwards).
	peers map[uint64]*sim.Conn

	publishedAt time.Duration // when the last publish was proposed
	published   bool

	// removedSelf is set once this member applied its own removal: it
	// stops after the Ready (etcd: "the member has been permanently
	// removed from the cluster").
	removedSelf bool
}

type confKey struct {
	typ raft.ConfChangeType
	id  uint64
}

var (
	_ sim.App         = (*Server)(nil)
	_ sim.ReadyHook   = (*Server)(nil)
	_ sim.TickHook    = (*Server)(nil)
	_ sim.RefusedHook = (*Server)(nil)
)

// New builds the server of a member that starts (or restarts): the state
// is the initial one (or the restored cluster's snapshot file); the
// simulator then restores the member's own snapshot, if any, and replays
// the log after it.
func New(m *sim.Member, cfg *ClusterConfig) *Server {
	wc := m.World().Config()
	// etcd's minimum lease TTL: ceil(1.5 * election timeout) in seconds.
	et := time.Duration(wc.ElectionTicks) * wc.TickInterval
	minTTL := int64(math.Ceil((3 * et / 2).Seconds()))
	if cfg.decodes == nil {
		cfg.decodes = &decodeCache{} // the first member's; the others share it
	}
	s := &Server{
		m: m, w: m.World(), cfg: cfg, decodes: cfg.decodes,
		store:       mvcc.New(),
		lessor:      lease.New(minTTL),
		auth:        auth.New(),
		cluster:     newRaftCluster(cfg.Members),
		waiters:     map[uint64]*op{},
		confWaiters: map[confKey][]*op{},
		reads:       map[string]*op{},
		revoking:    map[int64]bool{},
		watches:     map[int64]*watch{},
		peers:       map[uint64]*sim.Conn{},
	}
	if cfg.Restored != nil {
		if f, err := decodeSnapshotFile(cfg.Restored); err == nil {
			s.store = f.store
			_ = s.lessor.Restore(f.les)
			s.auth = f.auth
		}
	}
	s.store.SetLessor(s.lessor)
	s.dbSize = s.store.Size()
	// etcd: idutil.NewGenerator(uint16(id), time.Now()) for request and
	// lease IDs: unique across members (prefix) and restarts (time).
	s.reqGen = lease.NewIDGenerator(m.ID, s.wallNow())
	// etcd publishes its attributes once it runs (publishV3).
	s.m.After(0, s.publish)
	// A restart loads the member's own snapshot; the node then replays
	// the log after it.
	if snap := m.Disk.Snapshot(); !snap.IsEmpty() {
		if err := s.Restore(snap.Data); err != nil {
			m.Fail(fmt.Errorf("cannot restore its snapshot: %w", err))
		}
	}
	return s
}

func (s *Server) wallNow() time.Time { return Epoch.Add(s.w.Now()) }

func (s *Server) electionTimeout() time.Duration {
	c := s.w.Config()
	return time.Duration(c.ElectionTicks) * c.TickInterval
}

// Store is the member's MVCC store (read-only use).
func (s *Server) Store() *mvcc.Store { return s.store }

// Lessor is the member's lessor (read-only use).
func (s *Server) Lessor() *lease.Lessor { return s.lessor }

// Members is the membership registry as this member applied it, sorted by ID.
func (s *Server) Members() []*Member { return s.cluster.sorted() }

// AppliedIndex is the last applied Raft index (etcd's consistent index).
func (s *Server) AppliedIndex() uint64 { return s.applied }

// Leader is the leader this member knows of (0 if none).
func (s *Server) Leader() uint64 { return s.lead }

// ClusterID is the cluster's ID.
func (s *Server) ClusterID() uint64 { return s.cfg.ClusterID }

func (s *Server) term() uint64 { return s.m.Disk.HardState().Term }

func (s *Server) header() *etcdpb.ResponseHeader {
	return &etcdpb.ResponseHeader{ClusterId: s.cfg.ClusterID, MemberId: s.m.ID, Revision: s.store.Rev(), RaftTerm: s.term()}
}

// clusterHeader is etcd's ClusterServer header: no revision (v3rpc
// member.go's cs.header()).
func (s *Server) clusterHeader() *etcdpb.ResponseHeader {
	return &etcdpb.ResponseHeader{ClusterId: s.cfg.ClusterID, MemberId: s.m.ID, RaftTerm: s.term()}
}

// fill completes a header the store started (it set the revision).
func (s *Server) fill(h *etcdpb.ResponseHeader) *etcdpb.ResponseHeader {
	if h == nil {
		return s.header()
	}
	h.ClusterId, h.MemberId, h.RaftTerm = s.cfg.ClusterID, s.m.ID, s.term()
	if h.Revision == 0 {
		h.Revision = s.store.Rev()
	}
	return h
}

func (s *Server) isLearner() bool {
	m := s.cluster.members[s.m.ID]
	return m != nil && m.IsLearner
}

// ---- sim.App ----

// Apply applies one committed entry (etcd's applyEntryNormal and
// applyConfChange) and answers the request if it was proposed here. A
// configuration change goes to Raft first, once, whatever the state
// machine already holds (etcd's raftNode applies it to the node).
func (s *Server) Apply(e raft.Entry) {
	if e.Type == raft.EntryConfChange {
		s.applyConfEntry(&e)
		return
	}
	if e.Index <= s.applied {
		return
	}
	s.applied = e.Index
	switch e.Type {
	case raft.EntryNormal:
		// Apply keeps nothing of the request past the entry (the store
		// copies what it keeps), and changes nothing of it: the cluster's
		// members share what one of them decoded (decodeCache), unless
		// this runs inside another Apply (sim takes a Ready nested in the
		// hook only when the app steps its node through sim.Member
		// outside any event, which this server never does: a guard, not
		// a path taken today), which decodes on its own.
		c := s.decodes
		if c.busy {
			if r, ok := unmarshalRequest(e.Data, nil); ok {
				s.applyEntry(r)
			}
			return
		}
		r, ok := c.request(&e)
		if !ok {
			return
		}
		c.busy = true
		s.applyEntry(r)
		c.busy = false
	}
}

// applyConfEntry is Apply of a configuration change.
func (s *Server) applyConfEntry(e *raft.Entry) {
	cc, err := raft.UnmarshalConfChange(e.Data)
	if err != nil {
		return
	}
	s.m.ApplyConfChange(cc)
	if cc.Type == raft.ConfChangeRemoveNode && cc.NodeID == s.m.ID {
		s.removedSelf = true
	}
	if e.Index <= s.applied {
		return
	}
	s.applied = e.Index
	s.applyConfChange(cc)
}

// applyEntry applies a normal entry's request and answers its waiter, if
// this member proposed it (looked up once: applying adds no waiter).
func (s *Server) applyEntry(r *InternalRaftRequest) {
	o := s.takeWaiter(r.ID)
	quotaOK := s.quotaAvailable(r.quotaCost())
	resp, err := s.applyRequest(r, o != nil)
	if err == nil && !quotaOK {
		err = etcdpb.ErrNoSpace // etcd's quotaApplierV3: applied, but over quota
	}
	if err != nil && err == etcdpb.ErrNoSpace && !s.noSpace() {
		s.m.After(0, func() {
			s.raiseNoSpace(func() {
				if o != nil {
					s.answer(o, resp, err)
				}
			})
		})
		return
	}
	if o != nil {
		s.answer(o, resp, err)
	}
}

// wait makes o the proposal waiting for the entry of request o.id.
func (s *Server) wait(o *op) {
	if s.waiting != nil {
		s.waiters[s.waiting.id] = s.waiting
	}
	s.waiting = o
}

// takeWaiter returns the proposal waiting for request id's entry, if this
// member proposed it, and waits for it no more.
func (s *Server) takeWaiter(id uint64) *op {
	if o := s.waiting; o != nil && o.id == id {
		s.waiting = nil
		return o
	}
	if len(s.waiters) == 0 { // (most members wait for none: no lookup)
		return nil
	}
	o := s.waiters[id]
	if o != nil {
		delete(s.waiters, id)
	}
	return o
}

// growDB raises the modelled file size to what the store uses. The store
// only shrinks on compaction, so calling it before each compaction and
// when the size is read keeps the high-water mark without measuring the
// store on every apply.
func (s *Server) growDB() int64 {
	if sz := s.store.Size(); sz > s.dbSize {
		s.dbSize = sz
	}
	return s.dbSize
}

func (s *Server) applyConfChange(cc raft.ConfChange) {
	var ctx *Member
	if len(cc.Context) > 0 {
		ctx = &Member{}
		if err := jsonw.Unmarshal(cc.Context, ctx); err != nil {
			ctx = nil
		}
	}
	cur := s.cluster.members[cc.NodeID]
	switch cc.Type {
	case raft.ConfChangeAddNode, raft.ConfChangeAddLearnerNode:
		learner := cc.Type == raft.ConfChangeAddLearnerNode
		switch {
		case cur != nil && !learner:
			cur.IsLearner = false // promotion
		case cur == nil && !s.cluster.removed[cc.NodeID]:
			nm := &Member{ID: cc.NodeID, IsLearner: learner}
			if ctx != nil {
				nm.PeerURLs, nm.Name, nm.ClientURLs = ctx.PeerURLs, ctx.Name, ctx.ClientURLs
			}
			s.cluster.members[cc.NodeID] = nm
		}
	case raft.ConfChangeRemoveNode:
		delete(s.cluster.members, cc.NodeID)
		s.cluster.removed[cc.NodeID] = true
		s.m.Refuse(cc.NodeID) // etcd's peer handler answers it 410 Gone
	case raft.ConfChangeUpdateNode:
		if cur != nil && ctx != nil {
			// etcd 3.5 replaces the raft attributes whole: an update
			// clears IsLearner in the member list (raft's own
			// configuration keeps the learner).
			cur.PeerURLs, cur.IsLearner = ctx.PeerURLs, ctx.IsLearner
		}
	}
	k := confKey{cc.Type, cc.NodeID}
	ops := s.confWaiters[k]
	delete(s.confWaiters, k)
	for _, o := range ops {
		s.answer(o, o.applied(cc.NodeID), nil)
	}
}

func (s *Server) noSpace() bool {
	for _, a := range s.alarms {
		if a.Alarm == etcdpb.AlarmNoSpace {
			return true
		}
	}
	return false
}

// applyRequest is etcd's applierV3: every member computes the same state;
// only the proposer's response reaches a client.
// applyRequest applies r; a put's response is built only when answer
// (someone waits for it at this member).
func (s *Server) applyRequest(r *InternalRaftRequest, answer bool) (any, error) {
	switch {
	case r.Auth != nil:
		return s.applyAuth(r.Auth, r.Header.info())
	case r.Put != nil:
		// etcd's applierV3Capped: a NOSPACE alarm refuses writes.
		if s.noSpace() {
			return nil, etcdpb.ErrNoSpace
		}
		// etcd's authApplierV3 checks at apply, with the proposer's user
		// (with auth off, nothing: no call at every member).
		if s.auth.Enabled() {
			if err := s.checkPut(r.Header.info(), r.Put); err != nil {
				return nil, err
			}
		}
		// r shares its bytes with the entry, which nobody changes.
		resp, err := s.store.PutEntry(r.Put, !answer)
		if err != nil || !answer {
			return nil, err
		}
		resp.Header = s.fill(resp.Header)
		return resp, nil
	case r.DeleteRange != nil:
		if err := s.checkDelete(r.Header.info(), r.DeleteRange); err != nil {
			return nil, err
		}
		resp, err := s.store.DeleteRange(r.DeleteRange)
		if err != nil {
			return nil, err
		}
		resp.Header = s.fill(resp.Header)
		return resp, nil
	case r.Txn != nil:
		if s.noSpace() && !isTxnReadOnly(r.Txn) {
			return nil, etcdpb.ErrNoSpace
		}
		if err := s.checkTxn(r.Header.info(), r.Txn); err != nil {
			return nil, err
		}
		resp, err := s.store.Txn(r.Txn)
		if err != nil {
			return nil, err
		}
		s.fillTxn(resp)
		return resp, nil
	case r.Compaction != nil:
		s.growDB()
		if err := s.store.Compact(r.Compaction.Revision); err != nil {
			return nil, err
		}
		return &etcdpb.CompactionResponse{Header: s.header()}, nil
	case r.LeaseGrant != nil:
		if s.noSpace() {
			return nil, etcdpb.ErrNoSpace
		}
		l, err := s.lessor.Grant(r.LeaseGrant.ID, r.LeaseGrant.TTL, s.w.Now())
		if err != nil {
			return nil, err
		}
		return &etcdpb.LeaseGrantResponse{Header: s.header(), ID: l.ID, TTL: l.TTL}, nil
	case r.LeaseRevoke != nil:
		id := r.LeaseRevoke.ID
		delete(s.revoking, id)
		keys, err := s.lessor.Revoke(id)
		if err != nil {
			return nil, err
		}
		// etcd deletes the attached keys in one txn: one revision, the
		// same on every member (keys sorted).
		if len(keys) > 0 {
			s.store.DeleteKeys(keys)
		}
		return &etcdpb.LeaseRevokeResponse{Header: s.header()}, nil
	case r.Alarm != nil:
		return s.applyAlarm(r.Alarm), nil
	case r.ClusterMemberAttrSet != nil:
		a := r.ClusterMemberAttrSet
		if m := s.cluster.members[a.MemberID]; m != nil {
			m.Name, m.ClientURLs = a.Name, append([]string(nil), a.ClientURLs...)
		}
		return nil, nil
	}
	return nil, ErrUnknownRequest
}

// fillTxn completes a txn's header. etcd's gRPC layer fills only the
// outer header; the responses inside carry just the revision the apply
// set (etcd 3.5 txn.go).
func (s *Server) fillTxn(resp *etcdpb.TxnResponse) {
	resp.Header = s.fill(resp.Header)
	s.innerTxn(resp)
}

func (s *Server) innerTxn(resp *etcdpb.TxnResponse) {
	rev := func(h *etcdpb.ResponseHeader) *etcdpb.ResponseHeader {
		r := resp.Header.Revision
		if h != nil && h.Revision != 0 {
			r = h.Revision
		}
		return &etcdpb.ResponseHeader{Revision: r}
	}
	for _, op := range resp.Responses {
		switch x := op.Response.(type) {
		case *etcdpb.ResponseOp_ResponsePut:
			x.ResponsePut.Header = rev(x.ResponsePut.Header)
		case *etcdpb.ResponseOp_ResponseRange:
			x.ResponseRange.Header = rev(x.ResponseRange.Header)
		case *etcdpb.ResponseOp_ResponseDeleteRange:
			x.ResponseDeleteRange.Header = rev(x.ResponseDeleteRange.Header)
		case *etcdpb.ResponseOp_ResponseTxn:
			x.ResponseTxn.Header = rev(x.ResponseTxn.Header)
			s.innerTxn(x.ResponseTxn)
		}
	}
}

func (s *Server) applyAlarm(a *etcdpb.AlarmRequest) *etcdpb.AlarmResponse {
	resp := &etcdpb.AlarmResponse{Header: s.header()}
	switch a.Action {
	case etcdpb.AlarmGet:
		for _, x := range s.alarms {
			if a.Alarm == etcdpb.AlarmNone || x.Alarm == a.Alarm {
				resp.Alarms = append(resp.Alarms, &etcdpb.AlarmMember{MemberID: x.MemberID, Alarm: x.Alarm})
			}
		}
	case etcdpb.AlarmActivate:
		if a.Alarm == etcdpb.AlarmNone {
			break
		}
		found := false
		for _, x := range s.alarms {
			found = found || (x.MemberID == a.MemberID && x.Alarm == a.Alarm)
		}
		if !found {
			s.alarms = append(s.alarms, &etcdpb.AlarmMember{MemberID: a.MemberID, Alarm: a.Alarm})
			slices.SortFunc(s.alarms, func(a, b *etcdpb.AlarmMember) int {
				if c := cmp.Compare(a.MemberID, b.MemberID); c != 0 {
					return c
				}
				return cmp.Compare(a.Alarm, b.Alarm)
			})
		}
		resp.Alarms = []*etcdpb.AlarmMember{{MemberID: a.MemberID, Alarm: a.Alarm}}
	case etcdpb.AlarmDeactivate:
		kept := s.alarms[:0]
		for _, x := range s.alarms {
			if x.MemberID == a.MemberID && x.Alarm == a.Alarm {
				resp.Alarms = []*etcdpb.AlarmMember{{MemberID: x.MemberID, Alarm: x.Alarm}}
				continue
			}
			kept = append(kept, x)
		}
		s.alarms = kept
	}
	return resp
}

type serverSnapshot struct {
	Store           []byte                `json:"store"`
	Leases          []byte                `json:"leases"`
	Members         []*Member             `json:"members"`
	Removed         []uint64              `json:"removed,omitempty"`
	Alarms          []*etcdpb.AlarmMember `json:"alarms,omitempty"`
	ConsistentIndex uint64                `json:"consistent_index"`
	DbSize          int64                 `json:"db_size"`
	Auth            []byte                `json:"auth,omitempty"`
}

// state takes the whole server state at the applied index (etcd's backend:
// key and lease buckets, members, alarms, consistent index) and encodes it
// when called: all but the store is marshaled now (a few members, leases
// and users), the store is appended by store (a view's AppendTo, or the
// store's AppendSnapshot at once).
func (s *Server) state(store func(b []byte, room int) []byte) func() []byte {
	sn := serverSnapshot{Store: storePlaceholder, Leases: s.lessor.Snapshot(), Members: s.cluster.sorted(),
		Alarms: s.alarms, ConsistentIndex: s.applied, DbSize: s.growDB(), Auth: s.auth.Snapshot()}
	for id := range s.cluster.removed {
		sn.Removed = append(sn.Removed, id)
	}
	ptrsort.Uint64s(sn.Removed)
	b := jsonw.Marshal(&sn)
	return func() []byte { return spliceStore(nil, b, store, 0) }
}

// storePlaceholder stands for the store's snapshot in a JSON document whose
// first field is "store" (state, the snapshot file); spliceStore puts the
// store's bytes in its place. json.Marshal would validate and compact the
// whole store again (a json.RawMessage), which cost as much as encoding it.
var storePlaceholder = []byte("0")

// spliceStore appends to prefix b, a marshaled document that starts with
// the placeholder store, with the store (compact JSON, appended by store)
// in its place: the bytes json.Marshal gives with the store itself,
// written once into one buffer with room for as many more bytes.
//
//go:noinline
func spliceStore(prefix, b []byte, store func(b []byte, room int) []byte, room int) []byte {
	const head = `{"store":`
	if !bytes.HasPrefix(b, []byte(head+"0")) {
		panic("etcdserver: a snapshot document must start with its store")
	}
	tail := b[len(head)+1:]
	out := store(append(prefix, head...), len(tail)+room)
	return append(out, tail...)
}

// Restore replaces the state with a snapshot's (a restart from disk, or a
// snapshot sent by the leader). Open watches carry on from the new store:
// etcd's watchable store keeps its watchers across a snapshot restore and
// catches them up from history.
func (s *Server) Restore(data []byte) error {
	var sn serverSnapshot
	if err := jsonw.Unmarshal(data, &sn); err != nil {
		return fmt.Errorf("etcdserver: bad snapshot: %w", err)
	}
	st, err := mvcc.Restore(sn.Store)
	if err != nil {
		return err
	}
	les := lease.New(s.lessor.MinTTL())
	if err := les.Restore(sn.Leases); err != nil {
		return err
	}
	as, err := auth.Restore(sn.Auth)
	if err != nil {
		return err
	}
	s.auth = as
	s.flushWatches() // deliver what the old store has before it goes
	s.store, s.lessor = st, les
	s.store.SetLessor(s.lessor)
	if s.leader {
		s.lessor.Promote(s.w.Now(), s.electionTimeout())
	}
	c := &raftCluster{members: map[uint64]*Member{}, removed: map[uint64]bool{}}
	for _, m := range sn.Members {
		c.members[m.ID] = m
	}
	for _, id := range sn.Removed {
		c.removed[id] = true
	}
	s.m.RefuseOnly(sn.Removed)
	s.cluster, s.alarms = c, sn.Alarms
	s.applied, s.dbSize = sn.ConsistentIndex, max(sn.DbSize, st.Size())
	s.rewatch()
	return nil
}

// ---- sim.ReadyHook, sim.TickHook, sim.RefusedHook ----

// OnReady follows role changes (the lessor is primary only on the leader:
// etcd promotes it with an election timeout of extension, so a leader
// change never expires a live lease early), collects ReadIndex answers,
// serves reads whose index is applied, pushes watch events, snapshots when
// due, and stops the member once it applied its own removal.
//
// It runs after every Ready of the member (a dozen per put in a 5-member
// cluster), and most have none of it to do: the rarer parts are functions
// of their own, so that this one stays a few tests in a small frame.
func (s *Server) OnReady(rd *raft.Ready) {
	if rd.SoftState != nil {
		s.softState(rd.SoftState)
	}
	if len(rd.ReadStates) > 0 {
		s.readStates(rd.ReadStates)
	}
	if s.waits {
		if len(s.reads) > 0 {
			s.serveReads()
		}
		if len(s.watches) > 0 {
			s.flushWatches()
		}
		s.waits = len(s.reads) > 0 || len(s.watches) > 0
	}
	// Whether a snapshot is due changes only with what is applied: the
	// Ready's entries, or the leader's snapshot it installed.
	if (len(rd.CommittedEntries) > 0 || rd.Snapshot.Metadata.Index != 0) && s.snapshotDue() {
		s.snapshot()
	}
	if s.removedSelf {
		s.m.Exit()
	}
}

// softState follows a change of leader or role.
func (s *Server) softState(ss *raft.SoftState) {
	s.lead = ss.Lead
	isLeader := ss.RaftState == raft.StateLeader
	if isLeader && !s.leader {
		s.lessor.Promote(s.w.Now(), s.electionTimeout())
	} else if !isLeader && s.leader {
		s.lessor.Demote()
		clear(s.revoking)
	}
	s.leader = isLeader
}

// readStates gives the reads waiting here their ReadIndex answers.
func (s *Server) readStates(rss []raft.ReadState) {
	for _, rs := range rss {
		if o := s.reads[string(rs.RequestCtx)]; o != nil && !o.gotIndex {
			o.gotIndex, o.index = true, rs.Index
		}
	}
}

// snapshotDue is etcd's snapshot policy (triggerSnapshot): every
// --snapshot-count applied entries, snapshot the state and compact the
// log (snapshot), keeping CatchUpEntries behind for slow followers.
func (s *Server) snapshotDue() bool {
	snapi := s.m.Disk.SnapshotIndex()
	return s.applied > snapi && s.applied-snapi >= s.cfg.snapshotCount()
}

// snapshot snapshots the state at the applied index, which is past the
// disk's snapshot (snapshotDue), and compacts the log.
func (s *Server) snapshot() {
	keep := s.cfg.catchUpEntries()
	// The store is encoded only when the snapshot is read (a restart, or
	// a follower that needs it), if ever: as etcd, whose backend is on disk
	// already and read only to send a snapshot.
	// It cannot fail: the index is past the disk's snapshot (snapshotDue)
	// and on its log (entries are persisted before they apply). Were it to,
	// the disk's snapshot would read a view of the store that is no longer
	// the newest (View replaced it), which a compaction does not encode.
	if err := s.m.CreateSnapshotFunc(s.applied, s.state(s.store.View().AppendTo)); err != nil {
		s.m.Fail(err)
		return
	}
	if s.applied > keep {
		if compact := s.applied - keep; compact >= s.m.Disk.FirstIndex() {
			_ = s.m.Disk.Compact(compact)
		}
	}
}

// Refused: a peer answered 410 Gone, so this member was removed; it stops.
func (s *Server) Refused(uint64) { s.m.Exit() }

// OnTick retries requests Raft dropped (no leader known) or that got lost,
// and, on the leader, proposes the revocation of expired leases.
func (s *Server) OnTick(now time.Duration) {
	retry := s.retry
	s.retry = nil
	for _, o := range retry {
		s.submit(o)
	}
	for _, ctx := range keys.Sorted(s.reads) {
		o := s.reads[ctx]
		if !o.gotIndex && !o.queued && now-o.sentAt >= readIndexRetry {
			s.submit(o)
		}
	}
	if !s.published && s.publishedAt > 0 && now-s.publishedAt >= publishRetry {
		s.publish()
	}
	if s.lessor.IsPrimary() {
		for _, id := range s.lessor.Expired(now) {
			if s.revoking[id] {
				continue
			}
			s.revoking[id] = true
			r := &InternalRaftRequest{ID: s.reqGen.Next(), LeaseRevoke: &etcdpb.LeaseRevokeRequest{ID: id}}
			// A revoke the leader cannot propose now is reported again by
			// Expired after lease.ExpiredLeaseRetryInterval.
			if s.m.Node.Propose(r.Marshal()) != nil {
				delete(s.revoking, id)
			}
		}
	}
}

// publish proposes this member's name and client URLs (etcd's publishV3),
// retried until applied.
func (s *Server) publish() {
	if s.published {
		return
	}
	name, urls := s.m.Name, []string(nil)
	if mi, ok := s.cfg.info(s.m.ID); ok {
		if mi.Name != "" {
			name = mi.Name
		}
		urls = mi.ClientURLs
	}
	s.publishedAt = max(s.w.Now(), 1)
	r := &InternalRaftRequest{ID: s.reqGen.Next(),
		ClusterMemberAttrSet: &MemberAttrSetRequest{MemberID: s.m.ID, Name: name, ClientURLs: urls}}
	o := &op{kind: opPropose, id: r.ID, data: r.Marshal(), reply: func(any, error) { s.published = true }}
	s.wait(o)
	s.submit(o)
}

func ctxOf(id uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], id)
	return string(b[:])
}
