package lesson

import (
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/jsonw"
)

// fakeView is a hand-set cluster for the engine's unit tests.
type fakeView struct {
	now     time.Duration
	members []Member
	groups  [][]string
	kv      map[string]string
}

func (v *fakeView) Now() time.Duration            { return v.now }
func (v *fakeView) Members() []Member             { return v.members }
func (v *fakeView) Groups() [][]string            { return v.groups }
func (v *fakeView) Keys() int                     { return len(v.kv) }
func (v *fakeView) HasFile(string, string) bool   { return false }
func (v *fakeView) Violation() error              { return nil }
func (v *fakeView) Linearizable() bool            { return true }
func (v *fakeView) Value(k string) (string, bool) { s, ok := v.kv[k]; return s, ok }

func three() *fakeView {
	return &fakeView{members: []Member{
		{Name: "n1", Up: true, Role: "leader", Term: 2, Commit: 5, Applied: 5},
		{Name: "n2", Up: true, Role: "follower", Term: 2, Commit: 5, Applied: 5},
		{Name: "n3", Up: true, Role: "follower", Term: 2, Commit: 5, Applied: 5},
	}, kv: map[string]string{}}
}

func txt(s string) Text { return Text{"en": s, "ko": s} }

func one(checks ...Check) *Lesson {
	return &Lesson{ID: "t", Title: txt("t"), Steps: []Step{{Goal: txt("g"), Checks: checks,
		Hints:    []Hint{{Text: txt("ask")}, {After: 2, Text: txt("after two")}, {AfterSec: 30, Text: txt("after 30s")}, {OnError: "deadline exceeded", Text: txt("on error")}},
		Solution: Lines{{Console: "$ x"}}, Explain: txt("e"), Source: "s"}, {Goal: txt("g2"),
		Checks: []Check{{ID: "z", Label: txt("z"), Kind: KindKeys, Min: ip(5)}}, Hints: []Hint{{Text: txt("h")}}, Solution: Lines{{Console: "$ y"}}, Explain: txt("e"), Source: "s"}}}
}

func ip(n int) *int { return &n }

func TestLatchAndAnchors(t *testing.T) {
	v := three()
	r := Start(one(Check{ID: "down", Label: txt("leader down"), Kind: KindDown, Member: "@leader"}), 1, v)
	if r.Anchor("@leader") != "n1" || r.Anchor("@follower") != "n2" {
		t.Fatalf("anchors %v", r.anchors)
	}
	v.now, v.members[0].Up, v.members[0].Role = time.Second, false, ""
	r.Eval(v)
	if r.Step != 1 || r.Finished[0] != time.Second {
		t.Fatalf("step %d finished %v", r.Step, r.Finished)
	}
	// Latched: the step stays done when the leader comes back.
	v.members[0].Up = true
	r.Eval(v)
	if r.Step != 1 {
		t.Fatal("a passed step came undone")
	}
}

func TestWithinNeverRestart(t *testing.T) {
	v := three()
	r := Start(one(
		Check{ID: "key", Label: txt("k=v"), Kind: KindKey, Key: "k", Value: "v", Within: "2s"},
		Check{ID: "term", Label: txt("term rises"), Kind: KindTerm, Min: ip(1), Never: true},
	), 1, v)
	v.now = 3 * time.Second
	r.Eval(v)
	if r.Step != 0 || r.Restarts != 1 || r.Attempts != 1 || r.Culprit().In("en") != "k=v" {
		t.Fatalf("missed deadline: step %d restarts %d attempts %d culprit %v", r.Step, r.Restarts, r.Attempts, r.Culprit())
	}
	// The deadline runs from the restart.
	v.now = 4 * time.Second
	v.members[1].Term = 3
	r.Eval(v)
	if r.Restarts != 2 || r.Culprit().In("en") != "term rises" {
		t.Fatalf("never: restarts %d culprit %v", r.Restarts, r.Culprit())
	}
	// A hint unlocked by failed attempts.
	if got := r.Hints(); len(got) != 1 || got[0].In("en") != "after two" {
		t.Fatalf("hints after two failures: %v", got)
	}
	v.now = 4500 * time.Millisecond
	v.kv["k"] = "v"
	r.Eval(v)
	if r.Step != 1 {
		t.Fatalf("the step did not pass in time: %v", r.StatusLines("en"))
	}
}

func TestHintsCommandsEvents(t *testing.T) {
	v := three()
	r := Start(one(
		Check{ID: "fail", Label: txt("put fails"), Kind: KindCommand, Cmd: "etcdctl*put ", Failed: true, With: []string{"split"}},
		Check{ID: "split", Label: txt("split"), Kind: KindPartition, Sizes: []int{2, 1}, Quorum: "one"},
		Check{ID: "camp", Label: txt("n2 campaigns"), Kind: KindEvent, Event: "campaign", Member: "@follower", After: "split"},
	), 1, v)
	r.Command(Command{Line: "etcdctl put a b", Exit: 1, Stderr: "Error: context deadline exceeded", At: 0}, v)
	if r.checks[0].passed {
		t.Fatal("a failed put counted without the partition it needs")
	}
	if got := r.Hints(); len(got) != 1 || got[0].In("en") != "on error" {
		t.Fatalf("error-pattern hint: %v", got)
	}
	if got := r.AskHint(); len(got) != 2 || got[0].In("en") != "ask" {
		t.Fatalf("asked hint: %v", got)
	}
	v.groups = [][]string{{"n1", "n2"}, {"n3"}}
	r.Event(Event{Kind: EvCampaign, Member: "n2", Term: 3}, v) // before "split" passed: not counted
	r.Eval(v)
	r.Command(Command{Line: "etcdctl --endpoints=n3 put a b", Exit: 1, At: 0}, v)
	r.Event(Event{Kind: EvCampaign, Member: "n3", Term: 3}, v)
	if r.Step != 0 || r.checks[2].passed {
		t.Fatal("a campaign by another member counted for @follower")
	}
	r.Event(Event{Kind: EvCampaign, Member: "n2", Term: 4}, v)
	r.Eval(v)
	if r.Step != 1 {
		t.Fatalf("not done: %v", r.StatusLines("en"))
	}
	v.now = 40 * time.Second
	r.Eval(v)
	if got := r.Hints(); len(got) != 0 {
		t.Fatalf("step 2 has no time hint, got %v", got)
	}
}

func TestSplitVoteAndFunc(t *testing.T) {
	Funcs["two-up"] = func(v View, r *Run) bool { return len(v.Members()) == 3 }
	defer delete(Funcs, "two-up")
	v := three()
	r := Start(one(
		Check{ID: "split", Label: txt("split"), Kind: KindSplitVote},
		Check{ID: "go", Label: txt("go"), Kind: KindFunc, Func: "two-up"},
	), 1, v)
	r.Event(Event{Kind: EvCampaign, Member: "n1", Term: 5}, v)
	r.Event(Event{Kind: EvCampaign, Member: "n2", Term: 5}, v)
	r.Event(Event{Kind: EvLeader, Member: "n1", Term: 5}, v)
	r.Event(Event{Kind: EvCampaign, Member: "n2", Term: 6}, v)
	r.Eval(v)
	if r.Step != 0 {
		t.Fatal("a term with a leader counted as a split vote")
	}
	r.Event(Event{Kind: EvCampaign, Member: "n2", Term: 7}, v)
	r.Event(Event{Kind: EvCampaign, Member: "n3", Term: 7}, v)
	r.Event(Event{Kind: EvCampaign, Member: "n3", Term: 8}, v)
	r.Eval(v)
	if r.Step != 1 {
		t.Fatalf("split vote in term 7 not seen: %v", r.StatusLines("en"))
	}
}

func TestMatchAndValidate(t *testing.T) {
	for _, c := range []struct {
		pat, text string
		want      bool
	}{{"etcdctl*put ", "etcdctl --endpoints=a put k v", true}, {"^reset", "lesson reset", false},
		{"a|b", "xbx", true}, {"drop 0.", "drop 0", false}, {"", "anything", true}} {
		if got := match(c.pat, c.text); got != c.want {
			t.Errorf("match(%q, %q) = %v", c.pat, c.text, got)
		}
	}
	ls := one(Check{ID: "a", Label: Text{"en": "only English"}, Kind: KindKeys})
	ls.Intro = []Page{{Text: txt("i")}}
	ls.Tests = Tests{Alt: [][]string{{"$ x"}}, Wrong: [][]string{{"$ y"}}}
	err := ls.Validate()
	if err == nil || !strings.Contains(err.Error(), "no ko text") {
		t.Fatalf("Validate missed a missing translation: %v", err)
	}
	// Solution comments are read by the learner: an object with every
	// language, never a "# " string.
	ls.Steps[0].Checks[0] = Check{ID: "a", Label: txt("x"), Kind: KindKeys, Min: ip(1)}
	if err := ls.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		line Line
		want string
	}{{Line{Console: "# English only"}, "a comment is an object with every language"},
		{Line{Comment: Text{"en": "English only"}}, "solution line 2 comment: no ko text"},
		{Line{Comment: Text{}}, "solution line 2 comment: no en text"},
		{Line{Console: "etcdctl get a"}, "is neither"}} {
		ls.Steps[0].Solution = Lines{{Console: "$ x"}, c.line}
		if err := ls.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("solution line %+v: want %q, got %v", c.line, c.want, err)
		}
	}
	var lines Lines
	if err := jsonw.Unmarshal([]byte(`["$ x", "< in", {"en": "why", "ko": "이유"}]`), &lines); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lines.In("ko"), "|"); got != "$ x|< in|# 이유" {
		t.Fatalf("lines in ko: %q", got)
	}
	if got := strings.Join(Commands(lines.In("en")), "|"); got != "x\nin" {
		t.Fatalf("commands: %q", got)
	}
	ls.Steps[0].Checks[0] = Check{ID: "a", Label: txt("x"), Kind: "vibes"}
	if err := ls.Validate(); err == nil || !strings.Contains(err.Error(), "unknown kind") {
		t.Fatalf("Validate missed an unknown kind: %v", err)
	}
	for _, l := range All() {
		if err := l.Validate(); err != nil {
			t.Error(err)
		}
	}
}
