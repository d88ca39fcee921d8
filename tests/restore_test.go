package tests

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestReloadRestores: the page keeps the running session in local storage;
// after a reload it offers to restore it, and restoring brings back the
// same moment (time and trace) with the commands' effects.
func TestReloadRestores(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	if n := Eval[int](p, `document.querySelectorAll('[data-testid=restore-offer]').length`); n != 0 {
		t.Fatal("a fresh browser is offered a restore")
	}
	p.run("speed 5")
	p.waitLeader(30 * time.Second)
	p.run("etcdctl put kept 'across a reload'")
	p.waitOutput("etcdctl put kept", "stdout", "OK", 10*time.Second)
	p.run("drop 0.05")
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=play]`))) // pause
	p.WaitFor(`document.getElementById("app").classList.contains("paused")`, 10*time.Second)
	// The moment and its trace hash in one read (one frame's values).
	now, hash, _ := strings.Cut(Eval[string](p, `(d => d.now + " " + d.hash)(document.getElementById("app").dataset)`), " ")
	// The page saves within a second of the last change, before it sleeps
	// (paused) and when it hides. Wait for the save of this very moment
	// (t in ns, data-now in µs; the pause its last command) rather than a
	// fixed time and any save that holds the drop: one taken before the
	// pause holds that too, and the reload would then rest on the page's
	// pagehide save alone.
	p.WaitFor(`(q => Math.floor(Number(q.get("t")) / 1000) === `+now+` && q.getAll("c").some(c => c.endsWith(":drop 0.05")) && q.getAll("c").pop().endsWith(":pause"))(new URLSearchParams(localStorage.getItem("raftlab.session") || ""))`, 10*time.Second)

	p.Do(chromedp.Reload())
	p.WaitFor(`document.documentElement.dataset.state === "ready"`, 90*time.Second)
	p.WaitFor(`!!document.querySelector('[data-testid=restore-offer]')`, 10*time.Second)
	p.Screenshot("restore-offer")
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=restore-yes]`)))
	p.WaitFor(`!document.querySelector('[data-testid=restore-offer]')`, 10*time.Second)
	p.WaitFor(`document.getElementById("app").dataset.now === `+jsStr(now), 30*time.Second)
	if h := Eval[string](p, `document.getElementById("app").dataset.hash`); h != hash {
		t.Errorf("restored trace hash %s, want %s", h, hash)
	}
	// A restored session opens paused at its moment, as a shared one.
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=play]`)))
	p.run("etcdctl get kept --print-value-only")
	p.waitOutput("etcdctl get kept", "stdout", "across a reload", 20*time.Second)
	p.Screenshot("restored")
}
