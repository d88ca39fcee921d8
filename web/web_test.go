package web

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

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
func run(s *Session, d time.Duration) { s.advance(s.Lab.Now()+d, time.Time{}) }

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
	if num(x) != "0" || num(y) != "-130" {
		t.Errorf("first member at (%s,%s), want top (0,-130)", num(x), num(y))
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
	if q := s.QuorumNow(s.Frame(-1).Members); q.Largest != 3 || !q.CanCommit {
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
	for _, k := range keys {
		if _, ok := ko[k]; !ok {
			t.Errorf("no Korean for %q", k)
		}
	}
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
	if k := strings.Join(ko, "\n"); !strings.Contains(k, "Heartbeat를 받지 못해") || !strings.Contains(k, "리더가 되었습니다") {
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
