package lab

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
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
	fmt.Fprintf(&c.stdout, "%-52s %s\n", "<command> &", "run a command in the background (etcdctl watch ...): see output, cancel")
	return 0
}

// ---- cluster: etcd's own configuration ----

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
