//go:build js && wasm

// Command wasm is raftlab's browser program: it mounts the Vugu UI (package
// web) on #app and runs the render loop. web/static/loader.js downloads and
// starts it.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall/js"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"

	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/lab"
	"github.com/raftlab/raftlab/web"
)

// stepBudget bounds the simulation work done per animation frame, so the
// browser keeps painting and taking input (Go wasm is single-threaded).
const stepBudget = 5 * time.Millisecond

func main() {
	if err := run(); err != nil {
		logLine("raftlab: " + err.Error())
		if l := js.Global().Get("raftlabLoader"); l.Truthy() {
			l.Call("fail", err.Error())
		}
		os.Exit(1)
	}
}

// logLine writes line to the browser's console as the program's standard
// error would: wasm_exec.js writes each line of it with console.log. (An
// fmt.Fprintln to os.Stderr linked os.File's write path into the page: 0.9
// kB gzipped.)
func logLine(line string) { js.Global().Get("console").Call("log", line) }

// newRenderer is domrender.New once vugu-render.js (extracted from the
// same module by web/internal/vugujs) has defined window.vuguRender: the
// CSP forbids eval, and domrender evals nothing (third_party/vugu).
func newRenderer(selector string) (*domrender.JSRenderer, error) {
	g := js.Global()
	if !g.Get("vuguRender").Truthy() {
		return nil, errors.New("vugu-render.js is not loaded (window.vuguRender is missing)")
	}
	// DOM events' JSON is read by the page's one JSON reader, core/jsonw.
	domrender.EventJSON = jsonw.UnmarshalAny
	return domrender.New(selector)
}

// newSession starts the session a share link in the URL fragment asks
// for, or a fresh cluster. A bad link gives a message and a fresh cluster.
func newSession() (*web.Session, string) {
	s := web.NewSession(web.DefaultSettings())
	frag := js.Global().Get("location").Get("hash").String()
	if id := web.LessonLink(frag); id != "" {
		s.Issue("lesson start " + id) // a deep link: #lesson=<id>
		return s, ""
	}
	sh, err := web.ParseShare(frag)
	if err != nil {
		return s, "This link could not be used (" + err.Error() + "); here is a fresh cluster instead."
	}
	if sh != nil {
		s.Load(sh)
	}
	return s, ""
}

func run() error {
	// The catalog's texts are a data file beside main.wasm (site.mk builds
	// this program with -tags servedcatalog): loader.js fetched
	// catalog.json. The page's labels and sentences need it.
	if b := js.Global().Get("raftlabCatalog"); b.Type() == js.TypeString {
		if err := lab.UseCatalog([]byte(b.String())); err != nil {
			return fmt.Errorf("catalog.json: %v", err)
		}
	} else if !lab.English.Has("ev.leader") {
		return errors.New("catalog.json could not be loaded")
	}
	// The lessons are a data file beside main.wasm (site.mk builds this
	// program with -tags servedlessons): loader.js fetched lessons.json.
	if b := js.Global().Get("raftlabLessons"); b.Type() == js.TypeString {
		if err := lab.UseLessons([]byte(b.String())); err != nil {
			return fmt.Errorf("lessons.json: %v", err)
		}
	}
	renderer, err := newRenderer("#app")
	if err != nil {
		return err
	}
	defer renderer.Release()
	ee := renderer.EventEnv()
	buildEnv, err := vugu.NewBuildEnv(ee)
	if err != nil {
		return err
	}
	web.LiveDOM = true
	sess, notice := newSession()
	root := web.NewRoot(sess)
	root.Notice = notice
	if !js.Global().Get("location").Get("hash").Truthy() || js.Global().Get("location").Get("hash").String() == "" {
		// No link: offer the session kept before a reload or a crash.
		root.OfferRestore()
	}
	// Save the session when the tab is hidden or closed, as well as every
	// second while it changes (in the frame loop).
	hide := js.FuncOf(func(js.Value, []js.Value) any {
		ee.Lock()
		root.KeepSession(true)
		ee.UnlockOnly()
		return nil
	})
	defer hide.Release()
	js.Global().Call("addEventListener", "pagehide", hide)
	// The page opens in Korean when the browser prefers it (the switch
	// stays).
	if nav := js.Global().Get("navigator"); nav.Truthy() {
		lang := nav.Get("language")
		if ls := nav.Get("languages"); ls.Truthy() && ls.Length() > 0 {
			lang = ls.Index(0)
		}
		if lang.Type() == js.TypeString && web.PrefersKorean(lang.String()) {
			root.SetLang(web.Korean)
		}
	}
	if notice != "" {
		logLine("raftlab: " + notice)
	}

	// Keyboard shortcuts, unless typing in a field. preventDefault must
	// happen in the handler; the change itself goes through the EventEnv
	// lock like any background change.
	keys := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ev := args[0]
		if ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool() || ev.Get("altKey").Bool() {
			return nil
		}
		if t := ev.Get("target"); t.Truthy() {
			switch t.Get("tagName").String() {
			case "INPUT", "SELECT", "TEXTAREA", "BUTTON":
				if k := ev.Get("key").String(); k != "Escape" {
					return nil
				}
			}
		}
		key := ev.Get("key").String()
		ee.Lock()
		handled := root.Key(key)
		ee.UnlockRender()
		if handled {
			ev.Call("preventDefault")
		}
		return nil
	})
	defer keys.Release()
	loader := js.Global().Get("raftlabLoader")
	if loader.Truthy() {
		loader.Set("onKey", keys) // called only while this program runs
	} else {
		js.Global().Get("document").Call("addEventListener", "keydown", keys)
	}

	// Clicks and keys on the cluster view's members (drawn outside Vugu,
	// web/ringisland.go): one listener on #app, which Vugu keeps.
	ring := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ev := args[0]
		t := ev.Get("target")
		if !t.Truthy() || t.Get("closest").Type() != js.TypeFunction {
			return nil
		}
		m := t.Call("closest", "[data-testid=member][data-idx]")
		if !m.Truthy() {
			return nil
		}
		idx, err := strconv.Atoi(m.Call("getAttribute", "data-idx").String())
		if err != nil {
			return nil
		}
		kind, key := ev.Get("type").String(), ""
		if kind == "keydown" {
			key = ev.Get("key").String()
		}
		ee.Lock()
		handled := root.RingTarget(kind, key, idx)
		ee.UnlockRender()
		if handled && kind == "keydown" {
			ev.Call("preventDefault")
			ev.Call("stopPropagation")
		}
		return nil
	})
	defer ring.Release()
	if app := js.Global().Get("document").Call("getElementById", "app"); app.Truthy() {
		app.Call("addEventListener", "click", ring)
		app.Call("addEventListener", "keydown", ring)
	}

	// One render per animation frame at most: after each Render, wait for the
	// next requestAnimationFrame so the browser paints and handles input.
	frame := make(chan struct{}, 1)
	raf := js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case frame <- struct{}{}:
		default:
		}
		return nil
	})
	defer raf.Release()

	// Forward Vugu's "please render" signals (events, ee.UnlockRender) so the
	// loop can also wait on frames. false means a handler panicked.
	events := make(chan bool, 1)
	go func() {
		for {
			ok := renderer.EventWait()
			events <- ok
			if !ok {
				return
			}
		}
	}()

	first := true
	more := true
	var st frameStats
	// raftlabResetStats() starts the measurement over (the browser tests
	// call it after boot, so the first full render is not counted).
	reset := js.FuncOf(func(js.Value, []js.Value) any { st.resetReq = true; return nil })
	defer reset.Release()
	js.Global().Set("raftlabResetStats", reset)
	// Vugu re-sends its whole tree at every render, so it renders only when
	// the tree changed (BuildHash): the clock, typing and the cluster view
	// leave it alone, since the console's field, the islands, the cluster
	// view's layers and the live values reach the page outside Vugu
	// (root.Tick every frame, root.AfterRender). Vugu's build runs after an
	// event and otherwise every buildEvery frames: what the simulation
	// changes in the rest of the page (menus, the lesson panel) shows at
	// most that late.
	const buildEvery = 4
	var lastHash uint64
	dirty := true // the first frame
	for n := 0; ; n++ {
		t0 := time.Now()
		ee.RLock()
		root.Tick()
		var results *vugu.BuildResults
		if dirty || n%buildEvery == 0 {
			results = buildEnv.RunBuild(root)
		}
		ee.RUnlock()
		tb := time.Now()
		rendered := false
		if results != nil {
			if h := web.BuildHash(results); n == 0 || h != lastHash {
				if err := renderer.Render(results); err != nil {
					return fmt.Errorf("render: %w", err)
				}
				lastHash, rendered = h, true
			}
			dirty = false
		}
		tr := time.Now()
		root.AfterRender(rendered)
		st.add(time.Since(t0))
		st.phases(tb.Sub(t0), tr.Sub(tb), time.Since(tr), rendered)
		if first {
			first = false
			if l := js.Global().Get("raftlabLoader"); l.Truthy() {
				l.Call("ready")
			}
		}
		if loader.Truthy() {
			loader.Call("frame", raf)
		} else {
			js.Global().Call("requestAnimationFrame", raf)
		}
		<-frame
		// Sleep until an event unless the clock runs or the build just
		// done left a slow panel's change for a later frame.
		if !more && !root.Pending() {
			// Keep the session as it is now before sleeping (a pause
			// right after a command would otherwise never be saved).
			ee.Lock()
			root.KeepSession(true)
			ee.UnlockOnly()
			if ok := <-events; !ok {
				return errors.New("event handler panicked; UI stopped (see console)")
			}
			dirty = true
		}
		select { // coalesce: one render covers every pending event
		case ok := <-events:
			if !ok {
				return errors.New("event handler panicked; UI stopped (see console)")
			}
			dirty = true
		default:
		}
		ee.Lock()
		t1 := time.Now()
		more = sess.Step(stepBudget)
		root.KeepSession(false)
		// A slow panel whose change waits for its turn needs a frame too.
		more = more || root.Pending()
		ee.UnlockOnly()
		st.addStep(time.Since(t1))
	}
}

// frameStats measures the Go side of each frame (build + DOM render, and
// the simulation step) and publishes it as window.raftlabStats for the
// browser tests' measurements (tests/perf_test.go). It never fails anything.
type frameStats struct {
	_               [0]func() // not comparable: no equality function (web/noequal.go)
	n               int
	sum, max, steps time.Duration
	stepMax         time.Duration
	recent          [120]time.Duration
	resetReq        bool
	// work is each frame's whole Go time (build + render + step).
	last, workSum, workMax time.Duration
	over8, over16          int
	// gcs counts GC cycles finished; spikesGC the frames over 8 ms in
	// which one finished (the spikes' cause, measured).
	gcs, spikesGC int
	// heapAlloc and sys are the last MemStats' HeapAlloc and Sys (a
	// runtime.MemStats field here, in the heap, linked MemStats' type
	// descriptor and equality function: 2 kB gzipped; addStep's is on
	// its stack).
	heapAlloc, sys uint64
	// renders counts the frames Vugu rendered (its tree changed); build,
	// render and after sum the phases of a frame's Go work: the Vugu
	// build (with the view-model and islands), the hash and Vugu's render,
	// and the islands, layers and live values put in the page.
	renders                       int
	build, render, after          time.Duration
	buildMax, renderMax, afterMax time.Duration
	// hist counts frames by whole Go work, buildHist and afterHist by
	// their build and islands phases (a phase's spikes apart from the
	// others', and its percentiles: under load, a frame's maximum is mostly
	// the time the process was not running).
	hist, buildHist, afterHist msHist
}

// workBuckets cover 0..100 ms of Go work per frame in 0.25 ms steps.
const workBuckets = 401

// msHist counts durations in 0.25 ms buckets (the last bucket holds
// everything longer).
type msHist [workBuckets]int32

func (h *msHist) add(d time.Duration) {
	h[min(int(d/(250*time.Microsecond)), workBuckets-1)]++
}

// pct is the q-th percentile in ms (bucket tops).
func (h *msHist) pct(q int) float64 {
	total := 0
	for _, c := range h {
		total += int(c)
	}
	need, seen := (total*q+99)/100, 0
	for i, c := range h {
		seen += int(c)
		if seen >= need && need > 0 {
			return float64(i+1) * 0.25
		}
	}
	return 0
}

// over counts the durations longer than ms (a multiple of 0.25).
func (h *msHist) over(ms float64) int {
	n := 0
	for _, c := range h[int(ms*4):] {
		n += int(c)
	}
	return n
}

func (s *frameStats) add(d time.Duration) {
	if s.resetReq {
		*s = frameStats{}
	}
	s.recent[s.n%len(s.recent)] = d
	s.n++
	s.sum += d
	s.max = max(s.max, d)
	s.last = d
}

func (s *frameStats) phases(build, render, after time.Duration, rendered bool) {
	s.build += build
	s.render += render
	s.after += after
	s.buildMax = max(s.buildMax, build)
	s.renderMax = max(s.renderMax, render)
	s.afterMax = max(s.afterMax, after)
	s.buildHist.add(build)
	s.afterHist.add(after)
	if rendered {
		s.renders++
	}
}

func (s *frameStats) addStep(d time.Duration) {
	s.steps += d
	s.stepMax = max(s.stepMax, d)
	w := s.last + d
	s.workSum += w
	s.workMax = max(s.workMax, w)
	s.hist.add(w)
	// The GC count from ReadMemStats, which stops the world: on the page's
	// one thread that is a few microseconds. (debug.ReadGCStats sorted its
	// pause times, and its []int64 sort cost the page 5 kB gzipped;
	// runtime/metrics' descriptions 8 kB.)
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	s.heapAlloc, s.sys = mem.HeapAlloc, mem.Sys
	gcs := int(mem.NumGC)
	gcNow := s.gcs != 0 && gcs != s.gcs
	s.gcs = gcs
	if w > 8*time.Millisecond {
		s.over8++
		if gcNow {
			s.spikesGC++
		}
	}
	if w > 16*time.Millisecond {
		s.over16++
	}
	if s.n%30 != 0 {
		return
	}
	var recent, recentMax time.Duration
	k := min(s.n, len(s.recent))
	for _, r := range s.recent[:k] {
		recent += r
		recentMax = max(recentMax, r)
	}
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	o := js.Global().Get("Object").New()
	// One conversion to a JS number for every figure (each o.Set of its
	// own converted its argument to an interface at the call).
	set := func(k string, v float64) { o.Set(k, v) }
	set("frames", float64(s.n))
	set("renderAvgMs", ms(s.sum)/float64(s.n))
	set("renderMaxMs", ms(s.max))
	set("renderRecentAvgMs", ms(recent)/float64(k))
	set("renderRecentMaxMs", ms(recentMax))
	set("stepAvgMs", ms(s.steps)/float64(s.n))
	set("stepMaxMs", ms(s.stepMax))
	set("workAvgMs", ms(s.workSum)/float64(s.n))
	set("workMaxMs", ms(s.workMax))
	set("workP95Ms", s.hist.pct(95))
	set("buildP99Ms", s.buildHist.pct(99))
	set("afterP95Ms", s.afterHist.pct(95))
	set("afterP99Ms", s.afterHist.pct(99))
	set("afterOver4", float64(s.afterHist.over(4)))
	set("afterOver8", float64(s.afterHist.over(8)))
	set("buildOver8", float64(s.buildHist.over(8)))
	set("vuguRenders", float64(s.renders))
	set("buildAvgMs", ms(s.build)/float64(s.n))
	set("vuguAvgMs", ms(s.render)/float64(s.n))
	set("vuguMaxMs", ms(s.renderMax))
	set("afterAvgMs", ms(s.after)/float64(s.n))
	set("buildMaxMs", ms(s.buildMax))
	set("afterMaxMs", ms(s.afterMax))
	set("workOver8", float64(s.over8))
	set("workOver16", float64(s.over16))
	set("spikesWithGC", float64(s.spikesGC))
	set("gcCycles", float64(s.gcs))
	// Go memory: the heap in use, and everything the runtime obtained (the
	// wasm linear memory only grows, so this is what the tab holds).
	set("goHeapLiveMB", float64(s.heapAlloc)/(1<<20))
	set("goTotalMB", float64(s.sys)/(1<<20))
	js.Global().Set("raftlabStats", o)
}
