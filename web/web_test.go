package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"
)

func render(t *testing.T, root vugu.Builder) string {
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

func TestRootRendersFakeCluster(t *testing.T) {
	html := render(t, NewRoot(NewFakeLab(3)))
	if n := strings.Count(html, `data-testid="member"`); n != 3 {
		t.Errorf("%d members rendered, want 3", n)
	}
	for _, want := range []string{`data-testid="cluster-svg"`, `data-role="leader"`, "infra3", "3 of 3 members up", "leader infra1"} {
		if !strings.Contains(html, want) {
			t.Errorf("render lacks %q", want)
		}
	}
	for _, p := range Panels {
		if !strings.Contains(html, `data-testid="panel-`+p.ID+`"`) {
			t.Errorf("panel %s missing", p.ID)
		}
	}
	if strings.Contains(html, "style=") {
		t.Error("inline style attribute rendered; the CSP forbids it")
	}
}

// evilLab returns markup in every text field.
type evilLab struct{ FakeLab }

const evil = `<img src=x onerror=alert(1)>`

func (e *evilLab) Cluster() ClusterView {
	v := e.FakeLab.Cluster()
	for i := range v.Members {
		v.Members[i].Name = evil
		v.Members[i].Note = evil
		v.Members[i].Role = Role(evil)
	}
	return v
}

func (e *evilLab) Exec(string) []ConsoleLine {
	return []ConsoleLine{{Stream: StreamStdout, Text: evil}}
}

func TestTextIsEscaped(t *testing.T) {
	lab := &evilLab{*NewFakeLab(3)}
	root := NewRoot(lab)
	html := render(t, root)
	if strings.Contains(html, "<img") {
		t.Errorf("unescaped markup in render:\n%s", html)
	}
	if !strings.Contains(html, "&lt;img") {
		t.Error("escaped text missing")
	}
	if !strings.Contains(html, "role-unknown") {
		t.Error("unknown role not mapped to role-unknown class")
	}
}

func TestConsoleHistory(t *testing.T) {
	c := &ConsolePanel{Lab: NewFakeLab(3)}
	c.Input = "draft"
	c.HistoryUp() // empty history: nothing happens
	if c.Input != "draft" {
		t.Fatalf("Input %q", c.Input)
	}
	c.Run("help")
	c.Run("member list")
	c.Run("member list") // consecutive duplicates are kept once
	c.Run("nope")
	if got := strings.Join(c.History, "|"); got != "help|member list|nope" {
		t.Fatalf("History %q", got)
	}
	c.Input = "typing"
	for _, want := range []string{"nope", "member list", "help", "help"} {
		c.HistoryUp()
		if c.Input != want {
			t.Fatalf("up: %q, want %q", c.Input, want)
		}
	}
	for _, want := range []string{"member list", "nope", "typing", "typing"} {
		c.HistoryDown()
		if c.Input != want {
			t.Fatalf("down: %q, want %q", c.Input, want)
		}
	}
	var stderr, input int
	for _, l := range c.Lines {
		switch l.Stream {
		case StreamStderr:
			stderr++
		case StreamInput:
			input++
		}
	}
	if stderr != 1 || input != 4 {
		t.Errorf("stderr %d input %d lines, want 1 and 4", stderr, input)
	}
	c.Run("clear")
	if len(c.Lines) != 0 {
		t.Errorf("clear left %d lines", len(c.Lines))
	}
}

func TestConsoleBounds(t *testing.T) {
	c := &ConsolePanel{Lab: NewFakeLab(3)}
	for range MaxConsoleLines {
		c.Run("member list")
	}
	if len(c.Lines) != MaxConsoleLines {
		t.Errorf("%d lines kept, want %d", len(c.Lines), MaxConsoleLines)
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
