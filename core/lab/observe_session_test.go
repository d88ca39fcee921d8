package lab_test

import (
	"slices"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/raftlab/raftlab/core/lesson"
	"github.com/stretchr/testify/require"
)

// An observer belongs to the session: it keeps observing across everything
// that replaces the cluster inside the lab (reset, cluster from-flags,
// lesson start, a restore on a new data dir) and sees every event once, on
// one timeline (a lesson's cluster starts at the session's clock).
// A lesson started under it observes too, from the lab its setup built:
// that observer joins the session's and the lesson still sees its events.
func TestObserveAcrossReplacedClusters(t *testing.T) {
	l := lab.New(lab.Options{Members: 3, Seed: 2})
	var rec recorder
	cancel := l.Observe(rec.add)
	solo := "etcd --name solo --initial-advertise-peer-urls http://192.168.0.10:2380 " +
		"--listen-peer-urls http://192.168.0.10:2380 --listen-client-urls http://192.168.0.10:2379 " +
		"--advertise-client-urls http://192.168.0.10:2379 --initial-cluster solo=http://192.168.0.10:2380"
	tls := "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key"
	commands := 0
	election := lesson.Find("election")
	for _, phase := range []struct {
		name  string
		lines []string
		at    int // the line that replaces the cluster
	}{
		{"reset", []string{"wait leader", "reset --size 5 --seed 4", "wait leader"}, 1},
		{"cluster from-flags", []string{"cluster from-flags\n" + solo, "wait leader"}, 0},
		// The lesson's observer, registered on the lab its setup built,
		// goes on across a cluster the learner builds in its middle.
		{"lesson start", slices.Concat([]string{"lesson start election"}, lesson.Commands(election.Steps[0].Solution.In("en")),
			[]string{"cluster tls", "wait leader"}, lesson.Commands(election.Steps[1].Solution.In("en"))), 0},
		{"restore", []string{"reset --topology stacked --control-planes 1", "wait 12s",
			"kubectl create configmap before-backup",
			"etcdctl --endpoints=https://127.0.0.1:2379 " + tls + " snapshot save /opt/snapshot.db",
			"kubectl create configmap after-backup",
			"etcdutl --data-dir /var/lib/etcd-from-backup snapshot restore /opt/snapshot.db",
			"sed -i 's|path: /var/lib/etcd$|path: /var/lib/etcd-from-backup|' /etc/kubernetes/manifests/etcd.yaml",
			"wait 30s"}, 6},
	} {
		var replaced time.Duration
		for i, line := range phase.lines {
			if i == phase.at {
				replaced = l.Now()
			}
			l.Exec(line)
			commands++
		}
		_, ok := rec.find(func(e lab.Event) bool {
			return e.Kind == lab.EventRole && e.Role == lab.RoleLeader && e.At > replaced && slices.Contains(l.Names(), e.Member)
		})
		require.True(t, ok, "%s: the observer sees the new cluster elect a leader", phase.name)
		require.Equal(t, commands, rec.count(func(e lab.Event) bool { return e.Kind == lab.EventCommandFinished }),
			"%s: every command once", phase.name)
		if phase.name == "lesson start" {
			require.True(t, l.Lesson().Done(), "the lesson saw the events it checks (its observer was not dropped)")
		}
	}
	for i := 1; i < len(rec.evs); i++ {
		require.LessOrEqual(t, rec.evs[i-1].At, rec.evs[i].At, "one timeline: %v after %v", rec.evs[i], rec.evs[i-1])
	}
	_, ok := rec.find(func(e lab.Event) bool { return e.Member == "solo" })
	require.True(t, ok)
	require.Equal(t, "configmap/before-backup\n", l.Exec("kubectl get cm -o name").Stdout, "restored: after-backup is gone")

	cancel()
	n := len(rec.evs)
	l.Exec("kill cp-1")
	l.Run(time.Second)
	require.Len(t, rec.evs, n, "cancel holds after the observers were handed on")
}
