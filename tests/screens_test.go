package tests

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPartitionScreens takes the screenshots of a five-member 3:2
// partition at desktop and phone width (the before/after
// pictures): tests/artifacts/TestPartitionScreens_*-partition32.png.
func TestPartitionScreens(t *testing.T) {
	for _, vp := range []struct {
		name string
		opt  PageOptions
	}{{"desktop", PageOptions{Width: 1280, Height: 900}}, {"phone", PageOptions{Width: 390, Height: 844, Mobile: true}}} {
		t.Run(vp.name, func(t *testing.T) {
			p := NewPage(t, vp.opt)
			p.Boot()
			p.run("reset --size 5")
			p.WaitFor(`document.querySelectorAll('[data-testid=member]').length === 5`, 10*time.Second)
			p.run("speed 2")
			p.waitLeader(30 * time.Second)
			p.Do(chromedp.Click(chromedp.CSS(`[data-testid=preset-32]`)))
			p.run("speed 0.25")
			time.Sleep(1500 * time.Millisecond)
			p.Screenshot("partition32")
		})
	}
}
