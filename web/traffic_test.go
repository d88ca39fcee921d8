package web

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestClientTrafficFlights: `etcdctl put` from the console host travels as
// a client request (hollow square) then its answer (filled square) between
// the host's member and the member serving it; both are drawn, Raft
// messages keep their own class, and the ring renders them with their test
// id.
func TestClientTrafficFlights(t *testing.T) {
	s := NewSession(DefaultSettings())
	lead := leaderOf(t, s)
	host := s.Lab.Host()
	other := "node-2"
	if host == other {
		other = "node-3"
	}
	_ = lead
	// One put served by the host's own member, one by another member.
	s.Issue("etcdctl put k v")
	s.Issue("etcdctl --endpoints=" + other + " put k2 v")
	seen := map[string]bool{}
	across := false
	rendered := false
	root := NewRoot(s)
	for range 200 {
		run(s, time.Millisecond)
		f := s.Frame(-1)
		if len(f.Clients) > MaxDrawnClients || len(f.Flights) > MaxDrawnFlights {
			t.Fatalf("%d client and %d Raft flights drawn", len(f.Clients), len(f.Flights))
		}
		for _, c := range f.Clients {
			seen[c.Class] = true
			// Away from the host's corner: the one sent to another member.
			hm := f.Members[s.tr.idx(host)]
			om := f.Members[s.tr.idx(other)]
			if d := (c.X-om.X)*(c.X-om.X) + (c.Y-om.Y)*(c.Y-om.Y); d < (c.X-hm.X)*(c.X-hm.X)+(c.Y-hm.Y)*(c.Y-hm.Y) {
				across = true
			}
			if !strings.HasPrefix(c.Class, "cmsg ") || !strings.Contains(c.Title, "Put") {
				t.Errorf("client flight %+v", c)
			}
		}
		for _, fl := range f.Flights {
			if strings.Contains(fl.Class, "cmsg") {
				t.Errorf("client flight among Raft messages: %+v", fl)
			}
		}
		if len(f.Clients) > 0 && !rendered {
			rendered = strings.Contains(render(t, root), `data-testid="client-flight"`)
		}
	}
	if !seen["cmsg c-req"] || !seen["cmsg c-reply"] {
		t.Errorf("client flights seen %v, want a request and an answer", seen)
	}
	if !across {
		t.Errorf("no client flight drawn toward %s (the put's endpoint)", other)
	}
	if !rendered {
		t.Error("no client-flight element rendered while a client flight was in the frame")
	}
	// Client packets are tracked in the tracker's bounded flights.
	n := 0
	for _, fl := range s.tr.flights {
		if fl.Client {
			n++
		}
	}
	if n == 0 {
		t.Error("tracker kept no client flight")
	}
}

// TestAPIServerTrafficInControlPlane: with an external etcd, the API
// servers on cp-1..3 (machines that run no member) are etcd clients; their
// requests and answers become control-plane flights from their node to the
// member serving them, never ring flights drawn from another member, and
// the control-plane view renders them as client-flight squares.
func TestAPIServerTrafficInControlPlane(t *testing.T) {
	s := NewSession(DefaultSettings())
	s.Issue("reset --topology external")
	for i := 0; i < 100 && s.Lab.Kube() == nil; i++ {
		run(s, 10*time.Millisecond)
	}
	if p := s.Lab.Kube(); p == nil || p.Node("cp-1") == nil {
		t.Fatal("no control plane after reset --topology external")
	}
	root := NewRoot(s)
	seen := map[string]bool{}
	rendered := false
	for range 3000 {
		run(s, time.Millisecond)
		f := s.Frame(-1)
		if len(f.CPClients) > MaxDrawnClients {
			t.Fatalf("%d control-plane client flights drawn", len(f.CPClients))
		}
		for _, c := range f.CPClients {
			seen[c.Class] = true
			if !strings.HasPrefix(c.Host, "cp-") || !strings.HasPrefix(c.Server, "node-") || c.P < 0 || c.P > 1 {
				t.Errorf("control-plane flight %+v", c)
			}
		}
		if len(f.CPClients) > 0 && !rendered {
			h := render(t, root)
			i := strings.Index(h, `data-testid="cp-client-flights"`)
			rendered = i >= 0 && strings.Contains(h[i:], `data-testid="client-flight"`)
		}
		if seen["cmsg c-req"] && seen["cmsg c-reply"] && rendered {
			break
		}
	}
	if !seen["cmsg c-req"] || !seen["cmsg c-reply"] {
		t.Errorf("control-plane flights seen %v, want a request and an answer", seen)
	}
	if !rendered {
		t.Error("no client-flight rendered in the control-plane view")
	}
	// None of the API servers' packets is a ring flight.
	cp := 0
	for _, fl := range s.tr.flights {
		if !fl.Client {
			continue
		}
		if !fl.CP {
			t.Errorf("ring client flight %+v (the API servers' hosts run no member)", fl)
		}
		cp++
	}
	if cp == 0 {
		t.Error("tracker kept no control-plane flight")
	}
}

// flightWatch runs a session in 1 ms steps and notes the classes of the
// flights drawn in each of the frame's lists; a forward or a snapshot among
// the Raft dots or the client squares is an error.
type flightWatch struct {
	t                   *testing.T
	s                   *Session
	root                *Root
	forwards, snapshots map[string]bool
	// rendered: test ids seen in the rendered ring while such a flight
	// was in the frame.
	rendered map[string]bool
	// ends: "traffic from→to" of the tracker's flights.
	ends map[string]bool
}

func newFlightWatch(t *testing.T, s *Session) *flightWatch {
	return &flightWatch{t: t, s: s, root: NewRoot(s), forwards: map[string]bool{}, snapshots: map[string]bool{},
		rendered: map[string]bool{}, ends: map[string]bool{}}
}

// until steps up to d of virtual time, until done holds.
func (w *flightWatch) until(d time.Duration, done func() bool) {
	for range int(d / time.Millisecond) {
		run(w.s, time.Millisecond)
		f := w.s.Frame(-1)
		for _, fl := range w.s.tr.flights {
			if fl.From >= 0 && fl.To >= 0 {
				w.ends[fl.Traffic.String()+" "+w.s.tr.names[fl.From]+"→"+w.s.tr.names[fl.To]] = true
			}
		}
		if len(f.Forwards) > MaxDrawnClients || len(f.Snapshots) > MaxDrawnClients {
			w.t.Fatalf("%d forwards and %d snapshots drawn", len(f.Forwards), len(f.Snapshots))
		}
		for _, fl := range f.Forwards {
			w.forwards[fl.Class] = true
		}
		for _, fl := range f.Snapshots {
			w.snapshots[fl.Class] = true
		}
		for _, fl := range append(slices.Clone(f.Flights), f.Clients...) {
			if strings.Contains(fl.Class, "fmsg") || strings.Contains(fl.Class, "smsg") {
				w.t.Errorf("forward or snapshot drawn among Raft or client flights: %+v", fl)
			}
		}
		if (len(f.Forwards) > 0 && !w.rendered["forward-flight"]) || (len(f.Snapshots) > 0 && !w.rendered["snapshot-flight"]) {
			h := render(w.t, w.root)
			for _, id := range []string{"forward-flight", "snapshot-flight"} {
				w.rendered[id] = w.rendered[id] || strings.Contains(h, `data-testid="`+id+`"`)
			}
		}
		if done() {
			return
		}
	}
}

// TestForwardAndSnapshotFlights: a put sent to a follower reaches the
// leader as a forward (Raft's proposal forwarding: a hollow diamond, in
// the frame's Forwards, never a Raft dot or a client square), a get there
// asks the leader for a read index and gets its answer (a filled diamond); a follower
// restarted after the leader compacted its log past it catches up from a
// snapshot, drawn as a snapshot flight (a page). Both render with their
// test ids.
func TestForwardAndSnapshotFlights(t *testing.T) {
	s := &Session{wall: sinceStart}
	opts := DefaultSettings().Options()
	opts.SnapshotCount, opts.CatchUpEntries = 4, 1
	s.start(opts, nil, 0)
	lead := leaderOf(t, s)
	var followers []string
	for _, n := range s.Names() {
		if n != lead {
			followers = append(followers, n)
		}
	}
	w := newFlightWatch(t, s)

	// A forward: the put's endpoint is a follower, which passes the
	// proposal to the leader.
	s.Issue("etcdctl --endpoints=" + followers[0] + " put k v")
	w.until(2*time.Second, func() bool { return w.forwards["fmsg f-req"] && w.rendered["forward-flight"] })
	if !w.forwards["fmsg f-req"] || !w.rendered["forward-flight"] {
		t.Fatalf("forwards drawn %v, rendered %v; want a forwarded request", w.forwards, w.rendered)
	}
	// A linearizable read there: the follower asks the leader for a read
	// index (ReadIndex), and the leader's answer comes back filled.
	s.Issue("etcdctl --endpoints=" + followers[0] + " get k")
	w.until(2*time.Second, func() bool { return w.forwards["fmsg f-reply"] })
	if !w.forwards["fmsg f-reply"] {
		t.Fatalf("forwards drawn %v; want the leader's answer to a read index", w.forwards)
	}
	if len(w.snapshots) > 0 {
		t.Errorf("snapshot flights %v before any follower lagged", w.snapshots)
	}

	// A snapshot: followers[1] misses more writes than the leader keeps
	// behind its snapshots, then restarts.
	s.Issue("kill " + followers[1])
	run(s, 100*time.Millisecond)
	for i := range 12 {
		s.Issue("etcdctl --endpoints=" + lead + " put k" + strconv.Itoa(i) + " v")
		run(s, 200*time.Millisecond)
	}
	s.Issue("start " + followers[1])
	w.until(5*time.Second, func() bool { return w.snapshots["smsg"] && w.rendered["snapshot-flight"] })
	if !w.snapshots["smsg"] || !w.rendered["snapshot-flight"] {
		t.Fatalf("snapshots drawn %v, rendered %v; want the leader's snapshot to %s", w.snapshots, w.rendered, followers[1])
	}
	// The tracker knows each by what it carries, between the members.
	for _, want := range []string{"forward " + followers[0] + "→" + lead, "snapshot " + lead + "→" + followers[1]} {
		if !w.ends[want] {
			t.Errorf("no %s flight in the tracker; saw %v", want, slices.Sorted(maps.Keys(w.ends)))
		}
	}
}
