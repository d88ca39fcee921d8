package etcdserver

import "github.com/raftlab/raftlab/core/jsonw"

// The server's JSON (conf change contexts, entries other than plain puts,
// snapshots) is written and read through core/jsonw, byte for byte as
// encoding/json did by the types' tags: the same entries, the same
// snapshot files.

// EncodeJSON writes the snapshot as encoding/json does; Store and Leases
// are raw JSON (the store's placeholder, spliced by spliceStore).
func (x *serverSnapshot) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("store")
	w.Raw(x.Store)
	w.Key("leases")
	w.Raw(x.Leases)
	w.Key("members")
	jsonw.List(w, x.Members)
	if len(x.Removed) > 0 {
		w.Key("removed")
		uints(w, x.Removed)
	}
	jsonw.OmitList(w, "alarms", x.Alarms)
	w.Key("consistent_index")
	w.Uint(x.ConsistentIndex)
	w.Key("db_size")
	w.Int(x.DbSize)
	if len(x.Auth) > 0 {
		w.Key("auth")
		w.Raw(x.Auth)
	}
	w.End()
}

// DecodeJSON reads the snapshot as encoding/json does.
func (x *serverSnapshot) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdserver.serverSnapshot"); ok && d.Next(); {
		switch {
		case d.Is("store"):
			d.Raw(&x.Store)
		case d.Is("leases"):
			d.Raw(&x.Leases)
		case d.Is("members"):
			jsonw.Pointers(d, "[]*etcdserver.Member", &x.Members)
		case d.Is("removed"):
			jsonw.Elems(d, "[]uint64", &x.Removed, (*jsonw.Decoder).Uint64)
		case d.Is("alarms"):
			jsonw.Pointers(d, "[]*etcdpb.AlarmMember", &x.Alarms)
		case d.Is("consistent_index"):
			d.Uint64(&x.ConsistentIndex)
		case d.Is("db_size"):
			d.Int64(&x.DbSize)
		case d.Is("auth"):
			d.Raw(&x.Auth)
		}
	}
}

// EncodeJSON writes the snapshot file's body as encoding/json does.
func (x *snapFileBody) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("store")
	w.Raw(x.Store)
	w.Key("leases")
	w.Raw(x.Leases)
	w.Key("consistent_index")
	w.Uint(x.ConsistentIndex)
	if len(x.Members) > 0 {
		w.Key("members")
		jsonw.List(w, x.Members)
	}
	if len(x.Removed) > 0 {
		w.Key("removed")
		uints(w, x.Removed)
	}
	if len(x.Auth) > 0 {
		w.Key("auth")
		w.Raw(x.Auth)
	}
	jsonw.OmitList(w, "alarms", x.Alarms)
	w.End()
}

// DecodeJSON reads the snapshot file's body as encoding/json does.
func (x *snapFileBody) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdserver.snapFileBody"); ok && d.Next(); {
		switch {
		case d.Is("store"):
			d.Raw(&x.Store)
		case d.Is("leases"):
			d.Raw(&x.Leases)
		case d.Is("consistent_index"):
			d.Uint64(&x.ConsistentIndex)
		case d.Is("members"):
			jsonw.Pointers(d, "[]*etcdserver.Member", &x.Members)
		case d.Is("removed"):
			jsonw.Elems(d, "[]uint64", &x.Removed, (*jsonw.Decoder).Uint64)
		case d.Is("auth"):
			d.Raw(&x.Auth)
		case d.Is("alarms"):
			jsonw.Pointers(d, "[]*etcdpb.AlarmMember", &x.Alarms)
		}
	}
}

// arrayLen counts the elements of an object's array member key.
type arrayLen struct {
	_   [0]func() // not comparable: no generated equality in the page
	key string
	n   int
}

func (x *arrayLen) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("struct"); ok && d.Next(); {
		if d.Is(x.key) && d.Array("[]json.RawMessage") {
			for d.Next() {
				d.Skip()
				x.n++
			}
		}
	}
}

func uints(w *jsonw.Writer, vs []uint64) {
	w.Array()
	for _, v := range vs {
		w.Uint(v)
	}
	w.EndArray()
}

// EncodeJSON writes x as encoding/json does.
func (x *Member) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("id")
	w.Uint(x.ID)
	w.Key("peerURLs")
	w.Strings(x.PeerURLs)
	w.OmitBool("isLearner", x.IsLearner)
	w.OmitString("name", x.Name)
	w.OmitStrings("clientURLs", x.ClientURLs)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *MemberAttrSetRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("member_ID")
	w.Uint(x.MemberID)
	w.OmitString("name", x.Name)
	w.OmitStrings("client_urls", x.ClientURLs)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *RequestHeader) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("username", x.Username)
	w.OmitUint("auth_revision", x.AuthRevision)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *AuthRaftRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	jsonw.OmitValue(w, "enable", x.Enable)
	jsonw.OmitValue(w, "disable", x.Disable)
	jsonw.OmitValue(w, "status", x.Status)
	jsonw.OmitValue(w, "user_add", x.UserAdd)
	jsonw.OmitValue(w, "user_delete", x.UserDelete)
	jsonw.OmitValue(w, "user_change_password", x.UserChangePassword)
	jsonw.OmitValue(w, "user_grant_role", x.UserGrantRole)
	jsonw.OmitValue(w, "user_revoke_role", x.UserRevokeRole)
	jsonw.OmitValue(w, "user_get", x.UserGet)
	jsonw.OmitValue(w, "user_list", x.UserList)
	jsonw.OmitValue(w, "role_add", x.RoleAdd)
	jsonw.OmitValue(w, "role_delete", x.RoleDelete)
	jsonw.OmitValue(w, "role_get", x.RoleGet)
	jsonw.OmitValue(w, "role_list", x.RoleList)
	jsonw.OmitValue(w, "role_grant_permission", x.RoleGrantPermission)
	jsonw.OmitValue(w, "role_revoke_permission", x.RoleRevokePermission)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *InternalRaftRequest) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("ID")
	w.Uint(x.ID)
	jsonw.OmitValue(w, "header", x.Header)
	jsonw.OmitValue(w, "auth", x.Auth)
	jsonw.OmitValue(w, "put", x.Put)
	jsonw.OmitValue(w, "delete_range", x.DeleteRange)
	jsonw.OmitValue(w, "txn", x.Txn)
	jsonw.OmitValue(w, "compaction", x.Compaction)
	jsonw.OmitValue(w, "lease_grant", x.LeaseGrant)
	jsonw.OmitValue(w, "lease_revoke", x.LeaseRevoke)
	jsonw.OmitValue(w, "alarm", x.Alarm)
	jsonw.OmitValue(w, "cluster_member_attr_set", x.ClusterMemberAttrSet)
	w.End()
}

// DecodeJSON reads x as encoding/json does.
func (x *Member) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdserver.Member"); ok && d.Next(); {
		switch {
		case d.Is("id"):
			d.Uint64(&x.ID)
		case d.Is("peerURLs"):
			d.Strings(&x.PeerURLs)
		case d.Is("isLearner"):
			d.Bool(&x.IsLearner)
		case d.Is("name"):
			d.String(&x.Name)
		case d.Is("clientURLs"):
			d.Strings(&x.ClientURLs)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *MemberAttrSetRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdserver.MemberAttrSetRequest"); ok && d.Next(); {
		switch {
		case d.Is("member_ID"):
			d.Uint64(&x.MemberID)
		case d.Is("name"):
			d.String(&x.Name)
		case d.Is("client_urls"):
			d.Strings(&x.ClientURLs)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *RequestHeader) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdserver.RequestHeader"); ok && d.Next(); {
		switch {
		case d.Is("username"):
			d.String(&x.Username)
		case d.Is("auth_revision"):
			d.Uint64(&x.AuthRevision)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *AuthRaftRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdserver.AuthRaftRequest"); ok && d.Next(); {
		switch {
		case d.Is("enable"):
			jsonw.Pointer(d, &x.Enable)
		case d.Is("disable"):
			jsonw.Pointer(d, &x.Disable)
		case d.Is("status"):
			jsonw.Pointer(d, &x.Status)
		case d.Is("user_add"):
			jsonw.Pointer(d, &x.UserAdd)
		case d.Is("user_delete"):
			jsonw.Pointer(d, &x.UserDelete)
		case d.Is("user_change_password"):
			jsonw.Pointer(d, &x.UserChangePassword)
		case d.Is("user_grant_role"):
			jsonw.Pointer(d, &x.UserGrantRole)
		case d.Is("user_revoke_role"):
			jsonw.Pointer(d, &x.UserRevokeRole)
		case d.Is("user_get"):
			jsonw.Pointer(d, &x.UserGet)
		case d.Is("user_list"):
			jsonw.Pointer(d, &x.UserList)
		case d.Is("role_add"):
			jsonw.Pointer(d, &x.RoleAdd)
		case d.Is("role_delete"):
			jsonw.Pointer(d, &x.RoleDelete)
		case d.Is("role_get"):
			jsonw.Pointer(d, &x.RoleGet)
		case d.Is("role_list"):
			jsonw.Pointer(d, &x.RoleList)
		case d.Is("role_grant_permission"):
			jsonw.Pointer(d, &x.RoleGrantPermission)
		case d.Is("role_revoke_permission"):
			jsonw.Pointer(d, &x.RoleRevokePermission)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *InternalRaftRequest) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("etcdserver.InternalRaftRequest"); ok && d.Next(); {
		switch {
		case d.Is("ID"):
			d.Uint64(&x.ID)
		case d.Is("header"):
			jsonw.Pointer(d, &x.Header)
		case d.Is("auth"):
			jsonw.Pointer(d, &x.Auth)
		case d.Is("put"):
			jsonw.Pointer(d, &x.Put)
		case d.Is("delete_range"):
			jsonw.Pointer(d, &x.DeleteRange)
		case d.Is("txn"):
			jsonw.Pointer(d, &x.Txn)
		case d.Is("compaction"):
			jsonw.Pointer(d, &x.Compaction)
		case d.Is("lease_grant"):
			jsonw.Pointer(d, &x.LeaseGrant)
		case d.Is("lease_revoke"):
			jsonw.Pointer(d, &x.LeaseRevoke)
		case d.Is("alarm"):
			jsonw.Pointer(d, &x.Alarm)
		case d.Is("cluster_member_attr_set"):
			jsonw.Pointer(d, &x.ClusterMemberAttrSet)
		}
	}
}
