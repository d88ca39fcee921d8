// Package lesson is raftlab's guided-lesson engine: lessons as data files,
// a closed set of typed checks evaluated on the deterministic session, hints
// in tiers and a reference solution per lesson. It knows nothing of the
// console or the page: the console feeds it commands, events and a View of
// the cluster, and renders what it reports.
package lesson

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/jsonw"
)

// Langs are the languages every text must have.
var Langs = []string{"en", "ko"}

// Text is one text in every language, keyed by language code.
type Text map[string]string

// In returns the text in lang, falling back to English.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t["en"]
}

// Lesson is one lesson as its data file describes it.
type Lesson struct {
	ID    string `json:"id"`
	Order int    `json:"order"`
	Title Text   `json:"title"`
	// Concept names the source note's concept (S1..S8) or topic.
	Concept string `json:"concept,omitempty"`
	Setup   Setup  `json:"setup"`
	Intro   []Page `json:"intro"`
	Steps   []Step `json:"steps"`
	// Tests are other valid ways (each must complete the lesson from its
	// start) and plausible wrong actions (none may), as console lines.
	Tests Tests `json:"tests"`
}

// Tests are a lesson's own test cases beside its reference solution.
type Tests struct {
	Alt   [][]string `json:"alt"`
	Wrong [][]string `json:"wrong"`
}

// Setup is the lab a lesson starts from.
type Setup struct {
	Members int `json:"members"`
	// Seed is the default seed; Seeds are those the tests run.
	Seed  int64   `json:"seed"`
	Seeds []int64 `json:"seeds,omitempty"`
	// HeartbeatMS and ElectionMS are etcd's --heartbeat-interval and
	// --election-timeout (zero: etcd's defaults).
	HeartbeatMS int  `json:"heartbeat_ms,omitempty"`
	ElectionMS  int  `json:"election_ms,omitempty"`
	NoPreVote   bool `json:"no_pre_vote,omitempty"`
	// UntilMS, when set, runs the clock after the script up to this virtual
	// time, so the lesson begins at the same instant for every seed (IDs
	// etcd derives from the time then match the reference solution).
	UntilMS int `json:"until_ms,omitempty"`
	// Script runs silently, in the console's language, before step 1.
	Script []string `json:"script,omitempty"`
	// Topology ("external" or "stacked") puts a Kubernetes control plane
	// around the cluster, with ControlPlanes cp nodes (core/kube).
	Topology      string `json:"topology,omitempty"`
	ControlPlanes int    `json:"control_planes,omitempty"`
}

// Page is one intro page; Demo is a console command the learner can run
// with one click.
type Page struct {
	Text Text   `json:"text"`
	Demo string `json:"demo,omitempty"`
}

// Step is one goal with the checks that decide it.
type Step struct {
	Goal   Text    `json:"goal"`
	Checks []Check `json:"checks"`
	Hints  []Hint  `json:"hints"`
	// Solution is console lines: "$ command" or a comment in every
	// language; "< line" is standard input for the command before (as in
	// the scenario scripts).
	Solution Lines `json:"solution"`
	// Explain says why etcd behaved so; Source cites the etcd 3.5 docs page
	// or the Raft paper/dissertation section.
	Explain Text   `json:"explain"`
	Source  string `json:"source"`
}

// Line is one solution line. In the data file a command or standard input
// is a string ("$ command", "< line") and a comment, which the learner reads,
// is a Text ({"en": ..., "ko": ...}) like every other text.
type Line struct {
	Console string
	Comment Text
}

// In is the line as the console shows it: a comment as "# text" in lang.
func (l Line) In(lang string) string {
	if l.Comment != nil {
		return "# " + l.Comment.In(lang)
	}
	return l.Console
}

// Lines are a step's solution lines.
type Lines []Line

// In returns the lines as the console shows them, comments in lang.
func (ls Lines) In(lang string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.In(lang)
	}
	return out
}

// Hint is one tier. It unlocks after After failed attempts in the step,
// after AfterSec seconds of virtual time in the step, or when a command's
// output contains OnError; a hint with none of these unlocks when asked.
type Hint struct {
	Text     Text    `json:"text"`
	After    int     `json:"after,omitempty"`
	AfterSec float64 `json:"after_s,omitempty"`
	OnError  string  `json:"on_error,omitempty"`
}

// builtin loads the built-in lesson files: compiled in (lessons_embed.go)
// everywhere but the site's main.wasm, which gets them from the page as one
// data file (UseBundle). A function, so that the site build does not link
// Load's file-system walk (fs.Glob, ReadDir, path.Match).
var builtin func() ([]*Lesson, error)

// Load reads every *.json lesson in fsys, ordered by Order then ID, and
// validates them.
func Load(fsys fs.FS) ([]*Lesson, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	return load(names, func(n string) ([]byte, error) { return fs.ReadFile(fsys, n) })
}

// load decodes and validates the named lesson files in order, then sorts
// them by Order then ID.
func load(names []string, read func(string) ([]byte, error)) ([]*Lesson, error) {
	var out []*Lesson
	for _, n := range names {
		b, err := read(n)
		if err != nil {
			return nil, err
		}
		var ls Lesson
		if err := jsonw.DecodeFirst(b, &ls, true); err != nil {
			return nil, fmt.Errorf("%s: %v", n, err)
		}
		if err := ls.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %v", n, err)
		}
		out = append(out, &ls)
	}
	ptrsort.StableFunc(out, func(a, b **Lesson) int {
		if c := cmp.Compare((*a).Order, (*b).Order); c != 0 {
			return c
		}
		return strings.Compare((*a).ID, (*b).ID)
	})
	return out, nil
}

// UseBundle makes the lessons in b the built-in ones. b is a bundle of
// lesson files, {"<file name>": <lesson>, ...}, as site.mk writes
// dist/lessons.json: the page fetches it beside main.wasm rather than
// carrying ~140 kB of lesson texts in the binary.
func UseBundle(b []byte) error {
	var files bundle
	if err := jsonw.Unmarshal(b, &files); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	ptrsort.Strings(names)
	ls, err := load(names, func(n string) ([]byte, error) { return files[n], nil })
	if err != nil {
		return err
	}
	all = ls
	return nil
}

var all []*Lesson

// All returns the built-in lessons in order (none in a site build before
// UseBundle).
func All() []*Lesson {
	if all == nil && builtin != nil {
		ls, err := builtin()
		if err != nil {
			panic("lesson: built-in lessons: " + err.Error())
		}
		all = ls
	}
	return all
}

// Find returns the built-in lesson with id, or nil.
func Find(id string) *Lesson {
	for _, l := range All() {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// Next returns the lesson after id, or nil.
func Next(id string) *Lesson {
	ls := All()
	for i, l := range ls {
		if l.ID == id && i+1 < len(ls) {
			return ls[i+1]
		}
	}
	return nil
}

// Commands joins solution lines into console commands: each "$ " line
// with the "< " lines after it as its standard input; comments dropped.
func Commands(lines []string) []string {
	var out []string
	for _, line := range lines {
		switch {
		case strings.HasPrefix(line, "$ "):
			out = append(out, strings.TrimPrefix(line, "$ "))
		case strings.HasPrefix(line, "< ") && len(out) > 0:
			out[len(out)-1] += "\n" + strings.TrimPrefix(line, "< ")
		}
	}
	return out
}

// A solution line names a member's ID as {id:NAME}: etcd derives the ID of
// a member added at run time from the clock (NewMember in etcd's
// membership package), so a reference solution can only name it. Expand
// fills it in from the running cluster when the line is shown or run;
// a reference to a member not (yet) known stays as it is.
func Expand(line string, memberID func(name string) (uint64, bool)) string {
	const open = "{id:"
	var b strings.Builder
	for {
		i := strings.Index(line, open)
		if i < 0 {
			break
		}
		j := strings.IndexByte(line[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(line[:i])
		ref := line[i : i+j+1]
		if id, ok := memberID(ref[len(open) : len(ref)-1]); ok {
			b.WriteString(strconv.FormatUint(id, 16))
		} else {
			b.WriteString(ref)
		}
		line = line[i+j+1:]
	}
	b.WriteString(line)
	return b.String()
}

// UnknownMember is the name in the first {id:NAME} Expand left in line.
func UnknownMember(line string) (string, bool) {
	_, ref, ok := strings.Cut(line, "{id:")
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(ref, "}")
	return name, ok
}

// Solution is the lesson's reference solution: every step's lines, with
// comments in English.
func (ls *Lesson) Solution() []string { return ls.SolutionIn("en") }

// SolutionIn is the reference solution with comments ("# text") in lang.
func (ls *Lesson) SolutionIn(lang string) []string {
	var out []string
	for _, s := range ls.Steps {
		out = append(out, s.Solution.In(lang)...)
	}
	return out
}

// Validate checks that every text has every language, every check a label
// and a known kind, every step hints and a solution.
func (ls *Lesson) Validate() error {
	var errs []string
	add := func(parts ...string) { errs = append(errs, strings.Join(parts, "")) }
	text := func(where string, t Text) {
		for _, lang := range Langs {
			if strings.TrimSpace(t[lang]) == "" {
				add(where, ": no ", lang, " text")
			}
		}
	}
	if ls.ID == "" {
		add("no id")
	}
	text("title", ls.Title)
	if len(ls.Intro) == 0 {
		add("no intro")
	}
	for i, p := range ls.Intro {
		text("intro "+strconv.Itoa(i+1), p.Text)
	}
	if len(ls.Steps) == 0 {
		add("no steps")
	}
	if len(ls.Tests.Alt) == 0 || len(ls.Tests.Wrong) == 0 {
		add("tests need an alternative way and a wrong action")
	}
	for i, s := range ls.Steps {
		where := "step " + strconv.Itoa(i+1)
		text(where+" goal", s.Goal)
		text(where+" explain", s.Explain)
		for _, missing := range [...]struct {
			none bool
			what string
		}{{s.Source == "", "source"}, {len(s.Hints) == 0, "hints"}} {
			if missing.none {
				add(where, ": no ", missing.what)
			}
		}
		for j, h := range s.Hints {
			text(where+" hint "+strconv.Itoa(j+1), h.Text)
		}
		if len(s.Solution) == 0 {
			add(where, ": no solution")
		}
		for j, line := range s.Solution {
			switch {
			case line.Comment != nil:
				text(where+" solution line "+strconv.Itoa(j+1)+" comment", line.Comment)
			case strings.HasPrefix(line.Console, "#"):
				// A comment is read by the learner: it needs every language.
				add(where, ": solution line ", strconv.Quote(line.Console), ": a comment is an object with every language")
			case !strings.HasPrefix(line.Console, "$ ") && !strings.HasPrefix(line.Console, "< "):
				add(where, ": solution line ", strconv.Quote(line.Console), " is neither '$ command', '< input' nor a comment")
			}
		}
		positive := 0
		ids := map[string]bool{}
		for j := range s.Checks {
			c := &s.Checks[j]
			cw := where + " check " + strconv.Itoa(j+1) + " (" + c.ID + ")"
			if c.ID == "" || ids[c.ID] {
				add(cw, ": missing or repeated id")
			}
			ids[c.ID] = true
			text(cw+" label", c.Label)
			if err := c.validate(); err != nil {
				add(cw, ": ", err.Error())
			}
			if !c.Never {
				positive++
			}
		}
		for j := range s.Checks {
			c := &s.Checks[j]
			for _, ref := range append([]string{c.After}, c.With...) {
				if ref != "" && !ids[ref] {
					add(where, " check ", c.ID, ": refers to unknown check ", strconv.Quote(ref))
				}
			}
		}
		if positive == 0 {
			add(where, ": no positive check")
		}
	}
	if len(errs) > 0 {
		return errors.New("lesson " + ls.ID + ": " + strings.Join(errs, "; "))
	}
	return nil
}

// parseDur parses a check's duration ("2s", "500ms").
func parseDur(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return time.ParseDuration(s)
}
