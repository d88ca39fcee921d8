package tests

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// overlapsJS measures, in the browser, every SVG text of the cluster view
// and every member's circle, and returns the pairs whose boxes overlap:
// text with text (a member's own lines included), text with another
// member's circle, circle with circle. Hidden and empty elements are left
// out.
const overlapsJS = `(() => {
	const svg = document.querySelector('[data-testid=cluster-svg]');
	const items = [];
	const visible = (el) => { const cs = getComputedStyle(el); return cs.display !== 'none' && cs.visibility !== 'hidden' && +cs.opacity !== 0; };
	for (const el of svg.querySelectorAll('text')) {
		if (!visible(el) || !el.textContent.trim()) continue;
		let hidden = false; for (let p = el.parentElement; p && p !== svg; p = p.parentElement) if (!visible(p)) hidden = true;
		if (hidden) continue;
		const r = el.getBoundingClientRect(); if (r.width < 0.5 || r.height < 0.5) continue;
		const m = el.closest('[data-testid=member]');
		items.push({kind: 'text', owner: m ? m.dataset.name : '', what: el.textContent, r});
	}
	for (const el of svg.querySelectorAll('[data-testid=member-body]')) {
		const m = el.closest('[data-testid=member]');
		items.push({kind: 'circle', owner: m.dataset.name, what: 'circle ' + m.dataset.name, r: el.getBoundingClientRect()});
	}
	const out = [];
	for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
		const a = items[i], b = items[j];
		if (a.kind !== b.kind && a.owner === b.owner) continue; // a member's own text in its circle
		let w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
		let h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
		if (a.kind === 'circle' && b.kind === 'circle') {
			const ax = (a.r.left + a.r.right) / 2, ay = (a.r.top + a.r.bottom) / 2, bx = (b.r.left + b.r.right) / 2, by = (b.r.top + b.r.bottom) / 2;
			if (Math.hypot(ax - bx, ay - by) < (a.r.width + b.r.width) / 2 - 0.5) out.push(a.what + ' / ' + b.what);
			continue;
		}
		if (a.kind === 'circle' || b.kind === 'circle') {
			// text against a circle: the circle's box, shrunk to the circle
			const c = a.kind === 'circle' ? a : b, t = a.kind === 'circle' ? b : a;
			const cx = (c.r.left + c.r.right) / 2, cy = (c.r.top + c.r.bottom) / 2, rad = c.r.width / 2;
			const nx = Math.max(t.r.left, Math.min(cx, t.r.right)), ny = Math.max(t.r.top, Math.min(cy, t.r.bottom));
			if (Math.hypot(nx - cx, ny - cy) < rad - 0.5) out.push(JSON.stringify(t.what) + ' / ' + c.what);
			continue;
		}
		if (w > 0.5 && h > 0.5) out.push(JSON.stringify(a.what) + ' / ' + JSON.stringify(b.what));
	}
	window.__items = items.length;
	return out;
})()`

// settled waits until the members stopped gliding.
func (p *Page) settled() {
	p.t.Helper()
	p.WaitFor(`document.querySelector('[data-testid=cluster-svg]').dataset.animating === "false" && (() => {
		const m = [...document.querySelectorAll('[data-testid=member]')].map(e => e.getAttribute('transform')).join();
		const prev = window.__lastPos; window.__lastPos = m; return prev === m; })()`, 10*time.Second)
}

// TestNoOverlaps: for every size 1..7, during elections, writes and a
// partition, at desktop (1280×900) and phone (390×844) width, no text of
// the cluster view overlaps other text or another member's circle, and no
// circles overlap. One page measures both widths by switching the
// viewport at each sample (the test stays short).
func TestNoOverlaps(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	type result struct {
		Pairs []string
		Items int
	}
	bad, measured := 0, 0
	viewports := []struct {
		name string
		w, h int64
		opts []chromedp.EmulateViewportOption
	}{
		{"desktop", 1280, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait}},
	}
	check := func(phase string, n, samples int) {
		for i := range samples {
			vp := viewports[i%2]
			p.Do(chromedp.EmulateViewport(vp.w, vp.h, vp.opts...))
			r := Eval[result](p, `(() => { const pairs = `+overlapsJS+`; return {Pairs: pairs, Items: window.__items}; })()`)
			measured++
			if r.Items < 2*n {
				t.Errorf("size %d, %s, %s: only %d texts and circles measured", n, phase, vp.name, r.Items)
			}
			if len(r.Pairs) > 0 {
				bad += len(r.Pairs)
				t.Errorf("size %d, %s, %s: %d overlapping pairs: %s", n, phase, vp.name, len(r.Pairs), strings.Join(r.Pairs[:min(len(r.Pairs), 6)], "; "))
				p.Screenshot(fmt.Sprintf("overlap-%d-%s-%s", n, phase, vp.name))
				return
			}
			time.Sleep(40 * time.Millisecond)
		}
	}
	for n := 1; n <= 7; n++ {
		p.Do(chromedp.EmulateViewport(1280, 900))
		p.run("reset --size " + strconv.Itoa(n))
		p.WaitFor(`document.querySelectorAll('[data-testid=member]').length === `+strconv.Itoa(n), 10*time.Second)
		p.run("speed 1")
		p.settled()
		check("election", n, 4) // timers run, pre-votes and votes fly
		p.run("speed 5")
		p.waitLeader(30 * time.Second)
		p.run("speed 1")
		p.run("etcdctl put k" + strconv.Itoa(n) + " v")
		check("writes", n, 2)
		if n >= 2 {
			preset := "preset-32" // the leader in the minority
			if n == 2 {
				preset = "preset-iso" // 2 cannot split 3:2: 1:1
			}
			p.Do(chromedp.EmulateViewport(1280, 900))
			p.Do(chromedp.Click(chromedp.CSS(`[data-testid=` + preset + `]`)))
			p.WaitFor(`document.querySelectorAll('[data-testid=side]').length >= 2`, 5*time.Second)
			p.settled()
			check("partition", n, 4) // the minority's timers fire, it campaigns
			p.Do(chromedp.EmulateViewport(1280, 900))
			p.Do(chromedp.Click(chromedp.CSS(`[data-testid=heal]`)))
		}
	}
	t.Logf("MEASURE overlapping pairs over sizes 1..7, elections, writes and partitions, at 1280×900 and 390×844: %d in %d samples", bad, measured)
}

// TestPartitionGeometry: the sides of a 3:2 and a 3:3 split are apart
// (each member nearer its side's centre than any other side's), divided,
// and captioned with their size and quorum.
func TestPartitionGeometry(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	for _, c := range []struct {
		n      int
		preset string
		quorum string // each side's data-quorum, by side
	}{{5, "preset-32", "false,true"}, {6, "preset-33", "false,false"}} {
		p.run("reset --size " + strconv.Itoa(c.n))
		p.WaitFor(`document.querySelectorAll('[data-testid=member]').length === `+strconv.Itoa(c.n), 10*time.Second)
		p.run("speed 2")
		p.waitLeader(30 * time.Second)
		p.Do(chromedp.Click(chromedp.CSS(`[data-testid=` + c.preset + `]`)))
		p.WaitFor(`document.querySelectorAll('[data-testid=side]').length === 2`, 5*time.Second)
		p.settled()
		res := Eval[string](p, `(() => {
			const ms = [...document.querySelectorAll('[data-testid=member]')].map(m => { const r = m.querySelector('[data-testid=member-body]').getBoundingClientRect();
				return {side: m.dataset.side, x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2}; });
			const sides = [...new Set(ms.map(m => m.side))];
			const ctr = {}; for (const s of sides) { const g = ms.filter(m => m.side === s); ctr[s] = {x: g.reduce((a, m) => a + m.x, 0) / g.length, y: g.reduce((a, m) => a + m.y, 0) / g.length}; }
			for (const m of ms) for (const s of sides) if (s !== m.side && Math.hypot(m.x - ctr[s].x, m.y - ctr[s].y) <= Math.hypot(m.x - ctr[m.side].x, m.y - ctr[m.side].y)) return 'member of side ' + m.side + ' is not nearer its own centre';
			return 'ok';
		})()`)
		if res != "ok" {
			t.Errorf("%d members: %s", c.n, res)
		}
		if q := Eval[string](p, `[...document.querySelectorAll('[data-testid=side]')].map(s => s.dataset.quorum).join()`); q != c.quorum {
			t.Errorf("%d members: sides' quorum %q, want %q", c.n, q, c.quorum)
		}
		if cap := Eval[string](p, `[...document.querySelectorAll('[data-testid=side] text')].map(s => s.textContent).join('|')`); !strings.Contains(cap, "quorum") {
			t.Errorf("%d members: side captions %q do not tell the quorum", c.n, cap)
		}
		if d := Eval[int](p, `document.querySelectorAll('[data-testid=divide]').length`); d != 1 {
			t.Errorf("%d members: %d divides, want 1", c.n, d)
		}
		if v := Eval[int](p, `[...document.querySelectorAll('[data-testid=link][data-cut=true] line')].length`); v != 0 {
			t.Errorf("%d members: %d cut links still drawn across the divide", c.n, v)
		}
		p.Screenshot("split-" + strconv.Itoa(c.n))
		if c.n == 5 { // the before/after pictures: 3:2 at both sizes
			p.Screenshot("partition32-desktop")
			p.Do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait))
			p.settled()
			p.Screenshot("partition32-phone")
			p.Do(chromedp.EmulateViewport(1280, 900))
		}
		p.Do(chromedp.Click(chromedp.CSS(`[data-testid=heal]`)))
		p.WaitFor(`document.querySelectorAll('[data-testid=side]').length === 0`, 5*time.Second)
	}
}

// TestConsoleHostAndBigInput: the prompt names the host; a write from the
// minority side says what it waits for; 100 KB pasted, then put and get,
// work; a 1 MB value is shown cut in the data panel and whole in the
// viewer; the page never says it could not start.
func TestConsoleHostAndBigInput(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	if pr := Eval[string](p, `document.querySelector('[data-testid=prompt]').textContent`); pr != "node-1 $" {
		t.Errorf("prompt %q, want %q", pr, "node-1 $")
	}
	p.run("reset --size 5")
	p.WaitFor(`document.querySelectorAll('[data-testid=member]').length === 5`, 10*time.Second)
	p.run("speed 2")
	p.waitLeader(30 * time.Second)
	if n := Eval[int](p, `document.querySelectorAll('[data-testid=member][data-name="node-1"] [data-testid=host-mark]').length`); n != 1 {
		t.Error("the console's host is not marked on the ring")
	}
	p.run("partition node-1,node-2 node-3,node-4,node-5")
	p.run("etcdctl put minority 1")
	p.WaitFor(`(document.querySelector('[data-testid=wait-line]') || {}).textContent?.startsWith("waiting for a leader with a quorum; node-1 is on the minority side")`, 20*time.Second)
	if v := Eval[string](p, `document.querySelector('[data-testid=q-host]').textContent`); v != "no" {
		t.Errorf("quorum panel says the host's writes commit: %q", v)
	}
	p.Screenshot("minority-wait")
	p.waitOutput("put minority 1", "stderr", "context deadline exceeded", 30*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=heal]`)))
	// The member menu's host action moves the console.
	p.clickMember("node-3")
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=act-host]`)))
	p.WaitFor(`document.querySelector('[data-testid=prompt]').textContent === "node-3 $"`, 5*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=act-close]`)))

	// 100 KB pasted into the field, then put and get.
	big := strings.Repeat("0123456789abcdef", 100<<10/16)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=console-input]`)),
		chromedp.Action[chromedp.Void](func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: "etcdctl put big " + big})
			return chromedp.Void{}, err
		}))
	p.WaitFor(`document.querySelector('[data-testid=console-input]').value.length > 100000`, 5*time.Second)
	p.Do(chromedp.SendKeys(chromedp.CSS(`[data-testid=console-input]`), kb.Enter))
	p.waitOutput("etcdctl put big", "stdout", "OK", 30*time.Second)
	p.run("etcdctl get big")
	p.waitOutput("etcdctl get big", "stdout", "0123456789abcdef0123", 30*time.Second)
	if n := Eval[int](p, `[...document.querySelectorAll('[data-testid=console-output] .line')].reduce((a, l) => Math.max(a, l.textContent.length), 0)`); n > 4000 {
		t.Errorf("a console line of %d characters reached the page uncut", n)
	}

	// A 1 MB value, pasted as the command's standard input (the line after
	// the command; an argument that long is refused as Linux refuses it).
	// Set in the field directly: typing it would take minutes.
	p.Do(chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('[data-testid=console-input]');
		i.value = "etcdctl put huge\n" + "x".repeat(1048576); i.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	p.Do(chromedp.SendKeys(chromedp.CSS(`[data-testid=console-input]`), kb.Enter))
	p.waitOutput("etcdctl put huge", "stdout", "OK", 30*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=tab-data]`)))
	p.WaitFor(`[...document.querySelectorAll('[data-testid=kv-value]')].some(v => v.dataset.len === "1048576")`, 10*time.Second)
	if n := Eval[int](p, `[...document.querySelectorAll('[data-testid=kv-value]')].find(v => v.dataset.len === "1048576").textContent.length`); n > 1000 {
		t.Errorf("the 1 MB value is shown with %d characters, not cut", n)
	}
	p.Do(chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('[data-testid=kv-value]')].find(v => v.dataset.len === "1048576").querySelector('[data-testid=show-all]').click()`))
	p.WaitFor(`(document.querySelector('[data-testid=viewer-text]') || {}).value?.length === 1048576`, 10*time.Second)
	p.Screenshot("viewer")
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=viewer-close]`)))
	if st := Eval[string](p, `document.documentElement.dataset.state`); st != "ready" {
		t.Errorf("page state %q after big input", st)
	}
	if Eval[bool](p, `document.body.textContent.includes("could not start")`) {
		t.Error(`the page says "could not start"`)
	}
}

// TestRewindShowsOneMoment: after rewinding, no console output and no
// event from later than the chosen moment is visible; continuing forks.
func TestRewindShowsOneMoment(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 2")
	p.waitLeader(30 * time.Second)
	p.run("etcdctl put early 1")
	p.waitOutput("put early 1", "stdout", "OK", 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	mid := Eval[string](p, `document.getElementById("app").dataset.now`)
	time.Sleep(500 * time.Millisecond)
	p.run("etcdctl put late 2")
	p.waitOutput("put late 2", "stdout", "OK", 20*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=play]`))) // pause
	p.WaitFor(`document.getElementById("app").classList.contains("paused")`, 5*time.Second)
	us, _ := strconv.Atoi(mid)
	p.Do(chromedp.Evaluate[chromedp.Void](`(() => { const r = document.querySelector('[data-testid=timeline]');
		r.value = String(` + strconv.Itoa(us/1000) + `); r.dispatchEvent(new Event('input', {bubbles: true}));
		r.dispatchEvent(new Event('change', {bubbles: true})); })()`))
	p.WaitFor(`document.querySelector('[data-testid=console-output]').textContent.includes("moved to")`, 20*time.Second)
	if Eval[bool](p, `document.querySelector('[data-testid=console-output]').textContent.includes("put late")`) {
		t.Error("the console still shows a command from after the moment rewound to")
	}
	// The slow panels (event log) follow within their 200 ms refresh.
	p.WaitFor(`document.querySelector('[data-testid=event-log]').textContent.includes("put early") && !document.querySelector('[data-testid=event-log]').textContent.includes("put late")`, 5*time.Second)
	if !Eval[bool](p, `document.querySelector('[data-testid=console-output]').textContent.includes("put early")`) {
		t.Error("the console lost a command from before the moment rewound to")
	}
	p.Screenshot("rewound")
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=play]`))) // continue: fork
	p.WaitFor(`document.querySelector('[data-testid=console-output]').textContent.includes("later commands dropped")`, 10*time.Second)
	time.Sleep(1500 * time.Millisecond)
	if Eval[bool](p, `document.querySelector('[data-testid=console-output]').textContent.includes("put late")`) {
		t.Error("a dropped command ran again after the fork")
	}
}

// TestTerminalHabits: Tab completes a command, a flag and a key (a second
// Tab lists choices); Ctrl-C stops a foreground watch; Ctrl-R finds an
// earlier command; Ctrl-L clears; the history survives a reload.
func TestTerminalHabits(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 2")
	p.waitLeader(30 * time.Second)
	p.run("etcdctl put greeting hello")
	p.waitOutput("put greeting hello", "stdout", "OK", 20*time.Second)
	in := chromedp.CSS(`[data-testid=console-input]`)
	tab := func(typed, want string) {
		t.Helper()
		p.Do(chromedp.Click(in), chromedp.SendKeys(in, typed), chromedp.SendKeys(in, kb.Tab))
		p.WaitFor(`document.querySelector('[data-testid=console-input]').value === `+jsStr(want), 5*time.Second)
		p.Do(chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('[data-testid=console-input]'); i.value = ""; i.dispatchEvent(new Event('input', {bubbles: true})); })()`))
	}
	tab("etcdctl memb", "etcdctl member ")
	tab("etcdctl get --pref", "etcdctl get --prefix ")
	tab("etcdctl get gree", "etcdctl get greeting ")
	// A second Tab lists the choices.
	p.Do(chromedp.Click(in), chromedp.SendKeys(in, "etcdctl get --ke"), chromedp.SendKeys(in, kb.Tab), chromedp.SendKeys(in, kb.Tab))
	p.WaitFor(`(document.querySelector('[data-testid=completions]') || {}).textContent?.includes("--keys-only")`, 5*time.Second)
	p.Do(chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('[data-testid=console-input]'); i.value = ""; i.dispatchEvent(new Event('input', {bubbles: true})); })()`))

	// Ctrl-C on a watch in the foreground.
	p.run("etcdctl watch greeting")
	time.Sleep(300 * time.Millisecond)
	p.Do(chromedp.Click(in), chromedp.KeyEvent("c", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	p.waitOutput("watch greeting", "exit", "exit status 130", 10*time.Second)

	// Ctrl-R finds the put.
	p.Do(chromedp.Click(in), chromedp.KeyEvent("r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	p.WaitFor(`document.querySelector('[data-testid=prompt]').textContent.startsWith("(reverse-i-search)")`, 5*time.Second)
	p.Do(chromedp.SendKeys(in, "put gre"))
	p.WaitFor(`(document.querySelector('[data-testid=wait-line]') || {}).textContent === "etcdctl put greeting hello"`, 5*time.Second)
	p.Do(chromedp.SendKeys(in, kb.Enter))
	p.WaitFor(`[...document.querySelectorAll('[data-testid=console-output] .line.input')].filter(l => l.textContent === "$ etcdctl put greeting hello").length === 2`, 10*time.Second)

	// Ctrl-L clears.
	p.Do(chromedp.Click(in), chromedp.KeyEvent("l", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	p.WaitFor(`document.querySelectorAll('[data-testid=console-output] .line.input').length === 0`, 5*time.Second)

	// The history survives a reload.
	p.Do(chromedp.Reload())
	p.WaitFor(`document.documentElement.dataset.state === "ready"`, 60*time.Second)
	p.Do(chromedp.Click(in), chromedp.KeyEvent(kb.ArrowUp))
	p.WaitFor(`document.querySelector('[data-testid=console-input]').value === "etcdctl put greeting hello"`, 5*time.Second)
	p.Do(chromedp.KeyEvent("l", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	p.WaitFor(`document.querySelectorAll('[data-testid=console-output] .line.input').length === 0`, 5*time.Second)
	p.Do(chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('[data-testid=console-input]'); i.value = ""; i.dispatchEvent(new Event('input', {bubbles: true})); })()`))

	// Past the visible limit (120 lines) the oldest lines leave as new ones
	// come, and the page gets only the difference: it must read as the
	// whole output written anew (a language switch rewrites it whole).
	lines := `[...document.querySelectorAll('[data-testid=console-output] > *')]`
	p.run("etcdctl --help")
	p.WaitFor(lines+`.length > 80`, 10*time.Second)
	p.run("help")
	p.WaitFor(`(() => { const ls = `+lines+`; return ls.length === 120 && !ls.some(l => l.textContent === "$ etcdctl --help") && ls.some(l => l.textContent === "$ help"); })()`, 10*time.Second)
	time.Sleep(200 * time.Millisecond) // nothing more comes
	patched := Eval[[]string](p, lines+`.map(l => l.className + "|" + l.textContent)`)
	langButton := chromedp.CSS(`[data-testid=lang]`)
	p.Do(chromedp.Click(langButton))
	p.WaitFor(`document.getElementById("app").dataset.lang === "ko"`, 5*time.Second)
	Eval[any](p, `document.getElementById("console-output").firstElementChild.__old = true, null`)
	p.Do(chromedp.Click(langButton))
	p.WaitFor(`document.getElementById("app").dataset.lang === "en" && !document.getElementById("console-output").firstElementChild.__old`, 5*time.Second)
	if whole := Eval[[]string](p, lines+`.map(l => l.className + "|" + l.textContent)`); strings.Join(whole, "\n") != strings.Join(patched, "\n") {
		t.Errorf("console output written by difference (%d lines) differs from the whole output (%d lines):\n%s\n---\n%s", len(patched), len(whole), strings.Join(patched, "\n"), strings.Join(whole, "\n"))
	}
}

// TestKoreanFirst: a browser that prefers Korean opens the page in Korean.
func TestKoreanFirst(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 390, Height: 844, Mobile: true, Lang: "ko-KR"})
	p.Boot()
	p.WaitFor(`document.getElementById("app").dataset.lang === "ko"`, 5*time.Second)
	if h := Eval[string](p, `document.getElementById("h-console").textContent`); h != "콘솔" {
		t.Errorf("console heading %q, want 콘솔", h)
	}
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=lang]`)))
	p.WaitFor(`document.getElementById("app").dataset.lang === "en"`, 5*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=lang]`)))
	p.WaitFor(`document.getElementById("app").dataset.lang === "ko"`, 5*time.Second)
	p.Screenshot("ko")
}

// TestStoppedNotice: when the Go program ends after it started, the page
// says it stopped (never "could not start"), offers to reload the session
// from its link, and keys no longer reach the dead program.
func TestStoppedNotice(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 2")
	p.WaitFor(`window.raftlabLoader.session.includes("speed")`, 5*time.Second)
	// What wasm/main.go does when its loop ends with an error.
	p.Do(chromedp.Evaluate[chromedp.Void](`window.raftlabLoader.fail("render: test stop")`))
	p.WaitFor(`document.documentElement.dataset.state === "stopped"`, 5*time.Second)
	if txt := Eval[string](p, `document.getElementById("loader").textContent`); strings.Contains(txt, "could not start") || !strings.Contains(txt, "stopped") {
		t.Errorf("stopped notice: %q", txt)
	}
	if !Eval[bool](p, `!!document.querySelector('[data-testid=reload-session]') && document.querySelector('[data-testid=reload-session]').textContent.includes("session")`) {
		t.Error("no button reloads the session from its link")
	}
	p.Do(chromedp.KeyEvent("k")) // a shortcut: must not throw into a dead program
	time.Sleep(200 * time.Millisecond)
}
