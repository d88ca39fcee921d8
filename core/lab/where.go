package lab

import (
	"strconv"
	"time"

	"github.com/raftlab/raftlab/core/console"
	"github.com/raftlab/raftlab/core/raft/quorum"
)

// Where the console runs and what its requests wait for: typed facts for
// the page (its prompt, the quorum panel, the line under a waiting
// command), so the page never reads them back from printed text.

// Host is the member the console runs on (`host`), as in `ssh node-1`.
func (l *Lab) Host() string { return l.con.Host() }

// Side is one side of a network partition: members that can all reach each
// other. Only a side whose members up are a majority of the cluster can elect
// a leader and commit (Raft §5.2, §5.3); with CheckQuorum a leader on the
// other side steps down.
type Side struct {
	Members []string // in name order
	Up      int      // members up on this side
	Quorum  bool     // Up is a majority of the cluster's voting members
}

// Sides are the partition's sides in name order of their first member, one
// side when the network is whole (one-way cuts do not split it into sides).
// A member that `isolate` cut off from everyone is a side of its own.
func (l *Lab) Sides() []Side {
	groups := l.w.Net().Groups()
	var sides []Side
	byGroup := map[int]int{}
	voters := 0
	for _, name := range l.Names() {
		id := l.byName[name]
		m := l.w.Member(id)
		if m == nil || m.Removed() {
			continue
		}
		voters++
		key := 0 // the network is whole: one side
		if len(groups) > 0 {
			if g, ok := groups[id]; ok {
				key = g
			} else {
				key = -1 - voters // cut off from everyone: a side of its own
			}
		}
		i, ok := byGroup[key]
		if !ok {
			i = len(sides)
			byGroup[key] = i
			sides = append(sides, Side{})
		}
		sides[i].Members = append(sides[i].Members, name)
		if m.Up() {
			sides[i].Up++
		}
	}
	for i := range sides {
		sides[i].Quorum = sides[i].Up >= quorum.Size(voters)
	}
	return sides
}

// SideOf is the index in Sides of a member's side, or -1.
func SideOf(sides []Side, name string) int {
	for i, s := range sides {
		for _, m := range s.Members {
			if m == name {
				return i
			}
		}
	}
	return -1
}

// Wait says why a command's client request is still waiting, while it
// waits: a request is answered only once it commits, which needs a leader
// that a majority of the cluster follows (etcd's clients wait out their
// command timeout otherwise, with nothing printed until it expires).
type Wait struct {
	Member   string        // the member the request was sent to
	Since    time.Duration // virtual time it was sent
	Leader   string        // the leader that member knows ("": none)
	Minority bool          // the member's side holds no quorum
	Up, Of   int           // members up on its side, of the cluster
}

// Text is the sentence the page shows, in lang (core/catalog's wait.*).
func (w Wait) Text(lang Lang) string {
	key := "wait.commit"
	switch {
	case w.Minority:
		key = "wait.minority"
	case w.Leader == "":
		key = "wait.no-leader"
	}
	return lang.Format(key, "member", w.Member, "leader", w.Leader,
		"up", strconv.Itoa(w.Up), "of", strconv.Itoa(w.Of))
}

// String is the English sentence.
func (w Wait) String() string { return w.Text(English) }

// Waiting reports why call c's client request is still unanswered, once
// that is worth saying: its member is on a minority side or knows no
// leader, or the request has waited longer than an election timeout.
func (l *Lab) Waiting(c *Call) (Wait, bool) {
	member, since, ok := c.Request()
	if !ok {
		return Wait{}, false
	}
	w := Wait{Member: member, Since: since}
	id, err := l.id(member)
	if err != nil {
		return Wait{}, false
	}
	m := l.w.Member(id)
	if m == nil {
		return Wait{}, false
	}
	if m.Up() {
		w.Leader = l.name(m.Status().Lead)
	}
	sides := l.Sides()
	if i := SideOf(sides, w.Member); i >= 0 {
		w.Minority = !sides[i].Quorum
		w.Up = sides[i].Up
	}
	for _, s := range sides {
		w.Of += len(s.Members)
	}
	if w.Minority || w.Leader == "" || l.Now()-w.Since > l.opts.ElectionTimeout {
		return w, true
	}
	return Wait{}, false
}

// Complete is the console's Tab completion of line (core/console).
func (l *Lab) Complete(line string) Completion { return l.con.Complete(line) }

// Completion is what Tab does to a console line.
type Completion = console.Completion

// Keys are the keys in member's store (or, when it is down, the first
// member up's), at most limit, in key order.
func (m *machine) Keys(member string, limit int) []string {
	for _, n := range append([]string{member}, m.lab().Names()...) {
		kvs, _, err := m.lab().KV(n)
		if err != nil || kvs == nil {
			continue
		}
		out := make([]string, 0, min(len(kvs), limit))
		for _, kv := range kvs[:min(len(kvs), limit)] {
			out = append(out, kv.Key)
		}
		return out
	}
	return nil
}
