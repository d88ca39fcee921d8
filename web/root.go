package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"

	"github.com/raftlab/raftlab/core/lab"
)

// Root is the whole page below the loader.
type Root struct {
	S *Session

	Lang        Lang
	Sel         int    // selected member (ring index), -1 none
	Tab         string // the lower tabbed panel shown
	DataMember  string
	ShowHelp    bool
	ShowCommits bool
	Notice      string // a message shown above the page (e.g. a bad share link)
	ShareURL    string
	Draft       Settings // the settings form

	scrubbing bool
	keep      keeper // the session kept in local storage (keep.go)
	scrubMS   int64

	// Groups is the partition being built by dragging members (nil: the
	// editor is closed); see partition.go.
	Groups *GroupEditor

	// View is the long-text viewer (nil: closed); see bigtext.go.
	View    *Viewer
	viewSeq int
	// dataShown is what the data island shows (its "show all" buttons).
	dataShown DataView
	// shareShown and sharePublished: the share link in the share box's
	// field, and the command count of the reload link given to the loader.
	shareShown     string
	sharePublished int

	// gen is the cluster generation the menus and settings form belong to.
	gen int

	// computed once per build
	f       Frame
	tail    ChartTail
	isl     islands
	ring    ringLayers
	live    liveSet
	pending bool
	ticked  bool // Tick took this frame's picture
	// console is the console panel and cp the control-plane view (they
	// register themselves as they build).
	console *ConsolePanel
	cp      *ControlPlane
}

var tabs = []string{"logs", "data", "safety", "settings"}

func tabTitle(tb string) string {
	switch tb {
	case "logs":
		return "Raft logs"
	case "data":
		return "Data"
	case "safety":
		return "Safety"
	}
	return "Settings"
}

// NewRoot returns the root component showing s.
func NewRoot(s *Session) *Root {
	c := &Root{S: s, Sel: -1, Tab: "logs", Draft: s.Settings()}
	c.initIslands()
	c.initRing()
	return c
}

// BeforeBuild takes the session's picture once per build.
func (c *Root) BeforeBuild() {
	if !c.ticked {
		c.tick()
	}
	c.ticked = false
}

// Tick takes the session's picture for this frame: the view-model, the
// islands, the cluster view's layers and the live values. wasm/main.go
// calls it every frame and runs Vugu's build (which would otherwise take
// it in BeforeBuild) only every few frames or after an event.
func (c *Root) Tick() {
	c.tick()
	c.ticked = true
}

func (c *Root) tick() {
	// A new cluster (console reset, settings, rewind past a reset): menus
	// close and the settings form shows what the cluster runs with.
	if c.S.gen != c.gen {
		c.gen = c.S.gen
		c.Sel, c.Groups = -1, nil
		c.Draft = c.S.Settings()
	}
	c.f = c.S.Frame(c.Sel)
	c.tail = c.S.chartTail(600)
	c.buildIslands(sinceStart())
	c.buildRing()
	c.liveValues()
	if c.console != nil {
		c.console.BeforeBuild()
	}
	if c.cp != nil && c.S.Lab.Kube() != nil {
		c.cp.tickFlights()
	}
}

// chartViewBox maps the completed segments (x in ms) onto the chart.
func (c *Root) chartViewBox() string {
	return "0 0 " + strconv.FormatInt(max(c.S.Horizon().Milliseconds(), 1), 10) + " 60"
}

func (c *Root) t(key string) string { return tr(c.Lang, key) }

// tv is t for the templates (trv).
func (c *Root) tv(key string) any { return tr(c.Lang, key) }

func (c *Root) langCode() string {
	if c.Lang == Korean {
		return "ko"
	}
	return "en"
}

func (c *Root) langButton() string {
	if c.Lang == Korean {
		return "English"
	}
	return "한국어"
}

// ToggleLang switches between English and Korean.
func (c *Root) ToggleLang() {
	if c.Lang == English {
		c.SetLang(Korean)
	} else {
		c.SetLang(English)
	}
}

// PrefersKorean reports whether a browser language tag (navigator.language)
// is Korean.
func PrefersKorean(tag string) bool {
	tag = strings.ToLower(tag)
	return tag == "ko" || strings.HasPrefix(tag, "ko-")
}

// SetLang shows the page in lang.
func (c *Root) SetLang(lang Lang) {
	c.Lang = lang
	c.S.tr.lang = c.Lang
	if doc := js.Global().Get("document"); doc.Truthy() {
		doc.Get("documentElement").Set("lang", c.langCode())
	}
}

func (c *Root) appClass() string {
	cl := "app"
	if c.S.Speed() > 1 {
		cl += " fast"
	}
	if c.S.Paused() {
		cl += " paused"
	}
	return cl
}

func (c *Root) status() string {
	leader := c.f.Leader
	if leader == "" {
		leader = c.t("none")
	}
	state := c.t("running")
	if c.S.Paused() {
		state = c.t("paused")
	}
	return strconv.Itoa(c.f.Quorum.Up) + "/" + strconv.Itoa(c.f.Quorum.Members) + " " + c.t("members up") + " · " +
		c.t("leader:") + " " + leader + " · " + fmtDur(c.f.Now) + " · " + state
}

func (c *Root) selUp() bool {
	return c.Sel >= 0 && c.Sel < len(c.f.Members) && c.f.Members[c.Sel].Up
}

func (c *Root) selLeader() bool {
	return c.selUp() && c.f.Members[c.Sel].Role == RoleLeader
}

func (c *Root) selHost() bool { return c.selName() == c.f.Host }

// selState is the selected member's state as the menu heads it.
func (c *Root) selState() string {
	if c.Sel < 0 || c.Sel >= len(c.f.Members) {
		return ""
	}
	m := c.f.Members[c.Sel]
	s := c.t("down")
	if m.Up {
		s = RoleLabel(c.Lang, m) + " · " + c.t("term") + " " + strconv.FormatUint(m.Term, 10)
	}
	if m.Name == c.f.Host {
		s += " · " + c.t("console host")
	}
	return s
}

func (c *Root) selName() string {
	if c.Sel >= 0 && c.Sel < len(c.f.Members) {
		return c.f.Members[c.Sel].Name
	}
	return ""
}

// Select opens the menu of member i (toggles when already open).
func (c *Root) Select(i int) {
	if c.Sel == i {
		c.Sel = -1
		return
	}
	c.Sel = i
}

// button is a button of the member menu (what: Act's argument; needs: the
// state of the member it needs, flags that must not hold against it) or of
// the partition presets (what: Preset's argument).
type button struct {
	_                   noEqual
	what, testID, label string
	needs               int
}

const (
	needUp        = 1 << iota // the member runs
	needDown                  // it is down
	needFollower              // it is not the leader
	needElsewhere             // the console is not on it
)

// menuActs are the member menu's buttons in order (a table, not one
// template element each: every element is code in Root's Build).
var menuActs = []button{{noEqual{}, "kill", "act-kill", "Kill", needUp}, {noEqual{}, "stop", "act-stop", "Stop gracefully", needUp},
	{noEqual{}, "start", "act-start", "Restart", needDown}, {noEqual{}, "isolate", "act-isolate", "Isolate", needUp},
	{noEqual{}, "campaign", "act-campaign", "Time out now", needUp | needFollower},
	{noEqual{}, "transfer", "act-transfer", "Make leader", needUp | needFollower},
	{noEqual{}, "put", "act-put", "Write here", needUp}, {noEqual{}, "host", "act-host", "Console here (host)", needElsewhere}}

// menuActs are the buttons the selected member's state allows.
func (c *Root) menuActs() []button {
	not := needDown // what does not hold
	if !c.selUp() {
		not = needUp
	}
	if c.selLeader() {
		not |= needFollower
	}
	if c.selHost() {
		not |= needElsewhere
	}
	var out []button
	for _, a := range menuActs {
		if a.needs&not == 0 {
			out = append(out, a)
		}
	}
	return out
}

// presets are the partition presets' buttons.
var presets = []button{{noEqual{}, "32", "preset-32", "Partition 3:2", 0}, {noEqual{}, "33", "preset-33", "Split in half", 0},
	{noEqual{}, "iso", "preset-iso", "Isolate the leader", 0}, {noEqual{}, "heal", "heal", "Heal network", 0}}

// Act issues a member-menu action as the console command a learner could type.
func (c *Root) Act(what string) {
	name := c.selName()
	if name == "" {
		return
	}
	var line string
	switch what {
	case "put":
		// Write from that machine itself (the console's host must reach it).
		c.S.Issue("host " + name)
		c.S.putN++
		n := strconv.Itoa(c.S.putN)
		line = "etcdctl --endpoints=" + name + " put key" + n + " value" + n
	case "campaign":
		line = "timeout-now " + name
	case "host":
		line = "host " + name
	default:
		line = what + " " + name
	}
	c.S.Issue(line)
}

// Preset applies a partition preset, as a console command.
func (c *Root) Preset(which string) {
	names := c.S.Names()
	lead := c.f.Leader
	switch which {
	case "heal":
		c.S.Issue("heal")
	case "iso":
		if lead == "" {
			c.S.info(c.t("none") + ": " + c.t("leader"))
			return
		}
		c.S.Issue("isolate " + lead)
	case "32", "33":
		// Put the leader in the minority for 3:2, so the learner sees it
		// lose its quorum; split in half for even sizes (3:3 with 6).
		var a, b []string
		half := len(names) / 2
		if which == "32" {
			half = len(names) - (len(names)/2 + 1) // minority size
		}
		order := append([]string(nil), names...)
		if lead != "" {
			// leader first, then the others in ring order
			order = []string{lead}
			for _, n := range names {
				if n != lead {
					order = append(order, n)
				}
			}
		}
		a, b = order[:half], order[half:]
		if len(a) == 0 {
			c.S.info("a cluster of 1 cannot be split")
			return
		}
		c.S.Issue("partition " + strings.Join(a, ",") + " " + strings.Join(b, ","))
	}
}

// TogglePlay pauses or resumes the clock.
func (c *Root) TogglePlay() { c.S.SetPaused(!c.S.Paused()) }

func (c *Root) playLabel() string {
	if c.S.Paused() {
		return "▶ " + c.t("Play")
	}
	return "❚❚ " + c.t("Pause")
}

func (c *Root) speedLabel() string {
	return strconv.FormatFloat(c.S.Speed(), 'f', -1, 64) + "×"
}

func (c *Root) horizonMS() string {
	return strconv.FormatInt(c.S.Horizon().Milliseconds(), 10)
}

func (c *Root) timelineValue() string {
	if c.scrubbing {
		return strconv.FormatInt(c.scrubMS, 10)
	}
	return strconv.FormatInt(c.f.Now.Milliseconds(), 10)
}

// chartYLabel names the chart's vertical axis and its range.
func (c *Root) chartYLabel() string {
	return c.t("term") + " ↑ (0–" + strconv.FormatUint(c.S.chartMaxTerm(), 10) + ")"
}

func (c *Root) nowX() float64 {
	h := c.S.Horizon()
	if h <= 0 {
		return 0
	}
	return 600 * float64(c.f.Now) / float64(h)
}

func (c *Root) onScrub(e vugu.DOMEvent) {
	c.scrubbing = true
	c.scrubMS = int64(atoi(e.PropString("target", "value"), 0))
	if !c.S.Paused() {
		c.S.SetPaused(true)
	}
}

func (c *Root) onSeek(e vugu.DOMEvent) {
	c.scrubbing = false
	ms := atoi(e.PropString("target", "value"), int(c.f.Now.Milliseconds()))
	c.SeekTo(time.Duration(ms) * time.Millisecond)
}

// SeekTo moves the clock to t by replay.
func (c *Root) SeekTo(t time.Duration) {
	c.S.Seek(t)
}

func (c *Root) yesNo(b bool) string {
	if b {
		return c.t("yes")
	}
	return c.t("no")
}

func (c *Root) commitClass() string {
	if c.f.Quorum.CanCommit {
		return "ok"
	}
	return "bad"
}

func (c *Root) qrowClass(n int) string {
	if n == c.f.Quorum.Members {
		return "lit"
	}
	return ""
}

// quorumRows is the source note's table.
var quorumRows = []struct {
	N, Q, T int
	Note    string
}{
	{1, 1, 0, "Service stops on any failure"},
	{2, 2, 0, "One failure stops it (quorum 2)"},
	{3, 2, 1, "Minimum recommended"},
	{4, 3, 1, "Same tolerance as 3 (wasteful)"},
	{5, 3, 2, "Recommended for production"},
	{6, 4, 2, "Same tolerance as 5"},
	{7, 4, 3, "Stable"},
}

func (c *Root) tabClass(tb string) string {
	if c.Tab == tb {
		return "tab active"
	}
	return "tab"
}

func (c *Root) stripClass(ls LogStrip) string {
	if !ls.Up {
		return "logstrip down"
	}
	if ls.Leader {
		return "logstrip leader"
	}
	return "logstrip"
}

func (c *Root) stripInfo(ls LogStrip) string {
	return c.t("commit") + " " + u64s(ls.Commit) + " · " + c.t("applied") + " " + u64s(ls.Applied) + " · " + u64s(ls.First) + ".." + u64s(ls.Last)
}

func entClass(e LogEntryView) string {
	cl := e.Class
	if e.Applied {
		cl += " applied"
	} else if e.Committed {
		cl += " committed"
	}
	return cl
}

func entTitle(e LogEntryView) string {
	s := "index " + strconv.FormatUint(e.Index, 10) + ", term " + strconv.FormatUint(e.Term, 10)
	if e.Applied {
		s += ", applied"
	} else if e.Committed {
		s += ", committed"
	}
	return s
}

func progressText(p lab.Progress) string {
	return p.Name + ": match " + u64s(p.Match) + " · next " + u64s(p.Next) + " · " + p.State
}

func (c *Root) dataMember() string {
	for _, n := range c.S.Names() {
		if n == c.DataMember {
			return n
		}
	}
	if len(c.S.Names()) > 0 {
		return c.S.Names()[0]
	}
	return ""
}

var invariants = []string{
	"Election Safety: at most one leader per term",
	"Leader Append-Only: a leader never overwrites its log",
	"Log Matching: same index and term, same entries before",
	"Leader Completeness: a leader holds every committed entry",
	"State Machine Safety: every member applies the same sequence",
	"Term, vote and commit never go backwards on disk",
}

func (c *Root) checkClass() string {
	if c.f.Err != nil {
		return "check bad"
	}
	return "check ok"
}

func (c *Root) checkMark() string {
	if c.f.Err != nil {
		return "✗ " + c.t("VIOLATED")
	}
	return "✓ " + c.t("holding")
}

func (c *Root) applySettings(e vugu.DOMEvent) {
	e.PreventDefault()
	if msg := c.Draft.Valid(); msg != "" {
		c.Notice = msg
		return
	}
	c.Sel = -1
	c.S.Restart(c.Draft)
	c.S.info(c.Lang.Format("info.fresh-cluster", "members", strconv.Itoa(c.Draft.Members), "seed", strconv.FormatInt(c.Draft.Seed, 10)))
}

// Share puts the session in the URL fragment and shows the link.
func (c *Root) Share() {
	frag := c.S.ShareFragment()
	loc := js.Global().Get("location")
	if !loc.Truthy() {
		c.ShareURL = "#" + frag
		return
	}
	base := loc.Get("href").String()
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base = base[:i]
	}
	c.ShareURL = base + "#" + frag
	if _, err := ParseShare(frag); err != nil {
		c.ShareURL = ""
		c.Notice = c.t("This session cannot be shared as a link:") + " " + err.Error()
		return
	}
	if h := js.Global().Get("history"); h.Truthy() {
		h.Call("replaceState", nil, "", "#"+frag)
	}
	c.CopyShare()
}

// CopyShare puts the share link on the clipboard.
func (c *Root) CopyShare() {
	if nav := js.Global().Get("navigator"); nav.Truthy() && c.ShareURL != "" {
		if cb := nav.Get("clipboard"); cb.Truthy() {
			p := cb.Call("writeText", c.ShareURL)
			// An unfocused page or a refused permission rejects the promise:
			// swallow it (the link is shown for copying by hand).
			if p.Truthy() {
				var f js.Func
				f = js.FuncOf(func(js.Value, []js.Value) any { f.Release(); return nil })
				p.Call("catch", f)
			}
		}
	}
}

// Key handles a keyboard shortcut; it reports whether the key was one.
func (c *Root) Key(key string) bool {
	switch key {
	case " ", "k":
		c.TogglePlay()
	case ".", "n":
		c.S.StepEvent()
	case "+", "=", "]":
		c.S.SetSpeed(c.S.SpeedIdx() + 1)
	case "-", "[":
		c.S.SetSpeed(c.S.SpeedIdx() - 1)
	case "x":
		if c.Sel >= 0 {
			c.Act("kill")
		}
	case "r":
		if c.Sel >= 0 {
			c.Act("start")
		}
	case "h":
		c.Preset("heal")
	case "l":
		c.ToggleLang()
	case "j":
		if c.S.Lab.LessonProgress(c.Lang) != nil {
			c.S.Issue("lesson hint")
		}
	case "?":
		c.ShowHelp = !c.ShowHelp
	case "Escape":
		c.ShowHelp, c.Sel, c.ShareURL, c.View = false, -1, "", nil
	default:
		if len(key) == 1 && key[0] >= '1' && key[0] <= '7' {
			if i := int(key[0] - '1'); i < len(c.f.Members) {
				c.Select(i)
			}
			return true
		}
		return false
	}
	return true
}

var shortcuts = []struct{ Key, What string }{
	{"Space", "play / pause"},
	{".", "step to the next event"},
	{"− / +", "slower / faster"},
	{"1…7", "select member 1..7"},
	{"x", "kill the selected member"},
	{"r", "restart the selected member"},
	{"h", "heal the network"},
	{"l", "switch language"},
	{"j", "lesson: next hint"},
	{"?", "this help"},
	{"Esc", "close menus"},
}

// legend explains every colour, shape and number of the cluster view and
// the chart (shown under the ring, and in the help overlay).
var legend = []struct{ Class, What string }{
	{"sw-leader", "leader"},
	{"sw-follower", "follower"},
	{"sw-candidate", "candidate (asks for votes)"},
	{"sw-precandidate", "pre-vote: a pre-candidate asking whether it could win (PreVote)"},
	{"sw-learner", "learner (a non-voting member)"},
	{"sw-down", "down (crashed or stopped)"},
	{"sw-num-term", "t3: the member's term"},
	{"sw-num-votes", "2✓: votes a candidate has"},
	{"sw-timer", "timer 1500 ms: the member's randomized election timeout; its arc drains as the timeout nears"},
	{"sw-host", "$: the console's host (where your commands run)"},
	{"sw-hb", "Heartbeat"},
	{"sw-app", "Append (log entries)"},
	{"sw-vote", "Vote request"},
	{"sw-prevote", "PreVote request"},
	{"sw-resp", "smaller dot: a reply"},
	{"sw-creq", "hollow square: a client's request (etcdctl) to the member serving it"},
	{"sw-creply", "filled square: the member's answer to the client"},
	{"sw-freq", "hollow diamond: a follower passing a client's request on to the leader (a proposal, a linearizable read's ReadIndex, a lease renewal)"},
	{"sw-freply", "filled diamond: the leader's answer to a passed-on request"},
	{"sw-snap", "page: the leader's snapshot for a follower whose missing log entries were compacted away"},
	{"sw-drop", "falling dot: a dropped message"},
	{"sw-divide", "dashed divide: a network partition; each side shows its size and whether it holds a quorum"},
	{"sw-cut", "✕: a link cut both ways"},
	{"sw-oneway", "arrow: a one-way link (the way back is cut)"},
	{"sw-chart", "chart: time →, term ↑; colour: the leader then; grey dashes: no leader"},
}

// numField is one of the settings' number inputs (a table, not one
// template element each: every element is code in Root's Build). Its
// attributes are nil when the input has none; id names the setting for
// numGet and numSet (two switches: a pair of closures per field was twelve
// functions in the page).
type numField struct {
	_                      noEqual
	label                  string
	min, max, step, testID any
	id                     int
}

// The settings numFields edit.
const (
	setMembers = iota
	setHeartbeat
	setElection
	setLatency
	setDrop
	setSeed
)

var numFields = []numField{
	{noEqual{}, "Cluster size", "1", "7", nil, "set-members", setMembers},
	{noEqual{}, "Heartbeat interval (ms)", "10", "2000", nil, nil, setHeartbeat},
	{noEqual{}, "Election timeout (ms)", "20", "20000", nil, nil, setElection},
	{noEqual{}, "Link latency (ms)", "1", "2000", nil, nil, setLatency},
	{noEqual{}, "Message loss (%)", "0", "90", "1", nil, setDrop},
	{noEqual{}, "Seed", nil, nil, nil, "set-seed", setSeed},
}

// numGet is setting id of st as its input shows it.
func numGet(st *Settings, id int) string {
	switch id {
	case setMembers:
		return strconv.Itoa(st.Members)
	case setHeartbeat:
		return msStr(st.Heartbeat)
	case setElection:
		return msStr(st.Election)
	case setLatency:
		return msStr(st.Latency)
	case setDrop:
		return pctStr(st.DropRate)
	}
	return strconv.FormatInt(st.Seed, 10)
}

// numSet sets setting id of st from its input's text v (unchanged when v
// is not a number).
func numSet(st *Settings, id int, v string) {
	switch id {
	case setMembers:
		st.Members = atoi(v, st.Members)
	case setHeartbeat:
		st.Heartbeat = msOf(v, st.Heartbeat)
	case setElection:
		st.Election = msOf(v, st.Election)
	case setLatency:
		st.Latency = msOf(v, st.Latency)
	case setDrop:
		st.DropRate = float64(atoi(v, int(st.DropRate*100))) / 100
	case setSeed:
		st.Seed = int64(atoi(v, int(st.Seed)))
	}
}

func atoi(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

// u64s is n in decimal.
func u64s(n uint64) string { return strconv.FormatUint(n, 10) }

func msStr(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }

func msOf(s string, def time.Duration) time.Duration {
	n := atoi(s, -1)
	if n < 0 {
		return def
	}
	return time.Duration(n) * time.Millisecond
}

func pctStr(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) }
