package clientv3

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdctl"
	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
	"github.com/stretchr/testify/require"
)

// procfile is etcd's Procfile cluster: three members on one machine, all on
// loopback, clients on ports 2379, 22379 and 32379.
func procfile(t *testing.T) *etcdconf.Cluster {
	var lines []string
	for i, p := range []string{"", "2", "3"} {
		lines = append(lines, fmt.Sprintf("etcd --name infra%d --listen-client-urls http://127.0.0.1:%s2379 --advertise-client-urls http://127.0.0.1:%s2379 "+
			"--listen-peer-urls http://127.0.0.1:%d2380 --initial-advertise-peer-urls http://127.0.0.1:%d2380 --initial-cluster-token etcd-cluster-1 "+
			"--initial-cluster infra1=http://127.0.0.1:12380,infra2=http://127.0.0.1:22380,infra3=http://127.0.0.1:32380 --initial-cluster-state new",
			i+1, p, p, i+1, i+1))
	}
	ms, err := etcdconf.Parse(lines...)
	require.NoError(t, err)
	cl, err := etcdconf.NewCluster(ms)
	require.NoError(t, err)
	return cl
}

// An endpoint as etcdctl's --endpoints gives it reaches a member by name,
// host:port or URL of its client URLs; 127.0.0.1 and localhost are the
// client's own machine, so they reach only a member running there, on the
// port it listens on.
func TestEndpointResolution(t *testing.T) {
	w, cl := world(t) // node-1..3 on 192.168.0.10..12, listening on 127.0.0.1:2379 too
	endpoint := func(host, ep string) string {
		c := New(Config{World: w, Cluster: cl, Host: host}, Caller{})
		return c.Endpoint(etcdctl.Call{Endpoints: []string{ep}})
	}
	for _, c := range []struct{ host, ep, want string }{
		{"node-2", "node-3", "node-3"},
		{"node-2", "192.168.0.12:2379", "node-3"},
		{"node-2", "http://192.168.0.12:2379", "node-3"},
		{"node-2", "127.0.0.1:2379", "node-2"},
		{"node-2", "localhost:2379", "node-2"},
		{"node-2", "http://127.0.0.1:2379", "node-2"},
		{"node-3", "127.0.0.1:2379", "node-3"},
		{"node-2", "192.168.0.12:2380", ""}, // the peer port
		{"node-2", "127.0.0.1:22379", ""},   // nothing listens there
		{"node-2", "192.168.0.99:2379", ""},
		{"node-2", "node-9", ""},
		// A machine that runs no member (a control-plane node): its
		// loopback reaches none, the members' addresses do.
		{"cp-1", "127.0.0.1:2379", ""},
		{"cp-1", "192.168.0.10:2379", "node-1"},
	} {
		require.Equal(t, c.want, endpoint(c.host, c.ep), "%s on %s", c.ep, c.host)
	}

	// Every member on one machine: the port tells them apart.
	w, cl = worldOf(t, procfile(t))
	for ep, want := range map[string]string{
		"127.0.0.1:2379": "infra1", "127.0.0.1:22379": "infra2", "http://127.0.0.1:32379": "infra3",
		"localhost:22379": "infra2", "infra3": "infra3", "127.0.0.1:42379": "",
	} {
		for _, host := range []string{"infra1", "infra3"} {
			require.Equal(t, want, endpoint(host, ep), "%s on %s", ep, host)
		}
	}
}

// clientv3's balancer sends a request to the first endpoint it can connect
// to: one whose member is down (connection refused) or cut off from the
// client's machine (i/o timeout) is skipped.
func TestBalancerPicksFirstReadyEndpoint(t *testing.T) {
	w, cl := worldOf(t, etcdconf.DefaultN(5))
	id := func(name string) uint64 { return cl.Member(name).ID }
	w.Kill(id("node-2"))
	w.Net().Partition([][]uint64{{id("node-1"), id("node-4"), id("node-5")}, {id("node-3")}})
	w.Run(3 * time.Second) // a leader on the majority side
	call := etcdctl.Call{Endpoints: []string{"node-2", "node-3", "node-4", "node-5"}}

	var client *Client
	var resp *pb.PutResponse
	var err error
	start(w, func(wt Caller) {
		client = New(Config{World: w, Cluster: cl, Host: "node-1"}, wt)
		resp, err = client.Put(call, &pb.PutRequest{Key: []byte("k"), Value: []byte("v")})
	})
	require.Equal(t, "node-4", client.Endpoint(call))
	member, _, ok := client.Pending()
	require.True(t, ok)
	require.Equal(t, "node-4", member, "the request went to the first ready endpoint")
	w.Run(2 * time.Second)
	require.NoError(t, err)
	require.NotZero(t, resp.Header.Revision)
	require.Equal(t, id("node-4"), resp.Header.MemberId)

	require.Equal(t, "", client.Endpoint(etcdctl.Call{Endpoints: []string{"node-2", "node-3"}}))
	w.Net().Heal()
	require.Equal(t, "node-3", client.Endpoint(etcdctl.Call{Endpoints: []string{"node-2", "node-3"}}))
}

// With no endpoint ready, a request is retried until the command timeout,
// then fails with etcd's error ("context deadline exceeded", etcdctl's
// Error: line) carrying the last connection error grpc logged, word for
// word as etcdctl 3.5.17 logs it ("transport: Error while dialing: dial
// tcp 127.0.0.1:43379: connect: connection refused" was observed). A
// member that comes back within the timeout gets the request.
func TestRetriesUntilCommandTimeout(t *testing.T) {
	w, cl := world(t)
	id := func(name string) uint64 { return cl.Member(name).ID }
	hist := &History{}
	get := func(call etcdctl.Call) (err *error, done *bool, at *time.Duration) {
		err, done, at = new(error), new(bool), new(time.Duration)
		start(w, func(wt Caller) {
			c := New(Config{World: w, Cluster: cl, Host: "node-1", History: hist}, wt)
			_, *err = c.Range(call, &pb.RangeRequest{Key: []byte("k"), Serializable: true})
			*done, *at = true, w.Now()
		})
		return
	}
	w.Kill(id("node-2"))
	w.Net().Isolate(id("node-3"), w.IDs())
	for _, c := range []struct {
		eps     []string
		timeout time.Duration
		cause   string
	}{
		{[]string{"node-2"}, 2 * time.Second, "transport: Error while dialing: dial tcp 192.168.0.11:2379: connect: connection refused"},
		{[]string{"127.0.0.1:22379"}, 0, "transport: Error while dialing: dial tcp 127.0.0.1:22379: connect: connection refused"},
		{[]string{"node-2", "http://192.168.0.12:2379"}, time.Second, "transport: Error while dialing: dial tcp 192.168.0.12:2379: i/o timeout"},
	} {
		begin := w.Now()
		err, done, at := get(etcdctl.Call{Endpoints: c.eps, Timeout: c.timeout})
		w.Run(timeoutOr(c.timeout) - time.Millisecond)
		require.False(t, *done, "%v: gave up before its timeout", c.eps)
		w.Run(time.Second)
		require.True(t, *done, c.eps)
		require.Equal(t, begin+timeoutOr(c.timeout), *at, "%v: fails at the command timeout", c.eps)
		require.EqualError(t, *err, "context deadline exceeded")
		require.ErrorIs(t, *err, pb.ErrDeadlineExceeded)
		var ce *etcdctl.ConnError
		require.True(t, errors.As(*err, &ce), "%T", *err)
		require.Equal(t, c.cause, ce.Cause)
	}
	ops := hist.Ops()
	require.Len(t, ops, 3)
	for _, op := range ops {
		require.ErrorIs(t, op.Err, pb.ErrDeadlineExceeded)
	}

	// node-2 starts a second into a 5 s timeout: the retried request is
	// answered.
	err, done, _ := get(etcdctl.Call{Endpoints: []string{"node-2"}})
	w.Run(time.Second)
	require.False(t, *done)
	w.Start(id("node-2"))
	w.Run(2 * time.Second)
	require.True(t, *done)
	require.NoError(t, *err)
}

// packetDrops is why each packet the trace kept since the last look was
// lost (Keep on), every record being there.
func packetDrops(t *testing.T, w *sim.World) []sim.DropReason {
	recs, dropped := w.Trace().Kept()
	require.Zero(t, dropped, "every record kept")
	var drops []sim.DropReason
	for _, r := range recs {
		if r.Kind == sim.KindPacketDrop {
			drops = append(drops, r.Drop)
		}
	}
	return drops
}

// A read whose member goes down while it is on the wire sees its
// connection break; it is retried (a read is safe to retry, clientv3's
// isSafeRetryImmutableRPC) while the command timeout lasts and, with the
// member still down, fails then: etcdctl 3.5.17 printed "Error: context
// deadline exceeded" 5 s after such a get began.
func TestBrokenConnectionFailsRead(t *testing.T) {
	w, cl := world(t)
	target := cl.Member("node-3").ID
	w.Trace().Keep()
	w.Trace().Kept() // only what follows
	hist := &History{}
	var err error
	done := false
	begin := w.Now()
	start(w, func(wt Caller) {
		c := New(Config{World: w, Cluster: cl, Host: "node-1", History: hist}, wt)
		_, err = c.Range(etcdctl.Call{Endpoints: []string{"node-3"}}, &pb.RangeRequest{Key: []byte("k")})
		done = true
	})
	w.Kill(target) // the request is on the wire
	w.Run(DefaultTimeout - time.Millisecond)
	require.Contains(t, packetDrops(t, w), sim.DropMemberDown, "the request was lost with its member")
	require.False(t, done, "the read is retried until the command timeout")
	w.Run(time.Second)
	require.True(t, done)
	require.EqualError(t, err, "context deadline exceeded")
	ops := hist.Ops()
	require.Len(t, ops, 1)
	require.Equal(t, begin, ops[0].Call)
	require.Equal(t, begin+DefaultTimeout, ops[0].Return)
	require.ErrorIs(t, ops[0].Err, pb.ErrDeadlineExceeded)
}

// A watch whose member goes down reconnects to the next ready endpoint and
// resumes after the last revision it saw: what was written meanwhile is
// delivered once, nothing seen is delivered again, and etcdctl sees one
// creation.
func TestWatchResumesAfterLastRevision(t *testing.T) {
	w, cl := world(t)
	lead := w.Member(w.Leader()).Name
	var first, second string
	for _, m := range cl.Members {
		switch {
		case m.Name == lead:
		case first == "":
			first = m.Name
		default:
			second = m.Name
		}
	}
	put := func(v string) {
		done := false
		start(w, func(wt Caller) {
			c := New(Config{World: w, Cluster: cl, Host: lead}, wt)
			_, err := c.Put(etcdctl.Call{Endpoints: []string{lead}}, &pb.PutRequest{Key: []byte("k"), Value: []byte(v)})
			require.NoError(t, err)
			done = true
		})
		w.Run(500 * time.Millisecond)
		require.True(t, done, "put %s", v)
	}
	put("v0") // before the watch: not delivered

	var got []string
	var revs []int64
	created := 0
	start(w, func(wt Caller) {
		c := New(Config{World: w, Cluster: cl, Host: lead}, wt)
		wr, err := c.Watch(etcdctl.Call{Endpoints: []string{first, second}}, &pb.WatchCreateRequest{Key: []byte("k")})
		require.NoError(t, err)
		for {
			r, err := wr.Recv()
			if err != nil {
				return
			}
			if r.Created {
				created++
			}
			for _, e := range r.Events {
				got = append(got, string(e.Kv.Value))
				revs = append(revs, e.Kv.ModRevision)
			}
		}
	})
	w.Run(500 * time.Millisecond)
	put("v1")
	put("v2")
	require.Equal(t, []string{"v1", "v2"}, got)

	// The watch's member goes down; v3 and v4 are written before the watch
	// finds its connection broken (it checks every second).
	w.Kill(cl.Member(first).ID)
	put("v3")
	put("v4")
	w.Run(3 * time.Second)
	require.Equal(t, []string{"v1", "v2", "v3", "v4"}, got)
	require.Equal(t, 1, created)
	for i := 1; i < len(revs); i++ {
		require.Equal(t, revs[i-1]+1, revs[i])
	}
	put("v5")
	require.Equal(t, []string{"v1", "v2", "v3", "v4", "v5"}, got, "the resumed stream carries on")
}
