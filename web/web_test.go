package web

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"
)

func render(t testing.TB, root vugu.Builder) string {
	t.Helper()
	buildEnv, err := vugu.NewBuildEnv()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := staticrender.New(&buf).Render(buildEnv.RunBuild(root)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// run advances a session's clock by d of virtual time.
func run(s *Session, d time.Duration) { s.advance(s.Lab.Now()+d, 0) }

func leaderOf(t *testing.T, s *Session) string {
	t.Helper()
	for range 100 {
		if l := s.Lab.Leader(); l != "" {
			return l
		}
		run(s, 100*time.Millisecond)
	}
	t.Fatal("no leader after 10 s")
	return ""
}

func TestRootRendersCluster(t *testing.T) {
	s := NewSession(DefaultSettings())
	lead := leaderOf(t, s)
	root := NewRoot(s)
	html := render(t, root)
	if n := strings.Count(html, `data-testid="member"`); n != 3 {
		t.Errorf("%d members rendered, want 3", n)
	}
	for _, want := range []string{`data-testid="cluster-svg"`, `data-role="leader"`, "node-3", `data-leader="` + lead + `"`,
		`data-testid="quorum-table"`, `data-testid="panel-logs"`, `data-testid="event-log"`, "became leader"} {
		if !strings.Contains(html, want) {
			t.Errorf("render lacks %q", want)
		}
	}
	if strings.Contains(html, "style=") {
		t.Error("inline style attribute rendered; the CSP forbids it")
	}
	for _, tb := range tabs {
		root.Tab = tb
		html := render(t, root)
		if !strings.Contains(html, `data-testid="panel-`+tb+`"`) {
			t.Errorf("tab %s does not render its panel", tb)
		}
	}
	root.ToggleLang()
	if html := render(t, root); !strings.Contains(html, "리더") || !strings.Contains(html, "쿼럼") {
		t.Error("Korean render lacks 리더/쿼럼")
	}
}

const evil = `<img src=x onerror=alert(1)>`

func TestTextIsEscaped(t *testing.T) {
	s := NewSession(DefaultSettings())
	lead := leaderOf(t, s)
	s.Issue("etcdctl --endpoints=" + lead + " put '" + evil + "' '" + evil + "'")
	s.Issue(evil)
	run(s, time.Second)
	if len(s.KV(lead)) != 1 {
		t.Fatalf("key not written: %v", s.Lines)
	}
	root := NewRoot(s)
	root.Tab = "data"
	root.DataMember = lead
	html := render(t, root)
	if strings.Contains(html, "<img") {
		t.Errorf("unescaped markup in render")
	}
	if !strings.Contains(html, "&lt;img") {
		t.Error("escaped text missing")
	}
}

func TestConsoleHistory(t *testing.T) {
	root := NewRoot(NewSession(DefaultSettings()))
	c := &ConsolePanel{R: root}
	c.Input = "draft"
	c.HistoryUp() // empty history: nothing happens
	if c.Input != "draft" {
		t.Fatalf("Input %q", c.Input)
	}
	c.Run("help")
	c.Run("status")
	c.Run("status") // consecutive duplicates are kept once
	c.Run("nope")
	run(root.S, 10*time.Millisecond)
	if got := strings.Join(c.History, "|"); got != "help|status|nope" {
		t.Fatalf("History %q", got)
	}
	c.Input = "typing"
	for _, want := range []string{"nope", "status", "help", "help"} {
		c.HistoryUp()
		if c.Input != want {
			t.Fatalf("up: %q, want %q", c.Input, want)
		}
	}
	for _, want := range []string{"status", "nope", "typing", "typing"} {
		c.HistoryDown()
		if c.Input != want {
			t.Fatalf("down: %q, want %q", c.Input, want)
		}
	}
	var stderr, input, exit int
	for _, l := range root.S.Lines {
		switch l.Stream {
		case StreamStderr:
			stderr++
		case StreamInput:
			input++
		case StreamExit:
			exit++
		}
	}
	if stderr != 1 || input != 4 || exit != 4 {
		t.Errorf("stderr %d input %d exit %d lines, want 1, 4, 4:\n%s", stderr, input, exit, consoleText(root.S))
	}
	c.Run("clear")
	if len(root.S.Lines) != 0 {
		t.Errorf("clear left %d lines", len(root.S.Lines))
	}
}

func TestConsoleBounds(t *testing.T) {
	root := NewRoot(NewSession(DefaultSettings()))
	c := &ConsolePanel{R: root}
	for range MaxConsoleLines {
		c.Run("status")
	}
	run(root.S, 10*time.Millisecond)
	if len(root.S.Lines) != MaxConsoleLines {
		t.Errorf("%d lines kept, want %d", len(root.S.Lines), MaxConsoleLines)
	}
	if len(c.visible()) != MaxVisibleLines {
		t.Errorf("%d lines visible, want %d", len(c.visible()), MaxVisibleLines)
	}
}

func TestRingPoint(t *testing.T) {
	x, y := RingPoint(0, 3)
	if num(x) != "0" || num(y) != num(-RingRadius) {
		t.Errorf("first member at (%s,%s), want top (0,%s)", num(x), num(y), num(-RingRadius))
	}
	if x, y := RingPoint(0, 1); x != 0 || y != 0 {
		t.Errorf("single member at (%v,%v), want centre", x, y)
	}
}

// TestPartitionWrites: 5 members split 3:2 with the leader in the minority;
// a write there times out, a write on the majority succeeds; heal converges.
func TestPartitionWrites(t *testing.T) {
	set := DefaultSettings()
	set.Members = 5
	s := NewSession(set)
	root := NewRoot(s)
	lead := leaderOf(t, s)
	root.BeforeBuild()
	root.Preset("32")
	if q := s.QuorumNow(); q.Largest != 3 || !q.CanCommit {
		t.Errorf("quorum after 3:2: %+v", q)
	}
	var majority string
	for _, m := range s.Frame(-1).Members {
		if m.Group != s.Frame(-1).Members[indexOf(s.Names(), lead)].Group {
			majority = m.Name
		}
	}
	s.Issue("etcdctl --endpoints=" + lead + " put a 1")
	run(s, 3*time.Second)       // the majority elects a new leader meanwhile
	s.Issue("host " + majority) // the console's machine must be on the majority side too
	s.Issue("etcdctl --endpoints=" + majority + " put b 2")
	run(s, 6*time.Second)
	out := consoleText(s)
	if !strings.Contains(out, "Error: context deadline exceeded") {
		t.Errorf("minority write did not time out:\n%s", out)
	}
	if !strings.Contains(out, "OK") {
		t.Errorf("majority write did not succeed:\n%s", out)
	}
	s.Issue("heal")
	run(s, 5*time.Second)
	st := s.Lab.Status()
	for _, m := range st[1:] {
		if m.Commit != st[0].Commit || m.Applied != st[0].Applied {
			t.Errorf("not converged after heal: %+v vs %+v", m, st[0])
		}
	}
	if kv := s.KV(lead); len(kv) != 1 || kv[0].Key != "b" {
		t.Errorf("old leader sees %v, want only b", kv)
	}
}

func indexOf(a []string, s string) int {
	for i, x := range a {
		if x == s {
			return i
		}
	}
	return -1
}

func consoleText(s *Session) string {
	var b strings.Builder
	for _, l := range s.Lines {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

// TestRewindAndShare: seeking back and forth and loading a share link give
// the exact same trace.
func TestRewindAndShare(t *testing.T) {
	s := NewSession(DefaultSettings())
	lead := leaderOf(t, s)
	s.Issue("kill " + lead)
	run(s, 3*time.Second)
	s.Issue("start " + lead)
	run(s, 2*time.Second)
	at, hash := s.Lab.Now(), s.Lab.TraceHash()

	s.Seek(at / 3)
	if s.Lab.Now() != at/3 {
		t.Fatalf("seek: now %v, want %v", s.Lab.Now(), at/3)
	}
	s.Seek(at)
	if s.Lab.TraceHash() != hash {
		t.Errorf("rewind then replay to %v: hash %s, want %s", at, s.Lab.TraceHash(), hash)
	}

	frag := s.ShareFragment()
	sh, err := ParseShare("#" + frag)
	if err != nil {
		t.Fatal(err)
	}
	s2 := NewSession(DefaultSettings())
	s2.Load(sh)
	if s2.Lab.Now() != at || s2.Lab.TraceHash() != hash {
		t.Errorf("share link: now %v hash %s, want %v %s", s2.Lab.Now(), s2.Lab.TraceHash(), at, hash)
	}
}

func TestHostileShareLinks(t *testing.T) {
	good := NewSession(DefaultSettings()).ShareFragment()
	for _, frag := range []string{
		"garbage", "v=2", "v=1&seed=x", "v=1&seed=1&n=9&hb=100&el=1000&pv=1&cq=1&lat=25&drop=0&t=0",
		strings.Replace(good, "el=1000", "el=10", 1),
		strings.Replace(good, "t=0", "t=99999999999999", 1),
		good + "&c=5:kill%20node-1&c=1:kill%20node-2",
		good + "&c=5:" + strings.Repeat("a", 400),
		good + "&c=5:kill%00node-1",
		good + "&c=%zz",
		"v=1&" + strings.Repeat("c=1:heal&", 10000),
	} {
		if sh, err := ParseShare(frag); err == nil {
			t.Errorf("ParseShare(%.60q) accepted: %+v", frag, sh)
		}
	}
	if sh, err := ParseShare(good + "&c=5:" + "kill%20" + strings.ReplaceAll(evil, " ", "%20")); err != nil || len(sh.Journal) != 2 {
		t.Errorf("printable command refused: %v", err)
	}
	if sh, err := ParseShare(""); sh != nil || err != nil {
		t.Errorf("empty fragment: %v %v", sh, err)
	}
}

func TestEveryStringTranslated(t *testing.T) {
	var keys []string
	keys = append(keys, invariants...)
	for _, r := range quorumRows {
		keys = append(keys, r.Note)
	}
	for _, k := range shortcuts {
		keys = append(keys, k.What)
	}
	for _, l := range legend {
		keys = append(keys, l.What)
	}
	for _, tb := range tabs {
		keys = append(keys, tabTitle(tb))
	}
	for _, b := range slices.Concat(menuActs, presets) {
		keys = append(keys, b.label)
	}
	for _, f := range numFields {
		keys = append(keys, f.label)
	}
	// Strings the islands, the safety report and the partition builder use.
	keys = append(keys, "Linearizability", "linearizable", "NOT linearizable", "unknown: the checker ran out of time",
		"Operations checked", "Keys", "Outcome unknown (timed out)", "Serializable reads (not checked)", "Skipped keys",
		"Requests past the history bound", "revision", "keys", "behind the newest member by", "revisions",
		"first keys shown:", "Drag into groups…", "Apply partition", "Group", "Total members", "Note",
		"Members", "Quorum (needed)", "Largest connected group", "Can commit writes", "Log entries are coloured by term.")
	keys = append(keys, kubeUIKeys...)
	for _, k := range keys {
		if !Korean.Has(k) {
			t.Errorf("no Korean for %q", k)
		}
	}
}

// Every literal key the page's code and templates pass to tr or c.t is in
// the catalog (which has every language for each key: core/catalog's test).
func TestEveryUsedKeyInCatalog(t *testing.T) {
	files, err := filepath.Glob("*.vugu")
	require.NoError(t, err)
	gofiles, err := filepath.Glob("*.go")
	require.NoError(t, err)
	use := regexp.MustCompile(`(?:\btrv?\([^,()]+,\s*|\bc\.(?:R\.)?tv?\()"((?:[^"\\]|\\.)*)"`)
	n := 0
	for _, f := range append(files, gofiles...) {
		if strings.HasSuffix(f, "_gen.go") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range use.FindAllStringSubmatch(string(b), -1) {
			key, err := strconv.Unquote(`"` + m[1] + `"`)
			require.NoError(t, err)
			n++
			if !English.Has(key) {
				t.Errorf("%s: %q is not in the catalog", f, key)
			}
		}
	}
	t.Logf("%d keys used", n)
	require.Greater(t, n, 10, "the scan found the page's keys")
}

func TestEventSentences(t *testing.T) {
	s := NewSession(DefaultSettings())
	lead := leaderOf(t, s)
	s.Issue("kill " + lead)
	run(s, 5*time.Second)
	var en, ko []string
	for _, e := range s.RecentEvents(200, English, true) {
		en = append(en, e.Text)
	}
	for _, e := range s.RecentEvents(200, Korean, true) {
		ko = append(ko, e.Text)
	}
	all := strings.Join(en, "\n")
	for _, want := range []string{"heard no heartbeat for", "was killed", "became leader for term", "command: kill " + lead} { // each in English
		if !strings.Contains(all, want) {
			t.Errorf("events lack %q:\n%s", want, all)
		}
	}
	if k := strings.Join(ko, "\n"); !strings.Contains(k, "하트비트를 받지 못해") || !strings.Contains(k, "리더가 되었습니다") {
		t.Errorf("Korean events lack the election:\n%s", k)
	}
}

// TestMemoryBounded: a long run at the highest speed keeps every buffer bounded.
func TestMemoryBounded(t *testing.T) {
	set := DefaultSettings()
	set.Members = 7
	s := NewSession(set)
	leaderOf(t, s)
	for i := range 600 {
		run(s, 100*time.Millisecond)
		if l := s.Lab.Leader(); l != "" && i%2 == 0 {
			s.Issue(fmt.Sprintf("etcdctl --endpoints=%s put k%d v", l, i%50))
		}
	}
	if n := len(s.tr.flights); n > maxFlights {
		t.Errorf("%d flights kept", n)
	}
	if n := len(s.tr.events); n > 2*MaxEvents {
		t.Errorf("%d events kept", n)
	}
	if n := len(s.tr.chart); n > maxChart {
		t.Errorf("%d chart points kept", n)
	}
}

// BenchmarkFrame is the Go work of one animation frame with 7 members
// under steady writes: advance the clock by one 60 Hz frame at 1×, then
// build the view-model and the whole component tree.
func BenchmarkFrame(b *testing.B) {
	for _, speed := range []float64{1, 10} {
		b.Run(fmt.Sprintf("speed%g", speed), func(b *testing.B) {
			set := DefaultSettings()
			set.Members = 7
			s := NewSession(set)
			root := NewRoot(s)
			buildEnv, err := vugu.NewBuildEnv()
			if err != nil {
				b.Fatal(err)
			}
			run(s, 3*time.Second)
			frame := time.Duration(float64(time.Second/60) * speed)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if i%3 == 0 {
					if l := s.Lab.Leader(); l != "" {
						s.Issue(fmt.Sprintf("etcdctl --endpoints=%s put k%d v%d", l, i%64, i))
					}
				}
				run(s, frame)
				buildEnv.RunBuild(root)
			}
		})
	}
}

// TestIslandsEscape: hostile keys, values, member-like names and commands
// go through every hand-written HTML island escaped (island.go is the one
// place HTML is written by hand).
func TestIslandsEscape(t *testing.T) {
	hostile := []string{evil, `"><script>alert(1)</script>`, `' onmouseover='alert(1)`, `&lt;already&gt;`, `</li><li>x`}
	for _, h := range hostile {
		if strings.ContainsAny(esc(h), `<>"'`) {
			t.Errorf("esc(%q) = %q", h, esc(h))
		}
	}
	r := NewRoot(NewSession(DefaultSettings()))
	out := r.dataHTML(DataView{Up: true, Revision: 3, Total: 2, Behind: 1,
		KVs: []KV{{Key: hostile[0], Value: hostile[1]}, {Key: hostile[2], Value: hostile[4]}, {Key: hostile[3]}}, Err: hostile[1]})
	out += eventsHTML([]EventView{{At: hostile[0], Text: "command: " + hostile[1], Class: hostile[2]}})
	out += consoleHTML([]ConsoleLine{{Stream: StreamInput, Text: "$ " + hostile[4]}, {Stream: StreamStderr, Text: hostile[0]}}, hostile[1], hostile[2])
	out += consoleHTML(nil, hostile[1], hostile[2])
	out += r.logsHTML([]LogStrip{{Name: hostile[1], Up: true, Leader: true, Entries: []LogEntryView{{Index: 1, Term: 1}},
		Progress: []lab.Progress{{Name: hostile[0], State: hostile[2]}}}})
	out += r.quorumHTML()
	for _, bad := range []string{"<img", "<script", `" onmouseover`, "' onmouseover", "</li><li>"} {
		if strings.Contains(out, bad) {
			t.Errorf("island HTML contains %q unescaped:\n%s", bad, out)
		}
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", "&#34;&gt;&lt;script&gt;", "&#39; onmouseover=&#39;", "&amp;lt;already&amp;gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("escaped text %q missing", want)
		}
	}
	// Inside a real render, and in the links and chart islands.
	s := NewSession(DefaultSettings())
	lead := leaderOf(t, s)
	s.Issue("etcdctl --endpoints=" + lead + " put '" + hostile[1] + "' '" + hostile[2] + "'")
	s.Issue(hostile[4])
	run(s, time.Second)
	root := NewRoot(s)
	for _, tb := range tabs {
		root.Tab, root.DataMember = tb, lead
		html := render(t, root)
		if strings.Contains(html, "<script") || strings.Contains(html, "</li><li>x") {
			t.Errorf("tab %s: hostile text became markup", tb)
		}
	}
}

// TestRepeatedCommandsStaySeparate: the same command run three times gives
// three event-log entries and three console echoes, each exactly the
// command, even when an input event after Enter still carries the line
// just run (the field is cleared one frame later).
func TestRepeatedCommandsStaySeparate(t *testing.T) {
	root := NewRoot(NewSession(DefaultSettings()))
	c := &ConsolePanel{R: root}
	const line = "etcdctl member list"
	for range 3 {
		c.onInputValue(line)
		c.Run(c.Input)
		// The stale value arrives before the render clears the field: the
		// field still shows the old line, and a fast key is added to it.
		c.onInputValue(line)
		if c.Input != "" {
			t.Fatalf("stale input kept: %q", c.Input)
		}
		c.onInputValue(line + "e")
		if c.Input != "e" {
			t.Fatalf("after a fast key: %q", c.Input)
		}
		c.Rendered(vugu.RenderedCtx(nil))
		c.Input = ""
	}
	run(root.S, 10*time.Millisecond)
	var cmds []string
	for _, e := range root.S.RecentEvents(50, English, true) {
		if strings.HasPrefix(e.Text, "command:") {
			cmds = append(cmds, e.Text)
		}
	}
	if len(cmds) != 3 {
		t.Fatalf("command events %q, want 3", cmds)
	}
	for _, e := range cmds {
		if e != "command: "+line {
			t.Errorf("event %q, want %q", e, "command: "+line)
		}
	}
	html := eventsHTML(root.S.RecentEvents(50, English, true))
	if n := strings.Count(html, "<li"); n < 3 || strings.Contains(html, line+line) || strings.Contains(html, "listetcdctl") {
		t.Errorf("event log HTML glues commands: %s", html)
	}
	echo := 0
	for _, l := range root.S.Lines {
		if l.Stream == StreamInput {
			if l.Text != "$ "+line {
				t.Errorf("echo %q", l.Text)
			}
			echo++
		}
	}
	if echo != 3 {
		t.Errorf("%d echoes, want 3", echo)
	}
	// A user who types the same line again after the render is not cut.
	c.onInputValue(line)
	if c.Input != line {
		t.Errorf("input after render: %q", c.Input)
	}
}

func TestGroupEditorCommand(t *testing.T) {
	ms := []MemberView{{Name: "node-1"}, {Name: "node-2"}, {Name: "node-3"}, {Name: "node-4"}, {Name: "node-5"}}
	g := NewGroupEditor(ms)
	if got := g.Command(); got != "heal" {
		t.Errorf("everyone together: %q", got)
	}
	g.Move("node-4", 1)
	g.Move("node-5", 1)
	if got := g.Command(); got != "partition node-1,node-2,node-3 node-4,node-5" {
		t.Errorf("3:2: %q", got)
	}
	g.Move("node-1", 2)
	g.Move("node-1", 2)
	if got := g.Command(); got != "partition node-2,node-3 node-4,node-5 node-1" {
		t.Errorf("three groups: %q", got)
	}
	// From a live partition, the editor starts from its groups.
	s := NewSession(Settings{Members: 5, Heartbeat: 100 * time.Millisecond, Election: time.Second, Latency: 10 * time.Millisecond, Seed: 1})
	s.Issue("partition node-1,node-2 node-3,node-4,node-5")
	run(s, 10*time.Millisecond)
	f := s.Frame(-1)
	if got := NewGroupEditor(f.Members).Command(); got != "partition node-1,node-2 node-3,node-4,node-5" {
		t.Errorf("from the live partition: %q", got)
	}
	// The root issues it as a console command.
	root := NewRoot(s)
	root.f = f
	root.ToggleGroups()
	root.Groups.Held = "node-3"
	root.zoneClick(0)
	root.ApplyGroups()
	if n := len(s.Lines); n == 0 || !strings.Contains(strings.Join(lineTexts(s), "\n"), "$ partition node-1,node-2,node-3 node-4,node-5") {
		t.Errorf("console: %q", lineTexts(s))
	}
}

func lineTexts(s *Session) []string {
	var out []string
	for _, l := range s.Lines {
		out = append(out, l.Text)
	}
	return out
}

func TestDataPanelRevisionAndLinearizability(t *testing.T) {
	set := DefaultSettings()
	set.Members = 3
	s := NewSession(set)
	lead := leaderOf(t, s)
	var other string
	for _, n := range s.Names() {
		if n != lead {
			other = n
			break
		}
	}
	s.Issue("host " + lead) // the console's machine stays with the leader
	s.Issue("isolate " + other)
	run(s, 100*time.Millisecond)
	for i := range 3 {
		s.Issue(fmt.Sprintf("etcdctl --endpoints=%s put k%d v%d", lead, i, i))
		run(s, 500*time.Millisecond)
	}
	run(s, 2*time.Second)
	d := s.Data(other)
	fresh := s.Data(lead)
	if !d.Up || d.Behind == 0 || d.Revision >= fresh.Revision {
		t.Errorf("isolated %s: %+v; leader %s: revision %d", other, d, lead, fresh.Revision)
	}
	if fresh.Total < 3 || fresh.Behind != 0 {
		t.Errorf("leader data %+v", fresh)
	}
	root := NewRoot(s)
	root.Tab, root.DataMember = "data", other
	if html := render(t, root); !strings.Contains(html, `data-testid="data-stale"`) || !strings.Contains(html, `data-testid="data-revision"`) {
		t.Error("data panel does not show the stale member's revision")
	}
	s.Issue(fmt.Sprintf("etcdctl --endpoints=%s get k1", lead))
	run(s, time.Second)
	root.CheckLinearizability()
	if rep := s.Lab.LastLinearizability(); rep == nil || rep.Result != "ok" || rep.Operations < 4 {
		t.Fatalf("report %+v", rep)
	}
	root.Tab = "safety"
	html := render(t, root)
	for _, want := range []string{`data-testid="lin-report"`, `data-result="ok"`, `data-testid="lin-ops"`, `data-testid="lin-serializable"`} {
		if !strings.Contains(html, want) {
			t.Errorf("safety panel lacks %s", want)
		}
	}
	root.ToggleLang()
	if html := render(t, root); !strings.Contains(html, "선형적") || !strings.Contains(html, "검사한 연산") {
		t.Error("Korean report missing")
	}
	if !strings.Contains(strings.Join(lineTexts(s), "\n"), "$ "+LinCommand) {
		t.Error("the check is not in the console as its command")
	}
	// A fresh cluster forgets the report.
	s.Issue("reset")
	run(s, 10*time.Millisecond)
	if root.linValid() {
		t.Error("report kept after reset")
	}
}

// BenchmarkFrameLive is BenchmarkFrame as the browser runs it (LiveDOM:
// islands, the cluster view's layers and the live values reach the page
// outside Vugu, and Vugu renders only when its tree's BuildHash changed),
// and reports how often Vugu renders (renders/frame) and what it re-sends
// to the DOM per frame on average: elements and the bytes of the static
// HTML equivalent (its cost in the browser grows with these), and the
// island and cluster-view bytes rebuilt per frame.
//
// live=false renders everything inline every frame, as the page did before
// islands (the whole DOM re-sent every frame): the comparison.
func BenchmarkFrameLive(b *testing.B) {
	for _, live := range []bool{true, false} {
		b.Run(fmt.Sprintf("live=%v", live), func(b *testing.B) { benchFrameLive(b, live) })
	}
}

func benchFrameLive(b *testing.B, live bool) {
	LiveDOM = live
	defer func() { LiveDOM = false }()
	set := DefaultSettings()
	set.Members = 7
	s := NewSession(set)
	root := NewRoot(s)
	buildEnv, err := vugu.NewBuildEnv()
	if err != nil {
		b.Fatal(err)
	}
	run(s, 3*time.Second)
	s.Issue("speed 5")
	frame := time.Second / 60 * 5
	var bytes, elems, islandBytes, ringBytes, renders int
	var lastHash uint64
	vers := map[*island]float64{}
	var buf strings.Builder
	for i := 0; b.Loop(); i++ {
		if i%3 == 0 {
			if l := s.Lab.Leader(); l != "" {
				s.Issue(fmt.Sprintf("etcdctl --endpoints=%s put k%d v%d", l, i%64, i))
			}
		}
		run(s, frame)
		res := buildEnv.RunBuild(root)
		for _, is := range []*island{&root.isl.links, &root.isl.quorum, &root.isl.chart, &root.isl.events.island, &root.isl.logs, &root.isl.data} {
			if vers[is] != is.ver {
				vers[is] = is.ver
				islandBytes += len(is.html)
			}
		}
		for _, is := range []*island{&root.ring.members.island, &root.ring.timers.island, &root.ring.flights.island, &root.ring.traffic.island} {
			if vers[is] != is.ver {
				vers[is] = is.ver
				ringBytes += len(is.html)
			}
		}
		if h := BuildHash(res); live && h == lastHash {
			continue
		} else {
			lastHash = h
		}
		renders++
		buf.Reset()
		if err := staticrender.New(&buf).Render(res); err != nil {
			b.Fatal(err)
		}
		bytes += buf.Len()
		elems += strings.Count(buf.String(), "<") - strings.Count(buf.String(), "</")
	}
	b.ReportMetric(float64(renders)/float64(b.N), "renders/frame")
	b.ReportMetric(float64(bytes)/float64(b.N), "DOMbytes/frame")
	b.ReportMetric(float64(elems)/float64(b.N), "elements/frame")
	b.ReportMetric(float64(islandBytes)/float64(b.N), "islandbytes/frame")
	b.ReportMetric(float64(ringBytes)/float64(b.N), "ringbytes/frame")
}

func TestShareLinkDefaults(t *testing.T) {
	sh, err := ParseShare("#seed=7&n=5")
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultSettings()
	want.Seed, want.Members = 7, 5
	if !reflect.DeepEqual(sh.Settings, want) || sh.At != 0 || len(sh.Journal) != 0 {
		t.Errorf("got %+v at %v", sh.Settings, sh.At)
	}
	for _, bad := range []string{"#v=2&seed=1", "#seed=x", "#n=9", "#seed=1&n=3&drop=200"} {
		if _, err := ParseShare(bad); err == nil {
			t.Errorf("ParseShare(%q) accepted", bad)
		}
	}
}

// TestConsoleHabits: Tab (a second Tab lists the choices), Ctrl-R, Ctrl-C
// on a running watch and on a typed line, the prompt naming the host, and
// long output lines cut in the page with a way to see them whole.
func TestConsoleHabits(t *testing.T) {
	root := NewRoot(NewSession(DefaultSettings()))
	c := &ConsolePanel{R: root}
	if p := c.prompt(); p != "node-1 $" {
		t.Errorf("prompt %q", p)
	}
	c.Input = "etcdctl memb"
	c.Tab()
	if c.Input != "etcdctl member " {
		t.Errorf("Tab: %q", c.Input)
	}
	c.Input = "etcdctl get --ke"
	c.Tab()
	if c.Choices != "" {
		t.Errorf("one Tab listed choices: %q", c.Choices)
	}
	c.Tab()
	if !strings.Contains(c.Choices, "--keys-only") || c.Input != "etcdctl get --ke" {
		t.Errorf("second Tab: %q, choices %q", c.Input, c.Choices)
	}
	c.Run("speed 2")
	c.Run("etcdctl watch foo")
	run(root.S, 100*time.Millisecond)
	c.Interrupt()
	run(root.S, 100*time.Millisecond)
	txt := consoleText(root.S)
	if !strings.Contains(txt, "^C") || !strings.Contains(txt, "exit status 130") {
		t.Errorf("Ctrl-C on a watch:\n%s", txt)
	}
	if j := root.S.Journal(); !strings.HasPrefix(j[len(j)-1].Line, "cancel ") {
		t.Errorf("Ctrl-C is not in the journal: %+v", j[len(j)-1])
	}
	c.ReverseSearch()
	c.onInputValue("spe")
	if c.Search == nil || c.Search.match != "speed 2" || !strings.HasPrefix(c.prompt(), "(reverse-i-search)`spe'") {
		t.Fatalf("Ctrl-R: %+v prompt %q", c.Search, c.prompt())
	}
	c.run()
	if n := strings.Count(consoleText(root.S), "$ speed 2\n"); n != 2 {
		t.Errorf("Ctrl-R then Enter: %d runs of speed 2:\n%s", n, consoleText(root.S))
	}
	c.Input = "half typed"
	c.Interrupt()
	if c.Input != "" || root.S.Lines[len(root.S.Lines)-1].Text != "$ half typed^C" {
		t.Errorf("Ctrl-C on a typed line: %q, last line %q", c.Input, root.S.Lines[len(root.S.Lines)-1].Text)
	}
	long := strings.Repeat("x", 100<<10)
	root.S.out(StreamStdout, long)
	html := consoleHTML(root.S.Lines, "", "show all")
	if strings.Contains(html, long[:maxLineShown+1]) || !strings.Contains(html, "(102400 bytes)") {
		t.Error("a 100 KB line is not cut in the console's HTML")
	}
	root.ShowLine(root.S.Lines[len(root.S.Lines)-1].ID)
	if root.View == nil || root.View.Text != long {
		t.Error("the viewer does not show the whole line")
	}
}

// TestRingLayersEscape: member names (etcd's --name is the user's) and
// every other text in the cluster view's hand-written layers are escaped.
func TestRingLayersEscape(t *testing.T) {
	hostile := `"><script>alert(1)</script><g x='`
	m := MemberView{Name: hostile, Role: Role(hostile), GroupLabel: hostile, Leader: hostile, Up: true, Host: true, Timer: 0.5, TimeoutMS: 1000}
	var b hb
	b.member(English, &m, 30)
	b.timer(English, &m, 30)
	fl := FlightView{Class: hostile, TestID: hostile, Shape: hostile, Opacity: 1}
	b.shaped(&fl)
	b.flight(&fl)
	out := string(b)
	if strings.Contains(out, "<script") || strings.Contains(out, `"><`+"script") || strings.Contains(out, "x='") {
		t.Errorf("unescaped: %s", out)
	}
	b = b[:0]
	b.e(hostile)
	if string(b) != esc(hostile) {
		t.Errorf("hb.e %q, esc %q", b, esc(hostile))
	}
}

// The page pulls the lab's events after each step it drives. A lab run far
// past lab.MaxPendingEvents without a pull (a leader killed on the way)
// drops the oldest: the tracker then draws no flight left hanging and the
// terms chart shows the leader that runs now.
func TestTrackerAfterDroppedEvents(t *testing.T) {
	s := NewSession(DefaultSettings())
	old := leaderOf(t, s)
	s.Issue("etcdctl put a 1")
	run(s, 50*time.Millisecond)
	if len(s.tr.flights) == 0 {
		t.Fatal("no flight drawn while a put runs")
	}
	s.Lab.Kill(old)
	s.Lab.Run(time.Minute) // not the page's step: nothing pulled
	s.poll()
	lead := s.Lab.Leader()
	if lead == "" || lead == old {
		t.Fatalf("leader %q after %s was killed", lead, old)
	}
	for _, f := range s.tr.flights {
		if !f.finished && f.Send < s.Lab.Now()-time.Second {
			t.Errorf("flight %+v sent at %v still in the air at %v", f, f.Send, s.Lab.Now())
		}
	}
	last := s.tr.chart[len(s.tr.chart)-1]
	if got := s.tr.names[max(last.Leader, 0)]; last.Leader < 0 || got != lead {
		t.Errorf("chart ends with leader %d (%s), want %s", last.Leader, got, lead)
	}
	run(s, time.Second)
	if len(s.tr.flights) == 0 {
		t.Error("no flight drawn once pulling again")
	}
	// A reset among the dropped events: the tracker follows the new cluster.
	s.Lab.Submit("reset --size 5")
	s.Lab.Run(time.Minute)
	s.Lab.Run(time.Minute)
	s.poll()
	if len(s.tr.names) != 5 || len(s.names) != 5 {
		t.Errorf("tracker on %v, session on %v after a dropped reset to 5 members", s.tr.names, s.names)
	}
}
