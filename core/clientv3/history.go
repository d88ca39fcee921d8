package clientv3

import (
	"time"

	pb "github.com/raftlab/raftlab/core/etcdpb"
)

// History is every key-value request (Range, Put, DeleteRange, Txn) its
// clients made, with what each saw and the virtual times it was sent and
// answered: what a linearizability check reads. The clients append to it
// themselves, as etcd's robustness tests keep their history in their
// recording client (tests/robustness/client).
//
// It is bounded in requests and in the bytes of keys and values it holds:
// past a bound it keeps its first requests and counts the rest.
type History struct {
	// chunks hold the ops in order, historyChunk to a chunk: appending
	// never copies the ops kept so far (a slice of 100,000 ops doubling
	// copied each op about twice, pointers and all, under the GC's write
	// barrier).
	chunks  [][]Op
	n       int
	bytes   int
	dropped int
}

// historyChunk is how many ops one chunk holds (48 KiB).
const historyChunk = 1024

// Op is one key-value request and its outcome as its client saw it.
type Op struct {
	Req  *pb.RequestOp
	Resp *pb.ResponseOp
	Err  error
	// Call and Return are the virtual times it was sent and answered (or
	// given up on).
	Call, Return time.Duration
}

// The history's bounds.
const (
	MaxHistory      = 100_000
	MaxHistoryBytes = 64 << 20
)

// Append adds an op, or counts it as dropped past a bound.
func (h *History) Append(op Op) {
	n := opBytes(op.Req, op.Resp)
	if h.n >= MaxHistory || h.bytes+n > MaxHistoryBytes {
		h.dropped++
		return
	}
	h.bytes += n
	if k := len(h.chunks); k == 0 || len(h.chunks[k-1]) == historyChunk {
		h.chunks = append(h.chunks, make([]Op, 0, historyChunk))
	}
	last := &h.chunks[len(h.chunks)-1]
	*last = append(*last, op)
	h.n++
}

// Ops are the kept ops in the order they were answered (a copy).
func (h *History) Ops() []Op {
	ops := make([]Op, 0, h.n)
	for _, c := range h.chunks {
		ops = append(ops, c...)
	}
	return ops
}

// Len is the number of kept ops.
func (h *History) Len() int { return h.n }

// Bytes is about what the kept ops hold: their keys and values.
func (h *History) Bytes() int { return h.bytes }

// Dropped counts the ops that came past a bound and were not kept.
func (h *History) Dropped() int { return h.dropped }

// opBytes is about what one recorded request holds: its keys and values.
func opBytes(req *pb.RequestOp, resp *pb.ResponseOp) int {
	n := 64
	switch {
	case req.RequestPut != nil:
		n += len(req.RequestPut.Key) + len(req.RequestPut.Value)
	case req.RequestRange != nil:
		n += len(req.RequestRange.Key) + len(req.RequestRange.RangeEnd)
	case req.RequestDeleteRange != nil:
		n += len(req.RequestDeleteRange.Key) + len(req.RequestDeleteRange.RangeEnd)
	case req.RequestTxn != nil:
		for _, ops := range [][]*pb.RequestOp{req.RequestTxn.Success, req.RequestTxn.Failure} {
			for _, op := range ops {
				if op != nil {
					n += opBytes(op, nil)
				}
			}
		}
		for _, c := range req.RequestTxn.Compare {
			if c != nil {
				n += len(c.Key) + len(c.Value)
			}
		}
	}
	if rr := resp.GetResponseRange(); rr != nil {
		for _, kv := range rr.Kvs {
			n += len(kv.Key) + len(kv.Value)
		}
	}
	return n
}
