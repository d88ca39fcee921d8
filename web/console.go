package web

import (
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// Rendered keeps the console output scrolled to the newest line when lines
// were added. (Natively, vugu/js is a stub and the document is absent.)
func (c *ConsolePanel) Rendered(vugu.RenderedCtx) {
	if c.renderedSeq == c.R.S.LineSeq {
		return
	}
	c.renderedSeq = c.R.S.LineSeq
	doc := js.Global().Get("document")
	if !doc.Truthy() {
		return
	}
	if el := doc.Call("getElementById", "console-output"); el.Truthy() {
		el.Set("scrollTop", el.Get("scrollHeight").Float())
	}
}
