// Package console is raftlab's shell: the one way in for people, lessons
// and scripted tests. It parses command lines as a POSIX shell would
// (quotes, VAR=value prefixes, a trailing & for background jobs), keeps the
// journal of what was typed (replayed to rewind), the jobs still running,
// the exported environment, the machine the console runs on and every
// machine's files, and runs each command as a coroutine in virtual time.
//
// Commands are grouped by topic: faults.go (members and network),
// clock.go (time), cluster.go (clusters and their status), etcd.go
// (etcdctl, etcdutl and the history check), jobs.go, env.go, files.go.
// The cluster itself is a Machine, which core/lab provides.
package console

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/kube"
	"github.com/raftlab/raftlab/core/lesson"
	"github.com/raftlab/raftlab/core/pending"
)

// Machine is the simulated cluster the console drives (core/lab's Lab).
// Members are named as etcd names them.
type Machine interface {
	// RunUntil runs the cluster to virtual time t (the console reads and
	// schedules on the clock of the world Connect gave it).
	RunUntil(t time.Duration)

	// Members.
	Names() []string
	Kill(name string) error
	Stop(name string) error
	Start(name string) error
	Isolate(name string) error
	Campaign(name string) error
	TransferLeadership(name string) error
	Propose(name string, data []byte) error
	// Keys are the keys in member's store, at most limit, in key order
	// (Tab completion; nil when it is down).
	Keys(member string, limit int) []string
	// SettledLeader is the leader once every member up that can reach it
	// follows it, with its term; "" before.
	SettledLeader() (string, uint64)

	// Network.
	Partition(groups ...[]string) error
	Cut(from, to string) error
	Heal()
	SetDropRate(rate float64)
	SetDupRate(rate float64)
	SetLatency(latency, jitter time.Duration)

	// Clusters.
	Settings() Settings
	// Reset replaces the cluster with a new one after the current command.
	Reset(s Settings)
	// ReplaceCluster checks etcd command lines as the etcd processes would
	// and, if they form a cluster, replaces the cluster with it after the
	// current command. The error is an *etcdconf.Error when etcd fails.
	ReplaceCluster(lines []string) (*etcdconf.Cluster, error)
	Cluster() *etcdconf.Cluster
	Summary() Summary
	// CheckHistory checks the session's client requests for
	// linearizability.
	CheckHistory(timeout time.Duration) (report string, ok bool)

	// MemberAdded tells the cluster the name `etcdctl member add` gave a
	// new member (it must be started with that name).
	MemberAdded(id uint64, name string)
	// MemberID is the ID of a member by name, including one added and
	// not started yet.
	MemberID(name string) (uint64, bool)

	// Lessons (core/lesson): the run being played (nil in the free
	// sandbox), starting one on its own cluster after the current command,
	// stopping it, and the lessons completed.
	Lesson() *lesson.Run
	StartLesson(id string, seed int64, size int)
	StopLesson()
	LessonsDone() map[string]bool
	// Kube is the Kubernetes control plane around the cluster, or nil.
	Kube() *kube.Plane
}

// Settings are what `reset` can change.
type Settings struct {
	_                          [0]func() // not comparable: no generated equality in the page
	Members                    int
	Seed                       int64
	Heartbeat, ElectionTimeout time.Duration
	PreVote, CheckQuorum       bool
	// etcd's --max-request-bytes and --quota-backend-bytes.
	MaxRequestBytes   uint64
	QuotaBackendBytes int64
	// etcd's --snapshot-count and --experimental-snapshot-catchup-entries
	// (0: etcd's 100000 and 5000): how often a member snapshots and
	// compacts its log, and how many entries it keeps behind for slow
	// followers (one further behind gets the leader's snapshot).
	SnapshotCount, SnapshotCatchUpEntries uint64
	// ZeroSnapshotCatchUpEntries is an explicit
	// --experimental-snapshot-catchup-entries 0, which etcd keeps on its
	// command line and runs as its default.
	ZeroSnapshotCatchUpEntries bool
	// Topology is "", "external" or "stacked" (a control plane around
	// the cluster); ControlPlanes its number of cp nodes.
	Topology      string
	ControlPlanes int
}

// Summary is what `status` prints: the cluster at a glance.
type Summary struct {
	Leader      string
	Partitioned bool
	Members     []MemberSummary
	// The store: revisions kept since the last compaction and the backend
	// size of the fullest member, and whether it is time to compact.
	Revisions, DBSize int64
	CompactionAdvised bool
}

// MemberSummary is one line of `status`.
type MemberSummary struct {
	_                           [0]func() // not comparable: no generated equality in the page
	Name, Role, Leader          string    // Role: Raft's role, "down" or "removed"
	Up, Removed                 bool
	Term, Commit, Applied, Last uint64
}

// JournalEntry is one console command and the virtual time it was issued.
// A lab's options and its journal reproduce its whole history.
type JournalEntry struct {
	At   time.Duration
	Line string
}

// MaxExec bounds how much virtual time a command waits for something that
// may never happen (wait leader; the lab's Exec of a watch).
const MaxExec = time.Minute

// Console is one shell session over a Machine.
type Console struct {
	m       Machine
	journal journal
	// journalBytes is the journal's text, for MaxJournal.
	journalBytes int
	running      calls
	// workers are the idle coroutines that run calls (Call.begin).
	workers *workers
	// workersLife's finalizer ends the idle workers of a dropped console.
	workersLife *workersLife
	calls       []*Call // for `output`: the last maxJobs calls (jobs), nil before them
	nextCall    int
	env         []string
	host        string
	paused      bool
	speed       float64
	files       Files
	// cluster is what the console's etcd clients reach: the world, the
	// cluster's configuration and the session's history (Connect).
	cluster clientv3.Config
	// etcdctl reuses its command trees from one command to the next.
	etcdctl etcdctl.Tools
	// readFile reads the machines' files as they are when called (the
	// etcd clients' Config.ReadFile; made once, not per command).
	readFile func(host, name string) ([]byte, error)
	// history is what CallHistory has not handed out yet; unheeded: no
	// one reads it (KeepCallHistory).
	history  pending.Queue[CallEvent]
	unheeded bool
}

// CallEvent is a journaled command starting or finishing (Done). Trace is
// where it happened on the world's trace: after that many records (the
// world's Trace().Count() then), before the next.
type CallEvent struct {
	_     [0]func() // not comparable: no generated equality in the page
	Call  *Call
	Done  bool
	Trace uint64
}

// maxHistory bounds the CallEvents kept between two calls of CallHistory
// (its reader takes them after every simulator event it runs): the oldest
// go past it.
const maxHistory = 4096

// CallHistory returns the journaled commands started and finished since its
// last call, in the order they did, each placed on the world's trace: the
// lab reads it after each step it drives, to tell its observers and the
// lesson, so that the console never calls into the lab. The slice is valid
// until the next call.
func (con *Console) CallHistory() []CallEvent {
	h, _ := con.history.Take()
	return h
}

// KeepCallHistory says whether anyone reads CallHistory (on at first). A
// Machine that has no use for it (core/lab with no observer, no reader of
// its events and no lesson) turns it off, and the console keeps no
// command's start or end until it is turned on again: two entries per
// command that nobody would read (a loaded simulation runs a command every
// 10 ms).
func (con *Console) KeepCallHistory(on bool) { con.unheeded = !on }

// note adds c's start or end to the history.
func (con *Console) note(c *Call, done bool) {
	if con.unheeded {
		return
	}
	con.history.Add(&CallEvent{Call: c, Done: done, Trace: con.cluster.World.Trace().Count()})
}

// maxJobs is how many finished calls `output` can still show.
const maxJobs = 200

// jobs are the last maxJobs calls, which `output` can show.
func (con *Console) jobs() []*Call { return con.calls[max(len(con.calls)-maxJobs, 0):] }

// New returns a console on m, running on host, over the machines' files.
func New(m Machine, host string, files Files) *Console {
	if files == nil {
		files = Files{}
	}
	return &Console{m: m, host: host, files: files, speed: 1,
		history: pending.Queue[CallEvent]{Max: maxHistory}}
}

// Connect points the console's etcd clients at a cluster: cfg's world,
// cluster and history (the host and its files are the console's). Its
// Machine calls it whenever it makes or replaces the cluster.
func (con *Console) Connect(cfg clientv3.Config) { con.cluster = cfg }

// now is the virtual time: the clock of the cluster's world.
func (con *Console) now() time.Duration { return con.cluster.World.Now() }

// after schedules fn d from now on the cluster's world.
func (con *Console) after(d time.Duration, fn func()) { con.cluster.World.After(d, fn) }

// Restart follows a new cluster (reset, cluster from-flags): running
// commands are canceled; the journal, the environment,
// clock controls and files stay, and so does the host if it still exists.
func (con *Console) Restart(names []string, files Files) {
	for _, c := range con.running.snapshot() {
		c.cancel()
	}
	// The journal goes on: it is the session's, resets included.
	con.calls, con.nextCall = nil, 0
	con.running = nil
	con.files = files
	for _, n := range names {
		if n == con.host {
			return
		}
	}
	con.host = ""
	if len(names) > 0 {
		con.host = names[0]
	}
}

// Close stops every running call without journaling it, for a console
// that is being dropped (the page rewinds by building a new lab). A parked
// call is a coroutine whose goroutine would otherwise keep the console and
// its whole cluster alive.
func (con *Console) Close() {
	for _, c := range con.running.snapshot() {
		c.cancel()
	}
	if con.workers != nil {
		con.workers.drain()
	}
}

// Rebase follows a cluster rebuilt in place, whose clock goes on (a
// restore from a snapshot): typed commands sleeping in virtual time (wait)
// go on in the new world; everything else running stops.
func (con *Console) Rebase(files Files) {
	for _, c := range con.running.snapshot() {
		if c.typed && c.sleepWake != nil {
			con.after(max(c.sleepAt-con.now(), 0), c.sleepWake)
			continue
		}
		c.cancel()
	}
	con.files = files
}

// MaxJournal bounds the journal's text. The journal keeps every command of
// the session, to replay it (rewind, share links, a reload), so it is kept
// whole or not at all: past the bound, new input is refused. Four inputs
// of the largest size fit.
const MaxJournal = 4 * MaxInput

// Submit starts a console command without advancing time; it runs as the
// clock moves. Lines after the first are the command's standard input.
//
// Input over MaxInput, or that would take the journal past MaxJournal, is
// refused before it is journaled: it does nothing and takes no call
// number, so a replay without it is exact, and no refused input's bytes
// are kept.
func (con *Console) Submit(line string) *Call {
	if len(line) > MaxInput {
		return con.refuse(line, checkInput(line, cmdLine{}))
	}
	if con.journalBytes+len(line) > MaxJournal {
		return con.refuse(line, fmt.Errorf("session journal full: it keeps every command to replay the session (rewind, share links, a reload), at most %d bytes; it holds %d and this input has %d, so it is not run (start a new session to go on)",
			MaxJournal, con.journalBytes, len(line)))
	}
	con.journal.add(JournalEntry{At: con.now(), Line: line})
	con.journalBytes += len(line)
	return con.start(line, true, dispatchLine)
}

// dispatchLine is the body of a call that runs its line (a function, not
// a closure over the line: one allocation less per command).
func dispatchLine(c *Call) int { return c.con.dispatch(c, c.Line) }

// refuse is a call that never ran: input the console does not take.
func (con *Console) refuse(line string, err error) *Call {
	now := con.now()
	return &Call{Line: line, con: con, start: now, end: now, done: true,
		res: Result{Stderr: fmt.Sprintf("raftlab: %v\n", err), Exit: 2}}
}

// Quiet runs a command line without journaling or listing it (a lesson's
// silent setup script: the lab's options already reproduce it).
func (con *Console) Quiet(line string) *Call {
	return con.start(line, false, dispatchLine)
}

// Spawn runs body as a call that is not journaled (the lab's Go client, the
// API servers' etcd requests): it waits in virtual time on co, its
// coroutine, which it hands to the etcd clients it makes.
func (con *Console) Spawn(label string, body func(co clientv3.Caller)) *Call {
	return con.start(label, false, func(c *Call) int {
		body(c.caller())
		return 0
	})
}

// start runs a call; a job is listed for `output`.
func (con *Console) start(line string, job bool, body func(c *Call) int) *Call {
	con.nextCall++
	c := &Call{ID: con.nextCall, Line: line, con: con, start: con.now(), typed: job}
	con.running = append(con.running, c)
	if job {
		con.note(c, false)
		if len(con.calls) == 2*maxJobs {
			// The last maxJobs move down in place: the array is kept (a
			// window moved along it reallocated it every few hundred
			// commands).
			n := copy(con.calls, con.calls[maxJobs:])
			clear(con.calls[n:])
			con.calls = con.calls[:n]
		}
		if n := len(con.calls); n >= maxJobs {
			// Out of output's reach once c is listed: not kept (its
			// output may be 2 MiB) until the list next moves down.
			con.calls[n-maxJobs] = nil
		}
		con.calls = append(con.calls, c)
	}
	c.begin(body)
	return c
}

// Journal returns every command issued since the console (or its last
// Restart) began.
func (con *Console) Journal() []JournalEntry { return con.journal.all() }

// journal is the session's commands. It doubles as it grows: append grew
// it by a quarter at a time past 256 entries, copying itself about five
// times its final size in all (a loaded simulation's twentieth of
// allocated bytes); doubling copies it about twice.
type journal []JournalEntry

func (j *journal) add(e JournalEntry) {
	if len(*j) == cap(*j) {
		*j = append(make(journal, 0, 2*cap(*j)+64), *j...)
	}
	*j = append(*j, e)
}

// all is a copy of the entries.
func (j journal) all() []JournalEntry { return append([]JournalEntry(nil), j...) }

// Paused and Speed are the clock controls (`pause`, `speed`), for the page.
func (con *Console) Paused() bool { return con.paused }

// Speed is virtual seconds per real second.
func (con *Console) Speed() float64 { return con.speed }

// SetHost moves the console to another machine (as `host` does).
func (con *Console) SetHost(host string) { con.host = host }

// Host is the machine the console runs on.
func (con *Console) Host() string { return con.host }

// Files are every machine's files.
func (con *Console) Files() Files { return con.files }

type command struct {
	usage string
	help  string
	run   func(con *Console, c *Call, args []string) int
}

var commands map[string]command

// commandTable is the console's commands (kube.go has the control
// plane's and the file tools'): a table, which the compiler lays out as data, where a map
// literal of func values was 14 kB of initialisation code (2 kB gzipped).
var commandTable = [...]namedCommand{
	{"etcdctl", command{"etcdctl [flags] <command>", "etcd's command-line client (v3 API, as etcdctl 3.5)", (*Console).cmdEtcdctl}},
	{"etcdutl", command{"etcdutl snapshot status|restore ...", "etcd's offline utility (snapshot status and restore)", (*Console).cmdEtcdutl}},
	{"kill", command{"kill <member>", "crash a member (SIGKILL): it keeps only its disk", memberCmd(Machine.Kill, "%s killed")}},
	{"stop", command{"stop <member>", "stop a member gracefully (SIGTERM): a leader hands leadership over first", memberCmd(Machine.Stop, "%s stopping")}},
	{"start", command{"start <member>", "start a member from its disk (a new member joins empty)", memberCmd(Machine.Start, "%s started")}},
	{"isolate", command{"isolate <member>", "cut a member off from every other member", memberCmd(Machine.Isolate, "%s isolated")}},
	{"timeout-now", command{"timeout-now <member>", "make a member's election timer fire now", memberCmd(Machine.Campaign, "%s timed out")}},
	{"transfer", command{"transfer <member>", "ask the leader to hand leadership to a member", memberCmd(Machine.TransferLeadership, "leadership transfer to %s requested")}},
	{"partition", command{"partition <m1,m2> <m3,m4,...>", "split the network into groups; members in no group are isolated", (*Console).cmdPartition}},
	{"cut", command{"cut <from> <to>", "drop every message from one member to another (one way)", (*Console).cmdCut}},
	{"heal", command{"heal", "remove every partition and cut", (*Console).cmdHeal}},
	{"drop", command{"drop <rate>", "lose this share of messages, 0..1", (*Console).cmdRate}},
	{"dup", command{"dup <rate>", "deliver this share of messages twice, 0..1", (*Console).cmdRate}},
	{"latency", command{"latency <duration> [jitter]", "set link latency and random extra latency (which reorders)", (*Console).cmdLatency}},
	{"propose", command{"propose <member> <data>", "submit a raw Raft entry at a member", (*Console).cmdPropose}},
	{"wait", command{"wait <duration> | wait leader", "let virtual time pass, or until a leader is known", (*Console).cmdWait}},
	{"pause", command{"pause", "pause the clock (the page's play/pause)", (*Console).cmdPause}},
	{"resume", command{"resume", "resume the clock", (*Console).cmdPause}},
	{"speed", command{"speed <factor>", "virtual seconds per real second (0.05 slow motion .. 50 fast)", (*Console).cmdSpeed}},
	{"step", command{"step", "advance to the next event", (*Console).cmdStep}},
	{"reset", command{"reset [--size N] [--seed S] [--heartbeat-interval ms] [--election-timeout ms] [--pre-vote=false] [--check-quorum=false] [--max-request-bytes N] [--quota-backend-bytes N] [--snapshot-count N] [--experimental-snapshot-catchup-entries N] [--topology external|stacked|none] [--control-planes N]", "start a new cluster (with --topology, a Kubernetes control plane around it)", (*Console).cmdReset}},
	{"status", command{"status", "a summary of every member and the quorum", (*Console).cmdStatus}},
	{"host", command{"host [member]", "show or switch the machine the console runs on (like ssh)", (*Console).cmdHost}},
	{"export", command{"export [VAR=value]", "set an environment variable for later commands (ETCDCTL_*)", (*Console).cmdExport}},
	{"cancel", command{"cancel [call]", "stop a running command (a watch), like Ctrl-C", (*Console).cmdCancel}},
	{"help", command{"help", "list every command", (*Console).cmdHelp}},
	{"check-linearizability", command{"check-linearizability", "check every client request of this session for linearizability (porcupine)", (*Console).cmdCheckLin}},
	{"jobs", command{"jobs", "list the background jobs still running (at most 64 at once)", (*Console).cmdJobs}},
	{"output", command{"output <job>", "show what a background command (started with a trailing &) printed so far", (*Console).cmdOutput}},
	{"lesson", command{"lesson list|start <id> [--seed S] [--size N]|status|hint|solution|stop", "guided lessons: start one, see its checklist, get hints, see the solution", (*Console).cmdLesson}},
	{"cluster", command{"cluster from-flags|tls [--size N]|show|export systemd|yaml|kubeadm", "build the cluster from etcd command lines (pasted on the next lines), the TLS cluster, or show/export its configuration", (*Console).cmdCluster}},
	{"ls", command{"ls [-l] [dir]", "list files on the console's host (snapshots, certificates, data dirs)", (*Console).cmdLs}},
	{"cat", command{"cat <file>...", "print files on the console's host", (*Console).cmdCat}},
	{"echo", command{"echo [text...]", "print its arguments (e.g. under etcdctl lock <name> echo ...)", (*Console).cmdEcho}},
	{"rm", command{"rm [-r] <file>...", "remove files on the console's host", (*Console).cmdRm}},
}

type namedCommand struct {
	name string
	command
}

func init() {
	commands = make(map[string]command, len(commandTable)+len(kubeCommandTable))
	for _, t := range [][]namedCommand{commandTable[:], kubeCommandTable[:]} {
		for _, e := range t {
			commands[e.name] = e.command
		}
	}
}

// ErrUnknownMember is what a Machine returns for a member that does not
// exist; the console then lists the members.
type ErrUnknownMember string

func (e ErrUnknownMember) Error() string { return fmt.Sprintf("unknown member %q", string(e)) }

// memberErr reports a failed member operation, listing the members when
// the name was wrong.
func (con *Console) memberErr(c *Call, err error) int {
	var unknown ErrUnknownMember
	if !errors.As(err, &unknown) {
		return fail(c, 1, "%v", err)
	}
	return fail(c, 1, "%v (members: %s)", err, strings.Join(con.m.Names(), ", "))
}

func memberCmd(f func(Machine, string) error, done string) func(*Console, *Call, []string) int {
	return func(con *Console, c *Call, args []string) int {
		if len(args) != 1 {
			return usage(c, args)
		}
		if err := f(con.m, args[0]); err != nil {
			return con.memberErr(c, err)
		}
		fmt.Fprintf(c.stdout, done+"\n", args[0])
		return 0
	}
}

// usage reports bad arguments with the command's usage line.
func usage(c *Call, _ []string) int {
	fmt.Fprintf(c.stderr, "usage: %s\n", commands[c.cmd].usage)
	return 2
}

func fail(c *Call, code int, format string, args ...any) int {
	fmt.Fprintf(c.stderr, format+"\n", args...)
	return code
}

func (con *Console) cmdHelp(c *Call, args []string) int {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	ptrsort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(c.stdout, "%-52s %s\n", commands[n].usage, commands[n].help)
	}
	fmt.Fprintf(c.stdout, "%-52s %s\n", "<command> &", "run a command in the background (etcdctl watch ...): see output, cancel")
	return 0
}

// dispatch runs one console line: optional VAR=value assignments, a
// command and its arguments; following lines are standard input.
func (con *Console) dispatch(c *Call, line string) int {
	if len(line) > MaxInput {
		// Refused before it is even split.
		return fail(c, 2, "raftlab: %v", checkInput(line, cmdLine{}))
	}
	first, stdin, _ := strings.Cut(line, "\n")
	ln, err := parseLineIn(first, c.w.words[:])
	if err == nil && len(line) > MaxArg {
		err = checkInput(line, ln) // (no word is longer than its line)
	}
	if err != nil {
		return fail(c, 2, "raftlab: %v", err)
	}
	if ln.background {
		return con.background(c, ln.words, stdin)
	}
	return con.run(c, ln.words, stdin)
}

// run runs one command: optional VAR=value assignments, a command and its
// arguments, and its standard input.
func (con *Console) run(c *Call, words []string, stdin string) int {
	var env []string // (no copy of an empty environment)
	if len(con.env) > 0 {
		env = append(env, con.env...)
	}
	name, run := "etcdctl", (*Console).cmdEtcdctl
	// Natively, most lines start with etcdctl itself (a loaded simulation
	// runs one every 10 ms): no assignment, no sudo, no path to strip and
	// no name to hash, about 250 instructions a line. The page's lines
	// come from a person or a lesson's script: it only has the general way.
	if runtime.GOOS == "js" || len(words) == 0 || words[0] != name {
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
		name = words[0]
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:] // /usr/local/bin/etcdctl
		}
		cmd, ok := commands[name]
		if !ok {
			return fail(c, 127, "raftlab: %s: command not found (type 'help' for the list)", name)
		}
		run = cmd.run
	}
	c.cmd, c.env, c.stdin = name, env, stdin
	return run(con, c, words[1:])
}

// cmdEcho is the shell's echo: the arguments, space-separated, and a
// newline.
func (con *Console) cmdEcho(c *Call, args []string) int {
	fmt.Fprintln(c.stdout, strings.Join(args, " "))
	return 0
}
