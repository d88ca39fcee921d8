package clientv3

import (
	"iter"
	"runtime"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdctl"
	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/sim"
	"github.com/stretchr/testify/require"
)

// world is the source note's three members, each an etcd server, with a
// leader.
func world(t *testing.T) (*sim.World, *etcdconf.Cluster) {
	return worldOf(t, etcdconf.DefaultN(3))
}

// worldOf runs cl's members, each an etcd server, until they have a leader.
func worldOf(t *testing.T, cl *etcdconf.Cluster) (*sim.World, *etcdconf.Cluster) {
	var specs []sim.MemberSpec
	var infos []etcdserver.MemberInfo
	for _, m := range cl.Members {
		specs = append(specs, sim.MemberSpec{ID: m.ID, Name: m.Name})
		infos = append(infos, etcdserver.MemberInfo{ID: m.ID, Name: m.Name, PeerURLs: m.PeerURLs, ClientURLs: m.ClientURLs})
	}
	cfg := etcdserver.NewClusterConfig(cl.Token, infos)
	w := sim.New(sim.Config{Seed: 1, TickInterval: 100 * time.Millisecond, ElectionTicks: 10, PreVote: true, CheckQuorum: true,
		Latency: 10 * time.Millisecond, NewApp: func(m *sim.Member) sim.App { return etcdserver.New(m, cfg) }}, specs)
	for i := 0; i < 100 && w.Leader() == 0; i++ {
		w.Run(100 * time.Millisecond)
	}
	require.NotZero(t, w.Leader())
	w.Run(time.Second) // members published, the leader's first entry committed
	return w, cl
}

// start runs body as a coroutine, as the console runs each command, until
// it first parks.
func start(w *sim.World, body func(Caller)) {
	var co Caller
	co.Next, _ = iter.Pull(func(yield func(struct{}) bool) {
		co.Yield = yield
		body(co)
	})
	co.Next()
}

// An answer travels back on the connection straight to the client, which
// resumes its caller; the history has the request with its times. A member
// that goes down with a read on the wire resets the connection: the client
// tries the next endpoint. An answer lost on the way (a one-way cut) breaks
// the connection: the request fails at its deadline, outcome unknown.
func TestUnaryAnswerAndBrokenConnection(t *testing.T) {
	w, cl := world(t)
	name := func(id uint64) string { return w.Member(id).Name }
	lead := w.Leader()
	var follower uint64
	for _, id := range w.IDs() {
		if id != lead {
			follower = id
			break
		}
	}
	hist := &History{}
	var client *Client
	type result struct {
		resp *pb.PutResponse
		err  error
		done bool
	}
	put := func(call etcdctl.Call, key string) *result {
		r := &result{}
		start(w, func(wt Caller) {
			client = New(Config{World: w, Cluster: cl, Host: name(lead), History: hist}, wt)
			r.resp, r.err = client.Put(call, &pb.PutRequest{Key: []byte(key), Value: []byte("v")})
			r.done = true
		})
		return r
	}

	r := put(etcdctl.Call{Endpoints: []string{name(follower)}}, "a")
	member, since, ok := client.Pending()
	require.True(t, ok)
	require.Equal(t, name(follower), member)
	require.Equal(t, w.Now(), since)
	w.Run(time.Second)
	require.True(t, r.done)
	require.NoError(t, r.err)
	require.NotZero(t, r.resp.Header.Revision)
	_, _, ok = client.Pending()
	require.False(t, ok, "answered: nothing pending")
	require.Len(t, hist.Ops(), 1)
	op := hist.Ops()[0]
	require.Equal(t, "a", string(op.Req.RequestPut.Key))
	require.Equal(t, r.resp, op.Resp.GetResponsePut())
	require.Less(t, op.Call, op.Return)

	// The follower goes down with a read on the wire: the client tries
	// the next endpoint (clientv3 retries immutable RPCs on Unavailable).
	var got *pb.RangeResponse
	var err error
	done := false
	start(w, func(wt Caller) {
		client = New(Config{World: w, Cluster: cl, Host: name(lead), History: hist}, wt)
		got, err = client.Range(etcdctl.Call{Endpoints: []string{name(follower), name(lead)}}, &pb.RangeRequest{Key: []byte("a")})
		done = true
	})
	w.Kill(follower)
	w.Run(time.Second)
	require.True(t, done)
	require.NoError(t, err)
	require.Equal(t, "v", string(got.Kvs[0].Value))
	w.Start(follower)
	w.Run(2 * time.Second)

	// The answer is lost on the way back (a one-way cut once the request
	// left): the connection breaks, and the request fails at its
	// deadline.
	w.Trace().Keep()
	w.Trace().Kept() // only what follows
	done = false
	start(w, func(wt Caller) {
		client = New(Config{World: w, Cluster: cl, Host: name(lead), History: hist}, wt)
		_, err = client.Range(etcdctl.Call{Endpoints: []string{name(follower)}, Timeout: time.Second},
			&pb.RangeRequest{Key: []byte("a"), Serializable: true})
		done = true
	})
	w.Run(time.Millisecond)
	w.Net().Cut(follower, lead)
	w.Run(500 * time.Millisecond)
	require.Equal(t, []sim.DropReason{sim.DropPartition}, packetDrops(t, w), "the answer was lost")
	require.False(t, done, "the client waits for its deadline")
	w.Run(time.Second)
	require.True(t, done)
	require.ErrorIs(t, err, pb.ErrDeadlineExceeded)
	ops := hist.Ops()
	require.Len(t, ops, 3)
	require.ErrorIs(t, ops[2].Err, pb.ErrDeadlineExceeded)
	require.Equal(t, time.Second, ops[2].Return-ops[2].Call)
}

// The history keeps its first requests up to its bounds (requests, bytes
// of keys and values) and counts the rest.
func TestHistoryBounds(t *testing.T) {
	var h History
	big := &pb.RequestOp{RequestPut: &pb.PutRequest{Key: []byte("k"), Value: make([]byte, 1<<20)}}
	for i := 0; i < MaxHistoryBytes>>20+3; i++ {
		h.Append(Op{Req: big, Resp: &pb.ResponseOp{}, Call: time.Duration(i), Return: time.Duration(i + 1)})
	}
	require.Less(t, len(h.Ops()), MaxHistoryBytes>>20)
	require.LessOrEqual(t, h.Bytes(), MaxHistoryBytes)
	require.Equal(t, MaxHistoryBytes>>20+3, len(h.Ops())+h.Dropped())
	require.Equal(t, time.Duration(0), h.Ops()[0].Call, "the first requests are kept")

	var small History
	get := &pb.RequestOp{RequestRange: &pb.RangeRequest{Key: []byte("k")}}
	resp := &pb.ResponseOp{Response: &pb.ResponseOp_ResponseRange{ResponseRange: &pb.RangeResponse{
		Kvs: []*pb.KeyValue{{Key: []byte("k"), Value: []byte("value")}}}}}
	for i := 0; i < MaxHistory+7; i++ {
		small.Append(Op{Req: get, Resp: resp})
	}
	require.Len(t, small.Ops(), MaxHistory)
	require.Equal(t, 7, small.Dropped())
	require.Equal(t, MaxHistory*(64+1+1+5), small.Bytes(), "keys and values of the request and the answer")
}

// A plain put is kept as an entry without pointers (its key and value
// copied, its answer's header): Ops gives back what was appended, in order
// among the ops kept as they came (puts with options, errors, other
// requests), and the caller's buffers may change afterwards.
func TestHistoryKeepsPlainPuts(t *testing.T) {
	hdr := &pb.ResponseHeader{ClusterId: 1, MemberId: 2, Revision: 3, RaftTerm: 4}
	put := func(key, value []byte, lease int64) *pb.RequestOp {
		return &pb.RequestOp{RequestPut: &pb.PutRequest{Key: key, Value: value, Lease: lease}}
	}
	answer := func(h *pb.ResponseHeader, prev *pb.KeyValue) *pb.ResponseOp {
		return &pb.ResponseOp{Response: &pb.ResponseOp_ResponsePut{ResponsePut: &pb.PutResponse{Header: h, PrevKv: prev}}}
	}
	key, big := []byte("k1"), make([]byte, arenaChunk+10)
	want := []Op{
		{Req: put(key, []byte("v"), 0), Resp: answer(hdr, nil), Call: 1, Return: 2},
		{Req: put([]byte("k2"), []byte{}, 0), Resp: answer(nil, nil), Call: 2, Return: 3},
		{Req: put(nil, nil, 0), Resp: answer(hdr, nil), Call: 3, Return: 4},
		{Req: put([]byte("k3"), []byte("v"), 7), Resp: answer(hdr, nil), Call: 4, Return: 5},
		{Req: put([]byte("k4"), []byte("v"), 0), Resp: answer(hdr, &pb.KeyValue{Key: []byte("k4")}), Call: 5, Return: 6},
		{Req: put([]byte("k5"), []byte("v"), 0), Resp: &pb.ResponseOp{Response: &pb.ResponseOp_ResponsePut{}}, Err: pb.ErrDeadlineExceeded, Call: 6, Return: 7},
		{Req: &pb.RequestOp{RequestRange: &pb.RangeRequest{Key: []byte("k1")}}, Resp: &pb.ResponseOp{}, Call: 7, Return: 8},
		{Req: put([]byte("k6"), big, 0), Resp: answer(hdr, nil), Call: 8, Return: 9},
		{Req: put([]byte("k7"), []byte("w"), 0), Resp: answer(hdr, nil), Call: 9, Return: 10},
	}
	var h History
	for _, op := range want {
		h.Append(op)
	}
	key[0] = 'x' // the caller's buffer, reused
	want[0].Req = put([]byte("k1"), []byte("v"), 0)
	require.Equal(t, want, h.Ops())
	require.Equal(t, len(want), h.Len())
	require.Len(t, h.boxed, 4, "options, a previous key-value, an error and a range are kept as they came")
}

// A member that crashes while it serves a request (a put waiting for a
// quorum that is gone) closes the client's connection: the client hears it
// one link latency later. A put (mutable, clientv3's nonRepeatable policy)
// then fails at once with gRPC's Unavailable, without trying the next
// endpoint; a read (repeatable) is tried again on the next endpoint, and
// the failed attempt is reported to Call.Retried. As etcdctl 3.5.17 does
// (observed: `Error: rpc error: code = Unavailable desc = error reading
// from server: EOF` at once for put; get retried until its deadline).
func TestBrokenConnectionFailsMutableRetriesImmutable(t *testing.T) {
	w, cl := world(t)
	name := func(id uint64) string { return w.Member(id).Name }
	lead := w.Leader()
	var followers []uint64
	for _, id := range w.IDs() {
		if id != lead {
			followers = append(followers, id)
		}
	}
	// Without a quorum the leader holds writes and linearizable reads.
	w.Kill(followers[0])
	w.Kill(followers[1])
	w.Run(500 * time.Millisecond)
	hist := &History{}
	run := func(body func(*Client)) *bool {
		done := new(bool)
		start(w, func(co Caller) {
			body(New(Config{World: w, Cluster: cl, Host: name(followers[0]), History: hist}, co))
			*done = true
		})
		return done
	}
	eps := []string{name(lead), name(followers[0])}

	var putErr error
	var retried []error
	done := run(func(c *Client) {
		_, putErr = c.Put(etcdctl.Call{Endpoints: eps, Retried: func(_ etcdctl.Call, err error) { retried = append(retried, err) }},
			&pb.PutRequest{Key: []byte("k"), Value: []byte("v")})
	})
	w.Run(1500 * time.Millisecond)
	require.False(t, *done, "the put waits at the leader for a quorum")
	killed := w.Now()
	w.Kill(lead)
	w.Run(9 * time.Millisecond)
	require.False(t, *done, "the close travels one link latency (10ms)")
	w.Run(time.Millisecond)
	require.True(t, *done)
	require.ErrorIs(t, putErr, ErrConnectionEOF)
	require.Equal(t, "rpc error: code = Unavailable desc = error reading from server: EOF", putErr.Error())
	require.Empty(t, retried, "a put is not tried again")
	require.Len(t, hist.Ops(), 1)
	require.Equal(t, killed+10*time.Millisecond, hist.Ops()[0].Return)
	require.ErrorIs(t, hist.Ops()[0].Err, ErrConnectionEOF)

	// The same for a read: tried again (the next endpoint is down too),
	// until its deadline.
	w.Start(lead)
	w.Run(2 * time.Second)
	var getErr error
	sent := w.Now()
	done = run(func(c *Client) {
		_, getErr = c.Range(etcdctl.Call{Endpoints: eps, Retried: func(_ etcdctl.Call, err error) { retried = append(retried, err) }},
			&pb.RangeRequest{Key: []byte("k")})
	})
	w.Run(1500 * time.Millisecond)
	require.False(t, *done)
	w.Kill(lead)
	w.Run(10 * time.Millisecond)
	require.False(t, *done, "a read is tried again")
	require.Equal(t, []error{ErrConnectionEOF}, retried)
	w.Run(DefaultTimeout)
	require.True(t, *done)
	require.ErrorIs(t, getErr, pb.ErrDeadlineExceeded)
	require.Equal(t, sent+DefaultTimeout, hist.Ops()[1].Return)
}

// A call without a deadline (etcdctl.NoTimeout: snapshot save without
// --command-timeout) waits for a ready endpoint for as long as it takes,
// and is answered once its member is back.
func TestNoTimeoutWaits(t *testing.T) {
	w, cl := world(t)
	id := w.IDs()[0]
	w.Kill(id)
	var resp *pb.SnapshotResponse
	var err error
	done := false
	start(w, func(co Caller) {
		c := New(Config{World: w, Cluster: cl, Host: w.Member(id).Name}, co)
		resp, err = c.Snapshot(etcdctl.Call{Endpoints: []string{w.Member(id).Name}, Timeout: etcdctl.NoTimeout}, &pb.SnapshotRequest{})
		done = true
	})
	w.Run(time.Minute)
	require.False(t, done, "no deadline")
	w.Start(id)
	w.Run(time.Second)
	require.True(t, done)
	require.NoError(t, err)
	require.NotEmpty(t, resp.Data)
}

// A put's request lent by the Answers (PutSpace) is lent again only once
// nothing can refer to it: after an answered put that the history kept as
// a copy. A put whose call ended before its request was served (the
// request arrives after the deadline and is served then), and one the
// history keeps itself (a put with an option), keep theirs: the next put
// gets a new one, and the late request writes its own key. It fails with
// a request lent again after any put (the late put would write the next
// one's key, the history's op would change).
func TestPutSpaceLentOnceFree(t *testing.T) {
	w, cl := world(t)
	lead := w.Member(w.Leader()).Name
	hist := &History{}
	answers := &Answers{}
	call := etcdctl.Call{Endpoints: []string{lead}}
	put := func(call etcdctl.Call, key, value string, prevKV bool) (r *pb.PutRequest, err error) {
		done := false
		start(w, func(co Caller) {
			c := New(Config{World: w, Cluster: cl, Host: lead, History: hist, Answers: answers}, co)
			var b []byte
			r, b = c.PutSpace(len(key) + len(value))
			copy(b, key)
			copy(b[len(key):], value)
			*r = pb.PutRequest{Key: b[:len(key)], Value: b[len(key):], PrevKv: prevKV}
			_, err = c.Put(call, r)
			done = true
		})
		for i := 0; i < 1000 && !done; i++ {
			w.Run(time.Millisecond)
		}
		require.True(t, done)
		return r, err
	}
	get := func(key string) string {
		var resp *pb.RangeResponse
		start(w, func(co Caller) {
			resp, _ = New(Config{World: w, Cluster: cl, Host: lead}, co).Range(call, &pb.RangeRequest{Key: []byte(key)})
		})
		w.Run(time.Second)
		require.NotNil(t, resp)
		if len(resp.Kvs) == 0 {
			return ""
		}
		return string(resp.Kvs[0].Value)
	}

	first, err := put(call, "a", "1", false)
	require.NoError(t, err)
	again, err := put(call, "b", "2", false)
	require.NoError(t, err)
	if runtime.GOOS != "js" { // (the page lends nothing: Client.Put)
		require.Same(t, first, again, "answered and copied by the history: lent again")
	}

	// Served after its call's deadline: the request stays its own.
	short := call
	short.Timeout = w.Net().Latency / 2
	late, err := put(short, "c", "3", false)
	require.ErrorIs(t, err, pb.ErrDeadlineExceeded)
	require.True(t, answers.Stale())
	next, err := put(call, "d", "4", false) // sent before c's request is served
	require.NoError(t, err)
	require.Equal(t, "3", get("c"), "the late request wrote its own key")
	require.Equal(t, "4", get("d"))
	require.Equal(t, "c", string(late.Key))
	require.NotSame(t, late, next)

	// Kept by the history as it came (an option): never lent again.
	kept, err := put(call, "e", "5", true)
	require.NoError(t, err)
	after, err := put(call, "f", "6", false)
	require.NoError(t, err)
	var keys []string
	for _, op := range hist.Ops() {
		keys = append(keys, string(op.Req.RequestPut.Key)+"="+string(op.Req.RequestPut.Value))
	}
	require.Equal(t, []string{"a=1", "b=2", "c=3", "d=4", "e=5", "f=6"}, keys)
	require.NotSame(t, kept, after)
}
