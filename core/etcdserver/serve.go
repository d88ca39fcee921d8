package etcdserver

// The member's end of its clients' RPCs. Each RPC is a value (as gRPC's
// method descriptors are) that a client names when it sends a request over
// a sim.Conn with sim.Call (sim.OpenStream for a watch); when the request
// arrives, sim hands it to Serve (Open), which serves it here as the user
// of the request's token, and sim carries each answer back to the client.

import (
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
)

// RPC is one of the server's RPCs as its clients reach it.
type RPC[Req, Resp any] struct {
	name   string
	method func(*Server, Req, func(Resp, error))
}

func rpcOf[Req, Resp any](name string, method func(*Server, Req, func(Resp, error))) *RPC[Req, Resp] {
	return &RPC[Req, Resp]{name: name, method: method}
}

var _ sim.Service[*etcdpb.PutRequest, *etcdpb.PutResponse] = PutRPC

// Name is the RPC's name on the wire (and in the trace).
func (r *RPC[Req, Resp]) Name() string { return r.name }

// Serve serves req at the member app runs, as the user of token; answer
// takes the answer (nil: nobody waits on it).
func (r *RPC[Req, Resp]) Serve(app sim.App, token string, req Req, answer func(Resp, error)) {
	s := app.(*Server)
	s.AsUser(token, func() { r.method(s, req, answer) })
}

// The v3 API's unary RPCs, by service.
var (
	RangeRPC       = rpcOf("Range", (*Server).Range)
	PutRPC         = rpcOf("Put", (*Server).Put)
	DeleteRangeRPC = rpcOf("DeleteRange", (*Server).DeleteRange)
	TxnRPC         = rpcOf("Txn", (*Server).Txn)
	CompactRPC     = rpcOf("Compact", (*Server).Compact)

	LeaseGrantRPC      = rpcOf("LeaseGrant", (*Server).LeaseGrant)
	LeaseRevokeRPC     = rpcOf("LeaseRevoke", (*Server).LeaseRevoke)
	LeaseKeepAliveRPC  = rpcOf("LeaseKeepAlive", (*Server).LeaseKeepAlive)
	LeaseTimeToLiveRPC = rpcOf("LeaseTimeToLive", (*Server).LeaseTimeToLive)
	LeaseLeasesRPC     = rpcOf("LeaseLeases", (*Server).LeaseLeases)

	MemberListRPC    = rpcOf("MemberList", (*Server).MemberList)
	MemberAddRPC     = rpcOf("MemberAdd", (*Server).MemberAdd)
	MemberRemoveRPC  = rpcOf("MemberRemove", (*Server).MemberRemove)
	MemberUpdateRPC  = rpcOf("MemberUpdate", (*Server).MemberUpdate)
	MemberPromoteRPC = rpcOf("MemberPromote", (*Server).MemberPromote)

	AlarmRPC      = rpcOf("Alarm", (*Server).Alarm)
	StatusRPC     = rpcOf("Status", (*Server).Status)
	HashKVRPC     = rpcOf("HashKV", (*Server).HashKV)
	DefragmentRPC = rpcOf("Defragment", (*Server).Defragment)
	MoveLeaderRPC = rpcOf("MoveLeader", (*Server).MoveLeader)
	SnapshotRPC   = rpcOf("Snapshot", (*Server).Snapshot)

	AuthenticateRPC         = rpcOf("Authenticate", (*Server).Authenticate)
	AuthEnableRPC           = rpcOf("AuthEnable", (*Server).AuthEnable)
	AuthDisableRPC          = rpcOf("AuthDisable", (*Server).AuthDisable)
	AuthStatusRPC           = rpcOf("AuthStatus", (*Server).AuthStatus)
	UserAddRPC              = rpcOf("UserAdd", (*Server).UserAdd)
	UserDeleteRPC           = rpcOf("UserDelete", (*Server).UserDelete)
	UserChangePasswordRPC   = rpcOf("UserChangePassword", (*Server).UserChangePassword)
	UserGrantRoleRPC        = rpcOf("UserGrantRole", (*Server).UserGrantRole)
	UserRevokeRoleRPC       = rpcOf("UserRevokeRole", (*Server).UserRevokeRole)
	UserGetRPC              = rpcOf("UserGet", (*Server).UserGet)
	UserListRPC             = rpcOf("UserList", (*Server).UserList)
	RoleAddRPC              = rpcOf("RoleAdd", (*Server).RoleAdd)
	RoleDeleteRPC           = rpcOf("RoleDelete", (*Server).RoleDelete)
	RoleGetRPC              = rpcOf("RoleGet", (*Server).RoleGet)
	RoleListRPC             = rpcOf("RoleList", (*Server).RoleList)
	RoleGrantPermissionRPC  = rpcOf("RoleGrantPermission", (*Server).RoleGrantPermission)
	RoleRevokePermissionRPC = rpcOf("RoleRevokePermission", (*Server).RoleRevokePermission)
)

// WatchRPC is etcd's Watch as its clients reach it: a stream (sim.OpenStream).
var WatchRPC watchRPC

type watchRPC struct{}

var _ sim.StreamService[*etcdpb.WatchCreateRequest, *etcdpb.WatchResponse] = WatchRPC

func (watchRPC) Name() string { return "Watch" }

// Open watches at the member app runs, as the user of token, sending each
// response on the stream; the watch is canceled once the stream's
// connection is broken.
func (watchRPC) Open(app sim.App, token string, req *etcdpb.WatchCreateRequest, send func(*etcdpb.WatchResponse) bool) (cancel func()) {
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
