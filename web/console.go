package web

import (
	"strconv"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// BeforeBuild rebuilds the output island when lines were added.
func (c *ConsolePanel) BeforeBuild() {
	c.out.id = "console-output"
	key := strconv.Itoa(int(c.R.Lang)) + "|" + strconv.Itoa(c.R.S.LineSeq)
	var pending bool
	if c.out.stale(key, 0, time.Time{}, &pending) {
		c.out.set(key, consoleHTML(c.visible(), tr(c.R.Lang, "Output appears here. Try \"help\".")), time.Time{})
	}
}

// Rendered puts new output in the page and keeps it scrolled to the newest
// line when lines were added. (Natively, vugu/js is a stub and the
// document is absent.)
func (c *ConsolePanel) Rendered(vugu.RenderedCtx) {
	// The field is cleared now: no stale line can come back from it.
	c.ran = ""
	if !LiveDOM {
		return
	}
	doc := js.Global().Get("document")
	if !doc.Truthy() {
		return
	}
	c.out.sync(doc)
	if c.renderedSeq == c.R.S.LineSeq {
		return
	}
	c.renderedSeq = c.R.S.LineSeq
	if el := doc.Call("getElementById", "console-output"); el.Truthy() {
		el.Set("scrollTop", el.Get("scrollHeight").Float())
	}
}

// clearField empties the console's input field at once (the render that
// clears it comes a frame later).
func clearField() {
	if !LiveDOM {
		return
	}
	if el := js.Global().Get("document").Call("getElementById", "console-input"); el.Truthy() {
		el.Set("value", "")
	}
}
