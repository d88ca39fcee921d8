package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// breakFunc is a function as a Breaker.
type breakFunc func(DropReason)

func (f breakFunc) Broke(d DropReason) { f(d) }

func connWorld(t *testing.T) *World {
	t.Helper()
	w := newTestWorld(3, 7)
	w.Run(3 * time.Second)
	require.NotZero(t, w.Leader())
	return w
}

// On one connection messages arrive in the order sent, once, however the
// links' jitter would reorder them.
func TestConnInOrderOnce(t *testing.T) {
	w := connWorld(t)
	w.Net().Jitter = 50 * time.Millisecond
	w.Net().DupRate = 0.9
	c := w.Dial(ConnPeer, 1, 2)
	var got []int
	for i := 0; i < 30; i++ {
		require.True(t, c.Request("m", func() { got = append(got, i) }))
	}
	w.Run(time.Second)
	require.Len(t, got, 30)
	for i, v := range got {
		require.Equal(t, i, v)
	}
}

// A lost message breaks the connection: what follows it is dropped too,
// the dialer learns why, and nothing more can be sent.
func TestConnLossBreaks(t *testing.T) {
	w := connWorld(t)
	c := w.Dial(ConnClient, 1, 2)
	var why DropReason
	c.OnBreak(breakFunc(func(d DropReason) { why = d }))
	delivered := 0
	c.Request("a", func() { delivered++ })
	w.Net().Partition([][]uint64{{1}, {2, 3}})
	c.Request("b", func() { delivered++ })
	w.Net().Heal()
	c.Request("c", func() { delivered++ })
	w.Run(time.Second)
	require.Equal(t, 1, delivered, "only what was sent before the loss")
	require.Equal(t, DropPartition, why)
	require.True(t, c.Broken())
	require.False(t, c.Request("d", func() { delivered++ }))
}

// A receiver that crashes resets the connection (the dialer is told it is
// down); what a process sent before it died still arrives.
func TestConnMemberDown(t *testing.T) {
	w := connWorld(t)
	c := w.Dial(ConnClient, 1, 2)
	var why DropReason
	c.OnBreak(breakFunc(func(d DropReason) { why = d }))
	arrived := false
	c.Request("req", func() {
		c.Reply("resp", func() { arrived = true })
		w.Kill(2) // the server dies right after answering
	})
	w.Run(time.Second)
	require.True(t, arrived, "the answer was on the wire")

	// A request on its way to a member that crashes is reset.
	w.Start(2)
	c2 := w.Dial(ConnClient, 1, 2)
	c2.OnBreak(breakFunc(func(d DropReason) { why = d }))
	served := false
	require.True(t, c2.Request("req", func() { served = true }))
	w.Kill(2)
	w.Run(time.Second)
	require.False(t, served)
	require.Equal(t, DropMemberDown, why)
	require.True(t, c2.Broken())
	require.False(t, c2.Request("again", func() {}), "nothing is sent on a broken connection")
}

// Loopback and machines outside the members' network are in no partition,
// and loopback is never lost.
func TestConnLoopbackAndOutside(t *testing.T) {
	w := connWorld(t)
	w.Net().Partition([][]uint64{{1}, {2}, {3}})
	w.Net().DropRate = 1
	n := 0
	w.Dial(ConnClient, 1, 1).Request("local", func() { n++ })
	w.Run(time.Second)
	require.Equal(t, 1, n)
	w.Net().DropRate = 0
	w.Dial(ConnClient, Outside, 3).Request("outside", func() { n++ })
	w.Run(time.Second)
	require.Equal(t, 2, n)
}

// A member that crashes while a dialer waits on its connection (a request
// it was serving) closes it: the dialer hears DropMemberDown one link
// latency later, after the answer the member sent before (TCP's order), and
// not at all across a partition. A connection nobody waits on any more
// (OnBreak(nil)) is forgotten by the member.
func TestConnCrashCloses(t *testing.T) {
	w := connWorld(t)
	lat := w.Net().Latency
	var heard []string
	wait := func(c *Conn, name string) {
		c.OnBreak(breakFunc(func(d DropReason) { heard = append(heard, name+" "+d.String()) }))
	}
	held := w.Dial(ConnClient, 1, 2)
	wait(held, "held")
	require.True(t, held.Request("req", func() {})) // served, never answered
	answered := w.Dial(ConnClient, 1, 2)
	wait(answered, "answered")
	answered.Request("req", func() { answered.Reply("resp", func() { heard = append(heard, "answer") }) })
	done := w.Dial(ConnClient, 1, 2)
	wait(done, "done")
	done.OnBreak(nil)
	cut := w.Dial(ConnClient, 3, 2)
	wait(cut, "cut")
	require.Len(t, w.member(2).waited, 3)
	w.Run(lat + lat/2) // the requests arrived; the answer is on its way
	w.Net().Partition([][]uint64{{3}, {1, 2}})
	w.Kill(2)
	require.Empty(t, w.member(2).waited)
	require.True(t, held.Broken())
	w.Run(lat - 1)
	require.Equal(t, []string{"answer"}, heard)
	w.Run(1)
	require.Equal(t, []string{"answer", "held member-down", "answered member-down"}, heard)
	w.Run(time.Second)
	require.Len(t, heard, 3, "cut's close was lost in the partition, done's never sent")

	// An answer ends the dialer's wait.
	w.Net().Heal()
	w.Start(2)
	c := w.Dial(ConnClient, 1, 2)
	wait(c, "c")
	var answer string
	echo := func(_ App, _ string, req string, reply Reply) {
		out := w.member(2).Outbox
		out.Answers = append(out.Answers, Answer{To: reply, Resp: req})
	}
	Call(c, "Echo", "", echo, "hi", AnswerFunc(func(r any, _ error) { answer = r.(string) }))
	require.Len(t, w.member(2).waited, 1)
	w.Run(time.Second)
	require.Equal(t, "hi", answer)
	require.Empty(t, w.member(2).waited)
}

// An app's answers to Calls, left in its member's outbox, are queued
// where a timer the app set at that moment would be: before what the app
// (or the world) queues after them, so an answer given before the app
// sets a timer of its own leaves before that timer runs, and one given
// after it leaves after.
func TestAnswersKeepTheirPlace(t *testing.T) {
	w := connWorld(t)
	m := w.member(2)
	var replies []Reply
	hold := func(_ App, _ string, _ string, r Reply) { replies = append(replies, r) }
	var got []string
	for _, name := range []string{"first", "second"} {
		Call(w.Dial(ConnClient, Outside, 2), name, "", hold, name, AnswerFunc(func(r any, _ error) { got = append(got, r.(string)) }))
	}
	w.Run(time.Second)
	require.Len(t, replies, 2, "both served, neither answered")
	w.Trace().Keep()
	w.Trace().Kept()
	answersSent := func() (n int) {
		recs, _ := w.Trace().Kept()
		for _, r := range recs {
			if r.Kind == KindPacketSend && r.Reply {
				n++
			}
		}
		return n
	}
	var sentBefore []int
	m.After(0, func() {
		m.Outbox.Answers = append(m.Outbox.Answers, Answer{To: replies[0], Resp: "first"})
		m.After(0, func() { sentBefore = append(sentBefore, answersSent()) })
		m.Outbox.Answers = append(m.Outbox.Answers, Answer{To: replies[1], Resp: "second"})
	})
	steps := w.Steps()
	w.Run(time.Millisecond)
	require.Equal(t, []int{1}, sentBefore, "the first answer left before the app's timer ran, the second after")
	require.Equal(t, 1, answersSent())
	require.Equal(t, uint64(4), w.Steps()-steps, "the app's timer, each answer's own, the app's second timer")
	w.Run(time.Second)
	require.Equal(t, []string{"first", "second"}, got)

	// An answer whose process ended before its turn is not sent.
	replies = nil
	Call(w.Dial(ConnClient, Outside, 2), "third", "", hold, "third", AnswerFunc(func(r any, _ error) { got = append(got, r.(string)) }))
	w.Run(time.Second)
	require.Len(t, replies, 1)
	m.Outbox.Answers = append(m.Outbox.Answers, Answer{To: replies[0], Resp: "third"})
	w.Kill(2)
	w.Start(2)
	w.Run(time.Second)
	require.Equal(t, []string{"first", "second"}, got, "the third's process is gone")
	require.Zero(t, answersSent())
}

// A client connection its dialer released is reused by a later Dial only
// once nothing else can refer to it: every Call on it answered, never
// broken, no stream or bare Request on it, a client's. A member's app
// that holds a Call's Reply past its caller (an answer after the
// deadline) answers the connection it came on, never one dialed after.
func TestConnReleaseReuses(t *testing.T) {
	w := connWorld(t)
	m := w.member(2)
	echo := func(_ App, _ string, req string, reply Reply) {
		m.Outbox.Answers = append(m.Outbox.Answers, Answer{To: reply, Resp: req})
	}
	var held []Reply
	hold := func(_ App, _ string, _ string, reply Reply) { held = append(held, reply) }
	var got []string
	to := func(who string) Answerer {
		return AnswerFunc(func(r any, _ error) { got = append(got, who+":"+r.(string)) })
	}

	// Answered: reused, as a new connection.
	c := w.Dial(ConnClient, 1, 2)
	Call(c, "Echo", "", echo, "a", to("c"))
	w.Run(time.Second)
	require.Equal(t, []string{"c:a"}, got)
	id := c.ID
	c.Release()
	c2 := w.Dial(ConnClient, 3, 2)
	require.Same(t, c, c2, "reused")
	require.Equal(t, id+1, c2.ID, "a new connection's number")
	require.Equal(t, Conn{w: w, ID: id + 1, Kind: ConnClient, A: 3, B: 2, mb: m, incA: c2.incA, incB: c2.incB}, *c2)
	Call(c2, "Echo", "", echo, "b", to("c2"))
	w.Run(time.Second)
	require.Equal(t, []string{"c:a", "c2:b"}, got)

	// Held by the app: not reused, and its late answer reaches its own
	// caller only.
	c2.Release()
	c3 := w.Dial(ConnClient, 1, 2)
	require.Same(t, c2, c3)
	Call(c3, "Hold", "", hold, "x", to("c3"))
	w.Run(time.Second)
	require.Len(t, held, 1)
	c3.Release() // its caller gave up (its deadline passed)
	c4 := w.Dial(ConnClient, 1, 2)
	require.NotSame(t, c3, c4, "a Reply is out on c3")
	Call(c4, "Echo", "", echo, "y", to("c4"))
	m.Outbox.Answers = append(m.Outbox.Answers, Answer{To: held[0], Resp: "late"})
	m.After(0, func() {}) // an event of the member's, which takes its outbox
	w.Run(time.Second)
	require.Equal(t, []string{"c:a", "c2:b", "c3:late", "c4:y"}, got)
	c4.Release()

	// Each of these keeps its connection out of reuse.
	for name, use := range map[string]func(c *Conn){
		"request": func(c *Conn) { c.Request("m", func() {}) },
		"stream": func(c *Conn) {
			OpenStream(c, "Watch", "", func(App, string, string, func(string) bool) func() { return func() {} }, "w", func(string) {})
		},
		"no answerer": func(c *Conn) { Call(c, "Echo", "", echo, "n", nil) },
		"waited on":   func(c *Conn) { c.OnBreak(breakFunc(func(DropReason) {})) },
		"broken": func(c *Conn) {
			w.Net().Partition([][]uint64{{1}, {2, 3}})
			Call(c, "Echo", "", echo, "lost", to("lost"))
			w.Net().Heal()
		},
	} {
		c := w.Dial(ConnClient, 1, 2)
		require.Zero(t, w.nfree)
		use(c)
		w.Run(time.Second)
		c.Release()
		require.Zero(t, w.nfree, name)
	}
	// Closed by its member's crash (closeConns' callback holds it) after
	// the answer left, which still arrives.
	lat := w.Net().Latency
	c5 := w.Dial(ConnClient, 1, 2)
	c5.OnBreak(breakFunc(func(DropReason) {}))
	Call(c5, "Echo", "", echo, "z", to("c5"))
	w.Run(lat + lat/2)
	w.Kill(2)
	w.Run(lat)
	require.Equal(t, []string{"c:a", "c2:b", "c3:late", "c4:y", "c5:z"}, got)
	c5.Release()
	require.Zero(t, w.nfree, "closed")
	w.Start(2)

	peer := w.Dial(ConnPeer, 1, 2)
	peer.Release()
	require.Zero(t, w.nfree, "a peer connection")
}

// callState is a Call's answerer and breaker in one, as a client's call
// state is (clientv3 reuses one for the calls of one command after the
// other).
type callState struct{ got *[]string }

func (s callState) Answered(r any, _ error) { *s.got = append(*s.got, "answer "+r.(string)) }
func (s callState) Broke(d DropReason)      { *s.got = append(*s.got, "broke "+d.String()) }

// A member that crashes after its answer to a Call left closes the
// connection, but the answer arrives first and ends the dialer's wait:
// the close is told to no one (the dialer's call state may already serve
// its next call, which the close would end).
func TestConnCloseAfterAnswer(t *testing.T) {
	w := connWorld(t)
	lat := w.Net().Latency
	m := w.member(2)
	var got []string
	st := callState{&got}
	c := w.Dial(ConnClient, 1, 2)
	c.OnBreak(st)
	Call(c, "Echo", "", func(_ App, _ string, req string, reply Reply) {
		m.Outbox.Answers = append(m.Outbox.Answers, Answer{To: reply, Resp: req})
	}, "a", st)
	w.Run(lat + lat/2) // the answer is on its way
	w.Kill(2)
	require.True(t, c.Broken())
	w.Run(time.Second)
	require.Equal(t, []string{"answer a"}, got)
}

// A recycled packet (recyclePacket clears only what a request's or reply's
// record had set) makes the same trace as a new one: clients' calls,
// answered or not, bare requests, lost packets (loss, a partition, a
// crash) and a snapshot's packet, run once with the free list and once
// with every packet new, hash the same after every event. It fails when
// recycling leaves a field of the record that a later packet's record
// does not set (a drop reason, a snapshot's message fields).
func TestRecycledPacketsTraceAsNew(t *testing.T) {
	run := func(fresh bool) []string {
		w := connWorld(t)
		w.Net().DropRate = 0.05
		m := w.member(2)
		echo := func(_ App, _ string, req int, reply Reply) {
			if req%3 != 0 { // a third never answered
				m.Outbox.Answers = append(m.Outbox.Answers, Answer{To: reply, Resp: req})
			}
		}
		var hashes []string
		step := func(until time.Duration) {
			for w.RunNext(until) {
				if fresh {
					w.freePkts = nil
				}
				hashes = append(hashes, w.Trace().Hash())
			}
		}
		for i := 0; i < 60; i++ {
			c := w.Dial(ConnClient, uint64(1+i%3), 2)
			Call(c, "Put", "", echo, i, AnswerFunc(func(any, error) {}))
			c.Request("Watch", func() {})
			switch i {
			case 20:
				w.Net().Partition([][]uint64{{1}, {2, 3}})
			case 25:
				w.Net().Heal()
			case 40:
				w.Kill(2)
			case 45:
				w.Start(2)
			}
			step(w.Now() + 7*time.Millisecond)
		}
		step(w.Now() + 2*time.Second)
		require.NoError(t, w.Err())
		return hashes
	}
	require.Equal(t, run(true), run(false))
}
