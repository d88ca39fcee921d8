package etcdserver

// The member's end of its clients' RPCs. Each RPC's end is a function
// value (PutRPC, ...; OpenWatch) that a client names when it sends a
// request over a sim.Conn with sim.CallAny (sim.OpenStream for a watch); once
// the request arrived, sim hands it to that function (for sim.CallAny after
// the event it arrived in, as gRPC runs each handler in a goroutine of its
// own), which serves it here as the user of the request's token, and sim
// carries each answer back to the client.

import (
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
)

// An RPC is the member's end of one unary RPC (Serve, for sim.CallAny),
// typed by its request and its response: a client's call is checked
// against both when it compiles.
//
// Serve takes the request as an any (a Req), as sim.CallAny hands it
// over: the request's packet carries Serve and the request, with no
// closure per call.
type RPC[Req, Resp any] struct {
	Serve func(app sim.App, token string, req any, reply sim.Reply)
}

// serveAs is the member's end of a unary RPC: method, served as the user
// of the request's token, answered through the connection's reply (the
// method's rpc takes it: see answer). Not inlined: inlined at each of the
// RPC variables below, it compiled one copy of its closure per RPC (38;
// 3 kB of gzipped wasm).
//
//go:noinline
func serveAs[Req, Resp any](method func(*Server, Req, func(Resp, error))) RPC[Req, Resp] {
	return RPC[Req, Resp]{Serve: func(app sim.App, token string, req any, reply sim.Reply) {
		s := app.(*Server)
		r := req.(Req)
		// As AsUser, without its closure (every request).
		defer s.restoreCaller(s.becomeCaller(token))
		s.conn, s.onConn = reply, true
		method(s, r, nil)
		s.conn, s.onConn = sim.Reply{}, false
	}}
}

// The v3 API's unary RPCs as clients name them in sim.Call, by service
// (each named on the wire as its method).
var (
	RangeRPC       = serveAs((*Server).Range)
	PutRPC         = serveAs((*Server).Put)
	DeleteRangeRPC = serveAs((*Server).DeleteRange)
	TxnRPC         = serveAs((*Server).Txn)
	CompactRPC     = serveAs((*Server).Compact)

	LeaseGrantRPC      = serveAs((*Server).LeaseGrant)
	LeaseRevokeRPC     = serveAs((*Server).LeaseRevoke)
	LeaseKeepAliveRPC  = serveAs((*Server).LeaseKeepAlive)
	LeaseTimeToLiveRPC = serveAs((*Server).LeaseTimeToLive)
	LeaseLeasesRPC     = serveAs((*Server).LeaseLeases)

	MemberListRPC    = serveAs((*Server).MemberList)
	MemberAddRPC     = serveAs((*Server).MemberAdd)
	MemberRemoveRPC  = serveAs((*Server).MemberRemove)
	MemberUpdateRPC  = serveAs((*Server).MemberUpdate)
	MemberPromoteRPC = serveAs((*Server).MemberPromote)

	AlarmRPC      = serveAs((*Server).Alarm)
	StatusRPC     = serveAs((*Server).Status)
	HashKVRPC     = serveAs((*Server).HashKV)
	DefragmentRPC = serveAs((*Server).Defragment)
	MoveLeaderRPC = serveAs((*Server).MoveLeader)
	SnapshotRPC   = serveAs((*Server).Snapshot)

	AuthenticateRPC         = serveAs((*Server).Authenticate)
	AuthEnableRPC           = serveAs((*Server).AuthEnable)
	AuthDisableRPC          = serveAs((*Server).AuthDisable)
	AuthStatusRPC           = serveAs((*Server).AuthStatus)
	UserAddRPC              = serveAs((*Server).UserAdd)
	UserDeleteRPC           = serveAs((*Server).UserDelete)
	UserChangePasswordRPC   = serveAs((*Server).UserChangePassword)
	UserGrantRoleRPC        = serveAs((*Server).UserGrantRole)
	UserRevokeRoleRPC       = serveAs((*Server).UserRevokeRole)
	UserGetRPC              = serveAs((*Server).UserGet)
	UserListRPC             = serveAs((*Server).UserList)
	RoleAddRPC              = serveAs((*Server).RoleAdd)
	RoleDeleteRPC           = serveAs((*Server).RoleDelete)
	RoleGetRPC              = serveAs((*Server).RoleGet)
	RoleListRPC             = serveAs((*Server).RoleList)
	RoleGrantPermissionRPC  = serveAs((*Server).RoleGrantPermission)
	RoleRevokePermissionRPC = serveAs((*Server).RoleRevokePermission)
)

// OpenWatch is the member's end of etcd's Watch (sim.OpenStream): it
// watches as the user of token, sending each response on the stream, and
// cancels the watch once the stream's connection is broken.
func OpenWatch(app sim.App, token string, req *etcdpb.WatchCreateRequest, send func(*etcdpb.WatchResponse) bool) (cancel func()) {
	s := app.(*Server)
	s.AsUser(token, func() {
		cancel = s.Watch(req, func(r *etcdpb.WatchResponse) {
			if !send(r) && cancel != nil {
				cancel()
			}
		})
	})
	return cancel
}
