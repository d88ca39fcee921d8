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
// appendEsc; the rest are numbers and this package's constants.

// layer is an island rebuilt every frame into buf.
type layer struct {
	island
	buf []byte
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

// ringLayers are the cluster view's islands drawn every frame.
type ringLayers struct {
	members, flights, traffic layer
	timers                    timerLayer
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
	return []*layer{&c.ring.members, &c.ring.flights, &c.ring.traffic}
}

// buildRing writes the ring's layers for frame f.
func (c *Root) buildRing() {
	f := &c.f
	lang := c.Lang
	b := c.ring.members.buf[:0]
	for i := range f.Members {
		b = appendMember(b, lang, &f.Members[i], f.R)
	}
	c.ring.members.buf = b
	c.ring.members.commit()

	c.ring.timers.build(lang, f)

	b = append(c.ring.flights.buf[:0], `<desc>messages</desc>`...)
	for i := range f.Flights {
		b = appendFlight(b, &f.Flights[i])
	}
	c.ring.flights.buf = b
	c.ring.flights.commit()

	// Every flight that is not Raft's, in a shape of its own (its test id
	// and SVG path from the frame): clients' requests and answers,
	// forwards, snapshots.
	b = append(c.ring.traffic.buf[:0], `<desc>client requests and answers, requests forwarded to the leader and its answers, snapshots sent to followers</desc>`...)
	for _, fls := range [][]FlightView{f.Clients, f.Forwards, f.Snapshots} {
		for i := range fls {
			b = appendShaped(b, &fls[i])
		}
	}
	c.ring.traffic.buf = b
	c.ring.traffic.commit()
}

// appendFlight draws one Raft message: a group placed at its point holding
// a dot.
func appendFlight(b []byte, fl *FlightView) []byte {
	b = appendFlightOpen(b, fl)
	return append(b, `"><circle r="5"></circle></g>`...)
}

// appendShaped draws a flight in its own shape and test id.
func appendShaped(b []byte, fl *FlightView) []byte {
	b = appendEsc(append(appendFlightOpen(b, fl), `" data-testid="`...), fl.TestID)
	b = appendEsc(append(b, `"><path d="`...), fl.Shape)
	return append(b, `"></path></g>`...)
}

func appendFlightOpen(b []byte, fl *FlightView) []byte {
	b = appendEsc(append(b, `<g class="`...), fl.Class)
	b = appendTranslate(append(b, `" transform="`...), fl.X, fl.Y)
	return appendNum(append(b, `" opacity="`...), fl.Opacity)
}

// appendMember draws member m: its circle, name, role, term, the line
// under it and the console host's mark. Its election timer is drawn in
// the timers layer above.
func appendMember(b []byte, lang Lang, m *MemberView, r float64) []byte {
	b = append(b, `<g class="`...)
	b = append(b, memberClass(*m)...)
	b = appendTranslate(append(b, `" transform="`...), m.X, m.Y)
	b = append(b, `" data-testid="member" data-idx="`...)
	b = strconv.AppendInt(b, int64(m.Idx), 10)
	b = appendEsc(append(b, `" data-name="`...), m.Name)
	b = appendEsc(append(b, `" data-role="`...), string(m.Role))
	b = strconv.AppendBool(append(b, `" data-up="`...), m.Up)
	b = strconv.AppendUint(append(b, `" data-term="`...), m.Term, 10)
	b = appendEsc(append(b, `" data-group="`...), m.GroupLabel)
	b = strconv.AppendInt(append(b, `" data-side="`...), int64(m.Side), 10)
	b = strconv.AppendBool(append(b, `" data-host="`...), m.Host)
	b = appendSummary(append(b, `" tabindex="0" role="button" aria-label="`...), lang, m)
	b = appendNum(append(b, `"><circle class="hit" r="`...), r+7)
	b = appendNum(append(b, `"></circle><circle class="body" data-testid="member-body" r="`...), r)
	b = appendEsc(append(b, `"></circle><text class="name" y="-8">`...), m.Name)
	b = appendEsc(append(b, `</text><text class="role" y="7">`...), roleShort(lang, *m))
	b = append(b, `</text><text class="term" y="21">t`...)
	b = strconv.AppendUint(b, m.Term, 10)
	if m.Up && (m.Role == RoleCandidate || m.Role == RolePreCandidate) {
		b = append(b, ` · `...)
		b = strconv.AppendInt(b, int64(m.Votes), 10)
		b = append(b, `✓`...)
	}
	b = append(b, `</text>`...)
	if m.Host {
		b = appendTranslate(append(b, `<g class="hostmark" data-testid="host-mark" transform="`...), -r-2, -r+2)
		b = append(b, `"><rect x="-9" y="-9" width="18" height="16" rx="4"></rect><text y="3.5">$</text></g>`...)
	}
	return append(b, `</g>`...)
}

// appendTimer draws member m's election timer: an arc that drains as the
// timeout nears (the visible part is the time left), and the labelled
// timeout under (or over) the member. Raft randomizes the timeout again
// at every reset, so both change many times a second.
func appendTimer(b []byte, lang Lang, m *MemberView, r float64) []byte {
	b = strconv.AppendInt(append(b, `<g class="timer-of" data-idx="`...), int64(m.Idx), 10)
	b = append(b, `" transform="`...)
	b = appendTranslate(b, m.X, m.Y)
	b = append(b, `"><circle class="timer`...)
	if m.Timer > 0.8 {
		b = append(b, ` urgent`...)
	}
	r += 5
	b = appendNum(append(b, `" r="`...), r)
	circ := 2 * math.Pi * r
	b = appendNum(append(b, `" stroke-dasharray="`...), circ*(1-m.Timer))
	b = appendNum(append(b, ' '), circ)
	b = appendNum(append(b, `" transform="rotate(-90)"></circle><text class="below" y="`...), m.LabelY)
	b = appendEsc(append(b, `">`...), tr(lang, "timer"))
	b = strconv.AppendInt(append(b, ' '), int64(m.TimeoutMS), 10)
	return append(b, ` ms</text></g>`...)
}

// roleShort is the role inside the circle (short enough to stay inside).
func roleShort(lang Lang, m MemberView) string {
	if m.Up && m.Role == RolePreCandidate {
		return tr(lang, "pre-vote")
	}
	return RoleLabel(lang, m)
}

// appendSummary writes a member's accessible label. Its commit and
// applied indexes and its election timeout are left to the logs tab and
// the timer's label: they change at every write or heartbeat, and the
// members layer is redrawn whenever its text changes.
func appendSummary(b []byte, lang Lang, m *MemberView) []byte {
	b = appendEsc(b, m.Name)
	b = appendEsc(append(b, ": "...), RoleLabel(lang, *m))
	b = strconv.AppendUint(append(b, ", term "...), m.Term, 10)
	if m.Leader != "" {
		b = appendEsc(append(b, ", leader "...), m.Leader)
	}
	if m.Host {
		b = append(b, ", console host"...)
	}
	return b
}

// appendTranslate writes "translate(x y)".
func appendTranslate(b []byte, x, y float64) []byte {
	b = appendNum(append(b, "translate("...), x)
	b = appendNum(append(b, ' '), y)
	return append(b, ')')
}

// appendNum is num without allocating.
func appendNum(b []byte, f float64) []byte {
	return strconv.AppendFloat(b, math.Round(f*100)/100, 'f', -1, 64)
}

// appendEsc is esc (html.EscapeString) without allocating.
func appendEsc(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '&':
			b = append(b, "&amp;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '"':
			b = append(b, "&#34;"...)
		default:
			b = append(b, c)
		}
	}
	return b
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

// timerLayer draws the election timers. Their arcs drain every frame and
// Raft randomizes each timeout again at every reset, so the labels change
// many times a second too: the layer is redrawn (innerHTML) only when which
// members have timers, or where, changes; in between, each arc's
// stroke-dasharray and each label's text are set on their elements.
type timerLayer struct {
	layer
	lang         Lang
	key, lastKey []byte
	vals         []timerVal // this frame's, one per timer drawn
	htmlVals     []timerVal // those in html
	shownVals    []timerVal // those the page shows
	els          []js.Value // each timer's arc and label
}

type timerVal struct {
	dash, circ float64 // the arc's visible length, of its circumference
	ms         int     // the timeout
}

func (tl *timerLayer) build(lang Lang, f *Frame) {
	b, k := tl.buf[:0], tl.key[:0]
	tl.vals, tl.lang = tl.vals[:0], lang
	k = strconv.AppendInt(k, int64(lang), 10)
	for i := range f.Members {
		m := &f.Members[i]
		if !m.Up || m.Timer < 0 {
			continue
		}
		b = appendTimer(b, lang, m, f.R)
		circ := 2 * math.Pi * (f.R + 5)
		tl.vals = append(tl.vals, timerVal{dash: circ * (1 - m.Timer), circ: circ, ms: m.TimeoutMS})
		k = strconv.AppendInt(append(k, '|'), int64(i), 10)
		k = appendNum(append(k, ','), m.X)
		k = appendNum(append(k, ','), m.Y)
		k = appendNum(append(k, ','), m.LabelY)
		k = appendNum(append(k, ','), f.R)
		k = strconv.AppendBool(k, m.Timer > 0.8)
	}
	tl.buf, tl.key = b, k
	if LiveDOM && string(k) == string(tl.lastKey) && tl.ver != 0 {
		tl.shown = true
		return
	}
	tl.lastKey = append(tl.lastKey[:0], k...)
	tl.htmlVals = append(tl.htmlVals[:0], tl.vals...)
	tl.commit()
}

func (tl *timerLayer) sync(doc js.Value) {
	wrote := tl.island.sync(doc)
	if tl.synced != tl.ver {
		tl.els = nil // not in the page
		return
	}
	if wrote || tl.els == nil {
		// The layer was (re)drawn: find its elements.
		tl.shownVals = append(tl.shownVals[:0], tl.htmlVals...)
		tl.els = tl.els[:0]
		el := doc.Call("getElementById", tl.id)
		for g := el.Get("firstElementChild"); g.Truthy(); g = g.Get("nextElementSibling") {
			tl.els = append(tl.els, g.Get("firstElementChild"), g.Get("lastElementChild"))
		}
	}
	if len(tl.els) != 2*len(tl.vals) || len(tl.vals) != len(tl.shownVals) {
		tl.els = nil
		return
	}
	for i, v := range tl.vals {
		sv := &tl.shownVals[i]
		if math.Round(v.dash*100) != math.Round(sv.dash*100) {
			tl.els[2*i].Call("setAttribute", "stroke-dasharray", num(v.dash)+" "+num(v.circ))
			sv.dash = v.dash
		}
		if v.ms != sv.ms {
			tl.els[2*i+1].Set("textContent", tr(tl.lang, "timer")+" "+strconv.Itoa(v.ms)+" ms")
			sv.ms = v.ms
		}
	}
}
