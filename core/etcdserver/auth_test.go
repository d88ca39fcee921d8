package etcdserver

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
)

// asUser sends one RPC with a token, as clientv3 does after Authenticate.
func asUser[Req, Resp any](c *cluster, id uint64, token string, rpc func(*Server, Req, func(Resp, error)), req Req) (Resp, error) {
	resp, err, _ := doAs(c, id, token, rpc, req, 5*time.Second)
	return resp, err
}

// TestAuthThroughRaftAndSnapshots: auth changes are applied by every
// member from the log, checked where a request arrives (reads) or at apply
// (writes), and a member that catches up by a Raft snapshot gets them too.
func TestAuthThroughRaftAndSnapshots(t *testing.T) {
	c := newCluster(t, 3, 41, func(_ *sim.Config, cc *ClusterConfig) { cc.SnapshotCount, cc.CatchUpEntries = 20, 5 })
	lead := c.waitLeader()
	f := c.follower()
	c.countInstalls()
	// The follower misses every auth change: it catches up by snapshot.
	c.w.Net().Isolate(f, c.w.IDs())
	must(c, lead, (*Server).UserAdd, &etcdpb.AuthUserAddRequest{Name: "root", Password: "rootpw"})
	require.Equal(t, etcdpb.ErrRootRoleNotExist, fail(c, lead, (*Server).AuthEnable, &etcdpb.AuthEnableRequest{}))
	must(c, lead, (*Server).RoleAdd, &etcdpb.AuthRoleAddRequest{Name: "root"})
	must(c, lead, (*Server).UserGrantRole, &etcdpb.AuthUserGrantRoleRequest{User: "root", Role: "root"})
	must(c, lead, (*Server).UserAdd, &etcdpb.AuthUserAddRequest{Name: "u", Password: "upw"})
	must(c, lead, (*Server).RoleAdd, &etcdpb.AuthRoleAddRequest{Name: "r"})
	must(c, lead, (*Server).RoleGrantPermission, &etcdpb.AuthRoleGrantPermissionRequest{Name: "r",
		Perm: &etcdpb.Permission{PermType: etcdpb.PermReadWrite, Key: []byte("u/"), RangeEnd: []byte("u0")}})
	must(c, lead, (*Server).UserGrantRole, &etcdpb.AuthUserGrantRoleRequest{User: "u", Role: "r"})
	must(c, lead, (*Server).AuthEnable, &etcdpb.AuthEnableRequest{})
	rootTok := must(c, lead, (*Server).Authenticate, &etcdpb.AuthenticateRequest{Name: "root", Password: "rootpw"}).Token
	for i := 0; i < 40; i++ {
		_, err := asUser(c, lead, rootTok, (*Server).Put, &etcdpb.PutRequest{Key: []byte(fmt.Sprint("u/", i%5)), Value: []byte("v")})
		require.NoError(t, err)
	}
	c.w.Net().Partition([][]uint64{c.w.IDs()})
	c.settle()
	require.NotZero(t, c.installed[f], "the follower caught up by snapshot")
	require.True(t, c.srv(f).Auth().Enabled())
	require.Equal(t, c.srv(lead).Auth().Snapshot(), c.srv(f).Auth().Snapshot())

	// At the follower: a read without a user, with u, and out of u's range.
	require.Equal(t, etcdpb.ErrUserEmpty, fail(c, f, (*Server).Range, &etcdpb.RangeRequest{Key: []byte("u/1")}))
	_, err := asUser(c, f, "", (*Server).Authenticate, &etcdpb.AuthenticateRequest{Name: "u", Password: "bad"})
	require.Equal(t, etcdpb.ErrAuthFailed, err)
	uTok := must(c, f, (*Server).Authenticate, &etcdpb.AuthenticateRequest{Name: "u", Password: "upw"}).Token
	r, err := asUser(c, f, uTok, (*Server).Range, &etcdpb.RangeRequest{Key: []byte("u/1")})
	require.NoError(t, err)
	require.Equal(t, "v", value(r))
	_, err = asUser(c, f, uTok, (*Server).Put, &etcdpb.PutRequest{Key: []byte("x"), Value: []byte("v")})
	require.Equal(t, etcdpb.ErrPermissionDenied, err, "checked at apply")
	_, err = asUser(c, f, uTok, (*Server).UserList, &etcdpb.AuthUserListRequest{})
	require.Equal(t, etcdpb.ErrPermissionDenied, err)
	_, err = asUser(c, f, uTok, (*Server).Snapshot, &etcdpb.SnapshotRequest{})
	require.Equal(t, etcdpb.ErrPermissionDenied, err, "root only")

	// A restart rebuilds auth from the member's disk.
	c.w.Kill(f)
	c.run(100 * time.Millisecond)
	c.w.Start(f)
	c.settle()
	require.True(t, c.srv(f).Auth().Enabled())
	require.Equal(t, c.srv(lead).Auth().Snapshot(), c.srv(f).Auth().Snapshot())
}
