package web

import (
	"strings"
	"testing"
	"time"
)

// The lesson panel renders the running lesson's goal and checklist in both
// languages, ticks a check once it passes, and its strings are translated.
func TestLessonPanel(t *testing.T) {
	s := NewSession(DefaultSettings())
	root := NewRoot(s)
	html := render(t, root)
	if !strings.Contains(html, `data-testid="panel-lesson"`) || !strings.Contains(html, `data-testid="lesson-pick"`) {
		t.Fatal("no lesson panel with a picker in the page")
	}
	s.Issue("lesson start election")
	run(s, 100*time.Millisecond)
	if s.Lab.LessonProgress(English) == nil {
		t.Fatal("lesson start from the page did not start the lesson")
	}
	html = render(t, root)
	for _, want := range []string{`data-testid="lesson-goal"`, "Crash the leader (node-1)", `data-state="todo"`, `data-testid="lesson-hint"`} {
		if !strings.Contains(html, want) {
			t.Errorf("panel lacks %q", want)
		}
	}
	s.Issue("kill node-1")
	run(s, 4*time.Second)
	html = render(t, root)
	if !strings.Contains(html, `data-step="1"`) || !strings.Contains(html, "Why:") {
		t.Errorf("after the leader's crash step 1 is not shown done with its explanation")
	}
	s.Issue("lesson hint")
	root.SetLang(Korean)
	html = render(t, root)
	for _, want := range []string{"레슨", "표 분산", "힌트", "partition"} {
		if !strings.Contains(html, want) {
			t.Errorf("Korean panel lacks %q", want)
		}
	}
	// Every key the panel uses is in the catalog with both languages:
	// TestEveryUsedKeyInCatalog and core/catalog's tests.
}

// A share link taken during a lesson reopens the lesson at that moment; a
// deep link names a lesson; hostile lesson parameters are refused.
func TestLessonLinks(t *testing.T) {
	if LessonLink("#lesson=election") != "election" || LessonLink("#lesson=nope") != "" || LessonLink("#v=1") != "" {
		t.Error("LessonLink")
	}
	s := NewSession(DefaultSettings())
	s.Issue("lesson start replicated-store")
	run(s, 200*time.Millisecond)
	s.Issue("etcdctl put a 1")
	s.Issue("etcdctl put b 2")
	run(s, 2*time.Second)
	if p := s.Lab.LessonProgress(English); p == nil || p.Step != 1 {
		t.Fatalf("lesson not at step 2: %+v", p)
	}
	sh, err := ParseShare(s.ShareFragment())
	if err != nil {
		t.Fatal(err)
	}
	s2 := NewSession(DefaultSettings())
	s2.Load(sh)
	if r := s2.Lab.LessonProgress(English); r == nil || r.ID != "replicated-store" || r.Step != 1 || s2.Lab.Now() != s.Lab.Now() {
		t.Fatalf("share link reopened %+v at %v, want replicated-store step 1 at %v", r, s2.Lab.Now(), s.Lab.Now())
	}
	plain := NewSession(DefaultSettings()).ShareFragment()
	for _, bad := range []string{"&lesson=nope", "&lesson=election&lstep=99", "&lesson=election&lpass=1,x", "&lesson=election&lpass=64"} {
		if _, err := ParseShare(plain + bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
