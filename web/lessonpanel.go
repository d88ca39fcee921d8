package web

// The lesson panel's logic (lesson-panel.vugu): it reads the running
// lesson as typed data (core/lesson via the lab) and acts only by issuing
// `lesson ...` console commands, like every other button.

import (
	"sort"
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/lesson"
)

const (
	lessonsDoneKey = "raftlab.lessons.done"
	lessonsSeenKey = "raftlab.lessons.seen"
)

// lessonLang is the lesson texts' language code.
func (c *LessonPanel) lang() string { return c.R.langCode() }

func (c *LessonPanel) t(key string) string { return c.R.t(key) }

// run is the lesson the console is playing, or nil.
func (c *LessonPanel) run() *lesson.Run { return c.R.S.Lab.Lesson() }

// BeforeBuild records progress (localStorage) and the first visit.
func (c *LessonPanel) BeforeBuild() {
	if !c.loaded {
		c.loaded = true
		c.Done = map[string]bool{}
		if st := storage(); st.Truthy() {
			if v := st.Call("getItem", lessonsDoneKey); v.Truthy() {
				for _, id := range strings.Split(v.String(), ",") {
					if lesson.Find(id) != nil {
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
	if r := c.run(); r != nil && r.Done() && !c.Done[r.Lesson.ID] {
		c.Done[r.Lesson.ID] = true
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
	sort.Strings(ids)
	st.Call("setItem", lessonsDoneKey, strings.Join(ids, ","))
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

func (c *LessonPanel) lessons() []*lesson.Lesson { return lesson.All() }

func (c *LessonPanel) pick() string {
	if c.Pick != "" {
		return c.Pick
	}
	for _, ls := range lesson.All() {
		if !c.Done[ls.ID] {
			return ls.ID
		}
	}
	if ls := lesson.All(); len(ls) > 0 {
		return ls[0].ID
	}
	return "" // no lessons: the site's lessons.json did not load
}

func (c *LessonPanel) optionLabel(i int, ls *lesson.Lesson) string {
	mark := "  "
	if c.Done[ls.ID] {
		mark = "✓ "
	}
	return mark + strconv.Itoa(i+1) + ". " + ls.Title.In(c.lang())
}

func (c *LessonPanel) progress() string {
	n := 0
	for _, ls := range lesson.All() {
		if c.Done[ls.ID] {
			n++
		}
	}
	return strconv.Itoa(n) + "/" + strconv.Itoa(len(lesson.All())) + " " + c.t("done")
}

func (c *LessonPanel) title() string { return c.run().Lesson.Title.In(c.lang()) }

func (c *LessonPanel) stepLabel() string {
	r := c.run()
	return strconv.Itoa(r.Step) + "/" + strconv.Itoa(len(r.Lesson.Steps)) + " " + c.t("steps done")
}

func (c *LessonPanel) goal() string {
	r := c.run()
	if r.Done() {
		return c.t("Lesson done!")
	}
	return c.t("Step") + " " + strconv.Itoa(r.Step+1) + ": " + r.Lesson.Steps[r.Step].Goal.In(c.lang())
}

// checkRow is one checklist line.
type checkRow struct {
	Label, Class, Mark string
}

func (c *LessonPanel) checks() []checkRow {
	var out []checkRow
	for _, ck := range c.run().Checklist() {
		row := checkRow{Label: ck.Label.In(c.lang()), Class: "todo", Mark: "○"}
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

func (c *LessonPanel) hints() []string {
	var out []string
	for _, h := range c.run().Hints() {
		out = append(out, h.In(c.lang()))
	}
	return out
}

func (c *LessonPanel) culprit() string {
	if t := c.run().Culprit(); t != nil {
		return c.t("The lesson restarted its step:") + " " + t.In(c.lang())
	}
	return ""
}

// why is the explanation of the step that passed last.
func (c *LessonPanel) why() string {
	r := c.run()
	if r.Step == 0 {
		return ""
	}
	s := r.Lesson.Steps[r.Step-1]
	return s.Explain.In(c.lang()) + " (" + s.Source + ")"
}

// demo is the first intro page's demo command.
func (c *LessonPanel) demo() string {
	for _, p := range c.run().Lesson.Intro {
		if p.Demo != "" {
			return p.Demo
		}
	}
	return ""
}

func (c *LessonPanel) intro() string {
	var parts []string
	for _, p := range c.run().Lesson.Intro {
		parts = append(parts, p.Text.In(c.lang()))
	}
	return strings.Join(parts, " ")
}

// solution lines as console commands (stdin joined), shown once asked;
// member IDs known by now are filled in (lesson.Expand).
func (c *LessonPanel) solution() []string {
	cmds := lesson.Commands(c.run().Lesson.Solution())
	for i, cmd := range cmds {
		cmds[i] = lesson.Expand(cmd, c.R.S.Lab.MemberID)
	}
	return cmds
}

func (c *LessonPanel) ToggleSolution() {
	c.ShowSolution = !c.ShowSolution
	if c.ShowSolution {
		c.Issue("lesson solution")
	}
}

func (c *LessonPanel) next() string {
	if n := lesson.Next(c.run().Lesson.ID); n != nil {
		return n.ID
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (c *LessonPanel) runID() string {
	if r := c.run(); r != nil {
		return r.Lesson.ID
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
		return c.t("Hide solution")
	}
	return c.t("Show solution")
}
