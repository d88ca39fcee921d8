package sim

import (
	"time"

	"github.com/raftlab/raftlab/core/raft"
)

// ConnKind is what a connection carries.
type ConnKind int

const (
	ConnClient   ConnKind = iota + 1 // a client's connection to a member (etcd's gRPC)
	ConnPeer                         // one member's requests to another (etcd's peer HTTP)
	ConnSnapshot                     // a snapshot a leader streams to a follower
)

var connNames = [...]string{"", "client", "peer", "snapshot"}

func (k ConnKind) String() string { return connNames[k] }

// Outside is the ID of a machine outside the members' network (a client
// host that runs no member): no partition separates it from the members.
const Outside uint64 = 0

// Conn is a connection between two machines with TCP's guarantees: the
// messages on it arrive in the order they were sent, each at most once, over
// the world's links (latency, jitter, loss, partitions; a machine's
// connection to itself is loopback: fixed latency, never lost). A message
// the network loses breaks the connection: nothing more is delivered on it,
// and its dialer is told why (OnBreak). A member that crashes or restarts
// breaks its connections.
type Conn struct {
	_    [0]func() // not comparable: no generated equality in the page
	w    *World
	ID   uint64
	Kind ConnKind
	// A dialed B.
	A, B uint64
	// Host names the dialer's machine on a client connection (set by the
	// client), even one that runs no member (A is then Outside); its
	// packets' records carry it so observers can tell which machine a
	// client's traffic comes from.
	Host string
	// incarnation of each end when dialed (a restart is a new process):
	// the low 32 bits of its member's starts (four billion restarts of
	// one member are out of any session's reach): a Conn is small.
	incA, incB uint32
	// mb is the dialed end's member, found once when dialed (a world's
	// members are never replaced nor removed): the connection asks it
	// whether its process still runs on every packet and wait. nil when
	// B was no member then (looked up each time).
	mb *Member
	// last is when the last message in each direction (A→B, B→A) arrives.
	last [2]time.Duration
	// sent counts the messages sent; once broken, those sent after the
	// lost one (its number is lostAt) are lost too.
	sent, lostAt uint64
	onBreak      Breaker
	broken       bool
	// kept: something other than its dialer may still refer to the
	// connection for as long as it lives (a stream's or a bare
	// Request's callbacks), so Release never hands it back.
	kept bool
	// waiting is this connection's place (index+1) in its dialed
	// member's list of connections a dialer waits on (0: not there).
	waiting int32
	// calls counts the Calls sent on the connection whose answer has not
	// reached its dialer: their member's app may hold their Reply.
	calls int32
}

// Dial opens a connection from machine a to machine b.
func (w *World) Dial(kind ConnKind, a, b uint64) *Conn {
	w.connSeq++
	var c *Conn
	if w.nfree > 0 {
		w.nfree--
		c, w.freeConns[w.nfree] = w.freeConns[w.nfree], nil // zero (Release)
	} else {
		c = new(Conn)
	}
	c.w, c.ID, c.Kind, c.A, c.B, c.mb = w, w.connSeq, kind, a, b, w.member(b)
	c.incA, c.incB = incarnation(w.member(a)), incarnation(c.mb)
	return c
}

// Release says that c's dialer is done with it and drops it. A later Dial
// may then reuse its memory (a client connection per etcdctl command was
// one allocation per command), but only once nothing else can refer to c:
// a client connection that never broke, carried no stream and no bare
// Request or Reply, on which no one waits (OnBreak), and whose every
// Call's answer reached its dialer. Before that, the app of the member it
// was dialed to may hold a Call's Reply and answer on it later (after its
// caller's deadline, say), which must never reach another connection.
// Otherwise c is left to the garbage collector. The dialer must not use c
// after.
func (c *Conn) Release() {
	// (A closed connection, broken, may still be in a callback of
	// closeConns; one waited on is on its member's list.)
	if w := c.w; c.Kind == ConnClient && !c.kept && !c.broken && c.calls == 0 && c.onBreak == nil && w.nfree < len(w.freeConns) {
		*c = Conn{}
		w.freeConns[w.nfree] = c
		w.nfree++
	}
}

// incarnation counts a member's starts (0 for an outside machine).
func incarnation(m *Member) uint32 {
	if m != nil {
		return uint32(m.starts)
	}
	return 0
}

// dialed is the dialed end's member (nil if B is none).
func (c *Conn) dialed() *Member {
	if c.mb != nil {
		return c.mb
	}
	return c.w.members[c.B]
}

// alive reports whether an end (the dialer A, or the dialed B) still runs
// the process that was there when the connection opened. A client
// connection's dialer is a client process on its machine, whatever the
// machine's member does.
func (c *Conn) alive(dialed bool) bool {
	var m *Member
	id, inc := c.A, c.incA
	switch {
	case dialed:
		id, inc, m = c.B, c.incB, c.dialed()
	case c.Kind == ConnClient:
		return true
	default:
		m = c.w.members[id]
	}
	if m == nil {
		return id == Outside
	}
	return m.up && uint32(m.starts) == inc
}

// Broken reports whether the connection is broken. (A client's dialer
// is alive as long as the connection: alive(false) is true.)
func (c *Conn) Broken() bool {
	return c.broken || c.Kind != ConnClient && !c.alive(false) || !c.alive(true)
}

// A Breaker is told that the connection it waits on broke, and why.
type Breaker interface{ Broke(DropReason) }

// OnBreak sets who the dialer is told when the connection breaks (an
// interface, not a func: the client's own call state, no closure per
// request). The dialer waits on the connection from then until an answer
// arrives on it (Call), which forgets b, or OnBreak(nil): a member that
// crashes meanwhile closes it (closeConns).
func (c *Conn) OnBreak(b Breaker) {
	c.onBreak = b
	if b == nil {
		c.forget()
		return
	}
	if m := c.dialed(); m != nil && c.waiting == 0 {
		m.waited = append(m.waited, c)
		c.waiting = int32(len(m.waited))
	}
}

// forget takes the connection off its member's list of those a dialer
// waits on.
func (c *Conn) forget() {
	m := c.dialed()
	if m == nil || c.waiting == 0 {
		return
	}
	last := m.waited[len(m.waited)-1]
	m.waited[c.waiting-1], last.waiting = last, c.waiting
	m.waited[len(m.waited)-1] = nil
	m.waited = m.waited[:len(m.waited)-1]
	c.waiting = 0
}

// closeConns is a crashed member's kernel closing its connections (TCP's
// FIN): each dialer waiting on one hears that it broke (DropMemberDown)
// after what the member sent before (TCP's order), one link latency later
// if the network lets it through and it still waits then (a Call's answer
// sent before ends its wait); nothing more travels on it. Without it a
// client would only learn of the crash from a later packet of its own, and
// a request the member was serving would wait for its deadline.
func (w *World) closeConns(m *Member) {
	for _, c := range m.waited {
		c.waiting = 0
		if c.broken || c.onBreak == nil {
			continue
		}
		c.broken, c.lostAt = true, c.sent
		notify := c.onBreak
		w.After(max(w.clock.now+w.net.Latency, c.last[1])-w.clock.now, func() {
			// Unless the dialer waits on c no more (onBreak nil): a
			// Call's answer the member sent before it crashed arrived
			// first (TCP's order) and ended the wait, and notify may
			// serve another call by now (a client's call state does).
			if c.onBreak != nil && w.reachable(c.B, c.A) {
				notify.Broke(DropMemberDown)
			}
		})
	}
	clear(m.waited)
	m.waited = m.waited[:0]
}

func (c *Conn) breakWith(n uint64, reason DropReason) {
	if c.broken {
		c.lostAt = min(c.lostAt, n)
		return
	}
	c.broken, c.lostAt = true, n
	if c.onBreak != nil {
		c.onBreak.Broke(reason)
	}
}

// reachable is the network between two machines: loopback always works,
// outside machines are in no partition.
func (w *World) reachable(from, to uint64) bool {
	if from == to || from == Outside || to == Outside {
		return true
	}
	return w.net.Reachable(from, to)
}

// Request sends a message from the dialer to the dialed end, and Reply
// one back, with method naming it for the trace: deliver runs at the other
// end when it arrives. They report false (and send nothing) on a broken
// connection.
func (c *Conn) Request(method string, deliver func()) bool {
	return c.sendNow(false, method, deliver)
}

func (c *Conn) Reply(method string, deliver func()) bool { return c.sendNow(true, method, deliver) }

// Call is a client's RPC over c, named name on the wire: req travels to
// the member c was dialed to, whose app serves it once it arrived (serve:
// the server's end of the RPC, which serves req as the user meta names),
// and its answer travels back on c to to, which takes it on the dialer's
// end when it arrives. With to nil nothing is sent back (a request nobody
// waits on). It reports whether req was sent (c was not broken). The
// response travels as an any, which the caller asserts to the RPC's type
// (a generic handler type naming it cost the page 3.5 kB gzipped: one
// named type, with its descriptors, per RPC).
//
// The request is served after the event it arrived in, on the member's
// own timer (Member.After(0)), as a gRPC server runs each RPC's handler in
// a goroutine of its own: the handler steps its node itself, and the
// world takes the Ready after it. The app answers by leaving an Answer
// for the Reply it was handed in its member's Outbox, where it has the
// answer (in Apply, say): it makes no call into the world to answer. The
// answer leaves after the event it is given in, on that timer too (the
// handler's goroutine, woken, returns it to gRPC).
func Call[Req any](c *Conn, name, meta string, serve func(app App, meta string, req Req, reply Reply), req Req, to Answerer) bool {
	return CallAny(c, name, meta, func(app App, meta string, req any, reply Reply) { serve(app, meta, req.(Req), reply) }, req, to)
}

// CallAny is Call with the request as an any, which serve asserts to its
// type: a handler made once (an etcdserver.RPC's Serve) travels in the
// request's packet with the request, no closure per call (a pointer in
// an any costs no allocation either).
func CallAny(c *Conn, name, meta string, serve func(app App, meta string, req any, reply Reply), req any, to Answerer) bool {
	p := c.send(false, name, nil)
	if p == nil {
		return false
	}
	p.served, p.serve, p.req, p.meta, p.to = true, serve, req, meta, to
	c.calls++ // until its answer reaches to: never, with to nil
	c.transmit(p)
	return true
}

// Reply is where the answer to one Call goes: the connection it came on,
// the RPC's name and the dialer's Answerer.
type Reply struct {
	// Not comparable (no generated equality in the page); first: a
	// zero-size last field pads a struct by a word (48 bytes, not 40).
	_    [0]func()
	c    *Conn
	name string
	to   Answerer
}

// An Answer is an app's answer to a Call: the response or the error, for
// the Reply the app was handed with the request.
type Answer struct {
	To   Reply
	Resp any
	Err  error
}

// Outbox is where the members' apps leave their answers to Calls, by
// appending to Answers: answering is no call into the world (as a
// raft.Node leaves its messages in its Ready for its driver to take). The
// world takes them before it queues, takes or looks for any other event,
// and sends each after the event it was given in on its member's own
// timer (Member.After(0)): queued where such a timer set by the app at
// that moment would be, so the events run in the same order.
type Outbox struct{ Answers []Answer }

// queueAnswers queues the answers waiting in the outbox, in the order
// given, each on the timer of the process that got the request (the
// dialed end's incarnation: skipped if that process ended). An answer
// waits in its packet, sent when its event runs (sendAnswer): no closure
// per answer.
func (w *World) queueAnswers() {
	for i := range w.out.Answers {
		a := &w.out.Answers[i]
		e := w.clock.post(w.clock.now)
		// The dialed end's process, as the answer was given by: a later
		// process of the member (a restart) sends nothing.
		e.from, e.id = a.To.c.dialed(), uint64(a.To.c.incB)
		if a.To.to == nil {
			e.fn = nothing
			continue
		}
		p := w.newPacket()
		p.c, p.to, p.resp, p.err = a.To.c, a.To.to, a.Resp, a.Err
		p.rec.Method = a.To.name
		e.pkt = p
	}
	clear(w.out.Answers)
	w.out.Answers = w.out.Answers[:0]
}

// nothing is the answer to a Call nobody waits on (it still takes its
// turn on the member's timer, as every answer does).
func nothing() {}

// sendAnswer sends a Call's answer that waited in its packet for its
// event (queueAnswers): back to the dialer, unless the connection broke
// meanwhile. A served request's packet waits for its member's timer the
// same way (arrivePacket): its handler runs then.
func (c *Conn) sendAnswer(p *packet) {
	switch {
	case p.served:
		// The connection delivers only to the process it was dialed to
		// (members are never replaced: the one it arrived at).
		p.serve(c.dialed().App, p.meta, p.req, Reply{c: c, name: p.rec.Method, to: p.to})
	case !c.Broken():
		c.address(p, true, p.rec.Method)
		c.transmit(p)
		return
	}
	c.w.recyclePacket(p)
}

// An Answerer takes a Call's answer on the dialer's end (resp is the
// RPC's response type). An interface, not a func: the client's own call
// state takes it, with no closure per request, and the answer travels in
// its packet, with none per reply.
type Answerer interface{ Answered(resp any, err error) }

// AnswerFunc is a func as an Answerer.
type AnswerFunc func(resp any, err error)

func (f AnswerFunc) Answered(resp any, err error) { f(resp, err) }

// Stream is a client's server stream on a connection.
type Stream struct {
	c      *Conn
	name   string
	cancel func() // the server's, once the request arrived
	closed bool
}

// OpenStream opens a server stream (a server-streaming RPC such as etcd's
// Watch, named name on the wire) over c: req travels to the member c was
// dialed to, whose app opens the stream when it arrives (open: the
// server's end, which opens it as the user meta names, sends each response
// with send, false once c is broken, and says how to cancel it), and each
// response travels back on c to receive. A stream closed before its
// request arrived is canceled there at once.
func OpenStream[Req, Resp any](c *Conn, name, meta string, open func(app App, meta string, req Req, send func(Resp) bool) (cancel func()), req Req, receive func(Resp)) *Stream {
	st := &Stream{c: c, name: name}
	c.Request(name, func() {
		cancel := open(c.dialed().App, meta, req, func(r Resp) bool {
			return c.Reply(st.name, func() { receive(r) })
		})
		if st.closed {
			cancel()
			return
		}
		st.cancel = cancel
	})
	return st
}

// Close cancels the stream: the cancel travels c to the server, if the
// stream opened there and c still works (a broken connection ends the
// server's side by itself).
func (st *Stream) Close() {
	st.closed = true
	if st.cancel != nil && !st.c.Broken() {
		st.c.Request(st.name+"Cancel", st.cancel)
	}
}

// Abandon forgets the stream without a word to the server (its
// connection broke; a reopened stream replaces it).
func (st *Stream) Abandon() { st.closed = true }

func (c *Conn) sendNow(reply bool, method string, deliver func()) bool {
	c.kept = true // deliver, or what it leads to (a stream's sends), may use c at any time
	p := c.send(reply, method, deliver)
	if p != nil {
		c.transmit(p)
	}
	return p != nil
}

// send makes a packet for a request or a reply, which transmit sends (nil
// on a broken connection).
func (c *Conn) send(reply bool, method string, deliver func()) *packet {
	if c.Broken() {
		return nil
	}
	p := c.w.newPacket()
	p.c, p.deliver = c, deliver
	c.address(p, reply, method)
	return p
}

// address numbers a packet and gives it its send record. p is from
// newPacket (its record's other fields zero, its Method maybe set:
// queueAnswers), so the record's fields are set one by one: a Record
// literal stored into a packet on the heap rewrote all 270 bytes (about
// 120 instructions, two packets per put).
func (c *Conn) address(p *packet, reply bool, method string) {
	from, to := c.A, c.B
	if reply {
		from, to = c.B, c.A
	}
	w := c.w
	w.msgSeq++
	r := &p.rec
	r.Kind, r.Member, r.From, r.To, r.ID = KindPacketSend, from, from, to, w.msgSeq
	r.Conn, r.ConnID, r.Reply, r.Method, r.Host = c.Kind, c.ID, reply, method, c.Host
}

// newPacket takes a packet from the free list (or a new one): its
// record's fields that address sets, and At, sum and n, which transmit
// sets, may hold an earlier packet's values (recyclePacket).
func (w *World) newPacket() *packet {
	if n := len(w.freePkts); n > 0 {
		p := w.freePkts[n-1]
		w.freePkts = w.freePkts[:n-1]
		return p
	}
	return new(packet)
}

// recyclePacket returns a packet that arrived or was lost: nothing refers
// to it any more (its event is recycled, its callbacks never see it). A
// request's or reply's record only ever had address's fields, At and Drop
// set: what refers to memory and Drop are cleared, and the rest is set
// again by address and transmit before it is read (zeroing the whole
// packet, 400 bytes, was half of recycling one). A snapshot's packet,
// which carries a whole message's record, is zeroed.
func (w *World) recyclePacket(p *packet) {
	if p.lost != nil || p.arrive != nil {
		*p = packet{}
	} else {
		p.c, p.deliver, p.to, p.resp, p.err = nil, nil, nil, nil, nil
		p.served, p.serve, p.req, p.meta = false, nil, nil, ""
		p.rec.Method, p.rec.Host, p.rec.Drop = "", "", 0
	}
	w.freePkts = append(w.freePkts, p)
}

// packet is a message on a connection: its send record, its number on the
// connection, and what happens when it arrives or is lost. It travels the
// event queue as typed data (no closures, no Timer), as Raft's messages do.
type packet struct {
	c   *Conn
	rec Record
	// sum is the hash sum rec's records share (packetSum), set when sent.
	sum uint64
	n   uint64
	// deliver runs at the other end when a request or reply arrives;
	// a Call's answer goes to to instead.
	deliver func()
	to      Answerer
	resp    any
	err     error
	// served: a Call's request, which serve serves (req, as the user meta
	// names; its answer to to) on the dialed member's own timer after
	// the arrival's event, the packet waiting in the timer's event.
	served bool
	serve  func(app App, meta string, req any, reply Reply)
	req    any
	meta   string
	// A snapshot's own outcome (sendSnapshot); nil on requests and replies.
	lost   func(DropReason)
	arrive func()
}

// lose records that p was lost and why.
func (p *packet) lose(d DropReason) {
	if p.lost != nil {
		p.lost(d)
		return
	}
	// The packet's own record, changed in place (it is recycled next):
	// a Record is 270 bytes, which a copy per record moved again.
	r := &p.rec
	r.Kind, r.Drop, r.At = KindPacketDrop, d, p.c.w.clock.now
	p.c.w.trace.addSum(r, p.sum)
}

// fail loses p and breaks its connection from p on.
func (p *packet) fail(d DropReason) {
	p.lose(d)
	p.c.breakWith(p.n, d)
}

// transmit records p's send and queues its arrival (arrivePacket), unless
// the message is lost on the way (then the connection breaks).
func (c *Conn) transmit(p *packet) {
	w := c.w
	p.rec.At = w.clock.now
	p.sum = packetSum(&p.rec)
	w.trace.addSum(&p.rec, p.sum)
	from, to := p.rec.From, p.rec.To
	c.sent++
	p.n = c.sent
	if !w.reachable(from, to) {
		p.fail(DropPartition)
		w.recyclePacket(p)
		return
	}
	delay := w.net.Latency
	if from != to {
		if w.net.DropRate > 0 && w.rand.Float64() < w.net.DropRate {
			p.fail(DropLoss)
			w.recyclePacket(p)
			return
		}
		if w.net.Jitter > 0 {
			delay += time.Duration(w.rand.Int63n(int64(w.net.Jitter)))
		}
	}
	dir := 0
	if p.rec.Reply {
		dir = 1
	}
	// TCP delivers in order: never before what was sent earlier.
	at := max(w.clock.now+delay, c.last[dir])
	c.last[dir] = at
	w.post(at).pkt = p
}

// arrivePacket is a packet reaching the other end.
func (w *World) arrivePacket(p *packet) {
	c := p.c
	switch {
	case c.broken && p.n > c.lostAt:
		p.lose(DropConnBroken) // behind the lost message
	case !c.alive(!p.rec.Reply):
		// What a process sent before it died still arrives; a
		// receiver that died (or restarted) resets the connection.
		p.fail(DropMemberDown)
	case !w.reachable(p.rec.From, p.rec.To):
		p.fail(DropPartition)
	case p.arrive != nil:
		p.arrive()
	default:
		r := &p.rec
		r.Kind, r.At = KindPacketDeliver, w.clock.now
		w.trace.addSum(r, p.sum)
		if p.served {
			// Served on the member's timer (as Member.After(0) would
			// queue it), which takes its Ready; the packet waits in its
			// event (sendAnswer).
			m := c.dialed()
			e := w.post(w.clock.now)
			e.from, e.id, e.pkt = m, m.starts, p
			return
		} else if p.to != nil {
			// Answered: the dialer waits no more, and is told of no
			// later break (its Breaker may wait on another call).
			c.forget()
			c.onBreak = nil
			c.calls--
			p.to.Answered(p.resp, p.err)
		} else {
			p.deliver()
			// What the member's app did with it (a proposal, a read
			// index) is in its node's Ready, taken after the event.
			if m := c.server(p.rec.Reply); m != nil {
				w.readyAfter(m)
			}
		}
	}
	w.recyclePacket(p)
}

// server is the member whose app a request (or, on a peer connection, a
// reply) reached: the dialed member, or on a peer connection the dialer;
// nil for a client's end, which is a client process on its machine.
func (c *Conn) server(reply bool) *Member {
	if !reply {
		return c.dialed()
	}
	if c.Kind == ConnClient {
		return nil
	}
	return c.w.member(c.A)
}

// sendSnapshot streams a MsgSnap to its follower on a connection of its
// own, as etcd's snapshot sender does: traced as the Raft message it is,
// delivered at most once, and reported to the leader's Raft when it
// arrived or was lost (without the report the leader would keep the
// follower in StateSnapshot forever).
func (w *World) sendSnapshot(from *Member, msg raft.Message, id uint64) {
	c := w.Dial(ConnSnapshot, msg.From, msg.To)
	rec := msgRecord(KindSend, from, &msg, id)
	rec.Conn, rec.ConnID = ConnSnapshot, c.ID
	report := func(failed bool) {
		if from.up && c.alive(false) {
			from.Node.ReportSnapshot(msg.To, failed)
			w.handleReady(from)
		}
	}
	p := w.newPacket()
	p.c, p.rec = c, rec
	p.lost = func(d DropReason) {
		r := rec
		r.Kind, r.Drop = KindDrop, d
		w.record(r)
		report(true)
	}
	p.arrive = func() {
		w.step(from, w.members[msg.To], &msg, id, 0, c)
		report(false)
	}
	c.transmit(p)
}
