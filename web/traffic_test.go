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
