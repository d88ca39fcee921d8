package etcdserver

import (
	"encoding/binary"
	"encoding/json"

	"github.com/raftlab/raftlab/core/etcdpb"
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
func (r *InternalRaftRequest) Marshal() []byte {
	p := r.Put
	if p == nil || r.Header != nil || r.count() != 1 {
		b, _ := json.Marshal(r)
		return b
	}
	w := wire{b: make([]byte, 0, 32+len(p.Key)+len(p.Value))}
	w.b = append(w.b, entryMagic...)
	w.uint(fID, r.ID)
	// putSize is the put's protobuf size, as written here (limits.go).
	w.uvarint(fPut<<3 | 2)
	w.uvarint(uint64(putSize(p)))
	w.bytes(fPutKey, p.Key)
	w.bytes(fPutValue, p.Value)
	w.uint(fPutLease, uint64(p.Lease))
	w.bool(fPutPrevKv, p.PrevKv)
	w.bool(fPutIgnoreValue, p.IgnoreValue)
	w.bool(fPutIgnoreLease, p.IgnoreLease)
	return w.b
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

// unmarshalRequest is UnmarshalRequest into into (a new one when nil).
func unmarshalRequest(data []byte, into *decoded) (r *InternalRaftRequest, ok bool) {
	switch {
	case len(data) > len(entryMagic) && string(data[:len(entryMagic)]) == entryMagic:
		if into == nil {
			into = &decoded{}
		} else {
			*into = decoded{}
		}
		r, ok = decodeRequest(data[len(entryMagic):], into)
	case len(data) > 0 && data[0] == '{':
		r = &InternalRaftRequest{}
		ok = json.Unmarshal(data, r) == nil
	}
	if !ok || r.ID == 0 || r.count() != 1 {
		return nil, false
	}
	return r, true
}

func decodeRequest(b []byte, e *decoded) (*InternalRaftRequest, bool) {
	r := &e.r
	d := reader{b: b}
	for d.more() {
		switch d.field() {
		case fID:
			r.ID = d.uint()
		case fPut:
			p := &e.put
			r.Put = p
			m := d.message()
			for m.more() {
				switch m.field() {
				case fPutKey:
					p.Key = m.bytes()
				case fPutValue:
					p.Value = m.bytes()
				case fPutLease:
					p.Lease = int64(m.uint())
				case fPutPrevKv:
					p.PrevKv = m.uint() != 0
				case fPutIgnoreValue:
					p.IgnoreValue = m.uint() != 0
				case fPutIgnoreLease:
					p.IgnoreLease = m.uint() != 0
				default:
					m.fail()
				}
			}
			if m.bad {
				d.fail()
			}
		default:
			d.fail()
		}
	}
	return r, !d.bad
}

// wire appends protobuf fields (varints and length-delimited fields only);
// like proto3, zero scalars and empty bytes are left out, while a set
// message is written even when empty. Its methods are not inlined: the
// page's WebAssembly would hold a copy at every call.
type wire struct{ b []byte }

//go:noinline
func (w *wire) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

//go:noinline
func (w *wire) uint(field int, v uint64) {
	if v != 0 {
		w.uvarint(uint64(field) << 3)
		w.uvarint(v)
	}
}

func (w *wire) bool(field int, v bool) {
	if v {
		w.uint(field, 1)
	}
}

//go:noinline
func (w *wire) bytes(field int, v []byte) {
	if len(v) > 0 {
		w.uvarint(uint64(field)<<3 | 2)
		w.uvarint(uint64(len(v)))
		w.b = append(w.b, v...)
	}
}

// reader reads what wire wrote. Anything else (an unknown field, a wrong
// wire type, a truncated value, an empty bytes field) makes it bad, and
// the entry unreadable.
type reader struct {
	b   []byte
	typ uint64 // wire type of the field being read
	bad bool
}

func (d *reader) more() bool { return len(d.b) > 0 && !d.bad }

func (d *reader) fail() { d.bad, d.b = true, nil }

//go:noinline
func (d *reader) field() int {
	k := d.varint()
	d.typ = k & 7
	if k>>3 == 0 || k>>3 > 1<<29 {
		d.fail()
	}
	return int(k >> 3)
}

//go:noinline
func (d *reader) varint() uint64 {
	// Tags and lengths are one byte: only the request ID takes the loop.
	if len(d.b) > 0 && d.b[0] < 0x80 {
		v := uint64(d.b[0])
		d.b = d.b[1:]
		return v
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

//go:noinline
func (d *reader) uint() uint64 {
	if d.typ != 0 {
		d.fail()
		return 0
	}
	return d.varint()
}

// bytes is a length-delimited field's content (never empty).
func (d *reader) bytes() []byte {
	v := d.lenDelim()
	if len(v) == 0 {
		d.fail()
	}
	return v
}

// lenDelim is a length-delimited field's content.
//
//go:noinline
func (d *reader) lenDelim() []byte {
	if d.typ != 2 {
		d.fail()
		return nil
	}
	n := d.varint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

// message is an embedded message's reader (empty when the field was).
func (d *reader) message() reader {
	b := d.lenDelim()
	return reader{b: b, bad: d.bad}
}
