package web

import (
	"testing"
	"time"
)

// A share link whose journal holds a reset (and fault commands) loads at
// the link's time with the same trace, and Step advances it: the session
// is one timeline that a reset carries on in a new cluster.
func TestShareLinkWithReset(t *testing.T) {
	s := NewSession(DefaultSettings())
	run(s, 2*time.Second)
	s.Issue("drop 0.1")
	s.Issue("etcdctl put a 1")
	run(s, time.Second)
	s.Issue("reset --size 5 --seed 4")
	run(s, 3*time.Second)
	s.Issue("etcdctl put b 2")
	s.Issue("latency 5ms")
	run(s, 2*time.Second)
	at, hash := s.Lab.Now(), s.Lab.TraceHash()
	if at < 7*time.Second {
		t.Fatalf("the clock went back at the reset: %v", at)
	}

	sh, err := ParseShare("#" + s.ShareFragment())
	if err != nil {
		t.Fatal(err)
	}
	s2 := NewSession(DefaultSettings())
	s2.Load(sh)
	if s2.Lab.Now() != at || s2.Lab.TraceHash() != hash {
		t.Fatalf("share link with a reset: now %v hash %s, want %v %s", s2.Lab.Now(), s2.Lab.TraceHash(), at, hash)
	}
	if got := len(s2.Names()); got != 5 {
		t.Fatalf("the loaded session has %d members, want the reset's 5", got)
	}
	before := s2.Lab.Now()
	s2.StepEvent()
	s2.StepEvent()
	if s2.Lab.Now() <= before {
		t.Fatalf("step does not advance a loaded session: %v", s2.Lab.Now())
	}

	// Rewinding to before the reset and forward again keeps the future.
	s.Seek(2 * time.Second)
	if len(s.Names()) != 3 {
		t.Fatalf("before the reset: %d members", len(s.Names()))
	}
	s.Seek(at)
	if s.Lab.Now() != at || s.Lab.TraceHash() != hash {
		t.Fatalf("seek across a reset: now %v hash %s, want %v %s", s.Lab.Now(), s.Lab.TraceHash(), at, hash)
	}
}
