package lesson

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// Check is one predicate of the closed set below, with its checklist label.
// Which fields matter depends on Kind; member names may be anchors captured
// when the step starts: @leader (the leader then), @follower (the first
// follower), @down (the first member down).
type Check struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	Kind  string `json:"kind"`

	Member string `json:"member,omitempty"`
	Not    string `json:"not,omitempty"`
	Role   string `json:"role,omitempty"`
	// Side is "majority" or "minority": the partition side (by quorum of
	// voters) the member or leader is on.
	Side string `json:"side,omitempty"`
	Min  *int   `json:"min,omitempty"`
	// Tol, for down: exactly the fault tolerance plus Tol members are down
	// (the tolerance of the voters now: (n-1)/2).
	Tol *int `json:"tol,omitempty"`
	// Even, for voters: their number is even.
	Even bool `json:"even,omitempty"`
	Max  *int `json:"max,omitempty"`

	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`

	// Console history: patterns (see match) on the command line and output
	// (Output "+" means: printed something).
	Cmd    string `json:"cmd,omitempty"`
	Exit   *int   `json:"exit,omitempty"`
	Failed bool   `json:"failed,omitempty"`
	Output string `json:"output,omitempty"`

	Host string `json:"host,omitempty"`
	Path string `json:"path,omitempty"`

	Event   string `json:"event,omitempty"`
	Msg     string `json:"msg,omitempty"`
	Dropped bool   `json:"dropped,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`

	Sizes []int `json:"sizes,omitempty"`
	// Healed, for partition: the network is whole again.
	Healed bool   `json:"healed,omitempty"`
	Quorum string `json:"quorum,omitempty"`

	Func string `json:"func,omitempty"`

	// Within: the check must pass within this much virtual time of the
	// step's start (or of the check After). After: count only what happens
	// once that check has passed. With: state checks that must hold at the
	// same moment. Never: the step fails (and restarts) if this holds.
	Within string   `json:"within,omitempty"`
	After  string   `json:"after,omitempty"`
	With   []string `json:"with,omitempty"`
	Never  bool     `json:"never,omitempty"`
}

// The closed set of check kinds, by what they read.
const (
	// Cluster state.
	KindLeader    = "leader"     // a leader exists (Member/Not/Side narrow it)
	KindNoLeader  = "no-leader"  // no member up is leader (on Side, if set)
	KindRole      = "role"       // Member has Role, or Min..Max members have it
	KindTerm      = "term"       // the highest term rose by Min..Max since the step began
	KindUp        = "up"         // Member is up, or Min..Max members are
	KindDown      = "down"       // Member is down, or Min..Max members are
	KindCaughtUp  = "caught-up"  // every member up applied all the leader committed
	KindPartition = "partition"  // the network is split in Sizes; Quorum: "none" or "one" side holds one
	KindVoters    = "voters"     // Min..Max voting members in the configuration
	KindLearners  = "learners"   // Min..Max learners
	KindKey       = "key"        // Key reads Value linearizably (the leader's applied state)
	KindKeys      = "keys"       // at least Min keys are stored
	KindFile      = "file"       // a file matching Path exists on Host (any host if empty)
	KindInvariant = "invariants" // Raft's safety invariants held
	KindLinear    = "linearizable"
	// Events seen during the step.
	KindEvent     = "event"      // Event (see EventKind names) at Member, at least Min times
	KindMessage   = "message"    // a message of type Msg delivered (or Dropped) From → To
	KindSplitVote = "split-vote" // two or more candidates in one term, and no leader in it
	// Console history.
	KindCommand = "command" // a command matching Cmd finished with Exit (or Failed) and Output
	// Go escape hatch.
	KindFunc = "func"
)

// stateKind reports whether kind is decided on the state now (a switch:
// a map literal's initialisation is code in the page).
func stateKind(kind string) bool {
	switch kind {
	case KindLeader, KindNoLeader, KindRole, KindTerm, KindUp, KindDown, KindCaughtUp, KindPartition,
		KindVoters, KindLearners, KindKey, KindKeys, KindFile, KindInvariant, KindLinear, KindFunc:
		return true
	}
	return false
}

// Funcs are the Go predicates KindFunc checks name: the escape hatch for a
// rare condition the closed set cannot say.
var Funcs = map[string]func(v View, r *Run) bool{}

func (c *Check) validate() error {
	switch c.Kind {
	case KindEvent:
		if _, ok := eventByName[c.Event]; !ok {
			return fmt.Errorf("unknown event %q", c.Event)
		}
	case KindMessage:
		if c.Msg == "" {
			return fmt.Errorf("message check without msg")
		}
	case KindCommand:
		if c.Cmd == "" {
			return fmt.Errorf("command check without cmd")
		}
	case KindFunc:
		if Funcs[c.Func] == nil {
			return fmt.Errorf("unknown func %q", c.Func)
		}
	case KindKey:
		if c.Key == "" {
			return fmt.Errorf("key check without key")
		}
	case KindFile:
		if c.Path == "" {
			return fmt.Errorf("file check without path")
		}
	case KindSplitVote:
	default:
		if !stateKind(c.Kind) {
			return fmt.Errorf("unknown kind %q", c.Kind)
		}
	}
	if _, err := parseDur(c.Within); err != nil {
		return fmt.Errorf("within: %v", err)
	}
	if c.Never && c.Within != "" {
		return fmt.Errorf("never and within together")
	}
	return nil
}

func (c *Check) state() bool { return stateKind(c.Kind) }

func (c *Check) min(def int) int {
	if c.Min != nil {
		return *c.Min
	}
	return def
}

func (c *Check) inRange(n, def int) bool {
	if n < c.min(def) {
		return false
	}
	return c.Max == nil || n <= *c.Max
}

// match reports whether text matches pattern: alternatives separated by
// '|', each a substring in which '*' stands for any run of characters;
// a leading '^' anchors it at the start. (No regexp: it would grow the
// page's wasm.)
func match(pattern, text string) bool {
	if pattern == "" {
		return true
	}
	for _, alt := range strings.Split(pattern, "|") {
		anchored := strings.HasPrefix(alt, "^")
		alt = strings.TrimPrefix(alt, "^")
		if globIn(alt, text, anchored) {
			return true
		}
	}
	return false
}

func globIn(pat, text string, anchored bool) bool {
	parts := strings.Split(pat, "*")
	pos := 0
	for i, p := range parts {
		if i == 0 && anchored {
			if !strings.HasPrefix(text, p) {
				return false
			}
			pos = len(p)
			continue
		}
		j := strings.Index(text[pos:], p)
		if j < 0 {
			return false
		}
		pos += j + len(p)
	}
	return true
}

// evalState decides a state check against the view now.
func (r *Run) evalState(c *Check, v View) bool {
	ms := v.Members()
	switch c.Kind {
	case KindLeader:
		for i := range ms {
			m := &ms[i]
			if m.Up && m.Role == "leader" && r.memberOK(c, m.Name) && r.sideOK(c, v, m.Name) {
				return true
			}
		}
		return false
	case KindNoLeader:
		for i := range ms {
			m := &ms[i]
			if m.Up && m.Role == "leader" && r.sideOK(c, v, m.Name) {
				return false
			}
		}
		return true
	case KindRole:
		n := 0
		for i := range ms {
			m := &ms[i]
			if m.Up && m.Role == c.Role && r.memberOK(c, m.Name) {
				n++
			}
		}
		return c.inRange(n, 1)
	case KindTerm:
		rise := int(maxTerm(v) - r.startTerm)
		return c.inRange(rise, 1)
	case KindUp, KindDown:
		want := c.Kind == KindUp
		if c.Member != "" {
			name := r.resolve(c.Member)
			for i := range ms {
				m := &ms[i]
				if m.Name == name {
					return m.Up == want && !m.Removed
				}
			}
			return false
		}
		n, voters := 0, 0
		for i := range ms {
			m := &ms[i]
			if m.Up == want && !m.Removed {
				n++
			}
			if !m.Removed && !m.Learner {
				voters++
			}
		}
		if c.Tol != nil {
			return n == (voters-1)/2+*c.Tol
		}
		return c.inRange(n, 1)
	case KindCaughtUp:
		var commit uint64
		lead := false
		for i := range ms {
			m := &ms[i]
			if m.Up && m.Role == "leader" {
				commit, lead = max(commit, m.Commit), true
			}
		}
		if !lead {
			return false
		}
		for i := range ms {
			m := &ms[i]
			if m.Up && m.Applied < commit && r.memberOK(c, m.Name) {
				return false
			}
			if c.Member != "" && m.Name == r.resolve(c.Member) && !m.Up {
				return false
			}
		}
		return true
	case KindPartition:
		groups := v.Groups()
		if c.Healed || len(groups) == 0 {
			return c.Healed && len(groups) == 0
		}
		if len(c.Sizes) > 0 {
			sizes := make([]int, len(groups))
			for i, g := range groups {
				sizes[i] = len(g)
			}
			ptrsort.Ints(sizes) // the same multiset: the same sorted list
			want := append([]int(nil), c.Sizes...)
			ptrsort.Ints(want)
			if !slices.Equal(sizes, want) {
				return false
			}
		}
		withQ := 0
		for _, g := range groups {
			if hasQuorum(v, g) {
				withQ++
			}
		}
		switch c.Quorum {
		case "none":
			return withQ == 0
		case "one":
			return withQ == 1
		}
		return true
	case KindVoters, KindLearners:
		n := 0
		for i := range ms {
			m := &ms[i]
			if !m.Removed && m.Learner == (c.Kind == KindLearners) {
				n++
			}
		}
		if c.Even && n%2 != 0 {
			return false
		}
		return c.inRange(n, 1)
	case KindKey:
		val, ok := v.Value(c.Key)
		return ok && (c.Value == "" || val == c.Value)
	case KindKeys:
		return v.Keys() >= c.min(1)
	case KindFile:
		return v.HasFile(r.resolve(c.Host), c.Path)
	case KindInvariant:
		return v.Violation() == nil
	case KindLinear:
		return v.Linearizable()
	case KindFunc:
		return Funcs[c.Func](v, r)
	}
	return false
}

func maxTerm(v View) uint64 {
	var t uint64
	for _, m := range v.Members() {
		if m.Up {
			t = max(t, m.Term)
		}
	}
	return t
}

func (r *Run) memberOK(c *Check, name string) bool {
	if c.Member != "" && name != r.resolve(c.Member) {
		return false
	}
	if c.Not != "" && name == r.resolve(c.Not) {
		return false
	}
	return true
}

// sideOK reports whether name is on the check's partition side: the
// majority side holds a quorum of the voters, the minority side does not.
func (r *Run) sideOK(c *Check, v View, name string) bool {
	if c.Side == "" {
		return true
	}
	g := []string(nil)
	for _, grp := range v.Groups() {
		for _, n := range grp {
			if n == name {
				g = grp
			}
		}
	}
	if g == nil {
		// No partition: everyone is on the majority side.
		return c.Side == "majority"
	}
	return hasQuorum(v, g) == (c.Side == "majority")
}

// hasQuorum reports whether the members of group that are up are a
// majority of all voters (Raft counts the whole configuration, §3.4).
func hasQuorum(v View, group []string) bool {
	in := map[string]bool{}
	for _, n := range group {
		in[n] = true
	}
	voters, up := 0, 0
	for _, m := range v.Members() {
		if m.Removed || m.Learner {
			continue
		}
		voters++
		if m.Up && in[m.Name] {
			up++
		}
	}
	return up >= voters/2+1
}

// commandMatches reports whether cmd satisfies a command check.
func (c *Check) commandMatches(cmd Command) bool {
	if !match(c.Cmd, cmd.Line) {
		return false
	}
	if c.Exit != nil && cmd.Exit != *c.Exit {
		return false
	}
	if c.Failed && cmd.Exit == 0 {
		return false
	}
	if c.Output == "+" {
		return strings.TrimSpace(cmd.Stdout) != ""
	}
	if c.Output != "" && !match(c.Output, cmd.Stdout+"\n"+cmd.Stderr) {
		return false
	}
	return true
}

func durOr(s string) time.Duration {
	d, _ := parseDur(s)
	return d
}

// Match is the pattern match checks use (exported for the View's files).
func Match(pattern, text string) bool { return match(pattern, text) }

// The control plane's backup and restore: what kubectl created before the
// snapshot is back, what it created after is gone (the restored cluster is
// the leader's applied state).
func init() {
	Funcs["kube-restored"] = func(v View, r *Run) bool {
		_, before := v.Value("/registry/configmaps/default/before-backup")
		_, after := v.Value("/registry/configmaps/default/after-backup")
		return before && !after
	}
}
