package tests

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Helpers over the page's data attributes (set by web/root.vugu).

func (p *Page) leader() string {
	return Eval[string](p, `document.getElementById("app").dataset.leader || ""`)
}

func (p *Page) waitLeader(timeout time.Duration) string {
	p.t.Helper()
	p.WaitFor(`document.getElementById("app").dataset.leader`, timeout)
	return p.leader()
}

func (p *Page) term(name string) int {
	n, _ := strconv.Atoi(Eval[string](p, `document.querySelector('[data-testid=member][data-name="`+name+`"]').dataset.term`))
	return n
}

// run types a console command.
func (p *Page) run(line string) {
	p.t.Helper()
	in := `[data-testid=console-input]`
	p.WaitFor(`document.querySelector('[data-testid=console-input]').value === ""`, 5*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(in)), chromedp.SendKeys(chromedp.CSS(in), line+kb.Enter))
	p.WaitFor(`[...document.querySelectorAll('[data-testid=console-output] .line.input')].some(l => l.textContent === `+jsStr("$ "+line)+`)`, 5*time.Second)
}

// consoleHas waits for an output line of a stream (stdout, stderr, exit)
// containing text, after the echo of the command that contains after.
func (p *Page) waitOutput(after, class, text string, timeout time.Duration) {
	p.t.Helper()
	p.WaitFor(`(() => { const ls = [...document.querySelectorAll('[data-testid=console-output] .line')];
		let i = ls.map(l => l.classList.contains('input') && l.textContent.includes(`+jsStr(after)+`)).lastIndexOf(true);
		if (i < 0) return false;
		return ls.slice(i+1).some(l => l.classList.contains(`+jsStr(class)+`) && l.textContent.includes(`+jsStr(text)+`)); })()`, timeout)
}

func jsStr(s string) string { return strconv.Quote(s) }

func (p *Page) clickMember(name string) {
	p.t.Helper()
	// A member gliding to its place (after a partition or a heal) moves
	// between DevTools measuring it and the click landing.
	p.settled()
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=member][data-name="` + name + `"] .body`)))
	p.WaitFor(`!!document.querySelector('[data-testid=member-menu]')`, 5*time.Second)
}

func TestKillLeaderByClick(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 1")
	lead := p.waitLeader(30 * time.Second)
	term := p.term(lead)
	p.Screenshot("leader")
	p.clickMember(lead)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=act-kill]`)))
	p.waitOutput("kill "+lead, "exit", "exit status 0", 5*time.Second)
	p.WaitFor(`document.querySelector('[data-testid=member][data-name="`+lead+`"]').dataset.up === "false"`, 5*time.Second)
	p.WaitFor(`(() => { const l = document.getElementById("app").dataset.leader; return l && l !== `+jsStr(lead)+` })()`, 30*time.Second)
	nl := p.leader()
	if nt := p.term(nl); nt <= term {
		t.Errorf("new leader %s has term %d, not above the old %d", nl, nt, term)
	}
	if !Eval[bool](p, `[...document.querySelectorAll('[data-testid=event-log] li')].some(l => l.textContent.includes("heard no heartbeat for"))`) {
		t.Error("the event log does not tell the election")
	}
	p.Screenshot("new-leader")
}

// TestPartitionMinorityLeader: five members split 3:2 with the leader in
// the minority: a write there times out, a write on the majority succeeds;
// heal, and every member converges.
func TestPartitionMinorityLeader(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("reset --size 5")
	p.WaitFor(`document.querySelectorAll('[data-testid=member]').length === 5`, 10*time.Second)
	p.run("speed 2")
	lead := p.waitLeader(30 * time.Second)
	if q := Eval[string](p, `document.querySelector('[data-testid=quorum-table] tr.lit').dataset.n`); q != "5" {
		t.Errorf("quorum table lights row %s, want 5", q)
	}
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=preset-32]`)))
	p.WaitFor(`document.querySelectorAll('[data-testid=link][data-cut=true]').length === 6`, 5*time.Second)
	leadGroup := Eval[string](p, `document.querySelector('[data-testid=member][data-name="`+lead+`"]').dataset.group`)
	majority := Eval[string](p, `[...document.querySelectorAll('[data-testid=member]')].find(m => m.dataset.group !== `+jsStr(leadGroup)+`).dataset.name`)
	p.Screenshot("partitioned")

	// A write on the minority (from the old leader's own machine) times out.
	p.run("host " + lead)
	p.run("etcdctl --endpoints=" + lead + " put minority 1")
	// The majority elects a leader meanwhile; write there from the menu.
	p.WaitFor(`(() => { const l = document.getElementById("app").dataset.leader; return l && l !== `+jsStr(lead)+` })()`, 30*time.Second)
	p.clickMember(majority)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=act-put]`)))
	p.waitOutput("etcdctl --endpoints="+majority+" put", "stdout", "OK", 30*time.Second)
	p.waitOutput("put minority 1", "stderr", "context deadline exceeded", 30*time.Second)
	if !Eval[bool](p, `document.querySelector('[data-testid=q-commit]').classList.contains("ok")`) {
		t.Error("quorum panel says the 3:2 cluster cannot commit")
	}
	p.Screenshot("writes")

	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=heal]`)))
	p.WaitFor(`document.querySelectorAll('[data-testid=link][data-cut=true]').length === 0`, 5*time.Second)
	// Converged: one leader, every member on its term, equal logs.
	p.WaitFor(`(() => { const ms = [...document.querySelectorAll('[data-testid=member]')];
		const ts = new Set(ms.map(m => m.dataset.term));
		return ts.size === 1 && ms.filter(m => m.dataset.role === "leader").length === 1 })()`, 30*time.Second)
	p.WaitFor(`(() => { const s = [...document.querySelectorAll('[data-testid=log-strip] .muted')].map(e => e.textContent); return s.length === 5 && new Set(s).size === 1 })()`, 30*time.Second)
	p.Screenshot("healed")
}

func TestConsolePutGetAndEscaping(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 2")
	p.waitLeader(30 * time.Second)
	p.run("etcdctl put greeting hello")
	p.waitOutput("put greeting hello", "stdout", "OK", 20*time.Second)
	p.run("etcdctl get greeting")
	p.waitOutput("get greeting", "stdout", "hello", 20*time.Second)

	evil := `<img src=x onerror=alert(1)>`
	p.run(`etcdctl put '` + evil + `' '` + evil + `'`)
	p.waitOutput("put '<img", "stdout", "OK", 20*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=tab-data]`)))
	p.WaitFor(`[...document.querySelectorAll('[data-testid=kv-row] td')].some(td => td.textContent === `+jsStr(evil)+`)`, 10*time.Second)
	if n := Eval[int](p, `document.querySelectorAll('#app img').length`); n != 0 {
		t.Errorf("%d img elements in the page: user text became HTML", n)
	}
	p.Screenshot("data")

	// A watch streams until canceled.
	p.run("etcdctl watch greeting")
	p.run("etcdctl put greeting again")
	p.waitOutput("watch greeting", "stdout", "again", 20*time.Second)
	p.run("cancel")
	p.waitOutput("watch greeting", "exit", "exit status", 20*time.Second)
	p.Screenshot("console")
}

func TestRewindAndShareLink(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 2")
	lead := p.waitLeader(30 * time.Second)
	p.clickMember(lead)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=act-kill]`)))
	killedAt := Eval[string](p, `document.getElementById("app").dataset.now`)
	p.WaitFor(`(() => { const l = document.getElementById("app").dataset.leader; return l && l !== `+jsStr(lead)+` })()`, 30*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=play]`))) // pause
	p.WaitFor(`document.getElementById("app").classList.contains("paused")`, 5*time.Second)

	// Share: a fresh page on the link shows exactly this moment.
	hash := Eval[string](p, `document.getElementById("app").dataset.hash`)
	now := Eval[string](p, `document.getElementById("app").dataset.now`)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=share]`)))
	p.WaitFor(`document.querySelector('[data-testid=share-url]').value.includes("v=1&")`, 5*time.Second)
	link := Eval[string](p, `document.querySelector('[data-testid=share-url]').value`)
	t.Logf("share link: %d bytes", len(link))
	if !strings.Contains(Eval[string](p, `location.hash`), "seed=") {
		t.Error("the share link is not in the address bar")
	}

	// Rewind to before the kill by dragging the timeline back.
	ms, _ := strconv.Atoi(killedAt)
	p.Do(chromedp.Evaluate[chromedp.Void](`(() => { const r = document.querySelector('[data-testid=timeline]');
		r.value = String(` + strconv.Itoa(ms/1000/2) + `); r.dispatchEvent(new Event('input', {bubbles: true}));
		r.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	p.WaitFor(`document.querySelector('[data-testid=member][data-name="`+lead+`"]').dataset.up === "true"`, 20*time.Second)
	if got, _ := strconv.Atoi(Eval[string](p, `document.getElementById("app").dataset.now`)); got >= ms {
		t.Errorf("after rewinding, now is %d µs, not before the kill at %d µs", got, ms)
	}
	p.Screenshot("rewound")

	q := NewPage(t, PageOptions{Width: 1280, Height: 900})
	q.URL = q.URL + link[strings.IndexByte(link, '#'):]
	q.Boot()
	q.WaitFor(`document.getElementById("app").dataset.now === `+jsStr(now), 30*time.Second)
	if h := Eval[string](q, `document.getElementById("app").dataset.hash`); h != hash {
		t.Errorf("shared page trace hash %s, want %s", h, hash)
	}
	if l := q.leader(); l == "" || l == lead {
		t.Errorf("shared page leader %q (killed: %s)", l, lead)
	}
	q.Screenshot("shared")
}

func TestHostileLink(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.URL += `#v=1&seed=1&n=3&hb=100&el=1000&pv=1&cq=1&lat=25&drop=0&t=0&c=%3Cscript%3Ealert(1)%3C/script%3E:x`
	p.Boot()
	p.WaitFor(`!!document.querySelector('[data-testid=notice]')`, 10*time.Second)
	p.waitLeader(30 * time.Second)
	if n := Eval[int](p, `document.querySelectorAll('#app script').length`); n != 0 {
		t.Error("link contents became markup")
	}
	p.Screenshot("notice")
}

func TestPhoneTap(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 390, Height: 844, Mobile: true})
	p.Boot()
	p.run("speed 2")
	lead := p.waitLeader(30 * time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=member][data-name="` + lead + `"] .body`)))
	p.WaitFor(`!!document.querySelector('[data-testid=member-menu]')`, 5*time.Second)
	if Eval[bool](p, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("horizontal overflow on a phone with the member menu open")
	}
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=lang]`)))
	p.WaitFor(`document.getElementById("app").dataset.lang === "ko"`, 5*time.Second)
	p.Screenshot("menu-ko")
}

// TestMeasure logs time to interactive and the Go cost per frame with 7
// members under steady writes at high speed. It measures; it never fails
// on the numbers (see the budgets in web/README.md).
func TestMeasure(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	start := time.Now()
	p.Boot()
	tti := time.Since(start)
	p.run("reset --size 7")
	p.WaitFor(`document.querySelectorAll('[data-testid=member]').length === 7`, 10*time.Second)
	p.run("speed 5")
	p.waitLeader(30 * time.Second)
	// Count from here: the first full render and the reset are not the
	// steady state.
	Eval[any](p, `window.raftlabResetStats(), null`)
	time.Sleep(100 * time.Millisecond)
	for i := range 15 {
		p.run("etcdctl put k" + strconv.Itoa(i%8) + " v" + strconv.Itoa(i))
		time.Sleep(100 * time.Millisecond)
	}
	s := p.stats()
	heap := Eval[float64](p, `performance.memory ? performance.memory.usedJSHeapSize / 1048576 : -1`)
	t.Logf("MEASURE time-to-interactive %s (navigation to cluster rendered)", tti.Round(time.Millisecond))
	t.Logf("MEASURE 7 members, speed 5, writes: %.0f frames; Go build+render per frame avg %.2f ms (last 120: avg %.2f, max %.2f; all: max %.2f); sim step avg %.2f ms (max %.2f); JS heap %.1f MB; Go heap %.1f MB of %.1f MB mapped",
		s.Frames, s.RenderAvgMs, s.RenderRecentAvgMs, s.RenderRecentMaxMs, s.RenderMaxMs, s.StepAvgMs, s.StepMaxMs, heap, s.GoHeapLiveMB, s.GoTotalMB)
	p.Screenshot("seven")
}

// frameStats is window.raftlabStats (published by wasm/main.go).
type frameStats struct {
	Frames                                                         float64
	RenderAvgMs, RenderMaxMs, RenderRecentAvgMs, RenderRecentMaxMs float64
	StepAvgMs, StepMaxMs                                           float64
	GoHeapLiveMB, GoTotalMB                                        float64
}

func (p *Page) stats() frameStats {
	p.t.Helper()
	p.WaitFor(`window.raftlabStats && window.raftlabStats.frames > 0`, 10*time.Second)
	return Eval[frameStats](p, `(() => { const s = window.raftlabStats; return {Frames: s.frames, RenderAvgMs: s.renderAvgMs,
		RenderMaxMs: s.renderMaxMs, RenderRecentAvgMs: s.renderRecentAvgMs, RenderRecentMaxMs: s.renderRecentMaxMs,
		StepAvgMs: s.stepAvgMs, StepMaxMs: s.stepMaxMs, GoHeapLiveMB: s.goHeapLiveMB || 0, GoTotalMB: s.goTotalMB || 0} })()`)
}
