package web

import (
	"strconv"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// Live values: the few things of the page outside the cluster view that
// change every frame while the clock runs (the clock, the status line, the
// timeline, the chart's growing segment, #app's data-now/-hash/-leader,
// the safety tab's step count and trace hash). They are written straight
// into their elements, each only when its value changed, so that Vugu's
// tree stays the same from frame to frame and is rendered only when
// something else changes (wasm/main.go, BuildHash). A Vugu render resets
// them (it sets what its template says: nothing, in the browser), so every
// one is written again after a render.
//
// Natively (LiveDOM false) the template renders them inline (nat), so unit
// tests see the same values.

// nat is a live value as the template renders it: the value natively,
// nothing in the browser (where liveSet writes it; nil leaves an attribute
// out and an element's content alone).
func nat(s string) any {
	if LiveDOM {
		return nil
	}
	return s
}

type liveKey struct{ id, name string }

type liveVal struct {
	_ noEqual
	liveKey
	val string
}

// liveSet holds this frame's live values and what the page holds.
type liveSet struct {
	vals    []liveVal
	applied map[liveKey]string
	els     map[string]js.Value // by id, until Vugu renders again
}

// add sets element id's attribute name to val; name "" is its text and
// ".prop" a JS property.
func (ls *liveSet) add(id, name, val string) {
	ls.vals = append(ls.vals, liveVal{liveKey: liveKey{id, name}, val: val})
}

// sync writes the values the page does not hold yet; rendered says Vugu
// rendered since the last sync.
func (ls *liveSet) sync(doc js.Value, rendered bool) {
	if ls.applied == nil {
		ls.applied, ls.els = map[liveKey]string{}, map[string]js.Value{}
	}
	if rendered {
		clear(ls.applied)
		clear(ls.els)
	}
	for _, v := range ls.vals {
		if old, ok := ls.applied[v.liveKey]; ok && old == v.val {
			continue
		}
		el, ok := ls.els[v.id]
		if !ok {
			el = doc.Call("getElementById", v.id)
			ls.els[v.id] = el
		}
		if !el.Truthy() {
			delete(ls.applied, v.liveKey)
			continue
		}
		switch {
		case v.name == "":
			el.Set("textContent", v.val)
		case v.name[0] == '.':
			el.Set(v.name[1:], v.val)
		default:
			el.Call("setAttribute", v.name, v.val)
		}
		ls.applied[v.liveKey] = v.val
	}
}

func (c *Root) nowAttr() string { return strconv.FormatInt(int64(c.f.Now/time.Microsecond), 10) }

// liveValues lists this frame's live values.
func (c *Root) liveValues() {
	ls := &c.live
	ls.vals = ls.vals[:0]
	ls.add("app", "data-now", c.nowAttr())
	ls.add("app", "data-hash", c.f.Hash)
	ls.add("app", "data-leader", c.f.Leader)
	ls.add("live-status", "", c.status())
	ls.add("live-clock", "", fmtDur(c.f.Now))
	// max first: a value above the old max would be clamped.
	ls.add("live-timeline", "max", c.horizonMS())
	ls.add("live-timeline", ".value", c.timelineValue())
	ls.add("isl-chart", "viewBox", c.chartViewBox())
	ls.add("live-tail", "class", c.tail.Class)
	ls.add("live-tail", "x1", num(c.tail.X1))
	ls.add("live-tail", "x2", num(c.tail.X2))
	ls.add("live-tail", "y1", num(c.tail.Y))
	ls.add("live-tail", "y2", num(c.tail.Y))
	ls.add("live-now", "x", num(c.nowX()))
	if c.Tab == "safety" {
		ls.add("live-steps", "", strconv.FormatUint(c.f.Steps, 10))
		ls.add("live-hash", "", c.f.Hash)
	}
}

// BuildHash fingerprints what a Vugu render of br would send to the page:
// every node's type, tag, attributes, properties, inner HTML and event
// listeners, components included. wasm/main.go renders only when it
// changes (or after an event).
func BuildHash(br *vugu.BuildResults) uint64 {
	h := fnvHash(14695981039346656037)
	if br == nil || br.Out == nil {
		return 0
	}
	h.bout(br, br.Out)
	return uint64(h)
}

type fnvHash uint64

func (h *fnvHash) str(s string) {
	v := *h
	for i := 0; i < len(s); i++ {
		v = (v ^ fnvHash(s[i])) * 1099511628211
	}
	*h = (v ^ 0xff) * 1099511628211 // end of the string
}

func (h *fnvHash) bytes(b []byte) {
	v := *h
	for _, c := range b {
		v = (v ^ fnvHash(c)) * 1099511628211
	}
	*h = (v ^ 0xff) * 1099511628211
}

func (h *fnvHash) num(n int) { *h = (*h ^ fnvHash(n)) * 1099511628211 }

func (h *fnvHash) bout(br *vugu.BuildResults, bo *vugu.BuildOut) {
	for _, n := range bo.CSS {
		h.node(br, n)
	}
	for _, n := range bo.Out {
		h.node(br, n)
	}
}

func (h *fnvHash) node(br *vugu.BuildResults, n *vugu.VGNode) {
	if n.Component != nil {
		h.num(-1)
		if out := br.ResultFor(n.Component); out != nil {
			h.bout(br, out)
		}
		return
	}
	h.num(int(n.Type))
	h.str(n.Data)
	h.str(n.Namespace)
	h.num(len(n.Attr))
	for _, a := range n.Attr {
		h.str(a.Namespace)
		h.str(a.Key)
		h.str(a.Val)
	}
	h.num(len(n.Prop))
	for _, p := range n.Prop {
		h.str(p.Key)
		h.bytes(p.JSONVal)
	}
	if n.InnerHTML != nil {
		h.num(-2)
		h.str(*n.InnerHTML)
	}
	h.num(len(n.DOMEventHandlerSpecList))
	for _, e := range n.DOMEventHandlerSpecList {
		h.str(e.EventType)
		if e.Capture {
			h.num(-3)
		}
		if e.Passive {
			h.num(-4)
		}
	}
	if n.JSCreateHandler != nil || n.JSPopulateHandler != nil {
		h.num(-5)
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		h.num(-6)
		h.node(br, ch)
	}
	h.num(-7)
}
