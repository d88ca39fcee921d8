package lab

import (
	"strconv"

	"github.com/raftlab/raftlab/core/internal/cputime"
	"testing"
	"time"
)

// The lesson budget: evaluating all checks of a step costs at most 0.5 ms
// per frame with 7 members under writes. A frame is 16 ms of virtual time
// at speed 1; the lesson grid evaluates every 10 ms, so a frame holds up to
// two evaluations plus the events it translates.

func lessonLab7(b *testing.B, lesson string) *Lab {
	l := New(Options{Lesson: lesson, Members: 7, Seed: 1})
	if lesson != "" && l.Lesson() == nil {
		b.Fatal("no lesson")
	}
	l.Exec("wait leader")
	return l
}

// BenchmarkLessonEval is one evaluation of the current step's checks
// (quorum, 7 members, writes in flight).
func BenchmarkLessonEval(b *testing.B) {
	l := lessonLab7(b, "quorum")
	for i := 0; i < 20; i++ {
		l.Submit("etcdctl put k" + strconv.Itoa(i) + " v")
	}
	l.Run(5 * time.Millisecond)
	g := l.lesson
	b.ReportAllocs()
	cpu := cputime.Now()
	for b.Loop() {
		g.eval()
	}
	b.ReportMetric(float64(cputime.Since(cpu).Nanoseconds())/float64(b.N), "cpu-ns/eval")
}

// BenchmarkLessonFrame runs 16 ms frames of the same 7-member cluster
// under writes, with the lesson running and stopped: the difference is the
// lesson's cost per frame (evaluations, event translation, command feed).
func BenchmarkLessonFrame(b *testing.B) {
	for _, stop := range []bool{true, false} {
		name := "lesson-running"
		if stop {
			name = "lesson-stopped"
		}
		b.Run(name, func(b *testing.B) {
			l := lessonLab7(b, "quorum")
			if stop {
				l.Exec("lesson stop")
			}
			i := 0
			b.ReportAllocs()
			cpu := cputime.Now()
			for b.Loop() {
				i++
				l.Submit("etcdctl put k" + strconv.Itoa(i%50) + " v")
				l.Run(16 * time.Millisecond)
			}
			b.ReportMetric(float64(cputime.Since(cpu).Nanoseconds())/float64(b.N), "cpu-ns/frame")
		})
	}
}
