package web

// The lesson panel's logic (lesson-panel.vugu): it reads the running
// lesson as typed data (the lab's LessonProgress, built once a build) and
// acts only by issuing `lesson ...` console commands, like every other
// button.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/lab"
)

const (
	lessonsDoneKey = "raftlab.lessons.done"
	lessonsSeenKey = "raftlab.lessons.seen"
)

// run is the lesson the console is playing, or nil, as this build shows
// it.
func (c *LessonPanel) run() *lab.LessonProgress { return c.progressNow }

// BeforeBuild takes the running lesson's progress for this build, and
// records progress (localStorage) and the first visit.
func (c *LessonPanel) BeforeBuild() {
	c.progressNow = c.R.S.Lab.LessonProgress(c.R.Lang)
	if !c.loaded {
		c.loaded = true
		c.Done = map[string]bool{}
		if st := storage(); st.Truthy() {
			if v := st.Call("getItem", lessonsDoneKey); v.Truthy() {
				for _, id := range strings.Split(v.String(), ",") {
					if _, ok := lab.FindLesson(id); ok {
						c.Done[id] = true
					}
				}
			}
			c.Offer = !st.Call("getItem", lessonsSeenKey).Truthy() && c.run() == nil
		}
		for id := range c.Done {
			c.R.S.Lab.MarkLessonDone(id)
		}
	}
	if r := c.run(); r != nil && r.Done && !c.Done[r.ID] {
		c.Done[r.ID] = true
		c.save()
	}
	if c.run() != nil && c.Offer {
		c.dismiss()
	}
}

func (c *LessonPanel) save() {
	st := storage()
	if !st.Truthy() {
		return
	}
	ids := make([]string, 0, len(c.Done))
	for id := range c.Done {
		ids = append(ids, id)
	}
	// Sorted through pointers: the page's one pdqsort over pointers
	// (core/internal/ptrsort's), no []string sort of its own.
	ps := make([]*string, len(ids))
	for i := range ids {
		ps[i] = &ids[i]
	}
	slices.SortFunc(ps, func(a, b *string) int { return strings.Compare(*a, *b) })
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(*p)
	}
	st.Call("setItem", lessonsDoneKey, b.String())
}

// dismiss closes the first-visit offer for good.
func (c *LessonPanel) dismiss() {
	c.Offer = false
	if st := storage(); st.Truthy() {
		st.Call("setItem", lessonsSeenKey, "1")
	}
}

// Issue runs a console command, as typed.
func (c *LessonPanel) Issue(line string) { c.R.S.Issue(line) }

// StartLesson starts a lesson (the picker's Start, Next, Reset).
func (c *LessonPanel) StartLesson(id string) {
	if id == "" {
		return
	}
	c.dismiss()
	c.ShowSolution = false
	c.Issue("lesson start " + id)
}

func (c *LessonPanel) lessons() []lab.LessonInfo { return lab.Lessons() }

func (c *LessonPanel) pick() string {
	if c.Pick != "" {
		return c.Pick
	}
	ls := lab.Lessons()
	for _, l := range ls {
		if !c.Done[l.ID] {
			return l.ID
		}
	}
	if len(ls) > 0 {
		return ls[0].ID
	}
	return "" // no lessons: the site's lessons.json did not load
}

func (c *LessonPanel) optionLabel(i int, ls lab.LessonInfo) string {
	mark := "  "
	if c.Done[ls.ID] {
		mark = "✓ "
	}
	return mark + strconv.Itoa(i+1) + ". " + ls.Title(c.R.Lang)
}

func (c *LessonPanel) progress() string {
	n, ls := 0, lab.Lessons()
	for _, l := range ls {
		if c.Done[l.ID] {
			n++
		}
	}
	return strconv.Itoa(n) + "/" + strconv.Itoa(len(ls)) + " " + c.R.t("done")
}

func (c *LessonPanel) title() string { return c.run().Title }

func (c *LessonPanel) stepLabel() string {
	r := c.run()
	return strconv.Itoa(r.Step) + "/" + strconv.Itoa(r.Steps) + " " + c.R.t("steps done")
}

func (c *LessonPanel) goal() string {
	r := c.run()
	if r.Done {
		return c.R.t("Lesson done!")
	}
	return c.R.t("Step") + " " + strconv.Itoa(r.Step+1) + ": " + r.Goal
}

// checkRow is one checklist line.
type checkRow struct {
	_                  noEqual
	Label, Class, Mark string
}

func (c *LessonPanel) checks() []checkRow {
	var out []checkRow
	for _, ck := range c.run().Checks {
		row := checkRow{Label: ck.Label, Class: "todo", Mark: "○"}
		switch {
		case ck.Never:
			row.Class, row.Mark = "never", "⊘"
		case ck.Passed:
			row.Class, row.Mark = "passed", "✓"
		}
		out = append(out, row)
	}
	return out
}

func (c *LessonPanel) hints() []string { return c.run().Hints }

func (c *LessonPanel) culprit() string {
	if t := c.run().Culprit; t != "" {
		return c.R.t("The lesson restarted its step:") + " " + t
	}
	return ""
}

// why is the explanation of the step that passed last.
func (c *LessonPanel) why() string {
	r := c.run()
	if r.Step == 0 {
		return ""
	}
	return r.Why + " (" + r.Source + ")"
}

// demo is the first intro page's demo command.
func (c *LessonPanel) demo() string { return c.run().Demo }

func (c *LessonPanel) intro() string { return c.run().Intro }

// solution lines as console commands (stdin joined), shown once asked;
// member IDs known by now are filled in.
func (c *LessonPanel) solution() []string { return c.R.S.Lab.LessonSolution() }

func (c *LessonPanel) ToggleSolution() {
	c.ShowSolution = !c.ShowSolution
	if c.ShowSolution {
		c.Issue("lesson solution")
	}
}

func (c *LessonPanel) next() string {
	return c.run().Next
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (c *LessonPanel) runID() string {
	if r := c.run(); r != nil {
		return r.ID
	}
	return ""
}

func (c *LessonPanel) runStep() string {
	if r := c.run(); r != nil {
		return strconv.Itoa(r.Step)
	}
	return ""
}

func (c *LessonPanel) solutionLabel() string {
	if c.ShowSolution {
		return c.R.t("Hide solution")
	}
	return c.R.t("Show solution")
}
