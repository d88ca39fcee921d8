package etcdpb

import "encoding/binary"

// MarshalProto encodes a response as etcd's gogo-generated Marshal does
// (protobuf wire format, proto3: zero scalars omitted, set messages kept
// even when empty, fields in number order), for `etcdctl -w protobuf`.
// ok is false for a type etcdctl could not marshal either.
func MarshalProto(v any) (b []byte, ok bool) {
	var e enc
	switch r := v.(type) {
	case *ResponseHeader:
		e.header(r)
	case *RangeResponse:
		e.rangeResp(r)
	case *PutResponse:
		e.putResp(r)
	case *DeleteRangeResponse:
		e.delResp(r)
	case *TxnResponse:
		e.txnResp(r)
	case *LeaseRevokeResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case LeaseRevokeResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *CompactionResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *DefragmentResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *MoveLeaderResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AlarmResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
		for _, a := range r.Alarms {
			e.msg(2, true, func(e *enc) { e.uvarint(1, a.MemberID); e.uvarint(2, uint64(a.Alarm)) })
		}
	case *MemberListResponse:
		e.members(r.Header, false, nil, r.Members)
	case *MemberAddResponse:
		e.members(r.Header, true, r.Member, r.Members)
	case *MemberRemoveResponse:
		e.members(r.Header, false, nil, r.Members)
	case *MemberUpdateResponse:
		e.members(r.Header, false, nil, r.Members)
	case *MemberPromoteResponse:
		e.members(r.Header, false, nil, r.Members)
	case *WatchResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
		e.varint(2, r.WatchId)
		e.boolean(3, r.Created)
		e.boolean(4, r.Canceled)
		e.varint(5, r.CompactRevision)
		e.str(6, r.CancelReason)
		e.boolean(7, r.Fragment)
		for _, ev := range r.Events {
			e.msg(11, true, func(e *enc) {
				e.uvarint(1, uint64(ev.Type))
				e.msg(2, ev.Kv != nil, func(e *enc) { e.kv(ev.Kv) })
				e.msg(3, ev.PrevKv != nil, func(e *enc) { e.kv(ev.PrevKv) })
			})
		}
	case *AuthStatusResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
		e.boolean(2, r.Enabled)
		e.uvarint(3, r.AuthRevision)
	case *AuthUserGetResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
		e.strs(2, r.Roles)
	case *AuthUserListResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
		e.strs(2, r.Users)
	case *AuthRoleListResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
		e.strs(2, r.Roles)
	case *AuthRoleGetResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
		for _, p := range r.Perm {
			e.msg(2, true, func(e *enc) {
				e.uvarint(1, uint64(p.PermType))
				e.bytes(2, p.Key)
				e.bytes(3, p.RangeEnd)
			})
		}
	case *AuthUserAddResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AuthUserDeleteResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AuthUserChangePasswordResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AuthUserGrantRoleResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AuthUserRevokeRoleResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AuthRoleAddResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AuthRoleDeleteResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AuthRoleGrantPermissionResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	case *AuthRoleRevokePermissionResponse:
		e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	default:
		return nil, false
	}
	return e.b, true
}

type enc struct{ b []byte }

func (e *enc) tag(field, wire int) { e.b = binary.AppendUvarint(e.b, uint64(field<<3|wire)) }

func (e *enc) uvarint(field int, v uint64) {
	if v != 0 {
		e.tag(field, 0)
		e.b = binary.AppendUvarint(e.b, v)
	}
}

func (e *enc) varint(field int, v int64) { e.uvarint(field, uint64(v)) }

func (e *enc) boolean(field int, v bool) {
	if v {
		e.uvarint(field, 1)
	}
}

func (e *enc) bytes(field int, v []byte) {
	if len(v) > 0 {
		e.tag(field, 2)
		e.b = binary.AppendUvarint(e.b, uint64(len(v)))
		e.b = append(e.b, v...)
	}
}

func (e *enc) str(field int, v string) { e.bytes(field, []byte(v)) }

// strs is a repeated string: every element, empty ones included.
func (e *enc) strs(field int, vs []string) {
	for _, v := range vs {
		e.tag(field, 2)
		e.b = binary.AppendUvarint(e.b, uint64(len(v)))
		e.b = append(e.b, v...)
	}
}

// msg writes an embedded message when set (an empty one too).
func (e *enc) msg(field int, set bool, body func(e *enc)) {
	if !set {
		return
	}
	var inner enc
	body(&inner)
	e.tag(field, 2)
	e.b = binary.AppendUvarint(e.b, uint64(len(inner.b)))
	e.b = append(e.b, inner.b...)
}

func (e *enc) header(h *ResponseHeader) {
	e.uvarint(1, h.ClusterId)
	e.uvarint(2, h.MemberId)
	e.varint(3, h.Revision)
	e.uvarint(4, h.RaftTerm)
}

func (e *enc) kv(kv *KeyValue) {
	e.bytes(1, kv.Key)
	e.varint(2, kv.CreateRevision)
	e.varint(3, kv.ModRevision)
	e.varint(4, kv.Version)
	e.bytes(5, kv.Value)
	e.varint(6, kv.Lease)
}

func (e *enc) rangeResp(r *RangeResponse) {
	e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	for _, kv := range r.Kvs {
		e.msg(2, true, func(e *enc) { e.kv(kv) })
	}
	e.boolean(3, r.More)
	e.varint(4, r.Count)
}

func (e *enc) putResp(r *PutResponse) {
	e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	e.msg(2, r.PrevKv != nil, func(e *enc) { e.kv(r.PrevKv) })
}

func (e *enc) delResp(r *DeleteRangeResponse) {
	e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	e.varint(2, r.Deleted)
	for _, kv := range r.PrevKvs {
		e.msg(3, true, func(e *enc) { e.kv(kv) })
	}
}

func (e *enc) txnResp(r *TxnResponse) {
	e.msg(1, r.Header != nil, func(e *enc) { e.header(r.Header) })
	e.boolean(2, r.Succeeded)
	for _, op := range r.Responses {
		e.msg(3, true, func(e *enc) {
			switch x := op.Response.(type) {
			case *ResponseOp_ResponseRange:
				e.msg(1, true, func(e *enc) { e.rangeResp(x.ResponseRange) })
			case *ResponseOp_ResponsePut:
				e.msg(2, true, func(e *enc) { e.putResp(x.ResponsePut) })
			case *ResponseOp_ResponseDeleteRange:
				e.msg(3, true, func(e *enc) { e.delResp(x.ResponseDeleteRange) })
			case *ResponseOp_ResponseTxn:
				e.msg(4, true, func(e *enc) { e.txnResp(x.ResponseTxn) })
			}
		})
	}
}

// members encodes a member list response; add: MemberAddResponse, whose
// field 2 is the added member and 3 the list.
func (e *enc) members(h *ResponseHeader, add bool, m *Member, ms []*Member) {
	member := func(e *enc, m *Member) {
		e.uvarint(1, m.ID)
		e.str(2, m.Name)
		e.strs(3, m.PeerURLs)
		e.strs(4, m.ClientURLs)
		e.boolean(5, m.IsLearner)
	}
	e.msg(1, h != nil, func(e *enc) { e.header(h) })
	field := 2
	if add {
		e.msg(2, m != nil, func(e *enc) { member(e, m) })
		field = 3
	}
	for _, x := range ms {
		e.msg(field, true, func(e *enc) { member(e, x) })
	}
}
