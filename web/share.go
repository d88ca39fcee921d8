package web

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/raftlab/raftlab/core/neturl"
)

// Share links carry a whole session in the URL fragment (never sent to a
// server): version, seed, settings, the virtual time shown, and every
// command with its time:
//
//	#v=1&seed=1&n=3&hb=100&el=1000&pv=1&cq=1&lat=25&drop=0&t=5230000000&c=1200000000:kill+node-1&c=...
//
// Times are virtual nanoseconds: replay must submit each command at its
// exact instant.
//
// ParseShare treats the fragment as hostile: bounded sizes, strict numbers,
// printable commands only, times in order and within MaxShareTime.
const (
	shareVersion   = "1"
	MaxShareLen    = 64 << 10
	MaxShareCmds   = 2000
	MaxShareCmdLen = 300
	MaxShareTime   = 10 * time.Minute
)

// Shared is a decoded share link.
type Shared struct {
	Settings Settings
	Journal  []lab.JournalEntry
	At       time.Duration
	// Lesson is the guided lesson the session plays, if any (lessonlink.go).
	Lesson lessonState
}

// shareLimits bound what a fragment may hold: a link is hostile input;
// the session kept in the browser's storage may be longer.
type shareLimits struct {
	len, cmds, cmdLen int
	time              time.Duration
	// stdin: commands may carry standard input lines (a kept session).
	stdin bool
}

var linkLimits = shareLimits{MaxShareLen, MaxShareCmds, MaxShareCmdLen, MaxShareTime, false}

// ShareFragment encodes the session (without the leading '#').
func (s *Session) ShareFragment() string {
	return encodeShare(s.Settings(), lessonOf(s.opts), s.Journal(), s.Lab.Now())
}

// encodeShare is the fragment of a session: settings, journal, time.
func encodeShare(st Settings, les lessonState, journal []lab.JournalEntry, at time.Duration) string {
	v := neturl.Values{}
	v.Set("v", shareVersion)
	v.Set("seed", strconv.FormatInt(st.Seed, 10))
	v.Set("n", strconv.Itoa(st.Members))
	v.Set("hb", strconv.FormatInt(st.Heartbeat.Milliseconds(), 10))
	v.Set("el", strconv.FormatInt(st.Election.Milliseconds(), 10))
	v.Set("pv", b01(st.PreVote))
	v.Set("cq", b01(st.CheckQuorum))
	v.Set("lat", strconv.FormatInt(st.Latency.Milliseconds(), 10))
	v.Set("drop", strconv.FormatFloat(st.DropRate*100, 'f', -1, 64))
	if st.Topology != "" {
		v.Set("topo", st.Topology)
		v.Set("cp", strconv.Itoa(st.ControlPlanes))
	}
	v.Set("t", strconv.FormatInt(int64(at), 10))
	les.encode(v)
	var b strings.Builder
	b.WriteString(v.Encode())
	for _, e := range journal {
		b.WriteString("&c=")
		b.WriteString(strconv.FormatInt(int64(e.At), 10))
		b.WriteString(":")
		b.WriteString(neturl.QueryEscape(e.Line))
	}
	return b.String()
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// shareNums are a link's numeric settings as parseShare reads them, in
// order, with their ranges (a table: the page's code read each one by
// hand).
var shareNums = [...]struct {
	key    string
	lo, hi int64
}{{"seed", -1 << 53, 1 << 53}, {"n", MinMembers, MaxMembers}, {"hb", 1, 60000}, {"el", 1, 60000},
	{"pv", 0, 1}, {"cq", 0, 1}, {"lat", 1, 60000}}

// ParseShare decodes a fragment (with or without '#'). An empty fragment
// gives (nil, nil).
func ParseShare(frag string) (*Shared, error) { return parseShare(frag, linkLimits) }

func parseShare(frag string, lim shareLimits) (*Shared, error) {
	frag = strings.TrimPrefix(frag, "#")
	if frag == "" {
		return nil, nil
	}
	if len(frag) > lim.len {
		return nil, errors.New("the link is too long (" + strconv.Itoa(len(frag)) + " bytes; at most " + strconv.Itoa(lim.len) + ")")
	}
	v, err := neturl.ParseQuery(frag)
	if err != nil {
		return nil, errors.New("the link is not a raftlab session (it does not decode)")
	}
	// A hand-written link may leave out the version and any field
	// (#seed=1&n=3): missing fields take their defaults.
	if ver, ok := v["v"]; ok && (len(ver) != 1 || ver[0] != shareVersion) {
		return nil, errors.New("the link is not a raftlab session of a version this page knows")
	}
	known := false
	for _, k := range []string{"v", "seed", "n", "hb", "el", "pv", "cq", "lat", "drop", "t", "c"} {
		_, ok := v[k]
		known = known || ok
	}
	if !known {
		return nil, errors.New("the link is not a raftlab session (it has none of its fields)")
	}
	sh := &Shared{Settings: DefaultSettings()}
	st := &sh.Settings
	num := func(key string, def, lo, hi int64) (int64, error) {
		if _, ok := v[key]; !ok {
			return def, nil
		}
		s := v.Get(key)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < lo || n > hi {
			return 0, errors.New("the link's \"" + key + "\" is not a number in " + strconv.FormatInt(lo, 10) + ".." + strconv.FormatInt(hi, 10))
		}
		return n, nil
	}
	// The settings' numbers, in shareNums' order; a missing one keeps
	// its default.
	nums := [len(shareNums)]int64{st.Seed, int64(st.Members), st.Heartbeat.Milliseconds(),
		st.Election.Milliseconds(), 1, 1, st.Latency.Milliseconds()}
	for i, f := range shareNums {
		if nums[i], err = num(f.key, nums[i], f.lo, f.hi); err != nil {
			return nil, err
		}
	}
	st.Seed, st.Members = nums[0], int(nums[1])
	st.Heartbeat, st.Election = time.Duration(nums[2])*time.Millisecond, time.Duration(nums[3])*time.Millisecond
	st.PreVote, st.CheckQuorum = nums[4] == 1, nums[5] == 1
	st.Latency = time.Duration(nums[6]) * time.Millisecond
	var n int64
	dropText := "0"
	if _, ok := v["drop"]; ok {
		dropText = v.Get("drop")
	}
	drop, err := strconv.ParseFloat(dropText, 64)
	if err != nil || !(drop >= 0 && drop <= MaxDropRate*100) {
		return nil, errors.New("the link's drop rate is not a number in 0..90")
	}
	st.DropRate = drop / 100
	if topo := v.Get("topo"); topo != "" {
		st.Topology = topo
		if n, err = num("cp", 0, 0, 7); err != nil {
			return nil, err
		}
		st.ControlPlanes = int(n)
	}
	if msg := st.Valid(); msg != "" {
		return nil, errors.New("the link's settings are out of range: " + msg)
	}
	if n, err = num("t", 0, 0, int64(lim.time)); err != nil {
		return nil, err
	}
	sh.At = time.Duration(n)
	if sh.Lesson, err = parseLesson(v); err != nil {
		return nil, err
	}
	cmds := v["c"]
	if len(cmds) > lim.cmds {
		return nil, errors.New("the link has " + strconv.Itoa(len(cmds)) + " commands (at most " + strconv.Itoa(lim.cmds) + ")")
	}
	var last time.Duration
	for i, c := range cmds {
		at, line, ok := strings.Cut(c, ":")
		ns, err := strconv.ParseInt(at, 10, 64)
		if !ok || err != nil || ns < 0 || time.Duration(ns) > lim.time {
			return nil, errors.New("the link's command " + strconv.Itoa(i+1) + " has no valid time")
		}
		t := time.Duration(ns)
		if t < last {
			return nil, errors.New("the link's commands are out of order at " + strconv.Itoa(i+1))
		}
		last = t
		if line == "" || len(line) > lim.cmdLen || strings.IndexFunc(line, func(r rune) bool {
			return !unicode.IsPrint(r) && (r != '\n' || !lim.stdin) || r == unicode.ReplacementChar
		}) >= 0 {
			return nil, errors.New("the link's command " + strconv.Itoa(i+1) + " is empty, too long or not printable text")
		}
		sh.Journal = append(sh.Journal, lab.JournalEntry{At: t, Line: line})
	}
	return sh, nil
}
