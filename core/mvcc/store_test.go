package mvcc

import (
	"fmt"
	"testing"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/stretchr/testify/require"
)

func b(s string) []byte { return []byte(s) }

func put(t *testing.T, s *Store, k, v string) int64 {
	t.Helper()
	r, err := s.Put(&etcdpb.PutRequest{Key: b(k), Value: b(v)})
	require.NoError(t, err)
	return r.Header.Revision
}

func get(t *testing.T, s *Store, r *etcdpb.RangeRequest) *etcdpb.RangeResponse {
	t.Helper()
	resp, err := s.Range(r)
	require.NoError(t, err)
	return resp
}

func keys(kvs []*etcdpb.KeyValue) []string {
	out := []string{}
	for _, kv := range kvs {
		out = append(out, string(kv.Key))
	}
	return out
}

func TestEmptyStore(t *testing.T) {
	s := New()
	require.Equal(t, int64(1), s.Rev())
	require.Equal(t, int64(-1), s.CompactRev())
	r := get(t, s, &etcdpb.RangeRequest{Key: b("a")})
	require.Equal(t, int64(1), r.Header.Revision)
	require.Empty(t, r.Kvs)
	require.Zero(t, r.Count)
}

func TestPutVersions(t *testing.T) {
	s := New()
	require.Equal(t, int64(2), put(t, s, "foo", "v1"))
	require.Equal(t, int64(3), put(t, s, "foo", "v2"))
	kv := get(t, s, &etcdpb.RangeRequest{Key: b("foo")}).Kvs[0]
	require.Equal(t, &etcdpb.KeyValue{Key: b("foo"), Value: b("v2"), CreateRevision: 2, ModRevision: 3, Version: 2}, kv)

	del, err := s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("foo")})
	require.NoError(t, err)
	require.Equal(t, int64(1), del.Deleted)
	require.Equal(t, int64(4), del.Header.Revision)

	put(t, s, "foo", "v3")
	kv = get(t, s, &etcdpb.RangeRequest{Key: b("foo")}).Kvs[0]
	require.Equal(t, &etcdpb.KeyValue{Key: b("foo"), Value: b("v3"), CreateRevision: 5, ModRevision: 5, Version: 1}, kv, "delete resets version and create revision")
}

func TestPutOptions(t *testing.T) {
	tests := []struct {
		name    string
		setup   bool // "k" exists with value "old" and lease 7
		req     *etcdpb.PutRequest
		wantErr error
		wantKV  *etcdpb.KeyValue
		wantPrv *etcdpb.KeyValue
	}{
		{name: "nil request", req: nil, wantErr: etcdpb.ErrEmptyKey},
		{name: "empty key", req: &etcdpb.PutRequest{Value: b("v")}, wantErr: etcdpb.ErrEmptyKey},
		{name: "ignore_value with value", setup: true, req: &etcdpb.PutRequest{Key: b("k"), Value: b("v"), IgnoreValue: true}, wantErr: etcdpb.ErrValueProvided},
		{name: "ignore_value missing key", req: &etcdpb.PutRequest{Key: b("k"), IgnoreValue: true}, wantErr: etcdpb.ErrKeyNotFound},
		{name: "ignore_lease with lease", setup: true, req: &etcdpb.PutRequest{Key: b("k"), Lease: 7, IgnoreLease: true}, wantErr: etcdpb.ErrLeaseProvided},
		{name: "ignore_lease missing key", req: &etcdpb.PutRequest{Key: b("k"), IgnoreLease: true}, wantErr: etcdpb.ErrKeyNotFound},
		{name: "ignore_value keeps value", setup: true, req: &etcdpb.PutRequest{Key: b("k"), Lease: 9, IgnoreValue: true},
			wantKV: &etcdpb.KeyValue{Key: b("k"), Value: b("old"), CreateRevision: 2, ModRevision: 3, Version: 2, Lease: 9}},
		{name: "ignore_lease keeps lease", setup: true, req: &etcdpb.PutRequest{Key: b("k"), Value: b("new"), IgnoreLease: true},
			wantKV: &etcdpb.KeyValue{Key: b("k"), Value: b("new"), CreateRevision: 2, ModRevision: 3, Version: 2, Lease: 7}},
		{name: "plain put drops lease", setup: true, req: &etcdpb.PutRequest{Key: b("k"), Value: b("new")},
			wantKV: &etcdpb.KeyValue{Key: b("k"), Value: b("new"), CreateRevision: 2, ModRevision: 3, Version: 2}},
		{name: "prev_kv", setup: true, req: &etcdpb.PutRequest{Key: b("k"), Value: b("new"), PrevKv: true},
			wantKV:  &etcdpb.KeyValue{Key: b("k"), Value: b("new"), CreateRevision: 2, ModRevision: 3, Version: 2},
			wantPrv: &etcdpb.KeyValue{Key: b("k"), Value: b("old"), CreateRevision: 2, ModRevision: 2, Version: 1, Lease: 7}},
		{name: "prev_kv on new key", req: &etcdpb.PutRequest{Key: b("k"), Value: b("new"), PrevKv: true},
			wantKV: &etcdpb.KeyValue{Key: b("k"), Value: b("new"), CreateRevision: 2, ModRevision: 2, Version: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New()
			if tt.setup {
				_, err := s.Put(&etcdpb.PutRequest{Key: b("k"), Value: b("old"), Lease: 7})
				require.NoError(t, err)
			}
			before := s.Rev()
			resp, err := s.Put(tt.req)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.Equal(t, before, s.Rev(), "failed put does not raise the revision")
				return
			}
			require.NoError(t, err)
			require.Equal(t, before+1, resp.Header.Revision)
			require.Equal(t, tt.wantPrv, resp.PrevKv)
			require.Equal(t, tt.wantKV, get(t, s, &etcdpb.RangeRequest{Key: b("k")}).Kvs[0])
		})
	}
}

func TestPrefixEnd(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a", "b"},
		{"foo", "fop"},
		{"a\xff", "b"},
		{"\xff\xff", "\x00"},
		{"", "\x00"},
	}
	for _, tt := range tests {
		require.Equal(t, b(tt.want), PrefixEnd(b(tt.in)), "%q", tt.in)
	}
}

// fill builds keys whose sort orders differ:
// key value create mod version: a "3" 2 7 2; b "1" 3 3 1; c "5" 4 4 1;
// d "2" 5 8 3; e "4" 9 9 1; z "0" 10 10 1.
func fill(t *testing.T) *Store {
	s := New()
	put(t, s, "a", "x") // 2
	put(t, s, "b", "1") // 3
	put(t, s, "c", "5") // 4
	put(t, s, "d", "x") // 5
	put(t, s, "d", "x") // 6
	put(t, s, "a", "3") // 7
	put(t, s, "d", "2") // 8
	put(t, s, "e", "4") // 9
	put(t, s, "z", "0") // 10
	return s
}

func TestRange(t *testing.T) {
	s := fill(t)
	tests := []struct {
		name      string
		req       *etcdpb.RangeRequest
		wantKeys  []string
		wantCount int64
		wantMore  bool
		wantErr   error
	}{
		{name: "empty key", req: &etcdpb.RangeRequest{}, wantErr: etcdpb.ErrEmptyKey},
		{name: "nil", req: nil, wantErr: etcdpb.ErrEmptyKey},
		{name: "single", req: &etcdpb.RangeRequest{Key: b("c")}, wantKeys: []string{"c"}, wantCount: 1},
		{name: "single missing", req: &etcdpb.RangeRequest{Key: b("cc")}, wantKeys: []string{}, wantCount: 0},
		{name: "range", req: &etcdpb.RangeRequest{Key: b("b"), RangeEnd: b("e")}, wantKeys: []string{"b", "c", "d"}, wantCount: 3},
		{name: "inverted range", req: &etcdpb.RangeRequest{Key: b("e"), RangeEnd: b("b")}, wantKeys: []string{}, wantCount: 0},
		{name: "prefix", req: &etcdpb.RangeRequest{Key: b("d"), RangeEnd: PrefixEnd(b("d"))}, wantKeys: []string{"d"}, wantCount: 1},
		{name: "from key", req: &etcdpb.RangeRequest{Key: b("d"), RangeEnd: b("\x00")}, wantKeys: []string{"d", "e", "z"}, wantCount: 3},
		{name: "all keys", req: &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00")}, wantKeys: []string{"a", "b", "c", "d", "e", "z"}, wantCount: 6},
		{name: "limit", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), Limit: 2}, wantKeys: []string{"a", "b"}, wantCount: 6, wantMore: true},
		{name: "limit equal count", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), Limit: 6}, wantKeys: []string{"a", "b", "c", "d", "e", "z"}, wantCount: 6},
		{name: "count only", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), CountOnly: true}, wantKeys: []string{}, wantCount: 6},
		{name: "count only limit", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), CountOnly: true, Limit: 1}, wantKeys: []string{}, wantCount: 6},
		{name: "at revision", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), Revision: 4}, wantKeys: []string{"a", "b", "c"}, wantCount: 3},
		{name: "revision 1", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), Revision: 1}, wantKeys: []string{}, wantCount: 0},
		{name: "future revision", req: &etcdpb.RangeRequest{Key: b("a"), Revision: 11}, wantErr: etcdpb.ErrFutureRev},
		{name: "sort key descend", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), SortOrder: etcdpb.SortDescend}, wantKeys: []string{"z", "e", "d", "c", "b", "a"}, wantCount: 6},
		{name: "sort key ascend", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), SortOrder: etcdpb.SortAscend}, wantKeys: []string{"a", "b", "c", "d", "e", "z"}, wantCount: 6},
		{name: "sort value (none order means ascend)", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), SortTarget: etcdpb.SortByValue}, wantKeys: []string{"z", "b", "d", "a", "e", "c"}, wantCount: 6},
		{name: "sort value descend limit after sort", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), SortTarget: etcdpb.SortByValue, SortOrder: etcdpb.SortDescend, Limit: 2}, wantKeys: []string{"c", "e"}, wantCount: 6, wantMore: true},
		{name: "sort mod ascend limit", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), SortTarget: etcdpb.SortByMod, SortOrder: etcdpb.SortAscend, Limit: 3}, wantKeys: []string{"b", "c", "a"}, wantCount: 6, wantMore: true},
		{name: "sort create descend", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), SortTarget: etcdpb.SortByCreate, SortOrder: etcdpb.SortDescend}, wantKeys: []string{"z", "e", "d", "c", "b", "a"}, wantCount: 6},
		{name: "sort version descend limit", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), SortTarget: etcdpb.SortByVersion, SortOrder: etcdpb.SortDescend, Limit: 2}, wantKeys: []string{"d", "a"}, wantCount: 6, wantMore: true},
		{name: "min mod (count ignores filters, as etcd)", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), MinModRevision: 8}, wantKeys: []string{"d", "e", "z"}, wantCount: 6},
		{name: "max mod", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), MaxModRevision: 4}, wantKeys: []string{"b", "c"}, wantCount: 6},
		{name: "min create", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), MinCreateRevision: 5}, wantKeys: []string{"d", "e", "z"}, wantCount: 6},
		{name: "max create + limit", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), MaxCreateRevision: 4, Limit: 2}, wantKeys: []string{"a", "b"}, wantCount: 6, wantMore: true},
		{name: "filter then limit not more", req: &etcdpb.RangeRequest{Key: b("a"), RangeEnd: b("\x00"), MinModRevision: 9, Limit: 2}, wantKeys: []string{"e", "z"}, wantCount: 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.Range(tt.req)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.wantKeys, keys(r.Kvs))
			require.Equal(t, tt.wantCount, r.Count)
			require.Equal(t, tt.wantMore, r.More)
			require.Equal(t, int64(10), r.Header.Revision)
		})
	}
	require.Equal(t, int64(10), s.Rev(), "reads never raise the revision")
}

func TestRangeKeysOnlyAndHistory(t *testing.T) {
	s := fill(t)
	r := get(t, s, &etcdpb.RangeRequest{Key: b("a"), KeysOnly: true})
	require.Nil(t, r.Kvs[0].Value)
	require.Equal(t, int64(7), r.Kvs[0].ModRevision)
	r = get(t, s, &etcdpb.RangeRequest{Key: b("a"), Revision: 6})
	require.Equal(t, "x", string(r.Kvs[0].Value))
	require.Equal(t, int64(1), r.Kvs[0].Version)
	require.Equal(t, int64(10), r.Header.Revision, "header is the current revision even for a past read")
	// returned values are copies
	r.Kvs[0].Value[0] = 'Q'
	require.Equal(t, "x", string(get(t, s, &etcdpb.RangeRequest{Key: b("a"), Revision: 6}).Kvs[0].Value))
}

func TestDeleteRange(t *testing.T) {
	tests := []struct {
		name        string
		req         *etcdpb.DeleteRangeRequest
		wantDeleted int64
		wantRev     int64
		wantPrev    []string
		wantLeft    []string
		wantErr     error
	}{
		{name: "empty key", req: &etcdpb.DeleteRangeRequest{}, wantErr: etcdpb.ErrEmptyKey},
		{name: "nil", req: nil, wantErr: etcdpb.ErrEmptyKey},
		{name: "single", req: &etcdpb.DeleteRangeRequest{Key: b("b")}, wantDeleted: 1, wantRev: 5, wantLeft: []string{"a", "c"}},
		{name: "missing: no revision", req: &etcdpb.DeleteRangeRequest{Key: b("x")}, wantDeleted: 0, wantRev: 4, wantLeft: []string{"a", "b", "c"}},
		{name: "range with prev", req: &etcdpb.DeleteRangeRequest{Key: b("a"), RangeEnd: b("c"), PrevKv: true}, wantDeleted: 2, wantRev: 5, wantPrev: []string{"a", "b"}, wantLeft: []string{"c"}},
		{name: "from key", req: &etcdpb.DeleteRangeRequest{Key: b("b"), RangeEnd: b("\x00")}, wantDeleted: 2, wantRev: 5, wantLeft: []string{"a"}},
		{name: "all", req: &etcdpb.DeleteRangeRequest{Key: b("\x00"), RangeEnd: b("\x00")}, wantDeleted: 3, wantRev: 5, wantLeft: []string{}},
		{name: "prev_kv of nothing", req: &etcdpb.DeleteRangeRequest{Key: b("x"), PrevKv: true}, wantDeleted: 0, wantRev: 4, wantPrev: []string{}, wantLeft: []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New()
			put(t, s, "a", "1")
			put(t, s, "b", "2")
			put(t, s, "c", "3")
			resp, err := s.DeleteRange(tt.req)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.Equal(t, int64(4), s.Rev())
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.wantDeleted, resp.Deleted)
			require.Equal(t, tt.wantRev, resp.Header.Revision)
			require.Equal(t, tt.wantRev, s.Rev())
			if tt.wantPrev != nil {
				require.Equal(t, tt.wantPrev, keys(resp.PrevKvs))
				for _, kv := range resp.PrevKvs {
					require.NotEmpty(t, kv.Value)
				}
			} else {
				require.Nil(t, resp.PrevKvs)
			}
			require.Equal(t, tt.wantLeft, keys(get(t, s, &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00")}).Kvs))
		})
	}
}

func TestRevisionCounting(t *testing.T) {
	s := New()
	put(t, s, "a", "1")                                                 // 2
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("nothing")}) // no-op
	_, _ = s.Range(&etcdpb.RangeRequest{Key: b("a")})
	require.Equal(t, int64(2), s.Rev())
	// txn with only reads
	r, err := s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{{RequestRange: &etcdpb.RangeRequest{Key: b("a")}}}})
	require.NoError(t, err)
	require.Equal(t, int64(2), r.Header.Revision)
	// txn with a delete of nothing
	r, err = s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{{RequestDeleteRange: &etcdpb.DeleteRangeRequest{Key: b("zz")}}}})
	require.NoError(t, err)
	require.Equal(t, int64(2), r.Header.Revision)
	require.Equal(t, int64(2), s.Rev())
	// txn with three writes: one revision
	r, err = s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{
		{RequestPut: &etcdpb.PutRequest{Key: b("x"), Value: b("1")}},
		{RequestPut: &etcdpb.PutRequest{Key: b("y"), Value: b("1")}},
		{RequestDeleteRange: &etcdpb.DeleteRangeRequest{Key: b("a")}},
	}})
	require.NoError(t, err)
	require.Equal(t, int64(3), r.Header.Revision)
	require.Equal(t, int64(3), s.Rev())
	// empty txn
	r, err = s.Txn(&etcdpb.TxnRequest{})
	require.NoError(t, err)
	require.True(t, r.Succeeded)
	require.Equal(t, int64(3), r.Header.Revision)
	// same-valued put still raises the revision
	put(t, s, "x", "1")
	require.Equal(t, int64(4), s.Rev())
}

func TestNoInputPanics(t *testing.T) {
	s := New()
	require.NotPanics(t, func() {
		_, _ = s.Put(nil)
		_, _ = s.Range(nil)
		_, _ = s.DeleteRange(nil)
		_, _ = s.Txn(nil)
		_, _ = s.Txn(&etcdpb.TxnRequest{Compare: []*etcdpb.Compare{nil}})
		_, _ = s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{nil, {}}})
		_, _ = s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{{RequestTxn: &etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{nil}}}}})
		_ = s.Compact(-5)
		_, _, _ = s.HashKV(-1)
		_, _ = Restore(nil)
		_, _ = s.Watch(nil, nil, -3, true)
		_ = s.WatchEvents(99)
		_, _ = s.Range(&etcdpb.RangeRequest{Key: b("a"), Revision: -4, Limit: -1, SortOrder: 9, SortTarget: 9})
	})
}

func TestCompact(t *testing.T) {
	s := New()
	put(t, s, "a", "1")                                           // 2
	put(t, s, "b", "1")                                           // 3
	put(t, s, "a", "2")                                           // 4
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("b")}) // 5
	put(t, s, "c", "1")                                           // 6
	put(t, s, "a", "3")                                           // 7
	sizeBefore := s.Size()

	require.ErrorIs(t, s.Compact(8), etcdpb.ErrFutureRev)
	require.NoError(t, s.Compact(5))
	require.Equal(t, int64(5), s.CompactRev())
	require.ErrorIs(t, s.Compact(5), etcdpb.ErrCompacted)
	require.ErrorIs(t, s.Compact(4), etcdpb.ErrCompacted)
	require.Less(t, s.Size(), sizeBefore+1)

	_, err := s.Range(&etcdpb.RangeRequest{Key: b("a"), Revision: 4})
	require.ErrorIs(t, err, etcdpb.ErrCompacted)
	// reading at the compaction revision itself works (etcd: rev < compactMainRev fails)
	r := get(t, s, &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00"), Revision: 5})
	require.Equal(t, []string{"a"}, keys(r.Kvs), "b was deleted at 5 and is gone")
	require.Equal(t, "2", string(r.Kvs[0].Value))
	require.Equal(t, int64(2), r.Kvs[0].CreateRevision)
	r = get(t, s, &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00"), Revision: 6})
	require.Equal(t, []string{"a", "c"}, keys(r.Kvs))
	r = get(t, s, &etcdpb.RangeRequest{Key: b("a")})
	require.Equal(t, &etcdpb.KeyValue{Key: b("a"), Value: b("3"), CreateRevision: 2, ModRevision: 7, Version: 3}, r.Kvs[0])

	// in a txn too
	_, err = s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{{RequestRange: &etcdpb.RangeRequest{Key: b("a"), Revision: 3}}}})
	require.ErrorIs(t, err, etcdpb.ErrCompacted)
	_, err = s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{{RequestRange: &etcdpb.RangeRequest{Key: b("a"), Revision: 30}}}})
	require.ErrorIs(t, err, etcdpb.ErrFutureRev)

	// compacting everything up to now keeps live keys
	require.NoError(t, s.Compact(7))
	require.Equal(t, []string{"a", "c"}, keys(get(t, s, &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00")}).Kvs))
	require.Equal(t, int64(7), s.Rev(), "compaction does not change the revision")
}

func TestSizeGrowsAndShrinks(t *testing.T) {
	s := New()
	empty := s.Size()
	require.Equal(t, int64(20480), empty)
	for i := 0; i < 200; i++ {
		put(t, s, "k", fmt.Sprintf("value-%03d-padding-padding-padding", i))
	}
	grown := s.Size()
	require.Greater(t, grown, empty)
	require.NoError(t, s.Compact(s.Rev()))
	require.Less(t, s.Size(), grown)
}

// PutEntry changes the store exactly as Put does, errors included, with
// or without a response; the response is Put's.
func TestPutEntry(t *testing.T) {
	a, d, c := New(), New(), New()
	for i, p := range []*etcdpb.PutRequest{
		{Key: []byte("k"), Value: []byte("1")},
		{Key: []byte("k"), Value: []byte("2"), PrevKv: true},
		{Key: []byte("k"), IgnoreValue: true},
		{Key: []byte("k"), IgnoreValue: true, PrevKv: true},
		{Key: []byte("x"), IgnoreLease: true}, // no such key
		{},                                    // no key
		{Key: []byte("y"), Value: []byte("3")},
		{Key: []byte("e")}, // empty value
	} {
		respA, errA := a.Put(p)
		discarded, errB := d.PutEntry(p, true)
		respC, errC := c.PutEntry(p, false)
		require.Equal(t, errA, errB, "put %d", i)
		require.Equal(t, errA, errC, "put %d", i)
		require.Nil(t, discarded)
		require.Equal(t, respA, respC, "put %d", i)
		require.Equal(t, a.Snapshot(), d.Snapshot(), "put %d", i)
		require.Equal(t, a.Snapshot(), c.Snapshot(), "put %d", i)
	}
	r := get(t, d, &etcdpb.RangeRequest{Key: b("e")})
	require.NotNil(t, r.Kvs[0].Value, "an empty value is stored as empty, not nil")
}

// Put responses come from blocks allocated together: each is a response
// of its own, kept as it was after any number of later puts.
func TestPutResponsesStay(t *testing.T) {
	s := New()
	var resps []*etcdpb.PutResponse
	for i := 0; i < 3*respBlock+5; i++ {
		r, err := s.Put(&etcdpb.PutRequest{Key: b("k"), Value: b("v"), PrevKv: i%2 == 1})
		require.NoError(t, err)
		resps = append(resps, r)
	}
	for i, r := range resps {
		require.Equal(t, int64(i+2), r.Header.Revision, "put %d", i)
		require.Equal(t, i%2 == 1, r.PrevKv != nil, "put %d", i)
		for _, o := range resps[:i] {
			require.NotSame(t, o, r)
			require.NotSame(t, o.Header, r.Header)
		}
	}
}

// Put and PutEntry keep a copy of the value (in the key's value chunks),
// and nothing they hand out shares the store's memory.
func TestPutSharesNothing(t *testing.T) {
	s := New()
	v := []byte("one")
	_, err := s.Put(&etcdpb.PutRequest{Key: b("a"), Value: v})
	require.NoError(t, err)
	v[0] = 'X'
	require.Equal(t, "one", string(get(t, s, &etcdpb.RangeRequest{Key: b("a")}).Kvs[0].Value))

	entry := []byte("two")
	_, err = s.PutEntry(&etcdpb.PutRequest{Key: b("b"), Value: entry}, true)
	require.NoError(t, err)
	entry[0] = 'X'
	require.Equal(t, "two", string(get(t, s, &etcdpb.RangeRequest{Key: b("b")}).Kvs[0].Value))

	// The previous value handed out with IgnoreValue+PrevKv is not the
	// one the store keeps.
	resp, err := s.PutEntry(&etcdpb.PutRequest{Key: b("b"), IgnoreValue: true, PrevKv: true}, false)
	require.NoError(t, err)
	resp.PrevKv.Value[0] = 'X'
	require.Equal(t, "two", string(get(t, s, &etcdpb.RangeRequest{Key: b("b")}).Kvs[0].Value))
	got := get(t, s, &etcdpb.RangeRequest{Key: b("b")}).Kvs[0]
	got.Value[0], got.Key[0] = 'Y', 'Y'
	require.Equal(t, "two", string(get(t, s, &etcdpb.RangeRequest{Key: b("b")}).Kvs[0].Value))
}

// BenchmarkPutEntry is a member applying puts nobody waits for there, as
// in BenchmarkSimLoaded5: ten keys written in turn.
func BenchmarkPutEntry(b *testing.B) {
	s := New()
	var reqs [10]*etcdpb.PutRequest
	for i := range reqs {
		reqs[i] = &etcdpb.PutRequest{Key: []byte(fmt.Sprintf("k%d", i)), Value: []byte("v")}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := s.PutEntry(reqs[i%len(reqs)], true); err != nil {
			b.Fatal(err)
		}
	}
}

// A put finds its key's history through Store.recent when it holds it: a
// key compacted away (its history dropped) and put again starts a new
// history seen by ranges, and keys sharing a slot keep their own.
func TestRecentKeys(t *testing.T) {
	s := New()
	// "kxa", "kya" and "kza" share a slot (same length, first and last
	// byte); "k" is alone.
	for i := 0; i < 3; i++ {
		for _, k := range []string{"kxa", "kya", "k", "kza"} {
			put(t, s, k, fmt.Sprint(i))
		}
	}
	for _, k := range []string{"kxa", "kya", "k", "kza"} {
		r := get(t, s, &etcdpb.RangeRequest{Key: b(k)})
		require.Len(t, r.Kvs, 1, k)
		require.Equal(t, int64(3), r.Kvs[0].Version, k)
	}
	_, err := s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("kza")})
	require.NoError(t, err)
	_, err = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("k")})
	require.NoError(t, err)
	require.NoError(t, s.Compact(s.Rev()))
	rev := put(t, s, "kza", "new")
	put(t, s, "k", "new")
	for _, k := range []string{"kza", "k"} {
		r := get(t, s, &etcdpb.RangeRequest{Key: b(k)})
		require.Len(t, r.Kvs, 1, k)
		require.Equal(t, int64(1), r.Kvs[0].Version, k)
		require.Equal(t, "new", string(r.Kvs[0].Value))
	}
	r := get(t, s, &etcdpb.RangeRequest{Key: b("kza")})
	require.Equal(t, rev, r.Kvs[0].CreateRevision)
	require.Equal(t, []string{"k", "kxa", "kya", "kza"}, keys(get(t, s, &etcdpb.RangeRequest{Key: b("k"), RangeEnd: b("l")}).Kvs))
}
