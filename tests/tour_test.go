package tests

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// center returns the viewport centre of the first element matching css.
func (p *Page) center(css string) (x, y float64) {
	p.t.Helper()
	p.WaitFor(`!!document.querySelector(`+jsStr(css)+`)`, 5*time.Second)
	r := Eval[[]float64](p, `(() => { const e = document.querySelector(`+jsStr(css)+`);
		const r = e.getBoundingClientRect(); return [r.left + r.width/2, r.top + r.height/2] })()`)
	return r[0], r[1]
}

// scrollTo brings an element to the middle of the viewport.
func (p *Page) scrollTo(css string) {
	p.t.Helper()
	p.WaitFor(`!!document.querySelector(`+jsStr(css)+`)`, 5*time.Second)
	Eval[any](p, `document.querySelector(`+jsStr(css)+`).scrollIntoView({block: "center"}), null`)
	time.Sleep(50 * time.Millisecond)
}

// dragMouse drags with the mouse from one element to another.
func (p *Page) dragMouse(from, to string) {
	p.t.Helper()
	p.scrollTo(`[data-testid=groups]`)
	x0, y0 := p.center(from)
	x1, y1 := p.center(to)
	p.Do(
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(chromedp.MouseMoved, (x0+x1)/2, (y0+y1)/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, x1, y1, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	)
}

// dragTouch drags with a finger from one element to another.
func (p *Page) dragTouch(from, to string) {
	p.t.Helper()
	p.scrollTo(`[data-testid=groups]`)
	x0, y0 := p.center(from)
	x1, y1 := p.center(to)
	touch := func(typ input.DispatchTouchEventType, pts ...*input.TouchPoint) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
			return err
		})
	}
	p.Do(
		touch(input.DispatchTouchEventTypeTouchStart, &input.TouchPoint{X: x0, Y: y0}),
		touch(input.DispatchTouchEventTypeTouchMove, &input.TouchPoint{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}),
		touch(input.DispatchTouchEventTypeTouchMove, &input.TouchPoint{X: x1, Y: y1}),
		touch(input.DispatchTouchEventTypeTouchEnd),
	)
}

func (p *Page) click(css string) {
	p.t.Helper()
	p.WaitFor(`!!document.querySelector(`+jsStr(css)+`)`, 5*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
}

// echoed waits for the console to echo a command issued by a button.
func (p *Page) echoed(line string) {
	p.t.Helper()
	p.WaitFor(`[...document.querySelectorAll('[data-testid=console-output] .line.input')].some(l => l.textContent === `+jsStr("$ "+line)+`)`, 10*time.Second)
}

// TestDragPartitionMouse: five members dragged into a 3:2 partition with
// the mouse; the page issues `partition …` and the ring shows the cut.
func TestDragPartitionMouse(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("reset --size 5")
	p.WaitFor(`document.querySelectorAll('[data-testid=member]').length === 5`, 10*time.Second)
	p.click(`[data-testid=groups-toggle]`)
	p.dragMouse(`[data-testid=chip][data-chip="node-4"]`, `[data-testid=zone-1]`)
	p.WaitFor(`!!document.querySelector('[data-testid=zone-1] [data-chip="node-4"]')`, 5*time.Second)
	p.dragMouse(`[data-testid=chip][data-chip="node-5"]`, `[data-testid=zone-1]`)
	p.WaitFor(`!!document.querySelector('[data-testid=zone-1] [data-chip="node-5"]')`, 5*time.Second)
	// Tap mode: a click on a chip, then on a zone.
	p.click(`[data-testid=chip][data-chip="node-3"]`)
	p.WaitFor(`document.querySelector('[data-chip="node-3"]').classList.contains("held")`, 5*time.Second)
	p.click(`[data-testid=zone-2] .zone-name`)
	p.WaitFor(`!!document.querySelector('[data-testid=zone-2] [data-chip="node-3"]')`, 5*time.Second)
	p.dragMouse(`[data-testid=chip][data-chip="node-3"]`, `[data-testid=zone-0]`)
	p.WaitFor(`document.querySelector('[data-testid=groups-command]').textContent === "partition node-1,node-2,node-3 node-4,node-5"`, 5*time.Second)
	p.Screenshot("groups")
	p.click(`[data-testid=groups-apply]`)
	p.echoed("partition node-1,node-2,node-3 node-4,node-5")
	p.WaitFor(`document.querySelectorAll('[data-testid=link][data-cut=true]').length === 6`, 5*time.Second)
	p.Screenshot("applied")
}

// TestDragPartitionTouch: the same with a finger on a phone.
func TestDragPartitionTouch(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 390, Height: 844, Mobile: true})
	p.Boot()
	p.click(`[data-testid=groups-toggle]`)
	p.dragTouch(`[data-testid=chip][data-chip="node-3"]`, `[data-testid=zone-1]`)
	p.WaitFor(`!!document.querySelector('[data-testid=zone-1] [data-chip="node-3"]')`, 5*time.Second)
	p.click(`[data-testid=groups-apply]`)
	p.echoed("partition node-1,node-2 node-3")
	p.WaitFor(`document.querySelectorAll('[data-testid=link][data-cut=true]').length === 2`, 5*time.Second)
	if Eval[bool](p, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("horizontal overflow on a phone with the partition builder open")
	}
	p.checkQuorumTable()
	p.Screenshot("phone")
}

// TestLearnerTour clicks every control a learner sees, checks each one
// shows up in the console as its command, and screenshots each state, at
// desktop width and in Korean.
func TestLearnerTour(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1440, Height: 1000})
	p.Boot()
	p.run("speed 2")
	lead := p.waitLeader(30 * time.Second)

	// Time bar: play/pause, step, slower/faster.
	p.click(`[data-testid=play]`)
	p.echoed("pause")
	p.click(`[data-testid=step]`)
	p.echoed("step")
	p.click(`[data-testid=faster]`)
	p.echoed("speed 5")
	p.click(`[data-testid=slower]`)
	p.echoed("speed 2")
	p.click(`[data-testid=play]`)
	p.echoed("resume")

	// Member menu: every action.
	var follower string
	for _, n := range []string{"node-1", "node-2", "node-3"} {
		if n != lead {
			follower = n
			break
		}
	}
	p.clickMember(follower)
	p.Screenshot("menu")
	for _, a := range []struct{ id, cmd string }{
		{"act-campaign", "timeout-now " + follower},
		{"act-isolate", "isolate " + follower},
		{"act-stop", "stop " + follower},
		{"act-start", "start " + follower},
		{"act-kill", "kill " + follower},
		{"act-start", "start " + follower},
		{"act-put", "etcdctl --endpoints=" + follower + " put key1 value1"},
	} {
		p.click(`[data-testid=` + a.id + `]`)
		p.echoed(a.cmd)
	}
	p.click(`[data-testid=act-close]`)
	p.click(`[data-testid=heal]`)
	p.echoed("heal")
	lead = p.waitLeader(30 * time.Second)
	p.clickMember(follower)
	p.click(`[data-testid=act-transfer]`)
	p.echoed("transfer " + follower)
	p.click(`[data-testid=act-close]`)

	// Presets.
	p.click(`[data-testid=preset-iso]`)
	p.WaitFor(`[...document.querySelectorAll('[data-testid=console-output] .line.input')].some(l => l.textContent.startsWith("$ isolate "))`, 10*time.Second)
	p.click(`[data-testid=preset-32]`)
	p.WaitFor(`[...document.querySelectorAll('[data-testid=console-output] .line.input')].some(l => l.textContent.startsWith("$ partition "))`, 10*time.Second)
	p.click(`[data-testid=heal]`)
	p.waitLeader(30 * time.Second)
	p.Screenshot("after-actions")

	p.checkQuorumTable()

	// Tabs: logs, data (with a stale member), safety (linearizability), settings.
	p.click(`[data-testid=tab-logs]`)
	p.WaitFor(`document.querySelectorAll('[data-testid=log-strip]').length === 3`, 5*time.Second)
	p.Screenshot("logs")
	p.click(`[data-testid=tab-data]`)
	p.WaitFor(`!!document.querySelector('[data-testid=data-revision]')`, 10*time.Second)
	p.WaitFor(`[...document.querySelectorAll('[data-testid=kv-row] td')].some(td => td.textContent === "key1")`, 10*time.Second)
	rev, _ := strconv.Atoi(Eval[string](p, `document.querySelector('[data-testid=data-revision]').dataset.rev`))
	if rev < 2 {
		t.Errorf("data panel revision %d", rev)
	}
	p.Screenshot("data")
	p.click(`[data-testid=tab-safety]`)
	p.run("etcdctl get key1")
	p.waitOutput("get key1", "stdout", "value1", 20*time.Second)
	p.click(`[data-testid=check-lin]`)
	p.echoed("check-linearizability")
	p.WaitFor(`document.querySelector('[data-testid=lin-report]')?.dataset.result === "ok"`, 20*time.Second)
	if n, _ := strconv.Atoi(Eval[string](p, `document.querySelector('[data-testid=lin-ops]').textContent`)); n < 2 {
		t.Errorf("linearizability report: %d operations", n)
	}
	p.Screenshot("safety")
	p.click(`[data-testid=tab-settings]`)
	p.Screenshot("settings")

	// Help overlay with the keyboard shortcuts, opened with "?".
	p.Do(chromedp.Click(chromedp.CSS(`header.top h1`), chromedp.NodeVisible))
	p.Do(chromedp.KeyEvent("?"))
	p.WaitFor(`!!document.querySelector('[data-testid=help-overlay]')`, 5*time.Second)
	if n := Eval[int](p, `document.querySelectorAll('[data-testid=help-overlay] kbd').length`); n < 8 {
		t.Errorf("help lists %d shortcuts", n)
	}
	p.Screenshot("help")
	p.Do(chromedp.KeyEvent(kb.Escape))
	p.WaitFor(`!document.querySelector('[data-testid=help-overlay]')`, 5*time.Second)

	// Share, then Korean.
	p.click(`[data-testid=share]`)
	p.WaitFor(`!!document.querySelector('[data-testid=share-url]')`, 5*time.Second)
	p.click(`[data-testid=lang]`)
	p.WaitFor(`document.getElementById("app").dataset.lang === "ko"`, 5*time.Second)
	p.click(`[data-testid=tab-safety]`)
	p.WaitFor(`document.querySelector('[data-testid=lin-result]')?.textContent.includes("선형")`, 5*time.Second)
	p.Screenshot("korean")
}

// checkQuorumTable: every header of the quorum table wraps between words
// only, and the table fits its panel.
func (p *Page) checkQuorumTable() {
	p.t.Helper()
	if !Eval[bool](p, `[...document.querySelectorAll('[data-testid=quorum-table] th')].every(th => {
		const r = document.createRange(); r.selectNodeContents(th);
		const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
		return lines <= th.textContent.trim().split(/\s+/).length })`) {
		p.t.Error("a quorum table header breaks inside a word")
	}
	if w := Eval[[]float64](p, `[document.querySelector('[data-testid=quorum-table]').getBoundingClientRect().right,
		document.querySelector('[data-testid=panel-quorum]').getBoundingClientRect().right]`); w[0] > w[1]+1 {
		p.t.Errorf("the quorum table (right edge %.0f px) is wider than its panel (%.0f px)", w[0], w[1])
	}
}
