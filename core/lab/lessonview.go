package lab

// The lessons as the page shows them: typed views in one language, so that
// the page reads lessons through the lab (core/lesson stays behind it) and
// acts only by console commands (`lesson start <id>`, `lesson hint`...).

import (
	"github.com/raftlab/raftlab/core/catalog"
	"github.com/raftlab/raftlab/core/lesson"
)

// LessonInfo is one lesson as a picker lists it.
type LessonInfo struct {
	ID string
	// Steps is how many steps it has (a share link's step is checked
	// against it).
	Steps int
	title lesson.Text
}

// Title is the lesson's title in lang.
func (i LessonInfo) Title(lang Lang) string { return i.title.In(lang.Code()) }

// Lessons lists every lesson, in order (none in a site build before
// UseLessons).
func Lessons() []LessonInfo {
	all := lesson.All()
	out := make([]LessonInfo, len(all))
	for i, ls := range all {
		out[i] = lessonInfo(ls)
	}
	return out
}

// FindLesson returns the lesson with id.
func FindLesson(id string) (LessonInfo, bool) {
	ls := lesson.Find(id)
	if ls == nil {
		return LessonInfo{}, false
	}
	return lessonInfo(ls), true
}

func lessonInfo(ls *lesson.Lesson) LessonInfo {
	return LessonInfo{ID: ls.ID, Steps: len(ls.Steps), title: ls.Title}
}

// UseLessons makes the lessons in bundle the lessons (core/lesson's
// UseBundle): the site's main.wasm carries none and gets them from
// lessons.json, fetched beside it.
func UseLessons(bundle []byte) error { return lesson.UseBundle(bundle) }

// UseCatalog makes bundle the message catalog (core/catalog's UseBundle):
// the site's main.wasm carries no catalog texts and gets them from
// catalog.json, fetched beside it.
func UseCatalog(bundle []byte) error { return catalog.UseBundle(bundle) }

// LessonProgress is the running lesson at this moment, in one language.
type LessonProgress struct {
	ID, Title string
	// Step is how many steps are done, of Steps; Done once all are.
	Step, Steps int
	Done        bool
	// Goal is the current step's goal ("" once done).
	Goal string
	// Intro is the intro pages' text; Demo the first page's one-click
	// command ("" if none).
	Intro, Demo string
	// Checks is the current step's checklist; Hints the hints unlocked.
	Checks []LessonCheck
	Hints  []string
	// Culprit is the label of the check that last restarted the step.
	Culprit string
	// Why explains the step passed last, citing Source ("" before one
	// passed).
	Why, Source string
	// Next is the following lesson's ID ("" after the last).
	Next string
}

// LessonCheck is one line of a step's checklist.
type LessonCheck struct {
	Label string
	// Passed latches once the check held; Never marks a check that must
	// never happen during the step.
	Passed, Never bool
}

// LessonProgress is the running lesson in lang, or nil in the free sandbox.
func (l *Lab) LessonProgress(lang Lang) *LessonProgress {
	r := l.Lesson()
	if r == nil {
		return nil
	}
	code, ls := lang.Code(), r.Lesson
	p := &LessonProgress{ID: ls.ID, Title: ls.Title.In(code), Step: r.Step, Steps: len(ls.Steps), Done: r.Done()}
	if !p.Done {
		p.Goal = ls.Steps[r.Step].Goal.In(code)
	}
	for i, pg := range ls.Intro {
		if i > 0 {
			p.Intro += " "
		}
		p.Intro += pg.Text.In(code)
		if p.Demo == "" {
			p.Demo = pg.Demo
		}
	}
	for _, c := range r.Checklist() {
		p.Checks = append(p.Checks, LessonCheck{Label: c.Label.In(code), Passed: c.Passed, Never: c.Never})
	}
	for _, h := range r.Hints() {
		p.Hints = append(p.Hints, h.In(code))
	}
	if c := r.Culprit(); c != nil {
		p.Culprit = c.In(code)
	}
	if r.Step > 0 {
		s := ls.Steps[r.Step-1]
		p.Why, p.Source = s.Explain.In(code), s.Source
	}
	if n := lesson.Next(ls.ID); n != nil {
		p.Next = n.ID
	}
	return p
}

// LessonSolution is the running lesson's reference solution as console
// commands (standard input joined), with the IDs of members added at run
// time filled in once known; nil in the free sandbox.
func (l *Lab) LessonSolution() []string {
	r := l.Lesson()
	if r == nil {
		return nil
	}
	cmds := lesson.Commands(r.Lesson.Solution())
	for i, cmd := range cmds {
		cmds[i] = lesson.Expand(cmd, l.MemberID)
	}
	return cmds
}
