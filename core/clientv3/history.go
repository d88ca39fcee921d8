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
	// entries hold the ops in order, historyChunk to a chunk: appending
	// never copies the ops kept so far. An entry holds no pointer: a
	// plain put (most of a session's ops) keeps its key and value in the
	// arena and its answer's header in the entry; any other op is kept
	// as it came, in boxed. The garbage collector scans none of a plain
	// put's (it scanned five objects per put, most of a loaded
	// cluster's live objects).
	entries [][]entry
	boxed   []Op
	arena   [][]byte
	n       int
	bytes   int
	dropped int
}

// historyChunk is how many entries one chunk holds; arenaChunk the bytes
// of one arena chunk (a larger key and value get a chunk of their own).
const (
	historyChunk = 1024
	arenaChunk   = 64 << 10
)

// entry is one kept op: a plain put (box 0: its request a key and a value,
// its answer a header), or the index+1 of the op in boxed.
type entry struct {
	_          [0]func() // not comparable: no generated equality in the page
	call, ret  time.Duration
	hdr        pb.ResponseHeader
	box        int32
	chunk      int32
	off        uint32
	klen, vlen uint32
	nils       uint8 // keyNil, valueNil, headerNil
}

const (
	keyNil = 1 << iota
	valueNil
	headerNil
)

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
	if r := op.Req; op.Err == nil && r.RequestRange == nil && r.RequestDeleteRange == nil && r.RequestTxn == nil && op.Resp != nil {
		if w, ok := op.Resp.Response.(*pb.ResponseOp_ResponsePut); ok && h.plainPut(r.RequestPut, w.ResponsePut, op.Call, op.Return) {
			return
		}
	}
	if !h.admit(opBytes(op.Req, op.Resp)) {
		return
	}
	h.boxed = append(h.boxed, op)
	h.add(entry{call: op.Call, ret: op.Return, box: int32(len(h.boxed))})
}

// plain: a put without a lease or options whose answer has no previous
// key-value, which an entry holds whole.
func plain(r *pb.PutRequest, resp *pb.PutResponse) bool {
	return r != nil && resp != nil && r.Lease == 0 && !r.PrevKv && !r.IgnoreValue && !r.IgnoreLease &&
		resp.PrevKv == nil && uint64(len(r.Key))+uint64(len(r.Value)) < 1<<31
}

// admit counts an op of n bytes in, or as dropped past a bound.
func (h *History) admit(n int) bool {
	if h.n >= MaxHistory || h.bytes+n > MaxHistoryBytes {
		h.dropped++
		return false
	}
	h.bytes += n
	return true
}

// plainPut keeps a plain put that succeeded as an entry, or counts it as
// dropped past a bound (false, doing nothing, when it is not plain). The
// client calls it straight (Client.Put), with no Op to build.
func (h *History) plainPut(r *pb.PutRequest, resp *pb.PutResponse, call, ret time.Duration) bool {
	if !plain(r, resp) {
		return false
	}
	if !h.admit(opOverhead + len(r.Key) + len(r.Value)) { // opBytes of the put
		return true
	}
	e := entry{call: call, ret: ret, klen: uint32(len(r.Key)), vlen: uint32(len(r.Value))}
	if r.Key == nil {
		e.nils |= keyNil
	}
	if r.Value == nil {
		e.nils |= valueNil
	}
	if resp.Header == nil {
		e.nils |= headerNil
	} else {
		e.hdr = *resp.Header
	}
	size := len(r.Key) + len(r.Value)
	k := len(h.arena) - 1
	if k < 0 || len(h.arena[k])+size > cap(h.arena[k]) {
		h.arena = append(h.arena, make([]byte, 0, max(arenaChunk, size)))
		k++
	}
	e.chunk, e.off = int32(k), uint32(len(h.arena[k]))
	h.arena[k] = append(append(h.arena[k], r.Key...), r.Value...)
	h.add(e)
	return true
}

func (h *History) add(e entry) {
	if k := len(h.entries); k == 0 || len(h.entries[k-1]) == historyChunk {
		h.entries = append(h.entries, make([]entry, 0, historyChunk))
	}
	last := &h.entries[len(h.entries)-1]
	*last = append(*last, e)
	h.n++
}

// Ops are the kept ops in the order they were answered (a copy; a plain
// put's request and answer are made anew, equal to what was appended).
func (h *History) Ops() []Op {
	ops := make([]Op, 0, h.n)
	for _, c := range h.entries {
		for i := range c {
			ops = append(ops, h.op(&c[i]))
		}
	}
	return ops
}

// op is an entry as the Op it was.
func (h *History) op(e *entry) Op {
	if e.box > 0 {
		return h.boxed[e.box-1]
	}
	b := h.arena[e.chunk][e.off : e.off+e.klen+e.vlen : e.off+e.klen+e.vlen]
	r := &pb.PutRequest{Key: b[:e.klen:e.klen], Value: b[e.klen:]}
	if e.nils&keyNil != 0 {
		r.Key = nil
	}
	if e.nils&valueNil != 0 {
		r.Value = nil
	}
	resp := &pb.PutResponse{}
	if e.nils&headerNil == 0 {
		hdr := e.hdr
		resp.Header = &hdr
	}
	return Op{Req: &pb.RequestOp{RequestPut: r}, Resp: &pb.ResponseOp{Response: &pb.ResponseOp_ResponsePut{ResponsePut: resp}},
		Call: e.call, Return: e.ret}
}

// Len is the number of kept ops.
func (h *History) Len() int { return h.n }

// Bytes is about what the kept ops hold: their keys and values.
func (h *History) Bytes() int { return h.bytes }

// Dropped counts the ops that came past a bound and were not kept.
func (h *History) Dropped() int { return h.dropped }

// opOverhead is what opBytes counts for any op besides its keys and values.
const opOverhead = 64

// opBytes is about what one recorded request holds: its keys and values.
func opBytes(req *pb.RequestOp, resp *pb.ResponseOp) int {
	n := opOverhead
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
