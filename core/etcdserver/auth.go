package etcdserver

import (
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/auth"
	"github.com/raftlab/raftlab/core/etcdpb"
)

// RequestHeader is etcd's RequestHeader in an InternalRaftRequest: who
// proposed the request, for the permission checks at apply.
type RequestHeader struct {
	Username     string `json:"username,omitempty"`
	AuthRevision uint64 `json:"auth_revision,omitempty"`
}

// AuthRaftRequest is one auth request of an InternalRaftRequest: etcd sends
// every auth management request, reads included, through Raft.
type AuthRaftRequest struct {
	Enable               *etcdpb.AuthEnableRequest               `json:"enable,omitempty"`
	Disable              *etcdpb.AuthDisableRequest              `json:"disable,omitempty"`
	Status               *etcdpb.AuthStatusRequest               `json:"status,omitempty"`
	UserAdd              *etcdpb.AuthUserAddRequest              `json:"user_add,omitempty"`
	UserDelete           *etcdpb.AuthUserDeleteRequest           `json:"user_delete,omitempty"`
	UserChangePassword   *etcdpb.AuthUserChangePasswordRequest   `json:"user_change_password,omitempty"`
	UserGrantRole        *etcdpb.AuthUserGrantRoleRequest        `json:"user_grant_role,omitempty"`
	UserRevokeRole       *etcdpb.AuthUserRevokeRoleRequest       `json:"user_revoke_role,omitempty"`
	UserGet              *etcdpb.AuthUserGetRequest              `json:"user_get,omitempty"`
	UserList             *etcdpb.AuthUserListRequest             `json:"user_list,omitempty"`
	RoleAdd              *etcdpb.AuthRoleAddRequest              `json:"role_add,omitempty"`
	RoleDelete           *etcdpb.AuthRoleDeleteRequest           `json:"role_delete,omitempty"`
	RoleGet              *etcdpb.AuthRoleGetRequest              `json:"role_get,omitempty"`
	RoleList             *etcdpb.AuthRoleListRequest             `json:"role_list,omitempty"`
	RoleGrantPermission  *etcdpb.AuthRoleGrantPermissionRequest  `json:"role_grant_permission,omitempty"`
	RoleRevokePermission *etcdpb.AuthRoleRevokePermissionRequest `json:"role_revoke_permission,omitempty"`
}

// AsUser runs call, which starts RPCs (or a watch) on this server, as
// the client that holds token (from Authenticate; "" for none): as
// etcd's gRPC metadata, the token travels beside the request. A token
// raftlab did not issue counts as none.
func (s *Server) AsUser(token string, call func()) {
	defer s.restoreCaller(s.becomeCaller(token))
	call()
}

// becomeCaller makes the token's user the caller (AsUser), returning the
// caller before, which restoreCaller puts back.
func (s *Server) becomeCaller(token string) (prev *auth.AuthInfo) {
	prev = s.caller
	s.caller, _ = tokenInfo(token)
	return prev
}

func (s *Server) restoreCaller(prev *auth.AuthInfo) { s.caller = prev }

// authRPC sends one auth request through the log, as etcd does with every
// auth management request, reads included.
func authRPC[Resp any](s *Server, done func(Resp, error), a *AuthRaftRequest) {
	rpc(s, false, otherLimits, done, func(o *op) {
		s.propose(o, &InternalRaftRequest{Header: headerOf(o.ai), Auth: a})
	})
}

// Authenticate checks a user's password at this member and answers a
// token.
func (s *Server) Authenticate(r *etcdpb.AuthenticateRequest, done func(*etcdpb.AuthenticateResponse, error)) {
	rpc(s, false, otherLimits, done, func(o *op) {
		resp, err := s.authenticate(r)
		s.answer(o, resp, err)
	})
}

func (s *Server) AuthEnable(r *etcdpb.AuthEnableRequest, done func(*etcdpb.AuthEnableResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{Enable: r})
}
func (s *Server) AuthDisable(r *etcdpb.AuthDisableRequest, done func(*etcdpb.AuthDisableResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{Disable: r})
}
func (s *Server) AuthStatus(r *etcdpb.AuthStatusRequest, done func(*etcdpb.AuthStatusResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{Status: r})
}
func (s *Server) UserAdd(r *etcdpb.AuthUserAddRequest, done func(*etcdpb.AuthUserAddResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{UserAdd: r})
}
func (s *Server) UserDelete(r *etcdpb.AuthUserDeleteRequest, done func(*etcdpb.AuthUserDeleteResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{UserDelete: r})
}
func (s *Server) UserChangePassword(r *etcdpb.AuthUserChangePasswordRequest, done func(*etcdpb.AuthUserChangePasswordResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{UserChangePassword: r})
}
func (s *Server) UserGrantRole(r *etcdpb.AuthUserGrantRoleRequest, done func(*etcdpb.AuthUserGrantRoleResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{UserGrantRole: r})
}
func (s *Server) UserRevokeRole(r *etcdpb.AuthUserRevokeRoleRequest, done func(*etcdpb.AuthUserRevokeRoleResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{UserRevokeRole: r})
}
func (s *Server) UserGet(r *etcdpb.AuthUserGetRequest, done func(*etcdpb.AuthUserGetResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{UserGet: r})
}
func (s *Server) UserList(r *etcdpb.AuthUserListRequest, done func(*etcdpb.AuthUserListResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{UserList: r})
}
func (s *Server) RoleAdd(r *etcdpb.AuthRoleAddRequest, done func(*etcdpb.AuthRoleAddResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{RoleAdd: r})
}
func (s *Server) RoleDelete(r *etcdpb.AuthRoleDeleteRequest, done func(*etcdpb.AuthRoleDeleteResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{RoleDelete: r})
}
func (s *Server) RoleGet(r *etcdpb.AuthRoleGetRequest, done func(*etcdpb.AuthRoleGetResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{RoleGet: r})
}
func (s *Server) RoleList(r *etcdpb.AuthRoleListRequest, done func(*etcdpb.AuthRoleListResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{RoleList: r})
}
func (s *Server) RoleGrantPermission(r *etcdpb.AuthRoleGrantPermissionRequest, done func(*etcdpb.AuthRoleGrantPermissionResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{RoleGrantPermission: r})
}
func (s *Server) RoleRevokePermission(r *etcdpb.AuthRoleRevokePermissionRequest, done func(*etcdpb.AuthRoleRevokePermissionResponse, error)) {
	authRPC(s, done, &AuthRaftRequest{RoleRevokePermission: r})
}

// applyAuth is etcd's authApplierV3 for auth requests: every one of them
// needs the root role once auth is enabled (needAdminPermission).
func (s *Server) applyAuth(a *AuthRaftRequest, ai *auth.AuthInfo) (any, error) {
	st := s.auth
	if err := st.IsAdminPermitted(ai); err != nil {
		return nil, err
	}
	h := s.header()
	switch {
	case a.Enable != nil:
		if err := st.Enable(); err != nil {
			return nil, err
		}
		return &etcdpb.AuthEnableResponse{Header: h}, nil
	case a.Disable != nil:
		st.Disable()
		return &etcdpb.AuthDisableResponse{Header: h}, nil
	case a.Status != nil:
		return &etcdpb.AuthStatusResponse{Header: h, Enabled: st.Enabled(), AuthRevision: st.Revision()}, nil
	case a.UserAdd != nil:
		return &etcdpb.AuthUserAddResponse{Header: h}, st.UserAdd(a.UserAdd)
	case a.UserDelete != nil:
		return &etcdpb.AuthUserDeleteResponse{Header: h}, st.UserDelete(a.UserDelete.Name)
	case a.UserChangePassword != nil:
		return &etcdpb.AuthUserChangePasswordResponse{Header: h}, st.UserChangePassword(a.UserChangePassword.Name, a.UserChangePassword.Password)
	case a.UserGrantRole != nil:
		return &etcdpb.AuthUserGrantRoleResponse{Header: h}, st.UserGrantRole(a.UserGrantRole.User, a.UserGrantRole.Role)
	case a.UserRevokeRole != nil:
		return &etcdpb.AuthUserRevokeRoleResponse{Header: h}, st.UserRevokeRole(a.UserRevokeRole.Name, a.UserRevokeRole.Role)
	case a.UserGet != nil:
		roles, err := st.UserGet(a.UserGet.Name)
		return &etcdpb.AuthUserGetResponse{Header: h, Roles: roles}, err
	case a.UserList != nil:
		return &etcdpb.AuthUserListResponse{Header: h, Users: st.UserList()}, nil
	case a.RoleAdd != nil:
		return &etcdpb.AuthRoleAddResponse{Header: h}, st.RoleAdd(a.RoleAdd.Name)
	case a.RoleDelete != nil:
		return &etcdpb.AuthRoleDeleteResponse{Header: h}, st.RoleDelete(a.RoleDelete.Role)
	case a.RoleGet != nil:
		perm, err := st.RoleGet(a.RoleGet.Role)
		return &etcdpb.AuthRoleGetResponse{Header: h, Perm: perm}, err
	case a.RoleList != nil:
		return &etcdpb.AuthRoleListResponse{Header: h, Roles: st.RoleList()}, nil
	case a.RoleGrantPermission != nil:
		return &etcdpb.AuthRoleGrantPermissionResponse{Header: h}, st.RoleGrantPermission(a.RoleGrantPermission.Name, a.RoleGrantPermission.Perm)
	case a.RoleRevokePermission != nil:
		r := a.RoleRevokePermission
		return &etcdpb.AuthRoleRevokePermissionResponse{Header: h}, st.RoleRevokePermission(r.Role, r.Key, r.RangeEnd)
	}
	return nil, ErrUnknownRequest
}

// Auth is the member's auth store (read-only use).
func (s *Server) Auth() *auth.Store { return s.auth }

// authenticate is etcd's Authenticate: the password is checked by the
// member the client talks to; the token names the user and the auth
// revision it was issued at (raftlab's tokens are self-describing, as
// etcd's JWT tokens; they are not signed).
func (s *Server) authenticate(r *etcdpb.AuthenticateRequest) (any, error) {
	ai, err := s.auth.Authenticate(r.Name, r.Password)
	if err != nil {
		return nil, err
	}
	return &etcdpb.AuthenticateResponse{Header: s.header(), Token: ai.Username + "." + strconv.FormatUint(ai.Revision, 10)}, nil
}

// tokenInfo resolves a token from authenticate ("" is no token).
func tokenInfo(token string) (*auth.AuthInfo, error) {
	if token == "" {
		return nil, nil
	}
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return nil, etcdpb.ErrInvalidAuthToken
	}
	rev, err := strconv.ParseUint(token[i+1:], 10, 64)
	if err != nil {
		return nil, etcdpb.ErrInvalidAuthToken
	}
	return &auth.AuthInfo{Username: token[:i], Revision: rev}, nil
}

func (h *RequestHeader) info() *auth.AuthInfo {
	if h == nil {
		return nil
	}
	return &auth.AuthInfo{Username: h.Username, Revision: h.AuthRevision}
}

func headerOf(ai *auth.AuthInfo) *RequestHeader {
	if ai == nil {
		return nil
	}
	return &RequestHeader{Username: ai.Username, AuthRevision: ai.Revision}
}

// checkTxn is etcd's checkTxnReqsPermission: read on every compared key,
// and each operation of both branches as if sent alone.
func (s *Server) checkTxn(ai *auth.AuthInfo, r *etcdpb.TxnRequest) error {
	for _, c := range r.Compare {
		if err := s.auth.IsPermitted(ai, c.Key, c.RangeEnd, false); err != nil {
			return err
		}
	}
	for _, ops := range [][]*etcdpb.RequestOp{r.Success, r.Failure} {
		for _, op := range ops {
			if err := s.checkOp(ai, op); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) checkOp(ai *auth.AuthInfo, op *etcdpb.RequestOp) error {
	switch {
	case op.RequestRange != nil:
		return s.auth.IsPermitted(ai, op.RequestRange.Key, op.RequestRange.RangeEnd, false)
	case op.RequestPut != nil:
		return s.checkPut(ai, op.RequestPut)
	case op.RequestDeleteRange != nil:
		return s.checkDelete(ai, op.RequestDeleteRange)
	case op.RequestTxn != nil:
		return s.checkTxn(ai, op.RequestTxn)
	}
	return nil
}

func (s *Server) checkPut(ai *auth.AuthInfo, r *etcdpb.PutRequest) error {
	if err := s.auth.IsPermitted(ai, r.Key, nil, true); err != nil {
		return err
	}
	if r.PrevKv {
		return s.auth.IsPermitted(ai, r.Key, nil, false)
	}
	return nil
}

func (s *Server) checkDelete(ai *auth.AuthInfo, r *etcdpb.DeleteRangeRequest) error {
	if err := s.auth.IsPermitted(ai, r.Key, r.RangeEnd, true); err != nil {
		return err
	}
	if r.PrevKv {
		return s.auth.IsPermitted(ai, r.Key, r.RangeEnd, false)
	}
	return nil
}
