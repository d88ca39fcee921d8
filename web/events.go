package web

import (
	"strconv"
	"time"

	"github.com/raftlab/raftlab/core/lab"
)

type evKind int

const (
	evCommand evKind = iota
	evKill
	evStart
	evStopping
	evRemoved
	evLeader
	evFollow
	evVoteGranted
	evVoteRejected
	evCommit
	evSnapshot
	evTimeout    // timer fired, then a (pre-)campaign: one sentence
	evTimeoutNow // told to time out by the leader (transfer)
	evCampaign   // a campaign without a timeout (after winning a pre-vote)
	evLost
	evStepDown
	evIgnored
	evTransfer
	evAppendRejected
)

// Event is one thing worth telling, kept as data and put into words in the
// language chosen at render time.
type Event struct {
	_    noEqual
	At   time.Duration
	Kind evKind
	M, P int // member and peer ring indexes (-1: none)
	Term uint64
	N    uint64
	D    time.Duration
	Pre  bool
	S    string
	// Reason is why a vote was refused.
	Reason lab.Reason
}

// EventView is an event as the log shows it.
type EventView struct {
	_     noEqual
	Key   string
	Seq   uint64 // its number among the tracker's events (stable while the log grows)
	At    string
	Text  string
	Class string
}

// fmtDur formats virtual time as seconds, e.g. "1.43 s".
func fmtDur(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s"
}

func (t *tracker) name(i int) string {
	if i < 0 || i >= len(t.names) {
		return "?"
	}
	return t.names[i]
}

// Sentence puts an event into words through the message catalog.
func (t *tracker) Sentence(e Event, lang Lang) string {
	key := sentenceKeys[e.Kind]
	switch e.Kind {
	case evVoteGranted, evVoteRejected, evTimeout, evCampaign:
		if e.Pre {
			key += ".prevote"
		} else {
			key += ".vote"
		}
	}
	term := strconv.FormatUint(e.Term, 10)
	return lang.Format(key, "member", t.name(e.M), "peer", t.name(e.P), "term", term,
		"index", strconv.FormatUint(e.N, 10), "dur", fmtDur(e.D), "line", e.S,
		"reason", lang.Text("reason."+e.Reason.String()))
}

// sentenceKeys are the catalog keys of the event log's sentences (votes,
// timeouts and campaigns add .prevote or .vote).
var sentenceKeys = [...]string{
	evCommand: "ev.command", evKill: "ev.kill", evStart: "ev.start", evStopping: "ev.stopping",
	evRemoved: "ev.removed", evLeader: "ev.leader", evFollow: "ev.follow",
	evVoteGranted: "ev.granted", evVoteRejected: "ev.refused", evCommit: "ev.commit",
	evSnapshot: "ev.snapshot", evTimeout: "ev.timeout", evTimeoutNow: "ev.timeout-now",
	evCampaign: "ev.campaign", evLost: "ev.lost", evStepDown: "ev.step-down", evIgnored: "ev.ignored",
	evTransfer: "ev.transfer", evAppendRejected: "ev.append-rejected",
}

func (e Event) class() string {
	switch e.Kind {
	case evCommand:
		return "ev ev-command"
	case evKill, evRemoved, evStepDown, evLost:
		return "ev ev-bad"
	case evLeader:
		return "ev ev-leader"
	case evTimeout, evTimeoutNow, evCampaign:
		return "ev ev-election"
	case evVoteGranted, evVoteRejected, evIgnored:
		return "ev ev-vote"
	case evCommit:
		return "ev ev-commit"
	}
	return "ev"
}

// RecentEvents returns up to n of the newest events, newest first, in lang.
func (s *Session) RecentEvents(n int, lang Lang, hideCommits bool) []EventView {
	t := s.tr
	out := make([]EventView, 0, n)
	for i := len(t.events) - 1; i >= 0 && len(out) < n; i-- {
		e := t.events[i]
		if hideCommits && e.Kind == evCommit {
			continue
		}
		out = append(out, EventView{
			Key:   strconv.Itoa(i) + "@" + strconv.FormatInt(int64(e.At), 10),
			Seq:   t.added - uint64(len(t.events)) + uint64(i),
			At:    fmtDur(e.At),
			Text:  t.Sentence(e, lang),
			Class: e.class(),
		})
	}
	return out
}
