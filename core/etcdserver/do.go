package etcdserver

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/raftlab/raftlab/core/auth"
	"github.com/raftlab/raftlab/core/etcdid"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/lease"
	"github.com/raftlab/raftlab/core/raft"
	"github.com/raftlab/raftlab/core/sim"
)

type opKind uint8

const (
	opPropose opKind = iota // a write through the log, answered at apply
	opRead                  // a linearizable read through ReadIndex
	opForward               // handled by the leader's server (peer HTTP in etcd)
)

// op is one client request in flight at this member (one per put: its
// kind and flags share one word, 112 bytes in all).
type op struct {
	// reply hands the response to whoever asked (the RPC's typed done),
	// unless it came on a client connection (onConn): its answer goes to
	// conn, the Call's reply.
	reply func(resp any, err error)
	conn  sim.Reply
	// size is the request's protobuf size (the proposal size check).
	size int
	// ai is who sent it (the client's token), nil without one.
	ai   *auth.AuthInfo
	id   uint64
	data []byte // opPropose: the entry
	// opMore is what reads, forwards and membership changes keep, and a
	// put, nearly every op, does not (s.more makes it): with it out, 16
	// ops take a 1,792-byte block, not a 3,072-byte one.
	*opMore

	kind     opKind
	onConn   bool
	gotIndex bool // opRead: index is set
	queued   bool // in s.retry
	answered bool
}

// opMore is the part of an op that only reads, forwards and membership
// changes use.
type opMore struct {
	// opRead
	sentAt time.Duration
	index  uint64
	serve  func() (any, error)

	// opForward: what the leader's server does with the request, and how
	// this member fills the header of the answer it relays.
	method   string
	atLeader func(leader *Server, reply func(any, error))
	reheader func(resp any)
	// A membership change waiting for its conf change to apply: the
	// response, built from the registry then.
	applied func(id uint64) any
}

// more returns o's opMore, made on first use (from blocks of opBlock, as
// ops are).
func (s *Server) more(o *op) *opMore {
	if o.opMore == nil {
		o.opMore = s.mores.New(opBlock)
	}
	return o.opMore
}

// opBlock is how many ops newOp allocates together.
const opBlock = 16

// newOp returns a new zero op, one of a block of opBlock allocated
// together (one allocation per 16 requests instead of one each).
func (s *Server) newOp() *op { return s.ops.New(opBlock) }

// errRetry is the leader's internal answer to a forwarded request it
// cannot take now (it lost leadership, or Raft dropped the proposal): the
// origin tries again on its next tick, as etcd's follower loops over
// waitLeader and the peer HTTP call.
var errRetry = errors.New("etcdserver: retry at the leader")

// answer hands the result to the client later in virtual time, on the
// member's own timer: never if this server crashed or restarted by then
// (the client's deadline handles that). A client connection's answer
// (op.onConn) is left in the member's outbox, which the world takes: it
// sends it after this event on that timer, as etcd's applier wakes the
// request's handler (wait.Trigger), whose goroutine then returns the
// response to gRPC.
func (s *Server) answer(o *op, resp any, err error) {
	if o.answered {
		return
	}
	o.answered = true
	if o.onConn {
		out := s.m.Outbox
		out.Answers = append(out.Answers, sim.Answer{To: o.conn, Resp: resp, Err: err})
		return
	}
	s.m.After(0, func() { o.reply(resp, err) })
}

func (s *Server) requeue(o *op) {
	if !o.queued {
		o.queued = true
		s.retry = append(s.retry, o)
	}
}

// submit (re)starts an op: propose, ask for a read index, or forward. It
// runs in this server's process (its timers, ticks and requests), and
// steps the member's node itself, as etcd's server steps its raft.Node:
// the simulator takes the Ready after the event, as etcd's raftNode
// goroutine does.
func (s *Server) submit(o *op) {
	o.queued = false
	if o.answered {
		return
	}
	switch o.kind {
	case opPropose:
		// Raft drops a proposal when no leader is known (or during a
		// leadership transfer): etcd's client just waits, so keep it and
		// propose again on a later tick.
		if err := s.m.Node.Propose(o.data); err != nil {
			s.requeue(o)
		}
	case opRead:
		o.sentAt = s.w.Now()
		if err := s.m.Node.ReadIndex([]byte(ctxOf(o.id))); err != nil {
			s.requeue(o)
		}
	case opForward:
		s.forward(o)
	}
}

func (s *Server) propose(o *op, r *InternalRaftRequest) {
	if s.tooLarge(o.size) {
		s.answer(o, nil, etcdpb.ErrRequestTooLarge)
		return
	}
	r.ID = s.reqGen.Next()
	o.kind, o.id, o.data = opPropose, r.ID, r.marshalIn(&s.entries)
	s.wait(o)
	s.submit(o)
}

// read is a linearizable read (etcd's linearizableReadNotify): ReadIndex
// with the request ID as context, then serve once applied >= the index.
func (s *Server) read(o *op, serve func() (any, error)) {
	o.kind, o.id = opRead, s.reqGen.Next()
	s.more(o).serve = serve
	s.reads[ctxOf(o.id)] = o
	s.waits = true
	s.submit(o)
}

func (s *Server) serveReads() {
	for _, ctx := range keys.Sorted(s.reads) {
		o := s.reads[ctx]
		if o.gotIndex && o.index <= s.applied {
			delete(s.reads, ctx)
			resp, err := o.serve()
			s.answer(o, resp, err)
		}
	}
}

func isTxnReadOnly(r *etcdpb.TxnRequest) bool {
	for _, ops := range [][]*etcdpb.RequestOp{r.Success, r.Failure} {
		for _, op := range ops {
			if op == nil || op.RequestRange == nil {
				if op != nil && op.RequestTxn != nil && isTxnReadOnly(op.RequestTxn) {
					continue
				}
				return false
			}
		}
	}
	return true
}

func isTxnSerializable(r *etcdpb.TxnRequest) bool {
	for _, ops := range [][]*etcdpb.RequestOp{r.Success, r.Failure} {
		for _, op := range ops {
			switch {
			case op.RequestRange != nil:
				if !op.RequestRange.Serializable {
					return false
				}
			case op.RequestTxn != nil:
				if !isTxnSerializable(op.RequestTxn) {
					return false
				}
			}
		}
	}
	return true
}

// ---- requests the leader handles ----

// forward sends the op to the leader's server (etcd's peer HTTP for lease
// keep-alive/time-to-live, and raftlab's routing of membership changes to
// the leader, which knows the learners' progress). It needs a leader the
// network lets this member reach both ways; otherwise it waits for a tick.
func (s *Server) forward(o *op) {
	if s.leader {
		o.atLeader(s, func(resp any, err error) {
			if errors.Is(err, errRetry) {
				s.requeue(o)
				return
			}
			s.answer(o, resp, err)
		})
		return
	}
	lead := s.lead
	net := s.w.Net()
	lm := s.w.Member(lead)
	if lead == 0 || lm == nil || !lm.Up() || !net.Reachable(s.m.ID, lead) || !net.Reachable(lead, s.m.ID) {
		s.requeue(o)
		return
	}
	ls, ok := lm.App.(*Server)
	if !ok {
		s.requeue(o)
		return
	}
	// The request and its answer travel this member's peer connection to
	// the leader (etcd's peer HTTP); lost on the way, the client's
	// deadline passes.
	conn := s.peer(lead)
	conn.Request(o.method, func() {
		ls.atLeaderOrRetry(o.atLeader, func(resp any, err error) {
			// Delivered only to the process that dialed (sim.Conn).
			conn.Reply(o.method, func() {
				if errors.Is(err, errRetry) {
					s.requeue(o)
					return
				}
				if resp != nil && o.reheader != nil {
					// etcd's follower fills the header in its own gRPC
					// layer.
					o.reheader(resp)
				}
				s.answer(o, resp, err)
			})
		})
	})
}

// forwardOp makes o a request (method) the leader handles with atLeader.
func (s *Server) forwardOp(o *op, method string, atLeader func(leader *Server, reply func(any, error))) {
	o.kind = opForward
	m := s.more(o)
	m.method, m.atLeader = method, atLeader
	s.submit(o)
}

// peer is this member's connection to another, dialed again once broken.
func (s *Server) peer(id uint64) *sim.Conn {
	if c := s.peers[id]; c != nil && !c.Broken() {
		return c
	}
	c := s.w.Dial(sim.ConnPeer, s.m.ID, id)
	s.peers[id] = c
	return c
}

// atLeaderOrRetry handles a forwarded request at this (supposed) leader;
// reply is called once, later, or never if this server crashes first.
func (s *Server) atLeaderOrRetry(atLeader func(*Server, func(any, error)), reply func(any, error)) {
	if !s.leader {
		s.m.After(0, func() { reply(nil, errRetry) })
		return
	}
	atLeader(s, reply)
}

// keepAlive renews a lease at the leader's primary lessor.
func (s *Server) keepAlive(r *etcdpb.LeaseKeepAliveRequest, reply func(any, error)) {
	o := &op{reply: reply}
	ttl, err := s.lessor.Renew(r.ID, s.w.Now())
	if errors.Is(err, lease.ErrNotPrimary) {
		err = errRetry
	}
	if err != nil {
		s.answer(o, nil, err)
		return
	}
	s.answer(o, &etcdpb.LeaseKeepAliveResponse{Header: s.header(), ID: r.ID, TTL: ttl}, nil)
}

// timeToLive: etcd's leader confirms it still leads (linearizable read)
// and answers from its primary lessor.
func (s *Server) timeToLive(r *etcdpb.LeaseTimeToLiveRequest, reply func(any, error)) {
	s.read(&op{reply: reply}, func() (any, error) {
		granted, remaining, keys, err := s.lessor.TimeToLive(r.ID, s.w.Now())
		if errors.Is(err, etcdpb.ErrLeaseNotFound) {
			// etcd's gRPC layer answers TTL -1 for a missing lease.
			return &etcdpb.LeaseTimeToLiveResponse{Header: s.header(), ID: r.ID, TTL: -1}, nil
		}
		resp := &etcdpb.LeaseTimeToLiveResponse{Header: s.header(), ID: r.ID, TTL: remaining, GrantedTTL: granted}
		if r.Keys {
			resp.Keys = keys
		}
		return resp, nil
	})
}

// changeMembers proposes a checked membership change at the leader and
// answers with applied's response once the change is applied here.
func (s *Server) changeMembers(cc raft.ConfChange, err error, reply func(any, error), applied func(id uint64) any) {
	o := &op{reply: reply, opMore: &opMore{applied: applied}}
	if err != nil {
		s.answer(o, nil, err)
		return
	}
	k := confKey{cc.Type, cc.NodeID}
	s.confWaiters[k] = append(s.confWaiters[k], o)
	if err := s.m.Node.ProposeConfChange(cc); err != nil {
		ws := s.confWaiters[k]
		s.confWaiters[k] = slices.DeleteFunc(ws, func(x *op) bool { return x == o })
		s.answer(o, nil, errRetry)
	}
}

// connected reports whether a member is up and reachable both ways from
// this one (etcd's transport ActiveSince, seen from the simulator).
func (s *Server) connected(id uint64) bool {
	if id == s.m.ID {
		return true
	}
	m := s.w.Member(id)
	return m != nil && m.Up() && s.w.Net().Reachable(s.m.ID, id) && s.w.Net().Reachable(id, s.m.ID)
}

// The checks etcd runs before a membership change is proposed
// (mayAddMember, mayRemoveMember, mayPromoteMember with
// --strict-reconfig-check on, as by default, and the registry checks of
// ValidateConfigurationChange), each building its conf change.

func (s *Server) checkMemberAdd(r *etcdpb.MemberAddRequest) (raft.ConfChange, error) {
	c := s.cluster
	if len(r.PeerURLs) == 0 {
		return raft.ConfChange{}, etcdpb.ErrMemberBadURLs
	}
	// etcd's v3rpc MemberAdd: membership.NewMember("", urls, "", &now).
	id := etcdid.MemberIDAt(r.PeerURLs, "", s.wallNow().Unix())
	if c.members[id] != nil || c.removed[id] {
		return raft.ConfChange{}, etcdpb.ErrMemberExist
	}
	if c.peerURLUsed(r.PeerURLs, 0) {
		return raft.ConfChange{}, etcdpb.ErrPeerURLExist
	}
	if r.IsLearner {
		// etcd 3.5's maxLearners is 1.
		if c.learners() >= 1 {
			return raft.ConfChange{}, etcdpb.ErrTooManyLearners
		}
	} else {
		if !c.isReadyToAddVotingMember() {
			return raft.ConfChange{}, etcdpb.ErrMemberNotEnoughStarted
		}
		for _, v := range c.votingMembers() {
			if !s.connected(v.ID) {
				return raft.ConfChange{}, etcdpb.ErrUnhealthy
			}
		}
	}
	m := &Member{ID: id, PeerURLs: slices.Clone(r.PeerURLs), IsLearner: r.IsLearner}
	ctx := jsonw.Marshal(m)
	typ := raft.ConfChangeAddNode
	if r.IsLearner {
		typ = raft.ConfChangeAddLearnerNode
	}
	return raft.ConfChange{Type: typ, NodeID: id, Context: ctx}, nil
}

func (s *Server) checkMemberRemove(r *etcdpb.MemberRemoveRequest) (raft.ConfChange, error) {
	c := s.cluster
	m := c.members[r.ID]
	if m == nil {
		return raft.ConfChange{}, etcdpb.ErrMemberNotFound
	}
	if !m.IsLearner {
		if !c.isReadyToRemoveVotingMember(r.ID) {
			return raft.ConfChange{}, etcdpb.ErrMemberNotEnoughStarted
		}
		// A member that is down is safe to remove; otherwise the
		// voters left must have a connected quorum.
		if r.ID == s.m.ID || s.connected(r.ID) {
			voters := c.votingMembers()
			active := 0
			for _, v := range voters {
				if s.connected(v.ID) {
					active++
				}
			}
			if active-1 < 1+(len(voters)-1)/2 {
				return raft.ConfChange{}, etcdpb.ErrUnhealthy
			}
		}
	}
	return raft.ConfChange{Type: raft.ConfChangeRemoveNode, NodeID: r.ID}, nil
}

func (s *Server) checkMemberUpdate(r *etcdpb.MemberUpdateRequest) (raft.ConfChange, error) {
	c := s.cluster
	m := c.members[r.ID]
	if m == nil {
		return raft.ConfChange{}, etcdpb.ErrMemberNotFound
	}
	if len(r.PeerURLs) == 0 {
		return raft.ConfChange{}, etcdpb.ErrMemberBadURLs
	}
	if c.peerURLUsed(r.PeerURLs, r.ID) {
		return raft.ConfChange{}, etcdpb.ErrPeerURLExist
	}
	nm := m.clone()
	nm.PeerURLs = slices.Clone(r.PeerURLs)
	nm.IsLearner = false // etcd's MemberUpdate sends RaftAttributes{PeerURLs} only
	ctx := jsonw.Marshal(nm)
	return raft.ConfChange{Type: raft.ConfChangeUpdateNode, NodeID: r.ID, Context: ctx}, nil
}

func (s *Server) checkMemberPromote(r *etcdpb.MemberPromoteRequest) (raft.ConfChange, error) {
	c := s.cluster
	// etcd's isLearnerReady: the learner's match index must be at
	// least 90% of the leader's.
	st := s.m.Status()
	if st.Progress == nil {
		return raft.ConfChange{}, etcdpb.ErrNotLeader
	}
	if pr, ok := st.Progress[r.ID]; ok {
		if float64(pr.Match) < float64(st.Progress[s.m.ID].Match)*learnerReadyPercent {
			return raft.ConfChange{}, etcdpb.ErrLearnerNotReady
		}
	}
	if !c.isReadyToPromoteMember() {
		return raft.ConfChange{}, etcdpb.ErrMemberNotEnoughStarted
	}
	m := c.members[r.ID]
	if m == nil {
		return raft.ConfChange{}, etcdpb.ErrMemberNotFound
	}
	if !m.IsLearner {
		return raft.ConfChange{}, etcdpb.ErrMemberNotLearner
	}
	nm := m.clone()
	nm.IsLearner = false
	ctx := jsonw.Marshal(nm)
	return raft.ConfChange{Type: raft.ConfChangeAddNode, NodeID: r.ID, Context: ctx}, nil
}

// moveLeader is etcd's MoveLeader: only the leader accepts it; the target
// must be a voting member; the answer comes when the target leads, or
// ErrTimeoutLeaderTransfer if it does not within an election timeout
// (when Raft aborts the transfer).
func (s *Server) moveLeader(o *op, target uint64) {
	if !s.leader {
		s.answer(o, nil, etcdpb.ErrNotLeader)
		return
	}
	if m := s.cluster.members[target]; m == nil || m.IsLearner {
		s.answer(o, nil, etcdpb.ErrBadLeaderTransferee)
		return
	}
	if target == s.m.ID {
		s.answer(o, &etcdpb.MoveLeaderResponse{Header: s.header()}, nil)
		return
	}
	s.m.Node.TransferLeader(target)
	deadline := s.w.Now() + s.electionTimeout()
	step := s.w.Config().TickInterval
	var wait func()
	wait = func() {
		if s.lead == target {
			s.answer(o, &etcdpb.MoveLeaderResponse{Header: s.header()}, nil)
			return
		}
		if s.w.Now() >= deadline {
			s.answer(o, nil, ErrTimeoutLeaderTransfer)
			return
		}
		s.m.After(step, wait)
	}
	s.m.After(step, wait)
}

// status is etcd's maintenance Status.
func (s *Server) status() *etcdpb.StatusResponse {
	st := s.m.Status()
	resp := &etcdpb.StatusResponse{
		Header:  s.header(),
		Version: s.cfg.Version,
		DbSize:  s.growDB(), DbSizeInUse: s.store.Size(),
		Leader:    st.Lead,
		RaftIndex: st.Commit, RaftAppliedIndex: s.applied, RaftTerm: st.Term,
		IsLearner: s.isLearner(),
	}
	if resp.Version == "" {
		resp.Version = Version
	}
	if st.Lead == raft.None {
		resp.Errors = []string{etcdpb.ErrNoLeader.Error()}
	}
	// etcd's maintenance Status lists active alarms in gogo text format.
	for _, a := range s.alarms {
		resp.Errors = append(resp.Errors, fmt.Sprintf("memberID:%d alarm:%s ", a.MemberID, a.Alarm))
	}
	return resp
}
