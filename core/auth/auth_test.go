package auth

import (
	"testing"

	pb "github.com/raftlab/raftlab/core/etcdpb"
)

func TestEnableNeedsRootWithRootRole(t *testing.T) {
	s := New()
	if err := s.Enable(); err != pb.ErrRootUserNotExist {
		t.Fatalf("enable without root: %v", err)
	}
	must(t, s.UserAdd(&pb.AuthUserAddRequest{Name: "root", Password: "pw"}))
	if err := s.Enable(); err != pb.ErrRootRoleNotExist {
		t.Fatalf("enable without root role: %v", err)
	}
	must(t, s.RoleAdd("root"))
	must(t, s.UserGrantRole("root", "root"))
	rev := s.Revision()
	must(t, s.Enable())
	if !s.Enabled() || s.Revision() != rev {
		t.Fatalf("enable: enabled %v, revision %d -> %d (etcd does not bump it)", s.Enabled(), rev, s.Revision())
	}
	if err := s.UserDelete("root"); err != pb.ErrInvalidAuthMgmt {
		t.Fatalf("delete root while enabled: %v", err)
	}
	if _, err := s.Authenticate("root", "bad"); err != pb.ErrAuthFailed {
		t.Fatalf("bad password: %v", err)
	}
	ai, err := s.Authenticate("root", "pw")
	must(t, err)
	must(t, s.IsAdminPermitted(&ai))
	s.Disable()
	if s.Enabled() || s.Revision() != rev+1 {
		t.Fatalf("disable: enabled %v revision %d", s.Enabled(), s.Revision())
	}
	if _, err := s.Authenticate("root", "pw"); err != pb.ErrAuthNotEnabled {
		t.Fatalf("authenticate while disabled: %v", err)
	}
}

func TestRangePermissionsMerge(t *testing.T) {
	s := New()
	for _, n := range []string{"root", "u"} {
		must(t, s.UserAdd(&pb.AuthUserAddRequest{Name: n, Password: n}))
	}
	must(t, s.RoleAdd("root"))
	must(t, s.UserGrantRole("root", "root"))
	must(t, s.RoleAdd("a"))
	must(t, s.RoleAdd("b"))
	must(t, s.RoleGrantPermission("a", &pb.Permission{PermType: pb.PermRead, Key: []byte("k1"), RangeEnd: []byte("k3")}))
	must(t, s.RoleGrantPermission("b", &pb.Permission{PermType: pb.PermReadWrite, Key: []byte("k3"), RangeEnd: []byte("k5")}))
	must(t, s.RoleGrantPermission("b", &pb.Permission{PermType: pb.PermWrite, Key: []byte("w")}))
	must(t, s.UserGrantRole("u", "a"))
	must(t, s.UserGrantRole("u", "b"))
	must(t, s.Enable())
	ai, err := s.Authenticate("u", "u")
	must(t, err)
	for _, c := range []struct {
		key, end string
		write    bool
		ok       bool
	}{
		{"k1", "", false, true},
		{"k1", "k5", false, true}, // two roles' ranges joined
		{"k1", "k6", false, false},
		{"k0", "k2", false, false},
		{"k2", "", true, false}, // read only there
		{"k4", "", true, true},
		{"w", "", true, true},
		{"w", "", false, false},
		{"k3", "\x00", false, false},
	} {
		err := s.IsPermitted(&ai, []byte(c.key), []byte(c.end), c.write)
		if (err == nil) != c.ok {
			t.Errorf("%q..%q write=%v: %v, want ok=%v", c.key, c.end, c.write, err, c.ok)
		}
	}
	if err := s.IsPermitted(nil, []byte("k1"), nil, false); err != pb.ErrUserEmpty {
		t.Errorf("no user: %v", err)
	}
	if err := s.IsAdminPermitted(&ai); err != pb.ErrPermissionDenied {
		t.Errorf("admin as u: %v", err)
	}
	// A snapshot carries everything.
	r, err := Restore(s.Snapshot())
	must(t, err)
	if string(r.Snapshot()) != string(s.Snapshot()) || r.BucketKeys() != s.BucketKeys() {
		t.Fatalf("restore differs")
	}
	must(t, s.RoleDelete("b"))
	if roles, _ := s.UserGet("u"); len(roles) != 1 || roles[0] != "a" {
		t.Fatalf("role delete should revoke it from users: %v", roles)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
