package clientv3

// etcd's v3 API as the client calls it: one method per RPC, each sent with
// unary to the server's method of the same name.

import (
	"errors"
	"runtime"
	"time"

	"github.com/raftlab/raftlab/core/etcdctl"
	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/sim"
)

var _ interface {
	etcdctl.KV
	etcdctl.Lease
	etcdctl.Cluster
	etcdctl.Maintenance
} = (*Client)(nil)

// ---- KV: recorded in the history ----

func (cl *Client) Range(c etcdctl.Call, r *pb.RangeRequest) (*pb.RangeResponse, error) {
	start := cl.now()
	resp, err := unary(cl, &c, "Range", repeatable, etcdserver.RangeRPC, r)
	if o := cl.recording(); o != nil {
		o.req.RequestRange, o.rng.ResponseRange, o.resp.Response = r, resp, &o.rng
		cl.record(o, err, start)
	}
	return resp, err
}

func (cl *Client) Put(c etcdctl.Call, r *pb.PutRequest) (*pb.PutResponse, error) {
	start := cl.now()
	resp, err := unary(cl, &c, "Put", mutable, etcdserver.PutRPC, r)
	if h := cl.cfg.History; h != nil && err == nil && h.plainPut(r, resp, start, cl.now()) {
		// Kept whole by the history (a copy): no wrappers to build, and
		// r, answered (err nil), is free.
		if runtime.GOOS != "js" { // (PutSpace lends nothing in the page)
			cl.putDone(r, false)
		}
		return resp, err
	}
	if runtime.GOOS != "js" {
		cl.putDone(r, true)
	}
	if o := cl.recording(); o != nil {
		o.req.RequestPut, o.put.ResponsePut, o.resp.Response = r, resp, &o.put
		cl.record(o, err, start)
	}
	return resp, err
}

func (cl *Client) DeleteRange(c etcdctl.Call, r *pb.DeleteRangeRequest) (*pb.DeleteRangeResponse, error) {
	start := cl.now()
	resp, err := unary(cl, &c, "DeleteRange", mutable, etcdserver.DeleteRangeRPC, r)
	if o := cl.recording(); o != nil {
		o.req.RequestDeleteRange, o.del.ResponseDeleteRange, o.resp.Response = r, resp, &o.del
		cl.record(o, err, start)
	}
	return resp, err
}

func (cl *Client) Txn(c etcdctl.Call, r *pb.TxnRequest) (*pb.TxnResponse, error) {
	start := cl.now()
	resp, err := unary(cl, &c, "Txn", mutable, etcdserver.TxnRPC, r)
	if o := cl.recording(); o != nil {
		o.req.RequestTxn, o.txn.ResponseTxn, o.resp.Response = r, resp, &o.txn
		cl.record(o, err, start)
	}
	return resp, err
}

// recorded is a history entry's request and response wrappers, in one
// allocation (they were three per request, every one kept by the
// history); one of the four response wrappers is used.
type recorded struct {
	req  pb.RequestOp
	resp pb.ResponseOp
	rng  pb.ResponseOp_ResponseRange
	put  pb.ResponseOp_ResponsePut
	del  pb.ResponseOp_ResponseDeleteRange
	txn  pb.ResponseOp_ResponseTxn
}

// recording is a new entry for the history, or nil without one.
func (cl *Client) recording() *recorded {
	if cl.cfg.History == nil {
		return nil
	}
	return new(recorded)
}

// record appends a key-value request and its outcome to the history.
func (cl *Client) record(o *recorded, err error, start time.Duration) {
	cl.cfg.History.Append(Op{Req: &o.req, Resp: &o.resp, Err: err, Call: start, Return: cl.now()})
}

// Do sends one key-value operation, as clientv3's KV.Do.
func (cl *Client) Do(c etcdctl.Call, op *pb.RequestOp) (*pb.ResponseOp, error) {
	out := &pb.ResponseOp{}
	var err error
	switch {
	case op.RequestRange != nil:
		var r *pb.RangeResponse
		r, err = cl.Range(c, op.RequestRange)
		out.Response = &pb.ResponseOp_ResponseRange{ResponseRange: r}
	case op.RequestPut != nil:
		var r *pb.PutResponse
		r, err = cl.Put(c, op.RequestPut)
		out.Response = &pb.ResponseOp_ResponsePut{ResponsePut: r}
	case op.RequestDeleteRange != nil:
		var r *pb.DeleteRangeResponse
		r, err = cl.DeleteRange(c, op.RequestDeleteRange)
		out.Response = &pb.ResponseOp_ResponseDeleteRange{ResponseDeleteRange: r}
	case op.RequestTxn != nil:
		var r *pb.TxnResponse
		r, err = cl.Txn(c, op.RequestTxn)
		out.Response = &pb.ResponseOp_ResponseTxn{ResponseTxn: r}
	default:
		return nil, errors.New("clientv3: empty operation")
	}
	return out, err
}

func (cl *Client) Compact(c etcdctl.Call, r *pb.CompactionRequest) (*pb.CompactionResponse, error) {
	return unary(cl, &c, "Compact", mutable, etcdserver.CompactRPC, r)
}

// ---- Lease ----

func (cl *Client) LeaseGrant(c etcdctl.Call, r *pb.LeaseGrantRequest) (*pb.LeaseGrantResponse, error) {
	return unary(cl, &c, "LeaseGrant", repeatable, etcdserver.LeaseGrantRPC, r)
}

func (cl *Client) LeaseRevoke(c etcdctl.Call, r *pb.LeaseRevokeRequest) (*pb.LeaseRevokeResponse, error) {
	return unary(cl, &c, "LeaseRevoke", repeatable, etcdserver.LeaseRevokeRPC, r)
}

func (cl *Client) LeaseKeepAliveOnce(c etcdctl.Call, r *pb.LeaseKeepAliveRequest) (*pb.LeaseKeepAliveResponse, error) {
	return unary(cl, &c, "LeaseKeepAlive", repeatable, etcdserver.LeaseKeepAliveRPC, r)
}

func (cl *Client) LeaseTimeToLive(c etcdctl.Call, r *pb.LeaseTimeToLiveRequest) (*pb.LeaseTimeToLiveResponse, error) {
	return unary(cl, &c, "LeaseTimeToLive", repeatable, etcdserver.LeaseTimeToLiveRPC, r)
}

func (cl *Client) LeaseLeases(c etcdctl.Call, r *pb.LeaseLeasesRequest) (*pb.LeaseLeasesResponse, error) {
	return unary(cl, &c, "LeaseLeases", repeatable, etcdserver.LeaseLeasesRPC, r)
}

// ---- Cluster ----

func (cl *Client) MemberList(c etcdctl.Call, r *pb.MemberListRequest) (*pb.MemberListResponse, error) {
	return unary(cl, &c, "MemberList", repeatable, etcdserver.MemberListRPC, r)
}

func (cl *Client) MemberAdd(c etcdctl.Call, r *pb.MemberAddRequest) (*pb.MemberAddResponse, error) {
	return unary(cl, &c, "MemberAdd", mutable, etcdserver.MemberAddRPC, r)
}

func (cl *Client) MemberRemove(c etcdctl.Call, r *pb.MemberRemoveRequest) (*pb.MemberRemoveResponse, error) {
	return unary(cl, &c, "MemberRemove", mutable, etcdserver.MemberRemoveRPC, r)
}

func (cl *Client) MemberUpdate(c etcdctl.Call, r *pb.MemberUpdateRequest) (*pb.MemberUpdateResponse, error) {
	return unary(cl, &c, "MemberUpdate", mutable, etcdserver.MemberUpdateRPC, r)
}

func (cl *Client) MemberPromote(c etcdctl.Call, r *pb.MemberPromoteRequest) (*pb.MemberPromoteResponse, error) {
	return unary(cl, &c, "MemberPromote", mutable, etcdserver.MemberPromoteRPC, r)
}

// ---- Maintenance ----

func (cl *Client) Alarm(c etcdctl.Call, r *pb.AlarmRequest) (*pb.AlarmResponse, error) {
	return unary(cl, &c, "Alarm", repeatable, etcdserver.AlarmRPC, r)
}

func (cl *Client) Status(c etcdctl.Call, r *pb.StatusRequest) (*pb.StatusResponse, error) {
	return unary(cl, &c, "Status", repeatable, etcdserver.StatusRPC, r)
}

func (cl *Client) HashKV(c etcdctl.Call, r *pb.HashKVRequest) (*pb.HashKVResponse, error) {
	return unary(cl, &c, "HashKV", repeatable, etcdserver.HashKVRPC, r)
}

func (cl *Client) Defragment(c etcdctl.Call, r *pb.DefragmentRequest) (*pb.DefragmentResponse, error) {
	return unary(cl, &c, "Defragment", mutable, etcdserver.DefragmentRPC, r)
}

func (cl *Client) MoveLeader(c etcdctl.Call, r *pb.MoveLeaderRequest) (*pb.MoveLeaderResponse, error) {
	return unary(cl, &c, "MoveLeader", repeatable, etcdserver.MoveLeaderRPC, r)
}

func (cl *Client) Snapshot(c etcdctl.Call, r *pb.SnapshotRequest) (*pb.SnapshotResponse, error) {
	return unary(cl, &c, "Snapshot", repeatable, etcdserver.SnapshotRPC, r)
}

// DeleteRangeNoWait sends a delete to the first ready endpoint and does
// not wait for the answer (etcdctl's lock and elect release their key so
// when stopped). Nothing is sent when no endpoint is ready; the key's
// lease then expires. It is not recorded in the history: its outcome is
// nobody's to see.
func (cl *Client) DeleteRangeNoWait(c etcdctl.Call, r *pb.DeleteRangeRequest) {
	m, h, _ := cl.pick(&c)
	if m == nil {
		return
	}
	conn := cl.conn(m, h)
	del := func(token string) {
		sim.CallAny(conn, "DeleteRange", token, etcdserver.DeleteRangeRPC.Serve, r, nil)
	}
	if c.User == "" {
		del(c.Token)
		return
	}
	// The token may be stale by now (an auth change while the lock was
	// held): authenticate first, as clientv3 refreshes it.
	sim.CallAny(conn, "Authenticate", "", etcdserver.AuthenticateRPC.Serve,
		&pb.AuthenticateRequest{Name: c.User, Password: c.Password}, sim.AnswerFunc(func(resp any, err error) {
			token := c.Token
			if err == nil {
				token = resp.(*pb.AuthenticateResponse).Token
			}
			del(token)
		}))
}
