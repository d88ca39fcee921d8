package etcdserver

import (
	"fmt"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
	"github.com/stretchr/testify/require"
)

type cluster struct {
	t   *testing.T
	w   *sim.World
	cfg *ClusterConfig
	// installed counts, per member, the leader's snapshots it installed
	// since countInstalls (the world then runs event by event: run).
	installed map[uint64]int
}

// countInstalls starts counting the snapshots members install (run reads
// the trace's kept records after each event).
func (c *cluster) countInstalls() {
	c.installed = map[uint64]int{}
	c.w.Trace().Keep()
	c.w.Trace().Kept() // only what follows
}

// run advances the world by d, as World.Run, event by event: after each,
// no member's node holds a Ready the world left (readyTaken), and while
// installs are counted, it reads what the event did.
func (c *cluster) run(d time.Duration) {
	end := c.w.Now() + d
	for c.w.RunNext(end) {
		c.readyTaken()
		if c.installed == nil {
			continue
		}
		recs, _ := c.w.Trace().Kept() // one event's: far below sim.MaxKept
		for _, r := range recs {
			if r.Kind == sim.KindSnapshot && r.Snapshot == sim.SnapshotInstalled {
				c.installed[r.Member]++
			}
		}
	}
	c.w.RunUntil(end)
}

// readyTaken fails if a member's node has a Ready after an event: the
// server steps its node itself from its timers, ticks and the requests
// that reach it, and the world must take that Ready once the event
// returns (sim.Member.After), not at some later event of the member.
func (c *cluster) readyTaken() {
	for _, m := range c.w.Members() {
		if m.Up() && m.Node.HasReady() {
			c.t.Fatalf("%s holds a Ready after the event at %v (step %d)", m.Name, c.w.Now(), c.w.Steps())
		}
	}
}

func memberInfo(id uint64) MemberInfo {
	name := fmt.Sprintf("m%d", id)
	return MemberInfo{ID: id, Name: name, PeerURLs: []string{"http://" + name + ":2380"},
		ClientURLs: []string{"http://" + name + ":2379"}}
}

func newCluster(t *testing.T, n int, seed int64, mod func(*sim.Config, *ClusterConfig)) *cluster {
	infos := make([]MemberInfo, n)
	specs := make([]sim.MemberSpec, n)
	for i := range infos {
		infos[i] = memberInfo(uint64(i + 1))
		specs[i] = sim.MemberSpec{ID: uint64(i + 1), Name: infos[i].Name}
	}
	return startCluster(t, NewClusterConfig("etcd-cluster-1", infos), specs, seed, mod)
}

func startCluster(t *testing.T, cfg *ClusterConfig, specs []sim.MemberSpec, seed int64, mod func(*sim.Config, *ClusterConfig)) *cluster {
	sc := sim.Config{Seed: seed, PreVote: true, CheckQuorum: true, Latency: 2 * time.Millisecond,
		Jitter: time.Millisecond, NewApp: func(m *sim.Member) sim.App { return New(m, cfg) }}
	if mod != nil {
		mod(&sc, cfg)
	}
	c := &cluster{t: t, w: sim.New(sc, specs), cfg: cfg}
	c.waitLeader()
	return c
}

func (c *cluster) srv(id uint64) *Server { return c.w.Member(id).App.(*Server) }

func (c *cluster) waitLeader() uint64 {
	for i := 0; i < 200; i++ {
		if l := c.w.Leader(); l != 0 {
			// let the leader commit its first entry and members publish
			c.run(300 * time.Millisecond)
			if l2 := c.w.Leader(); l2 != 0 {
				return l2
			}
		}
		c.run(100 * time.Millisecond)
	}
	require.NoError(c.t, c.w.Err())
	c.t.Fatal("no leader")
	return 0
}

func (c *cluster) follower() uint64 {
	lead := c.w.Leader()
	for _, id := range c.w.IDs() {
		if id != lead && c.w.Member(id).Up() {
			return id
		}
	}
	return 0
}

// do sends a request to a member's server method rpc and runs the world
// until it is answered or timeout passes (the client's deadline).
func do[Req, Resp any](c *cluster, id uint64, rpc func(*Server, Req, func(Resp, error)), req Req, timeout time.Duration) (resp Resp, err error, answered bool) {
	return doAs(c, id, "", rpc, req, timeout)
}

// doAs is do as the user of token. The handler runs as sim.Call runs it:
// in an event of the member's process (serve).
func doAs[Req, Resp any](c *cluster, id uint64, token string, rpc func(*Server, Req, func(Resp, error)), req Req, timeout time.Duration) (resp Resp, err error, answered bool) {
	s := c.srv(id)
	serve(s, func() {
		s.AsUser(token, func() {
			rpc(s, req, func(r Resp, e error) {
				require.False(c.t, answered, "answered twice")
				resp, err, answered = r, e, true
			})
		})
	})
	deadline := c.w.Now() + timeout
	for !answered && c.w.Now() < deadline && c.w.Err() == nil {
		c.run(5 * time.Millisecond)
	}
	require.NoError(c.t, c.w.Err())
	return resp, err, answered
}

// serve runs a handler at s's member as sim.Call does: after this instant,
// in an event of its process.
func serve(s *Server, handler func()) { s.m.After(0, handler) }

func must[Req, Resp any](c *cluster, id uint64, rpc func(*Server, Req, func(Resp, error)), req Req) Resp {
	resp, err, ok := do(c, id, rpc, req, 5*time.Second)
	require.True(c.t, ok, "no answer to %T at %d", req, id)
	require.NoError(c.t, err)
	return resp
}

func fail[Req, Resp any](c *cluster, id uint64, rpc func(*Server, Req, func(Resp, error)), req Req) error {
	_, err, ok := do(c, id, rpc, req, 5*time.Second)
	require.True(c.t, ok, "no answer to %T at %d", req, id)
	require.Error(c.t, err)
	return err
}

func (c *cluster) put(id uint64, k, v string) *etcdpb.PutResponse {
	return must(c, id, (*Server).Put, &etcdpb.PutRequest{Key: []byte(k), Value: []byte(v)})
}

func (c *cluster) get(id uint64, k string, serializable bool) *etcdpb.RangeResponse {
	return must(c, id, (*Server).Range, &etcdpb.RangeRequest{Key: []byte(k), Serializable: serializable})
}

func value(r *etcdpb.RangeResponse) string {
	if len(r.Kvs) == 0 {
		return ""
	}
	return string(r.Kvs[0].Value)
}

// settle runs until every member that is up has applied the same index.
func (c *cluster) settle() {
	for i := 0; i < 400; i++ {
		c.run(50 * time.Millisecond)
		var idx []uint64
		for _, m := range c.w.Members() {
			if m.Up() {
				idx = append(idx, m.App.(*Server).AppliedIndex())
			}
		}
		same := true
		for _, x := range idx {
			same = same && x == idx[0]
		}
		if same && c.w.Leader() != 0 {
			return
		}
	}
	require.NoError(c.t, c.w.Err())
	c.t.Fatal("members did not converge")
}
