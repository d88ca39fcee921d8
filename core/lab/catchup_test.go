package lab_test

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// --experimental-snapshot-catchup-entries 0 is accepted and, as etcd
// 3.5.17's EtcdServer.start does ("updating snapshot catch-up entries to
// default"), replaced by the default 5000 at run time: with a snapshot every
// 4 entries, a follower that missed 5 still catches up from the leader's
// log. Observed on the real etcd 3.5.17 (3 members on loopback, member
// stopped, 40 puts, restarted): with 0 the leader's compactions keep index
// 1 and no snapshot is sent; with 5 it compacts to snapshot-5 and the
// follower gets the leader's snapshot. The explicit 0 stays on the command
// line as it was given (cluster show, export).
func TestCatchUpEntriesZeroIsEtcdsDefault(t *testing.T) {
	flags := func(extra string) []string {
		lines := etcdconf.DefaultLines(3)
		for i := range lines {
			lines[i] += " --snapshot-count 4" + extra
		}
		return lines
	}
	for _, c := range []struct {
		name     string
		new      func() *lab.Lab
		keep     uint64 // ClusterOptions().CatchUpEntries: as given (0), or etcd's default
		snapshot bool
	}{
		{"flag 0", fromFlags(t, flags(" --experimental-snapshot-catchup-entries 0")), 0, false},
		{"flag not set", fromFlags(t, flags("")), etcdconf.DefaultSnapshotCatchUpEntries, false},
		{"flag 1", fromFlags(t, flags(" --experimental-snapshot-catchup-entries 1")), 1, true},
		{"reset 0", resetWith("reset --snapshot-count 4 --experimental-snapshot-catchup-entries 0"), 0, false},
		{"reset 1", resetWith("reset --snapshot-count 4 --experimental-snapshot-catchup-entries 1"), 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := c.new()
			require.Equal(t, c.keep, l.ClusterOptions().CatchUpEntries)
			lead := runUntilLeader(t, l, 5*time.Second)
			var lagging string
			for _, n := range l.Names() {
				if n != lead {
					lagging = n
				}
			}
			var snaps int
			l.Observe(func(e lab.Event) {
				if e.Kind == lab.EventSend && e.Msg == lab.MsgSnap && e.Peer == lagging {
					snaps++
				}
			})
			run := func(line string) {
				r := l.Exec(line)
				require.Equal(t, 0, r.Exit, "%s: %s", line, r.Stderr)
			}
			run("kill " + lagging)
			for _, k := range []string{"a", "b", "c", "d", "e"} {
				run("etcdctl --endpoints=" + lead + " put " + k + " 1")
			}
			run("start " + lagging)
			run("wait 1s")
			r := l.Exec("etcdctl --endpoints=" + lagging + " get --consistency=s --prefix --keys-only ''")
			require.Equal(t, "a\n\nb\n\nc\n\nd\n\ne\n\n", r.Stdout, r.Stderr)
			require.Equal(t, c.snapshot, snaps > 0, "snapshots sent to %s: %d", lagging, snaps)
			require.NoError(t, l.Err())
		})
	}
}

func fromFlags(t *testing.T, lines []string) func() *lab.Lab {
	return func() *lab.Lab {
		l, err := lab.FromEtcdFlags(1, lines...)
		require.NoError(t, err)
		return l
	}
}

func resetWith(line string) func() *lab.Lab {
	return func() *lab.Lab {
		l := lab.New(lab.Options{Members: 3, Seed: 1})
		l.Exec(line)
		l.Run(time.Millisecond)
		return l
	}
}
