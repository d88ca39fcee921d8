package mvcc

import (
	"testing"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/stretchr/testify/require"
)

func opPut(k, v string) *etcdpb.RequestOp {
	return &etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b(k), Value: b(v)}}
}
func opDel(k, end string) *etcdpb.RequestOp {
	return &etcdpb.RequestOp{RequestDeleteRange: &etcdpb.DeleteRangeRequest{Key: b(k), RangeEnd: b(end)}}
}
func opGet(k, end string) *etcdpb.RequestOp {
	return &etcdpb.RequestOp{RequestRange: &etcdpb.RangeRequest{Key: b(k), RangeEnd: b(end)}}
}
func opTxn(then, els []*etcdpb.RequestOp, cmps ...*etcdpb.Compare) *etcdpb.RequestOp {
	return &etcdpb.RequestOp{RequestTxn: &etcdpb.TxnRequest{Compare: cmps, Success: then, Failure: els}}
}
func ops(o ...*etcdpb.RequestOp) []*etcdpb.RequestOp { return o }

func TestTxnCompare(t *testing.T) {
	// store: a="1" (create 2, mod 2, version 1, lease 0); b="2" at 3, then 4 (version 2)
	mk := func() *Store {
		s := New()
		put(t, s, "a", "1")
		put(t, s, "b", "2")
		put(t, s, "b", "2")
		return s
	}
	tests := []struct {
		name string
		cmp  etcdpb.Compare
		want bool
	}{
		{"value equal", etcdpb.Compare{Key: b("a"), Target: etcdpb.CompareValue, Value: b("1")}, true},
		{"value not equal", etcdpb.Compare{Key: b("a"), Target: etcdpb.CompareValue, Result: etcdpb.CompareNotEqual, Value: b("1")}, false},
		{"value greater", etcdpb.Compare{Key: b("a"), Target: etcdpb.CompareValue, Result: etcdpb.CompareGreater, Value: b("0")}, true},
		{"value less", etcdpb.Compare{Key: b("a"), Target: etcdpb.CompareValue, Result: etcdpb.CompareLess, Value: b("0")}, false},
		{"value on missing key fails even with !=", etcdpb.Compare{Key: b("x"), Target: etcdpb.CompareValue, Result: etcdpb.CompareNotEqual, Value: b("1")}, false},
		{"value empty on missing key fails", etcdpb.Compare{Key: b("x"), Target: etcdpb.CompareValue}, false},
		{"version missing = 0", etcdpb.Compare{Key: b("x"), Target: etcdpb.CompareVersion, Version: 0}, true},
		{"create missing = 0", etcdpb.Compare{Key: b("x"), Target: etcdpb.CompareCreate, CreateRevision: 0}, true},
		{"mod missing < 1", etcdpb.Compare{Key: b("x"), Target: etcdpb.CompareMod, Result: etcdpb.CompareLess, ModRevision: 1}, true},
		{"lease missing = 0", etcdpb.Compare{Key: b("x"), Target: etcdpb.CompareLease}, true},
		{"version", etcdpb.Compare{Key: b("b"), Target: etcdpb.CompareVersion, Version: 2}, true},
		{"create", etcdpb.Compare{Key: b("b"), Target: etcdpb.CompareCreate, CreateRevision: 3}, true},
		{"mod greater", etcdpb.Compare{Key: b("b"), Target: etcdpb.CompareMod, Result: etcdpb.CompareGreater, ModRevision: 3}, true},
		{"mod less", etcdpb.Compare{Key: b("b"), Target: etcdpb.CompareMod, Result: etcdpb.CompareLess, ModRevision: 4}, false},
		{"range: all keys must match", etcdpb.Compare{Key: b("a"), RangeEnd: b("c"), Target: etcdpb.CompareVersion, Result: etcdpb.CompareGreater, Version: 0}, true},
		{"range: one key fails", etcdpb.Compare{Key: b("a"), RangeEnd: b("c"), Target: etcdpb.CompareVersion, Version: 1}, false},
		{"range: prefix value", etcdpb.Compare{Key: b("b"), RangeEnd: PrefixEnd(b("b")), Target: etcdpb.CompareValue, Value: b("2")}, true},
		{"range: empty range compares as zero", etcdpb.Compare{Key: b("m"), RangeEnd: b("n"), Target: etcdpb.CompareCreate}, true},
		{"range: from-key", etcdpb.Compare{Key: b("a"), RangeEnd: b("\x00"), Target: etcdpb.CompareMod, Result: etcdpb.CompareLess, ModRevision: 5}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mk()
			c := tt.cmp
			r, err := s.Txn(&etcdpb.TxnRequest{Compare: []*etcdpb.Compare{&c}, Success: ops(opPut("ok", "then")), Failure: ops(opPut("ok", "else"))})
			require.NoError(t, err)
			require.Equal(t, tt.want, r.Succeeded)
			v := get(t, s, &etcdpb.RangeRequest{Key: b("ok")}).Kvs[0].Value
			if tt.want {
				require.Equal(t, "then", string(v))
			} else {
				require.Equal(t, "else", string(v))
			}
		})
	}
}

func TestTxnMultipleComparesAllMustHold(t *testing.T) {
	s := New()
	put(t, s, "a", "1")
	r, err := s.Txn(&etcdpb.TxnRequest{Compare: []*etcdpb.Compare{
		{Key: b("a"), Target: etcdpb.CompareValue, Value: b("1")},
		{Key: b("a"), Target: etcdpb.CompareVersion, Version: 2},
	}})
	require.NoError(t, err)
	require.False(t, r.Succeeded)
}

func TestTxnDuplicateKey(t *testing.T) {
	tests := []struct {
		name string
		then []*etcdpb.RequestOp
		els  []*etcdpb.RequestOp
		err  error
	}{
		{name: "put twice", then: ops(opPut("a", "1"), opPut("a", "2")), err: etcdpb.ErrDuplicateKey},
		{name: "put twice in failure", els: ops(opPut("a", "1"), opPut("a", "2")), err: etcdpb.ErrDuplicateKey},
		{name: "put and delete", then: ops(opPut("a", "1"), opDel("a", "")), err: etcdpb.ErrDuplicateKey},
		{name: "delete then put", then: ops(opDel("a", ""), opPut("a", "1")), err: etcdpb.ErrDuplicateKey},
		{name: "delete range covers put", then: ops(opDel("a", "c"), opPut("b", "1")), err: etcdpb.ErrDuplicateKey},
		{name: "prefix delete covers put", then: ops(opDel("a", string(PrefixEnd(b("a")))), opPut("ab", "1")), err: etcdpb.ErrDuplicateKey},
		{name: "delete range not covering put", then: ops(opDel("a", "b"), opPut("b", "1"))},
		{name: "two deletes overlap ok", then: ops(opDel("a", "c"), opDel("b", ""))},
		{name: "put in then and else ok", then: ops(opPut("a", "1")), els: ops(opPut("a", "2"))},
		{name: "nested put vs outer put", then: ops(opPut("a", "1"), opTxn(ops(opPut("a", "2")), nil)), err: etcdpb.ErrDuplicateKey},
		{name: "nested else put vs outer put", then: ops(opPut("a", "1"), opTxn(nil, ops(opPut("a", "2")))), err: etcdpb.ErrDuplicateKey},
		{name: "nested then/else same key ok", then: ops(opTxn(ops(opPut("a", "1")), ops(opPut("a", "2"))))},
		{name: "nested put vs outer delete", then: ops(opDel("a", "z"), opTxn(ops(opPut("b", "2")), nil)), err: etcdpb.ErrDuplicateKey},
		{name: "nested delete vs outer put", then: ops(opPut("b", "1"), opTxn(ops(opDel("a", "c")), nil)), err: etcdpb.ErrDuplicateKey},
		{name: "two nested txns put same key", then: ops(opTxn(ops(opPut("a", "1")), nil), opTxn(ops(opPut("a", "2")), nil)), err: etcdpb.ErrDuplicateKey},
		{name: "deeply nested", then: ops(opPut("a", "1"), opTxn(ops(opTxn(ops(opPut("a", "2")), nil)), nil)), err: etcdpb.ErrDuplicateKey},
		{name: "deep nested delete vs outer put", then: ops(opPut("k", "1"), opTxn(ops(opTxn(nil, ops(opDel("k", "")))), nil)), err: etcdpb.ErrDuplicateKey},
		// etcd quirk kept: a from-key delete ("\x00" end) is an empty interval in checkIntervals
		{name: "from-key delete does not conflict (etcd)", then: ops(opDel("a", "\x00"), opPut("b", "1"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New()
			put(t, s, "a", "0")
			put(t, s, "b", "0")
			_, err := s.Txn(&etcdpb.TxnRequest{Success: tt.then, Failure: tt.els})
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				require.Equal(t, int64(3), s.Rev())
			} else {
				require.NoError(t, err)
			}
		})
	}
}

func TestTxnValidation(t *testing.T) {
	many := make([]*etcdpb.RequestOp, MaxTxnOps+1)
	for i := range many {
		many[i] = opGet("a", "")
	}
	manyCmp := make([]*etcdpb.Compare, MaxTxnOps+1)
	for i := range manyCmp {
		manyCmp[i] = &etcdpb.Compare{Key: b("a")}
	}
	tests := []struct {
		name string
		req  *etcdpb.TxnRequest
		err  error
	}{
		{"too many ops", &etcdpb.TxnRequest{Success: many}, etcdpb.ErrTooManyOps},
		{"too many compares", &etcdpb.TxnRequest{Compare: manyCmp}, etcdpb.ErrTooManyOps},
		{"exactly max ok", &etcdpb.TxnRequest{Failure: many[:MaxTxnOps]}, nil},
		{"compare empty key", &etcdpb.TxnRequest{Compare: []*etcdpb.Compare{{Target: etcdpb.CompareVersion}}}, etcdpb.ErrEmptyKey},
		{"put empty key", &etcdpb.TxnRequest{Success: ops(opPut("", "v"))}, etcdpb.ErrEmptyKey},
		{"range empty key in untaken branch", &etcdpb.TxnRequest{Failure: ops(opGet("", ""))}, etcdpb.ErrEmptyKey},
		{"delete empty key", &etcdpb.TxnRequest{Success: ops(opDel("", ""))}, etcdpb.ErrEmptyKey},
		{"empty op", &etcdpb.TxnRequest{Success: ops(&etcdpb.RequestOp{})}, etcdpb.ErrKeyNotFound},
		{"value provided", &etcdpb.TxnRequest{Success: ops(&etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b("a"), Value: b("v"), IgnoreValue: true}})}, etcdpb.ErrValueProvided},
		{"lease provided", &etcdpb.TxnRequest{Success: ops(&etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b("a"), Lease: 1, IgnoreLease: true}})}, etcdpb.ErrLeaseProvided},
		{"ignore_value missing key", &etcdpb.TxnRequest{Success: ops(&etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b("nope"), IgnoreValue: true}})}, etcdpb.ErrKeyNotFound},
		{"ignore_value missing key in untaken branch ok", &etcdpb.TxnRequest{Failure: ops(&etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b("nope"), IgnoreValue: true}})}, nil},
		{"ignore_lease missing key nested", &etcdpb.TxnRequest{Success: ops(opTxn(ops(&etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b("nope"), IgnoreLease: true}}), nil))}, etcdpb.ErrKeyNotFound},
		{"future range rev", &etcdpb.TxnRequest{Success: ops(&etcdpb.RequestOp{RequestRange: &etcdpb.RangeRequest{Key: b("a"), Revision: 5}})}, etcdpb.ErrFutureRev},
		{"nested empty key", &etcdpb.TxnRequest{Success: ops(opTxn(ops(opPut("", "x")), nil))}, etcdpb.ErrEmptyKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New()
			put(t, s, "a", "0")
			_, err := s.Txn(tt.req)
			if tt.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.err)
			require.Equal(t, int64(2), s.Rev())
		})
	}
}

func TestTxnReadsOwnWritesAndResponses(t *testing.T) {
	s := New()
	put(t, s, "a", "0") // 2
	put(t, s, "c", "0") // 3
	r, err := s.Txn(&etcdpb.TxnRequest{
		Compare: []*etcdpb.Compare{{Key: b("a"), Target: etcdpb.CompareVersion, Version: 1}},
		Success: ops(
			opGet("a", ""),
			&etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b("a"), Value: b("1"), PrevKv: true}},
			opGet("a", ""),
			opDel("c", ""),
			opGet("\x00", "\x00"),
			opTxn(ops(opPut("n", "nested"), opGet("n", "")), nil, &etcdpb.Compare{Key: b("a"), Target: etcdpb.CompareValue, Value: b("0")}),
		),
	})
	require.NoError(t, err)
	require.True(t, r.Succeeded)
	require.Equal(t, int64(4), r.Header.Revision)
	require.Len(t, r.Responses, 6)

	g0 := r.Responses[0].GetResponseRange()
	require.Equal(t, "0", string(g0.Kvs[0].Value))
	require.Equal(t, int64(3), g0.Header.Revision, "before any write the txn reads at the old revision")

	p := r.Responses[1].GetResponsePut()
	require.Equal(t, int64(4), p.Header.Revision)
	require.Equal(t, "0", string(p.PrevKv.Value))

	g1 := r.Responses[2].GetResponseRange()
	require.Equal(t, &etcdpb.KeyValue{Key: b("a"), Value: b("1"), CreateRevision: 2, ModRevision: 4, Version: 2}, g1.Kvs[0])
	require.Equal(t, int64(4), g1.Header.Revision)

	d := r.Responses[3].GetResponseDeleteRange()
	require.Equal(t, int64(1), d.Deleted)
	require.Equal(t, int64(4), d.Header.Revision)

	require.Equal(t, []string{"a"}, keys(r.Responses[4].GetResponseRange().Kvs))

	// nested compares are evaluated before the txn writes: a was "0" then
	n := r.Responses[5].GetResponseTxn()
	require.True(t, n.Succeeded)
	require.Equal(t, &etcdpb.ResponseHeader{}, n.Header, "nested txn header is empty, as in etcd")
	require.Equal(t, "nested", string(n.Responses[1].GetResponseRange().Kvs[0].Value))

	require.Equal(t, int64(4), s.Rev())
	require.Equal(t, []string{"a", "n"}, keys(get(t, s, &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00")}).Kvs))
}

func TestTxnNestedPaths(t *testing.T) {
	s := New()
	put(t, s, "a", "0")
	isA := func(v string) *etcdpb.Compare {
		return &etcdpb.Compare{Key: b("a"), Target: etcdpb.CompareValue, Value: b(v)}
	}
	r, err := s.Txn(&etcdpb.TxnRequest{
		Compare: []*etcdpb.Compare{isA("1")},
		Success: ops(opPut("wrong", "1")),
		Failure: ops(
			opTxn(ops(opPut("x", "then1")), ops(opPut("x", "else1")), isA("0")),
			opTxn(ops(opPut("y", "then2")), ops(opPut("y", "else2")), isA("9")),
		),
	})
	require.NoError(t, err)
	require.False(t, r.Succeeded)
	require.True(t, r.Responses[0].GetResponseTxn().Succeeded)
	require.False(t, r.Responses[1].GetResponseTxn().Succeeded)
	require.Equal(t, "then1", string(get(t, s, &etcdpb.RangeRequest{Key: b("x")}).Kvs[0].Value))
	require.Equal(t, "else2", string(get(t, s, &etcdpb.RangeRequest{Key: b("y")}).Kvs[0].Value))
	require.Empty(t, get(t, s, &etcdpb.RangeRequest{Key: b("wrong")}).Kvs)
}

func TestTxnFromKeyDeleteThenPutIgnoreValueRollsBack(t *testing.T) {
	// etcd would panic applying this (checkIntervals misses from-key
	// deletes); raftlab returns the error and changes nothing.
	s := New()
	put(t, s, "a", "0")
	put(t, s, "b", "0")
	_, err := s.Txn(&etcdpb.TxnRequest{Success: ops(
		opDel("a", "\x00"),
		&etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b("b"), IgnoreValue: true}},
	)})
	require.ErrorIs(t, err, etcdpb.ErrKeyNotFound)
	require.Equal(t, int64(3), s.Rev())
	require.Equal(t, []string{"a", "b"}, keys(get(t, s, &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00")}).Kvs))
}
