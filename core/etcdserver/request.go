package etcdserver

import (
	"encoding/binary"
	"math/bits"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/raft"
)

// MemberAttrSetRequest is etcd's ClusterMemberAttrSetRequest: a started
// member publishes its name and client URLs through Raft (etcd's publish).
type MemberAttrSetRequest struct {
	MemberID   uint64   `json:"member_ID"`
	Name       string   `json:"name,omitempty"`
	ClientURLs []string `json:"client_urls,omitempty"`
}

// InternalRaftRequest is what a normal log entry carries (etcd's
// etcdserverpb.InternalRaftRequest): the ID the proposing member waits on
// and exactly one request. Reads never go through the log (ReadIndex), so
// there is no Range. A put without auth, nearly every entry, is encoded in
// protobuf's wire format with etcd's field numbers (raft.proto, rpc.proto)
// behind a marker (entryMagic), as etcd encodes its entries; the other
// requests are JSON. Encoding is deterministic.
type InternalRaftRequest struct {
	ID                   uint64                     `json:"ID"`
	Header               *RequestHeader             `json:"header,omitempty"`
	Auth                 *AuthRaftRequest           `json:"auth,omitempty"`
	Put                  *etcdpb.PutRequest         `json:"put,omitempty"`
	DeleteRange          *etcdpb.DeleteRangeRequest `json:"delete_range,omitempty"`
	Txn                  *etcdpb.TxnRequest         `json:"txn,omitempty"`
	Compaction           *etcdpb.CompactionRequest  `json:"compaction,omitempty"`
	LeaseGrant           *etcdpb.LeaseGrantRequest  `json:"lease_grant,omitempty"`
	LeaseRevoke          *etcdpb.LeaseRevokeRequest `json:"lease_revoke,omitempty"`
	Alarm                *etcdpb.AlarmRequest       `json:"alarm,omitempty"`
	ClusterMemberAttrSet *MemberAttrSetRequest      `json:"cluster_member_attr_set,omitempty"`
}

// entryMagic starts a protobuf-encoded request: two bytes no UTF-8 text
// (a raw entry proposed from the console) starts with. Decoding JSON
// through reflection, on each of five members, was a quarter of a loaded
// simulation; the codec covers only puts to stay small in the page's
// WebAssembly.
const entryMagic = "\xff\x01"

// Field numbers of etcd's InternalRaftRequest and PutRequest.
const (
	fID, fPut = 1, 4

	fPutKey, fPutValue, fPutLease, fPutPrevKv, fPutIgnoreValue, fPutIgnoreLease = 1, 2, 3, 4, 5, 6
)

// Marshal encodes the request for an entry's Data.
func (r *InternalRaftRequest) Marshal() []byte { return r.marshalIn(nil) }

// marshalIn is Marshal with a put's bytes taken from a (its own array
// when nil).
func (r *InternalRaftRequest) marshalIn(a *entryArena) []byte {
	p := r.Put
	if p == nil || r.Header != nil || r.count() != 1 {
		// A copy: handing r itself to jsonw.Marshal's interface would move
		// every request to the heap, a put's too.
		c := *r
		return jsonw.Marshal(&c)
	}
	n := 32 + len(p.Key) + len(p.Value)
	var b []byte
	if a != nil {
		b = a.take(n)
	} else {
		b = make([]byte, 0, n)
	}
	b = append(b, entryMagic...)
	b = appendUint(b, fID, r.ID)
	// putSize is the put's protobuf size, as written here (limits.go).
	b = appendUvarint(append(b, fPut<<3|2), uint64(putSize(p)))
	b = appendBytes(b, fPutKey, p.Key)
	b = appendBytes(b, fPutValue, p.Value)
	b = appendUint(b, fPutLease, uint64(p.Lease))
	b = appendBool(b, fPutPrevKv, p.PrevKv)
	b = appendBool(b, fPutIgnoreValue, p.IgnoreValue)
	b = appendBool(b, fPutIgnoreLease, p.IgnoreLease)
	if a != nil {
		a.giveBack(b, n)
	}
	return b[:len(b):len(b)] // an append moves it out of the arena
}

// entryArena hands out the bytes of the entries a server proposes from
// shared arrays: an entry's data is never changed once proposed and lives
// in the members' logs until they compact, so a put's entry costs a share
// of an allocation instead of one of its own.
type entryArena struct{ buf []byte }

// arenaChunk is the size of an entryArena's arrays.
const arenaChunk = 4096

// take returns an empty slice with room for n bytes (appending past them
// moves it to an array of its own: nothing else is overwritten).
func (a *entryArena) take(n int) []byte {
	if cap(a.buf)-len(a.buf) < n {
		if n > arenaChunk/4 {
			return make([]byte, 0, n)
		}
		a.buf = make([]byte, 0, arenaChunk)
	}
	i := len(a.buf)
	a.buf = a.buf[:i+n]
	return a.buf[i : i : i+n]
}

// giveBack returns what b, from take(n), left unused, if b is still the
// newest slice taken and stayed in its room.
func (a *entryArena) giveBack(b []byte, n int) {
	i := len(a.buf) - n
	if cap(b) == n && i >= 0 && len(b) > 0 && &a.buf[i] == &b[0] {
		a.buf = a.buf[:i+len(b)]
	}
}

func (r *InternalRaftRequest) count() int {
	n := 0
	for _, set := range [...]bool{r.Put != nil, r.DeleteRange != nil, r.Txn != nil, r.Compaction != nil,
		r.LeaseGrant != nil, r.LeaseRevoke != nil, r.Alarm != nil, r.ClusterMemberAttrSet != nil, r.Auth != nil} {
		if set {
			n++
		}
	}
	return n
}

// UnmarshalRequest decodes an entry's Data. Data that is not a request
// (a raw test entry, a leader's empty entry) gives ok false: etcd's
// applier skips empty entries and raftlab skips anything it cannot read.
// A put's byte fields share data's memory: entries are never modified,
// and the store copies what it keeps.
func UnmarshalRequest(data []byte) (r *InternalRaftRequest, ok bool) {
	return unmarshalRequest(data, nil)
}

// decoded is a request with room for a put, the most common one: both
// in one allocation.
type decoded struct {
	r   InternalRaftRequest
	put etcdpb.PutRequest
}

// decodeCache is the requests of the latest entries applied, by index, for
// every member of a cluster: five members apply every entry, and each
// decoded it. A committed entry is one request cluster-wide (State
// Machine Safety), and its bytes never change once proposed, so a slot
// answers for the entry at the same index with its data at the same
// address and of the same length (an entry read back from another array,
// after a restart or from a snapshot, is decoded again). Apply changes
// nothing of the request and keeps nothing of it.
type decodeCache struct {
	slots [decodeSlots]decodedEntry
	// busy is set while a request from the cache is being applied.
	busy bool
}

// decodeSlots is how many entries the cache holds: the members apply an
// entry within a few rounds of each other.
const decodeSlots = 16

type decodedEntry struct {
	index uint64
	data  *byte
	n     int
	r     *InternalRaftRequest // nil if the entry is no request
	d     decoded
}

// request is unmarshalRequest(e.Data), decoded once for the cluster.
func (c *decodeCache) request(e *raft.Entry) (*InternalRaftRequest, bool) {
	if len(e.Data) == 0 {
		return nil, false // unmarshalRequest refuses it
	}
	sl := &c.slots[e.Index%decodeSlots]
	if sl.data != &e.Data[0] || sl.n != len(e.Data) || sl.index != e.Index {
		r, ok := unmarshalRequest(e.Data, &sl.d)
		if !ok {
			r = nil
		}
		sl.index, sl.data, sl.n, sl.r = e.Index, &e.Data[0], len(e.Data), r
	}
	return sl.r, sl.r != nil
}

// unmarshalRequest is UnmarshalRequest into into (a new one when nil).
func unmarshalRequest(data []byte, into *decoded) (r *InternalRaftRequest, ok bool) {
	switch {
	case len(data) > len(entryMagic) && string(data[:len(entryMagic)]) == entryMagic:
		if into == nil {
			into = &decoded{}
		} else {
			*into = decoded{}
		}
		if decodePlainPut(data[len(entryMagic):], into) {
			return &into.r, true // one request, a put
		}
		r, ok = decodeRequest(data[len(entryMagic):], into)
	case len(data) > 0 && data[0] == '{':
		r = &InternalRaftRequest{}
		ok = jsonw.Unmarshal(data, r) == nil
	}
	if !ok || r.ID == 0 || r.count() != 1 {
		return nil, false
	}
	return r, true
}

// decodePlainPut reads, in one pass, the entry of a put with a key and a
// value and nothing else, both shorter than 128 bytes, exactly as Marshal
// writes it (nearly every entry: five members decode each), with a
// request ID (0 is none); false for anything else, which decodeRequest
// reads. What both accept, they read alike (decodeRequest would take the
// same fields in the same order): TestPlainPutReadsAsDecodeRequest.
func decodePlainPut(b []byte, e *decoded) bool {
	if len(b) < 2 || b[0] != fID<<3 {
		return false
	}
	id, i := uvarintLong(b, 1)
	if id == 0 {
		return false
	}
	// The put: one length byte, running to the end.
	if i < 0 || i+2 > len(b) || b[i] != fPut<<3|2 || b[i+1] >= 0x80 || int(b[i+1]) != len(b)-i-2 {
		return false
	}
	i += 2
	if i+2 > len(b) || b[i] != fPutKey<<3|2 || b[i+1] == 0 || b[i+1] >= 0x80 {
		return false
	}
	k := i + 2 + int(b[i+1])
	if k+2 > len(b) || b[k] != fPutValue<<3|2 || b[k+1] == 0 || b[k+1] >= 0x80 || k+2+int(b[k+1]) != len(b) {
		return false
	}
	e.r.ID, e.r.Put = id, &e.put
	e.put.Key, e.put.Value = b[i+2:k:k], b[k+2:len(b):len(b)]
	return true
}

// decodeRequest reads what Marshal wrote for a put. Anything else (an
// unknown field, a wrong wire type, a truncated value, an empty bytes
// field) makes the entry unreadable. Each of five members decodes every
// put, so the reading is plain functions of (data, index): the indexes
// stay in registers, where a reader struct's fields were stored through a
// pointer at every byte read.
func decodeRequest(b []byte, e *decoded) (*InternalRaftRequest, bool) {
	r := &e.r
	for i := 0; i < len(b); {
		f, typ, j := tagAt(b, i)
		switch {
		case f == fID && typ == 0:
			r.ID, i = uvarintAt(b, j)
		case f == fPut && typ == 2:
			p := &e.put
			r.Put = p
			var m []byte
			if m, i = lenDelimAt(b, j); i < 0 {
				return r, false
			}
			if !decodePut(m, p) {
				return r, false
			}
		default:
			return r, false
		}
		if i < 0 {
			return r, false
		}
	}
	return r, true
}

// decodePut reads a PutRequest's fields.
func decodePut(b []byte, p *etcdpb.PutRequest) bool {
	for i := 0; i < len(b); {
		f, typ, j := tagAt(b, i)
		var v uint64
		switch {
		case typ == 2 && (f == fPutKey || f == fPutValue):
			var field []byte
			if field, i = lenDelimAt(b, j); len(field) == 0 {
				return false // truncated, or an empty bytes field (never written)
			}
			if f == fPutKey {
				p.Key = field
			} else {
				p.Value = field
			}
			continue
		case typ == 0 && f >= fPutLease && f <= fPutIgnoreLease:
			v, i = uvarintAt(b, j)
		default:
			return false
		}
		switch f {
		case fPutLease:
			p.Lease = int64(v)
		case fPutPrevKv:
			p.PrevKv = v != 0
		case fPutIgnoreValue:
			p.IgnoreValue = v != 0
		case fPutIgnoreLease:
			p.IgnoreLease = v != 0
		}
		if i < 0 {
			return false
		}
	}
	return true
}

// appendUvarint, appendUint, appendBool and appendBytes append protobuf
// fields (varints and length-delimited fields only) of the fields below
// 16 (one-byte tags); like proto3, zero scalars and empty bytes are left
// out, while a set message is written even when empty. Natively they are
// inlined into marshalIn (the page builds this package without inlining:
// SITE_COLD_PKGS), and a varint below 128, every tag and most lengths, is
// one append.
func appendUvarint(b []byte, v uint64) []byte {
	if v < 0x80 {
		return append(b, byte(v))
	}
	return binary.AppendUvarint(b, v)
}

// appendUvarintLong is appendUvarint for numbers that are mostly long
// (appendUint's): a request ID (nine or ten bytes: the member's 16 bits
// lead it) is written eight bytes at once, its 7-bit groups spread to
// bytes by shifts (varint8 backwards), where the loop took a dozen
// instructions a byte.
func appendUvarintLong(b []byte, v uint64) []byte {
	if v < 1<<56 {
		return appendUvarint(b, v)
	}
	w := v & (1<<56 - 1)
	w = w&0x000000000fffffff | w&0x00fffffff0000000<<4
	w = w&0x00003fff00003fff | w&0x0fffc0000fffc000<<2
	w = w&0x007f007f007f007f | w&0x3f803f803f803f80<<1
	b = binary.LittleEndian.AppendUint64(b, w|0x8080808080808080)
	if v >>= 56; v < 0x80 {
		return append(b, byte(v))
	}
	return append(b, byte(v)|0x80, 1)
}

func appendUint(b []byte, field int, v uint64) []byte {
	if v == 0 {
		return b
	}
	return appendUvarintLong(append(b, byte(field<<3)), v)
}

func appendBool(b []byte, field int, v bool) []byte {
	if !v {
		return b
	}
	return append(b, byte(field<<3), 1)
}

func appendBytes(b []byte, field int, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	return append(appendUvarint(append(b, byte(field<<3|2)), uint64(len(v))), v...)
}

// tagAt reads the field tag at b[i]: its field number, its wire type and
// the index past it. A bad tag reads as field 0, which no caller accepts
// (no field is numbered 0).
func tagAt(b []byte, i int) (field int, typ uint64, next int) {
	k, next := uvarintAt(b, i)
	return int(k >> 3), k & 7, next
}

// uvarintAt reads the varint at b[i] and returns it with the index past
// it, or 0 and -1 when it is bad. Tags and lengths are one byte, read
// inline; only the request ID takes uvarintLong.
func uvarintAt(b []byte, i int) (uint64, int) {
	if i < len(b) && b[i] < 0x80 {
		return uint64(b[i]), i + 1
	}
	return uvarintLong(b, i)
}

// uvarintLong is binary.Uvarint at b[i]: at most ten bytes, the tenth
// at most 1; an overflow or a truncation is bad. A request ID takes nine
// or ten bytes, read eight at a time (varint8) rather than by a loop of
// a dozen instructions a byte.
//
//go:noinline
func uvarintLong(b []byte, i int) (uint64, int) {
	if i < 0 || i > len(b) {
		return 0, -1
	}
	if len(b)-i >= 10 {
		v, n := varint8(binary.LittleEndian.Uint64(b[i:]))
		if n > 0 {
			return v, i + n
		}
		// Eight continuation bytes: the ninth and tenth hold bits 56-63.
		c8, c9 := b[i+8], b[i+9]
		if c8 < 0x80 {
			return v | uint64(c8)<<56, i + 9
		}
		if c9 > 1 {
			return 0, -1
		}
		return v | uint64(c8&0x7f)<<56 | uint64(c9)<<63, i + 10
	}
	v, n := binary.Uvarint(b[i:])
	if n <= 0 {
		return 0, -1
	}
	return v, i + n
}

// varint8 decodes a varint from the eight bytes of w (little-endian):
// its value and length, or, with no last byte among them, the 56 bits of
// eight continuation bytes and 0.
func varint8(w uint64) (uint64, int) {
	n := 0
	if ends := ^w & 0x8080808080808080; ends != 0 {
		n = bits.TrailingZeros64(ends)/8 + 1
		w &= uint64(1)<<(8*n) - 1
	}
	// Squeeze out the continuation bits: 7-bit groups into 14, 28, 56.
	w &= 0x7f7f7f7f7f7f7f7f
	w = w&0x007f007f007f007f | w&0x7f007f007f007f00>>1
	w = w&0x00003fff00003fff | w&0x3fff00003fff0000>>2
	w = w&0x000000000fffffff | w&0x0fffffff00000000>>4
	return w, n
}

// lenDelimAt reads the length-delimited content whose length is at b[i],
// and returns it with the index past it, or -1 when truncated.
func lenDelimAt(b []byte, i int) ([]byte, int) {
	n, i := uvarintAt(b, i)
	if i < 0 || n > uint64(len(b)-i) {
		return nil, -1
	}
	end := i + int(n)
	return b[i:end:end], end
}
