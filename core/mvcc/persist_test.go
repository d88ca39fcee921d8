package mvcc

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/lease"
	"github.com/stretchr/testify/require"
)

func history(t *testing.T) *Store {
	s := New()
	put(t, s, "a", "1")
	put(t, s, "b", "1")
	_, err := s.Put(&etcdpb.PutRequest{Key: b("a"), Value: b("2"), Lease: 5})
	require.NoError(t, err)
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("b")})
	put(t, s, "c", "")
	return s
}

func TestHashKV(t *testing.T) {
	s1, s2 := history(t), history(t)
	h1, c1, err := s1.HashKV(0)
	require.NoError(t, err)
	h2, c2, err := s2.HashKV(0)
	require.NoError(t, err)
	require.Equal(t, h1, h2)
	require.Equal(t, int64(-1), c1)
	require.Equal(t, c1, c2)

	hPast, _, err := s1.HashKV(3)
	require.NoError(t, err)
	require.NotEqual(t, h1, hPast)

	put(t, s2, "d", "x")
	h2b, _, _ := s2.HashKV(0)
	require.NotEqual(t, h1, h2b)
	h2past, _, _ := s2.HashKV(6)
	require.Equal(t, h1, h2past, "hash at a revision ignores later writes")

	_, _, err = s1.HashKV(99)
	require.ErrorIs(t, err, etcdpb.ErrFutureRev)
	require.NoError(t, s1.Compact(4))
	require.NoError(t, s2.Compact(4))
	_, c, err := s1.HashKV(4)
	require.ErrorIs(t, err, etcdpb.ErrCompacted)
	require.Equal(t, int64(4), c)
	h1c, c1, err := s1.HashKV(6)
	require.NoError(t, err)
	require.Equal(t, int64(4), c1)
	h2c, _, _ := s2.HashKV(6)
	require.Equal(t, h1c, h2c)
}

func TestSnapshotRestore(t *testing.T) {
	s := history(t)
	require.NoError(t, s.Compact(3))
	snap := s.Snapshot()
	require.Equal(t, snap, history2Snapshot(t), "deterministic")

	r, err := Restore(snap)
	require.NoError(t, err)
	require.Equal(t, s.Rev(), r.Rev())
	require.Equal(t, s.CompactRev(), r.CompactRev())
	require.Equal(t, snap, r.Snapshot())
	h1, _, _ := s.HashKV(0)
	h2, _, _ := r.HashKV(0)
	require.Equal(t, h1, h2)
	require.Equal(t, s.Size(), r.Size())
	for rev := int64(3); rev <= s.Rev(); rev++ {
		a := get(t, s, &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00"), Revision: rev})
		c := get(t, r, &etcdpb.RangeRequest{Key: b("\x00"), RangeEnd: b("\x00"), Revision: rev})
		require.Equal(t, a, c)
	}
	_, err = r.Range(&etcdpb.RangeRequest{Key: b("a"), Revision: 2})
	require.ErrorIs(t, err, etcdpb.ErrCompacted)
	// the restored store keeps working
	require.Equal(t, s.Rev()+1, put(t, r, "a", "9"))
	require.Equal(t, int64(3), get(t, r, &etcdpb.RangeRequest{Key: b("a")}).Kvs[0].Version)

	for _, bad := range []string{"", "{", `{"rev":0}`, `{"rev":3,"compact_rev":5}`,
		`{"rev":3,"records":[{"main":4,"sub":0,"key":"YQ=="}]}`,
		`{"rev":3,"records":[{"main":2,"sub":0,"key":""}]}`,
		`{"rev":3,"records":[{"main":2,"sub":0,"key":"YQ=="},{"main":2,"sub":0,"key":"Yg=="}]}`,
		// A put's mod revision is its revision; a sub-revision fits 32 bits.
		`{"rev":3,"records":[{"main":2,"sub":0,"key":"YQ==","create":2,"mod":3,"version":1}]}`,
		`{"rev":3,"records":[{"main":2,"sub":2147483648,"key":"YQ==","create":2,"mod":2,"version":1}]}`} {
		_, err := Restore([]byte(bad))
		require.Error(t, err, bad)
	}
}

func history2Snapshot(t *testing.T) []byte {
	s := history(t)
	require.NoError(t, s.Compact(3))
	return s.Snapshot()
}

func TestLessorIntegration(t *testing.T) {
	le := lease.New(2)
	s := New()
	s.SetLessor(le)
	_, err := s.Put(&etcdpb.PutRequest{Key: b("a"), Value: b("1"), Lease: 7})
	require.ErrorIs(t, err, etcdpb.ErrLeaseNotFound)
	_, err = s.Txn(&etcdpb.TxnRequest{Success: ops(&etcdpb.RequestOp{RequestPut: &etcdpb.PutRequest{Key: b("a"), Lease: 7}})})
	require.ErrorIs(t, err, etcdpb.ErrLeaseNotFound)
	require.Equal(t, int64(1), s.Rev())

	_, err = le.Grant(7, 10, 0)
	require.NoError(t, err)
	_, err = le.Grant(8, 10, 0)
	require.NoError(t, err)
	for _, k := range []string{"c", "a", "b"} {
		_, err = s.Put(&etcdpb.PutRequest{Key: b(k), Value: b("1"), Lease: 7})
		require.NoError(t, err)
	}
	// re-put with another lease moves the key; a plain put detaches it
	_, err = s.Put(&etcdpb.PutRequest{Key: b("b"), Value: b("2"), Lease: 8})
	require.NoError(t, err)
	put(t, s, "c", "plain")
	require.Equal(t, int64(8), le.GetLease(b("b")))
	require.Equal(t, int64(0), le.GetLease(b("c")))
	require.Equal(t, [][]byte{b("a")}, s.KeysWithLease(7))

	// revoke: the lessor returns sorted keys, the store deletes them at one revision
	put(t, s, "d", "x")
	_, err = s.Put(&etcdpb.PutRequest{Key: b("d"), IgnoreValue: true, Lease: 8})
	require.NoError(t, err)
	w, _ := s.Watch(b("\x00"), b("\x00"), 0, false)
	keys8, err := le.Revoke(8)
	require.NoError(t, err)
	require.Equal(t, [][]byte{b("b"), b("d")}, keys8)
	before := s.Rev()
	n, rev := s.DeleteKeys(keys8)
	require.Equal(t, int64(2), n)
	require.Equal(t, before+1, rev)
	require.Equal(t, []string{"DELETE b@" + itoa(rev) + "=", "DELETE d@" + itoa(rev) + "="}, evStrings(s.WatchEvents(w)))
	n, rev2 := s.DeleteKeys(keys8)
	require.Zero(t, n)
	require.Equal(t, rev, rev2, "deleting nothing keeps the revision")

	// a deleted key is detached
	_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b("a")})
	_, _, ks, err := le.TimeToLive(7, 0)
	require.NoError(t, err)
	require.Empty(t, ks)

	// restore re-attaches keys through SetLessor
	_, err = s.Put(&etcdpb.PutRequest{Key: b("z"), Value: b("1"), Lease: 7})
	require.NoError(t, err)
	r, err := Restore(s.Snapshot())
	require.NoError(t, err)
	le2 := lease.New(2)
	_, _ = le2.Grant(7, 10, 0)
	r.SetLessor(le2)
	require.Equal(t, int64(7), le2.GetLease(b("z")))
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func TestDeterminism(t *testing.T) {
	run := func() ([]byte, uint32, []string) {
		s := New()
		w, _ := s.Watch(b("\x00"), b("\x00"), 0, true)
		for i := 0; i < 50; i++ {
			k := string(rune('a' + i%7))
			switch i % 5 {
			case 0, 1, 2:
				put(t, s, k, itoa(int64(i)))
			case 3:
				_, _ = s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: b(k), RangeEnd: PrefixEnd(b(k))})
			case 4:
				_, _ = s.Txn(&etcdpb.TxnRequest{
					Compare: []*etcdpb.Compare{{Key: b(k), Target: etcdpb.CompareVersion, Result: etcdpb.CompareGreater}},
					Success: ops(opPut(k+"x", "t"), opDel("a", "c")), Failure: ops(opPut(k, "f")),
				})
			}
			if i == 30 {
				require.NoError(t, s.Compact(20))
			}
		}
		h, _, _ := s.HashKV(0)
		return s.Snapshot(), h, evStrings(s.WatchEvents(w))
	}
	s1, h1, e1 := run()
	s2, h2, e2 := run()
	require.Equal(t, s1, s2)
	require.Equal(t, h1, h2)
	require.Equal(t, e1, e2)
}

// TestSnapshotIsJSON: Snapshot writes exactly json.Marshal's bytes of the
// snapshot (the format of snapshots and snapshot files), for histories
// with deletes, empty and binary values, leases and a compaction.
func TestSnapshotIsJSON(t *testing.T) {
	marshal := func(s *Store) []byte {
		sn := snapshot{Rev: s.rev, CompactRev: s.compactRev, Records: []snapRecord{}}
		for _, x := range s.allRecords() {
			r, kv := x.r, x.h.kv(x.r)
			sn.Records = append(sn.Records, snapRecord{
				Main: r.main, Sub: int64(r.sub), Tomb: r.tomb(), Key: kv.Key, Value: kv.Value,
				Create: kv.CreateRevision, Mod: kv.ModRevision, Version: kv.Version, Lease: kv.Lease,
			})
		}
		b, err := json.Marshal(sn)
		require.NoError(t, err)
		return b
	}
	s := New()
	require.Equal(t, marshal(s), s.Snapshot(), "empty store")
	for i := 0; i < 300; i++ {
		k := []byte{byte('a' + i%7), byte(i % 3)}
		v := []byte(strings.Repeat("<&>\x00\xff", i%4))
		switch i % 5 {
		case 3:
			_, err := s.DeleteRange(&etcdpb.DeleteRangeRequest{Key: k})
			require.NoError(t, err)
		case 4:
			_, err := s.Txn(&etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{
				{RequestPut: &etcdpb.PutRequest{Key: append([]byte{'z'}, k...), Value: v}},
				{RequestDeleteRange: &etcdpb.DeleteRangeRequest{Key: []byte{'a'}, RangeEnd: []byte{'c'}}},
			}})
			require.NoError(t, err)
		default:
			_, err := s.Put(&etcdpb.PutRequest{Key: k, Value: v})
			require.NoError(t, err)
		}
		if i == 150 {
			require.NoError(t, s.Compact(s.Rev()-20))
		}
	}
	for _, h := range s.keys { // a lease as a restore may carry, on a live record
		if r := h.rec(h.len() - 1); !r.tomb() {
			r.lease = -7
			break
		}
	}
	require.Equal(t, string(marshal(s)), string(s.Snapshot()))
	r, err := Restore(s.Snapshot())
	require.NoError(t, err)
	require.Equal(t, s.Snapshot(), r.Snapshot())
}

// TestView: a view reads as the store's Snapshot when it was taken, however
// much is written after it, whether read before or after a compaction
// (which encodes the newest unread view first); a view read once keeps
// nothing of the store it does not need.
func TestView(t *testing.T) {
	s := history(t)
	want := s.Snapshot()
	v := s.View()
	for i := range 40 {
		put(t, s, "k"+strconv.Itoa(i%3), strconv.Itoa(i))
	}
	require.Equal(t, string(want), string(v.AppendTo(nil, 0)), "read with later writes")

	want = s.Snapshot()
	old := s.View()
	require.Equal(t, string(want), string(old.AppendTo([]byte("x"), 9)[1:]), "appended after the caller's bytes")
	v = s.View()
	put(t, s, "a", "after the view")
	require.NoError(t, s.Compact(s.Rev()-2))
	put(t, s, "b", "after the compaction")
	require.Equal(t, string(want), string(v.AppendTo(nil, 0)), "read after a compaction")
	require.Equal(t, string(want), string(v.AppendTo(nil, 0)), "read again")
	require.Panics(t, func() { old.AppendTo(nil, 0) }, "an older view after a compaction has no bytes")
	require.NotEqual(t, string(want), string(s.Snapshot()))
}
