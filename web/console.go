package web

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// BeforeBuild rebuilds the output island when lines were added.
func (c *ConsolePanel) BeforeBuild() {
	c.R.console = c
	c.out.id = "console-output"
	key := strconv.Itoa(int(c.R.Lang)) + "|" + strconv.Itoa(c.R.S.LineSeq)
	var pending bool
	if c.out.stale(key, 0, 0, &pending) {
		lines := c.visible()
		keys := make([]uint64, len(lines))
		for i, l := range lines {
			keys[i] = uint64(l.ID)
		}
		// A line's ID is its LineSeq when added: a line kept has the same text.
		showAll := tr(c.R.Lang, "show all")
		c.out.setList(key, strconv.Itoa(int(c.R.Lang)), keys, func(i int) string { return consoleLineHTML(lines[i], showAll) },
			consoleHTML(nil, tr(c.R.Lang, "Output appears here. Try \"help\"."), showAll), 0)
	}
}

// Rendered notes that the field was rendered (cleared after a run).
func (c *ConsolePanel) Rendered(vugu.RenderedCtx) {
	// The field is cleared now: no stale line can come back from it.
	c.ran = ""
}

// sync puts new output in the page and keeps it scrolled to the newest
// line when lines were added. Root.AfterRender calls it after every frame,
// rendered by Vugu or not. (Natively, vugu/js is a stub and the document
// is absent.)
func (c *ConsolePanel) sync(doc js.Value) {
	// The field was cleared in this frame at the latest (clearField).
	c.ran = ""
	if !c.loaded {
		c.loaded = true
		c.loadHistory()
	}
	if c.fieldSync {
		c.fieldSync = false
		if el := doc.Call("getElementById", "console-input"); el.Truthy() {
			el.Set("value", c.Input)
			n := utf16Len(c.Input)
			el.Call("setSelectionRange", n, n)
		}
	}
	c.out.sync(doc)
	if c.renderedSeq != c.R.S.LineSeq {
		c.renderedSeq = c.R.S.LineSeq
		c.scrollDue = true
	}
}

// scroll keeps the output scrolled to the newest line. Root.AfterRender
// calls it at the start of the frame after new lines went in, before
// anything changes the page: reading the output's height right after the
// page changed made the browser lay the page out inside the frame's Go work
// (about a millisecond, at every new line).
func (c *ConsolePanel) scroll(doc js.Value) {
	if !c.scrollDue {
		return
	}
	c.scrollDue = false
	if el := doc.Call("getElementById", "console-output"); el.Truthy() {
		el.Set("scrollTop", el.Get("scrollHeight").Float())
	}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// setField shows v in the input field (after the next render).
func (c *ConsolePanel) setField(v string) {
	c.Input = v
	if v != c.field {
		c.field, c.fieldSync = v, true
	}
}

// clearField empties the console's input field at once (the render that
// follows comes a frame later).
func clearField() {
	if !LiveDOM {
		return
	}
	if el := js.Global().Get("document").Call("getElementById", "console-input"); el.Truthy() {
		el.Set("value", "")
	}
}

// prompt names the machine the console runs on, as a shell does.
func (c *ConsolePanel) prompt() string {
	if c.Search != nil {
		q := c.Search.query
		if len(q) > 40 {
			q = clipRunes(q, 40) + "…"
		}
		return "(reverse-i-search)`" + q + "':"
	}
	return c.R.S.Lab.Host() + " $"
}

// waitLine tells what the running command's request waits for (core/lab's
// Call.Waiting), or "".
func (c *ConsolePanel) waitLine() string {
	if c.Search != nil {
		if c.Search.match == "" {
			return tr(c.R.Lang, "no match in the history")
		}
		return clip(c.Search.match)
	}
	return c.R.S.WaitLine(c.R.Lang)
}

// Interrupt is Ctrl-C: it cancels the command running in the foreground,
// or drops the line being typed.
func (c *ConsolePanel) Interrupt() {
	c.Search = nil
	if c.R.S.Interrupt() {
		return
	}
	c.R.S.out(StreamInput, "$ "+c.Input+"^C")
	c.setField("")
	c.draft, c.histPos = "", len(c.History)
}

// Tab completes the word before the caret (core/lab's Complete: commands,
// subcommands, flags, members, files, keys). When the completion is
// ambiguous, a second Tab lists the choices.
func (c *ConsolePanel) Tab() {
	c.endSearch(true)
	comp := c.R.S.Lab.Complete(c.Input)
	if comp.Line != c.Input {
		c.setField(comp.Line)
		c.Choices, c.lastTab = "", ""
		return
	}
	if len(comp.Choices) < 2 {
		return
	}
	if c.lastTab == c.Input {
		c.Choices = strings.Join(comp.Choices, "  ")
	}
	c.lastTab = c.Input
}

// histSearch is a Ctrl-R reverse search through the history.
type histSearch struct {
	_     noEqual
	query string
	from  int // search History[:from] from its end
	at    int // index of match
	match string
}

// ReverseSearch starts a Ctrl-R search, or finds the next older match.
func (c *ConsolePanel) ReverseSearch() {
	if c.Search == nil {
		c.Search = &histSearch{query: c.Input, from: len(c.History)}
		c.searchNext()
		return
	}
	if c.Search.match != "" {
		c.Search.from = c.Search.at
	}
	c.searchNext()
}

func (c *ConsolePanel) searchNext() {
	s := c.Search
	s.match = ""
	for i := min(s.from, len(c.History)) - 1; i >= 0; i-- {
		if strings.Contains(c.History[i], s.query) {
			s.at, s.match = i, c.History[i]
			return
		}
	}
}

// endSearch leaves the search, with the match in the field when keep.
func (c *ConsolePanel) endSearch(keep bool) {
	if c.Search == nil {
		return
	}
	s := c.Search
	c.Search = nil
	if keep && s.match != "" {
		c.setField(s.match)
	}
}

// History survives a reload: the newest lines, each short enough, are kept
// in the browser's localStorage.
const (
	historyKey        = "raftlab.history"
	maxSavedEntry     = 4 << 10
	maxHistoryEntry   = 128 << 10 // longer lines run but are not kept
	maxSavedHistories = 100
)

func (c *ConsolePanel) remember(line string) {
	if len(line) > maxHistoryEntry {
		c.histPos = len(c.History)
		return
	}
	if n := len(c.History); n == 0 || c.History[n-1] != line {
		c.History = append(c.History, line)
		if len(c.History) > maxHistory {
			c.History = c.History[len(c.History)-maxHistory:]
		}
	}
	c.histPos = len(c.History)
	c.saveHistory()
}

func storage() js.Value {
	if !LiveDOM {
		return js.Undefined()
	}
	return js.Global().Get("localStorage")
}

func (c *ConsolePanel) saveHistory() {
	st := storage()
	if !st.Truthy() {
		return
	}
	var keep []string
	for _, h := range c.History {
		if len(h) <= maxSavedEntry {
			keep = append(keep, h)
		}
	}
	if len(keep) > maxSavedHistories {
		keep = keep[len(keep)-maxSavedHistories:]
	}
	b := jsonw.Marshal(jsonw.Func(func(w *jsonw.Writer) { w.Strings(keep) }))
	// A full or refused storage only costs the history.
	safeCall(func() { st.Call("setItem", historyKey, string(b)) })
}

func (c *ConsolePanel) loadHistory() {
	st := storage()
	if !st.Truthy() {
		return
	}
	var v js.Value
	safeCall(func() { v = st.Call("getItem", historyKey) })
	if v.Type() != js.TypeString {
		return
	}
	var h []string
	if jsonw.Unmarshal([]byte(v.String()), jsonw.ReadFunc(func(d *jsonw.Decoder) { d.Strings(&h) })) != nil {
		return
	}
	var keep []string
	for _, l := range h {
		if l != "" && len(l) <= maxSavedEntry && utf8.ValidString(l) {
			keep = append(keep, l)
		}
	}
	if len(keep) > maxHistory {
		keep = keep[len(keep)-maxHistory:]
	}
	c.History = append(keep, c.History...)
	c.histPos = len(c.History)
}

// safeCall runs f, turning a JS exception (thrown into Go as a panic) into
// nothing.
func safeCall(f func()) {
	defer func() { _ = recover() }()
	f()
}
