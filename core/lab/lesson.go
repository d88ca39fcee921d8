package lab

import (
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/lesson"
	"github.com/raftlab/raftlab/core/raft"
)

// lessonEvery is how often (virtual time) a lesson's state checks are
// evaluated: a fixed grid of simulator events, so replays evaluate them at
// exactly the same instants.
const lessonEvery = 10 * time.Millisecond

// lessonState ties a lesson run to the lab that plays it. Timers and its
// observer hold it, not the Lab: reinit copies a new Lab over the old one.
type lessonState struct {
	l       *Lab
	run     *lesson.Run
	stopped bool
	// cancel ends its Observe: it observes once, across every cluster the
	// lab runs while the lesson lasts.
	cancel func()
}

// Lesson is the running lesson, or nil in the free sandbox.
func (l *Lab) Lesson() *lesson.Run {
	if l.lesson == nil || l.lesson.stopped {
		return nil
	}
	return l.lesson.run
}

// LessonsDone names the lessons completed with this lab (across resets).
func (l *Lab) LessonsDone() map[string]bool { return l.lessonsDone }

// MarkLessonDone records a lesson completed earlier (the page restores its
// saved progress with it).
func (l *Lab) MarkLessonDone(id string) {
	if l.lessonsDone == nil {
		l.lessonsDone = map[string]bool{}
	}
	l.lessonsDone[id] = true
}

// lessonOptions are the options of a lesson's cluster: its setup, with the
// seed (and, when the lesson allows it, size) chosen.
func lessonOptions(ls *lesson.Lesson, seed int64, size int) Options {
	o := Options{Members: ls.Setup.Members, Seed: seed, Lesson: ls.ID, DisablePreVote: ls.Setup.NoPreVote,
		HeartbeatInterval: time.Duration(ls.Setup.HeartbeatMS) * time.Millisecond,
		ElectionTimeout:   time.Duration(ls.Setup.ElectionMS) * time.Millisecond,
		Topology:          ls.Setup.Topology, ControlPlanes: ls.Setup.ControlPlanes}
	if size > 0 {
		o.Members = size
	}
	return o
}

// lessonDefaults fills what opts leave zero from the lesson's setup.
func lessonDefaults(opts Options) Options {
	ls := lesson.Find(opts.Lesson)
	if ls == nil || len(opts.EtcdFlags) > 0 {
		return opts
	}
	d := lessonOptions(ls, opts.Seed, opts.Members)
	if opts.HeartbeatInterval == 0 && opts.ElectionTimeout == 0 {
		opts.HeartbeatInterval, opts.ElectionTimeout = d.HeartbeatInterval, d.ElectionTimeout
	}
	opts.Members = d.Members
	opts.DisablePreVote = opts.DisablePreVote || d.DisablePreVote
	if opts.Topology == "" && !opts.LessonResume {
		opts.Topology, opts.ControlPlanes = d.Topology, d.ControlPlanes
	}
	return opts
}

// newLesson builds a lesson's lab: the cluster, its silent setup script,
// then the run at step 1.
func newLesson(opts Options) *Lab {
	ls := lesson.Find(opts.Lesson)
	if ls == nil {
		opts.Lesson = ""
		return New(opts)
	}
	l := newLab(opts, lessonCluster(opts), nil)
	// The control plane runs during the setup script.
	l.startKube()
	for _, line := range ls.Setup.Script {
		l.execQuiet(line)
	}
	if t := opts.start + time.Duration(ls.Setup.UntilMS)*time.Millisecond; t > l.Now() {
		l.runUntil(t)
	}
	// The setup may have rebuilt the cluster (cluster tls): the options
	// stay the lesson's, so that Replay runs the same setup again.
	l.opts = newLabOpts(opts, l.opts)
	l.attach(&lessonState{run: lesson.Start(ls, opts.Seed, (*labView)(l))})
	return l
}

// lessonCluster is the etcd cluster a lesson starts with: the note's, or
// the one its control-plane topology runs.
func lessonCluster(opts Options) *etcdconf.Cluster {
	if len(opts.EtcdFlags) > 0 {
		if ms, err := etcdconf.Parse(opts.EtcdFlags...); err == nil {
			if cl, err := etcdconf.NewCluster(ms); err == nil {
				return cl
			}
		}
	}
	return etcdconf.DefaultN(opts.Members)
}

// newLabOpts keeps o's lesson fields and defaults over the options a setup
// left.
func newLabOpts(o, after Options) Options {
	after.EtcdFlags, after.Lesson, after.LessonStep, after.LessonPassed, after.LessonResume = nil, o.Lesson, 0, nil, false
	after.Members, after.Seed = o.Members, o.Seed
	return after
}

// attach makes g the lab's lesson: it observes the lab's events and
// evaluates on this world's grid.
func (l *Lab) attach(g *lessonState) {
	g.l = l
	l.lesson = g
	if g.cancel == nil {
		g.cancel = l.Observe(g.observe)
	}
	g.arm()
	g.noteDone()
}

// rearmLesson puts the lesson's grid on a world that replaced the one it
// ran on (a restore on a new data dir): the old world's timers are gone.
func (l *Lab) rearmLesson() {
	if g := l.lesson; g != nil && !g.stopped {
		g.arm()
	}
}

// end stops g observing (a new lesson or the sandbox replaced it).
func (g *lessonState) end() {
	if g != nil && g.cancel != nil {
		g.cancel()
		g.cancel = nil
	}
}

// resumeLesson resumes the lesson named in a rebuilt cluster's options
// (Replay of a session after cluster from-flags).
func (l *Lab) resumeLesson() {
	ls := lesson.Find(l.opts.Lesson)
	if ls == nil {
		return
	}
	l.attach(&lessonState{run: lesson.Resume(ls, l.opts.Seed, l.opts.LessonStep, l.opts.LessonPassed, (*labView)(l))})
}

// carryOptions are the options of a cluster the console replaces this one
// with (reset, cluster from-flags): without a lesson running, no lesson;
// with one, resume (for reset: from where it is now).
func (l *Lab) carryOptions(o Options, resume bool) Options {
	g := l.lesson
	if g == nil || g.stopped {
		o.Lesson, o.LessonResume, o.LessonStep, o.LessonPassed = "", false, 0, nil
		return o
	}
	if resume {
		o.LessonResume, o.LessonStep, o.LessonPassed = true, g.run.Step, g.run.Passed()
	}
	return o
}

// carryLesson keeps a lesson going when the learner replaced the cluster
// (cluster from-flags, cluster tls): the new cluster's options record where
// the lesson was, for Replay.
func (l *Lab) carryLesson(old *lessonState) {
	if g := l.lesson; g != nil && g != old {
		// A new lesson, or the lesson's own reset.
		old.end()
		g.l = l
		g.noteDone()
		return
	}
	if old == nil || old.stopped || l.opts.Lesson != old.run.Lesson.ID {
		old.end()
		l.lesson = nil
		return
	}
	l.opts.LessonResume, l.opts.LessonStep, l.opts.LessonPassed = true, old.run.Step, old.run.Passed()
	old.run.ClockReset((*labView)(l))
	l.attach(old)
}

// lessonCommand feeds a finished console command to the lesson.
func (l *Lab) lessonCommand(c *Call) {
	if l.lesson != nil {
		l.lesson.command(c)
	}
}

// StartLesson replaces the cluster with the lesson's after the current
// command (console `lesson start`).
func (m *machine) StartLesson(id string, seed int64, size int) {
	ls := lesson.Find(id)
	if ls == nil {
		return
	}
	o := lessonOptions(ls, seed, size)
	l := m.lab()
	l.w.After(0, func() {
		// One timeline per session: the lesson's cluster starts at the
		// session's clock (its setup's until_ms counts from there).
		o.start = l.w.Now()
		l.reinit(New(o))
	})
}

// StopLesson leaves the lesson; the cluster stays as it is.
func (m *machine) StopLesson() {
	if m.lesson != nil {
		m.lesson.stopped = true
		m.lesson.end()
	}
}

// execQuiet runs a setup command to its end without journaling it.
func (l *Lab) execQuiet(line string) {
	c := l.con.Quiet(line)
	deadline := l.Now() + MaxExec
	for !c.Done() && l.Now() < deadline && l.w.Err() == nil {
		at, ok := l.w.NextEventAt()
		if !ok || at > deadline {
			break
		}
		l.runUntil(at)
	}
	l.runUntil(l.Now())
}

func (g *lessonState) active() bool { return !g.stopped && g.l.lesson == g && !g.run.Done() }

// arm schedules the next evaluation on the lesson grid.
func (g *lessonState) arm() {
	g.l.w.After(lessonEvery, func() {
		if !g.active() {
			return
		}
		g.eval()
		g.arm()
	})
}

func (g *lessonState) eval() {
	g.run.Eval((*labView)(g.l))
	g.noteDone()
}

func (g *lessonState) noteDone() {
	if g.run.Done() {
		g.l.MarkLessonDone(g.run.Lesson.ID)
	}
}

// command feeds a finished console command to the lesson.
func (g *lessonState) command(c *Call) {
	if !g.active() {
		return
	}
	if f := strings.Fields(c.Line); len(f) > 0 && f[0] == "lesson" {
		return
	}
	r := c.Result()
	g.run.Command(lesson.Command{Line: c.Line, Exit: r.Exit, Stdout: r.Stdout, Stderr: r.Stderr, At: c.End()}, (*labView)(g.l))
	g.noteDone()
}

// lessonKinds are the lab's events lessons check, by the lesson's name
// (a vote and a role change are told apart below).
var lessonKinds = [...]struct {
	kind lesson.EventKind
	ok   bool
}{
	EventDeliver: {lesson.EvMessage, true}, EventDrop: {lesson.EvMessage, true},
	EventCommit: {lesson.EvCommit, true}, EventStart: {lesson.EvFault, true}, EventKill: {lesson.EvFault, true},
	EventStopping: {lesson.EvFault, true}, EventRemoved: {lesson.EvFault, true},
	EventRole: {lesson.EvLeader, true}, EventCampaign: {lesson.EvCampaign, true},
	EventVoteIgnored: {lesson.EvVoteIgnored, true}, EventTimeout: {lesson.EvTimeout, true},
	EventStepDown: {lesson.EvStepDown, true}, EventElectionLost: {lesson.EvElectionLost, true},
	EventTransfer: {lesson.EvTransfer, true},
}

// observe feeds the lab's typed events to the lesson.
func (g *lessonState) observe(e Event) {
	if !g.active() {
		return
	}
	var kind lesson.EventKind
	ok := false
	if uint(e.Kind) < uint(len(lessonKinds)) {
		kind, ok = lessonKinds[e.Kind].kind, lessonKinds[e.Kind].ok
	}
	ev := lesson.Event{At: e.At, Kind: kind, Member: e.Member, Term: e.Term, From: e.Peer}
	switch e.Kind {
	case EventDeliver, EventDrop:
		ev.Msg, ev.From, ev.To, ev.Dropped, ev.Index = e.Msg.String(), e.Member, e.Peer, e.Kind == EventDrop, e.Index
	case EventCommit:
		ev.Index = e.Index
	case EventRole:
		ok = e.Role == RoleLeader
	case EventCampaign:
		if e.PreVote {
			ev.Kind = lesson.EvPreCampaign
		}
	case EventVote:
		switch {
		case e.Granted && !e.PreVote:
			ev.Kind, ok = lesson.EvVoteGranted, true
		case !e.Granted && e.PreVote:
			ev.Kind, ok = lesson.EvPreVoteRejected, true
		}
	case EventVoteIgnored:
		if e.PreVote {
			// Refused under the leader lease: a pre-vote rejected too.
			rej := ev
			rej.Kind = lesson.EvPreVoteRejected
			g.run.Event(rej, (*labView)(g.l))
		}
	}
	if ok {
		g.run.Event(ev, (*labView)(g.l))
	}
}

// labView is the lesson's read-only view of the lab: the Lab itself, as a
// type of its own with the view's methods (pointer receivers, as machine's),
// handed over as (*labView)(l) without an allocation.
type labView Lab

func (v *labView) l() *Lab { return (*Lab)(v) }

func (v *labView) Now() time.Duration { return v.l().Now() }

func (v *labView) Members() []lesson.Member {
	l := v.l()
	var cs raft.ConfState
	if lead := l.w.Member(l.w.Leader()); lead != nil {
		cs = lead.ConfState()
	} else {
		for _, m := range l.w.Members() {
			if m.Up() {
				cs = m.ConfState()
				break
			}
		}
	}
	in := func(ids []uint64, id uint64) bool {
		for _, x := range ids {
			if x == id {
				return true
			}
		}
		return false
	}
	var out []lesson.Member
	for _, name := range l.Names() {
		m := l.w.Member(l.byName[name])
		if m == nil {
			continue
		}
		lm := lesson.Member{Name: name, Up: m.Up(), Learner: in(cs.Learners, m.ID),
			Removed: m.Removed() || !in(cs.Voters, m.ID) && !in(cs.Learners, m.ID)}
		if m.Up() {
			st := m.Status()
			lm.Role, lm.Term, lm.Leader, lm.Commit, lm.Applied = st.Role(), st.Term, l.name(st.Lead), st.Commit, st.Applied
		} else {
			hs := m.Disk.HardState()
			lm.Term, lm.Commit = hs.Term, hs.Commit
		}
		out = append(out, lm)
	}
	return out
}

func (v *labView) Groups() [][]string {
	l := v.l()
	if !l.w.Net().Partitioned() {
		return nil
	}
	groups := l.w.Net().Groups()
	if len(groups) == 0 {
		return nil
	}
	byGroup := map[int][]string{}
	var order []int
	for _, name := range l.Names() {
		m := l.w.Member(l.byName[name])
		if m == nil || m.Removed() {
			continue
		}
		g, ok := groups[m.ID]
		if !ok {
			g = -1 - int(m.ID%1000000) // in no group: isolated alone
		}
		if _, seen := byGroup[g]; !seen {
			order = append(order, g)
		}
		byGroup[g] = append(byGroup[g], name)
	}
	out := make([][]string, 0, len(order))
	for _, g := range order {
		out = append(out, byGroup[g])
	}
	return out
}

func (v *labView) store() *etcdserver.Server {
	m := v.l().w.Member(v.l().w.Leader())
	if m == nil || !m.Up() {
		return nil
	}
	srv, _ := m.App.(*etcdserver.Server)
	return srv
}

func (v *labView) Value(key string) (string, bool) {
	srv := v.store()
	if srv == nil {
		return "", false
	}
	resp, err := srv.Store().Range(&etcdpb.RangeRequest{Key: []byte(key)})
	if err != nil || len(resp.Kvs) == 0 {
		return "", false
	}
	return string(resp.Kvs[0].Value), true
}

func (v *labView) Keys() int {
	srv := v.store()
	if srv == nil {
		return 0
	}
	resp, err := srv.Store().Range(&etcdpb.RangeRequest{Key: []byte{0}, RangeEnd: []byte{0}, CountOnly: true})
	if err != nil {
		return 0
	}
	return int(resp.Count)
}

func (v *labView) HasFile(host, pattern string) bool {
	for h, files := range v.l().con.Files() {
		if host != "" && h != host {
			continue
		}
		for p := range files {
			if lesson.Match(pattern, p) {
				return true
			}
		}
	}
	return false
}

func (v *labView) Violation() error { return v.l().w.Err() }

func (v *labView) Linearizable() bool {
	return v.l().CheckLinearizability(10*time.Second).Result == "ok"
}
