package console

// Guided lessons (core/lesson) as console commands: the page's lesson panel
// issues these like every other button does.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/catalog"
	"github.com/raftlab/raftlab/core/lesson"
)

func (con *Console) lessonLang(c *Call) string {
	for _, e := range append(append([]string(nil), con.env...), c.env...) {
		k, v, _ := strings.Cut(e, "=")
		if (k == "LANG" || k == "LC_ALL" || k == "RAFTLAB_LANG") && strings.HasPrefix(v, "ko") {
			return "ko"
		}
	}
	return "en"
}

func (con *Console) cmdLesson(c *Call, args []string) int {
	lang := con.lessonLang(c)
	if len(args) == 0 {
		return usage(c, args)
	}
	run := con.m.Lesson()
	need := func() bool {
		if run == nil {
			fail(c, 1, "lesson: no lesson running (lesson list; lesson start <id>)")
			return false
		}
		return true
	}
	switch args[0] {
	case "list":
		for i, ls := range lesson.All() {
			mark := "[ ]"
			if con.m.LessonsDone()[ls.ID] {
				mark = "[x]"
			}
			if run != nil && run.Lesson.ID == ls.ID {
				mark = "[>]"
			}
			fmt.Fprintf(c.stdout, "%s %2d. %-22s %s\n", mark, i+1, ls.ID, ls.Title.In(lang))
		}
		return 0
	case "start":
		if len(args) < 2 {
			return usage(c, args)
		}
		ls := lesson.Find(args[1])
		if ls == nil {
			var ids []string
			for _, x := range lesson.All() {
				ids = append(ids, x.ID)
			}
			return fail(c, 1, "lesson: no lesson %q (lessons: %s)", args[1], strings.Join(ids, ", "))
		}
		seed, size := ls.Setup.Seed, 0
		for i := 2; i < len(args); i++ {
			k, v, hasV := strings.Cut(args[i], "=")
			if !hasV && i+1 < len(args) {
				i++
				v = args[i]
			}
			var err error
			switch k {
			case "--seed":
				seed, err = strconv.ParseInt(v, 10, 64)
			case "--size":
				size, err = strconv.Atoi(v)
				if err == nil && (size < 1 || size > 7) {
					err = fmt.Errorf("size must be 1..7")
				}
			default:
				return usage(c, args)
			}
			if err != nil {
				return fail(c, 2, "lesson: invalid value %q for %s: %v", v, k, err)
			}
		}
		con.m.StartLesson(ls.ID, seed, size)
		fmt.Fprintf(c.stdout, "lesson %s: %s\n", ls.ID, ls.Title.In(lang))
		for _, p := range ls.Intro {
			fmt.Fprintf(c.stdout, "\n%s\n", p.Text.In(lang))
			if p.Demo != "" {
				fmt.Fprintf(c.stdout, "  $ %s\n", p.Demo)
			}
		}
		fmt.Fprintf(c.stdout, "\nstep 1: %s\n", ls.Steps[0].Goal.In(lang))
		return 0
	case "status":
		if !need() {
			return 1
		}
		for _, line := range run.StatusLines(lang) {
			fmt.Fprintln(c.stdout, line)
		}
		return 0
	case "hint":
		if !need() {
			return 1
		}
		if run.Done() {
			fmt.Fprintln(c.stdout, "lesson done: no hints left")
			return 0
		}
		for i, h := range run.AskHint() {
			fmt.Fprintf(c.stdout, "hint %d: %s\n", i+1, h.In(lang))
		}
		if run.HintsLeft() == 0 {
			fmt.Fprintln(c.stdout, "(no more hints: `lesson solution` shows the solution)")
		}
		return 0
	case "solution":
		if !need() {
			return 1
		}
		run.SolutionShown = true
		for _, line := range run.Lesson.SolutionIn(lang) {
			line = lesson.Expand(line, con.m.MemberID)
			fmt.Fprintln(c.stdout, line)
			if name, ok := lesson.UnknownMember(line); ok {
				fmt.Fprintln(c.stdout, catalog.ParseLang(lang).Format("lesson.member-id", "ref", "{id:"+name+"}", "member", name))
			}
		}
		return 0
	case "stop":
		if !need() {
			return 1
		}
		con.m.StopLesson()
		fmt.Fprintf(c.stdout, "lesson %s stopped: free sandbox\n", run.Lesson.ID)
		return 0
	}
	return usage(c, args)
}
