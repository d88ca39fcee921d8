package etcdserver

// etcd's v3 API, one method per RPC (KV, Lease, Cluster and Maintenance
// services). Each is the handler of one request, called in an event of
// the member's process (sim.Call serves a client's request after the event
// it arrived in, on the member's own timer, as gRPC runs each handler in a
// goroutine of its own; Member.After otherwise). It calls done exactly
// once with the response or an error with etcd's text, later in virtual
// time; never if the member crashes first. A request that cannot make
// progress (no leader, no quorum) is simply never answered: the caller's
// deadline produces "context deadline exceeded", as etcd's clients see it.

import (
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/raft"
	"github.com/raftlab/raftlab/core/sim"
)

// rpc runs one request in its handler. First come the checks of etcd's
// gRPC layer: a learner refuses what etcd's learners refuse
// (isRPCSupportedForLearner), a request over the size limits is refused,
// and a write over the backend quota raises the NOSPACE alarm.
func rpc[Resp any](s *Server, learnerOK bool, lim limits, done func(Resp, error), handle func(o *op)) {
	o := s.newOp()
	o.size, o.ai = lim.size, s.caller
	if s.onConn {
		o.conn, o.onConn = s.conn, true
		s.conn, s.onConn = sim.Reply{}, false // the method's own request only
	} else {
		o.reply = func(resp any, err error) {
			r, _ := resp.(Resp)
			if done != nil {
				done(r, err)
			}
		}
	}
	if s.isLearner() && !learnerOK {
		s.answer(o, nil, ErrNotSupportedForLearner)
		return
	}
	if err := s.checkSize(lim.size); err != nil {
		s.answer(o, nil, err)
		return
	}
	if !s.quotaAvailable(lim.cost) {
		s.raiseNoSpace(func() { s.answer(o, nil, etcdpb.ErrNoSpace) })
		return
	}
	if lim.admin {
		if err := s.auth.IsAdminPermitted(o.ai); err != nil {
			s.answer(o, nil, err)
			return
		}
	}
	handle(o)
}

// forwarded makes o a request the leader's server handles with atLeader;
// this member gives the answer its own header (set), as etcd's follower
// does in its gRPC layer.
func forwarded[Resp any](s *Server, o *op, method string, set func(Resp), atLeader func(ls *Server, reply func(any, error))) {
	s.more(o).reheader = func(resp any) {
		if r, ok := resp.(Resp); ok {
			set(r)
		}
	}
	s.forwardOp(o, method, atLeader)
}

// ---- KV ----

// Range reads keys: linearizably through ReadIndex, or serializably from
// this member's applied state.
func (s *Server) Range(r *etcdpb.RangeRequest, done func(*etcdpb.RangeResponse, error)) {
	rpc(s, r.Serializable, limits{size: rangeSize(r)}, done, func(o *op) {
		serve := func() (any, error) {
			// etcd checks a range's permission when it serves it.
			if err := s.auth.IsPermitted(o.ai, r.Key, r.RangeEnd, false); err != nil {
				return nil, err
			}
			resp, err := s.store.Range(r)
			if err != nil {
				return nil, err
			}
			resp.Header = s.fill(resp.Header)
			return resp, nil
		}
		if r.Serializable {
			resp, err := serve()
			s.answer(o, resp, err)
			return
		}
		s.read(o, serve)
	})
}

// Put writes a key through the log.
func (s *Server) Put(r *etcdpb.PutRequest, done func(*etcdpb.PutResponse, error)) {
	rpc(s, false, limits{size: putSize(r), cost: putCost(r)}, done, func(o *op) {
		if len(r.Key) == 0 {
			s.answer(o, nil, etcdpb.ErrEmptyKey)
			return
		}
		s.propose(o, &InternalRaftRequest{Header: headerOf(o.ai), Put: r})
	})
}

// DeleteRange deletes keys through the log.
func (s *Server) DeleteRange(r *etcdpb.DeleteRangeRequest, done func(*etcdpb.DeleteRangeResponse, error)) {
	rpc(s, false, limits{size: deleteSize(r)}, done, func(o *op) {
		if len(r.Key) == 0 {
			s.answer(o, nil, etcdpb.ErrEmptyKey)
			return
		}
		s.propose(o, &InternalRaftRequest{Header: headerOf(o.ai), DeleteRange: r})
	})
}

// Txn runs a transaction through the log; etcd serves a read-only txn
// like a range: linearizable unless every range in it is serializable.
func (s *Server) Txn(r *etcdpb.TxnRequest, done func(*etcdpb.TxnResponse, error)) {
	rpc(s, false, limits{size: txnSize(r), cost: txnCost(r)}, done, func(o *op) {
		if !isTxnReadOnly(r) {
			s.propose(o, &InternalRaftRequest{Header: headerOf(o.ai), Txn: r})
			return
		}
		serve := func() (any, error) {
			if err := s.checkTxn(o.ai, r); err != nil {
				return nil, err
			}
			resp, err := s.store.Txn(r)
			if err != nil {
				return nil, err
			}
			s.fillTxn(resp)
			return resp, nil
		}
		if isTxnSerializable(r) {
			resp, err := serve()
			s.answer(o, resp, err)
			return
		}
		s.read(o, serve)
	})
}

// Compact compacts the key-value history through the log.
func (s *Server) Compact(r *etcdpb.CompactionRequest, done func(*etcdpb.CompactionResponse, error)) {
	rpc(s, false, otherLimits, done, func(o *op) { s.propose(o, &InternalRaftRequest{Compaction: r}) })
}

// ---- Lease ----

// LeaseGrant creates a lease through the log; etcd assigns its ID at the
// member the client talks to.
func (s *Server) LeaseGrant(r *etcdpb.LeaseGrantRequest, done func(*etcdpb.LeaseGrantResponse, error)) {
	rpc(s, false, limits{size: otherSize, cost: leaseOverhead}, done, func(o *op) {
		g := *r
		if g.ID == 0 {
			g.ID = s.reqGen.NextLeaseID()
		}
		s.propose(o, &InternalRaftRequest{LeaseGrant: &g})
	})
}

// LeaseRevoke revokes a lease (and deletes its keys) through the log.
func (s *Server) LeaseRevoke(r *etcdpb.LeaseRevokeRequest, done func(*etcdpb.LeaseRevokeResponse, error)) {
	rpc(s, false, otherLimits, done, func(o *op) { s.propose(o, &InternalRaftRequest{LeaseRevoke: r}) })
}

// LeaseKeepAlive is one round of the keep-alive stream, which only the
// leader's primary lessor answers.
func (s *Server) LeaseKeepAlive(r *etcdpb.LeaseKeepAliveRequest, done func(*etcdpb.LeaseKeepAliveResponse, error)) {
	rpc(s, false, otherLimits, done, func(o *op) {
		forwarded(s, o, "LeaseKeepAlive", func(resp *etcdpb.LeaseKeepAliveResponse) { resp.Header = s.header() },
			func(ls *Server, reply func(any, error)) { ls.keepAlive(r, reply) })
	})
}

// LeaseTimeToLive asks the leader for a lease's remaining time.
func (s *Server) LeaseTimeToLive(r *etcdpb.LeaseTimeToLiveRequest, done func(*etcdpb.LeaseTimeToLiveResponse, error)) {
	rpc(s, false, otherLimits, done, func(o *op) {
		forwarded(s, o, "LeaseTimeToLive", func(resp *etcdpb.LeaseTimeToLiveResponse) { resp.Header = s.header() },
			func(ls *Server, reply func(any, error)) { ls.timeToLive(r, reply) })
	})
}

// LeaseLeases lists the leases, linearizably.
func (s *Server) LeaseLeases(_ *etcdpb.LeaseLeasesRequest, done func(*etcdpb.LeaseLeasesResponse, error)) {
	rpc(s, false, otherLimits, done, func(o *op) {
		s.read(o, func() (any, error) {
			resp := &etcdpb.LeaseLeasesResponse{Header: s.header()}
			for _, id := range s.lessor.Leases() {
				resp.Leases = append(resp.Leases, &etcdpb.LeaseStatus{ID: id})
			}
			return resp, nil
		})
	})
}

// ---- Cluster ----

// MemberList lists the members, linearizably if asked.
func (s *Server) MemberList(r *etcdpb.MemberListRequest, done func(*etcdpb.MemberListResponse, error)) {
	rpc(s, true, otherLimits, done, func(o *op) {
		serve := func() (any, error) {
			return &etcdpb.MemberListResponse{Header: s.clusterHeader(), Members: s.cluster.pb()}, nil
		}
		if !r.Linearizable {
			resp, err := serve()
			s.answer(o, resp, err)
			return
		}
		s.read(o, serve)
	})
}

// memberChange forwards a membership change to the leader, which knows
// the learners' progress: it checks the change, proposes it, and answers
// with respond's response once the change is applied there. Membership
// answers carry the cluster server's header (no revision), filled by the
// member that answers the client.
func memberChange[Resp any](s *Server, method string, learnerOK bool, done func(Resp, error), header func(Resp) **etcdpb.ResponseHeader,
	check func(ls *Server) (raft.ConfChange, error), respond func(ls *Server, id uint64) Resp) {
	rpc(s, learnerOK, adminLimits, done, func(o *op) {
		forwarded(s, o, method, func(r Resp) { *header(r) = s.clusterHeader() }, func(ls *Server, reply func(any, error)) {
			cc, err := check(ls)
			ls.changeMembers(cc, err, reply, func(id uint64) any {
				r := respond(ls, id)
				*header(r) = ls.clusterHeader()
				return r
			})
		})
	})
}

// MemberAdd adds a member (or a learner).
func (s *Server) MemberAdd(r *etcdpb.MemberAddRequest, done func(*etcdpb.MemberAddResponse, error)) {
	memberChange(s, "MemberAdd", false, done, func(r *etcdpb.MemberAddResponse) **etcdpb.ResponseHeader { return &r.Header },
		func(ls *Server) (raft.ConfChange, error) { return ls.checkMemberAdd(r) },
		func(ls *Server, id uint64) *etcdpb.MemberAddResponse {
			var m *etcdpb.Member
			if cur := ls.cluster.members[id]; cur != nil {
				m = cur.PB()
			}
			return &etcdpb.MemberAddResponse{Member: m, Members: ls.cluster.pb()}
		})
}

// MemberRemove removes a member.
func (s *Server) MemberRemove(r *etcdpb.MemberRemoveRequest, done func(*etcdpb.MemberRemoveResponse, error)) {
	memberChange(s, "MemberRemove", false, done, func(r *etcdpb.MemberRemoveResponse) **etcdpb.ResponseHeader { return &r.Header },
		func(ls *Server) (raft.ConfChange, error) { return ls.checkMemberRemove(r) },
		func(ls *Server, _ uint64) *etcdpb.MemberRemoveResponse {
			return &etcdpb.MemberRemoveResponse{Members: ls.cluster.pb()}
		})
}

// MemberUpdate changes a member's peer URLs.
func (s *Server) MemberUpdate(r *etcdpb.MemberUpdateRequest, done func(*etcdpb.MemberUpdateResponse, error)) {
	memberChange(s, "MemberUpdate", false, done, func(r *etcdpb.MemberUpdateResponse) **etcdpb.ResponseHeader { return &r.Header },
		func(ls *Server) (raft.ConfChange, error) { return ls.checkMemberUpdate(r) },
		func(ls *Server, _ uint64) *etcdpb.MemberUpdateResponse {
			return &etcdpb.MemberUpdateResponse{Members: ls.cluster.pb()}
		})
}

// MemberPromote makes a learner a voting member.
func (s *Server) MemberPromote(r *etcdpb.MemberPromoteRequest, done func(*etcdpb.MemberPromoteResponse, error)) {
	memberChange(s, "MemberPromote", true, done, func(r *etcdpb.MemberPromoteResponse) **etcdpb.ResponseHeader { return &r.Header },
		func(ls *Server) (raft.ConfChange, error) { return ls.checkMemberPromote(r) },
		func(ls *Server, _ uint64) *etcdpb.MemberPromoteResponse {
			return &etcdpb.MemberPromoteResponse{Members: ls.cluster.pb()}
		})
}

// ---- Maintenance ----

// Alarm lists, raises or clears alarms through the log.
func (s *Server) Alarm(r *etcdpb.AlarmRequest, done func(*etcdpb.AlarmResponse, error)) {
	rpc(s, false, otherLimits, done, func(o *op) { s.propose(o, &InternalRaftRequest{Alarm: r}) })
}

// Status is this member's own view (no consensus).
func (s *Server) Status(_ *etcdpb.StatusRequest, done func(*etcdpb.StatusResponse, error)) {
	rpc(s, true, otherLimits, done, func(o *op) { s.answer(o, s.status(), nil) })
}

// HashKV hashes this member's key-value history up to a revision.
func (s *Server) HashKV(r *etcdpb.HashKVRequest, done func(*etcdpb.HashKVResponse, error)) {
	rpc(s, false, adminLimits, done, func(o *op) {
		h, crev, err := s.store.HashKV(r.Revision)
		if err != nil {
			s.answer(o, nil, err)
			return
		}
		s.answer(o, &etcdpb.HashKVResponse{Header: s.header(), Hash: h, CompactRevision: crev}, nil)
	})
}

// Defragment rewrites the bolt file: its size drops to what is in use.
func (s *Server) Defragment(_ *etcdpb.DefragmentRequest, done func(*etcdpb.DefragmentResponse, error)) {
	rpc(s, false, adminLimits, done, func(o *op) {
		s.dbSize = s.store.Size()
		s.answer(o, &etcdpb.DefragmentResponse{Header: s.header()}, nil)
	})
}

// MoveLeader hands leadership to another voter.
func (s *Server) MoveLeader(r *etcdpb.MoveLeaderRequest, done func(*etcdpb.MoveLeaderResponse, error)) {
	rpc(s, false, adminLimits, done, func(o *op) { s.moveLeader(o, r.TargetID) })
}

// Snapshot streams this member's backend as a snapshot file.
func (s *Server) Snapshot(_ *etcdpb.SnapshotRequest, done func(*etcdpb.SnapshotResponse, error)) {
	rpc(s, false, adminLimits, done, func(o *op) {
		s.answer(o, &etcdpb.SnapshotResponse{Data: s.snapshotFile()}, nil)
	})
}
