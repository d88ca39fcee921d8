// Package auth is etcd 3.5's auth store (server/auth/store.go): users with
// passwords and roles, roles with key permissions, the enabled flag and the
// auth revision, as a pure state machine. Every change is applied from a
// committed Raft entry, so all members hold the same store; reads and
// permission checks are answered by the member a client talks to.
//
// Passwords are kept as salted SHA-256 digests (etcd: bcrypt); tokens are
// not modelled as strings: a client that authenticated carries an AuthInfo
// (user name and the auth revision it saw), as etcd's token resolves to.
package auth

import (
	"bytes"
	"slices"

	sha "github.com/raftlab/raftlab/core/digest"
	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/jsonw"
)

const rootUser, rootRole = "root", "root"

// AuthInfo is who sent a request: etcd's auth.AuthInfo, from the token.
type AuthInfo struct {
	Username string `json:"username,omitempty"`
	Revision uint64 `json:"auth_revision,omitempty"`
}

// User is authpb.User.
type User struct {
	Name       string   `json:"name"`
	Password   []byte   `json:"password,omitempty"` // salted digest
	Roles      []string `json:"roles,omitempty"`    // sorted
	NoPassword bool     `json:"no_password,omitempty"`
}

// Role is authpb.Role.
type Role struct {
	Name string           `json:"name"`
	Perm []*pb.Permission `json:"perm,omitempty"` // sorted by key, then range end
}

// Store is the auth state of one member.
type Store struct {
	flagSet  bool // the auth bucket's authEnabled key has been written
	enabled  bool
	revision uint64
	users    map[string]*User
	roles    map[string]*Role
}

// New is a fresh store: disabled, auth revision 1 (etcd commits revision
// 1 when it creates the auth bucket).
func New() *Store {
	return &Store{revision: 1, users: map[string]*User{}, roles: map[string]*Role{}}
}

// Enabled reports whether authentication is on.
func (s *Store) Enabled() bool { return s.enabled }

// Revision is the auth revision: bumped by every change of users, roles,
// permissions and by disabling (not by enabling, as etcd).
func (s *Store) Revision() uint64 { return s.revision }

func digest(name, password string) []byte {
	h := sha.SHA256([]byte("raftlab-auth\x00" + name + "\x00" + password))
	return h[:]
}

// ---- changes (applied from the log) ----

// Enable is etcd's AuthEnable: root must exist and have the root role.
func (s *Store) Enable() error {
	if s.enabled {
		return nil
	}
	u := s.users[rootUser]
	if u == nil {
		return pb.ErrRootUserNotExist
	}
	if !hasRoot(u) {
		return pb.ErrRootRoleNotExist
	}
	s.enabled, s.flagSet = true, true
	return nil
}

// Disable is etcd's AuthDisable (a no-op when already disabled).
func (s *Store) Disable() {
	if !s.enabled {
		return
	}
	s.enabled = false
	s.revision++
}

func (s *Store) UserAdd(r *pb.AuthUserAddRequest) error {
	if r.Name == "" {
		return pb.ErrUserEmpty
	}
	if s.users[r.Name] != nil {
		return pb.ErrUserAlreadyExist
	}
	u := &User{Name: r.Name}
	if r.Options != nil && r.Options.NoPassword {
		u.NoPassword = true
	} else {
		u.Password = digest(r.Name, r.Password)
	}
	s.users[r.Name] = u
	s.revision++
	return nil
}

func (s *Store) UserDelete(name string) error {
	if s.enabled && name == rootUser {
		return pb.ErrInvalidAuthMgmt
	}
	if s.users[name] == nil {
		return pb.ErrUserNotFound
	}
	delete(s.users, name)
	s.revision++
	return nil
}

func (s *Store) UserChangePassword(name, password string) error {
	u := s.users[name]
	if u == nil {
		return pb.ErrUserNotFound
	}
	u.Password, u.NoPassword = digest(name, password), false
	s.revision++
	return nil
}

// UserGrantRole grants a role; granting one the user has is ignored (no
// error, no new revision), as etcd.
func (s *Store) UserGrantRole(user, role string) error {
	u := s.users[user]
	if u == nil {
		return pb.ErrUserNotFound
	}
	if role != rootRole && s.roles[role] == nil {
		return pb.ErrRoleNotFound
	}
	i, found := slices.BinarySearch(u.Roles, role)
	if found {
		return nil
	}
	// Inserted by hand here and in RoleGrantPermission: the page's only
	// slices.Insert calls, whose two instantiations were 1 kB gzipped.
	u.Roles = append(u.Roles, "")
	copy(u.Roles[i+1:], u.Roles[i:])
	u.Roles[i] = role
	s.revision++
	return nil
}

func (s *Store) UserRevokeRole(user, role string) error {
	if s.enabled && user == rootUser && role == rootRole {
		return pb.ErrInvalidAuthMgmt
	}
	u := s.users[user]
	if u == nil {
		return pb.ErrUserNotFound
	}
	i, found := slices.BinarySearch(u.Roles, role)
	if !found {
		return pb.ErrRoleNotGranted
	}
	u.Roles = slices.Delete(u.Roles, i, i+1)
	s.revision++
	return nil
}

func (s *Store) RoleAdd(name string) error {
	if name == "" {
		return pb.ErrRoleEmpty
	}
	if s.roles[name] != nil {
		return pb.ErrRoleAlreadyExist
	}
	s.roles[name] = &Role{Name: name}
	s.revision++
	return nil
}

// RoleDelete deletes a role and revokes it from every user.
func (s *Store) RoleDelete(name string) error {
	if s.enabled && name == rootRole {
		return pb.ErrInvalidAuthMgmt
	}
	if s.roles[name] == nil {
		return pb.ErrRoleNotFound
	}
	delete(s.roles, name)
	for _, u := range s.users {
		if i, found := slices.BinarySearch(u.Roles, name); found {
			u.Roles = slices.Delete(u.Roles, i, i+1)
		}
	}
	s.revision++
	return nil
}

func permLess(a, b *pb.Permission) int {
	if c := bytes.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	return bytes.Compare(a.RangeEnd, b.RangeEnd)
}

// RoleGrantPermission adds a permission, or changes the type of the one on
// the same key range.
func (s *Store) RoleGrantPermission(name string, p *pb.Permission) error {
	r := s.roles[name]
	if r == nil {
		return pb.ErrRoleNotFound
	}
	if p == nil {
		return pb.ErrPermissionNotGiven
	}
	np := &pb.Permission{PermType: p.PermType, Key: slices.Clone(p.Key), RangeEnd: slices.Clone(p.RangeEnd)}
	i, found := slices.BinarySearchFunc(r.Perm, np, permLess)
	if found {
		r.Perm[i].PermType = np.PermType
	} else {
		r.Perm = append(r.Perm, nil)
		copy(r.Perm[i+1:], r.Perm[i:])
		r.Perm[i] = np
	}
	s.revision++
	return nil
}

func (s *Store) RoleRevokePermission(name string, key, end []byte) error {
	r := s.roles[name]
	if r == nil {
		return pb.ErrRoleNotFound
	}
	i, found := slices.BinarySearchFunc(r.Perm, &pb.Permission{Key: key, RangeEnd: end}, permLess)
	if !found {
		return pb.ErrPermissionNotGranted
	}
	r.Perm = slices.Delete(r.Perm, i, i+1)
	s.revision++
	return nil
}

// ---- reads ----

// Authenticate checks a user's password (etcd's CheckPassword).
func (s *Store) Authenticate(name, password string) (AuthInfo, error) {
	if !s.enabled {
		return AuthInfo{}, pb.ErrAuthNotEnabled
	}
	u := s.users[name]
	if u == nil || u.NoPassword || !bytes.Equal(u.Password, digest(name, password)) {
		return AuthInfo{}, pb.ErrAuthFailed
	}
	return AuthInfo{Username: name, Revision: s.revision}, nil
}

func (s *Store) UserGet(name string) ([]string, error) {
	u := s.users[name]
	if u == nil {
		return nil, pb.ErrUserNotFound
	}
	return slices.Clone(u.Roles), nil
}

func (s *Store) UserList() []string { return keys.Sorted(s.users) }
func (s *Store) RoleList() []string { return keys.Sorted(s.roles) }

// RoleGet returns a role's permissions; the root role has every key.
func (s *Store) RoleGet(name string) ([]*pb.Permission, error) {
	if name == rootRole {
		return []*pb.Permission{{PermType: pb.PermReadWrite, Key: []byte{}, RangeEnd: []byte{0}}}, nil
	}
	r := s.roles[name]
	if r == nil {
		return nil, pb.ErrRoleNotFound
	}
	out := make([]*pb.Permission, len(r.Perm))
	for i, p := range r.Perm {
		c := *p
		out[i] = &c
	}
	return out, nil
}

func hasRoot(u *User) bool {
	_, found := slices.BinarySearch(u.Roles, rootRole)
	return found
}

// ---- permission checks ----

// IsAdminPermitted is etcd's check for auth management, snapshots,
// defragmentation, hashes, leader moves and membership changes.
func (s *Store) IsAdminPermitted(ai *AuthInfo) error {
	if !s.enabled {
		return nil
	}
	if ai == nil || ai.Username == "" {
		return pb.ErrUserEmpty
	}
	u := s.users[ai.Username]
	if u == nil {
		return pb.ErrUserNotFound
	}
	if !hasRoot(u) {
		return pb.ErrPermissionDenied
	}
	return nil
}

// IsPermitted is etcd's isOpPermitted: may the user read (write=false) or
// write the key range [key, end) (end empty: the key alone)?
// With auth off, as nearly always, it is a test the caller inlines (every
// member checks every write it applies).
func (s *Store) IsPermitted(ai *AuthInfo, key, end []byte, write bool) error {
	if !s.enabled {
		return nil
	}
	return s.isPermitted(ai, key, end, write)
}

// isPermitted is IsPermitted with auth on.
func (s *Store) isPermitted(ai *AuthInfo, key, end []byte, write bool) error {
	if ai == nil || ai.Username == "" || ai.Revision == 0 {
		return pb.ErrUserEmpty
	}
	if ai.Revision < s.revision {
		return pb.ErrAuthOldRevision
	}
	u := s.users[ai.Username]
	if u == nil {
		return pb.ErrPermissionDenied
	}
	if hasRoot(u) {
		return nil
	}
	if s.covered(u, key, end, write) {
		return nil
	}
	return pb.ErrPermissionDenied
}

// covered reports whether the union of the user's permissions of that kind
// covers the range, as etcd's range-permission cache merges them.
func (s *Store) covered(u *User, key, end []byte, write bool) bool {
	type iv struct{ lo, hi []byte } // hi nil: unbounded
	var ivs []iv
	for _, rn := range u.Roles {
		r := s.roles[rn]
		if r == nil {
			continue
		}
		for _, p := range r.Perm {
			ok := p.PermType == pb.PermReadWrite || (write && p.PermType == pb.PermWrite) || (!write && p.PermType == pb.PermRead)
			if !ok {
				continue
			}
			switch {
			case len(p.RangeEnd) == 0:
				ivs = append(ivs, iv{p.Key, append(slices.Clone(p.Key), 0)})
			case bytes.Equal(p.RangeEnd, []byte{0}):
				ivs = append(ivs, iv{p.Key, nil})
			default:
				ivs = append(ivs, iv{p.Key, p.RangeEnd})
			}
		}
	}
	lo, hi := key, end
	switch {
	case len(end) == 0:
		hi = append(slices.Clone(key), 0)
	case bytes.Equal(end, []byte{0}):
		hi = nil
	}
	// Walk from lo, extending with any interval that starts at or before
	// the point reached, until hi is passed.
	at := lo
	for {
		progressed := false
		for _, v := range ivs {
			if bytes.Compare(v.lo, at) <= 0 && (v.hi == nil || bytes.Compare(v.hi, at) > 0) {
				if v.hi == nil {
					return true
				}
				at, progressed = v.hi, true
			}
		}
		if hi != nil && bytes.Compare(at, hi) >= 0 {
			return true
		}
		if !progressed {
			return false
		}
	}
}

// ---- snapshots ----

type snapshot struct {
	FlagSet  bool    `json:"flag_set,omitempty"`
	Enabled  bool    `json:"enabled,omitempty"`
	Revision uint64  `json:"revision"`
	Users    []*User `json:"users,omitempty"`
	Roles    []*Role `json:"roles,omitempty"`
}

// Snapshot encodes the store (etcd's auth, authUsers and authRoles buckets).
func (s *Store) Snapshot() []byte {
	sn := snapshot{FlagSet: s.flagSet, Enabled: s.enabled, Revision: s.revision}
	for _, n := range s.UserList() {
		sn.Users = append(sn.Users, s.users[n])
	}
	for _, n := range s.RoleList() {
		sn.Roles = append(sn.Roles, s.roles[n])
	}
	return jsonw.Marshal(&sn)
}

// Restore decodes a Snapshot; empty data is a fresh store.
func Restore(b []byte) (*Store, error) {
	s := New()
	if len(b) == 0 {
		return s, nil
	}
	var sn snapshot
	if err := jsonw.Unmarshal(b, &sn); err != nil {
		return nil, err
	}
	s.flagSet, s.enabled, s.revision = sn.FlagSet, sn.Enabled, max(sn.Revision, 1)
	for _, u := range sn.Users {
		s.users[u.Name] = u
	}
	for _, r := range sn.Roles {
		s.roles[r.Name] = r
	}
	return s, nil
}

// BucketKeys is how many keys etcd's auth buckets hold: auth (the enabled
// flag once set, and the revision), authUsers and authRoles. etcdutl's
// snapshot status counts them.
func (s *Store) BucketKeys() int {
	n := 1 + len(s.users) + len(s.roles)
	if s.flagSet {
		n++
	}
	return n
}
