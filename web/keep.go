package web

// The running session is kept in the browser's local storage (as a share
// fragment, which replays it exactly) so that a reload or a crash does not
// lose it: on the next start the page offers to restore it. Nothing leaves
// the browser.

import (
	"fmt"
	"time"

	"github.com/vugu/vugu/js"
)

const (
	keepKey = "raftlab.session"
	// keepEvery is how often, in real time, a changed session is saved.
	keepEvery = time.Second
)

// keptLimits bound a kept session: longer than a link may be, but a
// restore replays all of it, so an hour of virtual time at most. One
// command may carry what a learner pastes (a certificate, a 1 MB value as
// standard input: etcd takes requests up to --max-request-bytes, 1.5 MiB),
// and the whole stays within what a browser's local storage holds (~5 MB).
var keptLimits = shareLimits{len: 4 << 20, cmds: 20_000, cmdLen: 2 << 20, time: time.Hour, stdin: true}

// keeper remembers what was last saved.
type keeper struct {
	_         noEqual
	savedAt   time.Duration // sinceStart at the last save (0: none yet)
	savedNow  time.Duration
	savedCmds int
	// Restore is a kept session the page offers to restore; while the
	// offer stands nothing is saved over it.
	Restore *Shared
	// Unkept says why the session is no longer kept (too long), once.
	Unkept string
}

// KeepSession saves the session if it changed since the last save and
// keepEvery has passed (or now is true: the page is being hidden).
func (c *Root) KeepSession(now bool) {
	k := &c.keep
	if k.Restore != nil || k.Unkept != "" {
		return
	}
	t := sinceStart()
	if !now && k.savedAt != 0 && t-k.savedAt < keepEvery {
		return
	}
	j := c.S.Journal()
	if c.S.Lab.Now() == k.savedNow && len(j) == k.savedCmds {
		return
	}
	st := storage()
	if !st.Truthy() {
		return
	}
	frag := encodeShare(c.S.Settings(), lessonOf(c.S.opts), j, c.S.Lab.Now())
	if _, err := parseShare(frag, keptLimits); err != nil {
		// Past what a restore replays: say so once, keep the last save.
		k.Unkept = err.Error()
		c.Notice = c.t("This session is no longer kept for a reload:") + " " + err.Error()
		return
	}
	// A full or refused storage keeps the last save.
	safeCall(func() { st.Call("setItem", keepKey, frag) })
	k.savedAt, k.savedNow, k.savedCmds = t, c.S.Lab.Now(), len(j)
}

// OfferRestore looks for a session kept before a reload or a crash and, if
// there is one worth restoring, offers it.
func (c *Root) OfferRestore() {
	st := storage()
	if !st.Truthy() {
		return
	}
	var v js.Value
	safeCall(func() { v = st.Call("getItem", keepKey) })
	if !v.Truthy() || v.Type() != js.TypeString {
		return
	}
	sh, err := parseShare(v.String(), keptLimits)
	if err != nil || sh == nil || len(sh.Journal) == 0 && sh.At < time.Second {
		return
	}
	c.keep.Restore = sh
}

// RestoreOffer describes the offer, or "" when there is none.
func (c *Root) RestoreOffer() string {
	sh := c.keep.Restore
	if sh == nil {
		return ""
	}
	return fmt.Sprintf(c.t("Restore the session from before the page was reloaded (%s, %d commands)?"), fmtDur(sh.At), len(sh.Journal))
}

// RestoreSession replays the kept session and saves from it on.
func (c *Root) RestoreSession() {
	sh := c.keep.Restore
	c.keep.Restore = nil
	if sh == nil {
		return
	}
	c.Sel = -1
	c.S.Load(sh)
	c.S.info(c.t("session restored at") + " " + fmtDur(c.S.Lab.Now()))
}

// DiscardRestore keeps the fresh session (it will be saved over the old).
func (c *Root) DiscardRestore() { c.keep.Restore = nil }
