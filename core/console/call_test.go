package console

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/raftlab/raftlab/core/etcdctl"
)

// TestDrainKeepsOutput: a command's output into which its etcdctl's
// output is drained at any moments (Call.drain) reads, at each drain, as
// if everything had been written to it directly in the same order, past
// the cap too (what is kept, and the count in the truncation note).
func TestDrainKeepsOutput(t *testing.T) {
	sizes := []int{0, 1, 3, 100, 4 << 10, 200 << 10, MaxOutput / 2, MaxOutput - 1, MaxOutput + 7}
	rng := rand.New(rand.NewPCG(8, 5))
	for run := 0; run < 20; run++ {
		var direct, out capped
		var pipe etcdctl.Output
		for step := 0; step < 12; step++ {
			s := strings.Repeat(string(rune('a'+step)), sizes[rng.IntN(len(sizes))])
			direct.WriteString(s)
			switch rng.IntN(4) {
			case 0: // the console writes itself: it drains first
				out.take(&pipe)
				out.WriteString(s)
			case 1:
				pipe.Write([]byte(s))
			default:
				pipe.WriteString(s)
			}
			if rng.IntN(3) == 0 {
				out.take(&pipe)
				if out.text() != direct.text() {
					t.Fatalf("run %d step %d: drained output differs (%d kept, %d dropped; want %d, %d)", run, step, out.Len(), out.dropped, direct.Len(), direct.dropped)
				}
			}
		}
		out.take(&pipe)
		if out.text() != direct.text() {
			t.Fatalf("run %d: drained output differs (%d kept, %d dropped; want %d, %d)", run, out.Len(), out.dropped, direct.Len(), direct.dropped)
		}
	}
}

// TestOutputBounded: etcdctl's output nobody drains keeps MaxOutput
// bytes and counts the rest; once read, it keeps as much again.
func TestOutputBounded(t *testing.T) {
	var pipe etcdctl.Output
	chunk := strings.Repeat("x", 64<<10)
	for i := 0; i < 40; i++ {
		pipe.WriteString(chunk)
	}
	p, dropped := pipe.Take()
	if len(p) != etcdctl.MaxOutput || dropped != int64(40*len(chunk)-etcdctl.MaxOutput) {
		t.Fatalf("kept %d, dropped %d", len(p), dropped)
	}
	pipe.Write([]byte(chunk))
	if p, dropped := pipe.Take(); len(p) != len(chunk) || dropped != 0 {
		t.Fatalf("once read: kept %d, dropped %d", len(p), dropped)
	}
	if etcdctl.MaxOutput < MaxOutput {
		t.Fatalf("etcdctl keeps %d bytes, less than the console's %d: drained output would differ", etcdctl.MaxOutput, MaxOutput)
	}
}

// TestFinalIsTakeThenText: a finishing call's output read straight from
// its etcdctl's pipe (capped.final) is what taking it and reading the
// whole would give, and leaves both empty the same way, for every mix of
// kept, dropped and unread output (it fails with final skipping the
// bound or a count of dropped bytes).
func TestFinalIsTakeThenText(t *testing.T) {
	big := strings.Repeat("x", MaxOutput+3)
	for _, kept := range []string{"", "before\n"} {
		for _, dropped := range []int64{0, 5} {
			for _, unread := range []string{"", putOK, "OK", "a\nb\n", big} {
				for _, odropped := range []int64{0, 7} {
					var a, b capped
					a.WriteString(kept)
					b.WriteString(kept)
					a.dropped, b.dropped = dropped, dropped
					oa := etcdctl.Output{Unread: []byte(unread), Dropped: odropped}
					ob := etcdctl.Output{Unread: []byte(unread), Dropped: odropped}
					a.take(&oa)
					want := a.text()
					if got := b.final(&ob); got != want {
						t.Fatalf("kept %q dropped %d unread %d bytes (dropped %d): %q, want %q", kept, dropped, len(unread), odropped, trunc(got), trunc(want))
					}
					if len(ob.Unread) != 0 || ob.Dropped != 0 {
						t.Fatalf("the pipe keeps %d bytes, %d dropped", len(ob.Unread), ob.Dropped)
					}
				}
			}
		}
	}
}

func trunc(s string) string { return s[:min(len(s), 40)] }
