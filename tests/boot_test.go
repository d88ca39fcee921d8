package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// checkShell asserts what every viewport must show after boot.
func checkShell(t *testing.T, p *Page) {
	t.Helper()
	if !Eval[bool](p, `document.getElementById("loader").hidden`) {
		t.Error("loader still visible after boot")
	}
	if n := Eval[int](p, `document.querySelectorAll('[data-testid=cluster-svg] [data-testid=member]').length`); n != 3 {
		t.Errorf("cluster SVG shows %d members, want 3", n)
	}
	if !Eval[bool](p, `document.querySelector('[data-testid=cluster-svg]') instanceof SVGSVGElement &&
		[...document.querySelectorAll('[data-testid=member]')].every(g => g instanceof SVGGElement)`) {
		t.Error("cluster view is not real SVG (namespace lost)")
	}
	p.WaitFor(`document.querySelectorAll('[data-testid=member][data-role=leader]').length === 1`, 30*time.Second)
	if !Eval[bool](p, `(() => { const r = document.querySelector('[data-testid=cluster-svg]').getBoundingClientRect(); return r.width > 100 && r.height > 100 })()`) {
		t.Error("cluster SVG is not laid out at a visible size")
	}
	// The page must not scroll sideways.
	if Eval[bool](p, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Errorf("horizontal overflow: scrollWidth %d > innerWidth %d",
			Eval[int](p, `document.documentElement.scrollWidth`), Eval[int](p, `window.innerWidth`))
	}
	for _, id := range []string{"panel-cluster", "panel-console", "panel-quorum", "panel-events", "panel-time", "panel-logs",
		"tab-logs", "tab-data", "tab-safety", "tab-settings", "quorum-table", "timeline", "presets"} {
		if !Eval[bool](p, `!!document.querySelector('[data-testid=`+id+`]')`) {
			t.Errorf("%s missing", id)
		}
	}
}

func TestBootDesktop(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	checkShell(t, p)

	// main.wasm came precompressed in the best encoding the browser accepts.
	// (Chromium offers br only over HTTPS, so over http://127.0.0.1 it is gzip.)
	p.Served.mu.Lock()
	enc, accepted := p.Served.encoding["/main.wasm"], p.Served.accepted["/main.wasm"]
	p.Served.mu.Unlock()
	want := ""
	for _, c := range []struct{ enc, file string }{{"br", "main.wasm.br"}, {"gzip", "main.wasm.gz"}} {
		if _, err := os.Stat(filepath.Join(distDir, c.file)); err == nil && strings.Contains(accepted, c.enc) {
			want = c.enc
			break
		}
	}
	if enc != want {
		t.Errorf("main.wasm served with Content-Encoding %q, want %q (Accept-Encoding %q)", enc, want, accepted)
	}
	t.Logf("main.wasm: Accept-Encoding %q, Content-Encoding %q", accepted, enc)
	// Time to interactive, from the navigation's start to the page's
	// "ready" mark (loader.js): a figure for the report, not a timed test.
	if ms := Eval[float64](p, `(performance.getEntriesByName("raftlab-ready")[0] || {startTime: -1}).startTime`); ms < 0 {
		t.Error(`no "raftlab-ready" performance mark after boot`)
	} else {
		t.Logf("interactive %.0f ms after navigation (main.wasm fetched, compiled and started, first render)", ms)
	}

	// Console: run, see stdout and stderr told apart, walk the history.
	in := `[data-testid=console-input]`
	p.Do(
		chromedp.Click(chromedp.CSS(in)),
		chromedp.SendKeys(chromedp.CSS(in), "etcdctl member list"+kb.Enter),
	)
	p.WaitFor(`document.querySelectorAll('[data-testid=console-output] .line.stdout').length >= 3`, 10*time.Second)
	p.Do(chromedp.SendKeys(chromedp.CSS(in), "bogus <b>x</b>"+kb.Enter))
	p.WaitFor(`document.querySelectorAll('[data-testid=console-output] .line.stderr').length >= 1`, 10*time.Second)
	p.WaitFor(`[...document.querySelectorAll('[data-testid=console-output] .line.exit')].some(e => e.textContent !== "exit status 0")`, 10*time.Second)
	if Eval[bool](p, `!!document.querySelector('[data-testid=console-output] b')`) {
		t.Error("console output was rendered as HTML")
	}
	if got := Eval[int](p, `document.querySelectorAll('[data-testid=console-output] .line.input').length`); got != 2 {
		t.Errorf("%d echoed input lines, want 2", got)
	}
	p.Do(chromedp.SendKeys(chromedp.CSS(in), kb.ArrowUp))
	p.WaitFor(`document.querySelector('[data-testid=console-input]').value === "bogus <b>x</b>"`, 5*time.Second)
	p.Do(chromedp.SendKeys(chromedp.CSS(in), kb.ArrowUp))
	p.WaitFor(`document.querySelector('[data-testid=console-input]').value === "etcdctl member list"`, 5*time.Second)
	p.Do(chromedp.SendKeys(chromedp.CSS(in), kb.ArrowDown+kb.ArrowDown))
	p.WaitFor(`document.querySelector('[data-testid=console-input]').value === ""`, 5*time.Second)

	// New output scrolls into view.
	for range 15 {
		p.run("etcdctl member list")
	}
	p.WaitFor(`(() => { const o = document.querySelector('[data-testid=console-output]');
		return o.scrollHeight > o.clientHeight && o.scrollTop + o.clientHeight >= o.scrollHeight - 2 })()`, 5*time.Second)

	// A fault command is reflected in the cluster view.
	p.run("kill node-2")
	p.WaitFor(`document.querySelector('[data-testid=member][data-name="node-2"]').dataset.up === "false"`, 5*time.Second)
	p.Screenshot("desktop")
}

func TestBootPhone(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 390, Height: 844, Mobile: true})
	p.Boot()
	checkShell(t, p)
	// Panels stack in one column.
	if !Eval[bool](p, `(() => {
		const a = document.querySelector('[data-testid=panel-cluster]').getBoundingClientRect();
		const b = document.querySelector('[data-testid=panel-console]').getBoundingClientRect();
		return b.top >= a.bottom && Math.abs(a.left - b.left) < 2;
	})()`) {
		t.Error("cluster and console panels are not stacked on a phone")
	}
	p.Screenshot("phone")
}
