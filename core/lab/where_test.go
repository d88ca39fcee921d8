package lab

import (
	"strings"
	"testing"
	"time"
)

func TestSidesAndWaiting(t *testing.T) {
	l := New(Options{Members: 5, Seed: 1})
	l.Run(3 * time.Second)
	if s := l.Sides(); len(s) != 1 || !s[0].Quorum || s[0].Up != 5 {
		t.Fatalf("whole network: sides %+v", s)
	}
	if r := l.Exec("partition node-1,node-2 node-3,node-4,node-5"); r.Exit != 0 {
		t.Fatal(r)
	}
	s := l.Sides()
	if len(s) != 2 || s[0].Quorum || !s[1].Quorum || strings.Join(s[0].Members, ",") != "node-1,node-2" {
		t.Fatalf("3:2 sides %+v", s)
	}
	l.Exec("host node-1")
	if l.Host() != "node-1" {
		t.Fatalf("host %q", l.Host())
	}
	c := l.Submit("etcdctl --endpoints=node-1 put k v")
	l.Run(2 * time.Second)
	w, ok := l.Waiting(c)
	if !ok || !w.Minority || w.Member != "node-1" || w.Of != 5 || w.Up != 2 {
		t.Fatalf("waiting %+v %v", w, ok)
	}
	if got := w.String(); !strings.HasPrefix(got, "waiting for a leader with a quorum; node-1 is on the minority side") {
		t.Errorf("wait line %q", got)
	}
	l.Run(10 * time.Second)
	if _, ok := l.Waiting(c); ok || !c.Done() {
		t.Error("a finished call still waits")
	}
	// A majority-side write is answered without a wait line.
	l.Exec("host node-3")
	c = l.Submit("etcdctl --endpoints=node-3,node-4,node-5 put k v")
	l.Run(3 * time.Second)
	if !c.Done() || c.Result().Exit != 0 {
		t.Fatalf("majority write: %+v", c.Result())
	}
	l.Exec("isolate node-3")
	if s := l.Sides(); len(s) != 3 {
		t.Errorf("after isolate: sides %+v", s)
	}
}
