package etcdpb

// Auth messages (etcdserverpb's Auth* and authpb), with etcd's json tags.

// PermType is authpb.Permission_Type.
type PermType int32

const (
	PermRead      PermType = 0
	PermWrite     PermType = 1
	PermReadWrite PermType = 2
)

func (t PermType) String() string {
	switch t {
	case PermWrite:
		return "WRITE"
	case PermReadWrite:
		return "READWRITE"
	}
	return "READ"
}

// Permission is authpb.Permission: a key, or the range [Key, RangeEnd)
// (RangeEnd "\x00": every key from Key on).
type Permission struct {
	PermType PermType `json:"permType,omitempty"`
	Key      []byte   `json:"key,omitempty"`
	RangeEnd []byte   `json:"range_end,omitempty"`
}

type AuthEnableRequest struct{}
type AuthEnableResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthDisableRequest struct{}
type AuthDisableResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthStatusRequest struct{}
type AuthStatusResponse struct {
	Header       *ResponseHeader `json:"header,omitempty"`
	Enabled      bool            `json:"enabled,omitempty"`
	AuthRevision uint64          `json:"authRevision,omitempty"`
}
type AuthenticateRequest struct {
	Name     string `json:"name,omitempty"`
	Password string `json:"password,omitempty"`
}
type AuthenticateResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	Token  string          `json:"token,omitempty"`
}

// UserAddOptions is authpb.UserAddOptions.
type UserAddOptions struct {
	NoPassword bool `json:"no_password,omitempty"`
}
type AuthUserAddRequest struct {
	Name     string          `json:"name,omitempty"`
	Password string          `json:"password,omitempty"`
	Options  *UserAddOptions `json:"options,omitempty"`
}
type AuthUserAddResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthUserGetRequest struct {
	Name string `json:"name,omitempty"`
}
type AuthUserGetResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	Roles  []string        `json:"roles,omitempty"`
}
type AuthUserDeleteRequest struct {
	Name string `json:"name,omitempty"`
}
type AuthUserDeleteResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthUserChangePasswordRequest struct {
	Name     string `json:"name,omitempty"`
	Password string `json:"password,omitempty"`
}
type AuthUserChangePasswordResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthUserGrantRoleRequest struct {
	User string `json:"user,omitempty"`
	Role string `json:"role,omitempty"`
}
type AuthUserGrantRoleResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthUserRevokeRoleRequest struct {
	Name string `json:"name,omitempty"`
	Role string `json:"role,omitempty"`
}
type AuthUserRevokeRoleResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthUserListRequest struct{}
type AuthUserListResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	Users  []string        `json:"users,omitempty"`
}
type AuthRoleAddRequest struct {
	Name string `json:"name,omitempty"`
}
type AuthRoleAddResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthRoleGetRequest struct {
	Role string `json:"role,omitempty"`
}
type AuthRoleGetResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	Perm   []*Permission   `json:"perm,omitempty"`
}
type AuthRoleListRequest struct{}
type AuthRoleListResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	Roles  []string        `json:"roles,omitempty"`
}
type AuthRoleDeleteRequest struct {
	Role string `json:"role,omitempty"`
}
type AuthRoleDeleteResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthRoleGrantPermissionRequest struct {
	Name string      `json:"name,omitempty"`
	Perm *Permission `json:"perm,omitempty"`
}
type AuthRoleGrantPermissionResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthRoleRevokePermissionRequest struct {
	Role     string `json:"role,omitempty"`
	Key      []byte `json:"key,omitempty"`
	RangeEnd []byte `json:"range_end,omitempty"`
}
type AuthRoleRevokePermissionResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}

// etcd's auth errors (server/auth/store.go and api/v3rpc/rpctypes).
var (
	ErrRootUserNotExist     error = &rpcError{"etcdserver: root user does not exist"}
	ErrRootRoleNotExist     error = &rpcError{"etcdserver: root user does not have root role"}
	ErrUserAlreadyExist     error = &rpcError{"etcdserver: user name already exists"}
	ErrUserEmpty            error = &rpcError{"etcdserver: user name is empty"}
	ErrUserNotFound         error = &rpcError{"etcdserver: user name not found"}
	ErrRoleAlreadyExist     error = &rpcError{"etcdserver: role name already exists"}
	ErrRoleNotFound         error = &rpcError{"etcdserver: role name not found"}
	ErrRoleEmpty            error = &rpcError{"etcdserver: role name is empty"}
	ErrPermissionDenied     error = &rpcError{"etcdserver: permission denied"}
	ErrRoleNotGranted       error = &rpcError{"etcdserver: role is not granted to the user"}
	ErrPermissionNotGranted error = &rpcError{"etcdserver: permission is not granted to the role"}
	ErrAuthNotEnabled       error = &rpcError{"etcdserver: authentication is not enabled"}
	ErrInvalidAuthToken     error = &rpcError{"etcdserver: invalid auth token"}
	ErrInvalidAuthMgmt      error = &rpcError{"etcdserver: invalid auth management"}
	ErrAuthFailed           error = &rpcError{"etcdserver: authentication failed, invalid user ID or password"}
	ErrAuthOldRevision      error = &rpcError{"etcdserver: revision of auth store is old"}
	ErrPermissionNotGiven   error = &rpcError{"etcdserver: permission not given"}
)
