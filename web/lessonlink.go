package web

// Lessons in links: a deep link #lesson=<id> opens a lesson, and a share
// link taken during a lesson carries it (lesson, lstep, lpass, lres), so
// that it reopens at that moment.

import (
	"errors"
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/raftlab/raftlab/core/neturl"
)

// LessonLink returns the lesson a deep link (#lesson=<id>) names, or "".
func LessonLink(frag string) string {
	frag = strings.TrimPrefix(frag, "#")
	id, ok := strings.CutPrefix(frag, "lesson=")
	if !ok {
		return ""
	}
	if _, ok := lab.FindLesson(id); !ok {
		return ""
	}
	return id
}

// lessonState is the lesson part of a session's options.
type lessonState struct {
	ID     string
	Step   int
	Passed []int
	Resume bool
}

func lessonOf(o lab.Options) lessonState {
	return lessonState{ID: o.Lesson, Step: o.LessonStep, Passed: o.LessonPassed, Resume: o.LessonResume}
}

func (ls lessonState) apply(o lab.Options) lab.Options {
	o.Lesson, o.LessonStep, o.LessonPassed, o.LessonResume = ls.ID, ls.Step, ls.Passed, ls.Resume
	return o
}

func (ls lessonState) encode(v neturl.Values) {
	if ls.ID == "" {
		return
	}
	v.Set("lesson", ls.ID)
	if ls.Step > 0 {
		v.Set("lstep", strconv.Itoa(ls.Step))
	}
	if len(ls.Passed) > 0 {
		var p []string
		for _, i := range ls.Passed {
			p = append(p, strconv.Itoa(i))
		}
		v.Set("lpass", strings.Join(p, ","))
	}
	if ls.Resume {
		v.Set("lres", "1")
	}
}

// parseLesson reads a share link's lesson, treating it as hostile.
func parseLesson(v neturl.Values) (lessonState, error) {
	var ls lessonState
	id := v.Get("lesson")
	if id == "" {
		return ls, nil
	}
	l, ok := lab.FindLesson(id)
	if !ok {
		return ls, errors.New("the link names a lesson this page does not have")
	}
	ls.ID = id
	if s := v.Get("lstep"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > l.Steps {
			return ls, errors.New("the link's lesson step is out of range")
		}
		ls.Step = n
	}
	if s := v.Get("lpass"); s != "" {
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(f)
			if err != nil || n < 0 || n >= 64 || len(ls.Passed) >= 64 {
				return ls, errors.New("the link's lesson checks are out of range")
			}
			ls.Passed = append(ls.Passed, n)
		}
	}
	ls.Resume = v.Get("lres") == "1"
	return ls, nil
}
