package web

import (
	"time"

	"github.com/raftlab/raftlab/core/lab"
)

// tracker turns the core's trace (every send, delivery, drop, role change,
// vote, timer...) into what the UI animates and tells: messages in flight,
// the event log and the terms chart. What is shown is what the core did.
type tracker struct {
	s     *Session
	lang  Lang
	ids   map[string]int // member name → ring index
	names []string

	flights map[uint64]*Flight // by message ID
	order   []uint64           // flight IDs in send order

	events    []Event
	lastHeard []time.Duration // per member: last append/heartbeat from a leader
	timeout   []*Event        // per member: a timeout waiting for its campaign

	chart   []ChartPoint
	thinned int    // times the chart was thinned out
	added   uint64 // events ever added (the event log's version)
	lead    int    // the chart's current leader (-1 none)
	term    uint64

	// timer smoothing: per member the last elapsed ticks seen and when.
	lastElapsed []int
	elapsedAt   []time.Duration
}

// Flight is one message on the wire, from its send to its delivery or drop.
type Flight struct {
	_        noEqual
	ID       uint64
	From, To int
	Type     lab.MessageType
	Term     uint64
	Entries  int
	Send     time.Duration
	End      time.Duration // delivery or drop; 0 while in flight
	Dropped  bool
	Reason   lab.Reason
	// Traffic is what it carries: Raft's own, a client's, a forward to
	// the leader (or its answer), a snapshot; each is drawn its own way.
	Traffic lab.Traffic
	// Client marks a client's request (or, with Reply, its answer) on a
	// client connection (lab.ConnClient) rather than a Raft message; Method
	// is its RPC ("Put").
	Client bool
	Reply  bool
	Method string
	// CP marks a client flight drawn in the control-plane view (From and
	// To are -1): from the API server on node Host to member Server.
	CP           bool
	Host, Server string
	finished     bool
}

// ChartPoint starts a stretch of the terms chart.
type ChartPoint struct {
	At     time.Duration
	Term   uint64
	Leader int // ring index, -1 for none
}

// Limits that keep memory steady over a long run.
const (
	maxFlights  = 300
	MaxEvents   = 400
	maxChart    = 2000
	VisibleEvts = 20
)

func newTracker(s *Session) *tracker {
	t := &tracker{s: s, ids: map[string]int{}, flights: map[uint64]*Flight{}, lead: -1}
	if s.tr != nil {
		t.lang = s.tr.lang
	}
	for _, st := range s.Lab.Status() {
		t.ids[st.Name] = len(t.names)
		t.names = append(t.names, st.Name)
	}
	n := len(t.names)
	t.lastHeard = make([]time.Duration, n)
	t.timeout = make([]*Event, n)
	t.lastElapsed = make([]int, n)
	t.elapsedAt = make([]time.Duration, n)
	t.chart = []ChartPoint{{At: 0, Term: 1, Leader: -1}}
	return t
}

func (t *tracker) idx(name string) int {
	if i, ok := t.ids[name]; ok {
		return i
	}
	return -1
}

func (t *tracker) add(e Event) {
	t.added++
	t.events = append(t.events, e)
	if len(t.events) > 2*MaxEvents {
		t.events = append(t.events[:0], t.events[len(t.events)-MaxEvents:]...)
	}
}

// command notes a UI or console command in the event log.
func (t *tracker) command(line string) {
	t.add(Event{At: t.s.Lab.Now(), Kind: evCommand, M: -1, P: -1, S: line})
}

// record sees every lab event, in order (Session.observe: observed during a
// replay, pulled from the lab after it).
func (t *tracker) record(e lab.Event) {
	switch e.Kind {
	case lab.EventSend:
		from, to := t.idx(e.Member), t.idx(e.Peer)
		if from < 0 || to < 0 {
			return
		}
		t.flights[e.MsgID] = &Flight{ID: e.MsgID, From: from, To: to, Type: e.Msg, Term: e.Term, Entries: e.Entries, Send: e.At, Traffic: e.Traffic}
		t.order = append(t.order, e.MsgID)
		t.prune(e.At)
	case lab.EventPacketSend:
		t.packet(e)
	case lab.EventDeliver, lab.EventPacketDeliver:
		if f := t.flights[e.MsgID]; f != nil {
			f.End, f.finished = e.At, true
		}
		if to := t.idx(e.Peer); to >= 0 && e.Kind == lab.EventDeliver {
			switch e.Msg {
			case lab.MsgApp, lab.MsgHeartbeat, lab.MsgSnap:
				t.lastHeard[to] = e.At
			}
		}
	case lab.EventDrop, lab.EventPacketDrop:
		if f := t.flights[e.MsgID]; f != nil {
			f.End, f.finished, f.Dropped, f.Reason = e.At, true, true, e.Reason
		}
	case lab.EventKill:
		if m := t.idx(e.Member); m >= 0 {
			t.add(Event{At: e.At, Kind: evKill, M: m, P: -1})
			if t.lead == m {
				t.chartPoint(e.At, t.term, -1)
			}
		}
	case lab.EventStart:
		if m := t.idx(e.Member); m >= 0 {
			t.lastHeard[m] = e.At
			if e.At > 0 {
				t.add(Event{At: e.At, Kind: evStart, M: m, P: -1})
			}
		}
	case lab.EventStopping:
		if m := t.idx(e.Member); m >= 0 {
			t.add(Event{At: e.At, Kind: evStopping, M: m, P: -1})
		}
	case lab.EventRemoved:
		if m := t.idx(e.Member); m >= 0 {
			t.add(Event{At: e.At, Kind: evRemoved, M: m, P: -1})
		}
	case lab.EventRole:
		m := t.idx(e.Member)
		if m < 0 {
			return
		}
		switch e.Role {
		case lab.RoleLeader:
			t.add(Event{At: e.At, Kind: evLeader, M: m, P: -1, Term: e.Term})
			t.chartPoint(e.At, e.Term, m)
		case lab.RoleFollower:
			if p := t.idx(e.Leader); p >= 0 {
				t.lastHeard[m] = e.At
				t.add(Event{At: e.At, Kind: evFollow, M: m, P: p, Term: e.Term})
			}
			if t.lead == m {
				t.chartPoint(e.At, e.Term, -1)
			}
		}
		if e.Term > t.term {
			t.chartPoint(e.At, e.Term, t.lead)
		}
	case lab.EventVote:
		m, p := t.idx(e.Member), t.idx(e.Peer)
		if m < 0 || p < 0 {
			return
		}
		kind := evVoteRejected
		if e.Granted {
			kind = evVoteGranted
		}
		t.add(Event{At: e.At, Kind: kind, M: m, P: p, Term: e.Term, Pre: e.PreVote, Reason: e.Reason})
	case lab.EventCommit:
		// Only a leader's commits: each one is a write made durable on a majority.
		if m := t.idx(e.Member); m >= 0 && m == t.lead {
			t.add(Event{At: e.At, Kind: evCommit, M: m, P: -1, N: e.Index})
		}
	case lab.EventSnapshot:
		if m := t.idx(e.Member); m >= 0 {
			t.add(Event{At: e.At, Kind: evSnapshot, M: m, P: -1, N: e.Index})
		}
	case lab.EventTimeout:
		if m := t.idx(e.Member); m >= 0 {
			ev := &Event{At: e.At, Kind: evTimeout, M: m, P: -1, D: e.At - t.lastHeard[m]}
			if e.Reason == lab.ReasonTimeoutNow {
				ev.Kind, ev.P = evTimeoutNow, t.idx(e.Peer)
			}
			t.timeout[m] = ev
		}
	case lab.EventCampaign:
		m := t.idx(e.Member)
		if m < 0 {
			return
		}
		ev := Event{At: e.At, Kind: evCampaign, M: m, P: -1, Term: e.Term, Pre: e.PreVote}
		if to := t.timeout[m]; to != nil && to.At == e.At {
			ev.Kind, ev.D, ev.P = to.Kind, to.D, to.P
		}
		t.timeout[m] = nil
		t.add(ev)
	default:
		m := t.idx(e.Member)
		if m < 0 {
			return
		}
		if k, ok := simpleKind(e.Kind); ok {
			t.add(Event{At: e.At, Kind: k, M: m, P: t.idx(e.Peer), Term: e.Term})
		}
	}
}

// packet starts a flight for a packet on a connection: a client's request
// or answer (lab.ConnClient), or a member's request to its leader and the
// answer (lab.ConnPeer, a forward), drawn between the two members. A client
// on a control-plane node (its kube-apiserver) is drawn in the
// control-plane view, along the line from that node's API server to the
// member serving it (CP, with Host and Server). Any other client is drawn on
// the ring between the member on its machine and the member serving it; a
// client on a machine that runs no member is not drawn (there is no place
// of its own on the ring). Snapshot streams are traced as their MsgSnap.
func (t *tracker) packet(e lab.Event) {
	f := &Flight{ID: e.MsgID, Traffic: e.Traffic, Reply: e.Reply, Method: e.Method, Send: e.At}
	switch e.Conn {
	case lab.ConnPeer:
		f.From, f.To = t.idx(e.Member), t.idx(e.Peer)
		if f.From < 0 || f.To < 0 {
			return
		}
	case lab.ConnClient:
		if !t.clientEnds(e, f) {
			return
		}
	default:
		return
	}
	t.flights[e.MsgID] = f
	t.order = append(t.order, e.MsgID)
	t.prune(e.At)
}

// clientEnds places a client's packet: in the control-plane view or on the
// ring (see packet); false when it is not drawn.
func (t *tracker) clientEnds(e lab.Event, f *Flight) bool {
	f.Client = true
	client, server := e.Member, e.Peer
	if e.Reply {
		client, server = server, client
	}
	if p := t.s.Lab.Kube(); p != nil && e.Host != "" {
		if n := p.Node(e.Host); n != nil && n.API != nil {
			f.CP, f.Host, f.Server, f.From, f.To = true, e.Host, server, -1, -1
			return true
		}
	}
	c, s := t.idx(client), t.idx(server)
	if client == "" || c < 0 || s < 0 {
		return false
	}
	f.From, f.To = c, s
	if e.Reply {
		f.From, f.To = s, c
	}
	return true
}

// simpleKind is the event-log kind of a lab event told with a member, a
// peer and a term (a switch: a map literal was built by the package's
// initialisation, with a map type of its own).
func simpleKind(k lab.EventKind) (evKind, bool) {
	switch k {
	case lab.EventElectionLost:
		return evLost, true
	case lab.EventStepDown:
		return evStepDown, true
	case lab.EventVoteIgnored:
		return evIgnored, true
	case lab.EventTransfer:
		return evTransfer, true
	case lab.EventAppendRejected:
		return evAppendRejected, true
	}
	return 0, false
}

func (t *tracker) chartPoint(at time.Duration, term uint64, lead int) {
	if term < t.term {
		term = t.term
	}
	t.term, t.lead = term, lead
	last := &t.chart[len(t.chart)-1]
	if last.At == at {
		last.Term, last.Leader = term, lead
		return
	}
	if last.Term == term && last.Leader == lead {
		return
	}
	t.chart = append(t.chart, ChartPoint{At: at, Term: term, Leader: lead})
	if len(t.chart) > maxChart {
		// Keep the start and thin out the rest by half.
		thin := t.chart[:1]
		for i := 1; i < len(t.chart); i += 2 {
			thin = append(thin, t.chart[i])
		}
		t.chart = thin
		t.thinned++
	}
}

// prune forgets finished flights that are no longer drawn, and bounds the
// number kept.
func (t *tracker) prune(now time.Duration) {
	if len(t.order) < maxFlights/2 {
		return
	}
	linger := t.linger()
	keep := t.order[:0]
	for _, id := range t.order {
		f := t.flights[id]
		if f == nil || (f.finished && now > f.End+linger) {
			delete(t.flights, id)
			continue
		}
		keep = append(keep, id)
	}
	t.order = keep
	for len(t.order) > maxFlights {
		delete(t.flights, t.order[0])
		t.order = t.order[1:]
	}
	if cap(t.order) > 4*maxFlights {
		t.order = append([]uint64(nil), t.order...)
	}
}

// linger is how long a dropped message is drawn falling, in virtual time:
// about half a second of real time at the current speed.
func (t *tracker) linger() time.Duration {
	return time.Duration(float64(500*time.Millisecond) * t.s.Speed())
}

// lost makes what is drawn whole again after the lab dropped events the
// page did not pull in time (lab.MaxPendingEvents): a flight whose end was
// dropped would hang in the air, a timeout wait for its campaign, and the
// terms chart miss a leader; the event log keeps what it was told.
func (t *tracker) lost() {
	now := t.s.Lab.Now()
	clear(t.flights)
	t.order = t.order[:0]
	clear(t.timeout)
	for i := range t.lastHeard {
		t.lastHeard[i] = now
	}
	lead, term := -1, t.term
	for _, st := range t.s.Lab.Status() {
		if st.Role == string(lab.RoleLeader) {
			lead = t.idx(st.Name)
		}
		term = max(term, st.Term)
	}
	t.chartPoint(now, term, lead)
}

// settle drops everything that finished before now (after a replay).
func (t *tracker) settle() { t.prune(t.s.Lab.Now()) }
