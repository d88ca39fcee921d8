package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"time"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/raft"
)

// ErrMemberDown is returned for a request to a member that is not running.
var ErrMemberDown = errors.New("member is down")

// Config sets up a world. Zero values take etcd 3.5's defaults.
type Config struct {
	Seed int64
	// TickInterval is etcd's --heartbeat-interval: Raft ticks once per
	// interval and a leader sends heartbeats every tick.
	TickInterval time.Duration
	// ElectionTicks is --election-timeout / --heartbeat-interval.
	ElectionTicks int
	PreVote       bool
	CheckQuorum   bool
	// Latency of every link, and the random extra (which reorders).
	Latency          time.Duration
	Jitter           time.Duration
	MaxEntriesPerMsg int
	// NewApp builds a member's application when it starts, from its disk
	// (the snapshot there, if any).
	NewApp func(m *Member) App
	// Start is the clock's reading when the world begins (a cluster
	// restored from a snapshot goes on at the time it was restored).
	Start time.Duration
}

// MemberSpec names a member.
type MemberSpec struct {
	ID   uint64
	Name string
	// Stopped bootstraps the member's disk without starting it (a machine
	// named in --initial-cluster that nobody started yet).
	Stopped bool
}

// World is a whole simulated cluster.
type World struct {
	cfg   Config
	clock clock
	// stopped: halted (Halt), or stopped at a violation (err).
	stopped bool
	rand    *rand.Rand
	net     *Network
	members map[uint64]*Member
	order   []uint64  // member IDs in creation order
	list    []*Member // the members in creation order
	// byLow finds most members by their ID's low bits (member): a
	// member whose slot another took first is found in list.
	byLow   [memberSlots]*Member
	trace   *Trace
	check   *checker
	msgSeq  uint64
	connSeq uint64
	steps   uint64
	err     error
	// inEvent is set while RunNext runs an event and takes the Readies
	// it left; after lists the members whose app stepped their node
	// meanwhile (Member.Propose, ...), whose Readies wait for the event's
	// end (readyAfter).
	inEvent bool
	after   []*Member
	// packets that arrived or were lost, for reuse (a connection's
	// packet carries a 270-byte Record: one allocation per client
	// request and answer otherwise).
	freePkts []*packet
	// freeConns[:nfree] are client connections their dialers released
	// that nothing refers to any more (Conn.Release), for Dial to reuse.
	freeConns [16]*Conn
	nfree     int
	// out holds the answers apps gave to Calls, for the queue (Outbox).
	out Outbox
	// batch is the message event send last posted, which later messages
	// due at its time join while nothing else was posted since (its seq
	// is the clock's last); nil once it is taken. pend is the message
	// event being delivered, one message per RunNext, while it has more.
	batch, pend *event
}

// New creates a world whose initial members form a new cluster (etcd's
// --initial-cluster-state new) and starts them.
func New(cfg Config, specs []MemberSpec) *World {
	if cfg.TickInterval == 0 {
		cfg.TickInterval = 100 * time.Millisecond
	}
	if cfg.ElectionTicks == 0 {
		cfg.ElectionTicks = 10
	}
	if cfg.MaxEntriesPerMsg == 0 {
		cfg.MaxEntriesPerMsg = 64
	}
	if cfg.NewApp == nil {
		cfg.NewApp = func(m *Member) App { return NewLogApp(m, 0, 0) }
	}
	w := &World{
		cfg:     cfg,
		rand:    rand.New(rand.NewSource(cfg.Seed)),
		net:     newNetwork(),
		members: map[uint64]*Member{},
		trace:   newTrace(),
	}
	w.clock.now = cfg.Start
	w.net.Latency, w.net.Jitter = cfg.Latency, cfg.Jitter
	w.check = newChecker(w)
	ids := make([]uint64, len(specs))
	for i, s := range specs {
		ids[i] = s.ID
	}
	for _, s := range specs {
		m := w.addMember(s)
		raft.Bootstrap(m.Disk, ids)
	}
	for _, s := range specs {
		if !s.Stopped {
			w.start(w.members[s.ID])
		}
	}
	return w
}

func (w *World) addMember(s MemberSpec) *Member {
	if _, dup := w.members[s.ID]; dup {
		panic(fmt.Sprintf("sim: duplicate member id %x", s.ID))
	}
	m := &Member{
		ID: s.ID, Name: s.Name, Disk: raft.NewStorage(), w: w, Outbox: &w.out,
		// Each member has its own source, derived from the world's seed.
		rand:  rand.New(rand.NewSource(w.rand.Int63())),
		phase: w.rand.Int63n(int64(w.cfg.TickInterval)),
	}
	w.members[s.ID] = m
	if sl := &w.byLow[s.ID%memberSlots]; *sl == nil {
		*sl = m
	}
	w.order = append(w.order, s.ID)
	w.list = append(w.list, m)
	return m
}

// Join adds a member with an empty disk that catches up from the leader, as
// `etcd --initial-cluster-state existing` does after `member add`.
func (w *World) Join(s MemberSpec) *Member {
	m := w.addMember(s)
	w.start(m)
	return m
}

// Now is the virtual time since the world began.
func (w *World) Now() time.Duration { return w.clock.now }

// Config returns the world's settings.
func (w *World) Config() Config { return w.cfg }

// Net is the network, for faults.
func (w *World) Net() *Network { return w.net }

// Trace is the record of everything that happened.
func (w *World) Trace() *Trace { return w.trace }

// Err is the first safety violation, if any; the world stops at it.
func (w *World) Err() error { return w.err }

// Steps is the number of events processed.
func (w *World) Steps() uint64 { return w.steps }

// Member returns a member by ID, or nil (a scan of the few members beats
// the map: observers look up two or three per record).
func (w *World) Member(id uint64) *Member { return w.member(id) }

// Members returns every member in creation order.
func (w *World) Members() []*Member {
	out := make([]*Member, len(w.order))
	for i, id := range w.order {
		out[i] = w.members[id]
	}
	return out
}

// After schedules fn at now+d of virtual time: a driver's timer, no
// member's. A member's app schedules its callbacks with Member.After,
// after which the world takes the member's Ready: a node that fn steps
// directly (m.Node.Propose) keeps its Ready until that member's next
// event; fn steps it through Member.Propose and the like instead.
func (w *World) After(d time.Duration, fn func()) Timer {
	return w.clock.timer(w.post(w.clock.now+d), fn)
}

// post queues an event at the given time, after the answers left in the
// outbox: the world queues every event of its own through post (only
// queueAnswers posts to the clock directly), so an answer keeps the place
// the moment it was given would have had (Outbox).
func (w *World) post(at time.Duration) *event {
	w.takeAnswers()
	return w.clock.post(at)
}

// takeAnswers queues the answers left in the outbox, if any, before the
// world queues (post), takes or looks for another event.
func (w *World) takeAnswers() {
	if len(w.out.Answers) > 0 {
		w.queueAnswers()
	}
}

// Halt stops a world for good: a cluster that was replaced (reset, or
// restored from a snapshot) runs no more events, even from inside its own
// RunUntil.
func (w *World) Halt() { w.stopped = true }

// RunUntil processes events up to virtual time t, or until a violation.
func (w *World) RunUntil(t time.Duration) {
	// A batch of messages (World.batch) in one loop: each still one step,
	// as RunNext would deliver it, without a call of RunNext each.
	for w.runNext(t, true) {
	}
	if !w.stopped && t > w.clock.now {
		w.clock.now = t
	}
}

// RunNext processes the next event due by t, if any, and reports whether
// it did: a driver that reads what each event did (the trace's kept
// records) runs the world one event at a time. Unlike RunUntil it leaves
// the clock at that event.
func (w *World) RunNext(t time.Duration) bool { return w.runNext(t, false) }

// runNext is RunNext, or with all RunNext until the messages sent together
// that its event holds (World.batch) are all delivered (deliverPend).
func (w *World) runNext(t time.Duration, all bool) bool {
	if w.stopped {
		return false
	}
	w.takeAnswers() // given outside any event (a driver's proposal applied)
	if e := w.pend; e != nil {
		if e.at > t {
			return false
		}
		w.deliverPend(t, all)
		return true
	}
	e := w.clock.next(t)
	if e == nil {
		return false
	}
	if e == w.batch {
		w.batch = nil
	}
	w.clock.now = e.at
	if e.from != nil && e.fn == nil && e.pkt == nil {
		// Messages: pend from now on, recycled by the RunNext that
		// delivers the last (maybe one nested in this).
		w.pend = e
		w.deliverPend(t, all)
		return true
	}
	w.steps++
	outer := w.inEvent // RunUntil called from an event's callback
	w.inEvent = true
	switch {
	case e.fn != nil && e.from == nil:
		e.fn()
	case e.fn != nil:
		// A member's own timer (Member.After), in the process it was
		// set in.
		if m := e.from; m.up && m.starts == e.id {
			e.fn()
			w.readyAfter(m)
		}
	case e.pkt != nil && e.from != nil:
		// A Call's answer leaving on its member's timer (queueAnswers),
		// as a Member.After would.
		if m := e.from; m.up && m.starts == e.id {
			e.pkt.c.sendAnswer(e.pkt)
			w.readyAfter(m)
		} else {
			w.recyclePacket(e.pkt)
		}
	case e.pkt != nil:
		w.arrivePacket(e.pkt)
	}
	if len(w.after) > 0 {
		w.readyAfterEvent()
	}
	w.takeAnswers() // before the driver moves the clock on
	w.inEvent = outer
	w.clock.recycle(e)
	return true
}

// deliverPend delivers the next of the messages sent together
// (World.batch) that w.pend holds, due by t (its msg, then more's): the
// earliest event, as each would have been, one after the other, each a
// step of its own. With all, it goes on with the next while one is
// pending and due by t (RunUntil), as RunNext would one at a time.
func (w *World) deliverPend(t time.Duration, all bool) {
	outer := w.inEvent
	w.inEvent = true
	for e := w.pend; ; e = w.pend {
		w.steps++
		q := &e.queuedMsg
		if e.delivered > 0 {
			q = &e.more[e.delivered-1]
		}
		e.delivered++
		last := e.delivered > len(e.more)
		if last {
			w.pend = nil // before delivering: a RunUntil nested in it takes the clock's next
		}
		if to := w.plainTo(&q.msg); to != nil {
			// deliver's common case, inlined.
			w.trace.addMsg(w.clock.now, KindDeliver, q.sum, 0)
			if _ = to.Node.StepMessage(&q.msg); to.Node.HasReady() {
				w.handleReady(to) // (a message leaves none about as often as one)
			}
		} else {
			w.deliver(q.from, &q.msg, q.id, q.sum)
		}
		if len(w.after) > 0 {
			w.readyAfterEvent()
		}
		w.takeAnswers()
		if last {
			e.dropMore()
			w.clock.recycle(e)
		}
		if !all || w.pend == nil || w.pend.at > t || w.stopped {
			break
		}
	}
	w.inEvent = outer
}

// readyAfter takes the Ready of m, whose node its app (or a driver) just
// stepped: after the running event (readyAfterEvent), or at once outside
// any event. See Member.Propose.
func (w *World) readyAfter(m *Member) {
	if !w.inEvent {
		w.handleReady(m)
		return
	}
	if !m.after {
		m.after = true
		w.after = append(w.after, m)
	}
}

// readyAfterEvent takes the Readies the event left, in the order their
// members were first stepped (a member stepped while they are taken joins
// the end).
func (w *World) readyAfterEvent() {
	for i := 0; i < len(w.after); i++ {
		m := w.after[i]
		m.after = false
		w.handleReady(m)
	}
	clear(w.after)
	w.after = w.after[:0]
}

// Run advances virtual time by d.
func (w *World) Run(d time.Duration) { w.RunUntil(w.clock.now + d) }

// NextEventAt returns when the next event is due.
func (w *World) NextEventAt() (time.Duration, bool) {
	w.takeAnswers()
	if w.pend != nil {
		return w.pend.at, true
	}
	return w.clock.peek()
}

func (w *World) start(m *Member) {
	if m.up || m.removed {
		return
	}
	hs, cs := m.Disk.InitialState()
	_ = hs
	snap := m.Disk.Snapshot()
	node, err := raft.NewNode(raft.Config{
		ID: m.ID, ElectionTick: w.cfg.ElectionTicks, HeartbeatTick: 1, Storage: m.Disk,
		Applied: snap.Metadata.Index, PreVote: w.cfg.PreVote, CheckQuorum: w.cfg.CheckQuorum,
		MaxEntriesPerMsg: w.cfg.MaxEntriesPerMsg, Rand: m.rand,
	})
	if err != nil {
		w.fail(fmt.Sprintf("%s cannot restart: %v", m.Name, err))
		return
	}
	m.Node, m.up, m.stopping, m.conf = node, true, false, cs
	m.starts++
	m.refused = m.refused[:0]
	m.App = w.cfg.NewApp(m)
	m.readyHook, _ = m.App.(ReadyHook)
	m.tickHook, _ = m.App.(TickHook)
	w.check.started(m, snap.Metadata.Index)
	w.record(Record{Kind: KindFault, Member: m.ID, Fault: FaultStart})
	w.scheduleTick(m)
	w.handleReady(m)
}

func (w *World) scheduleTick(m *Member) {
	iv := int64(w.cfg.TickInterval)
	now := int64(w.clock.now)
	// The next tick on this member's own phase.
	next := (now-m.phase)/iv*iv + m.phase
	for next <= now {
		next += iv
	}
	if m.onTick == nil {
		m.onTick = func() {
			m.tick = nil // the event is recycled once this returns
			if !m.up {
				return
			}
			m.Node.Tick()
			if m.tickHook != nil {
				m.tickHook.OnTick(w.clock.now)
			}
			w.handleReady(m)
			if m.up {
				w.scheduleTick(m)
			}
		}
	}
	m.tick = w.post(time.Duration(next))
	m.tick.fn = m.onTick
}

// Kill crashes a member: its volatile state (Raft's in-memory state and
// the application) is lost; its disk is kept.
func (w *World) Kill(id uint64) {
	m := w.members[id]
	if m == nil || !m.up {
		return
	}
	m.up, m.stopping = false, false
	if m.tick != nil {
		w.clock.cancel(m.tick)
		m.tick = nil
	}
	m.Node, m.App, m.readyHook, m.tickHook, m.refused = nil, nil, nil, nil, m.refused[:0]
	w.record(Record{Kind: KindFault, Member: id, Fault: FaultKill})
	w.closeConns(m)
}

// Start restarts a member from its disk.
func (w *World) Start(id uint64) {
	if m := w.members[id]; m != nil {
		w.start(m)
	}
}

// Stop stops a member gracefully. A leader first hands leadership to the
// most up-to-date voter and stops once it moved (or after an election
// timeout), as etcd does on SIGTERM.
func (w *World) Stop(id uint64) {
	m := w.members[id]
	if m == nil || !m.up || m.stopping {
		return
	}
	st := m.Node.Status()
	if st.State != raft.StateLeader {
		w.Kill(id)
		return
	}
	var best uint64
	var bestMatch uint64
	for _, vid := range st.ConfState.Voters {
		if vid == id {
			continue
		}
		if pr := st.Progress[vid]; best == None || pr.Match > bestMatch {
			best, bestMatch = vid, pr.Match
		}
	}
	if best == None {
		w.Kill(id)
		return
	}
	m.stopping = true
	w.record(Record{Kind: KindFault, Member: id, Fault: FaultStopping})
	m.TransferLeader(best)
	deadline := w.clock.now + time.Duration(w.cfg.ElectionTicks)*w.cfg.TickInterval
	var wait func()
	wait = func() {
		if !m.up || !m.stopping {
			return
		}
		if m.Node.BasicStatus().State != raft.StateLeader || w.clock.now >= deadline {
			w.Kill(id)
			return
		}
		w.After(w.cfg.TickInterval/10, wait)
	}
	w.After(w.cfg.TickInterval/10, wait)
}

// None is the ID of no member.
const None = raft.None

func (w *World) record(r Record) {
	r.At = w.clock.now
	w.trace.add(&r)
}

// traceMsg records message id from member from (send, deliver or drop),
// hashed straight from the message; the Record is built only for its
// reader (Keep). A snapshot travels on a connection (snap), which its
// records name.
func (w *World) traceMsg(kind Kind, from *Member, msg *raft.Message, id, sum uint64, drop DropReason, snap *Conn) {
	if snap == nil {
		w.trace.addMsg(w.clock.now, kind, sum, drop)
	}
	if snap != nil || w.trace.read {
		w.recordMsg(kind, from, msg, id, drop, snap)
	}
}

// recordMsg builds traceMsg's Record: for readers only, or hashed too on
// a snapshot's connection (kept out of traceMsg: a Record is 270 bytes of
// stack).
//
//go:noinline
func (w *World) recordMsg(kind Kind, from *Member, msg *raft.Message, id uint64, drop DropReason, snap *Conn) {
	if snap == nil {
		r := w.trace.record()
		*r = msgRecord(kind, from, msg, id)
		r.At, r.Drop = w.clock.now, drop
		w.trace.hand(r)
		return
	}
	r := msgRecord(kind, from, msg, id)
	r.At, r.Drop = w.clock.now, drop
	r.Conn, r.ConnID = ConnSnapshot, snap.ID
	w.trace.add(&r)
}

// traceLog builds the record of a member's log moving for the trace's
// reader (Trace.notifyLog; its hash is folded inline: Trace.foldLog).
//
//go:noinline
func (w *World) traceLog(kind Kind, m *Member, term, index uint64, n int) {
	w.trace.notifyLog(w.clock.now, kind, m.ID, term, index, n)
}

func (w *World) fail(msg string) {
	if w.err == nil {
		w.err = fmt.Errorf("safety violation (seed %d, step %d, t=%v): %s", w.cfg.Seed, w.steps, w.clock.now, msg)
		w.stopped = true
	}
}

// handleReady drains a member's output in the order Raft requires:
// persist, then send, then apply, until it has no Ready.
func (w *World) handleReady(m *Member) {
	// The member's own Ready, reused: ReadyTo overwrites all of it, and the
	// hook gets it by pointer, which would move a local one to the heap.
	// A call nested in the hook (the app proposing) takes a new one. (One
	// function with its loop: a call less for every message delivered.)
	rd, own := &m.rd, !m.readying
	if own {
		m.readying = true
	} else {
		rd = new(raft.Ready)
	}
	for m.up && m.Node.HasReady() && w.err == nil {
		m.Node.ReadyTo(rd)
		for i := range rd.Events {
			w.recordEvent(m, &rd.Events[i])
		}
		// 1. Persist: snapshot, entries, hard state. (snap is
		// !rd.Snapshot.IsEmpty() read in place: the method's value receiver
		// copies the 88-byte snapshot.) In this loop, as the apply below:
		// a call less for a Ready of every member for every entry.
		snap := rd.Snapshot.Metadata.Index != 0
		if snap {
			w.installSnapshot(m, rd)
		}
		if len(rd.Entries) > 0 {
			w.check.appending(m, rd.Entries)
			m.Disk.Append(rd.Entries)
			last := &rd.Entries[len(rd.Entries)-1]
			w.trace.foldLog(w.clock.now, KindAppend, m.ID, last.Term, last.Index, len(rd.Entries))
			if w.trace.read {
				w.traceLog(KindAppend, m, last.Term, last.Index, len(rd.Entries))
			}
		}
		if !rd.HardState.IsEmpty() {
			prev := m.Disk.HardState()
			m.Disk.SetHardState(rd.HardState)
			w.check.hardState(m, rd.HardState)
			if rd.HardState.Commit > prev.Commit {
				w.trace.foldLog(w.clock.now, KindCommit, m.ID, rd.HardState.Term, rd.HardState.Commit, 0)
				if w.trace.read {
					w.traceLog(KindCommit, m, rd.HardState.Term, rd.HardState.Commit, 0)
				}
			}
		}
		if rd.SoftState != nil {
			w.check.softState(m, *rd.SoftState)
		}
		// 2. Send.
		if len(rd.Messages) > 0 {
			w.send(m, rd.Messages)
		}
		// 3. Apply: the snapshot, then the committed entries.
		if snap && !w.restoreSnapshot(m, rd) {
			break
		}
		for i := range rd.CommittedEntries {
			e := &rd.CommittedEntries[i]
			w.check.applying(m, e)
			m.App.Apply(*e)
			w.trace.foldLog(w.clock.now, KindApply, m.ID, e.Term, e.Index, 0)
			if w.trace.read {
				w.traceLog(KindApply, m, e.Term, e.Index, 0)
			}
		}
		if m.readyHook != nil {
			m.readyHook.OnReady(rd)
		}
		if !m.up {
			break // the app ended the member (Exit)
		}
		m.Node.AdvanceTo(rd)
	}
	if own {
		m.readying = false
	}
}

// installSnapshot writes a Ready's snapshot to the disk.
func (w *World) installSnapshot(m *Member, rd *raft.Ready) {
	_ = m.Disk.ApplySnapshot(rd.Snapshot)
	w.record(Record{Kind: KindSnapshot, Member: m.ID, Index: rd.Snapshot.Metadata.Index, Term: rd.Snapshot.Metadata.Term, Snapshot: SnapshotInstalled})
}

// restoreSnapshot hands a Ready's snapshot to the app; false if it could
// not be applied (the world failed).
func (w *World) restoreSnapshot(m *Member, rd *raft.Ready) bool {
	if err := m.App.Restore(rd.Snapshot.Data); err != nil {
		w.fail(fmt.Sprintf("%s cannot apply a snapshot: %v", m.Name, err))
		return false
	}
	m.conf = rd.Snapshot.Metadata.ConfState
	w.check.restored(m, rd.Snapshot.Metadata.Index)
	return true
}

func (w *World) recordEvent(m *Member, ev *raft.Event) {
	kind := KindRaft
	switch ev.Kind {
	case raft.EventRole:
		kind = KindRole
	case raft.EventVote:
		kind = KindVote
	case raft.EventTimerReset:
		kind = KindTimer
	}
	w.trace.addEvent(w.clock.now, kind, m.ID, ev)
	if w.trace.read {
		w.notifyRaftEvent(kind, m, ev)
	}
}

//go:noinline
func (w *World) notifyRaftEvent(kind Kind, m *Member, ev *raft.Event) {
	r := w.trace.record()
	*r = Record{At: w.clock.now, Kind: kind, Member: m.ID, Term: ev.Term, From: ev.Peer, Event: *ev}
	w.trace.hand(r)
}

// send sends a Ready's messages from member from, in order: each traced,
// then lost, or queued for its delivery (one call for all of them).
func (w *World) send(from *Member, msgs []raft.Message) {
	for i := range msgs {
		msg := &msgs[i]
		w.msgSeq++
		id := w.msgSeq
		if msg.Type == raft.MsgSnap {
			w.sendSnapshot(from, *msg, id)
			continue
		}
		// The hash sum its send, deliver and drop records share, carried
		// with it.
		sum := msgSum(from.ID, msg, id)
		if !w.trace.read {
			w.trace.addMsg(w.clock.now, KindSend, sum, 0) // traceMsg unread, inlined
		} else {
			w.traceMsg(KindSend, from, msg, id, sum, 0, nil)
		}
		n := w.net
		// Any fault at all, in one test: a rate's bits are all zero only
		// at +0.
		if n.split || math.Float64bits(n.DropRate)|math.Float64bits(n.DupRate)|uint64(n.Jitter) != 0 {
			w.sendFaulty(from, msg, id, sum)
			continue
		}
		// enqueue's common case, inlined: the message joins the last one's
		// event, within its array's capacity, with no answer to queue
		// first.
		at := max(w.clock.now+n.Latency, w.clock.now)
		if b := w.batch; b != nil && b.seq == w.clock.seq && b.at == at && len(w.out.Answers) == 0 &&
			len(b.more) < cap(b.more) && batchMessages {
			b.more = b.more[:len(b.more)+1]
			b.more[len(b.more)-1].set(from, msg, id, sum)
			continue
		}
		w.enqueue(from, msg, id, sum, n.Latency)
	}
}

// sendFaulty is send on a network with faults: a partition or a cut, loss,
// duplication or jitter (whose random choices, in this order, come from
// the world's seed).
func (w *World) sendFaulty(from *Member, msg *raft.Message, id, sum uint64) {
	if w.net.split && !w.net.Reachable(msg.From, msg.To) {
		w.traceMsg(KindDrop, from, msg, id, sum, DropPartition, nil)
		return
	}
	if w.net.DropRate > 0 && w.rand.Float64() < w.net.DropRate {
		w.traceMsg(KindDrop, from, msg, id, sum, DropLoss, nil)
		return
	}
	copies := 1
	// A forwarded proposal is a client's request: delivering it twice
	// would append and apply the request twice (a delete acknowledged as
	// deleting nothing, then deleting a later put). etcd's peer transport
	// is TCP, which never delivers a message twice, and Raft itself does
	// not deduplicate requests (thesis §6.3); so proposals are not
	// duplicated. Raft's own messages are.
	if w.net.DupRate > 0 && w.rand.Float64() < w.net.DupRate && msg.Type != raft.MsgProp {
		copies = 2
	}
	for i := 0; i < copies; i++ {
		delay := w.net.Latency
		if w.net.Jitter > 0 {
			delay += time.Duration(w.rand.Int63n(int64(w.net.Jitter)))
		}
		w.enqueue(from, msg, id, sum, delay)
	}
}

// enqueue queues message id from member from, due after delay: a message
// due when the last one sent is, with nothing posted in between, joins
// its event (the same order, fewer events).
func (w *World) enqueue(from *Member, msg *raft.Message, id, sum uint64, delay time.Duration) {
	w.takeAnswers()
	at := max(w.clock.now+delay, w.clock.now)
	if b := w.batch; b != nil && b.seq == w.clock.seq && b.at == at && batchMessages {
		n := len(b.more)
		if n < cap(b.more) {
			b.more = b.more[:n+1]
		} else {
			b.more = append(b.more, queuedMsg{})
		}
		b.more[n].set(from, msg, id, sum)
		return
	}
	e := w.clock.post(at)
	e.queuedMsg.set(from, msg, id, sum)
	w.batch = e
}

// batchMessages lets messages join the event of the one sent before
// (World.batch); a test switches it off to compare.
var batchMessages = true

// msgRecord is the trace record of message id from member from.
func msgRecord(kind Kind, from *Member, msg *raft.Message, id uint64) Record {
	return Record{Kind: kind, Member: from.ID, MsgType: msg.Type, From: msg.From, To: msg.To,
		Term: msg.Term, Index: msg.Index, Reject: msg.Reject, NumEntries: len(msg.Entries), ID: id}
}

// deliver hands a message that crossed the network to its recipient (sum:
// its records' shared hash sum, msgSum).
func (w *World) deliver(from *Member, msg *raft.Message, id, sum uint64) {
	to := w.member(msg.To)
	switch {
	case to == nil || !to.up:
		w.traceMsg(KindDrop, from, msg, id, sum, DropMemberDown, nil)
	case w.net.split && !w.net.Reachable(msg.From, msg.To):
		w.traceMsg(KindDrop, from, msg, id, sum, DropPartition, nil)
	default:
		w.step(from, to, msg, id, sum, nil)
	}
}

// plainTo is the recipient of msg if delivering it is deliver's common
// case (up, reachable, accepting its sender, no reader of the trace
// waiting for its record), or nil.
func (w *World) plainTo(msg *raft.Message) *Member {
	if to := w.member(msg.To); to != nil && to.up && !w.net.split && len(to.refused) == 0 && !w.trace.read {
		return to
	}
	return nil
}

// step gives a message that arrived to its member, unless the member's
// app refuses the sender (then the sender's app is told). A snapshot
// arrives on its connection (snap), whose records are hashed whole (sum
// unused).
func (w *World) step(from, to *Member, msg *raft.Message, id, sum uint64, snap *Conn) {
	if refuses(to, msg.From) {
		w.traceMsg(KindDrop, from, msg, id, sum, DropRemovedSender, snap)
		if h, ok := from.App.(RefusedHook); ok && from.up {
			h.Refused(to.ID)
		}
		return
	}
	if snap == nil && !w.trace.read {
		w.trace.addMsg(w.clock.now, KindDeliver, sum, 0) // traceMsg unread, inlined
	} else {
		w.traceMsg(KindDeliver, from, msg, id, sum, 0, snap)
	}
	_ = to.Node.StepMessage(msg) // msg is done with: its event's, or conn.go's copy
	w.handleReady(to)
}

// Leader returns the ID of the member that is leader in the highest term
// among those up, or None.
func (w *World) Leader() uint64 {
	var lead, term uint64
	for _, id := range w.order {
		m := w.members[id]
		if !m.up {
			continue
		}
		st := m.Node.BasicStatus()
		if st.State == raft.StateLeader && st.Term >= term {
			lead, term = id, st.Term
		}
	}
	return lead
}

// IDs returns every member ID, sorted.
func (w *World) IDs() []uint64 {
	ids := append([]uint64(nil), w.order...)
	ptrsort.Uint64s(ids)
	return ids
}

// refuses reports whether m's process refuses a peer's messages (Refuse).
func refuses(m *Member, from uint64) bool {
	return len(m.refused) > 0 && slices.Contains(m.refused, from)
}

// memberSlots is byLow's size.
const memberSlots = 64

// member is Member without the map: every delivered message looks its
// recipient up, nearly always in its slot (etcd's member IDs are hashes:
// their low bits spread), else in the few members' list.
func (w *World) member(id uint64) *Member {
	if m := w.byLow[id%memberSlots]; m != nil && m.ID == id {
		return m
	}
	return w.memberIn(id)
}

func (w *World) memberIn(id uint64) *Member {
	for _, m := range w.list {
		if m.ID == id {
			return m
		}
	}
	return nil
}
