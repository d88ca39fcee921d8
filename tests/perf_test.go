package tests

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// TestMemorySteady runs 7 members at the highest speed with steady writes
// for a bounded real time (RAFTLAB_MEMORY_SECONDS, default 60) and samples
// the JS heap and the Go (wasm) memory. It logs the growth per virtual
// minute; it fails only when memory clearly runs away (more than doubling
// after the warm-up), never on small numbers.
func TestMemorySteady(t *testing.T) {
	secs := 60
	if v, err := strconv.Atoi(envOr("RAFTLAB_MEMORY_SECONDS", "60")); err == nil && v > 0 {
		secs = v
	}
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("reset --size 7")
	p.WaitFor(`document.querySelectorAll('[data-testid=member]').length === 7`, 10*time.Second)
	p.run("speed 50")
	p.waitLeader(30 * time.Second)
	type sample struct {
		real            time.Duration
		virt            float64 // virtual seconds
		jsMB, goMB, goT float64
	}
	take := func(start time.Time) sample {
		s := p.stats()
		now := Eval[string](p, `document.getElementById("app").dataset.now`)
		us, _ := strconv.ParseFloat(now, 64)
		js := Eval[float64](p, `performance.memory ? performance.memory.usedJSHeapSize / 1048576 : -1`)
		return sample{time.Since(start), us / 1e6, js, s.GoHeapLiveMB, s.GoTotalMB}
	}
	start := time.Now()
	var samples []sample
	i := 0
	for time.Since(start) < time.Duration(secs)*time.Second {
		// Steady writes: a put every ~second of real time (keys cycle, so
		// the data is bounded; the raft log, trace and events are not).
		p.run("etcdctl put mem" + strconv.Itoa(i%16) + " v" + strconv.Itoa(i))
		i++
		if i%5 == 0 {
			samples = append(samples, take(start))
		}
		time.Sleep(time.Second)
	}
	samples = append(samples, take(start))
	for _, s := range samples {
		t.Logf("sample real %5.1fs virtual %7.1fs: JS heap %.1f MB, Go heap live %.1f MB, Go mapped %.1f MB", s.real.Seconds(), s.virt, s.jsMB, s.goMB, s.goT)
	}
	if len(samples) < 3 {
		t.Fatalf("only %d samples", len(samples))
	}
	// Growth after a warm-up (the first third), per virtual minute.
	a, b := samples[len(samples)/3], samples[len(samples)-1]
	vmin := (b.virt - a.virt) / 60
	if vmin <= 0 {
		t.Fatalf("virtual time did not advance: %.1f s → %.1f s", a.virt, b.virt)
	}
	t.Logf("MEASURE memory over %.1f virtual minutes (%.0f s real at speed 50, %d writes): JS heap %+.2f MB/vmin (%.1f → %.1f), Go heap live %+.2f MB/vmin (%.1f → %.1f), Go mapped %+.2f MB/vmin (%.1f → %.1f)",
		vmin, b.real.Seconds(), i, (b.jsMB-a.jsMB)/vmin, a.jsMB, b.jsMB, (b.goMB-a.goMB)/vmin, a.goMB, b.goMB, (b.goT-a.goT)/vmin, a.goT, b.goT)
	if b.goMB > 2*a.goMB+32 {
		t.Errorf("Go heap runs away: %.1f MB → %.1f MB", a.goMB, b.goMB)
	}
	p.Screenshot("after")
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
