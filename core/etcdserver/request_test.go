package etcdserver

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/rand"
	"strings"
	"testing"
	"unsafe"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

// requestCases are requests of every kind an entry carries, with what
// stretches the encoding: long fields (lengths of several bytes), negative
// and large numbers, empty and nil byte fields, nested transactions.
func requestCases() []*InternalRaftRequest {
	long := []byte(strings.Repeat("v", 300))
	nested := &etcdpb.TxnRequest{
		Compare: []*etcdpb.Compare{{Result: etcdpb.CompareResult(3), Target: etcdpb.CompareTarget(2), Key: []byte("k"), ModRevision: -1, RangeEnd: []byte("\x00")}},
		Success: []*etcdpb.RequestOp{{RequestPut: &etcdpb.PutRequest{Key: []byte("a"), Value: long}}},
	}
	return []*InternalRaftRequest{
		{ID: 1, Put: &etcdpb.PutRequest{Key: []byte("k"), Value: []byte("v")}},
		{ID: 1<<64 - 1, Header: &RequestHeader{Username: "root", AuthRevision: 7}, Put: &etcdpb.PutRequest{Key: []byte("k"), Value: long, Lease: -5, PrevKv: true, IgnoreValue: true, IgnoreLease: true}},
		{ID: 2, Header: &RequestHeader{}, Put: &etcdpb.PutRequest{Key: []byte("k"), Value: []byte{}}},
		{ID: 3, Put: &etcdpb.PutRequest{}},
		{ID: 4, DeleteRange: &etcdpb.DeleteRangeRequest{Key: []byte("a"), RangeEnd: []byte("\x00"), PrevKv: true}},
		{ID: 5, Txn: &etcdpb.TxnRequest{}},
		{ID: 6, Txn: &etcdpb.TxnRequest{
			Compare: []*etcdpb.Compare{{Key: []byte("k"), Version: 1, CreateRevision: 2, Value: long, Lease: 9, RangeEnd: []byte("z")}, {}},
			Success: []*etcdpb.RequestOp{
				{RequestRange: &etcdpb.RangeRequest{Key: []byte("a"), RangeEnd: []byte("b"), Limit: 3, Revision: 4, SortOrder: 1, SortTarget: 2,
					Serializable: true, KeysOnly: true, CountOnly: true, MinModRevision: 5, MaxModRevision: 6, MinCreateRevision: 7, MaxCreateRevision: 8}},
				{RequestDeleteRange: &etcdpb.DeleteRangeRequest{Key: []byte("d")}},
				{RequestTxn: nested},
				{},
			},
			Failure: []*etcdpb.RequestOp{{RequestTxn: &etcdpb.TxnRequest{Failure: []*etcdpb.RequestOp{{RequestTxn: nested}}}}},
		}},
		{ID: 7, Compaction: &etcdpb.CompactionRequest{Revision: 1 << 40, Physical: true}},
		{ID: 8, LeaseGrant: &etcdpb.LeaseGrantRequest{TTL: 60, ID: 7587891561780689409}},
		{ID: 9, LeaseRevoke: &etcdpb.LeaseRevokeRequest{ID: -1}},
		{ID: 10, Alarm: &etcdpb.AlarmRequest{Action: etcdpb.AlarmActivate, MemberID: 1 << 63, Alarm: etcdpb.AlarmNoSpace}},
		{ID: 11, ClusterMemberAttrSet: &MemberAttrSetRequest{MemberID: 42, Name: "node-1", ClientURLs: []string{"http://a:2379", "", "http://b:2379"}}},
		{ID: 12, ClusterMemberAttrSet: &MemberAttrSetRequest{MemberID: 42}},
		{ID: 13, Header: &RequestHeader{Username: "u"}, Auth: &AuthRaftRequest{UserAdd: &etcdpb.AuthUserAddRequest{Name: "u", Password: "p"}}},
	}
}

// TestRequestEncoding: an entry decodes to exactly the request that the
// JSON encoding (raftlab's entries before, still those of requests other
// than puts and deletes) gave back.
func TestRequestEncoding(t *testing.T) {
	for _, r := range requestCases() {
		data := r.Marshal()
		got, ok := UnmarshalRequest(data)
		require.True(t, ok, "%+v", r)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		want := &InternalRaftRequest{}
		require.NoError(t, json.Unmarshal(b, want))
		require.Equal(t, want, got, "request %d", r.ID)
		require.Equal(t, data, got.Marshal(), "request %d: encoding is stable", r.ID)
	}
}

// TestRequestEncodingRefuses: raw entries, truncated or altered entries and
// requests that are not exactly one request are not applied.
func TestRequestEncodingRefuses(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("x"), []byte("value"), []byte(entryMagic), []byte("{}"), []byte(`{"ID":1}`),
		(&InternalRaftRequest{ID: 0, Put: &etcdpb.PutRequest{Key: []byte("k")}}).Marshal(),
		(&InternalRaftRequest{ID: 1}).Marshal(),
		(&InternalRaftRequest{ID: 1, Put: &etcdpb.PutRequest{}, LeaseRevoke: &etcdpb.LeaseRevokeRequest{}}).Marshal(),
		[]byte(entryMagic + "\x08\x01\x22\x00\x2a\x00"),     // a put and a delete
		[]byte(entryMagic + "\x08\x01\x22\x02\x0a\x00"),     // an empty key written
		[]byte(entryMagic + "\x08\x01\x22\x02\x08\x01\x01"), // a key as a varint
	} {
		_, ok := UnmarshalRequest(data)
		require.False(t, ok, "%q", data)
	}
	for _, r := range requestCases() {
		data := r.Marshal()
		if !bytes.HasPrefix(data, []byte(entryMagic)) {
			continue
		}
		// Every truncation of an entry is refused or decodes without
		// panicking; a field number nobody writes is refused.
		for n := len(entryMagic); n < len(data); n++ {
			UnmarshalRequest(data[:n])
		}
		_, ok := UnmarshalRequest(append(append([]byte(nil), data...), 0x98, 0x01, 0x00)) // field 19, varint
		require.False(t, ok)
	}
	// Nesting past encoding/json's depth limit is refused, not a stack
	// overflow.
	deep := &etcdpb.TxnRequest{}
	for i := 0; i < 10001; i++ {
		deep = &etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{{RequestTxn: deep}}}
	}
	_, ok := UnmarshalRequest((&InternalRaftRequest{ID: 1, Txn: deep}).Marshal())
	require.False(t, ok)
}

func BenchmarkRequestEncoding(b *testing.B) {
	r := &InternalRaftRequest{ID: 7587891561780689409, Put: &etcdpb.PutRequest{Key: []byte("k1"), Value: []byte("v")}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := UnmarshalRequest(r.Marshal()); !ok {
			b.Fatal("not decoded")
		}
	}
}

// TestUvarintLong: uvarintLong (eight bytes at a time when ten remain) reads
// exactly what binary.Uvarint reads, at any offset: every value's encoding,
// truncated or not, continuation bytes past ten, a tenth byte above 1, and
// random bytes.
func TestUvarintLong(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	check := func(b []byte, i int) {
		t.Helper()
		v, n := uvarintLong(b, i)
		wv, wn := binary.Uvarint(b[i:])
		if wn <= 0 {
			wv, wn = 0, -1-i
		}
		if v != wv || n != i+wn {
			t.Fatalf("%x at %d: %d, %d; binary.Uvarint %d, %d", b, i, v, n, wv, wn)
		}
	}
	for k := 0; k < 50000; k++ {
		var b []byte
		switch k % 4 {
		case 0: // a value of any length, with what follows
			v := rng.Uint64() >> uint(rng.Intn(64))
			b = binary.AppendUvarint(nil, v)
		case 1: // continuation bytes, then anything
			for j := rng.Intn(12); j > 0; j-- {
				b = append(b, 0x80|byte(rng.Intn(128)))
			}
			b = append(b, byte(rng.Intn(256)))
		default:
			for j := rng.Intn(14); j > 0; j-- {
				b = append(b, byte(rng.Intn(256)))
			}
		}
		for j := rng.Intn(4); j > 0; j-- {
			b = append(b, byte(rng.Intn(256)))
		}
		pre := rng.Intn(3)
		b = append(make([]byte, pre), b...)
		for n := pre; n <= len(b); n++ {
			check(b[:n], pre)
		}
	}
}

// TestPlainPutReadsAsDecodeRequest: what decodePlainPut accepts (the one
// pass a plain put's entry takes), decodeRequest accepts and reads alike,
// over plain puts of every key and value length around its one-byte
// bounds and random mutations of them (a byte changed, dropped, added;
// the layout's bytes most often); and a put with request ID 0 written
// out is refused with nothing, as any other refusal.
func TestPlainPutReadsAsDecodeRequest(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	lens := []int{0, 1, 2, 126, 127, 128, 200}
	ids := []uint64{0, 1, 127, 128, 1 << 40, 7587891561780689409, 1<<64 - 1}
	accepted := 0
	// check fails unless decodeRequest reads alike what decodePlainPut
	// accepts; it reports whether decodePlainPut accepted b.
	check := func(b []byte) bool {
		t.Helper()
		var fast, slow decoded
		if !decodePlainPut(b, &fast) {
			return false
		}
		r2, ok := decodeRequest(b, &slow)
		if !ok || r2.ID != fast.r.ID || r2.Put == nil || r2.count() != 1 ||
			string(r2.Put.Key) != string(fast.put.Key) || string(r2.Put.Value) != string(fast.put.Value) ||
			slow.put.Lease != 0 || slow.put.PrevKv || slow.put.IgnoreValue || slow.put.IgnoreLease {
			t.Fatalf("%x: decodePlainPut %d %q=%q; decodeRequest %v %+v", b, fast.r.ID, fast.put.Key, fast.put.Value, ok, slow.put)
		}
		if got, ok := UnmarshalRequest(append([]byte(entryMagic), b...)); !ok || got == nil || got.ID != fast.r.ID {
			t.Fatalf("%x: UnmarshalRequest %v, %v", b, got, ok)
		}
		return true
	}
	// Edges by hand: empty key or value written, a length past the end or
	// short of it, the put's fields swapped, a lease after the value.
	for _, b := range []string{
		"\x08\x01\x22\x05\x0a\x00\x12\x01v", "\x08\x01\x22\x05\x0a\x01k\x12\x00",
		"\x08\x01\x22\x06\x0a\x02k\x12\x01v", "\x08\x01\x22\x06\x0a\x01k\x12\x02v",
		"\x08\x01\x22\x07\x0a\x01k\x12\x01v", "\x08\x01\x22\x06\x12\x01v\x0a\x01k",
		"\x08\x01\x22\x08\x0a\x01k\x12\x01v\x18\x01", "\x08\x01\x22\x06\x0a\x01k\x12\x01v\x08\x02",
	} {
		check([]byte(b))
	}
	require.True(t, check([]byte("\x08\x01\x22\x06\x0a\x01k\x12\x01v")), "a plain put takes the one pass")
	for k := 0; k < 20000; k++ {
		key := bytes.Repeat([]byte("k"), lens[rng.Intn(len(lens))])
		val := bytes.Repeat([]byte("v"), lens[rng.Intn(len(lens))])
		r := &InternalRaftRequest{ID: ids[rng.Intn(len(ids))], Put: &etcdpb.PutRequest{Key: key, Value: val}}
		b := []byte(string(r.Marshal()))
		if !bytes.HasPrefix(b, []byte(entryMagic)) {
			continue // JSON: an empty key or value
		}
		b = b[len(entryMagic):]
		for m := rng.Intn(3); m > 0 && len(b) > 0; m-- {
			i := rng.Intn(len(b))
			if rng.Intn(2) == 0 {
				i = rng.Intn(min(len(b), 14)) // the tags and lengths
			}
			switch rng.Intn(4) {
			case 0:
				b = append(b[:i:i], b[i+1:]...)
			case 1:
				b = append(b[:i:i], append([]byte{byte(rng.Intn(256))}, b[i:]...)...)
			default:
				b[i] = byte(rng.Intn(256))
			}
		}
		if check(b) {
			accepted++
		}
	}
	if accepted < 500 {
		t.Fatalf("only %d entries took the one pass", accepted)
	}
	// ID 0 written out (Marshal leaves it out) is no request: refused
	// with nothing, whichever decoder reads it.
	zero := []byte(entryMagic + "\x08\x00\x22\x06\x0a\x01k\x12\x01v")
	got, ok := UnmarshalRequest(zero)
	require.False(t, ok)
	require.Nil(t, got)
}

// TestEntryArena: puts marshaled into a server's arena (what propose does)
// are the bytes Marshal writes, and taking room for later puts never
// changes an earlier one's, nor does appending to one (they share arrays).
func TestEntryArena(t *testing.T) {
	var a entryArena
	var got, want [][]byte
	for i := 0; i < 400; i++ {
		r := &InternalRaftRequest{ID: uint64(i + 1), Put: &etcdpb.PutRequest{
			Key:   []byte(strings.Repeat("k", 1+i%40)),
			Value: bytes.Repeat([]byte{byte(i)}, (i*37)%1500), Lease: int64(i % 3), PrevKv: i%5 == 0}}
		got = append(got, r.marshalIn(&a))
		want = append(want, r.Marshal())
	}
	for _, b := range got {
		_ = append(b, 0xee, 0xee)
	}
	for i := range got {
		require.Equal(t, want[i], got[i], "put %d", i)
		dec, ok := UnmarshalRequest(got[i])
		require.True(t, ok)
		require.Equal(t, uint64(i+1), dec.ID)
	}
}

// TestOpSize: a put's op (one per request in flight) keeps its kind and
// flags in one word, and what only reads, forwards and membership changes
// use out of it: 112 bytes, 16 to a 1,792-byte block (176 bytes and a
// 3,072-byte block with them in).
func TestOpSize(t *testing.T) {
	if n := unsafe.Sizeof(op{}); n > 112 {
		t.Fatalf("op is %d bytes", n)
	}
}

// decodeCache answers what unmarshalRequest does for every entry, however
// entries share its slots: the same bytes at one index (every member),
// other bytes or another array at the same index (a truncated log, a
// restart), the same array at another index, entries it refuses (raw
// data, an altered encoding, none), requests of every kind.
func TestDecodeCacheIsUnmarshalRequest(t *testing.T) {
	var c decodeCache
	var datas [][]byte
	for _, r := range requestCases() {
		datas = append(datas, r.Marshal())
	}
	bad := requestCases()[0].Marshal()
	bad[len(bad)-1] ^= 0xff
	datas = append(datas, []byte("raw"), bad, nil, []byte(`{"ID":9,"put":{"key":"aw=="}}`))
	rng := rand.New(rand.NewSource(8))
	for n := range 5000 {
		data := datas[rng.Intn(len(datas))]
		if rng.Intn(4) == 0 {
			data = bytes.Clone(data) // the same bytes in another array
		}
		e := raft.Entry{Index: uint64(rng.Intn(3*decodeSlots) + 1), Data: data}
		want, wantOK := unmarshalRequest(data, nil)
		got, ok := c.request(&e)
		require.Equal(t, wantOK, ok, "entry %d", n)
		if ok {
			require.Equal(t, want, got, "entry %d", n)
		}
	}
}

// TestPutEncodingIsProtobuf: a put's entry is etcd's InternalRaftRequest
// in protobuf's wire format, field by field as protobuf writes it (each
// set field's tag and varint or length-prefixed bytes, in field order,
// zero scalars and empty bytes left out), whatever the lengths of its
// varints: the encoder's one-byte fast paths and the arena change nothing.
func TestPutEncodingIsProtobuf(t *testing.T) {
	field := func(b []byte, f int, typ uint64, v uint64, data []byte) []byte {
		b = binary.AppendUvarint(b, uint64(f)<<3|typ)
		b = binary.AppendUvarint(b, v)
		return append(b, data...)
	}
	rng := rand.New(rand.NewSource(1))
	sizes := []int{0, 1, 5, 127, 128, 200, 16383, 16384, 20000}
	var a entryArena
	for i := 0; i < 3000; i++ {
		k, v := make([]byte, sizes[rng.Intn(len(sizes))]), make([]byte, sizes[rng.Intn(len(sizes))])
		rng.Read(k)
		rng.Read(v)
		p := &etcdpb.PutRequest{Key: k, Value: v, Lease: []int64{0, 1, -1, 300, rng.Int63()}[rng.Intn(5)],
			PrevKv: rng.Intn(2) == 0, IgnoreValue: rng.Intn(2) == 0, IgnoreLease: rng.Intn(2) == 0}
		r := &InternalRaftRequest{ID: []uint64{1, 127, 128, rng.Uint64(), 1<<64 - 1}[rng.Intn(5)], Put: p}
		var put []byte
		if len(k) > 0 {
			put = field(put, fPutKey, 2, uint64(len(k)), k)
		}
		if len(v) > 0 {
			put = field(put, fPutValue, 2, uint64(len(v)), v)
		}
		if p.Lease != 0 {
			put = field(put, fPutLease, 0, uint64(p.Lease), nil)
		}
		for _, f := range []struct {
			n   int
			set bool
		}{{fPutPrevKv, p.PrevKv}, {fPutIgnoreValue, p.IgnoreValue}, {fPutIgnoreLease, p.IgnoreLease}} {
			if f.set {
				put = field(put, f.n, 0, 1, nil)
			}
		}
		want := field([]byte(entryMagic), fID, 0, r.ID, nil)
		want = field(want, fPut, 2, uint64(len(put)), put)
		require.Equal(t, want, r.Marshal(), "put %d", i)
		require.Equal(t, want, r.marshalIn(&a), "put %d in the arena", i)
	}
}

// TestAppendUvarint: the entry encoder's varints are binary.AppendUvarint's
// at both ends of every bit length, and for random values.
func TestAppendUvarint(t *testing.T) {
	vals := []uint64{0, 1<<64 - 1}
	for n := 1; n < 64; n++ {
		vals = append(vals, 1<<n-1, 1<<n, 1<<n+1)
	}
	rng := rand.New(rand.NewSource(1))
	for range 10000 {
		vals = append(vals, rng.Uint64(), rng.Uint64()>>rng.Intn(64))
	}
	for _, v := range vals {
		want := binary.AppendUvarint([]byte{7}, v)
		require.Equal(t, want, appendUvarint([]byte{7}, v), "%#x", v)
		require.Equal(t, want, appendUvarintLong([]byte{7}, v), "%#x", v)
	}
}
