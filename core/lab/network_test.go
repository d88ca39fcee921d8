package lab_test

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// One network: a client's request and its answer travel the simulated
// network as typed packets on the client's connection, observable as
// events, in order.
func TestClientRequestTravelsTheNetwork(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 5})
	l.Exec("wait leader")
	var rec recorder
	l.Observe(rec.add)
	r := l.Exec("etcdctl --endpoints=node-2 put k v") // from node-1, the console's host
	require.Equal(t, 0, r.Exit, r.Stderr)

	var seq []string
	for _, e := range rec.evs {
		if e.Method == "Put" && e.Conn == lab.ConnClient {
			dir := "request"
			if e.Reply {
				dir = "reply"
			}
			seq = append(seq, e.Kind.String()+" "+dir+" "+e.Member+"->"+e.Peer)
		}
	}
	require.Equal(t, []string{
		"packet-send request node-1->node-2", "packet-deliver request node-1->node-2",
		"packet-send reply node-2->node-1", "packet-deliver reply node-2->node-1",
	}, seq)
	send, _ := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventPacketSend && e.Method == "Put" && !e.Reply })
	deliver, _ := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventPacketDeliver && e.Method == "Put" && !e.Reply })
	require.Equal(t, lab.DefaultLatency, deliver.At-send.At, "one hop of link latency")
	require.Equal(t, send.MsgID, deliver.MsgID)
}

// A packet the network loses breaks its connection: the client waits
// until its deadline and fails as etcdctl does; the next command dials a
// new connection and succeeds.
func TestLostRequestBreaksTheConnection(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 5})
	l.Exec("wait leader")
	var rec recorder
	l.Observe(rec.add)
	c := l.Submit("etcdctl --endpoints=node-2 --command-timeout=2s put k v")
	l.Run(time.Millisecond) // the request is on the wire
	l.Exec("partition node-1 node-2,node-3")
	l.Run(20 * time.Millisecond) // it arrives while the link is cut
	l.Exec("heal")
	l.Run(3 * time.Second)
	require.True(t, c.Done())
	require.Equal(t, 1, c.Result().Exit)
	require.Contains(t, c.Result().Stderr, "context deadline exceeded")
	drop, ok := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventPacketDrop && e.Method == "Put" })
	require.True(t, ok, "the request was lost")
	require.Equal(t, lab.ReasonPartition, drop.Reason)
	require.Zero(t, rec.count(func(e lab.Event) bool { return e.Kind == lab.EventPacketDeliver && e.Method == "Put" }))

	r := l.Exec("etcdctl --endpoints=node-2 put k v2")
	require.Equal(t, 0, r.Exit, r.Stderr)
	next, _ := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventPacketDeliver && e.Method == "Put" })
	require.NotEqual(t, drop.ConnID, next.ConnID, "a new connection")
}

// On one connection packets arrive in the order sent and never twice,
// however much the links reorder and duplicate: a watch stream over a
// jittery, duplicating network delivers every event once, in order.
func TestConnectionIsOrderedAndNeverDuplicates(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 9})
	l.Exec("wait leader")
	l.Exec("latency 5ms 40ms")
	l.Exec("dup 0.5")
	var rec recorder
	l.Observe(rec.add)
	w := l.Submit("etcdctl --endpoints=node-3 watch --prefix w")
	for i := 0; i < 20; i++ {
		l.Submit("etcdctl --endpoints=node-2 put w" + string(rune('a'+i)) + " x")
		l.Run(3 * time.Millisecond)
	}
	l.Run(3 * time.Second)
	w.Cancel()
	out := w.Result().Stdout
	for i := 0; i < 20; i++ {
		require.Contains(t, out, "PUT\nw"+string(rune('a'+i))+"\nx\n")
	}
	last := map[[2]uint64]uint64{} // (conn, direction) -> last delivered message
	seen := map[uint64]bool{}
	for _, e := range rec.evs {
		if e.Kind != lab.EventPacketDeliver {
			continue
		}
		require.False(t, seen[e.MsgID], "delivered twice: %+v", e)
		seen[e.MsgID] = true
		k := [2]uint64{e.ConnID, map[bool]uint64{false: 0, true: 1}[e.Reply]}
		require.Greater(t, e.MsgID, last[k], "reordered on connection %d", e.ConnID)
		last[k] = e.MsgID
	}
	require.NotEmpty(t, seen)
}

// A follower passes a lease keep-alive to its leader over its peer
// connection.
func TestForwardTravelsThePeerConnection(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 5})
	lead := runUntilLeader(t, l, 3*time.Second)
	follower := "node-1"
	if lead == follower {
		follower = "node-2"
	}
	r := l.Exec("etcdctl --endpoints=" + follower + " lease grant 60")
	require.Equal(t, 0, r.Exit, r.Stderr)
	id := r.Stdout[len("lease ") : len("lease ")+16]
	var rec recorder
	l.Observe(rec.add)
	r = l.Exec("etcdctl --endpoints=" + follower + " lease keep-alive --once " + id)
	require.Equal(t, 0, r.Exit, r.Stderr)
	fwd, ok := rec.find(func(e lab.Event) bool {
		return e.Kind == lab.EventPacketDeliver && e.Conn == lab.ConnPeer && e.Method == "LeaseKeepAlive" && !e.Reply
	})
	require.True(t, ok, "forwarded")
	require.Equal(t, follower, fwd.Member)
	require.Equal(t, lead, fwd.Peer)
	require.Equal(t, lab.TrafficForward, fwd.Traffic)
	ans, ok := rec.find(func(e lab.Event) bool {
		return e.Kind == lab.EventPacketSend && e.Conn == lab.ConnPeer && e.Method == "LeaseKeepAlive" && e.Reply
	})
	require.True(t, ok, "answered")
	require.Equal(t, lab.TrafficForwardAnswer, ans.Traffic)
	require.Equal(t, lead, ans.Member)
}

// Every message and packet says what it carries (Event.Traffic): a put at
// a follower is a client's request and answer, and the proposal the
// follower forwards; a get there is Raft's read index forwarding and its
// answer; a follower restarted after its missing entries were compacted
// away gets the leader's snapshot; heartbeats and appends are Raft's own.
func TestTrafficSaysWhatAMessageCarries(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 5, SnapshotCount: 4, CatchUpEntries: 1})
	lead := runUntilLeader(t, l, 3*time.Second)
	var followers []string
	for _, n := range l.Names() {
		if n != lead {
			followers = append(followers, n)
		}
	}
	var rec recorder
	l.Observe(rec.add)
	at := func(m, cmd string) string { return "etcdctl --endpoints=" + m + " " + cmd }
	for _, line := range []string{at(followers[0], "put k v"), at(followers[0], "get k"), "kill " + followers[1],
		at(lead, "put a 1"), at(lead, "put b 2"), at(lead, "put c 3"), at(lead, "put d 4"), at(lead, "put e 5"),
		"start " + followers[1], "wait 1s"} {
		r := l.Exec(line)
		require.Equal(t, 0, r.Exit, "%s: %s", line, r.Stderr)
	}
	got := map[string]bool{}
	for _, e := range rec.evs {
		if e.Kind == lab.EventSend || e.Kind == lab.EventPacketSend {
			what := e.Msg.String()
			if e.Method != "" {
				what = e.Method
			}
			got[e.Traffic.String()+" "+what+" "+e.Member+"->"+e.Peer] = true
		}
		require.Equal(t, e.Kind == lab.EventSend || e.Kind == lab.EventDeliver || e.Kind == lab.EventDrop ||
			e.Kind == lab.EventPacketSend || e.Kind == lab.EventPacketDeliver || e.Kind == lab.EventPacketDrop, e.Traffic != 0, "%+v", e)
	}
	host := l.Host()
	for _, want := range []string{
		"client Put " + host + "->" + followers[0], "client-answer Put " + followers[0] + "->" + host,
		"forward MsgProp " + followers[0] + "->" + lead,
		"forward MsgReadIndex " + followers[0] + "->" + lead, "forward-answer MsgReadIndexResp " + lead + "->" + followers[0],
		"snapshot MsgSnap " + lead + "->" + followers[1],
		"raft MsgHeartbeat " + lead + "->" + followers[0], "raft MsgApp " + lead + "->" + followers[0],
	} {
		require.True(t, got[want], "no %q among %v", want, got)
	}
}
