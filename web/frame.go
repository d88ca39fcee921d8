package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/lab"
)

// Frame is everything one build draws, computed once per animation frame
// from the session.
type Frame struct {
	Now     time.Duration
	Members []MemberView
	Links   []LinkView
	Flights []FlightView
	Clients []FlightView // client requests and answers (drawn as squares)
	// Forwards are members' requests passed on to their leader and the
	// answers (diamonds); Snapshots a leader's snapshots to followers.
	Forwards  []FlightView
	Snapshots []FlightView
	// CPClients are the API servers' etcd requests and answers, drawn in
	// the control-plane view.
	CPClients []CPFlightView
	Leader    string
	Quorum    Quorum
	Err       error
	Hash      string
	Steps     uint64
	Partited  bool

	Host string // the console's host (core/lab's Host)
	// Sides of the partition (core/lab's Sides); Split when they are drawn
	// as columns, with Divides between them.
	Sides     []SideView
	Split     bool
	Divides   []float64
	R         float64 // members' circle radius
	Animating bool    // members are still gliding to their places
}

// SideView is one side of a partition as drawn: its column's centre, its
// members up of the cluster, whether that is a quorum, and whether the
// console's host is on it.
type SideView struct {
	X       float64
	Members []string
	Up, Of  int
	Quorum  bool
	Host    bool
}

// MemberView is one etcd member as drawn in the cluster view.
type MemberView struct {
	Idx          int
	ID           string // etcd member ID in hex
	Name         string // etcd --name, e.g. "node-1"
	Role         Role
	Up           bool
	Term         uint64
	Leader, Vote string
	CommitIndex  uint64
	AppliedIndex uint64
	FirstIndex   uint64
	LastIndex    uint64
	X, Y         float64 // where it is drawn (gliding towards TX, TY)
	TX, TY       float64 // where the layout puts it
	LabelY       float64 // the line under (or over) it
	Host         bool    // the console runs here
	Side         int     // index in Frame.Sides
	// Timer is the election timer's progress 0..1 (-1: none, e.g. a leader).
	Timer       float64
	TimeoutMS   int // this member's randomized election timeout
	Group       int // partition group (0: none; negative: isolated alone)
	GroupLabel  string
	Votes       int // votes granted in its current (pre-)election
	Progress    []lab.Progress
	Note        string
	Selected    bool
	HeartbeatAt float64 // 0..1 since the leader's last heartbeat tick
}

// LinkView is the network link between two members.
type LinkView struct {
	_              noEqual
	X1, Y1, X2, Y2 float64
	Cut            bool
	OneWay         int     // 1: only 1→2 passes; -1: only 2→1 passes
	Hidden         bool    // cut between sides of a partition: not drawn
	R              float64 // the members' radius (arrows end at the circle)
}

// FlightView is one message drawn on its link.
type FlightView struct {
	_       noEqual
	X, Y    float64
	Label   string
	Title   string // what the message is (its tooltip)
	Class   string
	Opacity float64
	// TestID and Shape (an SVG path around 0,0) of a flight that is not
	// Raft's: a client's square, a forward's diamond, a snapshot's page.
	TestID, Shape string
}

// CPFlightView is an API server's request or answer: the control-plane
// view places it at P along the line from the API server on node Host
// (P = 0) to etcd member Server (P = 1), Fall below it once dropped.
type CPFlightView struct {
	FlightView   // not comparable (noEqual)
	Host, Server string
	P, Fall      float64
}

// Role is a member's Raft role as the UI shows it.
type Role string

// Roles the UI knows how to draw. Anything else is drawn as RoleUnknown.
const (
	RoleLeader       Role = "leader"
	RoleFollower     Role = "follower"
	RoleCandidate    Role = "candidate"
	RolePreCandidate Role = "pre-candidate"
	RoleLearner      Role = "learner"
	RoleUnknown      Role = ""
)

// Frame computes the picture for the current virtual time.
func (s *Session) Frame(selected int) Frame {
	l := s.Lab
	now := l.Now()
	st := l.Status()
	t := s.tr
	net := l.Network()
	groups := net.Group
	f := Frame{Now: now, Leader: l.Leader(), Err: l.Err(), Hash: l.TraceHash(), Steps: l.Steps(),
		Partited: net.Partitioned, Host: l.Host()}
	n := len(st)
	f.R = nodeRadius(n)
	sides := l.Sides()
	sideOf := make([]int, n)
	for i, m := range st {
		sideOf[i] = max(0, lab.SideOf(sides, m.Name))
	}
	pts, centres, divides, split := sideLayout(sideOf, len(sides))
	f.Split, f.Divides = split, divides
	if len(sides) > 1 {
		for i, sd := range sides {
			sv := SideView{Members: sd.Members, Up: sd.Up, Of: n, Quorum: sd.Quorum, Host: lab.SideOf(sides, f.Host) == i}
			if split {
				sv.X = centres[i]
			}
			f.Sides = append(f.Sides, sv)
		}
	}
	hb := s.Lab.ClusterOptions().HeartbeatInterval
	f.Members = make([]MemberView, n)
	groupNames := map[int]string{}
	for i, m := range st {
		x, y := RingPoint(i, n)
		if split {
			x, y = pts[i][0], pts[i][1]
		}
		mv := MemberView{TX: x, TY: y, Host: m.Name == f.Host, Side: sideOf[i],
			Idx: i, ID: strconv.FormatUint(m.ID, 16), Name: m.Name, Role: Role(m.Role), Up: m.Up, Term: m.Term,
			Leader: m.Leader, Vote: m.Vote, CommitIndex: m.Commit, AppliedIndex: m.Applied,
			FirstIndex: m.FirstIndex, LastIndex: m.LastIndex, X: x, Y: y, Timer: -1,
			TimeoutMS: int(time.Duration(m.ElectionTimeout) * hb / time.Millisecond),
			Votes:     len(m.VotesGranted), Progress: m.Progress, Selected: i == selected,
		}
		if len(groups) > 0 {
			if g, ok := groups[m.Name]; ok {
				mv.Group = g
				if groupNames[g] == "" {
					groupNames[g] = string(rune('A' + len(groupNames)))
				}
				mv.GroupLabel = groupNames[g]
			} else {
				mv.Group, mv.GroupLabel = -1-i, "∅"
			}
		}
		if !m.Up {
			mv.Role = RoleUnknown
		}
		// Election timer, smoothed between ticks.
		if m.Up && m.Role != "leader" && m.ElectionTimeout > 0 {
			if m.ElectionElapsed != t.lastElapsed[i] {
				t.lastElapsed[i], t.elapsedAt[i] = m.ElectionElapsed, now
			}
			frac := min(now-t.elapsedAt[i], hb)
			el := float64(m.ElectionElapsed)*float64(hb) + float64(frac)
			mv.Timer = math.Min(1, el/(float64(m.ElectionTimeout)*float64(hb)))
		}
		mv.LabelY = labelY(mv, f.R, !split)
		f.Members[i] = mv
	}
	f.Animating = s.glide(f.Members)
	// Links: every pair, cut when a message could not pass either way;
	// a one-way cut is drawn as an arrow the way messages still go.
	f.Links = make([]LinkView, 0, n*(n-1)/2)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := st[i].Name, st[j].Name
			ab, ba := l.Reachable(a, b), l.Reachable(b, a)
			lv := LinkView{
				X1: f.Members[i].X, Y1: f.Members[i].Y, X2: f.Members[j].X, Y2: f.Members[j].Y,
				Cut: !ab || !ba, R: f.R,
			}
			switch {
			case ab && !ba:
				lv.OneWay = 1
			case ba && !ab:
				lv.OneWay = -1
			}
			// Across a divide the link is gone.
			lv.Hidden = lv.Cut && lv.OneWay == 0 && f.Members[i].Side != f.Members[j].Side
			f.Links = append(f.Links, lv)
		}
	}
	s.flights(now, &f)
	f.Quorum = s.QuorumNow()
	return f
}

// MaxDrawnFlights bounds the Raft messages drawn in one frame, and
// MaxDrawnClients each other kind: client requests and answers (on the
// ring, and in the control-plane view), forwards, snapshots.
const (
	MaxDrawnFlights = 60
	MaxDrawnClients = 12
)

// The shapes of the flights that are not Raft's dots, as SVG paths around
// their place: a square for a client's request or answer, a diamond for a
// forward or its answer, a page with two lines cut out for a snapshot.
const (
	squarePath  = "M-4.5 -4.5H4.5V4.5H-4.5Z"
	diamondPath = "M0 -6.5L6.5 0L0 6.5L-6.5 0Z"
	pagePath    = "M-6 -8H2.5L7 -3.5V8H-6ZM-3.5 -1H4V0.8H-3.5ZM-3.5 2.8H4V4.6H-3.5Z"
)

// ringList is the frame's list a flight on the ring is drawn in, by what
// it carries, with its test id and shape ("" for Raft's dots).
func (f *Frame) ringList(fl *Flight) (list *[]FlightView, testID, shape string) {
	switch {
	case fl.Client:
		return &f.Clients, "client-flight", squarePath
	case fl.Traffic == lab.TrafficForward || fl.Traffic == lab.TrafficForwardAnswer:
		return &f.Forwards, "forward-flight", diamondPath
	case fl.Traffic == lab.TrafficSnapshot:
		return &f.Snapshots, "snapshot-flight", pagePath
	}
	return &f.Flights, "", ""
}

// flightsFull reports whether every kind of flight has its most drawn.
func (f *Frame) flightsFull() bool {
	return len(f.Flights) >= MaxDrawnFlights && len(f.Clients) >= MaxDrawnClients && len(f.CPClients) >= MaxDrawnClients &&
		len(f.Forwards) >= MaxDrawnClients && len(f.Snapshots) >= MaxDrawnClients
}

// flights places the messages on the wire at virtual time now, newest
// first, into f's lists: Raft messages, client requests and answers,
// forwards, snapshots.
func (s *Session) flights(now time.Duration, f *Frame) {
	t := s.tr
	ms := f.Members
	est := s.Lab.Network().Latency
	linger := t.linger()
	for k := len(t.order) - 1; k >= 0 && !f.flightsFull(); k-- {
		fl := t.flights[t.order[k]]
		if fl == nil || fl.From >= len(ms) || fl.To >= len(ms) {
			continue
		}
		list, testID, shape := f.ringList(fl)
		most := MaxDrawnClients
		if list == &f.Flights {
			most = MaxDrawnFlights
		}
		if (fl.CP && len(f.CPClients) >= MaxDrawnClients) || (!fl.CP && len(*list) >= most) {
			continue
		}
		if fl.finished && (now > fl.End+linger || (!fl.Dropped && now >= fl.End)) {
			continue
		}
		if now < fl.Send {
			continue
		}
		// Progress along the link: exact once the delivery time is known,
		// else estimated from the link latency.
		var p float64
		end := fl.End
		if !fl.finished {
			end = fl.Send + est
		}
		if end > fl.Send {
			p = float64(min(now, end)-fl.Send) / float64(end-fl.Send)
		}
		if !fl.finished {
			p = math.Min(p, 0.97)
		}
		if fl.CP {
			cv := CPFlightView{FlightView: FlightView{Class: msgClass(fl), Opacity: 1, Title: msgLabel(fl)},
				Host: fl.Host, Server: fl.Server, P: p}
			if fl.Reply {
				cv.P = 1 - p
			}
			cv.Fall, cv.Opacity, cv.Class = dropFall(fl, now, linger, cv.Class)
			f.CPClients = append(f.CPClients, cv)
			continue
		}
		r := nodeRadius(len(ms)) + 4
		var x, y float64
		var ok bool
		if fl.Client {
			x, y, ok = clientPoint(ms, fl, r, p)
		} else {
			x, y, ok = linkPoint(ms[fl.From], ms[fl.To], r, p)
		}
		if !ok {
			continue
		}
		// No text rides on a message (it would cross members and other
		// labels): shape, colour and size say what it is (the legend).
		fv := FlightView{X: x, Y: y, Class: msgClass(fl), Title: msgLabel(fl), TestID: testID, Shape: shape}
		var fall float64
		fall, fv.Opacity, fv.Class = dropFall(fl, now, linger, fv.Class)
		fv.Y += fall
		*list = append(*list, fv)
	}
}

// dropFall is how far a dropped message has fallen below its place, its
// opacity and class at now: it fades out over linger.
func dropFall(fl *Flight, now, linger time.Duration, class string) (fall, opacity float64, cls string) {
	switch {
	case fl.Dropped && now > fl.End:
		q := float64(now-fl.End) / float64(max(linger, 1))
		return 60 * q * q, math.Max(0, 1-q), class + " dropped"
	case fl.Dropped && now == fl.End:
		return 0, 1, class + " dropped"
	}
	return 0, 1, class
}

// linkPoint is a Raft message at progress p on the link a→b: between the
// circles' edges, offset to the right of the direction so a request and its
// answer do not overlap.
func linkPoint(a, b MemberView, r, p float64) (x, y float64, ok bool) {
	dx, dy := b.X-a.X, b.Y-a.Y
	d := math.Hypot(dx, dy)
	if d == 0 {
		return 0, 0, false
	}
	ux, uy := dx/d, dy/d
	return a.X + ux*(r+(d-2*r)*p) - uy*7, a.Y + uy*(r+(d-2*r)*p) + ux*7, true
}

// clientPoint is a client's request or answer at progress p: it travels
// between the client's corner of its member's circle (where the console's
// host mark sits) and the serving member, so a client served by its own
// member (etcdctl on node-1 to node-1) still visibly goes in and out.
func clientPoint(ms []MemberView, fl *Flight, r, p float64) (x, y float64, ok bool) {
	c, sv := ms[fl.From], ms[fl.To]
	if fl.Reply {
		c, sv, p = sv, c, 1-p
	}
	R := r - 4
	sx, sy := c.X-R-2, c.Y-R+2
	dx, dy := sv.X-sx, sv.Y-sy
	d := math.Hypot(dx, dy)
	if d == 0 {
		return 0, 0, false
	}
	stop := d - math.Min(r, d/2)
	return sx + dx/d*stop*p, sy + dy/d*stop*p, true
}

func msgLabel(f *Flight) string {
	if f.Method != "" { // a packet on a client or peer connection
		if f.Reply {
			return f.Method + " answer"
		}
		return f.Method + " request"
	}
	switch f.Type {
	case lab.MsgApp:
		if f.Entries > 0 {
			return "Append×" + strconv.Itoa(f.Entries)
		}
		return "Append"
	case lab.MsgAppResp:
		return "AppendResp"
	case lab.MsgHeartbeat:
		return "Heartbeat"
	case lab.MsgHeartbeatResp:
		return "HeartbeatResp"
	case lab.MsgVote:
		return "Vote t" + strconv.FormatUint(f.Term, 10)
	case lab.MsgVoteResp:
		return "VoteResp"
	case lab.MsgPreVote:
		return "PreVote t" + strconv.FormatUint(f.Term, 10)
	case lab.MsgPreVoteResp:
		return "PreVoteResp"
	case lab.MsgProp:
		return "Propose→leader"
	case lab.MsgReadIndex:
		return "ReadIndex→leader"
	case lab.MsgReadIndexResp:
		return "ReadIndexResp"
	case lab.MsgSnap:
		return "Snapshot"
	case lab.MsgTimeoutNow:
		return "TimeoutNow"
	case lab.MsgTransferLeader:
		return "Transfer"
	}
	return f.Type.String()
}

func msgClass(f *Flight) string {
	switch {
	case f.Client && f.Reply:
		return "cmsg c-reply"
	case f.Client:
		return "cmsg c-req"
	case f.Traffic == lab.TrafficForward:
		return "fmsg f-req"
	case f.Traffic == lab.TrafficForwardAnswer:
		return "fmsg f-reply"
	case f.Traffic == lab.TrafficSnapshot:
		return "smsg"
	}
	c := "msg "
	switch f.Type {
	case lab.MsgApp, lab.MsgAppResp:
		c += "m-app"
	case lab.MsgHeartbeat, lab.MsgHeartbeatResp:
		c += "m-hb"
	case lab.MsgVote, lab.MsgVoteResp:
		c += "m-vote"
	case lab.MsgPreVote, lab.MsgPreVoteResp:
		c += "m-prevote"
	default:
		c += "m-other"
	}
	if f.Type.IsResponse() {
		c += " resp"
	}
	return c
}

// LogEntryView is one cell of a member's log strip.
type LogEntryView struct {
	_         noEqual
	Index     uint64
	Term      uint64
	Class     string
	Committed bool
	Applied   bool
}

// LogStrip is one member's log, windowed to its newest entries.
type LogStrip struct {
	Name     string
	Up       bool
	Entries  []LogEntryView
	Commit   uint64
	Applied  uint64
	First    uint64
	Last     uint64
	Progress []lab.Progress
	Leader   bool
	Elided   uint64 // entries before the window
}

// LogWindow is how many newest entries a strip shows.
const LogWindow = 24

// Logs builds the log strips (only when the logs tab is open).
func (s *Session) Logs(ms []MemberView) []LogStrip {
	out := make([]LogStrip, 0, len(ms))
	for _, mv := range ms {
		ls := LogStrip{Name: mv.Name, Up: mv.Up, Commit: mv.CommitIndex, Applied: mv.AppliedIndex,
			Leader: mv.Role == RoleLeader, Progress: mv.Progress}
		if ents, first, last, commit, _, ok := s.Lab.MemberLog(mv.Name, LogWindow); ok {
			ls.First, ls.Last = first, last
			ls.Elided = first - 1
			if len(ents) > 0 {
				ls.Elided = ents[0].Index - 1
			}
			for _, e := range ents {
				ls.Entries = append(ls.Entries, LogEntryView{Index: e.Index, Term: e.Term,
					Class:     "ent t" + strconv.FormatUint(e.Term%8, 10),
					Committed: e.Index <= commit, Applied: e.Index <= mv.AppliedIndex})
			}
		}
		out = append(out, ls)
	}
	return out
}

// The terms-and-leaders chart: segments from one chart point to the next,
// x in milliseconds of virtual time (the chart's inner SVG scales them to
// the timeline with its viewBox), y by term. Completed segments are an
// island rebuilt when the points change; the segment still growing (from
// the last point to now) is drawn by the template.

const chartH = 60.0

func (s *Session) chartMaxTerm() uint64 {
	maxTerm := uint64(1)
	for _, p := range s.tr.chart {
		maxTerm = max(maxTerm, p.Term)
	}
	return maxTerm
}

func chartY(term, maxTerm uint64) float64 {
	return chartH - 4 - (chartH-8)*float64(term)/float64(maxTerm)
}

func chartClass(lead int) string {
	if lead >= 0 {
		return "seg lead" + strconv.Itoa(lead%7)
	}
	return "seg noleader"
}

// chartKey identifies the completed segments.
func (s *Session) chartKey() string {
	pts := s.tr.chart
	p := pts[len(pts)-1]
	return strconv.Itoa(s.trGen) + "|" + strconv.Itoa(len(pts)) + "|" + strconv.FormatInt(int64(p.At), 10) + "|" + strconv.FormatUint(p.Term, 10) + "|" +
		strconv.Itoa(p.Leader) + "|" + strconv.FormatUint(s.chartMaxTerm(), 10) + "|" + strconv.Itoa(s.tr.thinned)
}

// chartHTML draws the completed segments (island content, see island.go).
func (s *Session) chartHTML() string {
	pts := s.tr.chart
	maxTerm := s.chartMaxTerm()
	var b strings.Builder
	for i := 0; i+1 < len(pts); i++ {
		p := pts[i]
		x1, x2 := float64(p.At)/1e6, float64(pts[i+1].At)/1e6
		y := num(chartY(p.Term, maxTerm))
		b.WriteString(`<line class="` + chartClass(p.Leader) + `" x1="` + num(x1) + `" x2="` + num(x2) + `" y1="` + y + `" y2="` + y + `"></line>`)
	}
	return b.String()
}

// ChartTail is the growing segment, in the outer chart's 600-wide units.
type ChartTail struct {
	_         noEqual
	X1, X2, Y float64
	Class     string
}

func (s *Session) chartTail(w float64) ChartTail {
	pts := s.tr.chart
	p := pts[len(pts)-1]
	hor := max(s.Horizon(), 1)
	x1 := w * float64(p.At) / float64(hor)
	x2 := w * float64(s.Lab.Now()) / float64(hor)
	return ChartTail{X1: x1, X2: math.Max(x2, x1+1), Y: chartY(p.Term, s.chartMaxTerm()), Class: chartClass(p.Leader)}
}
