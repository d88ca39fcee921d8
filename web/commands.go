package web

import (
	"fmt"
	"strings"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/lab"
	"github.com/raftlab/raftlab/core/raft/quorum"
)

// The console runs core/lab's commands (l.Submit): etcdctl, etcdutl and
// the fault and clock commands. A call runs in virtual time; its output
// grows as the clock moves and is copied to the console line by line.

// trackedCall is a submitted command whose output is still being copied.
type trackedCall struct {
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

// poll copies new output of running commands to the console, with the
// exit status when they finish.
func (s *Session) poll() {
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
	s.out(StreamExit, fmt.Sprintf("exit status %d", code))
}

// Running is how many commands are still running (watches, waits...).
func (s *Session) Running() int { return len(s.calls) }

// CancelAll stops every running command, as Ctrl-C would.
func (s *Session) CancelAll() {
	if len(s.calls) > 0 {
		s.Issue("cancel")
	}
}

// KV is one key as a member sees it.
//
// TODO(lab#4): use l.KV(member) and l.Revision(member) when they exist.
type KV struct {
	Key, Value                                  string
	CreateRevision, ModRevision, Version, Lease int64
}

// MaxKVRows bounds the keys read for the data panel.
const MaxKVRows = 100

// KV returns the keys in member's applied state (its etcd store), with
// revisions, in key order, at most MaxKVRows; nil when it is down.
//
// TODO(lab): use l.KV(member) and l.Revision(member) when they exist.
func (s *Session) KV(member string) []KV {
	kvs, _ := s.kvState(member)
	return kvs
}

func (s *Session) kvState(member string) ([]KV, int64) {
	m := s.member(member)
	if m == nil || !m.Up() {
		return nil, 0
	}
	srv, ok := m.App.(*etcdserver.Server)
	if !ok || srv.Store() == nil {
		return nil, 0
	}
	st := srv.Store()
	resp, err := st.Range(&etcdpb.RangeRequest{Key: []byte{0}, RangeEnd: []byte{0}, Limit: MaxKVRows, Serializable: true})
	if err != nil || resp == nil {
		return nil, st.Rev()
	}
	out := make([]KV, 0, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		out = append(out, KV{Key: string(kv.Key), Value: string(kv.Value), CreateRevision: kv.CreateRevision,
			ModRevision: kv.ModRevision, Version: kv.Version, Lease: kv.Lease})
	}
	return out, st.Rev()
}

// Quorum is the arithmetic of the source note's table for the live cluster.
type Quorum struct {
	Members, Size, Tolerated, Up int
	// Largest is the most members up that can all reach each other.
	Largest   int
	CanCommit bool
}

// QuorumNow computes the quorum panel.
func (s *Session) QuorumNow(st []MemberView) Quorum {
	n := len(st)
	q := Quorum{Members: n, Size: quorum.Size(n), Tolerated: quorum.Tolerated(n)}
	groups := map[int]int{}
	for _, m := range st {
		if m.Up {
			q.Up++
			groups[m.Group]++
		}
	}
	for g, c := range groups {
		if g < 0 { // isolated: a group of one
			c = 1
		}
		q.Largest = max(q.Largest, c)
	}
	q.CanCommit = q.Largest >= q.Size
	return q
}
