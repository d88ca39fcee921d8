package lab_test

import (
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// The page reads lessons only through these views: the list, one lesson by
// ID, and the running lesson's progress in either language.
func TestLessonViews(t *testing.T) {
	ls := lab.Lessons()
	require.NotEmpty(t, ls)
	require.Equal(t, "replicated-store", ls[0].ID)
	info, ok := lab.FindLesson("replicated-store")
	require.True(t, ok)
	require.Equal(t, 4, info.Steps)
	require.Equal(t, "A replicated store: lose a member, lose nothing", info.Title(lab.English))
	require.Equal(t, "복제 저장소: 멤버를 잃어도 데이터는 잃지 않는다", info.Title(lab.Korean))
	_, ok = lab.FindLesson("nope")
	require.False(t, ok)

	l := lab.New(lab.Options{Members: 3, Seed: 1})
	require.Nil(t, l.LessonProgress(lab.English), "no lesson in the sandbox")
	require.Nil(t, l.LessonSolution())
	l.Exec("lesson start replicated-store")
	l.Run(100 * time.Millisecond)
	p := l.LessonProgress(lab.English)
	require.NotNil(t, p)
	require.Equal(t, "replicated-store", p.ID)
	require.Equal(t, 0, p.Step)
	require.Equal(t, 4, p.Steps)
	require.False(t, p.Done)
	require.Equal(t, "Write at least two keys.", p.Goal)
	require.Equal(t, "etcdctl endpoint status --cluster -w table", p.Demo)
	require.True(t, strings.HasPrefix(p.Intro, "etcd is a consistent"))
	require.Len(t, p.Checks, 2)
	require.False(t, p.Checks[0].Passed)
	require.Empty(t, p.Why)
	require.Equal(t, ls[1].ID, p.Next)
	require.Equal(t, []string{"etcdctl put greeting hello", "etcdctl put color blue"}, l.LessonSolution()[:2])

	l.Exec("etcdctl put a 1")
	l.Exec("etcdctl put b 2")
	l.Run(time.Second)
	p = l.LessonProgress(lab.Korean)
	require.Equal(t, 1, p.Step, "the first step passed")
	require.NotEmpty(t, p.Why)
	require.NotEmpty(t, p.Source)
	require.NotEqual(t, p.Goal, l.LessonProgress(lab.English).Goal, "Korean goal")
	l.Exec("lesson hint")
	require.NotEmpty(t, l.LessonProgress(lab.English).Hints)
	l.Exec("lesson stop")
	require.Nil(t, l.LessonProgress(lab.English))
}

// The page lists the console host's node files a learner edits; lab.Lang
// renders the catalog.
func TestEditableFilesAndText(t *testing.T) {
	k := lab.New(lab.Options{Topology: "stacked", ControlPlanes: 3})
	files := k.EditableFiles()
	require.Contains(t, files, "/etc/kubernetes/manifests/etcd.yaml")
	for _, f := range files {
		require.True(t, strings.HasPrefix(f, "/etc/kubernetes/manifests/") || strings.HasPrefix(f, "/etc/systemd/system/"), f)
	}
	require.Equal(t, lab.KubeStacked, k.Kube().View().Topology)
	require.Empty(t, lab.New(lab.Options{Members: 3}).EditableFiles())
	require.Equal(t, "node-1 follows node-3 in term 2", lab.English.Format("ev.follow", "member", "node-1", "peer", "node-3", "term", "2"))
	require.True(t, lab.Korean.Has("Lessons"))
	require.NotEqual(t, lab.English.Text("Lessons"), lab.Korean.Text("Lessons"))
}
