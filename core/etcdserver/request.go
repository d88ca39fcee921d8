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
// there is no Range. It is encoded in protobuf's wire format with etcd's
// field numbers (raft.proto, rpc.proto), behind a marker (entryMagic), as
// etcd encodes its entries; auth requests, rare, are JSON. Encoding is
// deterministic.
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
// (a raw entry proposed from the console) starts with. Decoding JSON and
// reflection cost each of five members a quarter of a loaded simulation.
const entryMagic = "\xff\x01"

// Field numbers of etcd's InternalRaftRequest and RequestHeader.
const (
	fID                   = 1
	fPut                  = 4
	fDeleteRange          = 5
	fTxn                  = 6
	fCompaction           = 7
	fLeaseGrant           = 8
	fLeaseRevoke          = 9
	fAlarm                = 10
	fHeader               = 100
	fClusterMemberAttrSet = 1301

	fHeaderUsername     = 2
	fHeaderAuthRevision = 3
)

// Marshal encodes the request for an entry's Data.
func (r *InternalRaftRequest) Marshal() []byte {
	if r.Auth != nil {
		b, _ := json.Marshal(r)
		return b
	}
	w := wire{b: make([]byte, 0, 32+r.sizeHint())}
	w.b = append(w.b, entryMagic...)
	w.uint(fID, r.ID)
	if h := r.Header; h != nil {
		at := w.begin(fHeader)
		w.str(fHeaderUsername, h.Username)
		w.uint(fHeaderAuthRevision, h.AuthRevision)
		w.end(at)
	}
	if p := r.Put; p != nil {
		at := w.begin(fPut)
		w.put(p)
		w.end(at)
	}
	if d := r.DeleteRange; d != nil {
		at := w.begin(fDeleteRange)
		w.deleteRange(d)
		w.end(at)
	}
	if t := r.Txn; t != nil {
		at := w.begin(fTxn)
		w.txn(t)
		w.end(at)
	}
	if c := r.Compaction; c != nil {
		at := w.begin(fCompaction)
		w.int(1, c.Revision)
		w.bool(2, c.Physical)
		w.end(at)
	}
	if g := r.LeaseGrant; g != nil {
		at := w.begin(fLeaseGrant)
		w.int(1, g.TTL)
		w.int(2, g.ID)
		w.end(at)
	}
	if v := r.LeaseRevoke; v != nil {
		at := w.begin(fLeaseRevoke)
		w.int(1, v.ID)
		w.end(at)
	}
	if a := r.Alarm; a != nil {
		at := w.begin(fAlarm)
		w.int(1, int64(a.Action))
		w.uint(2, a.MemberID)
		w.int(3, int64(a.Alarm))
		w.end(at)
	}
	if m := r.ClusterMemberAttrSet; m != nil {
		at := w.begin(fClusterMemberAttrSet)
		w.uint(1, m.MemberID)
		w.str(2, m.Name)
		for _, u := range m.ClientURLs {
			w.rawStr(3, u)
		}
		w.end(at)
	}
	return w.b
}

// sizeHint is about the encoded size of the request (its protobuf size as
// etcd's limits count it), so that Marshal allocates once.
func (r *InternalRaftRequest) sizeHint() int {
	n := 0
	if r.Header != nil {
		n += len(r.Header.Username)
	}
	switch {
	case r.Put != nil:
		n += putSize(r.Put)
	case r.DeleteRange != nil:
		n += deleteSize(r.DeleteRange)
	case r.Txn != nil:
		n += txnSize(r.Txn)
	case r.ClusterMemberAttrSet != nil:
		n += len(r.ClusterMemberAttrSet.Name) + 64*len(r.ClusterMemberAttrSet.ClientURLs)
	}
	return n
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
// Byte fields of r share data's memory: entries are never modified, and
// the store copies what it keeps.
func UnmarshalRequest(data []byte) (r *InternalRaftRequest, ok bool) {
	return unmarshalRequest(data, nil)
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

// decoded is a request with room for a put, the most common one: both
// in one allocation.
type decoded struct {
	r   InternalRaftRequest
	put etcdpb.PutRequest
}

func decodeRequest(b []byte, e *decoded) (*InternalRaftRequest, bool) {
	r := &e.r
	d := reader{b: b}
	for d.more() {
		switch d.field() {
		case fID:
			r.ID = d.uint()
		case fHeader:
			r.Header = &RequestHeader{}
			h := d.message()
			for h.more() {
				switch h.field() {
				case fHeaderUsername:
					r.Header.Username = string(h.bytes())
				case fHeaderAuthRevision:
					r.Header.AuthRevision = h.uint()
				default:
					h.fail()
				}
			}
			d.check(&h)
		case fPut:
			m := d.message()
			r.Put = m.put(&e.put)
			d.check(&m)
		case fDeleteRange:
			m := d.message()
			r.DeleteRange = m.deleteRange()
			d.check(&m)
		case fTxn:
			m := d.message()
			r.Txn = m.txn(0)
			d.check(&m)
		case fCompaction:
			m := d.message()
			r.Compaction = &etcdpb.CompactionRequest{}
			for m.more() {
				switch m.field() {
				case 1:
					r.Compaction.Revision = m.int()
				case 2:
					r.Compaction.Physical = m.bool()
				default:
					m.fail()
				}
			}
			d.check(&m)
		case fLeaseGrant:
			m := d.message()
			r.LeaseGrant = &etcdpb.LeaseGrantRequest{}
			for m.more() {
				switch m.field() {
				case 1:
					r.LeaseGrant.TTL = m.int()
				case 2:
					r.LeaseGrant.ID = m.int()
				default:
					m.fail()
				}
			}
			d.check(&m)
		case fLeaseRevoke:
			m := d.message()
			r.LeaseRevoke = &etcdpb.LeaseRevokeRequest{}
			for m.more() {
				switch m.field() {
				case 1:
					r.LeaseRevoke.ID = m.int()
				default:
					m.fail()
				}
			}
			d.check(&m)
		case fAlarm:
			m := d.message()
			r.Alarm = &etcdpb.AlarmRequest{}
			for m.more() {
				switch m.field() {
				case 1:
					r.Alarm.Action = etcdpb.AlarmAction(m.int())
				case 2:
					r.Alarm.MemberID = m.uint()
				case 3:
					r.Alarm.Alarm = etcdpb.AlarmType(m.int())
				default:
					m.fail()
				}
			}
			d.check(&m)
		case fClusterMemberAttrSet:
			m := d.message()
			r.ClusterMemberAttrSet = &MemberAttrSetRequest{}
			for m.more() {
				switch m.field() {
				case 1:
					r.ClusterMemberAttrSet.MemberID = m.uint()
				case 2:
					r.ClusterMemberAttrSet.Name = string(m.bytes())
				case 3:
					r.ClusterMemberAttrSet.ClientURLs = append(r.ClusterMemberAttrSet.ClientURLs, string(m.rawBytes()))
				default:
					m.fail()
				}
			}
			d.check(&m)
		default:
			d.fail()
		}
	}
	return r, !d.bad
}

// Field numbers of etcd's rpc.proto messages a write carries.
const (
	fPutKey, fPutValue, fPutLease, fPutPrevKv, fPutIgnoreValue, fPutIgnoreLease = 1, 2, 3, 4, 5, 6

	fDelKey, fDelRangeEnd, fDelPrevKv = 1, 2, 3

	fRangeKey, fRangeRangeEnd, fRangeLimit, fRangeRevision, fRangeSortOrder, fRangeSortTarget = 1, 2, 3, 4, 5, 6
	fRangeSerializable, fRangeKeysOnly, fRangeCountOnly                                       = 7, 8, 9
	fRangeMinMod, fRangeMaxMod, fRangeMinCreate, fRangeMaxCreate                              = 10, 11, 12, 13

	fTxnCompare, fTxnSuccess, fTxnFailure = 1, 2, 3

	fOpRange, fOpPut, fOpDeleteRange, fOpTxn = 1, 2, 3, 4

	fCmpResult, fCmpTarget, fCmpKey, fCmpVersion, fCmpCreate, fCmpMod, fCmpValue, fCmpLease = 1, 2, 3, 4, 5, 6, 7, 8
	fCmpRangeEnd                                                                            = 64
)

// maxTxnDepth bounds the nesting of decoded transactions, as
// encoding/json's depth limit did.
const maxTxnDepth = 10000

func (w *wire) put(p *etcdpb.PutRequest) {
	w.bytes(fPutKey, p.Key)
	w.bytes(fPutValue, p.Value)
	w.int(fPutLease, p.Lease)
	w.bool(fPutPrevKv, p.PrevKv)
	w.bool(fPutIgnoreValue, p.IgnoreValue)
	w.bool(fPutIgnoreLease, p.IgnoreLease)
}

func (d *reader) put(p *etcdpb.PutRequest) *etcdpb.PutRequest {
	for d.more() {
		switch d.field() {
		case fPutKey:
			p.Key = d.bytes()
		case fPutValue:
			p.Value = d.bytes()
		case fPutLease:
			p.Lease = d.int()
		case fPutPrevKv:
			p.PrevKv = d.bool()
		case fPutIgnoreValue:
			p.IgnoreValue = d.bool()
		case fPutIgnoreLease:
			p.IgnoreLease = d.bool()
		default:
			d.fail()
		}
	}
	return p
}

func (w *wire) deleteRange(r *etcdpb.DeleteRangeRequest) {
	w.bytes(fDelKey, r.Key)
	w.bytes(fDelRangeEnd, r.RangeEnd)
	w.bool(fDelPrevKv, r.PrevKv)
}

func (d *reader) deleteRange() *etcdpb.DeleteRangeRequest {
	r := &etcdpb.DeleteRangeRequest{}
	for d.more() {
		switch d.field() {
		case fDelKey:
			r.Key = d.bytes()
		case fDelRangeEnd:
			r.RangeEnd = d.bytes()
		case fDelPrevKv:
			r.PrevKv = d.bool()
		default:
			d.fail()
		}
	}
	return r
}

func (w *wire) rangeReq(r *etcdpb.RangeRequest) {
	w.bytes(fRangeKey, r.Key)
	w.bytes(fRangeRangeEnd, r.RangeEnd)
	w.int(fRangeLimit, r.Limit)
	w.int(fRangeRevision, r.Revision)
	w.int(fRangeSortOrder, int64(r.SortOrder))
	w.int(fRangeSortTarget, int64(r.SortTarget))
	w.bool(fRangeSerializable, r.Serializable)
	w.bool(fRangeKeysOnly, r.KeysOnly)
	w.bool(fRangeCountOnly, r.CountOnly)
	w.int(fRangeMinMod, r.MinModRevision)
	w.int(fRangeMaxMod, r.MaxModRevision)
	w.int(fRangeMinCreate, r.MinCreateRevision)
	w.int(fRangeMaxCreate, r.MaxCreateRevision)
}

func (d *reader) rangeReq() *etcdpb.RangeRequest {
	r := &etcdpb.RangeRequest{}
	for d.more() {
		switch d.field() {
		case fRangeKey:
			r.Key = d.bytes()
		case fRangeRangeEnd:
			r.RangeEnd = d.bytes()
		case fRangeLimit:
			r.Limit = d.int()
		case fRangeRevision:
			r.Revision = d.int()
		case fRangeSortOrder:
			r.SortOrder = etcdpb.SortOrder(d.int())
		case fRangeSortTarget:
			r.SortTarget = etcdpb.SortTarget(d.int())
		case fRangeSerializable:
			r.Serializable = d.bool()
		case fRangeKeysOnly:
			r.KeysOnly = d.bool()
		case fRangeCountOnly:
			r.CountOnly = d.bool()
		case fRangeMinMod:
			r.MinModRevision = d.int()
		case fRangeMaxMod:
			r.MaxModRevision = d.int()
		case fRangeMinCreate:
			r.MinCreateRevision = d.int()
		case fRangeMaxCreate:
			r.MaxCreateRevision = d.int()
		default:
			d.fail()
		}
	}
	return r
}

// txn encodes a transaction. A nil compare or operation (only a Go
// client can send one) is encoded as an empty one: both are refused at
// apply alike (empty key, empty operation).
func (w *wire) txn(t *etcdpb.TxnRequest) {
	for _, c := range t.Compare {
		at := w.begin(fTxnCompare)
		if c != nil {
			w.int(fCmpResult, int64(c.Result))
			w.int(fCmpTarget, int64(c.Target))
			w.bytes(fCmpKey, c.Key)
			w.int(fCmpVersion, c.Version)
			w.int(fCmpCreate, c.CreateRevision)
			w.int(fCmpMod, c.ModRevision)
			w.bytes(fCmpValue, c.Value)
			w.int(fCmpLease, c.Lease)
			w.bytes(fCmpRangeEnd, c.RangeEnd)
		}
		w.end(at)
	}
	for i, ops := range [2][]*etcdpb.RequestOp{t.Success, t.Failure} {
		for _, op := range ops {
			at := w.begin(fTxnSuccess + i)
			if op != nil {
				w.op(op)
			}
			w.end(at)
		}
	}
}

// op encodes every set field of a RequestOp (etcd's is a oneof; raftlab's
// struct could hold more than one, and the store takes the first).
func (w *wire) op(op *etcdpb.RequestOp) {
	if op.RequestRange != nil {
		at := w.begin(fOpRange)
		w.rangeReq(op.RequestRange)
		w.end(at)
	}
	if op.RequestPut != nil {
		at := w.begin(fOpPut)
		w.put(op.RequestPut)
		w.end(at)
	}
	if op.RequestDeleteRange != nil {
		at := w.begin(fOpDeleteRange)
		w.deleteRange(op.RequestDeleteRange)
		w.end(at)
	}
	if op.RequestTxn != nil {
		at := w.begin(fOpTxn)
		w.txn(op.RequestTxn)
		w.end(at)
	}
}

func (d *reader) txn(depth int) *etcdpb.TxnRequest {
	t := &etcdpb.TxnRequest{}
	if depth > maxTxnDepth {
		d.fail()
		return t
	}
	for d.more() {
		switch f := d.field(); f {
		case fTxnCompare:
			m := d.message()
			t.Compare = append(t.Compare, m.compare())
			d.check(&m)
		case fTxnSuccess, fTxnFailure:
			m := d.message()
			op := m.op(depth)
			d.check(&m)
			if f == fTxnSuccess {
				t.Success = append(t.Success, op)
			} else {
				t.Failure = append(t.Failure, op)
			}
		default:
			d.fail()
		}
	}
	return t
}

func (d *reader) compare() *etcdpb.Compare {
	c := &etcdpb.Compare{}
	for d.more() {
		switch d.field() {
		case fCmpResult:
			c.Result = etcdpb.CompareResult(d.int())
		case fCmpTarget:
			c.Target = etcdpb.CompareTarget(d.int())
		case fCmpKey:
			c.Key = d.bytes()
		case fCmpVersion:
			c.Version = d.int()
		case fCmpCreate:
			c.CreateRevision = d.int()
		case fCmpMod:
			c.ModRevision = d.int()
		case fCmpValue:
			c.Value = d.bytes()
		case fCmpLease:
			c.Lease = d.int()
		case fCmpRangeEnd:
			c.RangeEnd = d.bytes()
		default:
			d.fail()
		}
	}
	return c
}

func (d *reader) op(depth int) *etcdpb.RequestOp {
	op := &etcdpb.RequestOp{}
	for d.more() {
		m := reader{}
		switch d.field() {
		case fOpRange:
			m = d.message()
			op.RequestRange = m.rangeReq()
		case fOpPut:
			m = d.message()
			op.RequestPut = m.put(&etcdpb.PutRequest{})
		case fOpDeleteRange:
			m = d.message()
			op.RequestDeleteRange = m.deleteRange()
		case fOpTxn:
			m = d.message()
			op.RequestTxn = m.txn(depth + 1)
		default:
			d.fail()
		}
		d.check(&m)
	}
	return op
}

// wire appends protobuf fields (varints and length-delimited fields only);
// like proto3, zero scalars and empty bytes are left out, while a set
// message is written even when empty.
type wire struct{ b []byte }

func (w *wire) tag(field, typ int) { w.b = binary.AppendUvarint(w.b, uint64(field)<<3|uint64(typ)) }

func (w *wire) uint(field int, v uint64) {
	if v != 0 {
		w.tag(field, 0)
		w.b = binary.AppendUvarint(w.b, v)
	}
}

func (w *wire) int(field int, v int64) { w.uint(field, uint64(v)) }

func (w *wire) bool(field int, v bool) {
	if v {
		w.uint(field, 1)
	}
}

func (w *wire) bytes(field int, v []byte) {
	if len(v) > 0 {
		w.tag(field, 2)
		w.b = binary.AppendUvarint(w.b, uint64(len(v)))
		w.b = append(w.b, v...)
	}
}

func (w *wire) str(field int, v string) {
	if v != "" {
		w.rawStr(field, v)
	}
}

// rawStr writes v even when empty (an element of a repeated string).
func (w *wire) rawStr(field int, v string) {
	w.tag(field, 2)
	w.b = binary.AppendUvarint(w.b, uint64(len(v)))
	w.b = append(w.b, v...)
}

// begin starts an embedded message, leaving one byte for its length; end
// writes the length, moving the body when it needs more bytes.
func (w *wire) begin(field int) int {
	w.tag(field, 2)
	w.b = append(w.b, 0)
	return len(w.b)
}

func (w *wire) end(start int) {
	n := len(w.b) - start
	if n < 0x80 {
		w.b[start-1] = byte(n)
		return
	}
	var l [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(l[:], uint64(n))
	w.b = append(w.b, l[:k-1]...)
	copy(w.b[start-1+k:], w.b[start:start+n])
	copy(w.b[start-1:], l[:k])
}

// reader reads what wire wrote. Anything else (an unknown field, a wrong
// wire type, a truncated value) makes it bad, and the entry unreadable.
type reader struct {
	b   []byte
	typ uint64 // wire type of the field being read
	bad bool
}

func (d *reader) more() bool { return len(d.b) > 0 && !d.bad }

func (d *reader) fail() { d.bad, d.b = true, nil }

// check makes d bad when the embedded message m was.
func (d *reader) check(m *reader) {
	if m.bad {
		d.fail()
	}
}

func (d *reader) field() int {
	k := d.varint()
	d.typ = k & 7
	if k>>3 == 0 || k>>3 > 1<<29 {
		d.fail()
	}
	return int(k >> 3)
}

func (d *reader) varint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *reader) uint() uint64 {
	if d.typ != 0 {
		d.fail()
		return 0
	}
	return d.varint()
}

func (d *reader) int() int64 { return int64(d.uint()) }

func (d *reader) bool() bool { return d.uint() != 0 }

// rawBytes is a length-delimited field's content, nil when empty.
func (d *reader) rawBytes() []byte {
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
	if n == 0 {
		return nil
	}
	return v
}

// bytes is a bytes field: wire never writes an empty one.
func (d *reader) bytes() []byte {
	v := d.rawBytes()
	if v == nil {
		d.fail()
	}
	return v
}

func (d *reader) message() reader { return reader{b: d.rawBytes(), bad: d.bad} }
