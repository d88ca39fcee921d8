package lab

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdid"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/raft/quorum"
	"github.com/raftlab/raftlab/core/sim"
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
	return l.submit(line)
}

func (l *Lab) submit(line string) *Call {
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
		"etcdctl":               {"etcdctl [flags] <command>", "etcd's command-line client (v3 API, as etcdctl 3.5)", (*Lab).runEtcdctl},
		"etcdutl":               {"etcdutl snapshot status|restore ...", "etcd's offline utility (snapshot status and restore)", (*Lab).runEtcdutl},
		"kill":                  {"kill <member>", "crash a member (SIGKILL): it keeps only its disk", memberCmd((*Lab).Kill, "%s killed")},
		"stop":                  {"stop <member>", "stop a member gracefully (SIGTERM): a leader hands leadership over first", memberCmd((*Lab).Stop, "%s stopping")},
		"start":                 {"start <member>", "start a member from its disk (a new member joins empty)", memberCmd((*Lab).Start, "%s started")},
		"isolate":               {"isolate <member>", "cut a member off from every other member", memberCmd((*Lab).Isolate, "%s isolated")},
		"timeout-now":           {"timeout-now <member>", "make a member's election timer fire now", memberCmd((*Lab).Campaign, "%s timed out")},
		"transfer":              {"transfer <member>", "ask the leader to hand leadership to a member", memberCmd((*Lab).TransferLeadership, "leadership transfer to %s requested")},
		"partition":             {"partition <m1,m2> <m3,m4,...>", "split the network into groups; members in no group are isolated", (*Lab).cmdPartition},
		"cut":                   {"cut <from> <to>", "drop every message from one member to another (one way)", (*Lab).cmdCut},
		"heal":                  {"heal", "remove every partition and cut", (*Lab).cmdHeal},
		"drop":                  {"drop <rate>", "lose this share of messages, 0..1", (*Lab).cmdRate},
		"dup":                   {"dup <rate>", "deliver this share of messages twice, 0..1", (*Lab).cmdRate},
		"latency":               {"latency <duration> [jitter]", "set link latency and random extra latency (which reorders)", (*Lab).cmdLatency},
		"propose":               {"propose <member> <data>", "submit a raw Raft entry at a member", (*Lab).cmdPropose},
		"wait":                  {"wait <duration> | wait leader", "let virtual time pass, or until a leader is known", (*Lab).cmdWait},
		"pause":                 {"pause", "pause the clock (the page's play/pause)", (*Lab).cmdPause},
		"resume":                {"resume", "resume the clock", (*Lab).cmdPause},
		"speed":                 {"speed <factor>", "virtual seconds per real second (0.05 slow motion .. 50 fast)", (*Lab).cmdSpeed},
		"step":                  {"step", "advance to the next event", (*Lab).cmdStep},
		"reset":                 {"reset [--size N] [--seed S] [--heartbeat-interval ms] [--election-timeout ms] [--pre-vote=false] [--check-quorum=false]", "start a new cluster", (*Lab).cmdReset},
		"status":                {"status", "a summary of every member and the quorum", (*Lab).cmdStatus},
		"host":                  {"host [member]", "show or switch the machine the console runs on (like ssh)", (*Lab).cmdHost},
		"export":                {"export [VAR=value]", "set an environment variable for later commands (ETCDCTL_*)", (*Lab).cmdExport},
		"cancel":                {"cancel [call]", "stop a running command (a watch), like Ctrl-C", (*Lab).cmdCancel},
		"help":                  {"help", "list every command", (*Lab).cmdHelp},
		"check-linearizability": {"check-linearizability", "check every client request of this session for linearizability (porcupine)", (*Lab).cmdCheckLin},
		"output":                {"output <job>", "show what a background command (started with a trailing &) printed so far", (*Lab).cmdOutput},
		"cluster":               {"cluster from-flags|tls [--size N]|show|export systemd|yaml|kubeadm", "build the cluster from etcd command lines (pasted on the next lines), the TLS cluster, or show/export its configuration", (*Lab).cmdCluster},
		"ls":                    {"ls [-l] [dir]", "list files on the console's host (snapshots, certificates, data dirs)", (*Lab).cmdLs},
		"cat":                   {"cat <file>...", "print files on the console's host", (*Lab).cmdCat},
		"rm":                    {"rm [-r] <file>...", "remove files on the console's host", (*Lab).cmdRm},
	}
}

func memberCmd(f func(*Lab, string) error, done string) func(*Lab, *Call, []string) int {
	return func(l *Lab, c *Call, args []string) int {
		if len(args) != 1 {
			return usage(c, args)
		}
		if err := f(l, args[0]); err != nil {
			var unknown ErrUnknownMember
			if !errors.As(err, &unknown) {
				return fail(c, 1, "%v", err)
			}
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
	if len(words) > 0 && words[len(words)-1] == "&" {
		// A background job, as a shell runs it: the console goes on, and
		// `output N` shows what the job printed so far.
		// Rebuilt from the words, so that the job never ends in & again.
		quoted := make([]string, 0, len(words)-1)
		for _, w := range words[:len(words)-1] {
			quoted = append(quoted, shellQuote(w))
		}
		bg := strings.Join(quoted, " ")
		if stdin != "" {
			bg += "\n" + stdin
		}
		if len(words) == 1 {
			return fail(c, 2, "raftlab: syntax error near unexpected token `&'")
		}
		job := l.submit(bg)
		fmt.Fprintf(&c.stdout, "[%d] %s\n", job.ID, strings.TrimSpace(bg))
		return 0
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
		if s.Removed {
			role = "removed"
		} else if !s.Up {
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

func (l *Lab) cmdCheckLin(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	rep := l.CheckLinearizability(5 * time.Second)
	fmt.Fprintln(&c.stdout, rep.String())
	if rep.Result != "ok" {
		return 1
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
	fmt.Fprintf(&c.stdout, "%-52s %s\n", "<command> &", "run a command in the background (etcdctl watch ...): see output, cancel")
	return 0
}

// ---- cluster: etcd's own configuration ----

func (l *Lab) cmdCluster(c *Call, args []string) int {
	if len(args) == 0 {
		return usage(c, args)
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "from-flags":
		if len(rest) != 0 {
			return fail(c, 2, "cluster from-flags: takes no arguments; paste each member's etcd command line (or systemd unit) on the following lines")
		}
		lines := splitEtcdLines(c.stdin)
		if len(lines) == 0 {
			return fail(c, 2, "cluster from-flags: no etcd command lines; paste one per member after the command (see 'cluster show')")
		}
		return l.replaceCluster(c, lines)
	case "tls":
		n := len(l.cluster.Members)
		if len(rest) == 2 && (rest[0] == "--size" || rest[0] == "--members") {
			rest = []string{rest[0] + "=" + rest[1]}
		}
		if len(rest) == 1 {
			v, ok := strings.CutPrefix(rest[0], "--size=")
			if !ok {
				v, ok = strings.CutPrefix(rest[0], "--members=")
			}
			var err error
			if n, err = strconv.Atoi(v); !ok || err != nil || n < 1 || n > 7 {
				return fail(c, 2, "cluster tls: invalid %q; usage: cluster tls [--size N] (N from 1 to 7)", rest[0])
			}
		} else if len(rest) != 0 {
			return fail(c, 2, "usage: cluster tls [--size N]")
		}
		if n < 1 || n > 7 {
			n = 3
		}
		return l.replaceCluster(c, etcdconf.DefaultTLSLines(n))
	case "show":
		if len(rest) != 0 {
			return fail(c, 2, "usage: cluster show")
		}
		for i, m := range l.cluster.Members {
			if i > 0 {
				fmt.Fprintln(&c.stdout)
			}
			if m.Config == nil {
				fmt.Fprintf(&c.stdout, "==> %s: no command line (never started) <==\n", m.Name)
				continue
			}
			fmt.Fprintf(&c.stdout, "==> %s <==\n%s\n", m.Name, m.Config.CommandLine())
		}
		return 0
	case "export":
		if len(rest) != 1 {
			return fail(c, 2, "usage: cluster export systemd|yaml|kubeadm")
		}
		var files map[string]string
		switch rest[0] {
		case "systemd":
			files = l.cluster.Units()
			for _, m := range l.cluster.Members {
				if f, ok := files[m.Name]; ok {
					fmt.Fprintf(&c.stdout, "==> %s: /etc/systemd/system/etcd.service <==\n%s\n", m.Name, f)
				}
			}
		case "yaml":
			files = l.cluster.ConfigFiles()
			for _, m := range l.cluster.Members {
				if f, ok := files[m.Name]; ok {
					fmt.Fprintf(&c.stdout, "==> %s: /etc/etcd/etcd.conf.yml (etcd --config-file /etc/etcd/etcd.conf.yml) <==\n%s\n", m.Name, f)
				}
			}
		case "kubeadm":
			fmt.Fprint(&c.stdout, l.cluster.KubeadmExternal())
		default:
			return fail(c, 2, "cluster export: unknown format %q; want systemd, yaml or kubeadm", rest[0])
		}
		return 0
	default:
		return fail(c, 2, "cluster: unknown subcommand %q; usage: %s", sub, commands["cluster"].usage)
	}
}

// replaceCluster checks etcd command lines as the etcd processes would and,
// if they form a cluster, replaces the lab's cluster with it after this
// command (like reset); the hosts keep their files. A wrong configuration
// prints what etcd prints and changes nothing.
func (l *Lab) replaceCluster(c *Call, lines []string) int {
	o := l.opts
	o.EtcdFlags = lines
	files := cloneFiles(l.files)
	n, err := fromEtcdFlags(o, files)
	if err != nil {
		var e *etcdconf.Error
		if !errors.As(err, &e) {
			return fail(c, 1, "raftlab: %v", err)
		}
		fmt.Fprint(&c.stderr, e.Stderr())
		who := fmt.Sprintf("etcd command line %d", e.Line+1)
		if e.Line < 0 {
			who = "etcd"
		}
		if e.Member != "" {
			who += " (" + e.Member + ")"
		}
		if e.ExitCode == 0 {
			fmt.Fprintf(&c.stderr, "raftlab: %s keeps running but the cluster never elects a leader; cluster unchanged\n", who)
			return 1
		}
		fmt.Fprintf(&c.stderr, "raftlab: %s exits with status %d; cluster unchanged\n", who, e.ExitCode)
		return e.ExitCode
	}
	l.w.After(0, func() { l.reinit(n) })
	names := make([]string, 0, len(n.cluster.Members))
	for _, m := range n.cluster.Members {
		names = append(names, m.Name)
	}
	scheme := "http"
	if n.tlsCluster() {
		scheme = "https"
	}
	fmt.Fprintf(&c.stdout, "new cluster from etcd flags: %d members (%s), %s, cluster ID %s\n",
		len(names), strings.Join(names, ", "), scheme, etcdid.Format(n.cluster.ClusterID))
	for _, w := range n.cluster.Warnings {
		fmt.Fprintf(&c.stdout, "note: %s\n", w)
	}
	return 0
}

func (l *Lab) tlsCluster() bool {
	for _, m := range l.cluster.Members {
		if m.Config != nil && m.Config.CertFile != "" {
			return true
		}
	}
	return false
}

func cloneFiles(files map[string]map[string][]byte) map[string]map[string][]byte {
	out := make(map[string]map[string][]byte, len(files))
	for h, fs := range files {
		out[h] = make(map[string][]byte, len(fs))
		for p, b := range fs {
			out[h][p] = b
		}
	}
	return out
}

// splitEtcdLines splits pasted text into one etcd command line per member:
// a member starts at each ExecStart= line and at each line that starts an
// etcd command, and ends at a blank line (not inside a backslash
// continuation). When systemd units are pasted, the other parts of the
// units ([Unit], [Install]) are skipped.
func splitEtcdLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	units := strings.Contains(text, "ExecStart=")
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			chunk := strings.Join(cur, "\n")
			first, _, _ := strings.Cut(strings.TrimSpace(cur[0]), " ")
			if !units || strings.Contains(chunk, "ExecStart=") || path.Base(first) == "etcd" {
				out = append(out, chunk)
			}
		}
		cur = nil
	}
	cont := false
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if !cont && (strings.HasPrefix(t, "==>") || strings.HasPrefix(t, "#")) {
			// cluster show's headers and comments
			flush()
			continue
		}
		if !cont {
			first, _, _ := strings.Cut(t, " ")
			if t == "" || strings.HasPrefix(t, "ExecStart=") || path.Base(first) == "etcd" || strings.HasPrefix(t, "[") {
				flush()
			}
		}
		if t != "" {
			cur = append(cur, line)
		}
		cont = strings.HasSuffix(t, `\`)
	}
	flush()
	return out
}

// ---- files on the console's host ----

func (l *Lab) cmdLs(c *Call, args []string) int {
	long := false
	var dirs []string
	for _, a := range args {
		switch {
		case a == "-l" || a == "-la" || a == "-al" || a == "-a":
			long = long || strings.Contains(a, "l")
		case strings.HasPrefix(a, "-"):
			return fail(c, 2, "ls: invalid option %q; usage: %s", a, commands["ls"].usage)
		default:
			dirs = append(dirs, a)
		}
	}
	if len(dirs) == 0 {
		dirs = []string{"/root"}
	}
	code := 0
	for i, d := range dirs {
		p := l.abs(d)
		files := l.hostFiles(l.host)
		if b, ok := files[p]; ok {
			l.lsEntry(c, long, d, len(b), false)
			continue
		}
		entries := map[string]int{}
		isDir := map[string]bool{}
		prefix := strings.TrimSuffix(p, "/") + "/"
		for f, b := range files {
			rest, ok := strings.CutPrefix(f, prefix)
			if !ok {
				continue
			}
			name, _, sub := strings.Cut(rest, "/")
			entries[name] += len(b)
			isDir[name] = isDir[name] || sub
		}
		if len(entries) == 0 && p != "/root" {
			fmt.Fprintf(&c.stderr, "ls: cannot access '%s': No such file or directory\n", d)
			code = 2
			continue
		}
		if len(dirs) > 1 {
			if i > 0 {
				fmt.Fprintln(&c.stdout)
			}
			fmt.Fprintf(&c.stdout, "%s:\n", d)
		}
		names := make([]string, 0, len(entries))
		for n := range entries {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			l.lsEntry(c, long, n, entries[n], isDir[n])
		}
	}
	return code
}

func (l *Lab) lsEntry(c *Call, long bool, name string, size int, dir bool) {
	if !long {
		if dir {
			name += "/"
		}
		fmt.Fprintln(&c.stdout, name)
		return
	}
	mode := "-rw-------"
	if dir {
		mode, name = "drwx------", name+"/"
	}
	fmt.Fprintf(&c.stdout, "%s 1 root root %9d %s\n", mode, size, name)
}

func (l *Lab) cmdCat(c *Call, args []string) int {
	if len(args) == 0 {
		return usage(c, args)
	}
	code := 0
	for _, a := range args {
		b, ok := l.hostFiles(l.host)[l.abs(a)]
		if !ok {
			if l.isDir(l.abs(a)) {
				fmt.Fprintf(&c.stderr, "cat: %s: Is a directory\n", a)
			} else {
				fmt.Fprintf(&c.stderr, "cat: %s: No such file or directory\n", a)
			}
			code = 1
			continue
		}
		c.stdout.Write(b)
	}
	return code
}

func (l *Lab) isDir(p string) bool {
	prefix := strings.TrimSuffix(p, "/") + "/"
	for f := range l.hostFiles(l.host) {
		if strings.HasPrefix(f, prefix) {
			return true
		}
	}
	return false
}

func (l *Lab) cmdRm(c *Call, args []string) int {
	recursive := false
	var names []string
	for _, a := range args {
		switch a {
		case "-r", "-rf", "-fr", "-R", "-f":
			recursive = recursive || a != "-f"
		default:
			if strings.HasPrefix(a, "-") {
				return fail(c, 1, "rm: invalid option %q; usage: %s", a, commands["rm"].usage)
			}
			names = append(names, a)
		}
	}
	if len(names) == 0 {
		return usage(c, args)
	}
	code := 0
	files := l.hostFiles(l.host)
	for _, a := range names {
		p := l.abs(a)
		if _, ok := files[p]; ok {
			delete(files, p)
			continue
		}
		if l.isDir(p) {
			if !recursive {
				fmt.Fprintf(&c.stderr, "rm: cannot remove '%s': Is a directory\n", a)
				code = 1
				continue
			}
			prefix := strings.TrimSuffix(p, "/") + "/"
			for f := range files {
				if strings.HasPrefix(f, prefix) {
					delete(files, f)
				}
			}
			continue
		}
		fmt.Fprintf(&c.stderr, "rm: cannot remove '%s': No such file or directory\n", a)
		code = 1
	}
	return code
}

// ---- members added with etcdctl member add ----

// join starts a member the cluster added (etcdctl member add) but no
// process runs yet, as `etcd --name <name> --initial-cluster-state
// existing` on a new machine would: with an empty disk, catching up from
// the leader. The lab learns its name, URLs and command line.
func (l *Lab) join(name string) error {
	// The members the cluster knows that no process runs, as the first
	// member up sees them.
	var pending []*etcdserver.Member
	for _, m := range l.w.Members() {
		srv, ok := m.App.(*etcdserver.Server)
		if !ok || !m.Up() {
			continue
		}
		for _, mem := range srv.Members() {
			if l.w.Member(mem.ID) == nil {
				pending = append(pending, mem)
			}
		}
		break
	}
	var added *etcdserver.Member
	var names []string
	for _, mem := range pending {
		n, known := l.added[mem.ID]
		if known {
			names = append(names, n)
		}
		if n == name || !known && len(pending) == 1 {
			added = mem
		}
	}
	if added == nil {
		if len(names) > 0 {
			// etcd --name <name> with the --initial-cluster member add printed.
			e := &etcdconf.Error{Member: name, Message: fmt.Sprintf("couldn't find local name %q in the initial cluster configuration", name),
				Log: "discovery failed", Level: "fatal", ExitCode: 1}
			return fmt.Errorf("%sraftlab: etcdctl member add named the new member %s: start it with that name", e.Stderr(), strings.Join(names, ", "))
		}
		ip := etcdconf.NoteIP(len(l.cluster.Members))
		hint := "etcdctl member add " + name + " --peer-urls=http://" + ip + ":2380"
		return fmt.Errorf("%w; to add a new member, run %q first", ErrUnknownMember(name), hint)
	}
	if _, dup := l.byName[name]; dup {
		return fmt.Errorf("member %q exists", name)
	}
	scheme, host := "http", ""
	if len(added.PeerURLs) > 0 {
		if u, err := url.Parse(added.PeerURLs[0]); err == nil {
			scheme, host = u.Scheme, u.Hostname()
		}
	}
	clientURL := fmt.Sprintf("%s://%s:2379", scheme, host)
	info := etcdserver.MemberInfo{ID: added.ID, Name: name, PeerURLs: added.PeerURLs, ClientURLs: []string{clientURL}}
	l.server.Joining = append(l.server.Joining, info)
	cm := etcdconf.ClusterMember{Name: name, ID: added.ID, PeerURLs: added.PeerURLs, ClientURLs: info.ClientURLs}
	cm.Config = l.joinConfig(name, added, scheme, host)
	l.cluster.Members = append(l.cluster.Members, cm)
	l.byName[name] = added.ID
	l.tlsFiles()
	l.w.Join(sim.MemberSpec{ID: added.ID, Name: name})
	return nil
}

// joinConfig is the etcd command line the new member would be started
// with: the first member's TLS and data settings, its own URLs, and the
// initial cluster etcdctl member add printed.
func (l *Lab) joinConfig(name string, added *etcdserver.Member, scheme, host string) *etcdconf.Member {
	var ref *etcdconf.Member
	for _, m := range l.cluster.Members {
		if m.Config != nil {
			ref = m.Config
			break
		}
	}
	args := []string{etcdconf.NoteProgram, "--name", name}
	if ref != nil {
		for _, f := range ref.Flags {
			switch f.Name {
			case "cert-file", "key-file", "peer-cert-file", "peer-key-file", "trusted-ca-file", "peer-trusted-ca-file",
				"client-cert-auth", "peer-client-cert-auth", "data-dir", "heartbeat-interval", "election-timeout", "pre-vote", "snapshot-count":
				args = append(args, "--"+f.Name+"="+f.Value)
			}
		}
	}
	var peers []string
	for _, m := range l.cluster.Members {
		for _, u := range m.PeerURLs {
			peers = append(peers, m.Name+"="+u)
		}
	}
	for _, u := range added.PeerURLs {
		peers = append(peers, name+"="+u)
	}
	token := l.cluster.Token
	args = append(args,
		"--initial-advertise-peer-urls", strings.Join(added.PeerURLs, ","),
		"--listen-peer-urls", strings.Join(added.PeerURLs, ","),
		"--listen-client-urls", fmt.Sprintf("%s://%s:2379,%s://127.0.0.1:2379", scheme, host, scheme),
		"--advertise-client-urls", fmt.Sprintf("%s://%s:2379", scheme, host),
		"--initial-cluster-token", token,
		"--initial-cluster", strings.Join(peers, ","),
		"--initial-cluster-state", "existing")
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	ms, err := etcdconf.Parse(strings.Join(args, " "))
	if err != nil || len(ms) != 1 {
		return nil
	}
	return ms[0]
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func (l *Lab) cmdOutput(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	id, err := strconv.Atoi(strings.TrimPrefix(args[0], "%"))
	var job *Call
	for _, k := range l.calls {
		if err == nil && k.ID == id && k != c {
			job = k
		}
	}
	if job == nil {
		return fail(c, 1, "output: no such job %q (start one with a trailing &, e.g. etcdctl watch foo &)", args[0])
	}
	r := job.Result()
	c.stdout.WriteString(r.Stdout)
	c.stderr.WriteString(r.Stderr)
	if job.Done() {
		fmt.Fprintf(&c.stdout, "[%d] done (exit %d)\n", job.ID, r.Exit)
	} else {
		fmt.Fprintf(&c.stdout, "[%d] running\n", job.ID)
	}
	return 0
}
