package web

import (
	"math"
	"strconv"

	"github.com/vugu/vugu/js"
)

// The cluster view's moving parts are islands (island.go) drawn outside
// Vugu: members, their election timers and every flight change many times
// a second, and Vugu v0.4.0 re-sends every attribute and text of its whole
// tree at each render. Each layer is written into a reused byte buffer
// every frame and reaches the page (innerHTML) only when its bytes
// changed: the members when a role, term, label or position changes, the
// timers and flights while the clock runs. The page's Vugu tree then stays
// the same from one frame to the next, and wasm/main.go renders it only
// when it changed (BuildHash).
//
// Clicks and keys on a member are handled by one listener on the page
// (RingTarget, wired in wasm/main.go), since Vugu's handlers are bound to
// elements it renders.
//
// SECURITY: every value from the core (member names, roles) goes through
// hb.e; the rest are numbers and this package's constants.

// layer is an island rebuilt every frame into buf.
type layer struct {
	island
	buf hb
}

// commit makes buf the island's content when it differs.
func (ly *layer) commit() {
	ly.shown = true
	if string(ly.buf) == ly.html && ly.ver != 0 {
		return
	}
	islandSeq++
	ly.html, ly.ver = string(ly.buf), islandSeq
}

// hb is markup being written. Its methods are calls where appends would
// be expanded inline at every use: the page's code stays smaller.
type hb []byte

// s writes a constant of this package.
func (b *hb) s(x string) { *b = append(*b, x...) }

// e writes text or an attribute value escaped, as esc (html.EscapeString)
// without allocating.
func (b *hb) e(x string) {
	for i := 0; i < len(x); i++ {
		switch c := x[i]; c {
		case '<':
			b.s("&lt;")
		case '>':
			b.s("&gt;")
		case '&':
			b.s("&amp;")
		case '\'':
			b.s("&#39;")
		case '"':
			b.s("&#34;")
		default:
			*b = append(*b, c)
		}
	}
}

// n writes a coordinate as num does.
func (b *hb) n(f float64) { *b = strconv.AppendFloat(*b, math.Round(f*100)/100, 'f', -1, 64) }

func (b *hb) i(v int) { *b = strconv.AppendInt(*b, int64(v), 10) }

func (b *hb) u(v uint64) { *b = strconv.AppendUint(*b, v, 10) }

func (b *hb) bool(v bool) { *b = strconv.AppendBool(*b, v) }

// translate writes "translate(x y)".
func (b *hb) translate(x, y float64) {
	b.s("translate(")
	b.n(x)
	b.s(" ")
	b.n(y)
	b.s(")")
}

// ringLayers are the cluster view's islands drawn every frame.
type ringLayers struct {
	flights, traffic layer
	members          memberLayer
	timers           timerLayer
	// membersVer is the members layer's version last put in the page.
	membersVer float64
}

func (c *Root) initRing() {
	c.ring.members.id = "isl-members"
	c.ring.timers.id = "isl-timers"
	c.ring.flights.id = "isl-flights"
	c.ring.traffic.id = "isl-traffic"
}

func (c *Root) ringLayerList() []*layer {
	return []*layer{&c.ring.flights, &c.ring.traffic}
}

// buildRing writes the ring's layers for frame f.
func (c *Root) buildRing() {
	f := &c.f
	c.ring.members.build(c.Lang, f)
	c.ring.timers.build(c.Lang, f)

	b := &c.ring.flights.buf
	*b = (*b)[:0]
	b.s(`<desc>messages</desc>`)
	for i := range f.Flights {
		b.flight(&f.Flights[i])
	}
	c.ring.flights.commit()

	// Every flight that is not Raft's, in a shape of its own (its test id
	// and SVG path from the frame): clients' requests and answers,
	// forwards, snapshots.
	b = &c.ring.traffic.buf
	*b = (*b)[:0]
	b.s(`<desc>client requests and answers, requests forwarded to the leader and its answers, snapshots sent to followers</desc>`)
	for _, fls := range [][]FlightView{f.Clients, f.Forwards, f.Snapshots} {
		for i := range fls {
			b.shaped(&fls[i])
		}
	}
	c.ring.traffic.commit()
}

// flight draws one Raft message: a group placed at its point holding a
// dot.
func (b *hb) flight(fl *FlightView) {
	b.flightOpen(fl)
	b.s(`"><circle r="5"></circle></g>`)
}

// shaped draws a flight in its own shape and test id.
func (b *hb) shaped(fl *FlightView) {
	b.flightOpen(fl)
	b.s(`" data-testid="`)
	b.e(fl.TestID)
	b.s(`"><path d="`)
	b.e(fl.Shape)
	b.s(`"></path></g>`)
}

func (b *hb) flightOpen(fl *FlightView) {
	b.s(`<g class="`)
	b.e(fl.Class)
	b.s(`" transform="`)
	b.translate(fl.X, fl.Y)
	b.s(`" opacity="`)
	b.n(fl.Opacity)
}

// member draws member m: its circle, name, role, term and the console
// host's mark. Its election timer is drawn in the timers layer above.
func (b *hb) member(lang Lang, m *MemberView, r float64) {
	b.s(`<g class="`)
	b.s(memberClass(*m))
	b.s(`" transform="`)
	b.translate(m.X, m.Y)
	b.s(`" data-testid="member" data-idx="`)
	b.i(m.Idx)
	b.s(`" data-name="`)
	b.e(m.Name)
	b.s(`" data-role="`)
	b.e(string(m.Role))
	b.s(`" data-up="`)
	b.bool(m.Up)
	b.s(`" data-term="`)
	b.u(m.Term)
	b.s(`" data-group="`)
	b.e(m.GroupLabel)
	b.s(`" data-side="`)
	b.i(m.Side)
	b.s(`" data-host="`)
	b.bool(m.Host)
	b.s(`" tabindex="0" role="button" aria-label="`)
	b.summary(lang, m)
	b.s(`"><circle class="hit" r="`)
	b.n(r + 7)
	b.s(`"></circle><circle class="body" data-testid="member-body" r="`)
	b.n(r)
	b.s(`"></circle><text class="name" y="-8">`)
	b.e(m.Name)
	b.s(`</text><text class="role" y="7">`)
	b.e(roleShort(lang, *m))
	b.s(`</text><text class="term" y="21">t`)
	b.u(m.Term)
	if m.Up && (m.Role == RoleCandidate || m.Role == RolePreCandidate) {
		b.s(` · `)
		b.i(m.Votes)
		b.s(`✓`)
	}
	b.s(`</text>`)
	if m.Host {
		b.s(`<g class="hostmark" data-testid="host-mark" transform="`)
		b.translate(-r-2, -r+2)
		b.s(`"><rect x="-9" y="-9" width="18" height="16" rx="4"></rect><text y="3.5">$</text></g>`)
	}
	b.s(`</g>`)
}

// timer draws member m's election timer: an arc that drains as the
// timeout nears (the visible part is the time left), and the labelled
// timeout under (or over) the member. Raft randomizes the timeout again
// at every reset, so both change many times a second.
func (b *hb) timer(lang Lang, m *MemberView, r float64) {
	b.s(`<g class="timer-of" data-idx="`)
	b.i(m.Idx)
	b.s(`" transform="`)
	b.translate(m.X, m.Y)
	b.s(`"><circle class="timer`)
	if m.Timer > 0.8 {
		b.s(` urgent`)
	}
	r += 5
	b.s(`" r="`)
	b.n(r)
	circ := 2 * math.Pi * r
	b.s(`" stroke-dasharray="`)
	b.n(circ * (1 - m.Timer))
	b.s(" ")
	b.n(circ)
	b.s(`" transform="rotate(-90)"></circle><text class="below" y="`)
	b.n(m.LabelY)
	b.s(`">`)
	b.e(timerLabel(lang, m.TimeoutMS))
	b.s(`</text></g>`)
}

// timerLabel is the line under a member whose election timer runs.
func timerLabel(lang Lang, ms int) string {
	return tr(lang, "timer") + " " + strconv.Itoa(ms) + " ms"
}

// roleShort is the role inside the circle (short enough to stay inside).
func roleShort(lang Lang, m MemberView) string {
	if m.Up && m.Role == RolePreCandidate {
		return tr(lang, "pre-vote")
	}
	return RoleLabel(lang, m)
}

// summary writes a member's accessible label. Its commit and applied
// indexes and its election timeout are left to the logs tab and the
// timer's label: they change at every write or heartbeat, and the members
// layer is redrawn whenever its text changes.
func (b *hb) summary(lang Lang, m *MemberView) {
	b.e(m.Name)
	b.s(": ")
	b.e(RoleLabel(lang, *m))
	b.s(", term ")
	b.u(m.Term)
	if m.Leader != "" {
		b.s(", leader ")
		b.e(m.Leader)
	}
	if m.Host {
		b.s(", console host")
	}
}

// syncRing puts the changed layers into the page. A member that had the
// keyboard focus keeps it when the members layer is redrawn.
func (c *Root) syncRing(doc js.Value) {
	focus := -1
	if ly := &c.ring.members; ly.shown && ly.ver != c.ring.membersVer {
		c.ring.membersVer = ly.ver
		if a := doc.Get("activeElement"); a.Truthy() && a.Get("dataset").Truthy() {
			if a.Call("getAttribute", "data-testid").String() == "member" {
				focus, _ = strconv.Atoi(a.Call("getAttribute", "data-idx").String())
			}
		}
	}
	c.ring.members.sync(doc)
	for _, ly := range c.ringLayerList() {
		ly.sync(doc)
	}
	c.ring.timers.sync(doc)
	if focus >= 0 {
		if a := doc.Get("activeElement"); !a.Truthy() || a.Call("getAttribute", "data-testid").String() != "member" {
			if el := doc.Call("querySelector", `#isl-members [data-idx="`+strconv.Itoa(focus)+`"]`); el.Truthy() {
				el.Call("focus")
			}
		}
	}
}

// RingTarget handles a click or a key (kind "click" or "keydown", key as
// KeyboardEvent.key) on member idx of the cluster view (its data-idx). It
// reports whether it was handled (the caller then stops the event).
func (c *Root) RingTarget(kind, key string, idx int) bool {
	if idx < 0 || idx >= len(c.f.Members) {
		return false
	}
	switch {
	case kind == "click",
		kind == "keydown" && (key == "Enter" || key == " "):
		c.Select(idx)
		return true
	}
	return false
}

// patchLayer is a layer redrawn (innerHTML) only when its key, the
// drawing without what changes every frame, changes; in between its
// elements are updated in place (memberLayer, timerLayer).
type patchLayer struct {
	layer
	key, lastKey hb
	fresh        bool // the last sync (re)drew it: its elements are new
}

// same reports whether the key is the one drawn, so the page's drawing
// stays (natively it is always redrawn); otherwise it takes the new key.
func (pl *patchLayer) same() bool {
	if LiveDOM && string(pl.key) == string(pl.lastKey) && pl.ver != 0 {
		pl.shown = true
		return true
	}
	pl.lastKey = append(pl.lastKey[:0], pl.key...)
	return false
}

// redrawn puts the layer in the page when needed and reports whether it
// is there, and whether els, its child elements, were found again (when
// it was (re)drawn, fresh, or els was nil).
func (pl *patchLayer) redrawn(doc js.Value, els *[]js.Value) (in, found bool) {
	pl.fresh = pl.island.sync(doc)
	if pl.synced != pl.ver {
		*els = nil // not in the page
		return false, false
	}
	if pl.fresh || *els == nil {
		*els = (*els)[:0]
		for g := doc.Call("getElementById", pl.id).Get("firstElementChild"); g.Truthy(); g = g.Get("nextElementSibling") {
			*els = append(*els, g)
		}
		return true, true
	}
	return true, false
}

// timerLayer draws the election timers. Their arcs drain every frame and
// Raft randomizes each timeout again at every reset, so the labels change
// many times a second too: the layer is redrawn (innerHTML) only when which
// members have timers, or where, changes; in between, each arc's
// stroke-dasharray and each label's text are set on their elements.
type timerLayer struct {
	patchLayer
	lang      Lang
	vals      []timerVal // this frame's, one per timer drawn
	htmlVals  []timerVal // those in html
	shownVals []timerVal // those the page shows
	groups    []js.Value // each timer's group
	els       []js.Value // each timer's arc and label
}

type timerVal struct {
	_          noEqual
	dash, circ float64 // the arc's visible length, of its circumference
	ms         int     // the timeout
}

func (tl *timerLayer) build(lang Lang, f *Frame) {
	b, k := &tl.buf, &tl.key
	*b, *k = (*b)[:0], (*k)[:0]
	tl.vals, tl.lang = tl.vals[:0], lang
	k.i(int(lang))
	for i := range f.Members {
		m := &f.Members[i]
		if !m.Up || m.Timer < 0 {
			continue
		}
		b.timer(lang, m, f.R)
		circ := 2 * math.Pi * (f.R + 5)
		tl.vals = append(tl.vals, timerVal{dash: circ * (1 - m.Timer), circ: circ, ms: m.TimeoutMS})
		k.s("|")
		k.i(i)
		k.translate(m.X, m.Y)
		k.n(m.LabelY)
		k.s(",")
		k.n(f.R)
		k.bool(m.Timer > 0.8)
	}
	if tl.same() {
		return
	}
	tl.htmlVals = append(tl.htmlVals[:0], tl.vals...)
	tl.commit()
}

func (tl *timerLayer) sync(doc js.Value) {
	in, found := tl.redrawn(doc, &tl.groups)
	if !in {
		tl.els = nil
		return
	}
	if found {
		// Each timer's arc and label; what they show is html's, or
		// unknown (set again).
		tl.els = tl.els[:0]
		for _, g := range tl.groups {
			tl.els = append(tl.els, g.Get("firstElementChild"), g.Get("lastElementChild"))
		}
		tl.shownVals = append(tl.shownVals[:0], tl.htmlVals...)
		if !tl.fresh {
			for i := range tl.shownVals {
				tl.shownVals[i] = timerVal{dash: -1, ms: -1}
			}
		}
	}
	if len(tl.els) != 2*len(tl.vals) || len(tl.vals) != len(tl.shownVals) {
		tl.groups = nil // find them again
		return
	}
	for i, v := range tl.vals {
		sv := &tl.shownVals[i]
		if math.Round(v.dash*100) != math.Round(sv.dash*100) {
			tl.els[2*i].Call("setAttribute", "stroke-dasharray", num(v.dash)+" "+num(v.circ))
			sv.dash = v.dash
		}
		if v.ms != sv.ms {
			tl.els[2*i+1].Set("textContent", timerLabel(tl.lang, v.ms))
			sv.ms = v.ms
		}
	}
}

// memberLayer draws the members. It is redrawn (innerHTML) only when a
// member's drawing other than its place changes; while members glide (a
// partition, a heal) each member group's transform is set in place, so a
// member under the pointer (a click is a press and a release on the same
// element) or with the keyboard focus stays the same element.
type memberLayer struct {
	patchLayer                // keyed by the drawing without the places
	pos, htmlPos [][2]float64 // this frame's places, those in html
	shownPos     [][2]float64 // those the page shows
	els          []js.Value
}

func (ml *memberLayer) build(lang Lang, f *Frame) {
	b, k := &ml.buf, &ml.key
	*b, *k = (*b)[:0], (*k)[:0]
	ml.pos = ml.pos[:0]
	for i := range f.Members {
		m := f.Members[i]
		b.member(lang, &m, f.R)
		ml.pos = append(ml.pos, [2]float64{m.X, m.Y})
		m.X, m.Y = 0, 0
		k.member(lang, &m, f.R)
	}
	if ml.same() {
		return
	}
	ml.htmlPos = append(ml.htmlPos[:0], ml.pos...)
	ml.commit()
}

func (ml *memberLayer) sync(doc js.Value) {
	in, found := ml.redrawn(doc, &ml.els)
	if !in {
		return
	}
	if found {
		// What the members show is html's, or unknown (set again).
		ml.shownPos = append(ml.shownPos[:0], ml.htmlPos...)
		if !ml.fresh {
			for i := range ml.shownPos {
				ml.shownPos[i] = [2]float64{math.NaN(), math.NaN()}
			}
		}
	}
	if len(ml.els) != len(ml.pos) || len(ml.shownPos) != len(ml.pos) {
		ml.els = nil
		return
	}
	for i, p := range ml.pos {
		sp := &ml.shownPos[i]
		if math.Round(p[0]*100) != math.Round(sp[0]*100) || math.Round(p[1]*100) != math.Round(sp[1]*100) {
			var t hb
			t.translate(p[0], p[1])
			ml.els[i].Call("setAttribute", "transform", string(t))
			*sp = p
		}
	}
}
