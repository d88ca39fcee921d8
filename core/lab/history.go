package lab

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// The session's client history (clientv3.History, which the clients
// append to): every key-value request any client made (the console's
// etcdctl, the Go client, the API servers), with the virtual times it was
// sent and answered. CheckLinearizability checks it with porcupine. It is
// bounded in requests and in bytes (clientv3.MaxHistory, MaxHistoryBytes):
// a longer session keeps its first requests, counts the rest, and the
// check says how many it checked of how many.

// KVInput is one operation on one key; KVOutput is what the client saw.
// With KVModel they are the porcupine model of etcd's key-value API that the
// page's check and the linearizability tests share.
type KVInput struct {
	Op     byte // 'p' put, 'g' get, 'd' delete, 'c' compare-and-set, 'n' create if absent
	Key    string
	Value  string
	Expect string
}

type KVOutput struct {
	Unknown   bool // timed out or its connection broke: it may or may not have taken effect
	Value     string
	Deleted   int64
	Succeeded bool
}

// KVModel is one register per key; "" is an absent key.
var KVModel = porcupine.Model{
	Partition: func(h []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[string][]porcupine.Operation{}
		var keys []string
		for _, op := range h {
			k := op.Input.(KVInput).Key
			if _, ok := byKey[k]; !ok {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], op)
		}
		var out [][]porcupine.Operation
		for _, k := range keys {
			out = append(out, byKey[k])
		}
		return out
	},
	Init: func() any { return "" },
	Step: func(state, input, output any) (bool, any) {
		s, in, out := state.(string), input.(KVInput), output.(KVOutput)
		switch in.Op {
		case 'p':
			return true, in.Value
		case 'g':
			return out.Unknown || out.Value == s, s
		case 'd':
			want := int64(0)
			if s != "" {
				want = 1
			}
			return out.Unknown || out.Deleted == want, ""
		case 'c':
			if s != "" && s == in.Expect {
				return out.Unknown || out.Succeeded, in.Value
			}
			return out.Unknown || !out.Succeeded, s
		case 'n':
			if s == "" {
				return out.Unknown || out.Succeeded, in.Value
			}
			return out.Unknown || !out.Succeeded, s
		}
		return false, s
	},
	DescribeOperation: func(input, output any) string {
		in, out := input.(KVInput), output.(KVOutput)
		res := "ok"
		switch {
		case out.Unknown:
			res = "?"
		case in.Op == 'g':
			res = strconv.Quote(out.Value)
		case in.Op == 'd':
			res = strconv.FormatInt(out.Deleted, 10)
		case in.Op == 'c' || in.Op == 'n':
			res = strconv.FormatBool(out.Succeeded)
		}
		call := "cas(" + in.Key + ", " + in.Expect + "→" + in.Value
		switch in.Op {
		case 'p':
			call = "put(" + in.Key + ", " + in.Value
		case 'g':
			call = "get(" + in.Key
		case 'd':
			call = "del(" + in.Key
		case 'n':
			call = "create(" + in.Key + ", " + in.Value
		}
		return call + ") -> " + res
	},
	DescribeState: func(state any) string { return strconv.Quote(state.(string)) },
}

// LinearizabilityReport is the outcome of checking the session's history.
type LinearizabilityReport struct {
	// Result is "ok", "violation" or "unknown" (the checker ran out of time).
	Result string
	// Operations were checked, on Keys keys; Unknown of them timed out.
	Operations, Keys, Unknown int
	// Serializable reads and other requests that are not linearizable by
	// contract are not checked; SkippedKeys were touched by requests the
	// model cannot follow (ranges deletes, leases, other txns).
	Serializable int
	SkippedKeys  []string
	// Requests is every key-value request the session made; Dropped of
	// them came after the history reached its bound and were not kept.
	Requests, Dropped int
}

func (r LinearizabilityReport) String() string {
	s := fmt.Sprintf("%s: %d operations on %d keys (%d of unknown outcome), checked of %d client requests; %d serializable reads not checked",
		r.Result, r.Operations, r.Keys, r.Unknown, r.Requests, r.Serializable)
	if len(r.SkippedKeys) > 0 {
		s += fmt.Sprintf("; %d keys skipped", len(r.SkippedKeys))
	}
	if r.Dropped > 0 {
		s += fmt.Sprintf("; the last %d requests were not kept (the history keeps at most %d requests or %d MiB)", r.Dropped, clientv3.MaxHistory, clientv3.MaxHistoryBytes>>20)
	}
	return s
}

// outcomeUnknown reports whether an error leaves the outcome unknown: the
// client gave up, but the request may still take effect (etcd: a timeout
// means "unknown", not "failed"), or its connection broke while the
// member had it (gRPC's Unavailable, clientv3.ErrConnectionEOF: a write
// the member may have proposed, and the cluster applied, before it
// crashed). Any other error is the server's refusal: no effect.
func outcomeUnknown(err error) bool {
	var ce interface{ Unwrap() error }
	if errors.As(err, &ce) {
		err = ce.Unwrap()
	}
	var se *etcdpb.StatusError
	if errors.As(err, &se) && se.Code == "Unavailable" {
		return true
	}
	return errors.Is(err, etcdpb.ErrDeadlineExceeded) || errors.Is(err, etcdpb.ErrTimeout) ||
		errors.Is(err, etcdpb.ErrTimeoutDueToLeaderFail) || errors.Is(err, etcdpb.ErrTimeoutDueToConnectionLost)
}

// CheckLinearizability checks every single-key put, get, delete and
// compare-and-set of the session against a register per key, as porcupine
// does for etcd's own tests. timeout bounds the search (it is the one place
// raftlab looks at a real clock: it analyses the history, it does not
// simulate).
func (l *Lab) CheckLinearizability(timeout time.Duration) LinearizabilityReport {
	ops := l.history.Ops()
	rep := LinearizabilityReport{Dropped: l.history.Dropped(), Requests: len(ops) + l.history.Dropped()}
	skip := map[string]bool{}
	type pending struct {
		_   [0]func() // not comparable: no generated equality in the page
		in  KVInput
		out KVOutput
		op  clientv3.Op
	}
	var kept []pending
	var ranges [][2][]byte // deleted ranges: their keys cannot be followed
	for _, h := range ops {
		unknown := h.Err != nil && outcomeUnknown(h.Err)
		if h.Err != nil && !unknown {
			continue // refused: no effect
		}
		out := KVOutput{Unknown: unknown}
		var in KVInput
		switch r := h.Req; {
		case r.RequestPut != nil:
			p := r.RequestPut
			if p.Lease != 0 || p.IgnoreValue || p.IgnoreLease {
				skip[string(p.Key)] = true
				continue
			}
			in = KVInput{Op: 'p', Key: string(p.Key), Value: string(p.Value)}
		case r.RequestRange != nil:
			g := r.RequestRange
			if unknown || len(g.RangeEnd) > 0 || g.Revision != 0 || g.CountOnly || g.KeysOnly {
				continue // reads of the past or of ranges change nothing
			}
			if g.Serializable {
				rep.Serializable++
				continue
			}
			if resp := h.Resp.GetResponseRange(); resp != nil && len(resp.Kvs) > 0 {
				out.Value = string(resp.Kvs[0].Value)
			}
			in = KVInput{Op: 'g', Key: string(g.Key)}
		case r.RequestDeleteRange != nil:
			d := r.RequestDeleteRange
			if len(d.RangeEnd) > 0 {
				ranges = append(ranges, [2][]byte{d.Key, d.RangeEnd})
				continue
			}
			if resp := h.Resp.GetResponseDeleteRange(); resp != nil {
				out.Deleted = resp.Deleted
			}
			in = KVInput{Op: 'd', Key: string(d.Key)}
		case r.RequestTxn != nil:
			var ok bool
			if in, ok = casInput(r.RequestTxn); !ok {
				keys, rs := txnWrites(r.RequestTxn)
				for _, k := range keys {
					skip[k] = true
				}
				ranges = append(ranges, rs...)
				continue
			}
			if resp := h.Resp.GetResponseTxn(); resp != nil {
				out.Succeeded = resp.Succeeded
			}
		default:
			continue
		}
		kept = append(kept, pending{in: in, out: out, op: h})
	}
	var hist []porcupine.Operation
	keys := map[string]bool{}
	for i, p := range kept {
		if skip[p.in.Key] || inRanges(p.in.Key, ranges) {
			skip[p.in.Key] = true
			continue
		}
		ret := int64(p.op.Return)
		if p.out.Unknown {
			rep.Unknown++
			ret = math.MaxInt64
		}
		keys[p.in.Key] = true
		hist = append(hist, porcupine.Operation{ClientId: i, Input: p.in, Output: p.out, Call: int64(p.op.Call), Return: ret})
	}
	for k := range skip {
		rep.SkippedKeys = append(rep.SkippedKeys, k)
	}
	ptrsort.Strings(rep.SkippedKeys)
	rep.Operations, rep.Keys = len(hist), len(keys)
	switch porcupine.CheckOperationsTimeout(KVModel, hist, timeout) {
	case porcupine.Ok:
		rep.Result = "ok"
	case porcupine.Illegal:
		rep.Result = "violation"
	default:
		rep.Result = "unknown"
	}
	return rep
}

// casInput recognizes a compare-and-set: value(k) = x, then put k y, with
// nothing else; or a create, as kube-apiserver's storage makes one:
// create_revision(k) = 0, then put k y.
func casInput(r *etcdpb.TxnRequest) (KVInput, bool) {
	if len(r.Compare) != 1 || len(r.Success) != 1 || len(r.Failure) != 0 {
		return KVInput{}, false
	}
	c, put := r.Compare[0], r.Success[0].RequestPut
	if c.Result != etcdpb.CompareEqual || len(c.RangeEnd) > 0 ||
		put == nil || !bytes.Equal(put.Key, c.Key) || put.Lease != 0 || put.IgnoreValue || put.IgnoreLease || len(put.Value) == 0 {
		return KVInput{}, false
	}
	switch {
	case c.Target == etcdpb.CompareValue:
		return KVInput{Op: 'c', Key: string(c.Key), Value: string(put.Value), Expect: string(c.Value)}, true
	case c.Target == etcdpb.CompareCreate && c.CreateRevision == 0:
		return KVInput{Op: 'n', Key: string(c.Key), Value: string(put.Value)}, true
	}
	return KVInput{}, false
}

// txnWrites lists the keys and key ranges a transaction may write.
func txnWrites(r *etcdpb.TxnRequest) (keys []string, ranges [][2][]byte) {
	for _, ops := range [][]*etcdpb.RequestOp{r.Success, r.Failure} {
		for _, op := range ops {
			switch {
			case op.RequestPut != nil:
				keys = append(keys, string(op.RequestPut.Key))
			case op.RequestDeleteRange != nil && len(op.RequestDeleteRange.RangeEnd) > 0:
				ranges = append(ranges, [2][]byte{op.RequestDeleteRange.Key, op.RequestDeleteRange.RangeEnd})
			case op.RequestDeleteRange != nil:
				keys = append(keys, string(op.RequestDeleteRange.Key))
			case op.RequestTxn != nil:
				k, rs := txnWrites(op.RequestTxn)
				keys, ranges = append(keys, k...), append(ranges, rs...)
			}
		}
	}
	return keys, ranges
}

func inRanges(k string, ranges [][2][]byte) bool {
	for _, r := range ranges {
		end := r[1]
		if bytes.Compare([]byte(k), r[0]) >= 0 && (len(end) == 1 && end[0] == 0 || bytes.Compare([]byte(k), end) < 0) {
			return true
		}
	}
	return false
}
