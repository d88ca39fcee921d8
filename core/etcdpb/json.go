package etcdpb

import "github.com/raftlab/raftlab/core/jsonw"

// The messages write themselves as encoding/json writes them by their
// tags (what `etcdctl -w json` prints), and the requests an entry carries
// read themselves as encoding/json reads them: core/jsonw, no reflection.

// EncodeJSON writes x as encoding/json does: the oneof's wrapper under
// "Response" (gogo's field has no json tag), null when unset.
func (x *ResponseOp) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("Response")
	switch r := x.Response.(type) {
	case *ResponseOp_ResponseRange:
		w.Object()
		if r.ResponseRange != nil {
			w.Key("response_range")
			r.ResponseRange.EncodeJSON(w)
		}
		w.End()
	case *ResponseOp_ResponsePut:
		w.Object()
		if r.ResponsePut != nil {
			w.Key("response_put")
			r.ResponsePut.EncodeJSON(w)
		}
		w.End()
	case *ResponseOp_ResponseDeleteRange:
		w.Object()
		if r.ResponseDeleteRange != nil {
			w.Key("response_delete_range")
			r.ResponseDeleteRange.EncodeJSON(w)
		}
		w.End()
	case *ResponseOp_ResponseTxn:
		w.Object()
		if r.ResponseTxn != nil {
			w.Key("response_txn")
			r.ResponseTxn.EncodeJSON(w)
		}
		w.End()
	default:
		w.Null()
	}
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *Permission) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("permType", int64(x.PermType))
	w.OmitBytes("key", x.Key)
	w.OmitBytes("range_end", x.RangeEnd)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthEnableRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthEnableResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthDisableRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthDisableResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthStatusRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthStatusResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitBool("enabled", x.Enabled)
	w.OmitUint("authRevision", x.AuthRevision)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthenticateRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", x.Name)
	w.OmitString("password", x.Password)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthenticateResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitString("token", x.Token)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *UserAddOptions) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitBool("no_password", x.NoPassword)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserAddRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", x.Name)
	w.OmitString("password", x.Password)
	jsonw.OmitValue(w, "options", x.Options)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserAddResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserGetRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", x.Name)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserGetResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitStrings("roles", x.Roles)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserDeleteRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", x.Name)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserDeleteResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserChangePasswordRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", x.Name)
	w.OmitString("password", x.Password)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserChangePasswordResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserGrantRoleRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("user", x.User)
	w.OmitString("role", x.Role)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserGrantRoleResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserRevokeRoleRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", x.Name)
	w.OmitString("role", x.Role)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserRevokeRoleResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserListRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthUserListResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitStrings("users", x.Users)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleAddRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", x.Name)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleAddResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleGetRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("role", x.Role)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleGetResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitList(w, "perm", x.Perm)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleListRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleListResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitStrings("roles", x.Roles)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleDeleteRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("role", x.Role)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleDeleteResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleGrantPermissionRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", x.Name)
	jsonw.OmitValue(w, "perm", x.Perm)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleGrantPermissionResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleRevokePermissionRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("role", x.Role)
	w.OmitBytes("key", x.Key)
	w.OmitBytes("range_end", x.RangeEnd)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRoleRevokePermissionResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *ResponseHeader) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitUint("cluster_id", x.ClusterId)
	w.OmitUint("member_id", x.MemberId)
	w.OmitInt("revision", x.Revision)
	w.OmitUint("raft_term", x.RaftTerm)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *KeyValue) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitBytes("key", x.Key)
	w.OmitInt("create_revision", x.CreateRevision)
	w.OmitInt("mod_revision", x.ModRevision)
	w.OmitInt("version", x.Version)
	w.OmitBytes("value", x.Value)
	w.OmitInt("lease", x.Lease)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *Event) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("type", int64(x.Type))
	jsonw.OmitValue(w, "kv", x.Kv)
	jsonw.OmitValue(w, "prev_kv", x.PrevKv)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *RangeRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitBytes("key", x.Key)
	w.OmitBytes("range_end", x.RangeEnd)
	w.OmitInt("limit", x.Limit)
	w.OmitInt("revision", x.Revision)
	w.OmitInt("sort_order", int64(x.SortOrder))
	w.OmitInt("sort_target", int64(x.SortTarget))
	w.OmitBool("serializable", x.Serializable)
	w.OmitBool("keys_only", x.KeysOnly)
	w.OmitBool("count_only", x.CountOnly)
	w.OmitInt("min_mod_revision", x.MinModRevision)
	w.OmitInt("max_mod_revision", x.MaxModRevision)
	w.OmitInt("min_create_revision", x.MinCreateRevision)
	w.OmitInt("max_create_revision", x.MaxCreateRevision)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *RangeResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitList(w, "kvs", x.Kvs)
	w.OmitBool("more", x.More)
	w.OmitInt("count", x.Count)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *PutRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitBytes("key", x.Key)
	w.OmitBytes("value", x.Value)
	w.OmitInt("lease", x.Lease)
	w.OmitBool("prev_kv", x.PrevKv)
	w.OmitBool("ignore_value", x.IgnoreValue)
	w.OmitBool("ignore_lease", x.IgnoreLease)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *PutResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitValue(w, "prev_kv", x.PrevKv)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *DeleteRangeRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitBytes("key", x.Key)
	w.OmitBytes("range_end", x.RangeEnd)
	w.OmitBool("prev_kv", x.PrevKv)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *DeleteRangeResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitInt("deleted", x.Deleted)
	jsonw.OmitList(w, "prev_kvs", x.PrevKvs)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *RequestOp) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "request_range", x.RequestRange)
	jsonw.OmitValue(w, "request_put", x.RequestPut)
	jsonw.OmitValue(w, "request_delete_range", x.RequestDeleteRange)
	jsonw.OmitValue(w, "request_txn", x.RequestTxn)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *Compare) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("result", int64(x.Result))
	w.OmitInt("target", int64(x.Target))
	w.OmitBytes("key", x.Key)
	w.OmitInt("version", x.Version)
	w.OmitInt("create_revision", x.CreateRevision)
	w.OmitInt("mod_revision", x.ModRevision)
	w.OmitBytes("value", x.Value)
	w.OmitInt("lease", x.Lease)
	w.OmitBytes("range_end", x.RangeEnd)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *TxnRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitList(w, "compare", x.Compare)
	jsonw.OmitList(w, "success", x.Success)
	jsonw.OmitList(w, "failure", x.Failure)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *TxnResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitBool("succeeded", x.Succeeded)
	jsonw.OmitList(w, "responses", x.Responses)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *CompactionRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("revision", x.Revision)
	w.OmitBool("physical", x.Physical)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *CompactionResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseGrantRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("TTL", x.TTL)
	w.OmitInt("ID", x.ID)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseGrantResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitInt("ID", x.ID)
	w.OmitInt("TTL", x.TTL)
	w.OmitString("error", x.Error)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseRevokeRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("ID", x.ID)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseRevokeResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseKeepAliveRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("ID", x.ID)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseKeepAliveResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitInt("ID", x.ID)
	w.OmitInt("TTL", x.TTL)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseTimeToLiveRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("ID", x.ID)
	w.OmitBool("keys", x.Keys)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseTimeToLiveResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitInt("ID", x.ID)
	w.OmitInt("TTL", x.TTL)
	w.OmitInt("grantedTTL", x.GrantedTTL)
	if len(x.Keys) > 0 {
		w.Key("keys")
		w.Array()
		for _, k := range x.Keys {
			w.Bytes(k)
		}
		w.EndArray()
	}
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseStatus) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("ID", x.ID)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseLeasesResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitList(w, "leases", x.Leases)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *Member) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitUint("ID", x.ID)
	w.OmitString("name", x.Name)
	w.OmitStrings("peerURLs", x.PeerURLs)
	w.OmitStrings("clientURLs", x.ClientURLs)
	w.OmitBool("isLearner", x.IsLearner)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberAddRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitStrings("peerURLs", x.PeerURLs)
	w.OmitBool("isLearner", x.IsLearner)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberAddResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitValue(w, "member", x.Member)
	jsonw.OmitList(w, "members", x.Members)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberRemoveResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitList(w, "members", x.Members)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberUpdateResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitList(w, "members", x.Members)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberListResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitList(w, "members", x.Members)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberPromoteResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitList(w, "members", x.Members)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *StatusResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitString("version", x.Version)
	w.OmitInt("dbSize", x.DbSize)
	w.OmitUint("leader", x.Leader)
	w.OmitUint("raftIndex", x.RaftIndex)
	w.OmitUint("raftTerm", x.RaftTerm)
	w.OmitUint("raftAppliedIndex", x.RaftAppliedIndex)
	w.OmitStrings("errors", x.Errors)
	w.OmitInt("dbSizeInUse", x.DbSizeInUse)
	w.OmitBool("isLearner", x.IsLearner)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *HashKVResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitUint("hash", uint64(x.Hash))
	w.OmitInt("compact_revision", x.CompactRevision)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AlarmMember) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitUint("memberID", x.MemberID)
	w.OmitInt("alarm", int64(x.Alarm))
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AlarmResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitList(w, "alarms", x.Alarms)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *DefragmentResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MoveLeaderResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *WatchResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "header", x.Header)
	w.OmitInt("watch_id", x.WatchId)
	w.OmitBool("created", x.Created)
	w.OmitBool("canceled", x.Canceled)
	w.OmitInt("compact_revision", x.CompactRevision)
	w.OmitString("cancel_reason", x.CancelReason)
	w.OmitBool("fragment", x.Fragment)
	jsonw.OmitList(w, "events", x.Events)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *WatchCreateRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitBytes("key", x.Key)
	w.OmitBytes("range_end", x.RangeEnd)
	w.OmitInt("start_revision", x.StartRevision)
	w.OmitBool("progress_notify", x.ProgressNotify)
	w.OmitBool("prev_kv", x.PrevKv)
	w.OmitInt("watch_id", x.WatchId)
	w.OmitBool("fragment", x.Fragment)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberListRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitBool("linearizable", x.Linearizable)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberRemoveRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitUint("ID", x.ID)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberUpdateRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitUint("ID", x.ID)
	w.OmitStrings("peerURLs", x.PeerURLs)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberPromoteRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitUint("ID", x.ID)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *StatusRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *HashKVRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("revision", x.Revision)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *DefragmentRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MoveLeaderRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitUint("targetID", x.TargetID)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AlarmRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitInt("action", int64(x.Action))
	w.OmitUint("memberID", x.MemberID)
	w.OmitInt("alarm", int64(x.Alarm))
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *LeaseLeasesRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *SnapshotRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.End()
}

// DecodeJSON reads x as encoding/json does.
func (x *RangeRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.RangeRequest"); ok && d.Next(); {
		switch {
		case d.Is("key"):
			d.Bytes(&x.Key)
		case d.Is("range_end"):
			d.Bytes(&x.RangeEnd)
		case d.Is("limit"):
			d.Int64(&x.Limit)
		case d.Is("revision"):
			d.Int64(&x.Revision)
		case d.Is("sort_order"):
			if v, ok := d.Integer("etcdpb.SortOrder", 32); ok {
				x.SortOrder = SortOrder(v)
			}
		case d.Is("sort_target"):
			if v, ok := d.Integer("etcdpb.SortTarget", 32); ok {
				x.SortTarget = SortTarget(v)
			}
		case d.Is("serializable"):
			d.Bool(&x.Serializable)
		case d.Is("keys_only"):
			d.Bool(&x.KeysOnly)
		case d.Is("count_only"):
			d.Bool(&x.CountOnly)
		case d.Is("min_mod_revision"):
			d.Int64(&x.MinModRevision)
		case d.Is("max_mod_revision"):
			d.Int64(&x.MaxModRevision)
		case d.Is("min_create_revision"):
			d.Int64(&x.MinCreateRevision)
		case d.Is("max_create_revision"):
			d.Int64(&x.MaxCreateRevision)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *PutRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.PutRequest"); ok && d.Next(); {
		switch {
		case d.Is("key"):
			d.Bytes(&x.Key)
		case d.Is("value"):
			d.Bytes(&x.Value)
		case d.Is("lease"):
			d.Int64(&x.Lease)
		case d.Is("prev_kv"):
			d.Bool(&x.PrevKv)
		case d.Is("ignore_value"):
			d.Bool(&x.IgnoreValue)
		case d.Is("ignore_lease"):
			d.Bool(&x.IgnoreLease)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *DeleteRangeRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.DeleteRangeRequest"); ok && d.Next(); {
		switch {
		case d.Is("key"):
			d.Bytes(&x.Key)
		case d.Is("range_end"):
			d.Bytes(&x.RangeEnd)
		case d.Is("prev_kv"):
			d.Bool(&x.PrevKv)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *RequestOp) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.RequestOp"); ok && d.Next(); {
		switch {
		case d.Is("request_range"):
			jsonw.Pointer(d, &x.RequestRange)
		case d.Is("request_put"):
			jsonw.Pointer(d, &x.RequestPut)
		case d.Is("request_delete_range"):
			jsonw.Pointer(d, &x.RequestDeleteRange)
		case d.Is("request_txn"):
			jsonw.Pointer(d, &x.RequestTxn)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Compare) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.Compare"); ok && d.Next(); {
		switch {
		case d.Is("result"):
			if v, ok := d.Integer("etcdpb.CompareResult", 32); ok {
				x.Result = CompareResult(v)
			}
		case d.Is("target"):
			if v, ok := d.Integer("etcdpb.CompareTarget", 32); ok {
				x.Target = CompareTarget(v)
			}
		case d.Is("key"):
			d.Bytes(&x.Key)
		case d.Is("version"):
			d.Int64(&x.Version)
		case d.Is("create_revision"):
			d.Int64(&x.CreateRevision)
		case d.Is("mod_revision"):
			d.Int64(&x.ModRevision)
		case d.Is("value"):
			d.Bytes(&x.Value)
		case d.Is("lease"):
			d.Int64(&x.Lease)
		case d.Is("range_end"):
			d.Bytes(&x.RangeEnd)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *TxnRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.TxnRequest"); ok && d.Next(); {
		switch {
		case d.Is("compare"):
			jsonw.Pointers(d, "[]*etcdpb.Compare", &x.Compare)
		case d.Is("success"):
			jsonw.Pointers(d, "[]*etcdpb.RequestOp", &x.Success)
		case d.Is("failure"):
			jsonw.Pointers(d, "[]*etcdpb.RequestOp", &x.Failure)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *CompactionRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.CompactionRequest"); ok && d.Next(); {
		switch {
		case d.Is("revision"):
			d.Int64(&x.Revision)
		case d.Is("physical"):
			d.Bool(&x.Physical)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *LeaseGrantRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.LeaseGrantRequest"); ok && d.Next(); {
		switch {
		case d.Is("TTL"):
			d.Int64(&x.TTL)
		case d.Is("ID"):
			d.Int64(&x.ID)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *LeaseRevokeRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.LeaseRevokeRequest"); ok && d.Next(); {
		switch {
		case d.Is("ID"):
			d.Int64(&x.ID)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AlarmRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AlarmRequest"); ok && d.Next(); {
		switch {
		case d.Is("action"):
			if v, ok := d.Integer("etcdpb.AlarmAction", 32); ok {
				x.Action = AlarmAction(v)
			}
		case d.Is("memberID"):
			d.Uint64(&x.MemberID)
		case d.Is("alarm"):
			if v, ok := d.Integer("etcdpb.AlarmType", 32); ok {
				x.Alarm = AlarmType(v)
			}
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthEnableRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthEnableRequest"); ok && d.Next(); {
		switch {
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthDisableRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthDisableRequest"); ok && d.Next(); {
		switch {
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthStatusRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthStatusRequest"); ok && d.Next(); {
		switch {
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthUserAddRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthUserAddRequest"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		case d.Is("password"):
			d.String(&x.Password)
		case d.Is("options"):
			jsonw.Pointer(d, &x.Options)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *UserAddOptions) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.UserAddOptions"); ok && d.Next(); {
		switch {
		case d.Is("no_password"):
			d.Bool(&x.NoPassword)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthUserDeleteRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthUserDeleteRequest"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthUserChangePasswordRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthUserChangePasswordRequest"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		case d.Is("password"):
			d.String(&x.Password)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthUserGrantRoleRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthUserGrantRoleRequest"); ok && d.Next(); {
		switch {
		case d.Is("user"):
			d.String(&x.User)
		case d.Is("role"):
			d.String(&x.Role)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthUserRevokeRoleRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthUserRevokeRoleRequest"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		case d.Is("role"):
			d.String(&x.Role)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthUserGetRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthUserGetRequest"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthUserListRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthUserListRequest"); ok && d.Next(); {
		switch {
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthRoleAddRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthRoleAddRequest"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthRoleDeleteRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthRoleDeleteRequest"); ok && d.Next(); {
		switch {
		case d.Is("role"):
			d.String(&x.Role)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthRoleGetRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthRoleGetRequest"); ok && d.Next(); {
		switch {
		case d.Is("role"):
			d.String(&x.Role)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthRoleListRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthRoleListRequest"); ok && d.Next(); {
		switch {
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthRoleGrantPermissionRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthRoleGrantPermissionRequest"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		case d.Is("perm"):
			jsonw.Pointer(d, &x.Perm)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthRoleRevokePermissionRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AuthRoleRevokePermissionRequest"); ok && d.Next(); {
		switch {
		case d.Is("role"):
			d.String(&x.Role)
		case d.Is("key"):
			d.Bytes(&x.Key)
		case d.Is("range_end"):
			d.Bytes(&x.RangeEnd)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Permission) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.Permission"); ok && d.Next(); {
		switch {
		case d.Is("permType"):
			if v, ok := d.Integer("etcdpb.PermType", 32); ok {
				x.PermType = PermType(v)
			}
		case d.Is("key"):
			d.Bytes(&x.Key)
		case d.Is("range_end"):
			d.Bytes(&x.RangeEnd)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AlarmMember) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdpb.AlarmMember"); ok && d.Next(); {
		switch {
		case d.Is("memberID"):
			d.Uint64(&x.MemberID)
		case d.Is("alarm"):
			if v, ok := d.Integer("etcdpb.AlarmType", 32); ok {
				x.Alarm = AlarmType(v)
			}
		}
	}
}
