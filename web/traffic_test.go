package web

import (
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
