package lesson_test

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/raftlab/raftlab/core/lesson"
)

// seedsFor are the seeds every lesson is tested with: its own list, or
// RAFTLAB_LESSON_SEEDS=N first seeds (1 under wasm keeps it cheap).
func seedsFor(ls *lesson.Lesson) []int64 {
	seeds := ls.Setup.Seeds
	if len(seeds) == 0 {
		seeds = []int64{ls.Setup.Seed}
	}
	n, err := strconv.Atoi(os.Getenv("RAFTLAB_LESSON_SEEDS"))
	if err != nil && runtime.GOOS == "js" {
		n = 1 // under Node (make test-wasm): one seed per lesson keeps it cheap
	}
	if n > 0 && n < len(seeds) {
		seeds = seeds[:n]
	}
	return seeds
}

func start(t *testing.T, ls *lesson.Lesson, seed int64) *lab.Lab {
	t.Helper()
	l := lab.New(lab.Options{Lesson: ls.ID, Seed: seed})
	if l.Lesson() == nil {
		t.Fatalf("lesson %s did not start", ls.ID)
	}
	return l
}

// play runs console lines ("$ cmd"; comments skipped) and returns the
// transcript for failure messages.
func play(l *lab.Lab, lines []string) string {
	var b strings.Builder
	for _, cmd := range lesson.Commands(lines) {
		cmd = lesson.Expand(cmd, l.MemberID) // as the page's Run buttons
		r := l.Exec(cmd)
		b.WriteString("$ " + cmd + "\n" + r.Stdout + r.Stderr)
		if r.Exit != 0 {
			b.WriteString("? " + strconv.Itoa(r.Exit) + "\n")
		}
	}
	return b.String()
}

func status(l *lab.Lab) string { return strings.Join(l.Lesson().StatusLines("en"), "\n") }

func TestLessons(t *testing.T) {
	for _, ls := range lesson.All() {
		t.Run(ls.ID, func(t *testing.T) {
			for _, seed := range seedsFor(ls) {
				t.Run(strconv.FormatInt(seed, 10), func(t *testing.T) {
					l := start(t, ls, seed)
					if got := l.Lesson().Step; got != 0 {
						t.Fatalf("after start %d steps are done:\n%s", got, status(l))
					}
					l.Run(60 * time.Second)
					if got := l.Lesson().Step; got != 0 {
						t.Fatalf("waiting 60 s completed %d steps:\n%s", got, status(l))
					}

					l = start(t, ls, seed)
					tr := play(l, ls.Solution())
					if !l.Lesson().Done() {
						t.Fatalf("the solution does not complete the lesson:\n%s\n%s", tr, status(l))
					}
					if err := l.Err(); err != nil {
						t.Fatal(err)
					}

					for i, alt := range ls.Tests.Alt {
						l := start(t, ls, seed)
						tr := play(l, alt)
						if !l.Lesson().Done() {
							t.Errorf("other way %d does not complete the lesson:\n%s\n%s", i+1, tr, status(l))
						}
					}
					for i, wrong := range ls.Tests.Wrong {
						l := start(t, ls, seed)
						tr := play(l, wrong)
						l.Run(10 * time.Second)
						if l.Lesson().Done() {
							t.Errorf("wrong action %d completes the lesson:\n%s", i+1, tr)
						}
					}
				})
			}
		})
	}
}

// TestReplay: a lesson's progress is rebuilt exactly by replaying the
// session (rewind, share links): after every command of the solution,
// Replay(options, journal, now) has the same steps done and checks passed.
func TestReplay(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("native only: replay is deterministic in wasm too (core/lab's trace-hash tests); this one is O(commands²)")
	}
	for _, ls := range lesson.All() {
		t.Run(ls.ID, func(t *testing.T) {
			l := lab.New(lab.Options{Seed: 1})
			if r := l.Exec("lesson start " + ls.ID); r.Exit != 0 {
				t.Fatal(r.Stderr)
			}
			opts, journalLen := l.Options(), 0
			for _, cmd := range lesson.Commands(ls.Solution()) {
				l.Exec(lesson.Expand(cmd, l.MemberID))
				if !l.Paused() {
					l.Run(50 * time.Millisecond) // as the page lets the clock run between commands
				}
				// The options the journal starts from: taken again whenever
				// the console replaced the cluster (the journal restarted).
				// l.Options() itself follows drop/dup/latency commands.
				if n := len(l.Journal()); n <= journalLen {
					opts = l.Options()
				}
				journalLen = len(l.Journal())
				rep := lab.Replay(opts, l.Journal(), l.Now())
				a, b := l.Lesson(), rep.Lesson()
				if b == nil || a.Step != b.Step || fmt.Sprint(a.Passed()) != fmt.Sprint(b.Passed()) {
					t.Fatalf("after %q: replay differs: %v %v vs %v", cmd, a.Step, a.Passed(), b)
				}
				if l.TraceHash() != rep.TraceHash() {
					t.Fatalf("after %q: the replayed cluster differs", cmd)
				}
			}
			if !l.Lesson().Done() {
				t.Fatalf("lesson start + solution does not complete:\n%s", status(l))
			}
			if got := l.Lesson().StatusLines("en"); got[len(got)-1] != fmt.Sprintf("lesson %s: %d/%d steps done", ls.ID, len(ls.Steps), len(ls.Steps)) {
				t.Fatalf("status last line %q", got[len(got)-1])
			}
		})
	}
}

// A lesson started later in a session, as on the page, still completes by
// its solution: the ID etcd gives an added member depends on the clock, so
// the solution names it ({id:node-4}) and it is filled in as each line runs
// (the page's Run buttons do the same). `lesson solution` shows the
// reference as it stands: a comment says where the ID comes from while the
// member does not exist yet, and the real ID once it does.
func TestSolutionLaterInSession(t *testing.T) {
	l := lab.New(lab.Options{Seed: 3})
	l.Run(6140 * time.Millisecond)
	if r := l.Exec("lesson start membership"); r.Exit != 0 {
		t.Fatal(r.Stderr)
	}
	before := l.Exec("lesson solution").Stdout
	if !strings.Contains(before, "member promote {id:node-4}") || !strings.Contains(before, "{id:node-4} is node-4's member ID") {
		t.Fatalf("lesson solution before node-4 exists:\n%s", before)
	}
	ls := lesson.Find("membership")
	tr := play(l, ls.Steps[0].Solution.In("en"))
	id, ok := l.MemberID("node-4")
	if !ok {
		t.Fatalf("node-4 has no ID after its step:\n%s", tr)
	}
	after := l.Exec("lesson solution").Stdout
	if want := "member promote " + strconv.FormatUint(id, 16); !strings.Contains(after, want) || strings.Contains(after, "{id:") {
		t.Fatalf("lesson solution once node-4 exists, want %q:\n%s", want, after)
	}
	for _, s := range ls.Steps[1:] {
		tr += play(l, s.Solution.In("en"))
	}
	if !l.Lesson().Done() {
		t.Fatalf("the solution does not complete membership started at 6.14 s:\n%s\n%s", tr, status(l))
	}
}

// `lesson solution` shows the comments in the console's language: every
// comment of every lesson in Korean under LANG=ko, in English otherwise.
func TestSolutionComments(t *testing.T) {
	for _, ls := range lesson.All() {
		l := lab.New(lab.Options{Seed: 1})
		if r := l.Exec("lesson start " + ls.ID); r.Exit != 0 {
			t.Fatal(r.Stderr)
		}
		en, ko := l.Exec("lesson solution").Stdout, l.Exec("LANG=ko lesson solution").Stdout
		for _, s := range ls.Steps {
			for _, line := range s.Solution {
				if line.Comment == nil {
					continue
				}
				if !strings.Contains(ko, "# "+line.Comment["ko"]+"\n") || !strings.Contains(en, "# "+line.Comment["en"]+"\n") {
					t.Errorf("%s: comment %v not shown in its language:\n%s\n%s", ls.ID, line.Comment, en, ko)
				}
				if strings.Contains(ko, "# "+line.Comment["en"]+"\n") {
					t.Errorf("%s: comment %q in English under LANG=ko", ls.ID, line.Comment["en"])
				}
				if line.Comment["ko"] == line.Comment["en"] {
					t.Errorf("%s: comment %q is not translated", ls.ID, line.Comment["en"])
				}
			}
		}
	}
}
