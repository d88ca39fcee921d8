package lab

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/raft/quorum"
)

// JournalEntry is one console command and the virtual time it was issued.
// A lab's options and its journal reproduce its whole history (Replay).
type JournalEntry struct {
	At   time.Duration
	Line string
}

// MaxExec bounds how much virtual time Exec runs for a command that does
// not finish by itself (a watch, a keep-alive).
const MaxExec = time.Minute

// Exec runs a console command to its end, advancing virtual time as long as
// it takes (bounded by its own timeout, or MaxExec). Lines after the first
// are the command's standard input (etcdctl txn reads its body there).
func (l *Lab) Exec(line string) Result {
	c := l.Submit(line)
	deadline := l.Now() + MaxExec
	for !c.Done() && l.Now() < deadline && l.w.Err() == nil {
		at, ok := l.w.NextEventAt()
		if !ok || at > deadline {
			break
		}
		l.w.RunUntil(at)
	}
	// Finish every event of this instant, so that what follows happens
	// after it, exactly as a replay will do it.
	l.w.RunUntil(l.Now())
	return c.Result()
}

// Submit starts a console command without advancing time; the clock moves
// with Run or Exec. The returned call grows its output as it runs.
func (l *Lab) Submit(line string) *Call {
	l.journal = append(l.journal, JournalEntry{At: l.Now(), Line: line})
	l.nextCall++
	c := &Call{ID: l.nextCall, Line: line, l: l, start: l.Now()}
	l.running[c.ID] = c
	l.calls = append(l.calls, c)
	if len(l.calls) > 200 {
		l.calls = l.calls[len(l.calls)-200:]
	}
	c.begin(func(c *Call) int { return l.dispatch(c, line) })
	return c
}

// Journal returns every console command issued since the lab (or its last
// reset) began.
func (l *Lab) Journal() []JournalEntry { return append([]JournalEntry(nil), l.journal...) }

// Calls returns recent calls, oldest first (the console's scrollback).
func (l *Lab) Calls() []*Call { return append([]*Call(nil), l.calls...) }

// Replay rebuilds a lab from its options and journal up to virtual time
// until: deterministic replay is how the UI rewinds and how a shared link
// reproduces a session.
func Replay(opts Options, journal []JournalEntry, until time.Duration) *Lab {
	l := New(opts)
	for _, e := range journal {
		if e.At > until {
			break
		}
		l.w.RunUntil(e.At)
		l.Submit(e.Line)
	}
	l.w.RunUntil(until)
	return l
}

type command struct {
	usage string
	help  string
	run   func(l *Lab, c *Call, args []string) int
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"etcdctl":     {"etcdctl [flags] <command>", "etcd's command-line client (v3 API, as etcdctl 3.5)", (*Lab).runEtcdctl},
		"etcdutl":     {"etcdutl snapshot status|restore ...", "etcd's offline utility (snapshot status and restore)", (*Lab).runEtcdutl},
		"kill":        {"kill <member>", "crash a member (SIGKILL): it keeps only its disk", memberCmd((*Lab).Kill, "%s killed")},
		"stop":        {"stop <member>", "stop a member gracefully (SIGTERM): a leader hands leadership over first", memberCmd((*Lab).Stop, "%s stopping")},
		"start":       {"start <member>", "start a member from its disk (a new member joins empty)", memberCmd((*Lab).Start, "%s started")},
		"isolate":     {"isolate <member>", "cut a member off from every other member", memberCmd((*Lab).Isolate, "%s isolated")},
		"timeout-now": {"timeout-now <member>", "make a member's election timer fire now", memberCmd((*Lab).Campaign, "%s timed out")},
		"transfer":    {"transfer <member>", "ask the leader to hand leadership to a member", memberCmd((*Lab).TransferLeadership, "leadership transfer to %s requested")},
		"partition":   {"partition <m1,m2> <m3,m4,...>", "split the network into groups; members in no group are isolated", (*Lab).cmdPartition},
		"cut":         {"cut <from> <to>", "drop every message from one member to another (one way)", (*Lab).cmdCut},
		"heal":        {"heal", "remove every partition and cut", (*Lab).cmdHeal},
		"drop":        {"drop <rate>", "lose this share of messages, 0..1", (*Lab).cmdRate},
		"dup":         {"dup <rate>", "deliver this share of messages twice, 0..1", (*Lab).cmdRate},
		"latency":     {"latency <duration> [jitter]", "set link latency and random extra latency (which reorders)", (*Lab).cmdLatency},
		"propose":     {"propose <member> <data>", "submit a raw Raft entry at a member", (*Lab).cmdPropose},
		"wait":        {"wait <duration> | wait leader", "let virtual time pass, or until a leader is known", (*Lab).cmdWait},
		"pause":       {"pause", "pause the clock (the page's play/pause)", (*Lab).cmdPause},
		"resume":      {"resume", "resume the clock", (*Lab).cmdPause},
		"speed":       {"speed <factor>", "virtual seconds per real second (0.05 slow motion .. 50 fast)", (*Lab).cmdSpeed},
		"step":        {"step", "advance to the next event", (*Lab).cmdStep},
		"reset":       {"reset [--size N] [--seed S] [--heartbeat-interval ms] [--election-timeout ms] [--pre-vote=false] [--check-quorum=false]", "start a new cluster", (*Lab).cmdReset},
		"status":      {"status", "a summary of every member and the quorum", (*Lab).cmdStatus},
		"host":        {"host [member]", "show or switch the machine the console runs on (like ssh)", (*Lab).cmdHost},
		"export":      {"export [VAR=value]", "set an environment variable for later commands (ETCDCTL_*)", (*Lab).cmdExport},
		"cancel":      {"cancel [call]", "stop a running command (a watch), like Ctrl-C", (*Lab).cmdCancel},
		"help":        {"help", "list every command", (*Lab).cmdHelp},
	}
}

func memberCmd(f func(*Lab, string) error, done string) func(*Lab, *Call, []string) int {
	return func(l *Lab, c *Call, args []string) int {
		if len(args) != 1 {
			return usage(c, args)
		}
		if err := f(l, args[0]); err != nil {
			return fail(c, 1, "%v (members: %s)", err, strings.Join(l.Names(), ", "))
		}
		fmt.Fprintf(&c.stdout, done+"\n", args[0])
		return 0
	}
}

// usage reports bad arguments with the command's usage line.
func usage(c *Call, _ []string) int {
	fmt.Fprintf(&c.stderr, "usage: %s\n", commands[c.cmd].usage)
	return 2
}

func fail(c *Call, code int, format string, args ...any) int {
	fmt.Fprintf(&c.stderr, format+"\n", args...)
	return code
}

// dispatch runs one console line: optional VAR=value assignments, a
// command and its arguments; following lines are standard input.
func (l *Lab) dispatch(c *Call, line string) int {
	first, stdin, _ := strings.Cut(line, "\n")
	words, err := splitWords(first)
	if err != nil {
		return fail(c, 2, "raftlab: %v", err)
	}
	env := append([]string(nil), l.env...)
	for len(words) > 0 && isAssignment(words[0]) {
		env = append(env, words[0])
		words = words[1:]
	}
	if len(words) > 0 && words[0] == "sudo" {
		words = words[1:]
	}
	if len(words) == 0 {
		return 0
	}
	name := words[0]
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:] // /usr/local/bin/etcdctl
	}
	cmd, ok := commands[name]
	if !ok {
		return fail(c, 127, "raftlab: %s: command not found (type 'help' for the list)", name)
	}
	c.cmd, c.env, c.stdin = name, env, stdin
	return cmd.run(l, c, words[1:])
}

func isAssignment(w string) bool {
	k, _, ok := strings.Cut(w, "=")
	if !ok || k == "" {
		return false
	}
	for i, r := range k {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// splitWords splits a command line as a POSIX shell would for simple
// commands: whitespace, single and double quotes, backslash escapes.
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\':
			if i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			}
			inWord = true
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case ch == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`+"`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated double quote")
			}
			inWord = true
		case ch == ' ' || ch == '\t' || ch == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case ch == '#' && !inWord:
			i = len(s)
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

func (l *Lab) cmdPartition(c *Call, args []string) int {
	if len(args) < 1 {
		return usage(c, args)
	}
	var groups [][]string
	for _, a := range args {
		groups = append(groups, strings.Split(a, ","))
	}
	if err := l.Partition(groups...); err != nil {
		return fail(c, 1, "%v (members: %s)", err, strings.Join(l.Names(), ", "))
	}
	var parts []string
	for _, g := range groups {
		parts = append(parts, "{"+strings.Join(g, " ")+"}")
	}
	fmt.Fprintf(&c.stdout, "network partitioned: %s\n", strings.Join(parts, " | "))
	return 0
}

func (l *Lab) cmdCut(c *Call, args []string) int {
	if len(args) != 2 {
		return usage(c, args)
	}
	if err := l.Cut(args[0], args[1]); err != nil {
		return fail(c, 1, "%v (members: %s)", err, strings.Join(l.Names(), ", "))
	}
	fmt.Fprintf(&c.stdout, "messages from %s to %s are dropped\n", args[0], args[1])
	return 0
}

func (l *Lab) cmdHeal(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	l.Heal()
	fmt.Fprintln(&c.stdout, "network healed")
	return 0
}

func (l *Lab) cmdRate(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	rate, err := strconv.ParseFloat(strings.TrimSuffix(args[0], "%"), 64)
	if strings.HasSuffix(args[0], "%") {
		rate /= 100
	}
	if err != nil || rate < 0 || rate > 1 {
		return fail(c, 2, "invalid rate %q: want a number from 0 to 1 (or 0%% to 100%%)", args[0])
	}
	if c.cmd == "dup" {
		l.w.Net().DupRate, l.opts.DupRate = rate, rate
		fmt.Fprintf(&c.stdout, "duplicate rate %g\n", rate)
	} else {
		l.w.Net().DropRate, l.opts.DropRate = rate, rate
		fmt.Fprintf(&c.stdout, "drop rate %g\n", rate)
	}
	return 0
}

func (l *Lab) cmdLatency(c *Call, args []string) int {
	if len(args) < 1 || len(args) > 2 {
		return usage(c, args)
	}
	lat, err := parseDuration(args[0])
	if err != nil || lat < 0 || lat > 10*time.Second {
		return fail(c, 2, "invalid latency %q: want a duration such as 10ms (0..10s)", args[0])
	}
	jit := time.Duration(0)
	if len(args) == 2 {
		if jit, err = parseDuration(args[1]); err != nil || jit < 0 || jit > 10*time.Second {
			return fail(c, 2, "invalid jitter %q: want a duration such as 5ms (0..10s)", args[1])
		}
	}
	l.w.Net().Latency, l.w.Net().Jitter = lat, jit
	l.opts.Latency, l.opts.Jitter = lat, jit
	fmt.Fprintf(&c.stdout, "link latency %v, jitter %v\n", lat, jit)
	return 0
}

// parseDuration takes Go durations and bare milliseconds (etcd's flags use ms).
func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Duration(n) * time.Millisecond, nil
	}
	return time.ParseDuration(s)
}

func (l *Lab) cmdPropose(c *Call, args []string) int {
	if len(args) != 2 {
		return usage(c, args)
	}
	if err := l.Propose(args[0], []byte(args[1])); err != nil {
		return fail(c, 1, "%s: %v", args[0], err)
	}
	fmt.Fprintf(&c.stdout, "proposed at %s\n", args[0])
	return 0
}

func (l *Lab) cmdWait(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	if args[0] == "leader" {
		deadline := l.Now() + MaxExec
		for l.Leader() == "" || !l.leaderKnown() {
			if l.Now() >= deadline {
				return fail(c, 1, "no leader after %v", MaxExec)
			}
			c.sleep(10 * time.Millisecond)
		}
		fmt.Fprintf(&c.stdout, "leader is %s (term %d)\n", l.Leader(), l.memberStatus(l.w.Member(l.w.Leader())).Term)
		return 0
	}
	d, err := parseDuration(args[0])
	if err != nil || d < 0 || d > time.Hour {
		return fail(c, 2, "invalid duration %q: want e.g. 2s, 500ms (at most 1h)", args[0])
	}
	c.sleep(d)
	return 0
}

// leaderKnown reports whether every member up that can reach the leader
// knows it.
func (l *Lab) leaderKnown() bool {
	lead := l.w.Leader()
	for _, m := range l.w.Members() {
		if m.Up() && l.w.Net().Reachable(lead, m.ID) && m.Status().Lead != lead {
			return false
		}
	}
	return true
}

func (l *Lab) cmdPause(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	l.paused = c.cmd == "pause"
	if l.paused {
		fmt.Fprintln(&c.stdout, "paused")
	} else {
		fmt.Fprintln(&c.stdout, "running")
	}
	return 0
}

func (l *Lab) cmdSpeed(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(args[0], "x"), 64)
	if err != nil || f < 0.01 || f > 100 {
		return fail(c, 2, "invalid speed %q: want a factor from 0.01 to 100", args[0])
	}
	l.speed = f
	fmt.Fprintf(&c.stdout, "speed %gx\n", f)
	return 0
}

func (l *Lab) cmdStep(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	at, ok := l.w.NextEventAt()
	if !ok {
		return fail(c, 1, "nothing is scheduled")
	}
	// Defer to after this command: a step is "the next instant".
	l.w.After(0, func() { l.w.RunUntil(at) })
	fmt.Fprintf(&c.stdout, "stepped to %v\n", at)
	return 0
}

// Paused and Speed are the console's clock controls, for the page.
func (l *Lab) Paused() bool { return l.paused }

// Speed is virtual seconds per real second.
func (l *Lab) Speed() float64 { return l.speed }

func (l *Lab) cmdReset(c *Call, args []string) int {
	o := l.opts
	o.Seed = l.opts.Seed
	for i := 0; i < len(args); i++ {
		k, v, hasV := strings.Cut(args[i], "=")
		boolFlag := k == "--pre-vote" || k == "--check-quorum"
		if !hasV && !boolFlag {
			if i+1 >= len(args) {
				return fail(c, 2, "reset: flag %s needs a value; usage: %s", k, commands["reset"].usage)
			}
			i++
			v = args[i]
		}
		if !hasV && boolFlag {
			v = "true"
		}
		var err error
		switch k {
		case "--size", "--members":
			o.Members, err = strconv.Atoi(v)
			if err == nil && (o.Members < 1 || o.Members > 7) {
				err = fmt.Errorf("size must be 1..7")
			}
		case "--seed":
			o.Seed, err = strconv.ParseInt(v, 10, 64)
		case "--heartbeat-interval":
			o.HeartbeatInterval, err = parseDuration(v)
		case "--election-timeout":
			o.ElectionTimeout, err = parseDuration(v)
		case "--pre-vote":
			var b bool
			b, err = strconv.ParseBool(v)
			o.DisablePreVote = !b
		case "--check-quorum":
			var b bool
			b, err = strconv.ParseBool(v)
			o.DisableCheckQuorum = !b
		default:
			return fail(c, 2, "reset: unknown flag %s; usage: %s", k, commands["reset"].usage)
		}
		if err != nil {
			return fail(c, 2, "reset: invalid value %q for %s: %v", v, k, err)
		}
	}
	if o.HeartbeatInterval <= 0 || o.ElectionTimeout < 5*o.HeartbeatInterval {
		return fail(c, 2, "reset: --election-timeout[%d] should be at least as 5 times as --heartbeat-interval[%d]",
			o.ElectionTimeout.Milliseconds(), o.HeartbeatInterval.Milliseconds())
	}
	// The new cluster starts after this command has finished.
	l.w.After(0, func() { l.reinit(New(o)) })
	fmt.Fprintf(&c.stdout, "new cluster: %d members, seed %d\n", o.Members, o.Seed)
	return 0
}

func (l *Lab) cmdStatus(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	st := l.Status()
	up := 0
	voters := 0
	for _, s := range st {
		if s.Up {
			up++
		}
		if !s.Removed {
			voters++
		}
	}
	q := quorum.Size(voters)
	fmt.Fprintf(&c.stdout, "time %v  members %d  quorum %d  tolerates %d  up %d  leader %s\n",
		l.Now().Round(time.Millisecond), voters, q, quorum.Tolerated(voters), up, orDash(l.Leader()))
	for _, s := range st {
		role := s.Role
		if !s.Up {
			role = "down"
		}
		fmt.Fprintf(&c.stdout, "%-8s %-13s term %-3d leader %-8s commit %-4d applied %-4d last %d\n",
			s.Name, role, s.Term, orDash(s.Leader), s.Commit, s.Applied, s.LastIndex)
	}
	if l.w.Net().Partitioned() {
		fmt.Fprintln(&c.stdout, "network: partitioned")
	}
	return 0
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (l *Lab) cmdHost(c *Call, args []string) int {
	switch len(args) {
	case 0:
		fmt.Fprintln(&c.stdout, l.host)
		return 0
	case 1:
		if _, err := l.id(args[0]); err != nil {
			return fail(c, 1, "%v (members: %s)", err, strings.Join(l.Names(), ", "))
		}
		l.host = args[0]
		fmt.Fprintf(&c.stdout, "now on %s\n", l.host)
		return 0
	}
	return usage(c, args)
}

func (l *Lab) cmdExport(c *Call, args []string) int {
	if len(args) == 0 {
		for _, e := range l.env {
			fmt.Fprintf(&c.stdout, "export %s\n", e)
		}
		return 0
	}
	for _, a := range args {
		if !isAssignment(a) {
			return fail(c, 1, "export: `%s': not a valid identifier", a)
		}
		k, _, _ := strings.Cut(a, "=")
		kept := l.env[:0]
		for _, e := range l.env {
			if !strings.HasPrefix(e, k+"=") {
				kept = append(kept, e)
			}
		}
		l.env = append(kept, a)
	}
	return 0
}

func (l *Lab) cmdCancel(c *Call, args []string) int {
	var ids []int
	for id := range l.running {
		if id != c.ID {
			ids = append(ids, id)
		}
	}
	sort.Ints(ids)
	if len(args) == 1 {
		id, err := strconv.Atoi(args[0])
		if err != nil || l.running[id] == nil {
			return fail(c, 1, "cancel: no running command %q", args[0])
		}
		ids = []int{id}
	} else if len(args) > 1 {
		return usage(c, args)
	}
	for _, id := range ids {
		// Cancel after this command returns: a call cannot stop another
		// from inside its own coroutine.
		target := l.running[id]
		l.w.After(0, target.cancel)
		fmt.Fprintf(&c.stdout, "canceled: %s\n", strings.SplitN(target.Line, "\n", 2)[0])
	}
	return 0
}

func (l *Lab) cmdHelp(c *Call, args []string) int {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&c.stdout, "%-52s %s\n", commands[n].usage, commands[n].help)
	}
	return 0
}
