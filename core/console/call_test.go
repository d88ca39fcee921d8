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
