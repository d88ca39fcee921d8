package web

import (
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/lab"
)

// The console runs core/lab's commands (l.Submit): etcdctl, etcdutl and
// the fault and clock commands. A call runs in virtual time; its output
// grows as the clock moves and is copied to the console line by line.

// trackedCall is a submitted command whose output is still being copied.
type trackedCall struct {
	_        noEqual
	c        *lab.Call
	out, err int // bytes of stdout and stderr already copied
	partial  [2]string
}

// submit starts a command in the lab and follows its output.
func (s *Session) submit(line string) {
	c := s.Lab.Submit(line)
	s.calls = append(s.calls, &trackedCall{c: c})
	s.poll()
}

// poll pulls the lab's new events for the tracker, and copies new output
// of running commands to the console, with the exit status when they
// finish.
func (s *Session) poll() {
	s.pull()
	if len(s.calls) == 0 {
		return
	}
	keep := s.calls[:0]
	for _, tc := range s.calls {
		r := tc.c.Result()
		done := tc.c.Done()
		tc.out = s.copyLines(StreamStdout, r.Stdout, tc.out, done, &tc.partial[0])
		tc.err = s.copyLines(StreamStderr, r.Stderr, tc.err, done, &tc.partial[1])
		if done {
			s.exit(r.Exit)
			continue
		}
		keep = append(keep, tc)
	}
	for i := len(keep); i < len(s.calls); i++ {
		s.calls[i] = nil
	}
	s.calls = keep
}

// copyLines appends the complete lines of text after byte from (the
// rest too when flush) and returns the new position.
func (s *Session) copyLines(st Stream, text string, from int, flush bool, _ *string) int {
	if from > len(text) {
		from = 0
	}
	rest := text[from:]
	for {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		s.out(st, rest[:i])
		from += i + 1
		rest = rest[i+1:]
	}
	if flush && rest != "" {
		s.out(st, rest)
		from += len(rest)
	}
	return from
}

func (s *Session) exit(code int) {
	s.out(StreamExit, "exit status "+strconv.Itoa(code))
}

// Running is how many commands are still running (watches, waits...).
func (s *Session) Running() int { return len(s.calls) }

// CancelAll stops every running command, as Ctrl-C would.
func (s *Session) CancelAll() {
	if len(s.calls) > 0 {
		s.Issue("cancel")
	}
}

// KV is one key as a member sees it (core/lab's l.KV).
type KV = lab.KV

// MaxKVRows bounds the keys shown in the data panel.
const MaxKVRows = 100

// DataView is the data panel: a member's applied key-value state.
type DataView struct {
	Member   string
	Up       bool
	Revision int64 // the member's store revision
	// Behind is how many revisions the newest up member is ahead: a member
	// cut off from the leader shows older data.
	Behind int64
	Total  int  // keys in its state
	KVs    []KV // the first MaxKVRows, in key order
	Err    string
}

// KV returns the keys in member's applied state, in key order, at most
// MaxKVRows; nil when it is down.
func (s *Session) KV(member string) []KV { return s.Data(member).KVs }

// Data reads member's applied state with l.KV, and the other members'
// revisions to tell whether it is behind.
func (s *Session) Data(member string) DataView {
	d := DataView{Member: member}
	if !s.Lab.Up(member) {
		return d
	}
	d.Up = true
	kvs, rev, err := s.Lab.KV(member)
	if err != nil {
		d.Err = err.Error()
	}
	d.Revision, d.Total = rev, len(kvs)
	if len(kvs) > MaxKVRows {
		kvs = kvs[:MaxKVRows]
	}
	d.KVs = kvs
	for _, n := range s.names {
		if n == member {
			continue
		}
		if r := s.Lab.Revision(n); r-rev > d.Behind {
			d.Behind = r - rev
		}
	}
	return d
}

// Quorum is the quorum panel: the source note's arithmetic for the live
// cluster and its largest side (core/lab's l.Quorum).
type Quorum = lab.Quorum

// QuorumNow is the quorum panel now.
func (s *Session) QuorumNow() Quorum { return s.Lab.Quorum() }
