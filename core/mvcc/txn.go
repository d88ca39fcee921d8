package mvcc

import (
	"bytes"

	"github.com/raftlab/raftlab/core/etcdpb"
)

// opKind returns which request a RequestOp carries. etcd's RequestOp is a
// protobuf oneof; here the first non-nil field wins.
func opKind(op *etcdpb.RequestOp) int {
	switch {
	case op == nil:
		return 0
	case op.RequestRange != nil:
		return 1
	case op.RequestPut != nil:
		return 2
	case op.RequestDeleteRange != nil:
		return 3
	case op.RequestTxn != nil:
		return 4
	}
	return 0
}

// checkTxnRequest is etcd's v3rpc checkTxnRequest: too many ops, empty
// keys, and an empty op (ErrKeyNotFound, as etcd answers).
func checkTxnRequest(r *etcdpb.TxnRequest, maxTxnOps int) error {
	opc := len(r.Compare)
	if opc < len(r.Success) {
		opc = len(r.Success)
	}
	if opc < len(r.Failure) {
		opc = len(r.Failure)
	}
	if opc > maxTxnOps {
		return etcdpb.ErrTooManyOps
	}
	for _, c := range r.Compare {
		if c == nil || len(c.Key) == 0 {
			return etcdpb.ErrEmptyKey
		}
	}
	for _, ops := range [][]*etcdpb.RequestOp{r.Success, r.Failure} {
		for _, op := range ops {
			var err error
			switch opKind(op) {
			case 1:
				if len(op.RequestRange.Key) == 0 {
					err = etcdpb.ErrEmptyKey
				}
			case 2:
				err = checkPut(op.RequestPut)
			case 3:
				if len(op.RequestDeleteRange.Key) == 0 {
					err = etcdpb.ErrEmptyKey
				}
			case 4:
				err = checkTxnRequest(op.RequestTxn, maxTxnOps-opc)
			default:
				err = etcdpb.ErrKeyNotFound
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// interval is etcd's adt string-affine interval [begin, end) where an empty
// end is +infinity. A delete with range end "\x00" (from-key) becomes the
// interval [key, "\x00"), which is empty: etcd's checkIntervals never sees
// a from-key delete overlap a put, and raftlab keeps that.
type interval struct{ begin, end string }

func (iv interval) hasPoint(k string) bool {
	return iv.begin <= k && (iv.end == "" || k < iv.end)
}

func (iv interval) intersects(o interval) bool {
	// [a,b) and [c,d) intersect when a < d and c < b, with "" = +inf
	lt := func(x, y string) bool { // x < y, y may be +inf
		return y == "" || x < y
	}
	return lt(iv.begin, o.end) && lt(o.begin, iv.end) && lt(iv.begin, iv.end) && lt(o.begin, o.end)
}

type intervals []interval

func (ivs intervals) hasPoint(k string) bool {
	for _, iv := range ivs {
		if iv.hasPoint(k) {
			return true
		}
	}
	return false
}

// checkIntervals is etcd's v3rpc checkIntervals: within one branch a key
// may not be put twice, nor put and deleted, including across nested txns
// (then/else of one nested txn may put the same key: only one runs).
func checkIntervals(reqs []*etcdpb.RequestOp) (map[string]struct{}, intervals, error) {
	var dels intervals
	for _, op := range reqs {
		if opKind(op) != 3 {
			continue
		}
		d := op.RequestDeleteRange
		if len(d.RangeEnd) != 0 {
			dels = append(dels, interval{string(d.Key), string(d.RangeEnd)})
		} else {
			dels = append(dels, interval{string(d.Key), string(d.Key) + "\x00"})
		}
	}
	puts := map[string]struct{}{}
	for _, op := range reqs {
		if opKind(op) != 4 {
			continue
		}
		putsThen, delsThen, err := checkIntervals(op.RequestTxn.Success)
		if err != nil {
			return nil, dels, err
		}
		putsElse, delsElse, err := checkIntervals(op.RequestTxn.Failure)
		if err != nil {
			return nil, dels, err
		}
		for k := range putsThen {
			if _, ok := puts[k]; ok {
				return nil, dels, etcdpb.ErrDuplicateKey
			}
			if dels.hasPoint(k) {
				return nil, dels, etcdpb.ErrDuplicateKey
			}
			puts[k] = struct{}{}
		}
		for k := range putsElse {
			if _, ok := puts[k]; ok {
				if _, isSafe := putsThen[k]; !isSafe {
					return nil, dels, etcdpb.ErrDuplicateKey
				}
			}
			if dels.hasPoint(k) {
				return nil, dels, etcdpb.ErrDuplicateKey
			}
			puts[k] = struct{}{}
		}
		// etcd: dels.Union(delsX, ["\x00", +inf)) copies only intervals
		// that intersect it, which drops the empty from-key intervals.
		all := interval{"\x00", ""}
		for _, iv := range append(delsThen, delsElse...) {
			if iv.intersects(all) {
				dels = append(dels, iv)
			}
		}
	}
	for _, op := range reqs {
		if opKind(op) != 2 {
			continue
		}
		k := string(op.RequestPut.Key)
		if _, ok := puts[k]; ok {
			return nil, dels, etcdpb.ErrDuplicateKey
		}
		if dels.hasPoint(k) {
			return nil, dels, etcdpb.ErrDuplicateKey
		}
		puts[k] = struct{}{}
	}
	return puts, dels, nil
}

// CompareKV is etcd's compareKV: whether kv satisfies the compare's target
// and result. (A missing key is the caller's choice: applyCompare.)
func CompareKV(c *etcdpb.Compare, kv *etcdpb.KeyValue) bool {
	var result int
	cmp := func(a, b int64) int {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	switch c.Target {
	case etcdpb.CompareValue:
		result = bytes.Compare(kv.Value, c.Value)
	case etcdpb.CompareCreate:
		result = cmp(kv.CreateRevision, c.CreateRevision)
	case etcdpb.CompareMod:
		result = cmp(kv.ModRevision, c.ModRevision)
	case etcdpb.CompareVersion:
		result = cmp(kv.Version, c.Version)
	case etcdpb.CompareLease:
		result = cmp(kv.Lease, c.Lease)
	}
	switch c.Result {
	case etcdpb.CompareEqual:
		return result == 0
	case etcdpb.CompareNotEqual:
		return result != 0
	case etcdpb.CompareGreater:
		return result > 0
	case etcdpb.CompareLess:
		return result < 0
	}
	return true
}

// applyCompare is etcd's applyCompare: the compare must hold for every key
// in the range; with no key, a VALUE compare fails and the others compare
// against a zero KeyValue (version/create/mod/lease 0).
func (s *Store) applyCompare(c *etcdpb.Compare) bool {
	kvs := s.rangeAt(c.Key, normEnd(c.RangeEnd), s.rev)
	if len(kvs) == 0 {
		if c.Target == etcdpb.CompareValue {
			return false
		}
		return CompareKV(c, &etcdpb.KeyValue{})
	}
	for _, kv := range kvs {
		if !CompareKV(c, kv) {
			return false
		}
	}
	return true
}

// compareToPath evaluates, before anything is written, the compares of the
// txn and of every nested txn on the taken branches (etcd's compareToPath).
func (s *Store) compareToPath(rt *etcdpb.TxnRequest) []bool {
	ok := true
	for _, c := range rt.Compare {
		if !s.applyCompare(c) {
			ok = false
			break
		}
	}
	path := []bool{ok}
	ops := rt.Success
	if !ok {
		ops = rt.Failure
	}
	for _, op := range ops {
		if opKind(op) == 4 {
			path = append(path, s.compareToPath(op.RequestTxn)...)
		}
	}
	return path
}

// checkRequests is etcd's checkRequests with checkRequestPut and
// checkRequestRange, against the store before the txn.
func (s *Store) checkRequests(rt *etcdpb.TxnRequest, path []bool) (int, error) {
	n := 0
	ops := rt.Success
	if !path[0] {
		ops = rt.Failure
	}
	for _, op := range ops {
		switch opKind(op) {
		case 4:
			txns, err := s.checkRequests(op.RequestTxn, path[1:])
			if err != nil {
				return 0, err
			}
			n += txns + 1
			path = path[txns+1:]
		case 2:
			p := op.RequestPut
			if (p.IgnoreValue || p.IgnoreLease) && s.get(p.Key, s.rev) == nil {
				return 0, etcdpb.ErrKeyNotFound
			}
			if p.Lease != 0 && s.lessor != nil && !s.lessor.Exists(p.Lease) {
				return 0, etcdpb.ErrLeaseNotFound
			}
		case 1:
			r := op.RequestRange
			switch {
			case r.Revision == 0:
			case r.Revision > s.rev:
				return 0, etcdpb.ErrFutureRev
			case r.Revision < s.compactRev:
				return 0, etcdpb.ErrCompacted
			}
		}
	}
	return n, nil
}

// applyTxn runs the taken branch; ranges see the writes made before them
// in the same txn (etcd 3.5). Nested txn responses carry an empty header,
// as in etcd.
func (s *Store) applyTxn(rt *etcdpb.TxnRequest, path []bool) (*etcdpb.TxnResponse, int, error) {
	resp := &etcdpb.TxnResponse{Header: &etcdpb.ResponseHeader{}, Succeeded: path[0]}
	ops := rt.Success
	if !path[0] {
		ops = rt.Failure
	}
	txns := 0
	for _, op := range ops {
		ro := &etcdpb.ResponseOp{}
		switch opKind(op) {
		case 1:
			r, err := s.applyRange(op.RequestRange, s.txnReadRev())
			if err != nil {
				return nil, 0, err
			}
			ro.Response = &etcdpb.ResponseOp_ResponseRange{ResponseRange: r}
		case 2:
			r, err := s.applyPut(op.RequestPut, s.newPutResponse())
			if err != nil {
				return nil, 0, err
			}
			ro.Response = &etcdpb.ResponseOp_ResponsePut{ResponsePut: r}
		case 3:
			ro.Response = &etcdpb.ResponseOp_ResponseDeleteRange{ResponseDeleteRange: s.applyDeleteRange(op.RequestDeleteRange)}
		case 4:
			r, n, err := s.applyTxn(op.RequestTxn, path[1:])
			if err != nil {
				return nil, 0, err
			}
			txns += n + 1
			path = path[n+1:]
			ro.Response = &etcdpb.ResponseOp_ResponseTxn{ResponseTxn: r}
		}
		resp.Responses = append(resp.Responses, ro)
	}
	return resp, txns, nil
}

// Txn is etcd's Txn: request checks (ErrTooManyOps, ErrEmptyKey,
// ErrDuplicateKey...), compares evaluated first against the store before
// the txn, then the put/range checks of the taken branches, then the
// writes, all at one new revision if anything changed. Header.Revision is
// the revision after the txn.
func (s *Store) Txn(rt *etcdpb.TxnRequest) (*etcdpb.TxnResponse, error) {
	if rt == nil {
		rt = &etcdpb.TxnRequest{}
	}
	if err := checkTxnRequest(rt, MaxTxnOps); err != nil {
		return nil, err
	}
	if _, _, err := checkIntervals(rt.Success); err != nil {
		return nil, err
	}
	if _, _, err := checkIntervals(rt.Failure); err != nil {
		return nil, err
	}
	path := s.compareToPath(rt)
	if _, err := s.checkRequests(rt, path); err != nil {
		return nil, err
	}
	resp, _, err := s.applyTxn(rt, path)
	if err != nil {
		// etcd panics here ("unexpected error during txn"); only reachable
		// through the from-key delete gap in checkIntervals.
		s.rollback()
		return nil, err
	}
	resp.Header.Revision = s.txnReadRev()
	s.end()
	return resp, nil
}
