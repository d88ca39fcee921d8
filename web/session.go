package web

import (
	"slices"
	"strconv"
	"time"

	"github.com/raftlab/raftlab/core/lab"
)

// Speeds are the clock rates the page's − and + buttons step through
// (virtual seconds per real second); the console's `speed` accepts others.
var Speeds = []float64{0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 25}

// DefaultSpeed is the rate a session starts at: slow enough to follow the
// messages of an election.
const DefaultSpeed = 0.25

// maxRealDelta bounds the real time one frame may account for; after a
// slow frame or a hidden tab the clock lags rather than jumping.
const maxRealDelta = 100 * time.Millisecond

// Session is the UI's adapter over one core/lab Lab: the clock (play,
// pause, speed and step are the lab's console commands; rewind is
// deterministic replay of the lab's journal), the console output, and what
// the trace says happened (messages in flight, events, terms).
//
// It is used only from the UI goroutine while it holds the Vugu EventEnv
// lock (see wasm/main.go), so it does no locking.
type Session struct {
	Lab *lab.Lab

	gen    int                // cluster generation: a console reset starts a new one
	opts   lab.Options        // what the current world was built from
	future []lab.JournalEntry // after a rewind: commands still ahead on the timeline
	// timeline is the console output up to the horizon while rewound
	// (nil otherwise): a seek shows its lines up to the moment chosen.
	timeline []ConsoleLine
	horizon  time.Duration // furthest virtual time reached (the timeline's end)

	lastWall time.Duration        // s.wall() at the last step (0: none yet)
	wall     func() time.Duration // the real clock (sinceStart; tests replace it)

	// Console output, shared by UI actions and typed commands.
	Lines   []ConsoleLine
	LineSeq int
	calls   []*trackedCall
	// lineBytes is the text held in Lines.
	lineBytes int
	// shareSeq counts commands: the page's reload link is refreshed when
	// it moves (Root.syncShare).
	shareSeq int
	quiet    bool // replaying: no console output
	putN     int  // keys written from the member menu

	tr    *tracker
	trGen int // counts trackers (a rewind or reset starts a new one)

	// Members' drawn positions while they glide (ring.go).
	pos     [][2]float64
	glideAt time.Duration

	names []string
	index map[string]int

	// replaying are the journal's commands a replay is still to submit.
	replaying []string
}

// NewSession starts a fresh cluster with settings s (which must be Valid).
func NewSession(s Settings) *Session {
	ss := &Session{wall: sinceStart}
	ss.start(s.Options(), nil, 0)
	return ss
}

// start rebuilds the lab from opts and journal up to until with lab.Replay,
// the tracker listening from the first command.
func (s *Session) start(opts lab.Options, journal []lab.JournalEntry, until time.Duration) {
	if s.Lab != nil {
		// Its parked commands' coroutines would keep it alive.
		s.Lab.Close()
	}
	s.quiet = true
	// lab.Replay: one timeline, which a reset in the journal carries on in
	// a new world (the tracker sees it as EventReset). The tracker
	// observes the replay from before its first command, as it happens:
	// a replay runs as long as the moment chosen is far, in one call, and
	// pulling its events afterwards would need them all kept. Once it is
	// replayed the page pulls instead (pull): the lab then never calls
	// back into the page.
	var cancel func()
	lab.Replay(opts, journal, until, func(l *lab.Lab) {
		s.Lab = l
		cancel = l.Observe(s.observe)
		s.attach()
		if len(journal) == 0 {
			// A new session starts slow enough to follow an election.
			l.Submit("speed " + strconv.FormatFloat(DefaultSpeed, 'f', -1, 64))
		}
		for _, e := range journal {
			if e.At <= until {
				s.replaying = append(s.replaying, e.Line)
			}
		}
	})
	cancel()
	s.Lab.Events() // from here on the page pulls
	s.replaying = nil
	s.calls = nil
	s.quiet = false
	s.tr.settle()
	s.lastWall = s.wall()
}

// pull hands the tracker the lab's events since the last pull: the page
// calls it after each run of the clock and each command it submits.
func (s *Session) pull() {
	evs, dropped := s.Lab.Events()
	if dropped > 0 {
		// The lab ran far without the page asking (past
		// lab.MaxPendingEvents): what is drawn is made whole again, on the
		// cluster that runs now when its reset was among the dropped.
		reset := slices.ContainsFunc(evs, func(e lab.Event) bool { return e.Kind == lab.EventReset })
		if !reset && !slices.Equal(s.Lab.Names(), s.tr.names) {
			s.attach()
		}
		s.tr.lost()
	}
	for _, e := range evs {
		s.observe(e)
	}
}

// observe sees every lab event; a console reset starts a new tracker. The
// journal's commands a replay submits are listed in the event log, as when
// they were typed.
func (s *Session) observe(e lab.Event) {
	if e.Kind == lab.EventReset {
		s.attach()
	}
	if e.Kind == lab.EventCommandStarted && len(s.replaying) > 0 && e.Command == s.replaying[0] {
		s.replaying = s.replaying[1:]
		s.tr.command(e.Command)
	}
	s.tr.record(e)
}

// attach follows the lab's current cluster (again after a console reset).
func (s *Session) attach() {
	s.gen++
	s.opts = s.Lab.Options()
	s.names = s.Lab.Names()
	s.index = map[string]int{}
	for i, n := range s.names {
		s.index[n] = i
	}
	var lang Lang
	if s.tr != nil {
		lang = s.tr.lang
	}
	s.tr = newTracker(s)
	s.trGen++
	s.tr.lang = lang
	s.horizon = max(s.horizon, s.Lab.Now())
}

// Names are the member names, in ring order.
func (s *Session) Names() []string { return s.names }

// Settings are the current cluster's settings.
func (s *Session) Settings() Settings {
	o := s.opts
	st := Settings{Members: o.Members, Heartbeat: o.HeartbeatInterval, Election: o.ElectionTimeout,
		PreVote: !o.DisablePreVote, CheckQuorum: !o.DisableCheckQuorum, Latency: o.Latency,
		DropRate: o.DropRate, Seed: o.Seed, Topology: o.Topology, ControlPlanes: o.ControlPlanes}
	return st
}

// Horizon is the end of the timeline.
func (s *Session) Horizon() time.Duration {
	if now := s.Lab.Now(); now > s.horizon {
		s.horizon = now
	}
	return s.horizon
}

// Paused reports whether the clock is stopped (console `pause`).
func (s *Session) Paused() bool { return s.Lab.Paused() }

// Speed is the clock rate (console `speed`).
func (s *Session) Speed() float64 { return s.Lab.Speed() }

// SpeedIdx is the index in Speeds nearest the current speed.
func (s *Session) SpeedIdx() int {
	best := 0
	for i, v := range Speeds {
		if abs(v-s.Speed()) < abs(Speeds[best]-s.Speed()) {
			best = i
		}
	}
	return best
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// SetSpeed issues `speed` with Speeds[i] (clamped).
func (s *Session) SetSpeed(i int) {
	i = max(0, min(len(Speeds)-1, i))
	if Speeds[i] != s.Speed() {
		s.Issue("speed " + strconv.FormatFloat(Speeds[i], 'f', -1, 64))
	}
}

// SetPaused issues `pause` or `resume`.
func (s *Session) SetPaused(p bool) {
	if p != s.Paused() {
		if p {
			s.Issue("pause")
		} else {
			s.Issue("resume")
		}
	}
	s.lastWall = s.wall()
}

// Step advances the clock by the real time since the last call times the
// speed, spending at most budget of real time. It reports whether the
// clock is running (the UI then wants another frame).
func (s *Session) Step(budget time.Duration) bool {
	now := s.wall()
	dt := now - s.lastWall
	if s.lastWall == 0 || dt < 0 {
		dt = 0
	}
	dt = min(dt, maxRealDelta)
	s.lastWall = now
	if s.Paused() || s.Lab.Err() != nil {
		s.poll()
		return false
	}
	target := s.Lab.Now() + time.Duration(float64(dt)*s.Speed())
	s.advance(target, now+budget)
	return true
}

// advance runs the lab to target, submitting commands still ahead on the
// timeline when their time comes, until the wall clock passes deadline
// (zero: no deadline).
func (s *Session) advance(target time.Duration, deadline time.Duration) {
	const chunk = 5 * time.Millisecond
	for s.Lab.Now() < target && s.Lab.Err() == nil {
		stop := target
		if len(s.future) > 0 && s.future[0].At <= stop {
			stop = s.future[0].At
		}
		for s.Lab.Now() < stop && s.Lab.Err() == nil {
			s.Lab.Run(min(chunk, stop-s.Lab.Now()))
			s.poll()
			if deadline != 0 && s.wall() > deadline {
				return
			}
		}
		s.replayDue()
	}
	s.replayDue()
	s.poll()
}

func (s *Session) replayDue() {
	for len(s.future) > 0 && s.future[0].At <= s.Lab.Now() {
		e := s.future[0]
		s.future = s.future[1:]
		s.out(StreamInput, "$ "+e.Line)
		s.submit(e.Line)
		s.tr.command(e.Line)
	}
}

// StepEvent pauses and runs the clock to the next thing that happens
// (console `step`).
func (s *Session) StepEvent() {
	if !s.Paused() {
		s.Issue("pause")
	}
	s.Issue("step")
	s.Lab.Run(0) // the step runs right after the command, at this instant
	s.poll()
}

// Seek moves to virtual time t by deterministic replay of the journal (a
// fresh lab with the same options, each command at its time). Commands
// after t stay on the timeline and run again when the clock reaches them;
// a new command drops them.
func (s *Session) Seek(t time.Duration) {
	hor := s.Horizon()
	t = max(0, min(t, hor))
	if s.timeline == nil {
		s.timeline = append([]ConsoleLine(nil), s.Lines...)
	}
	journal := append(s.Lab.Journal(), s.future...)
	paused, speed := s.Paused(), s.Speed()
	s.start(s.opts, journal, t)
	s.horizon = hor
	s.future = nil
	for _, e := range journal {
		if e.At > t {
			s.future = append(s.future, e)
		}
	}
	// The replayed pause/speed commands are history; keep the page's.
	s.quiet = true
	if s.Paused() != paused {
		cmd := "resume"
		if paused {
			cmd = "pause"
		}
		s.Lab.Submit(cmd)
	}
	if s.Speed() != speed {
		s.Lab.Submit("speed " + strconv.FormatFloat(speed, 'f', -1, 64))
	}
	s.calls = nil
	s.quiet = false
	// The console shows what had been printed by then, and nothing later.
	s.Lines, s.lineBytes = nil, 0
	for _, l := range s.timeline {
		if l.At <= t {
			s.Lines = append(s.Lines, l)
			s.lineBytes += len(l.Text)
		}
	}
	s.LineSeq++
	s.info(tr(s.tr.lang, "moved to") + " " + fmtDur(s.Lab.Now()))
}

// Restart starts a fresh cluster with new settings (the timeline restarts).
func (s *Session) Restart(set Settings) {
	s.future, s.timeline = nil, nil
	s.start(set.Options(), nil, 0)
}

// Load replaces the session with a shared one, replayed to at.
func (s *Session) Load(sh *Shared) {
	s.future = nil
	s.start(sh.Lesson.apply(sh.Settings.Options()), sh.Journal, sh.At)
	for _, e := range sh.Journal {
		if e.At > sh.At {
			s.future = append(s.future, e)
		}
	}
	s.horizon = sh.At
	if n := len(sh.Journal); n > 0 && sh.Journal[n-1].At > s.horizon {
		s.horizon = sh.Journal[n-1].At
	}
	// A shared session opens paused at the moment it was shared.
	if !s.Paused() {
		s.quiet = true
		s.Lab.Submit("pause")
		s.calls = nil
		s.quiet = false
	}
}

// Journal is the lab's journal followed by the commands still ahead.
func (s *Session) Journal() []lab.JournalEntry { return append(s.Lab.Journal(), s.future...) }

// Issue runs a command typed in the console or sent by a UI action and
// echoes it. `clear` is the console's own.
func (s *Session) Issue(line string) {
	if line == "clear" {
		s.ClearConsole()
		return
	}
	s.issue(line, "$ "+line)
}

// issue runs line, echoed as echo.
func (s *Session) issue(line, echo string) {
	if len(s.future) > 0 || s.timeline != nil {
		// A new command after a rewind (play included) forks the session:
		// the commands that were later on the timeline are dropped.
		dropped := len(s.future)
		s.future, s.timeline = nil, nil
		s.horizon = s.Lab.Now()
		if dropped > 0 {
			s.info(tr(s.tr.lang, "The session forks here: later commands dropped:") + " " + strconv.Itoa(dropped))
		}
	}
	s.out(StreamInput, echo)
	s.submit(line)
	s.tr.command(line)
	s.shareSeq++
}

// MaxConsoleBytes bounds the text the console output keeps (a few 1 MB
// values must not pile up).
const MaxConsoleBytes = 8 << 20

func (s *Session) out(st Stream, text string) {
	if s.quiet {
		return
	}
	s.LineSeq++
	s.Lines = append(s.Lines, ConsoleLine{Stream: st, Text: text, ID: s.LineSeq, At: s.Lab.Now()})
	s.lineBytes += len(text)
	drop := 0
	for len(s.Lines)-drop > MaxConsoleLines || (s.lineBytes > MaxConsoleBytes && len(s.Lines)-drop > 1) {
		s.lineBytes -= len(s.Lines[drop].Text)
		drop++
	}
	if drop > 0 {
		s.Lines = append([]ConsoleLine(nil), s.Lines[drop:]...)
	}
}

func (s *Session) info(text string) { s.out(StreamInfo, text) }

// ClearConsole empties the console output.
func (s *Session) ClearConsole() {
	s.Lines, s.lineBytes = nil, 0
	s.LineSeq++
}

// Interrupt is Ctrl-C: it cancels the newest command still running in the
// foreground, through the console's own `cancel N` (so the journal, and a
// replay, hold it too). It reports whether there was one.
func (s *Session) Interrupt() bool {
	for i := len(s.calls) - 1; i >= 0; i-- {
		c := s.calls[i].c
		if c.Done() {
			continue
		}
		s.issue("cancel "+strconv.Itoa(c.ID), "^C")
		return true
	}
	return false
}

// WaitLine tells what the newest waiting foreground command waits for
// (core/lab's Call.Waiting), in lang; "" when nothing waits.
func (s *Session) WaitLine(lang Lang) string {
	for i := len(s.calls) - 1; i >= 0; i-- {
		if w, ok := s.Lab.Waiting(s.calls[i].c); ok {
			return clip(w.Text(lang))
		}
	}
	return ""
}
