package lab

// The console's way in: Exec and Submit run console commands (core/console)
// against this lab, which the console drives through machine.

import (
	"fmt"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/console"
	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/kube"
	"github.com/raftlab/raftlab/core/lesson"
	"github.com/raftlab/raftlab/core/raft"
)

type (
	// Result is what a command printed and its exit code.
	Result = console.Result
	// Call is a command in progress (see console.Call).
	Call = console.Call
	// JournalEntry is one console command and the virtual time it was
	// issued. A lab's options and its journal reproduce its whole history.
	JournalEntry = console.JournalEntry
)

// MaxExec bounds how much virtual time Exec runs a command that does not
// finish by itself (a watch, a keep-alive); it is stopped then.
const MaxExec = console.MaxExec

// Exec's other bounds: a command that takes more simulated events or more
// real time than these is stopped (as with Ctrl-C, and journaled so that a
// replay stops it at the same virtual time) with a message saying which
// bound it hit; the cluster goes on. The event bound is far above any
// command's need at etcd's timing limits (a 1-hour wait of a default
// cluster is about 250,000 events; a minute of seven members at etcd's fastest timing, 1 ms heartbeats, about 1,100,000, and is stopped).
const (
	MaxExecEvents = 1_000_000
	MaxExecReal   = 30 * time.Second
)

// realClock is the only use of the wall clock in the core: it bounds how
// long Exec runs a command, and what it does then is journaled.
var realClock = time.Now

// Epoch is the virtual wall clock at time zero: lease IDs, log lines and
// snapshot files are stamped from it, never from the real clock.
var Epoch = etcdserver.Epoch

// Exec runs a console command to its end, advancing virtual time as long as
// it takes, bounded by MaxExec of virtual time, MaxExecEvents and
// MaxExecReal: past one, the command is stopped with a message saying which
// (journaled like Ctrl-C, so a replay stops it at the same time). Lines after the first are the command's standard input
// (etcdctl txn reads its body there).
func (l *Lab) Exec(line string) Result {
	c := l.Submit(line)
	deadline := l.Now() + MaxExec
	var n uint64 // events run for this command
	began := realClock()
	for i := 1; !c.Done() && l.Now() < deadline && l.w.Err() == nil; i++ {
		at, ok := l.w.NextEventAt()
		if !ok || at > deadline {
			break
		}
		// Counted on the world that ran them: a reset replaces it.
		w, before := l.w, l.w.Steps()
		l.runWorld(w, at)
		if n += w.Steps() - before; n > MaxExecEvents {
			c.Abort(fmt.Sprintf("raftlab: stopped after %d simulated events (%v of virtual time), the most one command may take; the cluster goes on", n, l.Now()-c.Start()))
		} else if i%64 == 0 && realClock().Sub(began) > MaxExecReal {
			c.Abort(fmt.Sprintf("raftlab: stopped after %v of real time (%v of virtual time), the most one command may take; the cluster goes on", MaxExecReal, l.Now()-c.Start()))
		}
	}
	if !c.Done() && l.w.Err() == nil {
		// Past MaxExec: Exec does not wait longer for a command that does
		// not end by itself (a watch in the foreground, a long wait).
		c.Abort(fmt.Sprintf("raftlab: stopped after %v of virtual time, the most one command may run here (end it with & to keep it running in the background)", MaxExec))
	}
	// Finish every event of this instant, so that what follows happens
	// after it, exactly as a replay will do it.
	l.runUntil(l.Now())
	return c.Result()
}

// Submit starts a console command without advancing time; the clock moves
// with Run or Exec. The returned call grows its output as it runs.
func (l *Lab) Submit(line string) *Call {
	c := l.con.Submit(line)
	l.hear() // its start, and what it did before it first waited
	return c
}

// Close stops every command still running (background jobs, watches, the
// control plane's API servers' calls) without journaling it. Call it on a
// lab that is being dropped (a rewind builds a new lab by Replay): each
// running command parks a coroutine, whose goroutine keeps the whole lab
// alive otherwise. A closed lab can still be read.
func (l *Lab) Close() {
	l.con.Close()
	l.hear()
}

// Journal returns every console command issued since the lab (or its last
// reset) began.
func (l *Lab) Journal() []JournalEntry { return l.con.Journal() }

// Replay rebuilds a lab from its options and journal up to virtual time
// until: deterministic replay is how the UI rewinds and how a shared link
// reproduces a session. Each setup runs on the new lab before the journal
// is replayed (the page attaches its observers there, so that it sees the
// whole replay).
func Replay(opts Options, journal []JournalEntry, until time.Duration, setup ...func(*Lab)) *Lab {
	l := New(opts)
	for _, f := range setup {
		f(l)
	}
	for _, e := range journal {
		if e.At > until {
			break
		}
		l.runUntil(e.At)
		l.Submit(e.Line)
	}
	l.runUntil(until)
	return l
}

// Paused and Speed are the console's clock controls, for the page.
func (l *Lab) Paused() bool { return l.con.Paused() }

// Speed is virtual seconds per real second.
func (l *Lab) Speed() float64 { return l.con.Speed() }

// Files lists the files on the console's host, for the page's downloads.
func (l *Lab) Files() map[string][]byte { return l.con.Files().Host(l.con.Host()) }

// machine is the lab as the console drives it. Its methods, kubeEnv's,
// kubeClient's and labView's have pointer receivers: a type with value
// receivers that is put in an interface comes with a wrapper of each method
// for its pointer type too, all linked into the page.
type machine Lab

func (m *machine) lab() *Lab { return (*Lab)(m) }

// The Lab's own methods the console calls (machine has no embedded *Lab:
// its promoted methods were wrapped once more for the value type).
func (m *machine) Names() []string                        { return m.lab().Names() }
func (m *machine) Kill(name string) error                 { return m.lab().Kill(name) }
func (m *machine) Stop(name string) error                 { return m.lab().Stop(name) }
func (m *machine) Start(name string) error                { return m.lab().Start(name) }
func (m *machine) Isolate(name string) error              { return m.lab().Isolate(name) }
func (m *machine) Campaign(name string) error             { return m.lab().Campaign(name) }
func (m *machine) TransferLeadership(name string) error   { return m.lab().TransferLeadership(name) }
func (m *machine) Propose(name string, data []byte) error { return m.lab().Propose(name, data) }
func (m *machine) Partition(groups ...[]string) error     { return m.lab().Partition(groups...) }
func (m *machine) Cut(from, to string) error              { return m.lab().Cut(from, to) }
func (m *machine) Heal()                                  { m.lab().Heal() }
func (m *machine) Cluster() *etcdconf.Cluster             { return m.lab().Cluster() }
func (m *machine) MemberID(name string) (uint64, bool)    { return m.lab().MemberID(name) }
func (m *machine) Lesson() *lesson.Run                    { return m.lab().Lesson() }
func (m *machine) LessonsDone() map[string]bool           { return m.lab().LessonsDone() }
func (m *machine) Kube() *kube.Plane                      { return m.lab().Kube() }

var _ console.Machine = (*machine)(nil)

func (m *machine) RunUntil(t time.Duration) { m.lab().runUntil(t) }

func (m *machine) SetDropRate(r float64) { m.w.Net().DropRate, m.opts.DropRate = r, r }
func (m *machine) SetDupRate(r float64)  { m.w.Net().DupRate, m.opts.DupRate = r, r }

func (m *machine) SetLatency(lat, jit time.Duration) {
	m.w.Net().Latency, m.w.Net().Jitter = lat, jit
	m.opts.Latency, m.opts.Jitter = lat, jit
}

// SettledLeader is the leader once every member up that can reach it
// knows it.
func (m *machine) SettledLeader() (string, uint64) {
	lead := m.w.Leader()
	if lead == raft.None {
		return "", 0
	}
	for _, mem := range m.w.Members() {
		if mem.Up() && m.w.Net().Reachable(lead, mem.ID) && mem.Status().Lead != lead {
			return "", 0
		}
	}
	return m.lab().name(lead), m.w.Member(lead).Status().Term
}

func (m *machine) Settings() console.Settings {
	o := m.opts
	return console.Settings{Members: o.Members, Seed: o.Seed, Heartbeat: o.HeartbeatInterval,
		ElectionTimeout: o.ElectionTimeout, PreVote: !o.DisablePreVote, CheckQuorum: !o.DisableCheckQuorum,
		MaxRequestBytes: o.MaxRequestBytes, QuotaBackendBytes: o.QuotaBackendBytes,
		SnapshotCount: o.SnapshotCount, SnapshotCatchUpEntries: o.CatchUpEntries, ZeroSnapshotCatchUpEntries: o.ZeroCatchUpEntries,
		Topology: o.Topology, ControlPlanes: o.ControlPlanes}
}

func (m *machine) Reset(s console.Settings) {
	o := m.opts
	o.Members, o.Seed, o.HeartbeatInterval, o.ElectionTimeout = s.Members, s.Seed, s.Heartbeat, s.ElectionTimeout
	o.DisablePreVote, o.DisableCheckQuorum = !s.PreVote, !s.CheckQuorum
	o.MaxRequestBytes, o.QuotaBackendBytes = s.MaxRequestBytes, s.QuotaBackendBytes
	o.SnapshotCount, o.CatchUpEntries, o.ZeroCatchUpEntries = s.SnapshotCount, s.SnapshotCatchUpEntries, s.ZeroSnapshotCatchUpEntries
	// The new cluster starts after this command has finished.
	o.Topology, o.ControlPlanes, o.EtcdFlags = s.Topology, s.ControlPlanes, nil
	l := m.lab()
	l.w.After(0, func() {
		// One timeline per session: the new cluster's clock goes on.
		o.start = l.w.Now()
		l.reinit(build(l.carryOptions(o, true)))
	})
}

func (m *machine) ReplaceCluster(lines []string) (*etcdconf.Cluster, error) {
	o := m.lab().carryOptions(m.opts, false)
	o.EtcdFlags = lines
	// Clusters pasted as etcd command lines run without a control plane.
	o.Topology, o.ControlPlanes = "", 0
	o.start = m.w.Now() // the clock goes on (reinit runs at this instant)
	n, err := fromEtcdFlags(o, m.con.Files().Clone())
	if err != nil {
		return nil, err
	}
	l := m.lab()
	l.w.After(0, func() { l.reinit(n) })
	return n.cluster, nil
}

func (m *machine) Summary() console.Summary {
	s := console.Summary{Leader: m.lab().Leader(), Partitioned: m.w.Net().Partitioned()}
	for _, st := range m.lab().Status() {
		role := st.Role
		if st.Removed {
			role = "removed"
		} else if !st.Up {
			role = "down"
		}
		s.Members = append(s.Members, console.MemberSummary{Name: st.Name, Role: role, Leader: st.Leader,
			Up: st.Up, Removed: st.Removed, Term: st.Term, Commit: st.Commit, Applied: st.Applied, Last: st.LastIndex})
	}
	u := m.lab().Usage()
	s.Revisions, s.DBSize, s.CompactionAdvised = u.Revisions, u.DBSize, u.CompactionAdvised
	return s
}

func (m *machine) CheckHistory(timeout time.Duration) (string, bool) {
	rep := m.lab().CheckLinearizability(timeout)
	m.lastLin = &rep
	text := rep.String()
	if len(rep.SkippedKeys) > 0 {
		text += "\nskipped keys: " + strings.Join(rep.SkippedKeys, " ")
	}
	return text, rep.Result == "ok"
}

// LastLinearizability is the report of the console's last
// check-linearizability on this cluster, or nil (for the page's safety
// panel).
func (l *Lab) LastLinearizability() *LinearizabilityReport { return l.lastLin }

// clients is what the cluster's etcd clients reach: its world and
// configuration, and the session's history they append to.
func (l *Lab) clients() clientv3.Config {
	return clientv3.Config{World: l.w, Cluster: l.cluster, History: &l.history}
}

// dial is an etcd client on host (the Go client's, the API servers').
func (l *Lab) dial(host string, co clientv3.Caller) *clientv3.Client {
	cfg := l.clients()
	cfg.Host, cfg.ReadFile = host, l.con.Files().Read
	return clientv3.New(cfg, co)
}

func (m *machine) MemberAdded(id uint64, name string) {
	if m.added == nil {
		m.added = map[uint64]string{}
	}
	m.added[id] = name
}
