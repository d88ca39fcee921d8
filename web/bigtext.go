package web

import (
	"strconv"
	"unicode/utf8"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// Big text never breaks the page. Vugu v0.4.0 writes each render
// instruction into a fixed 16 KB buffer and stops the program when one does
// not fit, so no text of unbounded size goes through Vugu: the console's
// field is written directly (console.go), bound text is clipped, and the
// islands show long lines and values cut, with their length and a "show
// all" button that opens the viewer (a read-only text area whose value is
// set directly too).

// Limits of text shown inline.
const (
	maxBound     = 2 << 10 // text bound through Vugu (vg-content, :attr)
	maxLineShown = 2 << 10 // a console line in the output
	maxCellShown = 200     // a key or value in the data table
	maxEventText = 300     // an event log entry
)

// clipRunes cuts s to at most n bytes at a rune boundary.
func clipRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// clip bounds text bound through Vugu.
func clip(s string) string {
	if len(s) <= maxBound {
		return s
	}
	return clipRunes(s, maxBound) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// Viewer shows one long text in full.
type Viewer struct {
	_     noEqual
	Title string
	Text  string
	ver   int
	shown int
}

// bytesLabel is "1048576 bytes" in the page's language.
func (c *Root) bytesLabel(n int) string {
	return strconv.Itoa(n) + " " + c.t("bytes")
}

// moreButton is the island markup cutting a long text: the button's data
// says which text to open (kind "line" or "kv", and its number).
func moreButton(kind string, n int, size int, label string) string {
	return `<button type="button" class="more" data-testid="show-all" data-` + kind + `="` + strconv.Itoa(n) + `">` +
		esc(label) + ` (` + strconv.Itoa(size) + ` bytes)</button>`
}

// onMore opens the viewer for a "show all" button in an island (console
// output, data table).
func (c *Root) onMore(e vugu.DOMEvent) {
	t := e.JSEventTarget()
	if !t.Truthy() || !t.Get("classList").Truthy() || !t.Get("classList").Call("contains", "more").Bool() {
		return
	}
	ds := t.Get("dataset")
	if v := ds.Get("line"); v.Type() == js.TypeString {
		c.ShowLine(atoi(v.String(), -1))
	} else if v := ds.Get("kv"); v.Type() == js.TypeString {
		c.ShowValue(atoi(v.String(), -1))
	}
}

// ShowLine opens console line id in the viewer.
func (c *Root) ShowLine(id int) {
	for _, l := range c.S.Lines {
		if l.ID == id {
			c.openViewer(c.t("Console output"), l.Text)
			return
		}
	}
}

// ShowValue opens the value of row i of the data table in the viewer.
func (c *Root) ShowValue(i int) {
	if i >= 0 && i < len(c.dataShown.KVs) {
		kv := c.dataShown.KVs[i]
		c.openViewer(c.t("Value")+" · "+clipRunes(kv.Key, 80), kv.Value)
	}
}

func (c *Root) openViewer(title, text string) {
	c.View = &Viewer{Title: title, Text: text, ver: c.viewSeq + 1}
	c.viewSeq++
}

func (c *Root) viewerTitle() string {
	if c.View == nil {
		return ""
	}
	return clip(c.View.Title) + " · " + c.bytesLabel(len(c.View.Text))
}

// syncViewer writes the viewer's text into its text area (never through
// Vugu).
func (c *Root) syncViewer(doc js.Value) {
	if c.View == nil || c.View.shown == c.View.ver {
		return
	}
	if el := doc.Call("getElementById", "viewer-text"); el.Truthy() {
		el.Set("value", c.View.Text)
		c.View.shown = c.View.ver
	}
}

// syncShare writes the share link into the share box's field, and gives
// the loader the link that reloads this session should the program ever
// stop (web/static/loader.js), whenever a command was issued.
func (c *Root) syncShare(doc js.Value) {
	if c.ShareURL != c.shareShown {
		if el := doc.Call("getElementById", "share-url"); el.Truthy() {
			el.Set("value", c.ShareURL)
			c.shareShown = c.ShareURL
		}
	}
	if c.S.shareSeq == c.sharePublished {
		return
	}
	c.sharePublished = c.S.shareSeq
	frag := c.S.ShareFragment()
	if _, err := ParseShare(frag); err != nil {
		frag = "" // a link could not carry it: the loader offers a fresh start
	}
	if l := js.Global().Get("raftlabLoader"); l.Truthy() {
		l.Set("session", frag)
	}
}
