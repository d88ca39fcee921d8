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
	return unary(cl, c, "Authenticate", etcdserver.AuthenticateRPC, r)
}

func (cl *Client) AuthEnable(c etcdctl.Call, r *pb.AuthEnableRequest) (*pb.AuthEnableResponse, error) {
	return unary(cl, c, "AuthEnable", etcdserver.AuthEnableRPC, r)
}

func (cl *Client) AuthDisable(c etcdctl.Call, r *pb.AuthDisableRequest) (*pb.AuthDisableResponse, error) {
	return unary(cl, c, "AuthDisable", etcdserver.AuthDisableRPC, r)
}

func (cl *Client) AuthStatus(c etcdctl.Call, r *pb.AuthStatusRequest) (*pb.AuthStatusResponse, error) {
	return unary(cl, c, "AuthStatus", etcdserver.AuthStatusRPC, r)
}

func (cl *Client) UserAdd(c etcdctl.Call, r *pb.AuthUserAddRequest) (*pb.AuthUserAddResponse, error) {
	return unary(cl, c, "UserAdd", etcdserver.UserAddRPC, r)
}

func (cl *Client) UserDelete(c etcdctl.Call, r *pb.AuthUserDeleteRequest) (*pb.AuthUserDeleteResponse, error) {
	return unary(cl, c, "UserDelete", etcdserver.UserDeleteRPC, r)
}

func (cl *Client) UserChangePassword(c etcdctl.Call, r *pb.AuthUserChangePasswordRequest) (*pb.AuthUserChangePasswordResponse, error) {
	return unary(cl, c, "UserChangePassword", etcdserver.UserChangePasswordRPC, r)
}

func (cl *Client) UserGrantRole(c etcdctl.Call, r *pb.AuthUserGrantRoleRequest) (*pb.AuthUserGrantRoleResponse, error) {
	return unary(cl, c, "UserGrantRole", etcdserver.UserGrantRoleRPC, r)
}

func (cl *Client) UserRevokeRole(c etcdctl.Call, r *pb.AuthUserRevokeRoleRequest) (*pb.AuthUserRevokeRoleResponse, error) {
	return unary(cl, c, "UserRevokeRole", etcdserver.UserRevokeRoleRPC, r)
}

func (cl *Client) UserGet(c etcdctl.Call, r *pb.AuthUserGetRequest) (*pb.AuthUserGetResponse, error) {
	return unary(cl, c, "UserGet", etcdserver.UserGetRPC, r)
}

func (cl *Client) UserList(c etcdctl.Call, r *pb.AuthUserListRequest) (*pb.AuthUserListResponse, error) {
	return unary(cl, c, "UserList", etcdserver.UserListRPC, r)
}

func (cl *Client) RoleAdd(c etcdctl.Call, r *pb.AuthRoleAddRequest) (*pb.AuthRoleAddResponse, error) {
	return unary(cl, c, "RoleAdd", etcdserver.RoleAddRPC, r)
}

func (cl *Client) RoleDelete(c etcdctl.Call, r *pb.AuthRoleDeleteRequest) (*pb.AuthRoleDeleteResponse, error) {
	return unary(cl, c, "RoleDelete", etcdserver.RoleDeleteRPC, r)
}

func (cl *Client) RoleGet(c etcdctl.Call, r *pb.AuthRoleGetRequest) (*pb.AuthRoleGetResponse, error) {
	return unary(cl, c, "RoleGet", etcdserver.RoleGetRPC, r)
}

func (cl *Client) RoleList(c etcdctl.Call, r *pb.AuthRoleListRequest) (*pb.AuthRoleListResponse, error) {
	return unary(cl, c, "RoleList", etcdserver.RoleListRPC, r)
}

func (cl *Client) RoleGrantPermission(c etcdctl.Call, r *pb.AuthRoleGrantPermissionRequest) (*pb.AuthRoleGrantPermissionResponse, error) {
	return unary(cl, c, "RoleGrantPermission", etcdserver.RoleGrantPermissionRPC, r)
}

func (cl *Client) RoleRevokePermission(c etcdctl.Call, r *pb.AuthRoleRevokePermissionRequest) (*pb.AuthRoleRevokePermissionResponse, error) {
	return unary(cl, c, "RoleRevokePermission", etcdserver.RoleRevokePermissionRPC, r)
}
