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
	_        [0]func() // not comparable: no generated equality in the page
	Name     string    `json:"name,omitempty"`
	Password string    `json:"password,omitempty"`
}
type AuthenticateResponse struct {
	_      [0]func()       // not comparable: no generated equality in the page
	Header *ResponseHeader `json:"header,omitempty"`
	Token  string          `json:"token,omitempty"`
}

// UserAddOptions is authpb.UserAddOptions.
type UserAddOptions struct {
	NoPassword bool `json:"no_password,omitempty"`
}
type AuthUserAddRequest struct {
	_        [0]func()       // not comparable: no generated equality in the page
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
	_        [0]func() // not comparable: no generated equality in the page
	Name     string    `json:"name,omitempty"`
	Password string    `json:"password,omitempty"`
}
type AuthUserChangePasswordResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthUserGrantRoleRequest struct {
	_    [0]func() // not comparable: no generated equality in the page
	User string    `json:"user,omitempty"`
	Role string    `json:"role,omitempty"`
}
type AuthUserGrantRoleResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}
type AuthUserRevokeRoleRequest struct {
	_    [0]func() // not comparable: no generated equality in the page
	Name string    `json:"name,omitempty"`
	Role string    `json:"role,omitempty"`
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
	_    [0]func()   // not comparable: no generated equality in the page
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
	ErrRootUserNotExist     error = &rpcError{s: "etcdserver: root user does not exist", code: "FailedPrecondition"}
	ErrRootRoleNotExist     error = &rpcError{s: "etcdserver: root user does not have root role", code: "FailedPrecondition"}
	ErrUserAlreadyExist     error = &rpcError{s: "etcdserver: user name already exists", code: "FailedPrecondition"}
	ErrUserEmpty            error = &rpcError{s: "etcdserver: user name is empty", code: "InvalidArgument"}
	ErrUserNotFound         error = &rpcError{s: "etcdserver: user name not found", code: "FailedPrecondition"}
	ErrRoleAlreadyExist     error = &rpcError{s: "etcdserver: role name already exists", code: "FailedPrecondition"}
	ErrRoleNotFound         error = &rpcError{s: "etcdserver: role name not found", code: "FailedPrecondition"}
	ErrRoleEmpty            error = &rpcError{s: "etcdserver: role name is empty", code: "InvalidArgument"}
	ErrPermissionDenied     error = &rpcError{s: "etcdserver: permission denied", code: "PermissionDenied"}
	ErrRoleNotGranted       error = &rpcError{s: "etcdserver: role is not granted to the user", code: "FailedPrecondition"}
	ErrPermissionNotGranted error = &rpcError{s: "etcdserver: permission is not granted to the role", code: "FailedPrecondition"}
	ErrAuthNotEnabled       error = &rpcError{s: "etcdserver: authentication is not enabled", code: "FailedPrecondition"}
	ErrInvalidAuthToken     error = &rpcError{s: "etcdserver: invalid auth token", code: "Unauthenticated"}
	ErrInvalidAuthMgmt      error = &rpcError{s: "etcdserver: invalid auth management", code: "InvalidArgument"}
	ErrAuthFailed           error = &rpcError{s: "etcdserver: authentication failed, invalid user ID or password", code: "InvalidArgument"}
	ErrAuthOldRevision      error = &rpcError{s: "etcdserver: revision of auth store is old", code: "InvalidArgument"}
	ErrPermissionNotGiven   error = &rpcError{s: "etcdserver: permission not given", code: "InvalidArgument"}
)
