package clientv3

// etcd's Auth service as the client calls it (the token a call carries
// travels with each request: see unary).

import (
	"github.com/raftlab/raftlab/core/etcdctl"
	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/etcdserver"
)

var _ etcdctl.Auth = (*Client)(nil)

func (cl *Client) Authenticate(c etcdctl.Call, r *pb.AuthenticateRequest) (*pb.AuthenticateResponse, error) {
	return unary(cl, &c, "Authenticate", mutable, etcdserver.AuthenticateRPC, r)
}

func (cl *Client) AuthEnable(c etcdctl.Call, r *pb.AuthEnableRequest) (*pb.AuthEnableResponse, error) {
	return unary(cl, &c, "AuthEnable", mutable, etcdserver.AuthEnableRPC, r)
}

func (cl *Client) AuthDisable(c etcdctl.Call, r *pb.AuthDisableRequest) (*pb.AuthDisableResponse, error) {
	return unary(cl, &c, "AuthDisable", mutable, etcdserver.AuthDisableRPC, r)
}

func (cl *Client) AuthStatus(c etcdctl.Call, r *pb.AuthStatusRequest) (*pb.AuthStatusResponse, error) {
	return unary(cl, &c, "AuthStatus", mutable, etcdserver.AuthStatusRPC, r)
}

func (cl *Client) UserAdd(c etcdctl.Call, r *pb.AuthUserAddRequest) (*pb.AuthUserAddResponse, error) {
	return unary(cl, &c, "UserAdd", mutable, etcdserver.UserAddRPC, r)
}

func (cl *Client) UserDelete(c etcdctl.Call, r *pb.AuthUserDeleteRequest) (*pb.AuthUserDeleteResponse, error) {
	return unary(cl, &c, "UserDelete", mutable, etcdserver.UserDeleteRPC, r)
}

func (cl *Client) UserChangePassword(c etcdctl.Call, r *pb.AuthUserChangePasswordRequest) (*pb.AuthUserChangePasswordResponse, error) {
	return unary(cl, &c, "UserChangePassword", mutable, etcdserver.UserChangePasswordRPC, r)
}

func (cl *Client) UserGrantRole(c etcdctl.Call, r *pb.AuthUserGrantRoleRequest) (*pb.AuthUserGrantRoleResponse, error) {
	return unary(cl, &c, "UserGrantRole", mutable, etcdserver.UserGrantRoleRPC, r)
}

func (cl *Client) UserRevokeRole(c etcdctl.Call, r *pb.AuthUserRevokeRoleRequest) (*pb.AuthUserRevokeRoleResponse, error) {
	return unary(cl, &c, "UserRevokeRole", mutable, etcdserver.UserRevokeRoleRPC, r)
}

func (cl *Client) UserGet(c etcdctl.Call, r *pb.AuthUserGetRequest) (*pb.AuthUserGetResponse, error) {
	return unary(cl, &c, "UserGet", repeatable, etcdserver.UserGetRPC, r)
}

func (cl *Client) UserList(c etcdctl.Call, r *pb.AuthUserListRequest) (*pb.AuthUserListResponse, error) {
	return unary(cl, &c, "UserList", repeatable, etcdserver.UserListRPC, r)
}

func (cl *Client) RoleAdd(c etcdctl.Call, r *pb.AuthRoleAddRequest) (*pb.AuthRoleAddResponse, error) {
	return unary(cl, &c, "RoleAdd", mutable, etcdserver.RoleAddRPC, r)
}

func (cl *Client) RoleDelete(c etcdctl.Call, r *pb.AuthRoleDeleteRequest) (*pb.AuthRoleDeleteResponse, error) {
	return unary(cl, &c, "RoleDelete", mutable, etcdserver.RoleDeleteRPC, r)
}

func (cl *Client) RoleGet(c etcdctl.Call, r *pb.AuthRoleGetRequest) (*pb.AuthRoleGetResponse, error) {
	return unary(cl, &c, "RoleGet", repeatable, etcdserver.RoleGetRPC, r)
}

func (cl *Client) RoleList(c etcdctl.Call, r *pb.AuthRoleListRequest) (*pb.AuthRoleListResponse, error) {
	return unary(cl, &c, "RoleList", repeatable, etcdserver.RoleListRPC, r)
}

func (cl *Client) RoleGrantPermission(c etcdctl.Call, r *pb.AuthRoleGrantPermissionRequest) (*pb.AuthRoleGrantPermissionResponse, error) {
	return unary(cl, &c, "RoleGrantPermission", mutable, etcdserver.RoleGrantPermissionRPC, r)
}

func (cl *Client) RoleRevokePermission(c etcdctl.Call, r *pb.AuthRoleRevokePermissionRequest) (*pb.AuthRoleRevokePermissionResponse, error) {
	return unary(cl, &c, "RoleRevokePermission", mutable, etcdserver.RoleRevokePermissionRPC, r)
}
