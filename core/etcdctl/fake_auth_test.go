package etcdctl

import (
	"errors"

	pb "github.com/raftlab/raftlab/core/etcdpb"
)

// The fake is a cluster whose auth is never enabled: status, empty lists,
// and ErrAuthNotEnabled to a client that authenticates; it keeps no users
// or roles (the goldens it replays have none; core/etcdctl's
// TestGolden3517OnRaftlab replays the auth cases on the real server).

var errFakeNoAuth = errors.New("fake cluster: no auth store")

func (f *fakeCluster) Authenticate(c Call, r *pb.AuthenticateRequest) (*pb.AuthenticateResponse, error) {
	return nil, pb.ErrAuthNotEnabled
}
func (f *fakeCluster) AuthEnable(c Call, r *pb.AuthEnableRequest) (*pb.AuthEnableResponse, error) {
	return nil, pb.ErrRootUserNotExist
}
func (f *fakeCluster) AuthDisable(c Call, r *pb.AuthDisableRequest) (*pb.AuthDisableResponse, error) {
	h, err := f.hdr(c, true)
	return &pb.AuthDisableResponse{Header: h}, err
}
func (f *fakeCluster) AuthStatus(c Call, r *pb.AuthStatusRequest) (*pb.AuthStatusResponse, error) {
	h, err := f.hdr(c, true)
	return &pb.AuthStatusResponse{Header: h, AuthRevision: 1}, err
}
func (f *fakeCluster) UserList(c Call, r *pb.AuthUserListRequest) (*pb.AuthUserListResponse, error) {
	h, err := f.hdr(c, true)
	return &pb.AuthUserListResponse{Header: h}, err
}
func (f *fakeCluster) RoleList(c Call, r *pb.AuthRoleListRequest) (*pb.AuthRoleListResponse, error) {
	h, err := f.hdr(c, true)
	return &pb.AuthRoleListResponse{Header: h}, err
}
func (f *fakeCluster) UserAdd(c Call, r *pb.AuthUserAddRequest) (*pb.AuthUserAddResponse, error) {
	return nil, errFakeNoAuth
}
func (f *fakeCluster) UserDelete(c Call, r *pb.AuthUserDeleteRequest) (*pb.AuthUserDeleteResponse, error) {
	return nil, pb.ErrUserNotFound
}
func (f *fakeCluster) UserChangePassword(c Call, r *pb.AuthUserChangePasswordRequest) (*pb.AuthUserChangePasswordResponse, error) {
	return nil, pb.ErrUserNotFound
}
func (f *fakeCluster) UserGrantRole(c Call, r *pb.AuthUserGrantRoleRequest) (*pb.AuthUserGrantRoleResponse, error) {
	return nil, pb.ErrUserNotFound
}
func (f *fakeCluster) UserRevokeRole(c Call, r *pb.AuthUserRevokeRoleRequest) (*pb.AuthUserRevokeRoleResponse, error) {
	return nil, pb.ErrUserNotFound
}
func (f *fakeCluster) UserGet(c Call, r *pb.AuthUserGetRequest) (*pb.AuthUserGetResponse, error) {
	return nil, pb.ErrUserNotFound
}
func (f *fakeCluster) RoleAdd(c Call, r *pb.AuthRoleAddRequest) (*pb.AuthRoleAddResponse, error) {
	return nil, errFakeNoAuth
}
func (f *fakeCluster) RoleDelete(c Call, r *pb.AuthRoleDeleteRequest) (*pb.AuthRoleDeleteResponse, error) {
	return nil, pb.ErrRoleNotFound
}
func (f *fakeCluster) RoleGet(c Call, r *pb.AuthRoleGetRequest) (*pb.AuthRoleGetResponse, error) {
	return nil, pb.ErrRoleNotFound
}
func (f *fakeCluster) RoleGrantPermission(c Call, r *pb.AuthRoleGrantPermissionRequest) (*pb.AuthRoleGrantPermissionResponse, error) {
	return nil, pb.ErrRoleNotFound
}
func (f *fakeCluster) RoleRevokePermission(c Call, r *pb.AuthRoleRevokePermissionRequest) (*pb.AuthRoleRevokePermissionResponse, error) {
	return nil, pb.ErrRoleNotFound
}
