package web

import (
	"sort"
	"time"

	"github.com/raftlab/raftlab/core/raft"
	"github.com/raftlab/raftlab/core/sim"
)

// tracker turns the core's trace (every send, delivery, drop, role change,
// vote, timer...) into what the UI animates and tells: messages in flight,
// the event log and the terms chart. What is shown is what the core did.
type tracker struct {
	s     *Session
	lang  Lang
	ids   map[uint64]int // member ID → ring index
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
	ID       uint64
	From, To int
	Type     raft.MessageType
	Term     uint64
	Entries  int
	Send     time.Duration
	End      time.Duration // delivery or drop; 0 while in flight
	Dropped  bool
	Reason   sim.DropReason
	finished bool
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
	t := &tracker{s: s, ids: map[uint64]int{}, flights: map[uint64]*Flight{}, lead: -1}
	if s.tr != nil {
		t.lang = s.tr.lang
	}
	for _, st := range s.Lab.Status() {
		t.ids[st.ID] = len(t.names)
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

func (t *tracker) idx(id uint64) int {
	if i, ok := t.ids[id]; ok {
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

// record sees every trace record (registered with Trace().Listen).
func (t *tracker) record(r sim.Record) {
	switch r.Kind {
	case sim.KindSend:
		from, to := t.idx(r.From), t.idx(r.To)
		if from < 0 || to < 0 {
			return
		}
		t.flights[r.ID] = &Flight{ID: r.ID, From: from, To: to, Type: r.MsgType, Term: r.Term, Entries: r.NumEntries, Send: r.At}
		t.order = append(t.order, r.ID)
		t.prune(r.At)
	case sim.KindDeliver:
		if f := t.flights[r.ID]; f != nil {
			f.End, f.finished = r.At, true
		}
		if to := t.idx(r.To); to >= 0 {
			switch r.MsgType {
			case raft.MsgApp, raft.MsgHeartbeat, raft.MsgSnap:
				t.lastHeard[to] = r.At
			}
		}
	case sim.KindDrop:
		if f := t.flights[r.ID]; f != nil {
			f.End, f.finished, f.Dropped, f.Reason = r.At, true, true, r.Drop
		}
	case sim.KindFault:
		m := t.idx(r.Member)
		if m < 0 {
			return
		}
		switch r.Fault {
		case sim.FaultKill:
			t.add(Event{At: r.At, Kind: evKill, M: m, P: -1})
			if t.lead == m {
				t.chartPoint(r.At, t.term, -1)
			}
		case sim.FaultStart:
			t.lastHeard[m] = r.At
			if r.At > 0 {
				t.add(Event{At: r.At, Kind: evStart, M: m, P: -1})
			}
		case sim.FaultStopping:
			t.add(Event{At: r.At, Kind: evStopping, M: m, P: -1})
		case sim.FaultRemoved:
			t.add(Event{At: r.At, Kind: evRemoved, M: m, P: -1})
		}
	case sim.KindRole:
		m := t.idx(r.Member)
		if m < 0 {
			return
		}
		switch r.Event.Role {
		case raft.StateLeader:
			t.add(Event{At: r.At, Kind: evLeader, M: m, P: -1, Term: r.Term})
			t.chartPoint(r.At, r.Term, m)
		case raft.StateFollower:
			if p := t.idx(r.Event.Lead); p >= 0 {
				t.lastHeard[m] = r.At
				t.add(Event{At: r.At, Kind: evFollow, M: m, P: p, Term: r.Term})
			}
			if t.lead == m {
				t.chartPoint(r.At, r.Term, -1)
			}
		}
		if r.Term > t.term {
			t.chartPoint(r.At, r.Term, t.lead)
		}
	case sim.KindVote:
		m, p := t.idx(r.Member), t.idx(r.From)
		if m < 0 || p < 0 {
			return
		}
		ev := r.Event
		if ev.Granted {
			t.add(Event{At: r.At, Kind: evVoteGranted, M: m, P: p, Term: ev.Term, Pre: ev.PreVote})
		} else {
			t.add(Event{At: r.At, Kind: evVoteRejected, M: m, P: p, Term: ev.Term, Pre: ev.PreVote, Reason: ev.Reason})
		}
	case sim.KindCommit:
		// Only a leader's commits: each one is a write made durable on a majority.
		if m := t.idx(r.Member); m >= 0 && m == t.lead {
			t.add(Event{At: r.At, Kind: evCommit, M: m, P: -1, N: r.Index})
		}
	case sim.KindSnapshot:
		if m := t.idx(r.Member); m >= 0 && r.Snapshot == sim.SnapshotInstalled {
			t.add(Event{At: r.At, Kind: evSnapshot, M: m, P: -1, N: r.Index})
		}
	case sim.KindRaft:
		m := t.idx(r.Member)
		if m < 0 {
			return
		}
		p := t.idx(r.From)
		switch r.Event.Kind {
		case raft.EventTimeout:
			e := &Event{At: r.At, Kind: evTimeout, M: m, P: p, D: r.At - t.lastHeard[m]}
			if p >= 0 {
				e.Kind = evTimeoutNow
			}
			t.timeout[m] = e
		case raft.EventCampaign:
			pre, term := r.Event.PreVote, r.Event.Term
			e := Event{At: r.At, Kind: evCampaign, M: m, P: -1, Term: term, Pre: pre}
			if to := t.timeout[m]; to != nil && to.At == r.At {
				e.Kind, e.D, e.P = to.Kind, to.D, to.P
				e.Term, e.Pre = term, pre
			}
			t.timeout[m] = nil
			t.add(e)
		case raft.EventElectionLost:
			t.add(Event{At: r.At, Kind: evLost, M: m, P: -1, Term: r.Event.Term})
		case raft.EventStepDown:
			t.add(Event{At: r.At, Kind: evStepDown, M: m, P: -1, Term: r.Term})
		case raft.EventVoteIgnored:
			t.add(Event{At: r.At, Kind: evIgnored, M: m, P: p, Term: r.Term})
		case raft.EventTransfer:
			t.add(Event{At: r.At, Kind: evTransfer, M: m, P: p, Term: r.Term})
		case raft.EventAppendRejected:
			t.add(Event{At: r.At, Kind: evAppendRejected, M: m, P: p, Term: r.Term})
		}
	}
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

// settle drops everything that finished before now (after a replay).
func (t *tracker) settle() { t.prune(t.s.Lab.Now()) }

func sortStrings(s []string) { sort.Strings(s) }
