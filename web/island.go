package web

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// Islands: read-only blocks that change slowly (quorum table, event log,
// log strips, data table, console output, ring links, terms chart) are
// built as one pre-escaped HTML string, rebuilt only when their inputs
// change (and, for some, at most a few times a second), and put into the
// page only when the string changed.
//
// How: the template renders the island's container element with no
// children. Vugu v0.4.0 leaves the children of such an element alone (it
// only syncs children it has), so after each render Root.AfterRender (and
// ConsolePanel.Rendered) sets the container's innerHTML when the element
// does not yet hold the current version (a JS property on the element
// records which version it holds, so an element Vugu reuses for another
// island or replaces is noticed). Natively (unit tests, staticrender)
// LiveDOM is false and the island's HTML is rendered inline through
// vg-content, so the same markup is checked.
//
// SECURITY: this is the one place in the UI where HTML is written by hand.
// Every value that is not a constant of this package goes through esc
// (html.EscapeString: < > & ' "), in text and in quoted attribute values.
// TestIslandsEscape feeds hostile keys, values, names and commands through
// every island.

// LiveDOM is true in the browser (wasm/main.go sets it before the first
// build): islands are then filled by Rendered instead of vg-content.
var LiveDOM bool

// islandSeq numbers island contents across all islands, so a version
// number identifies one content of one island.
var islandSeq float64

type island struct {
	_     noEqual
	id    string
	key   string // the inputs the html was built from
	html  string
	ver   float64
	built time.Duration // sinceStart when the html was built
	shown bool          // part of the last build
	// synced is the version last found or put in the page; until Vugu
	// renders again (it may replace the element), the page still holds it.
	synced float64
}

// rendered is set while AfterRender runs after a frame Vugu rendered.
var rendered bool

// esc escapes text and attribute values for the islands' HTML, as
// html.EscapeString does (vugu.EscapeHTML: third_party/vugu's copy; package
// html's initialisation linked its 2,231 named character references into the
// page).
func esc(s string) string { return vugu.EscapeHTML(s) }

// stale reports whether the island must be rebuilt for inputs key; every
// bounds how often (zero: whenever they change). pending is set when a
// change waits for its turn.
func (is *island) stale(key string, every time.Duration, now time.Duration, pending *bool) bool {
	is.shown = true
	if key == is.key && is.ver != 0 {
		return false
	}
	if every > 0 && is.ver != 0 && now-is.built < every {
		*pending = true
		return false
	}
	if every > 0 && is.ver != 0 {
		// At most one slow panel is rebuilt per frame: rebuilt together
		// (events, chart, logs, data every 200 ms), they made a longer
		// frame five times a second.
		if slowRebuilt {
			*pending = true
			return false
		}
		slowRebuilt = true
	}
	return true
}

// slowRebuilt is set once a slow island was rebuilt in this build.
var slowRebuilt bool

func (is *island) set(key, html string, now time.Duration) {
	is.key, is.built = key, now
	if html == is.html && is.ver != 0 {
		return
	}
	islandSeq++
	is.html, is.ver = html, islandSeq
}

// content is the island's vg-content: nothing in the browser (Rendered
// fills it), the HTML inline natively.
func (is *island) content() any {
	if LiveDOM {
		return nil
	}
	return vugu.HTML(is.html)
}

// sync puts the island's current HTML into its element if the element does
// not hold it yet, and reports whether it did.
func (is *island) sync(doc js.Value) bool { return is.syncWith(doc, nil) }

// syncWith is sync, where patch (when not nil) may bring the element up to
// date with less than a whole rewrite; it reports whether it did.
func (is *island) syncWith(doc js.Value, patch func(el js.Value) bool) bool {
	if !is.shown {
		return false
	}
	is.shown = false
	if !rendered && is.synced == is.ver {
		return false
	}
	el := doc.Call("getElementById", is.id)
	if !el.Truthy() {
		is.synced = 0
		return false
	}
	is.synced = is.ver
	if v := el.Get("__rlv"); v.Truthy() && v.Float() == is.ver {
		return false
	}
	if patch == nil || !patch(el) {
		el.Set("innerHTML", is.html)
	}
	el.Set("__rlv", is.ver)
	return true
}

// listIsland is an island holding a list (console lines, the event log)
// that grows at one end and is trimmed at the other. Rewriting it whole at
// each new line (the console's 120 lines, the log's 20 sentences) made the
// page's longest frames (innerHTML parses and lays out every line again).
// When the new list continues what the element holds (same generation:
// language and filters; the items kept are the newest of what it holds,
// in order), only the trimmed items are removed and the new ones inserted;
// anything else (a clear, a rewind, a reset, a restored session, another
// language) rewrites it whole. Each item is one element whose HTML depends
// only on its key and the generation.
type listIsland struct {
	island
	newestFirst bool     // the newest item is the first element (event log)
	gen         string   // what items' HTML depends on besides their key
	keys        []uint64 // items' keys, oldest first, increasing
	items       []string // their HTML
	// What the element was last given: version, generation, keys.
	pageVer  float64
	pageGen  string
	pageKeys []uint64
}

// setList makes keys (oldest first, increasing) the island's items for
// inputs key; item(i) is the HTML of keys[i], asked only for items not
// already held in this generation; empty is the HTML of an empty list.
func (li *listIsland) setList(key, gen string, keys []uint64, item func(i int) string, empty string, now time.Duration) {
	items := make([]string, len(keys))
	j := 0
	for i, k := range keys {
		for gen == li.gen && j < len(li.keys) && li.keys[j] < k {
			j++
		}
		if gen == li.gen && j < len(li.keys) && li.keys[j] == k {
			items[i] = li.items[j]
		} else {
			items[i] = item(i)
		}
	}
	if gen != li.gen || !slices.Equal(keys, li.keys) {
		li.ver = 0 // a new version even if the HTML reads the same: patch counts by keys
	}
	li.gen, li.keys, li.items = gen, keys, items
	if len(items) == 0 {
		li.set(key, empty, now)
		return
	}
	li.set(key, joinItems(items, li.newestFirst), now)
}

func joinItems(items []string, reverse bool) string {
	if !reverse {
		return strings.Join(items, "")
	}
	var b strings.Builder
	for i := len(items) - 1; i >= 0; i-- {
		b.WriteString(items[i])
	}
	return b.String()
}

// continuation reports how the list now (oldest first) continues the list
// was: drop of was's oldest items are gone, and now's first keep items
// are the rest of was, in order (the items after them are new).
func continuation(was, now []uint64) (drop, keep int, ok bool) {
	if len(was) == 0 || len(now) == 0 {
		return 0, 0, false
	}
	for drop < len(was) && was[drop] < now[0] { // keys increase
		drop++
	}
	if drop == len(was) || was[drop] != now[0] {
		return 0, 0, false
	}
	keep = len(was) - drop
	if keep > len(now) || !slices.Equal(was[drop:], now[:keep]) {
		return 0, 0, false
	}
	return drop, keep, true
}

// sync puts the list into its element, by difference when it can.
func (li *listIsland) sync(doc js.Value) bool {
	wrote := li.syncWith(doc, li.patch)
	if li.synced == li.ver { // the element holds the current list
		li.pageVer, li.pageGen, li.pageKeys = li.ver, li.gen, li.keys
	}
	return wrote
}

// patch brings el from what it was last given to the current list by
// removing trimmed items and inserting new ones, if the list continues
// what el holds (its version and element count say it holds it intact).
func (li *listIsland) patch(el js.Value) bool {
	if li.pageVer == 0 || li.gen != li.pageGen {
		return false
	}
	drop, keep, ok := continuation(li.pageKeys, li.keys)
	if !ok {
		return false
	}
	if v := el.Get("__rlv"); !v.Truthy() || v.Float() != li.pageVer || el.Get("childElementCount").Int() != len(li.pageKeys) {
		return false
	}
	oldest, where := "firstElementChild", "beforeend"
	if li.newestFirst {
		oldest, where = "lastElementChild", "afterbegin"
	}
	for range drop {
		el.Get(oldest).Call("remove")
	}
	if keep < len(li.items) {
		el.Call("insertAdjacentHTML", where, joinItems(li.items[keep:], li.newestFirst))
	}
	return true
}

// Islands of the root component.
type islands struct {
	quorum, logs, data, links, chart, legend island
	events                                   listIsland
}

func (c *Root) initIslands() {
	c.isl.quorum.id = "isl-quorum"
	c.isl.events.id = "isl-events"
	c.isl.events.newestFirst = true
	c.isl.logs.id = "isl-logs"
	c.isl.data.id = "isl-data"
	c.isl.links.id = "isl-links"
	c.isl.chart.id = "isl-chart"
	c.isl.legend.id = "isl-legend"
}

// Slow panels are rebuilt at most this often while their inputs change.
const slowPanelEvery = 200 * time.Millisecond

// buildIslands rebuilds the islands shown in this build whose inputs
// changed. It reports whether a change is waiting (the page then wants
// another frame even when the clock is paused).
func (c *Root) buildIslands(now time.Duration) {
	c.pending = false
	slowRebuilt = false
	f := &c.f
	lang := strconv.Itoa(int(c.Lang))

	// Links of the ring: they change with partitions only.
	var lk strings.Builder
	lk.WriteString(strconv.Itoa(len(f.Members)))
	for _, ln := range f.Links {
		lk.WriteString(strconv.FormatBool(ln.Cut) + strconv.FormatBool(ln.Hidden) + strconv.Itoa(ln.OneWay))
	}
	if f.Animating { // members glide: the links follow
		for _, m := range f.Members {
			lk.WriteString(num(m.X) + "," + num(m.Y) + ";")
		}
	} else {
		lk.WriteString("|settled" + strconv.FormatBool(f.Split) + strconv.Itoa(len(f.Sides)))
		for _, m := range f.Members {
			lk.WriteString(strconv.Itoa(m.Side))
		}
	}
	if key := lk.String(); c.isl.links.stale(key, 0, now, &c.pending) {
		c.isl.links.set(key, linksHTML(f.Links), now)
	}

	// Quorum panel.
	q := f.Quorum
	qk := lang + "|" + strconv.Itoa(q.Members) + "," + strconv.Itoa(q.Up) + "," + strconv.Itoa(q.Largest) + "," + strconv.FormatBool(q.CanCommit) + "|" + f.Host
	for _, sd := range f.Sides {
		qk += "|" + strings.Join(sd.Members, ",") + strconv.Itoa(sd.Up) + strconv.FormatBool(sd.Quorum)
	}
	if c.isl.quorum.stale(qk, 0, now, &c.pending) {
		c.isl.quorum.set(qk, c.quorumHTML(), now)
	}

	// Legend: changes with the language and the members (chart colours).
	if key := lang + "|" + strings.Join(c.S.Names(), ","); c.isl.legend.stale(key, 0, now, &c.pending) {
		c.isl.legend.set(key, c.legendHTML(), now)
	}

	// Terms chart: changes with terms and leaders.
	ck := c.S.chartKey()
	if c.isl.chart.stale(ck, slowPanelEvery, now, &c.pending) {
		c.isl.chart.set(ck, c.S.chartHTML(), now)
	}

	// Event log.
	// The tracker's generation: a rewind's new tracker may have added as
	// many events as the old one, with other contents.
	ek := lang + "|" + strconv.FormatBool(c.ShowCommits) + "|" + strconv.Itoa(c.S.trGen) + "|" + strconv.FormatUint(c.S.tr.added, 10)
	if c.isl.events.stale(ek, slowPanelEvery, now, &c.pending) {
		evs := c.S.RecentEvents(VisibleEvts, c.Lang, !c.ShowCommits) // newest first
		last := len(evs) - 1
		keys := make([]uint64, len(evs)) // oldest first
		for i := range keys {
			keys[i] = evs[last-i].Seq
		}
		gen := lang + "|" + strconv.FormatBool(c.ShowCommits) + "|" + strconv.Itoa(c.S.trGen)
		c.isl.events.setList(ek, gen, keys, func(i int) string { return eventHTML(evs[last-i]) }, "", now)
	}

	switch c.Tab {
	case "logs":
		var k strings.Builder
		k.WriteString(lang)
		for _, m := range f.Members {
			k.WriteString("|" + m.Name + strconv.FormatBool(m.Up) + string(m.Role) +
				strconv.FormatUint(m.Term, 10) + "," + strconv.FormatUint(m.CommitIndex, 10) + "," +
				strconv.FormatUint(m.AppliedIndex, 10) + "," + strconv.FormatUint(m.FirstIndex, 10) + "," +
				strconv.FormatUint(m.LastIndex, 10))
			for _, p := range m.Progress {
				k.WriteString(p.Name + strconv.FormatUint(p.Match, 10) + "," + strconv.FormatUint(p.Next, 10) + p.State)
			}
		}
		if key := k.String(); c.isl.logs.stale(key, slowPanelEvery, now, &c.pending) {
			c.isl.logs.set(key, c.logsHTML(c.S.Logs(f.Members)), now)
		}
	case "data":
		// A member's data changes only when it applies entries (or
		// restarts); the others' revisions tell whether it is behind.
		var k strings.Builder
		k.WriteString(lang + "|" + c.dataMember())
		for _, m := range f.Members {
			k.WriteString("|" + strconv.FormatBool(m.Up) + strconv.FormatUint(m.AppliedIndex, 10))
		}
		if key := k.String(); c.isl.data.stale(key, slowPanelEvery, now, &c.pending) {
			c.dataShown = c.S.Data(c.dataMember())
			c.isl.data.set(key, c.dataHTML(c.dataShown), now)
		}
	}
}

// Pending reports whether an island change waits for a later frame.
func (c *Root) Pending() bool { return c.pending || c.console != nil && c.console.scrollDue }

// AfterRender puts changed islands, the cluster view's layers and the live
// values into the page. wasm/main.go calls it after every frame; rendered
// says whether Vugu rendered in it (it renders only when its tree changed).
// Vugu calls Rendered on child components only, not on the root it is
// given, and only when it renders.
func (c *Root) AfterRender(vuguRendered bool) {
	if !LiveDOM {
		return
	}
	rendered = vuguRendered
	doc := js.Global().Get("document")
	if !doc.Truthy() {
		return
	}
	if c.console != nil {
		c.console.scroll(doc)
	}
	for _, is := range []*island{&c.isl.links, &c.isl.quorum, &c.isl.chart, &c.isl.logs, &c.isl.data, &c.isl.legend} {
		is.sync(doc)
	}
	c.isl.events.sync(doc)
	c.syncRing(doc)
	if c.cp != nil && c.S.Lab.Kube() != nil {
		c.cp.fl.sync(doc)
	}
	c.live.sync(doc, vuguRendered)
	if c.console != nil {
		c.console.sync(doc)
	}
	c.syncViewer(doc)
	c.syncShare(doc)
}

func linksHTML(links []LinkView) string {
	var b strings.Builder
	for _, ln := range links {
		switch {
		case ln.Hidden:
			// Between the sides of a partition: gone (the divide says why).
			b.WriteString(`<g class="link cut gone" data-cut="true" data-testid="link"></g>`)
			continue
		case ln.OneWay != 0:
			b.WriteString(`<g class="link oneway" data-cut="true" data-oneway="true" data-testid="link">`)
		case ln.Cut:
			b.WriteString(`<g class="link cut" data-cut="true" data-testid="link">`)
		default:
			b.WriteString(`<g class="link" data-cut="false" data-testid="link">`)
		}
		b.WriteString(`<line x1="` + num(ln.X1) + `" y1="` + num(ln.Y1) + `" x2="` + num(ln.X2) + `" y2="` + num(ln.Y2) + `"></line>`)
		if ln.OneWay != 0 {
			x1, y1, x2, y2 := ln.X1, ln.Y1, ln.X2, ln.Y2
			if ln.OneWay < 0 {
				x1, y1, x2, y2 = x2, y2, x1, y1
			}
			b.WriteString(oneWayMarks(x1, y1, x2, y2, ln.R))
		} else if ln.Cut {
			mx, my := (ln.X1+ln.X2)/2, (ln.Y1+ln.Y2)/2
			b.WriteString(crossPath(mx, my, 5))
		}
		b.WriteString(`</g>`)
	}
	return b.String()
}

// oneWayMarks draws an arrowhead where messages from (x1,y1) arrive at the
// member at (x2,y2), and a cross where the way back is cut (at x2's end).
func oneWayMarks(x1, y1, x2, y2, r float64) string {
	dx, dy := x2-x1, y2-y1
	d := math.Hypot(dx, dy)
	if d == 0 {
		return ""
	}
	ux, uy := dx/d, dy/d
	tx, ty := x2-ux*(r+9), y2-uy*(r+9) // tip, just outside the circle and its timer
	bx, by := tx-ux*11, ty-uy*11
	head := `<path class="arrow" d="M` + num(tx) + ` ` + num(ty) + `L` + num(bx-uy*5) + ` ` + num(by+ux*5) + `L` +
		num(bx+uy*5) + ` ` + num(by-ux*5) + `Z"></path>`
	cx, cy := x2-ux*(r+28), y2-uy*(r+28)
	return head + crossPath(cx, cy, 4.5)
}

// crossPath is a ✕ drawn as a path (a shape, not text).
func crossPath(x, y, h float64) string {
	return `<path class="cutmark" d="M` + num(x-h) + ` ` + num(y-h) + `L` + num(x+h) + ` ` + num(y+h) + `M` + num(x-h) + ` ` +
		num(y+h) + `L` + num(x+h) + ` ` + num(y-h) + `"></path>`
}

// te is c.t(key) escaped for the islands' HTML.
func (c *Root) te(key string) string { return esc(c.t(key)) }

func (c *Root) quorumHTML() string {
	q := c.f.Quorum
	var b strings.Builder
	fact := func(label, testid, class, val string) {
		b.WriteString(`<dt>` + c.te(label) + `</dt><dd`)
		if testid != "" {
			b.WriteString(` data-testid="` + testid + `"`)
		}
		if class != "" {
			b.WriteString(` class="` + class + `"`)
		}
		b.WriteString(`>` + esc(val) + `</dd>`)
	}
	b.WriteString(`<dl class="facts">`)
	fact("Members", "q-members", "", strconv.Itoa(q.Members))
	fact("Quorum (needed)", "q-size", "", strconv.Itoa(q.Size))
	fact("Failures tolerated", "q-tolerated", "", strconv.Itoa(q.Tolerated))
	fact("Members up", "q-up", "", strconv.Itoa(q.Up))
	fact("Largest connected group", "", "", strconv.Itoa(q.Largest))
	fact("Can commit writes", "q-commit", c.commitClass(), c.yesNo(q.CanCommit))
	hostOK := q.CanCommit
	for _, sd := range c.f.Sides {
		if sd.Host {
			hostOK = sd.Quorum
		}
	}
	cl := "bad"
	if hostOK {
		cl = "ok"
	}
	fact(c.t("Console host")+" "+c.f.Host+": "+c.t("its writes commit"), "q-host", cl, c.yesNo(hostOK))
	b.WriteString(`</dl>`)
	if len(c.f.Sides) > 1 {
		b.WriteString(`<ul class="sides" data-testid="q-sides">`)
		for i, sd := range c.f.Sides {
			cls, verdict := "side-row bad", c.t("no quorum: cannot commit")
			if sd.Quorum {
				cls, verdict = "side-row ok", c.t("holds a quorum: can commit")
			}
			b.WriteString(`<li class="` + cls + `" data-testid="q-side" data-quorum="` + strconv.FormatBool(sd.Quorum) + `"><strong>` +
				esc(c.t("Side")+" "+string(rune('A'+i))) + `</strong> (` + esc(strings.Join(sd.Members, ", ")) + `): ` +
				esc(strconv.Itoa(sd.Up)+"/"+strconv.Itoa(sd.Of)+" "+c.t("up")) + ` · ` + esc(verdict))
			if sd.Host {
				b.WriteString(` · <span class="hosttag">` + c.te("the console is here") + `</span>`)
			}
			b.WriteString(`</li>`)
		}
		b.WriteString(`</ul>`)
	}
	b.WriteString(`<div class="table-scroll"><table class="qtable" data-testid="quorum-table"><thead><tr><th scope="col">` +
		c.te("Total members") + `</th><th scope="col">` + c.te("Quorum") + `</th><th scope="col">` +
		c.te("Failures tolerated") + `</th><th scope="col">` + c.te("Note") + `</th></tr></thead><tbody>`)
	for _, r := range quorumRows {
		b.WriteString(`<tr`)
		if cl := c.qrowClass(r.N); cl != "" {
			b.WriteString(` class="` + cl + `"`)
		}
		b.WriteString(` data-n="` + strconv.Itoa(r.N) + `"><td>` + strconv.Itoa(r.N) + `</td><td>` + strconv.Itoa(r.Q) +
			`</td><td>` + strconv.Itoa(r.T) + `</td><td>` + c.te(r.Note) + `</td></tr>`)
	}
	b.WriteString(`</tbody></table></div>`)
	return b.String()
}

// legendHTML explains the cluster view's colours, shapes and numbers,
// and the chart's colour for each member as leader.
func (c *Root) legendHTML() string {
	var b strings.Builder
	for _, lg := range legend {
		b.WriteString(`<li><span class="swatch ` + lg.Class + `"></span> <span>` + c.te(lg.What) + `</span></li>`)
	}
	b.WriteString(`<li class="chart-leaders">`)
	for i, n := range c.S.Names() {
		b.WriteString(`<span class="lk"><span class="swatch sw-lead` + strconv.Itoa(i%7) + `"></span> ` + esc(n) + `</span> `)
	}
	b.WriteString(`</li>`)
	return b.String()
}

// eventsHTML is the event log's items. Each event is its own string:
// nothing is carried from one entry to the next.
func eventsHTML(evs []EventView) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(eventHTML(e))
	}
	return b.String()
}

// eventHTML is one item of the event log.
func eventHTML(e EventView) string {
	text := e.Text
	if len(text) > maxEventText {
		text = clipRunes(text, maxEventText) + "… (" + strconv.Itoa(len(e.Text)) + " bytes)"
	}
	return `<li class="` + esc(e.Class) + `"><span class="at">` + esc(e.At) + `</span> <span>` + esc(text) + `</span></li>`
}

func (c *Root) logsHTML(strips []LogStrip) string {
	var b strings.Builder
	b.WriteString(`<p class="hint">` + c.te("Log entries are coloured by term.") + `</p>`)
	for _, ls := range strips {
		b.WriteString(`<div class="` + c.stripClass(ls) + `" data-testid="log-strip" data-name="` + esc(ls.Name) +
			`"><div class="strip-head"><strong>` + esc(ls.Name) + `</strong> <span class="muted">` + esc(c.stripInfo(ls)) +
			`</span></div><div class="strip">`)
		if ls.Elided > 0 {
			b.WriteString(`<span class="elided">…` + strconv.FormatUint(ls.Elided, 10) + `</span>`)
		}
		for _, e := range ls.Entries {
			b.WriteString(`<span class="` + entClass(e) + `" title="` + esc(entTitle(e)) + `">` + strconv.FormatUint(e.Index, 10) + `</span>`)
		}
		b.WriteString(`</div>`)
		if ls.Leader {
			b.WriteString(`<div class="progress">`)
			for _, p := range ls.Progress {
				b.WriteString(`<span>` + esc(progressText(p)) + `</span>`)
			}
			b.WriteString(`</div>`)
		}
		b.WriteString(`</div>`)
	}
	return b.String()
}

func (c *Root) dataHTML(d DataView) string {
	var b strings.Builder
	if !d.Up {
		b.WriteString(`<p class="hint" data-testid="data-down">` + c.te("This member is down: it serves no reads.") + `</p>`)
		return b.String()
	}
	b.WriteString(`<p class="revision" data-testid="data-revision" data-rev="` + strconv.FormatInt(d.Revision, 10) + `">` +
		c.te("revision") + ` <strong>` + strconv.FormatInt(d.Revision, 10) + `</strong> · ` +
		esc(strconv.Itoa(d.Total)+" "+c.t("keys")))
	if d.Behind > 0 {
		b.WriteString(` · <span class="stale" data-testid="data-stale">` + c.te("behind the newest member by") + ` ` +
			strconv.FormatInt(d.Behind, 10) + ` ` + c.te("revisions") + `</span>`)
	}
	b.WriteString(`</p>`)
	if d.Err != "" {
		b.WriteString(`<p class="violation">` + esc(d.Err) + `</p>`)
	}
	if len(d.KVs) == 0 {
		b.WriteString(`<p class="hint">` + c.te("No keys yet. Try: etcdctl put greeting hello") + `</p>`)
		return b.String()
	}
	b.WriteString(`<div class="table-scroll"><table class="kv" data-testid="kv-table"><thead><tr><th>` + c.te("Key") + `</th><th>` +
		c.te("Value") + `</th><th>` + c.te("create rev") + `</th><th>` + c.te("mod rev") + `</th><th>` +
		c.te("version") + `</th></tr></thead><tbody>`)
	for i, kv := range d.KVs {
		key, val := esc(kv.Key), esc(kv.Value)
		if len(kv.Key) > maxCellShown {
			key = esc(clipRunes(kv.Key, maxCellShown)) + `… <span class="muted">(` + strconv.Itoa(len(kv.Key)) + ` bytes)</span>`
		}
		if len(kv.Value) > maxCellShown {
			val = esc(clipRunes(kv.Value, maxCellShown)) + "… " + moreButton("kv", i, len(kv.Value), c.t("show all"))
		}
		b.WriteString(`<tr data-testid="kv-row"><td class="mono">` + key + `</td><td class="mono" data-testid="kv-value" data-len="` +
			strconv.Itoa(len(kv.Value)) + `">` + val + `</td><td>` + strconv.FormatInt(kv.CreateRevision, 10) + `</td><td>` + strconv.FormatInt(kv.ModRevision, 10) +
			`</td><td>` + strconv.FormatInt(kv.Version, 10) + `</td></tr>`)
	}
	b.WriteString(`</tbody></table></div>`)
	if d.Total > len(d.KVs) {
		b.WriteString(`<p class="hint">` + c.te("first keys shown:") + ` ` + strconv.Itoa(len(d.KVs)) + `/` + strconv.Itoa(d.Total) + `</p>`)
	}
	return b.String()
}

// consoleHTML is the console output's lines.
func consoleHTML(lines []ConsoleLine, empty, showAll string) string {
	var b strings.Builder
	if len(lines) == 0 {
		return `<div class="line info">` + esc(empty) + `</div>`
	}
	for _, l := range lines {
		b.WriteString(consoleLineHTML(l, showAll))
	}
	return b.String()
}

// consoleLineHTML is one line of the console output.
func consoleLineHTML(l ConsoleLine, showAll string) string {
	if len(l.Text) <= maxLineShown {
		return `<div class="` + l.Stream.Class() + `">` + esc(l.Text) + `</div>`
	}
	return `<div class="` + l.Stream.Class() + ` long">` + esc(clipRunes(l.Text, maxLineShown)) + `… ` +
		moreButton("line", l.ID, len(l.Text), showAll) + `</div>`
}
