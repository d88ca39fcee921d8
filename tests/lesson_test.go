package tests

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// clickRun clicks a lesson solution line's Run button and waits until the
// command it issued has finished (no wait line under the console).
func (p *Page) clickRun(i int) {
	p.t.Helper()
	sel := `[data-testid="lesson-run-` + strconv.Itoa(i) + `"]`
	p.WaitFor(`!!document.querySelector(`+jsStr(sel)+`)`, 10*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(sel)))
	time.Sleep(200 * time.Millisecond)
	p.WaitFor(`!document.querySelector('[data-testid=wait-line]')`, 60*time.Second)
}

// clickRunUnlessDone is clickRun for a line that may vanish because the
// lesson finished meanwhile (the solution list goes away then): it waits
// for the button or the end of the lesson, and clicks in the page at once,
// so a button removed after the check is not waited for. It reports
// whether it clicked.
func (p *Page) clickRunUnlessDone(i int, doneStep string) bool {
	p.t.Helper()
	sel := jsStr(`[data-testid="lesson-run-` + strconv.Itoa(i) + `"]`)
	done := `document.querySelector('[data-testid=panel-lesson]').dataset.step === ` + jsStr(doneStep)
	p.WaitFor(`!!document.querySelector(`+sel+`) || `+done, 10*time.Second)
	if !Eval[bool](p, `(() => { const b = document.querySelector(`+sel+`); if (!b) return false; b.click(); return true })()`) {
		return false
	}
	time.Sleep(200 * time.Millisecond)
	p.WaitFor(`!document.querySelector('[data-testid=wait-line]')`, 60*time.Second)
	return true
}

func (p *Page) lessonState() (id, step string) {
	return Eval[string](p, `document.querySelector('[data-testid=panel-lesson]').dataset.lesson`),
		Eval[string](p, `document.querySelector('[data-testid=panel-lesson]').dataset.step`)
}

// TestLessonElectionByClicks: a learner picks `election` in the lesson
// panel and finishes it by clicking only (the picker, Start, Hint, Show
// solution and each line's Run button, the speed button): the checklist
// ticks, a hint shows, both steps pass, progress counts the lesson.
func TestLessonElectionByClicks(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.WaitFor(`!!document.querySelector('[data-testid=lesson-offer]')`, 10*time.Second)
	// The offer does not force anything: the sandbox runs meanwhile.
	if id, _ := p.lessonState(); id != "" {
		t.Fatalf("a lesson (%q) started without being asked", id)
	}
	Eval[bool](p, `(() => { const s = document.querySelector('[data-testid=lesson-pick]'); s.value = "election"; s.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=lesson-start]`)))
	p.WaitFor(`document.querySelector('[data-testid=panel-lesson]').dataset.lesson === "election"`, 10*time.Second)
	if _, step := p.lessonState(); step != "0" {
		t.Fatalf("election starts at step %s", step)
	}
	if n := Eval[int](p, `document.querySelectorAll('[data-testid=lesson-check][data-state=passed]').length`); n != 0 {
		t.Fatalf("%d checks passed right after the start", n)
	}
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=lesson-hint]`)))
	p.WaitFor(`document.querySelectorAll('[data-testid=lesson-hints] li').length >= 1`, 10*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=lesson-solution-toggle]`)))
	p.WaitFor(`!!document.querySelector('[data-testid=lesson-solution]')`, 10*time.Second)
	p.Screenshot("election-start")

	p.clickRun(0) // kill node-1
	// The checklist ticks live (at the page's slow 0.25x the election takes
	// seconds): the leader is down, no new leader yet.
	p.WaitFor(`document.querySelectorAll('[data-testid=lesson-check][data-state=passed]').length >= 1 && document.querySelector('[data-testid=panel-lesson]').dataset.step === "0"`, 20*time.Second)
	p.Screenshot("election-tick")
	for i := 0; i < 4; i++ { // 0.25x -> 5x
		p.Do(chromedp.Click(chromedp.CSS(`[data-testid=faster]`)))
	}
	p.clickRun(1) // wait 3s
	p.WaitFor(`document.querySelector('[data-testid=panel-lesson]').dataset.step === "1"`, 30*time.Second)
	p.WaitFor(`!!document.querySelector('[data-testid=lesson-why]')`, 5*time.Second)
	p.Screenshot("election-step1")
	for i := 2; i <= 12; i++ {
		// The list goes away once the lesson is done (the last wait may
		// not be needed).
		if !p.clickRunUnlessDone(i, "2") {
			break
		}
	}
	p.WaitFor(`document.querySelector('[data-testid=panel-lesson]').dataset.step === "2"`, 60*time.Second)
	p.WaitFor(`document.querySelector('[data-testid=lesson-progress]').textContent.startsWith("1/")`, 10*time.Second)
	if !Eval[bool](p, `!!document.querySelector('[data-testid=lesson-next]')`) {
		t.Error("no Next lesson button after finishing")
	}
	p.Screenshot("election-done")
}

// TestLessonDeepLinkKorean: #lesson=<id> opens that lesson; the panel
// renders in Korean.
func TestLessonDeepLinkKorean(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 390, Height: 844, Mobile: true})
	p.URL += "#lesson=quorum"
	p.Boot()
	p.WaitFor(`document.querySelector('[data-testid=panel-lesson]').dataset.lesson === "quorum"`, 20*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=lang]`)))
	p.WaitFor(`document.querySelector('[data-testid=panel-lesson]').textContent.includes("레슨")`, 10*time.Second)
	if !Eval[bool](p, `document.querySelector('[data-testid=lesson-goal]').textContent.startsWith("단계 1")`) {
		t.Errorf("Korean goal: %q", Eval[string](p, `document.querySelector('[data-testid=lesson-goal]').textContent`))
	}
	// The cluster stays in view on a phone: the ring is on the page.
	if !Eval[bool](p, `!!document.querySelector('[data-testid=panel-cluster] svg')`) {
		t.Error("the cluster is not rendered beside the lesson")
	}
	p.Screenshot("quorum-ko-phone")
}
