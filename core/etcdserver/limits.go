package etcdserver

// etcd 3.5's request limits: --max-request-bytes (the gRPC receive limit
// and the proposal size check of processInternalRaftRequestOnce) and the
// backend quota of --quota-backend-bytes with its NOSPACE alarm
// (server/etcdserver/quota.go, api/v3rpc/quota.go, apply.go).

import (
	"fmt"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdpb"
)

const (
	// clientMaxSendBytes is clientv3's default MaxCallSendMsgSize (2 MiB),
	// which etcdctl keeps: larger requests never leave the client.
	clientMaxSendBytes = 2 * 1024 * 1024
	// kvOverhead and leaseOverhead are the quota's per-write costs
	// (etcdserver/quota.go).
	kvOverhead    = 256
	leaseOverhead = 64
	// raftRequestOverhead is what InternalRaftRequest adds around a client
	// request in protobuf: its header (request ID) and the field's tag and
	// length.
	raftRequestOverhead = 20
)

func (c *ClusterConfig) maxRequestBytes() int {
	if c.MaxRequestBytes == 0 {
		return etcdconf.DefaultMaxRequestBytes
	}
	return int(min(c.MaxRequestBytes, 1<<40))
}

// limits are what etcd's gRPC layer knows of a request before serving it:
// its protobuf size and what it may add to the backend (its quota cost).
type limits struct {
	size int
	cost int64
	// admin: only root may send it once auth is on (etcd's
	// authMaintenanceServer and checkMembershipOperationPermission).
	admin bool
}

// otherSize stands for the size of requests other than the key-value ones
// (all far below any limit); otherLimits for their limits.
const otherSize = 16

var otherLimits = limits{size: otherSize}

// adminLimits are otherLimits for the requests only root may send.
var adminLimits = limits{size: otherSize, admin: true}

// checkSize refuses a request of n bytes larger than the gRPC limits:
// clientv3's send limit, then the server's receive limit
// (--max-request-bytes + 512 KiB).
func (s *Server) checkSize(n int) error {
	if n > clientMaxSendBytes {
		return &etcdpb.StatusError{Code: "ResourceExhausted", Desc: fmt.Sprintf("trying to send message larger than max (%d vs. %d)", n, clientMaxSendBytes)}
	}
	if lim := s.cfg.maxRequestBytes() + etcdconf.GRPCOverheadBytes; n > lim {
		return &etcdpb.StatusError{Code: "ResourceExhausted", Desc: fmt.Sprintf("grpc: received message larger than max (%d vs. %d)", n, lim)}
	}
	return nil
}

// tooLarge is processInternalRaftRequestOnce's check: the proposal of a
// request of n bytes (in etcd's protobuf size) may not exceed
// --max-request-bytes.
func (s *Server) tooLarge(n int) bool {
	return n+raftRequestOverhead > s.cfg.maxRequestBytes()
}

// putCost and txnCost are backendQuota.Cost: what a write may add to the
// backend (a lease grant costs leaseOverhead).
func putCost(p *etcdpb.PutRequest) int64 { return int64(kvOverhead + len(p.Key) + len(p.Value)) }

func txnCost(t *etcdpb.TxnRequest) int64 {
	branch := func(ops []*etcdpb.RequestOp) (n int64) {
		for _, op := range ops {
			if op != nil && op.RequestPut != nil {
				n += putCost(op.RequestPut)
			}
		}
		return n
	}
	return max(branch(t.Success), branch(t.Failure))
}

// quotaAvailable is backendQuota.Available: the backend's file size plus
// a write's cost stays below the quota (no quota when
// --quota-backend-bytes is negative).
func (s *Server) quotaAvailable(cost int64) bool {
	if cost == 0 {
		return true
	}
	q := etcdconf.QuotaBytes(s.cfg.QuotaBackendBytes)
	return q == 0 || s.growDB()+cost < q
}

// raiseNoSpace proposes this member's NOSPACE alarm (etcd's quotaAlarmer
// and applyEntryNormal), then calls done.
func (s *Server) raiseNoSpace(done func()) {
	for _, a := range s.alarms {
		if a.MemberID == s.m.ID && a.Alarm == etcdpb.AlarmNoSpace {
			done()
			return
		}
	}
	o := &op{size: otherSize, reply: func(any, error) { done() }}
	s.propose(o, &InternalRaftRequest{Alarm: &etcdpb.AlarmRequest{Action: etcdpb.AlarmActivate, MemberID: s.m.ID, Alarm: etcdpb.AlarmNoSpace}})
}

// putSize, rangeSize, deleteSize and txnSize are the protobuf encoding
// sizes of the key-value requests (etcd sizes requests in protobuf;
// raftlab's entries are protobuf for puts, which putSize measures exactly,
// and JSON for the rest).
func putSize(p *etcdpb.PutRequest) int {
	return bytesField(p.Key) + bytesField(p.Value) + intField(p.Lease) +
		boolField(p.PrevKv) + boolField(p.IgnoreValue) + boolField(p.IgnoreLease)
}

func deleteSize(d *etcdpb.DeleteRangeRequest) int {
	return bytesField(d.Key) + bytesField(d.RangeEnd) + boolField(d.PrevKv)
}

func rangeSize(r *etcdpb.RangeRequest) int {
	return bytesField(r.Key) + bytesField(r.RangeEnd) + intField(r.Limit) + intField(r.Revision) +
		intField(int64(r.SortOrder)) + intField(int64(r.SortTarget)) + boolField(r.Serializable) +
		boolField(r.KeysOnly) + boolField(r.CountOnly) + intField(r.MinModRevision) +
		intField(r.MaxModRevision) + intField(r.MinCreateRevision) + intField(r.MaxCreateRevision)
}

func txnSize(t *etcdpb.TxnRequest) int {
	n := 0
	for _, c := range t.Compare {
		if c != nil {
			n += msgField(intField(int64(c.Result)) + intField(int64(c.Target)) + bytesField(c.Key) +
				intField(c.Version) + intField(c.CreateRevision) + intField(c.ModRevision) +
				bytesField(c.Value) + intField(c.Lease) + bytesField(c.RangeEnd))
		}
	}
	for _, ops := range [][]*etcdpb.RequestOp{t.Success, t.Failure} {
		for _, op := range ops {
			m := 0
			switch {
			case op == nil:
			case op.RequestRange != nil:
				m = msgField(rangeSize(op.RequestRange))
			case op.RequestPut != nil:
				m = msgField(putSize(op.RequestPut))
			case op.RequestDeleteRange != nil:
				m = msgField(deleteSize(op.RequestDeleteRange))
			case op.RequestTxn != nil:
				m = msgField(txnSize(op.RequestTxn))
			}
			n += msgField(m)
		}
	}
	return n
}

func varintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

func msgField(n int) int { return 1 + varintLen(uint64(n)) + n }

func bytesField(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	return msgField(len(b))
}

func intField(v int64) int {
	if v == 0 {
		return 0
	}
	return 1 + varintLen(uint64(v))
}

func boolField(b bool) int {
	if !b {
		return 0
	}
	return 2
}

// quotaCost is the cost of the write quotaApplierV3 checks at apply (puts
// and txns).
func (r *InternalRaftRequest) quotaCost() int64 {
	switch {
	case r.Put != nil:
		return putCost(r.Put)
	case r.Txn != nil:
		return txnCost(r.Txn)
	}
	return 0
}
