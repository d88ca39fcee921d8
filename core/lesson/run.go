package lesson

import (
	"fmt"
	"strings"
	"time"
)

// View is what checks read of the session: the deterministic cluster now.
type View interface {
	Now() time.Duration
	// Members in name order.
	Members() []Member
	// Groups is the network partition (nil: none); members isolated alone
	// are groups of one.
	Groups() [][]string
	// Value is what a linearizable read of key answers now: the leader's
	// applied state (ok false when there is no leader or no such key).
	Value(key string) (string, bool)
	// Keys is the number of keys in the leader's applied state.
	Keys() int
	// HasFile reports whether host (any host if empty) has a file whose path
	// matches pattern.
	HasFile(host, pattern string) bool
	// Violation is the first Raft safety violation, or nil.
	Violation() error
	// Linearizable checks the session's client history (porcupine).
	Linearizable() bool
}

// Member is one member as checks see it.
type Member struct {
	_       [0]func() // not comparable: no generated equality in the page
	Name    string
	Up      bool
	Role    string // leader, follower, candidate, pre-candidate, learner; "" when down
	Term    uint64
	Leader  string
	Commit  uint64
	Applied uint64
	Learner bool
	Removed bool
}

// Command is one console command the learner ran, once it finished.
type Command struct {
	Line           string
	Exit           int
	Stdout, Stderr string
	At             time.Duration
}

// EventKind is a typed event of the lab (core/lab's lab.Event, as
// l.Observe delivers it; core/lab/lesson.go maps it), as lessons use them.
type EventKind int

const (
	EvCampaign        EventKind = iota // Member started an election for Term (a candidate)
	EvPreCampaign                      // Member started a pre-election (a pre-candidate)
	EvLeader                           // Member acted as leader in Term
	EvTimeout                          // Member's election timer fired
	EvStepDown                         // Member, a leader, stepped down: no quorum heard (CheckQuorum)
	EvElectionLost                     // Member's (pre-)election was refused by a majority
	EvVoteIgnored                      // Member ignored a vote request under the leader lease
	EvMessage                          // a message Msg From → To delivered, or Dropped
	EvCommit                           // Member's commit index rose to Index
	EvFault                            // a fault was injected at Member
	EvVoteGranted                      // Member voted for From in Term (a real election)
	EvPreVoteRejected                  // Member refused (or ignored, under the lease) From's pre-vote
	EvTransfer                         // Member, a leader, began handing leadership to From
)

var eventNames = [...]string{"campaign", "pre-campaign", "leader", "timeout", "step-down",
	"election-lost", "vote-ignored", "message", "commit", "fault", "vote-granted", "pre-vote-rejected",
	"transfer"}

var eventByName = func() map[string]EventKind {
	m := map[string]EventKind{}
	for i, n := range eventNames {
		m[n] = EventKind(i)
	}
	return m
}()

func (k EventKind) String() string { return eventNames[k] }

// Event is one event of the lab.
type Event struct {
	At      time.Duration
	Kind    EventKind
	Member  string
	Term    uint64
	Index   uint64
	Msg     string
	From    string
	To      string
	Dropped bool
}

// Run is one learner's progress through a lesson. It is fed only by the
// deterministic session (commands, events, the view at fixed virtual
// times), so replaying the session rebuilds it exactly.
type Run struct {
	Lesson *Lesson
	Seed   int64
	// Step is the current step's index (len(Steps) once done).
	Step int
	// Finished holds the virtual time each step passed.
	Finished []time.Duration

	stepStart time.Duration
	anchors   map[string]string
	startTerm uint64
	checks    []checkState
	// Attempts counts failed attempts in this step: commands that failed,
	// `never` checks broken, `within` deadlines missed.
	Attempts int
	// unlocked marks this step's hints that are shown.
	unlocked []bool
	// SolutionShown is set once the learner asked for the solution.
	SolutionShown bool
	// Restarts counts step restarts (broken never / missed within), with the
	// label of the last culprit for the checklist.
	Restarts int
	culprit  Text

	terms map[uint64]*termInfo
}

type checkState struct {
	_      [0]func() // not comparable: no generated equality in the page
	passed bool
	at     time.Duration
	count  int
}

type termInfo struct {
	candidates map[string]bool
	leader     bool
}

// Start begins a lesson at the view's moment (after its setup).
func Start(ls *Lesson, seed int64, v View) *Run {
	r := &Run{Lesson: ls, Seed: seed}
	r.beginStep(v)
	return r
}

// Resume begins a lesson at step with the given checks of that step
// already passed (a rebuilt cluster's replay; see Passed).
func Resume(ls *Lesson, seed int64, step int, passed []int, v View) *Run {
	r := &Run{Lesson: ls, Seed: seed, Step: min(max(step, 0), len(ls.Steps))}
	r.Finished = make([]time.Duration, r.Step)
	r.beginStep(v)
	for _, i := range passed {
		if i >= 0 && i < len(r.checks) {
			r.checks[i].passed = true
		}
	}
	return r
}

// Passed lists the current step's checks that passed.
func (r *Run) Passed() []int {
	var out []int
	for i, c := range r.checks {
		if c.passed {
			out = append(out, i)
		}
	}
	return out
}

// ClockReset follows the lab onto a new cluster whose clock starts again:
// times, terms and anchors are taken afresh; what passed stays passed.
func (r *Run) ClockReset(v View) {
	checks, attempts, unlocked := r.checks, r.Attempts, r.unlocked
	r.beginStep(v)
	for i := range checks {
		if i < len(r.checks) && checks[i].passed {
			r.checks[i] = checkState{passed: true, at: v.Now(), count: checks[i].count}
		}
	}
	r.Attempts, r.unlocked = attempts, unlocked
	for i := range r.Finished {
		r.Finished[i] = 0
	}
}

// Done reports whether every step passed.
func (r *Run) Done() bool { return r.Step >= len(r.Lesson.Steps) }

func (r *Run) cur() *Step {
	if r.Done() {
		return nil
	}
	return &r.Lesson.Steps[r.Step]
}

func (r *Run) beginStep(v View) {
	r.stepStart = v.Now()
	r.anchors = map[string]string{}
	r.terms = map[uint64]*termInfo{}
	r.Attempts = 0
	r.checks = nil
	r.unlocked = nil
	r.startTerm = maxTerm(v)
	for _, m := range v.Members() {
		switch {
		case m.Up && m.Role == "leader" && r.anchors["@leader"] == "":
			r.anchors["@leader"] = m.Name
		case m.Up && m.Role == "follower" && r.anchors["@follower"] == "":
			r.anchors["@follower"] = m.Name
		case !m.Up && !m.Removed && r.anchors["@down"] == "":
			r.anchors["@down"] = m.Name
		}
	}
	if s := r.cur(); s != nil {
		r.checks = make([]checkState, len(s.Checks))
		r.unlocked = make([]bool, len(s.Hints))
	}
}

// restart begins the current step again after a failed attempt.
func (r *Run) restart(v View, why Text) {
	attempts := r.Attempts + 1
	unlocked, anchors := r.unlocked, r.anchors
	r.beginStep(v)
	// The members the step is about stay the same: "the leader" is still
	// the one that led when the step began.
	for k, n := range anchors {
		r.anchors[k] = n
	}
	r.Attempts, r.unlocked = attempts, unlocked
	r.Restarts++
	r.culprit = why
	r.unlockHints(v, "")
}

func (r *Run) resolve(name string) string {
	if strings.HasPrefix(name, "@") {
		if n, ok := r.anchors[name]; ok {
			return n
		}
		return "\x00" + name // an anchor not captured matches nobody
	}
	return name
}

// Anchor returns a member captured at the step's start (@leader,
// @follower, @down), or "".
func (r *Run) Anchor(name string) string { return r.anchors[name] }

// index of a check by id in the current step.
func (r *Run) index(id string) int {
	for i, c := range r.cur().Checks {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// since is when counting starts for check i: the step's start, or when its
// After check passed; ok is false while that check has not passed.
func (r *Run) since(i int) (time.Duration, bool) {
	c := &r.cur().Checks[i]
	if c.After == "" {
		return r.stepStart, true
	}
	j := r.index(c.After)
	if !r.checks[j].passed {
		return 0, false
	}
	return r.checks[j].at, true
}

func (r *Run) withOK(c *Check, v View) bool {
	for _, id := range c.With {
		j := r.index(id)
		if !r.evalState(&r.cur().Checks[j], v) {
			return false
		}
	}
	return true
}

// Command feeds a finished console command (never `lesson ...` itself).
func (r *Run) Command(cmd Command, v View) {
	if r.Done() {
		return
	}
	if cmd.Exit != 0 {
		r.Attempts++
	}
	s := r.cur()
	for i := range s.Checks {
		c := &s.Checks[i]
		if c.Kind != KindCommand || r.checks[i].passed {
			continue
		}
		from, ok := r.since(i)
		if !ok || cmd.At < from || !c.commandMatches(cmd) || !r.withOK(c, v) {
			continue
		}
		if r.occurred(i, v, cmd.At) {
			return
		}
	}
	r.unlockHints(v, cmd.Stdout+"\n"+cmd.Stderr)
	r.Eval(v)
}

// Event feeds one event of the lab.
func (r *Run) Event(e Event, v View) {
	if r.Done() {
		return
	}
	switch e.Kind {
	case EvCampaign:
		r.term(e.Term).candidates[e.Member] = true
	case EvLeader:
		r.term(e.Term).leader = true
	}
	s := r.cur()
	for i := range s.Checks {
		c := &s.Checks[i]
		if r.checks[i].passed {
			continue
		}
		from, ok := r.since(i)
		if !ok || e.At < from {
			continue
		}
		hit := false
		switch c.Kind {
		case KindEvent:
			hit = eventByName[c.Event] == e.Kind && r.memberOK(c, e.Member) && (c.From == "" || e.From == r.resolve(c.From))
		case KindMessage:
			hit = e.Kind == EvMessage && e.Msg == c.Msg && e.Dropped == c.Dropped &&
				(c.From == "" || e.From == r.resolve(c.From)) && (c.To == "" || e.To == r.resolve(c.To)) &&
				(c.Not == "" || e.From != r.resolve(c.Not))
		case KindSplitVote:
			// A term is a split vote once a later term began with no
			// leader elected in it and two or more candidates.
			if e.Kind == EvCampaign {
				for t, ti := range r.terms {
					if t < e.Term && !ti.leader && len(ti.candidates) >= 2 {
						hit = true
						delete(r.terms, t)
					}
				}
			}
		}
		if !hit || !r.withOK(c, v) {
			continue
		}
		if r.occurred(i, v, e.At) {
			return
		}
	}
}

// occurred counts one occurrence of what check i of the step waits for, at
// time at: a `never` check restarts the step (and occurred reports it: the
// step's checks are new), any other passes once it has seen its minimum.
func (r *Run) occurred(i int, v View, at time.Duration) (restarted bool) {
	c := &r.cur().Checks[i]
	r.checks[i].count++
	if c.Never {
		r.restart(v, c.Label)
		return true
	}
	if r.checks[i].count >= c.min(1) {
		r.pass(i, at)
	}
	return false
}

func (r *Run) term(t uint64) *termInfo {
	ti := r.terms[t]
	if ti == nil {
		ti = &termInfo{candidates: map[string]bool{}}
		r.terms[t] = ti
	}
	return ti
}

func (r *Run) pass(i int, at time.Duration) {
	r.checks[i] = checkState{passed: true, at: at, count: r.checks[i].count}
}

// verdict kinds are checked only once the step's other checks passed: they
// judge the outcome.
func verdict(c *Check) bool { return c.Kind == KindInvariant || c.Kind == KindLinear }

// Eval evaluates the current step's state checks, deadlines and `never`
// checks against the view, and moves on when the step is complete. It is
// called at fixed virtual times and after every command.
func (r *Run) Eval(v View) {
	for !r.Done() {
		s := r.cur()
		now := v.Now()
		rest := true
		for i := range s.Checks {
			c := &s.Checks[i]
			if r.checks[i].passed || verdict(c) {
				continue
			}
			from, ok := r.since(i)
			if c.Never {
				if ok && c.state() && r.evalState(c, v) && r.withOK(c, v) {
					r.restart(v, c.Label)
					return
				}
				continue
			}
			if ok && c.state() && r.evalState(c, v) && r.withOK(c, v) {
				r.pass(i, now)
				continue
			}
			if ok && c.Within != "" && now > from+durOr(c.Within) {
				r.restart(v, c.Label)
				return
			}
			rest = false
		}
		if !rest {
			r.unlockHints(v, "")
			return
		}
		for i := range s.Checks {
			c := &s.Checks[i]
			if verdict(c) && !c.Never {
				if !r.evalState(c, v) {
					r.unlockHints(v, "")
					return
				}
				r.pass(i, now)
			}
		}
		r.Finished = append(r.Finished, now)
		r.Step++
		r.beginStep(v)
	}
}

// unlockHints unlocks hints whose trigger fired; output is the last
// command's output ("" when none).
func (r *Run) unlockHints(v View, output string) {
	s := r.cur()
	if s == nil {
		return
	}
	for i, h := range s.Hints {
		switch {
		case r.unlocked[i]:
		case h.After > 0 && r.Attempts >= h.After:
			r.unlocked[i] = true
		case h.AfterSec > 0 && v.Now()-r.stepStart >= time.Duration(h.AfterSec*float64(time.Second)):
			r.unlocked[i] = true
		case h.OnError != "" && output != "" && match(h.OnError, output):
			r.unlocked[i] = true
		}
	}
}

// AskHint unlocks the next locked hint (asking is itself a trigger) and
// returns the hints unlocked so far.
func (r *Run) AskHint() []Text {
	for i := range r.unlocked {
		if !r.unlocked[i] {
			r.unlocked[i] = true
			break
		}
	}
	return r.Hints()
}

// Hints returns the current step's unlocked hints.
func (r *Run) Hints() []Text {
	s := r.cur()
	if s == nil {
		return nil
	}
	var out []Text
	for i, u := range r.unlocked {
		if u {
			out = append(out, s.Hints[i].Text)
		}
	}
	return out
}

// HintsLeft is how many hints of the step are still locked.
func (r *Run) HintsLeft() int {
	n := 0
	for _, u := range r.unlocked {
		if !u {
			n++
		}
	}
	return n
}

// CheckStatus is one checklist line.
type CheckStatus struct {
	Label  Text
	Passed bool
	Never  bool
}

// Checklist is the current step's checks (nil when done).
func (r *Run) Checklist() []CheckStatus {
	s := r.cur()
	if s == nil {
		return nil
	}
	out := make([]CheckStatus, len(s.Checks))
	for i, c := range s.Checks {
		out[i] = CheckStatus{Label: c.Label, Passed: r.checks[i].passed, Never: c.Never}
	}
	return out
}

// Culprit is the label of the check that last made the step restart.
func (r *Run) Culprit() Text { return r.culprit }

// StatusLines renders `lesson status`: every step, the current one's
// checklist, and last exactly "lesson <id>: <k>/<n> steps done".
func (r *Run) StatusLines(lang string) []string {
	ls := r.Lesson
	out := []string{ls.Title.In(lang)}
	add := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	for i := range ls.Steps {
		mark := "[ ]"
		switch {
		case i < r.Step:
			mark = "[x]"
		case i == r.Step:
			mark = "[>]"
		}
		add("%s %s %d: %s", mark, tr(lang, "step"), i+1, ls.Steps[i].Goal.In(lang))
		if i != r.Step {
			continue
		}
		for _, c := range r.Checklist() {
			m := "[ ]"
			if c.Passed {
				m = "[x]"
			}
			if c.Never {
				m = "[!]"
			}
			add("    %s %s", m, c.Label.In(lang))
		}
		if r.culprit != nil {
			add("    %s %s", tr(lang, "restarted after:"), r.culprit.In(lang))
		}
	}
	if r.Step > 0 {
		s := &ls.Steps[r.Step-1]
		add("%s %s (%s)", tr(lang, "why:"), s.Explain.In(lang), s.Source)
	}
	add("lesson %s: %d/%d steps done", ls.ID, r.Step, len(ls.Steps))
	return out
}

// tr are the engine's own few words.
func tr(lang, s string) string {
	if lang == "ko" {
		switch s {
		case "restarted after:":
			return "다시 시작한 이유:"
		case "step":
			return "단계"
		case "why:":
			return "이유:"
		}
	}
	return s
}
