package etcdserver

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
	"github.com/stretchr/testify/require"
)

// sim.Call carries a request over a client connection to the member, which
// serves it (the RPC's member end, e.g. PutRPC), and its answer back on the
// same connection, both as traced packets; a request with no reply gets no
// answer packet; a broken connection sends nothing. A watch stream
// (sim.OpenStream, OpenWatch) sends each response back until it is closed.
func TestServe(t *testing.T) {
	c := newCluster(t, 3, 1, nil)
	lead := c.w.Leader()
	c.w.Trace().Keep()
	c.w.Trace().Kept() // only what follows
	// packets are the methods of the packets sent since the last look.
	packets := func() (sent []string) {
		recs, dropped := c.w.Trace().Kept()
		require.Zero(t, dropped, "every record kept")
		for _, r := range recs {
			if r.Kind == sim.KindPacketSend {
				sent = append(sent, r.Method)
			}
		}
		return sent
	}
	conn := c.w.Dial(sim.ConnClient, sim.Outside, lead)
	var resp *etcdpb.PutResponse
	sent := sim.CallAny(conn, "Put", "", PutRPC.Serve, &etcdpb.PutRequest{Key: []byte("k"), Value: []byte("v")},
		sim.AnswerFunc(func(r any, err error) {
			require.NoError(t, err)
			resp = r.(*etcdpb.PutResponse)
		}))
	require.True(t, sent)
	var events []*etcdpb.WatchResponse
	st := sim.OpenStream(conn, "Watch", "", OpenWatch, &etcdpb.WatchCreateRequest{Key: []byte("w")},
		func(r *etcdpb.WatchResponse) { events = append(events, r) })
	c.w.Run(time.Second)
	require.NotNil(t, resp, "the answer came back")
	require.Equal(t, "v", value(c.get(lead, "k", true)))
	require.Equal(t, []string{"Put", "Watch", "Watch", "Put"}, packets(), "two requests, then the watch created and the put answered")

	require.True(t, sim.CallAny(conn, "Put", "", PutRPC.Serve, &etcdpb.PutRequest{Key: []byte("w"), Value: []byte("x")}, nil))
	c.w.Run(time.Second)
	require.Equal(t, []string{"Put", "Watch"}, packets(), "no answer to a request nobody waits on; the watch saw the put")
	require.Len(t, events, 2)
	require.Equal(t, "x", string(events[1].Events[0].Kv.Value))

	st.Close()
	require.True(t, sim.CallAny(conn, "Put", "", PutRPC.Serve, &etcdpb.PutRequest{Key: []byte("w"), Value: []byte("y")}, nil))
	c.w.Run(time.Second)
	require.Equal(t, []string{"WatchCancel", "Put"}, packets(), "the stream is canceled at the server")
	require.Len(t, events, 2)

	// A stream closed before its request arrived is canceled there.
	events = nil
	st = sim.OpenStream(conn, "Watch", "", OpenWatch, &etcdpb.WatchCreateRequest{Key: []byte("w")},
		func(r *etcdpb.WatchResponse) { events = append(events, r) })
	st.Close()
	require.True(t, sim.CallAny(conn, "Put", "", PutRPC.Serve, &etcdpb.PutRequest{Key: []byte("w"), Value: []byte("z")}, nil))
	c.w.Run(time.Second)
	require.Equal(t, []string{"Watch", "Put"}, packets(), "no cancel sent, no response")
	require.Empty(t, events)

	c.w.Kill(lead)
	require.False(t, sim.CallAny(conn, "Put", "", PutRPC.Serve, &etcdpb.PutRequest{Key: []byte("k")}, nil), "nothing is sent on a broken connection")
}

// newOp hands out ops from blocks allocated together: each new and zero,
// never one handed out before.
func TestNewOpIsNew(t *testing.T) {
	s := &Server{}
	seen := map[*op]bool{}
	for i := 0; i < 3*opBlock+1; i++ {
		o := s.newOp()
		require.False(t, seen[o], "op %d handed out twice", i)
		require.Equal(t, op{}, *o)
		seen[o] = true
		o.id, o.answered = uint64(i+1), true // used, as a request does
	}
}

// The newest waiting proposal is kept apart from the map of the others:
// every waiter is found once, in any order of applying, and no other.
func TestWaiters(t *testing.T) {
	s := &Server{waiters: map[uint64]*op{}}
	ops := map[uint64]*op{}
	for _, id := range []uint64{7, 3, 9, 4} {
		ops[id] = &op{id: id}
		s.wait(ops[id])
	}
	for _, id := range []uint64{3, 4, 5, 9, 4, 7, 7} {
		want := ops[id]
		delete(ops, id)
		require.Same(t, want, s.takeWaiter(id), "request %d", id)
	}
	s.wait(&op{id: 1})
	s.wait(&op{id: 2})
	require.Equal(t, uint64(1), s.takeWaiter(1).id)
	require.Nil(t, s.takeWaiter(1))
	require.Equal(t, uint64(2), s.takeWaiter(2).id)
	require.Nil(t, s.waiting)
	require.Empty(t, s.waiters)
}
