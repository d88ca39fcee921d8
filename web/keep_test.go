package web

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// A kept session (longer than a link may be, with standard input lines)
// encodes and replays exactly; a link with standard input is refused.
func TestKeptSessionRoundTrip(t *testing.T) {
	s := NewSession(DefaultSettings())
	run(s, 2*time.Second)
	s.Issue("etcdctl put k\n" + strings.Repeat("v", 1000))
	s.Issue("reset --size 5")
	run(s, 2*time.Second)
	frag := s.ShareFragment()
	sh, err := parseShare(frag, keptLimits)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseShare(frag); err == nil {
		t.Error("a link carries a command with standard input")
	}
	s2 := NewSession(DefaultSettings())
	s2.Load(sh)
	if s2.Lab.Now() != s.Lab.Now() || s2.Lab.TraceHash() != s.Lab.TraceHash() {
		t.Fatalf("restored at %v hash %s, want %v %s", s2.Lab.Now(), s2.Lab.TraceHash(), s.Lab.Now(), s.Lab.TraceHash())
	}
	r := &Root{S: s2}
	r.keep.Restore = sh
	if !strings.Contains(r.RestoreOffer(), "commands") {
		t.Errorf("offer %q", r.RestoreOffer())
	}
}

// FuzzParseShare: no fragment crashes the parser; what it accepts is
// within the limits, in order, and encodes back to a fragment it accepts
// the same way; a short accepted session loads at its time.
func FuzzParseShare(f *testing.F) {
	good := NewSession(DefaultSettings()).ShareFragment()
	for _, s := range []string{good, good + "&c=5:kill%20node-1", good + "&c=5:reset%20--size%205&c=9:etcdctl%20put%20a%20'%26'",
		"v=1&seed=1&n=9", "garbage", "#", good + "&c=%zz", strings.Replace(good, "t=0", "t=1500000000", 1) + "&c=1000000000:drop%20NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, frag string) {
		sh, err := ParseShare(frag)
		if err != nil || sh == nil {
			return
		}
		if msg := sh.Settings.Valid(); msg != "" {
			t.Fatalf("accepted invalid settings: %s", msg)
		}
		if sh.At > MaxShareTime || len(sh.Journal) > MaxShareCmds {
			t.Fatalf("accepted past the limits: %v, %d commands", sh.At, len(sh.Journal))
		}
		again, err := ParseShare(encodeShare(sh.Settings, sh.Lesson, sh.Journal, sh.At))
		if err != nil {
			t.Fatalf("re-encoded link refused: %v", err)
		}
		if again.At != sh.At || len(again.Journal) != len(sh.Journal) || !reflect.DeepEqual(again.Settings, sh.Settings) {
			t.Fatalf("re-encoded link differs")
		}
		for i := range sh.Journal {
			if again.Journal[i] != sh.Journal[i] {
				t.Fatalf("command %d differs: %q vs %q", i, again.Journal[i], sh.Journal[i])
			}
		}
		if sh.At <= 3*time.Second && len(sh.Journal) <= 8 {
			s := NewSession(DefaultSettings())
			s.Load(sh)
			if s.Lab.Now() != sh.At {
				t.Fatalf("loaded at %v, want %v", s.Lab.Now(), sh.At)
			}
		}
	})
}
