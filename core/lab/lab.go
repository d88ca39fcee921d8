// Package lab is raftlab's public Go API: a whole simulated etcd cluster,
// driven by virtual time. Tests, the console and the UI all go through it.
//
//	l := lab.New(lab.Options{Members: 5, Seed: 42})
//	l.Run(2 * time.Second)
//	l.Kill("node-2")
package lab

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/console"
	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/kube"
	"github.com/raftlab/raftlab/core/raft"
	"github.com/raftlab/raftlab/core/sim"
)

// Options configure a lab. Zero values mean etcd 3.5's defaults.
type Options struct {
	// Members is the cluster size, 1..7 (default 3, the source note's).
	Members int
	Seed    int64
	// HeartbeatInterval is etcd's --heartbeat-interval (100 ms).
	HeartbeatInterval time.Duration
	// ElectionTimeout is etcd's --election-timeout (1000 ms).
	ElectionTimeout    time.Duration
	DisablePreVote     bool
	DisableCheckQuorum bool

	// Latency of each network link (default 10 ms, so that messages can be
	// seen travelling), and random extra latency that reorders messages.
	Latency time.Duration
	Jitter  time.Duration
	// DropRate and DupRate are the chance that a message is lost or
	// delivered twice.
	DropRate float64
	DupRate  float64
	// SnapshotCount is etcd's --snapshot-count (default 100000).
	SnapshotCount uint64
	// CatchUpEntries stay in the log behind a snapshot (etcd: 5000).
	CatchUpEntries uint64
	// ZeroCatchUpEntries is an explicit --experimental-snapshot-catchup-entries
	// 0 (CatchUpEntries 0): the members' command lines keep it (cluster
	// show, exports) and they run with etcd's default, as etcd 3.5 does.
	ZeroCatchUpEntries bool
	// MaxRequestBytes is etcd's --max-request-bytes (0: 1.5 MiB); larger
	// writes fail with "etcdserver: request is too large".
	MaxRequestBytes uint64
	// QuotaBackendBytes is etcd's --quota-backend-bytes (0: 2 GiB,
	// negative: no quota); past it a NOSPACE alarm refuses writes.
	QuotaBackendBytes int64
	// EtcdFlags, when set, are the etcd command lines the cluster is built
	// from (FromEtcdFlags); Members and the Raft settings come from them.
	EtcdFlags []string
	// Lesson, when set, is the id of the guided lesson the lab plays: its
	// setup builds the cluster, and `lesson status` follows the learner.
	Lesson string
	// LessonStep and LessonPassed resume a lesson on a cluster the learner
	// rebuilt (cluster from-flags): the steps done and the current step's
	// checks passed when the cluster was replaced, so Replay rebuilds it.
	LessonStep   int   `json:",omitempty"`
	LessonPassed []int `json:",omitempty"`
	// Topology, when set ("external" or "stacked"), puts a Kubernetes
	// control plane around the cluster (core/kube): ControlPlanes nodes
	// cp-1..N (default 3) with kube-apiserver, and etcd as kubeadm runs it
	// (stacked: one member per cp node, named after it) or as the source
	// note runs it (external: node-1..N under systemd, with TLS).
	Topology      string
	ControlPlanes int

	// start is the clock's reading when the lab begins (a cluster
	// restored in place from a snapshot goes on at that time).
	start time.Duration
	// stopped members do not run when the lab begins (a restored cluster
	// whose other etcd processes were stopped first).
	stopped map[string]bool
	// LessonResume builds a plain cluster (a reset during the lesson) and
	// resumes there instead of running the lesson's setup.
	LessonResume bool `json:",omitempty"`
}

// DefaultLatency is the link latency when Options.Latency is zero.
const DefaultLatency = 10 * time.Millisecond

// Lab is one simulated cluster, with the console that drives it.
type Lab struct {
	opts Options
	// session is what the lab was created with: a replay of the journal
	// from it rebuilds any moment, resets included.
	session Options
	cluster *etcdconf.Cluster
	w       *sim.World
	byName  map[string]uint64
	// byID names the members for events; the lab keeps it rather than
	// asking the world for each record it observes.
	byID   map[uint64]string
	server *etcdserver.ClusterConfig
	// history is every key-value request clients made, for the
	// linearizability check: the clients append to it (a value, so that
	// its address stays the lab's when a reset replaces the cluster).
	history clientv3.History
	// lastLin is the console's last check-linearizability report.
	lastLin *LinearizabilityReport
	// con is the console (Exec, Submit): its journal, jobs, environment,
	// host and every machine's files.
	con *console.Console
	// added names the members `etcdctl member add` added, by ID (the name
	// a new member must start with).
	added map[uint64]string
	// lesson is the guided lesson being played (lesson.go); lessonsDone
	// outlives resets.
	lesson      *lessonState
	lessonsDone map[string]bool
	// obs are the Observe callbacks and the events Events keeps
	// (observe.go); they outlive resets.
	obs *observers
	// hearing: hear is telling the observers (it does not nest).
	hearing bool
	// kube is the control plane (nil when etcd runs alone).
	kube *kube.Plane
	// restored: this world replaced another at its time (rebuild).
	restored bool
}

// MemberStatus is what a learner sees of one member.
type MemberStatus struct {
	Name string
	ID   uint64
	Up   bool
	// Role is "leader", "follower", "candidate", "pre-candidate" or
	// "learner"; empty when the member is down.
	Role string
	Term uint64
	// Leader is the name of the member this one follows, or "".
	Leader    string
	Vote      string
	Commit    uint64
	Applied   uint64
	LastIndex uint64
	// FirstIndex is the first entry still in the log (earlier ones are in
	// the snapshot).
	FirstIndex uint64
	// Election timer: ticks since reset, and this member's randomized timeout.
	ElectionElapsed  int
	ElectionTimeout  int
	HeartbeatElapsed int
	// VotesGranted and VotesRejected name the voters who answered this
	// member's current (pre-)election.
	VotesGranted  []string
	VotesRejected []string
	// Progress is, for a leader, each other member's match and next index.
	Progress []Progress
	Removed  bool
}

// Progress is the leader's view of one member's log.
type Progress struct {
	Name  string
	Match uint64
	Next  uint64
	State string
}

// New creates the source note's cluster with opts.Members members named
// node-1..node-N (peer URLs http://192.168.0.10:2380 and on, token
// etcd-cluster-1), so member IDs are those a real etcd computes.
func New(opts Options) *Lab {
	l := build(opts)
	l.session = l.opts
	l.startKube()
	return l
}

// build is New without starting the control plane (reinit starts it once
// the lab is final).
func build(opts Options) *Lab {
	opts = lessonDefaults(opts)
	if spec, ok := kubeSpec(opts); ok {
		opts.ControlPlanes, opts.Members = spec.ControlPlanes, spec.EtcdMembers
		if len(opts.EtcdFlags) == 0 {
			opts.EtcdFlags = kubeEtcdLines(spec)
		}
	}
	n := opts.Members
	if n <= 0 {
		n = 3
	}
	if n > 7 {
		n = 7
	}
	opts.Members = n
	_, withKube := kubeSpec(opts)
	if opts.Lesson != "" && (len(opts.EtcdFlags) == 0 || withKube && !opts.LessonResume) {
		if opts.LessonResume {
			l := newLab(opts, settingsCluster(opts, n), nil)
			l.resumeLesson()
			return l
		}
		return newLesson(opts)
	}
	if len(opts.EtcdFlags) > 0 {
		if l, err := fromEtcdFlags(opts, nil); err == nil {
			l.resumeLesson()
			return l
		}
	}
	return newLab(opts, settingsCluster(opts, n), nil)
}

// settingsCluster is the note's cluster of n members whose command lines
// carry opts' etcd settings (timing, pre-vote, request limits), so that
// cluster show and export give the flags of the cluster that runs
// (reset --heartbeat-interval ... --max-request-bytes ...).
func settingsCluster(opts Options, n int) *etcdconf.Cluster {
	cl := etcdconf.DefaultN(n)
	o := sanitize(opts)
	if o.HeartbeatInterval == 0 && o.ElectionTimeout == 0 && !o.DisablePreVote && o.MaxRequestBytes == 0 && o.QuotaBackendBytes == 0 && o.SnapshotCount == 0 && o.CatchUpEntries == 0 && !o.ZeroCatchUpEntries {
		return cl
	}
	rw, err := cl.Rewrite(func(_ int, m *etcdconf.Member) {
		if o.HeartbeatInterval != 0 {
			m.HeartbeatInterval, m.ElectionTimeout = o.HeartbeatInterval, o.ElectionTimeout
		}
		m.PreVote = !o.DisablePreVote
		if o.MaxRequestBytes != 0 {
			m.MaxRequestBytes = o.MaxRequestBytes
		}
		m.QuotaBackendBytes = o.QuotaBackendBytes
		if o.SnapshotCount != 0 {
			m.SnapshotCount = o.SnapshotCount
		}
		if o.CatchUpEntries != 0 || o.ZeroCatchUpEntries {
			m.SnapshotCatchUpEntries = o.CatchUpEntries
		}
	})
	if err != nil {
		return cl
	}
	return rw
}

// FromEtcdFlags creates a lab from etcd command lines, one per member, as
// they appear in a systemd unit's ExecStart. A wrong configuration fails
// with the error etcd itself prints.
func FromEtcdFlags(seed int64, lines ...string) (*Lab, error) {
	l, err := fromEtcdFlags(Options{Seed: seed, EtcdFlags: lines}, nil)
	if err == nil {
		l.startKube()
	}
	return l, err
}

// fromEtcdFlags builds a lab from opts.EtcdFlags, with files (certificates,
// restored data directories) already on the hosts.
func fromEtcdFlags(opts Options, files console.Files) (*Lab, error) {
	cfgs, err := etcdconf.Parse(opts.EtcdFlags...)
	if err != nil {
		return nil, err
	}
	cl, err := etcdconf.NewCluster(cfgs)
	if err != nil {
		return nil, err
	}
	opts.Members = len(cl.Members)
	opts.HeartbeatInterval, opts.ElectionTimeout = cl.HeartbeatInterval, cl.ElectionTimeout
	opts.DisablePreVote, opts.SnapshotCount, opts.CatchUpEntries = !cl.PreVote, cl.SnapshotCount, cl.SnapshotCatchUpEntries
	opts.ZeroCatchUpEntries = cl.SnapshotCatchUpEntries == 0
	opts.MaxRequestBytes, opts.QuotaBackendBytes = cl.MaxRequestBytes, cl.QuotaBackendBytes
	return newLab(opts, cl, files), nil
}

func newLab(opts Options, cl *etcdconf.Cluster, files console.Files) *Lab {
	opts = sanitize(opts)
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 100 * time.Millisecond
	}
	if opts.ElectionTimeout <= 0 {
		opts.ElectionTimeout = 1000 * time.Millisecond
	}
	if opts.Latency == 0 {
		opts.Latency = DefaultLatency
	}
	ticks := int(opts.ElectionTimeout / opts.HeartbeatInterval)
	if ticks < 2 {
		ticks = 2
	}
	l := &Lab{opts: opts, cluster: cl, byName: map[string]uint64{}, byID: map[uint64]string{}}
	host := ""
	if len(cl.Members) > 0 {
		host = cl.Members[0].Name
	}
	if _, ok := kubeSpec(opts); ok {
		host = kube.CPName(0)
	}
	l.con = console.New((*machine)(l), host, files)
	l.con.KeepCallHistory(false) // no observer yet (heedCalls)
	l.newKube()
	l.tlsFiles()
	var specs []sim.MemberSpec
	var infos []etcdserver.MemberInfo
	for _, m := range cl.Members {
		l.byName[m.Name], l.byID[m.ID] = m.ID, m.Name
		specs = append(specs, sim.MemberSpec{ID: m.ID, Name: m.Name, Stopped: m.Config == nil || opts.stopped[m.Name]})
		infos = append(infos, etcdserver.MemberInfo{ID: m.ID, Name: m.Name, PeerURLs: m.PeerURLs, ClientURLs: m.ClientURLs})
	}
	l.server = etcdserver.NewClusterConfig(cl.Token, infos)
	l.server.SnapshotCount, l.server.CatchUpEntries = opts.SnapshotCount, opts.CatchUpEntries
	l.server.MaxRequestBytes, l.server.QuotaBackendBytes = opts.MaxRequestBytes, opts.QuotaBackendBytes
	if data := l.restoredData(); data != nil {
		_ = l.server.WithSnapshot(data)
	}
	l.w = sim.New(sim.Config{
		Seed: opts.Seed, TickInterval: opts.HeartbeatInterval, ElectionTicks: ticks,
		PreVote: !opts.DisablePreVote, CheckQuorum: !opts.DisableCheckQuorum,
		Latency: opts.Latency, Jitter: opts.Jitter,
		NewApp: func(m *sim.Member) sim.App { return etcdserver.New(m, l.server) },
		Start:  opts.start,
	}, specs)
	l.w.Net().DropRate, l.w.Net().DupRate = opts.DropRate, opts.DupRate
	l.con.Connect(l.clients())
	return l
}

// reinit replaces this lab's cluster with n's (console reset) after the
// command that asked for it. The console carries on: its environment,
// host and clock controls stay, and the machines keep their files.
func (l *Lab) reinit(n *Lab) {
	files := n.con.Files()
	for h, fs := range l.con.Files() {
		for p, b := range fs {
			if _, ok := files.Host(h)[p]; !ok {
				files.Host(h)[p] = b
			}
		}
	}
	l.hear() // the old world's last events, under its names
	n.hear() // and what n's own observers (a lesson's) have yet to hear of n's
	old := l.lesson
	con, done, obs, session := l.con, l.lessonsDone, l.obs, l.session
	hadKube := l.kube != nil
	l.w.Halt()
	*l = *n
	l.con, l.lessonsDone, l.obs, l.session = con, done, obs, session
	con.Connect(l.clients())
	con.Restart(l.hosts(), files)
	if l.kube != nil && !hadKube {
		// kubectl and the node files are on the control-plane nodes.
		con.SetHost(kube.CPName(0))
	}
	l.listen()
	l.hear() // the commands Restart canceled end before the reset is told
	l.emit(Event{At: l.Now(), Kind: EventReset})
	l.adopt(obs, n.obs)
	l.carryLesson(old)
	l.startKube()
}

// rebuild replaces the cluster with n, restored from a snapshot in place:
// the clock goes on, and so do commands waiting in time.
func (l *Lab) rebuild(n *Lab) {
	l.hear()
	n.hear()
	files := n.con.Files()
	// The options stay the session's: its journal, replayed from them,
	// restores again.
	con, done, obs, lesson, opts, session := l.con, l.lessonsDone, l.obs, l.lesson, l.opts, l.session
	l.w.Halt()
	*l = *n
	l.con, l.lessonsDone, l.lesson, l.opts, l.session = con, done, lesson, opts, session
	l.restored = true
	con.Connect(l.clients())
	con.Rebase(files)
	l.adopt(obs, n.obs)
	l.hear()
	l.rearmLesson()
	l.startKube()
}

// hosts are the machines the console can run on: the members, and the
// control plane's nodes.
func (l *Lab) hosts() []string {
	if l.kube == nil {
		return l.Names()
	}
	return l.kube.Spec.NodeNames()
}

// Options returns the settings the lab was created with, defaults filled
// in. Fault commands (drop, latency, ...), reset and cluster from-flags do
// not change them: they are the journal's, so Replay(l.Options(),
// l.Journal(), t) rebuilds any moment of the session.
func (l *Lab) Options() Options { return l.session }

// ClusterOptions are the current cluster's settings: the session's as the
// console changed them since (reset, cluster from-flags, drop, dup,
// latency).
func (l *Lab) ClusterOptions() Options { return l.opts }

// World is the simulator underneath, for the UI and white-box tests.
func (l *Lab) World() *sim.World { return l.w }

// Cluster is the etcd configuration the lab runs.
func (l *Lab) Cluster() *etcdconf.Cluster { return l.cluster }

// Run advances virtual time by d.
func (l *Lab) Run(d time.Duration) { l.runUntil(l.Now() + d) }

// runUntil advances virtual time to t, going on in the new world when the
// cluster is replaced on the way (a restore from a snapshot).
func (l *Lab) runUntil(t time.Duration) {
	for {
		w := l.w
		l.runWorld(w, t)
		if l.w == w {
			return
		}
		// The cluster was replaced on the way (reset, cluster from-flags,
		// a restore): the new world's clock goes on from the old one's.
	}
}

// runWorld runs w up to t and hears what happened (hear). With observers
// (Observe, a lesson's) it runs one event at a time and hears after each,
// so that they see every event before the next one runs; a lab only pulled
// from (Events) or not observed at all hears once at the end, in the same
// order.
func (l *Lab) runWorld(w *sim.World, t time.Duration) {
	if o := l.obs; o != nil && len(o.list) > 0 {
		for w.RunNext(t) {
			l.hear()
		}
	}
	w.RunUntil(t)
	l.hear()
}

// Now is the virtual time since the lab started.
func (l *Lab) Now() time.Duration { return l.w.Now() }

// TraceHash is a stable hash of everything that happened: equal for equal
// seeds and equal calls.
func (l *Lab) TraceHash() string { return l.w.Trace().Hash() }

// Err reports the first Raft safety violation; the simulation stops there.
func (l *Lab) Err() error { return l.w.Err() }

// ErrUnknownMember names a member that does not exist.
type ErrUnknownMember = console.ErrUnknownMember

func (l *Lab) id(name string) (uint64, error) {
	if id, ok := l.byName[name]; ok {
		return id, nil
	}
	return 0, ErrUnknownMember(name)
}

// MemberID is the ID of the member named name: one of the cluster's, or
// one that `etcdctl member add` added and that has not started yet.
func (l *Lab) MemberID(name string) (uint64, bool) {
	if id, ok := l.byName[name]; ok {
		return id, true
	}
	for id, n := range l.added {
		if n == name {
			return id, true
		}
	}
	return 0, false
}

func (l *Lab) name(id uint64) string { return l.byID[id] }

// Names returns the member names in name order.
func (l *Lab) Names() []string {
	names := make([]string, 0, len(l.byName))
	for n := range l.byName {
		names = append(names, n)
	}
	sortNames(names)
	return names
}

// sortNames orders node-2 before node-10.
func sortNames(names []string) {
	ptrsort.Func(names, func(a, b *string) int { return nameCmp(*a, *b) })
}

func nameCmp(a, b string) int {
	if len(a) != len(b) && strings.TrimRight(a, "0123456789") == strings.TrimRight(b, "0123456789") {
		return cmp.Compare(len(a), len(b))
	}
	return strings.Compare(a, b)
}

// Kill crashes a member (SIGKILL): it loses everything but its disk.
func (l *Lab) Kill(name string) error {
	defer l.hear()
	if l.kube != nil && l.kube.Node(name) != nil {
		// A node failure takes down everything on it.
		return l.kube.Crash(name)
	}
	id, err := l.id(name)
	if err != nil {
		return err
	}
	l.w.Kill(id)
	return nil
}

// Stop stops a member gracefully (SIGTERM): a leader first transfers
// leadership, as etcd does.
func (l *Lab) Stop(name string) error {
	defer l.hear()
	if l.kube != nil && l.kube.Node(name) != nil {
		return l.kube.Shutdown(name)
	}
	id, err := l.id(name)
	if err != nil {
		return err
	}
	l.w.Stop(id)
	return nil
}

// Start restarts a member from its disk. A member the cluster added
// (etcdctl member add) but never started joins with an empty disk.
func (l *Lab) Start(name string) error {
	defer l.hear()
	if l.kube != nil && l.kube.Node(name) != nil {
		return l.kube.Boot(name)
	}
	id, err := l.id(name)
	if err != nil {
		return l.join(name)
	}
	l.w.Start(id)
	return nil
}

// Partition splits the network into groups that cannot reach each other.
// Members named in no group are isolated.
func (l *Lab) Partition(groups ...[]string) error {
	defer l.hear()
	var ids [][]uint64
	for _, g := range groups {
		var gid []uint64
		for _, n := range g {
			id, err := l.id(n)
			if err != nil {
				return err
			}
			gid = append(gid, id)
		}
		ids = append(ids, gid)
	}
	l.w.Net().Partition(ids)
	return nil
}

// Isolate cuts one member off from all others.
func (l *Lab) Isolate(name string) error {
	defer l.hear()
	id, err := l.id(name)
	if err != nil {
		return err
	}
	l.w.Net().Isolate(id, l.w.IDs())
	return nil
}

// Cut drops every message from one member to another (one way).
func (l *Lab) Cut(from, to string) error {
	defer l.hear()
	f, err := l.id(from)
	if err != nil {
		return err
	}
	t, err := l.id(to)
	if err != nil {
		return err
	}
	l.w.Net().Cut(f, t)
	return nil
}

// Heal removes every partition and cut.
func (l *Lab) Heal() {
	l.w.Net().Heal()
	l.hear()
}

// Propose submits a raw entry at a member; a follower forwards it to the
// leader. It fails when the member is down or knows no leader.
func (l *Lab) Propose(name string, data []byte) error {
	defer l.hear()
	id, err := l.id(name)
	if err != nil {
		return err
	}
	return l.w.Member(id).Propose(data)
}

// Campaign makes a member's election timer fire now ("time out now").
func (l *Lab) Campaign(name string) error {
	defer l.hear()
	id, err := l.id(name)
	if err != nil {
		return err
	}
	l.w.Member(id).Campaign()
	return nil
}

// TransferLeadership asks the current leader to hand leadership to name.
func (l *Lab) TransferLeadership(name string) error {
	defer l.hear()
	id, err := l.id(name)
	if err != nil {
		return err
	}
	lead := l.w.Leader()
	if lead == raft.None {
		return fmt.Errorf("no leader")
	}
	l.w.Member(lead).TransferLeader(id)
	return nil
}

// Leader returns the name of the current leader (the one with the highest
// term among members up), or "".
func (l *Lab) Leader() string { return l.name(l.w.Leader()) }

// Status reports every member, in name order.
func (l *Lab) Status() []MemberStatus {
	var out []MemberStatus
	for _, name := range l.Names() {
		out = append(out, l.memberStatus(l.w.Member(l.byName[name])))
	}
	return out
}

func (l *Lab) memberStatus(m *sim.Member) MemberStatus {
	ms := MemberStatus{Name: m.Name, ID: m.ID, Up: m.Up(), Removed: m.Removed()}
	if !m.Up() {
		hs := m.Disk.HardState()
		ms.Term, ms.Commit, ms.LastIndex, ms.FirstIndex = hs.Term, hs.Commit, m.Disk.LastIndex(), m.Disk.FirstIndex()
		return ms
	}
	st := m.Status()
	ms.Role, ms.Term, ms.Leader, ms.Vote = st.Role(), st.Term, l.name(st.Lead), l.name(st.Vote)
	ms.Commit, ms.Applied, ms.LastIndex, ms.FirstIndex = st.Commit, st.Applied, st.LastIndex, st.FirstIndex
	ms.ElectionElapsed, ms.ElectionTimeout, ms.HeartbeatElapsed = st.ElectionElapsed, st.RandomizedElectionTimeout, st.HeartbeatElapsed
	for _, id := range keys.Sorted(st.Votes) {
		if st.Votes[id] {
			ms.VotesGranted = append(ms.VotesGranted, l.name(id))
		} else {
			ms.VotesRejected = append(ms.VotesRejected, l.name(id))
		}
	}
	for _, id := range keys.Sorted(st.Progress) {
		if id == m.ID {
			continue
		}
		pr := st.Progress[id]
		ms.Progress = append(ms.Progress, Progress{Name: l.name(id), Match: pr.Match, Next: pr.Next, State: pr.State.String()})
	}
	ptrsort.Func(ms.Progress, func(a, b *Progress) int { return nameCmp(a.Name, b.Name) })
	return ms
}
