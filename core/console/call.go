package console

import (
	"bytes"
	"fmt"
	"iter"
	"runtime"
	"time"

	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/etcdctl"
)

// Result is what a command printed and its exit code, exactly as the real
// tool would.
type Result struct {
	Stdout string
	Stderr string
	Exit   int
}

// Call is a command in progress. It runs in virtual time: its output grows
// as the clock moves, and a watch stays open until canceled.
type Call struct {
	ID   int
	Line string

	con        *Console
	start, end time.Duration
	done       bool
	res        Result
	// running is what the call uses only while it runs, its worker's
	// (nil once it finished, when res holds its output): a Call, which
	// `output` and CallHistory keep long after, is small.
	*running

	w *worker // the coroutine running the body
	// halted: cancel stopped the coroutine (it cannot run another call).
	halted bool
	// typed marks a journaled command (what a person typed), whose start
	// and end the console keeps for CallHistory.
	typed bool
	// bg marks a background job (a trailing &).
	bg bool
}

// running is a call's state while it runs.
type running struct {
	cmd   string
	env   []string
	stdin string
	// stdout and stderr are the output the call keeps while it runs (its
	// worker's out and errOut).
	stdout, stderr *capped
	// The command body runs as a coroutine: it yields whenever it waits
	// for virtual time, and a simulator event resumes it. Coroutines hand
	// control back and forth synchronously, so runs stay deterministic.
	// sleepAt and sleepWake: a call sleeping in virtual time (Rebase
	// moves it to a rebuilt world).
	sleepAt   time.Duration
	sleepWake func()
	yield     func(struct{}) bool
	// client is the etcd client of its etcdctl command, which says what
	// request it waits on (Request).
	client *clientv3.Client
}

// Request is the member the call's client request waits on and since when
// (ok false when none is on the wire).
func (c *Call) Request() (member string, since time.Duration, ok bool) {
	if c.done || c.running == nil || c.client == nil {
		return "", 0, false
	}
	return c.client.Pending()
}

// MaxOutput bounds what the console keeps of one command's stdout, and
// of its stderr: a watch left running for hours cannot fill memory.
const MaxOutput = 1 << 20

// capped is an output stream that keeps its first MaxOutput bytes and
// counts the rest.
type capped struct {
	bytes.Buffer
	dropped int64
}

func (b *capped) Write(p []byte) (int, error) {
	keep := min(len(p), max(MaxOutput-b.Len(), 0))
	b.Buffer.Write(p[:keep])
	b.dropped += int64(len(p) - keep)
	return len(p), nil
}

func (b *capped) WriteString(s string) (int, error) {
	keep := min(len(s), max(MaxOutput-b.Len(), 0))
	b.Buffer.WriteString(s[:keep])
	b.dropped += int64(len(s) - keep)
	return len(s), nil
}

func (b *capped) WriteByte(c byte) error {
	_, err := b.Write([]byte{c})
	return err
}

// take appends what o holds since it was last taken: o keeps at least as
// many unread bytes as b keeps in all (etcdctl.MaxOutput ≥ MaxOutput),
// so b ends the same as if it had been written to directly. o keeps its
// array for what is written next (both are the worker's: a command's
// output costs no allocation but its Result's text).
func (b *capped) take(o *etcdctl.Output) {
	if len(o.Unread) == 0 && o.Dropped == 0 {
		return
	}
	b.Write(o.Unread)
	b.dropped += o.Dropped
	o.Reset()
}

// maxKept is the largest output array a worker keeps for its next call:
// one command that printed a megabyte does not hold it for the session.
const maxKept = 64 << 10

// reset empties b for the worker's next call.
func (b *capped) reset() {
	if b.Cap() > maxKept {
		*b = capped{}
		return
	}
	b.Reset()
	b.dropped = 0
}

// drain reads the call's etcdctl output, as a terminal reads a process's
// pipes: before the call's output is read or the console writes to it
// itself, so that what etcdctl printed stays in order with the rest.
func (c *Call) drain() {
	if w := c.w; w != nil {
		// Mostly nothing to take (tested here: take is not inlined).
		if len(w.etcdOut.Unread) != 0 || w.etcdOut.Dropped != 0 {
			c.stdout.take(&w.etcdOut)
		}
		if len(w.etcdErr.Unread) != 0 || w.etcdErr.Dropped != 0 {
			c.stderr.take(&w.etcdErr)
		}
	}
}

// text is the kept output, with a note when some was dropped.
func (b *capped) text() string {
	if b.dropped == 0 {
		if b.Len() == 0 {
			return "" // (mostly stderr)
		}
		if string(b.Bytes()) == putOK {
			return putOK // etcdctl put's whole output: no copy per put
		}
		return b.String()
	}
	return b.String() + fmt.Sprintf("\nraftlab: output truncated: %d more bytes not kept (the console keeps %d bytes per command)\n", b.dropped, MaxOutput)
}

// final is b's text once o's unread output is taken (b.take(o), then
// b.text()), as a call reads its etcdctl's output when it finishes:
// without copying it into b first when b holds nothing (most commands'
// whole output is what etcdctl wrote, drained first here).
func (b *capped) final(o *etcdctl.Output) string {
	if b.Len() != 0 || b.dropped != 0 || o.Dropped != 0 || len(o.Unread) > MaxOutput {
		b.take(o)
		return b.text()
	}
	var s string
	switch u := o.Unread; {
	case len(u) == 0:
		return ""
	case string(u) == putOK:
		s = putOK
	default:
		s = string(u)
	}
	o.Reset()
	return s
}

// putOK is what etcdctl put prints.
const putOK = "OK\n"

// Done reports whether the command finished.
func (c *Call) Done() bool { return c.done }

// Result is the final result; before Done it is what was printed so far.
func (c *Call) Result() Result {
	if c.done {
		return c.res
	}
	c.drain()
	return Result{Stdout: c.stdout.text(), Stderr: c.stderr.text(), Exit: -1}
}

// Start is the virtual time the command was submitted.
func (c *Call) Start() time.Duration { return c.start }

// End is the virtual time the command finished (zero while running).
func (c *Call) End() time.Duration { return c.end }

// Cancel stops a running command, as Ctrl-C would (a watch ends this way).
// The journal records it, so that a replay cancels it at the same time.
func (c *Call) Cancel() {
	if c.done {
		return
	}
	con := c.con
	// Always kept, past MaxJournal too: a replay must stop it at the same
	// time (one short line per call at most).
	line := fmt.Sprintf("cancel %d", c.ID)
	con.journal.add(JournalEntry{At: con.now(), Line: line})
	con.journalBytes += len(line)
	c.cancel()
}

// Abort stops a running command that went past one of its runner's
// bounds: why goes to its stderr, and the stop is journaled like Cancel,
// so that a replay stops it at the same virtual time.
func (c *Call) Abort(why string) {
	if c.done {
		return
	}
	c.drain()
	fmt.Fprintln(c.stderr, why)
	c.Cancel()
}

func (c *Call) cancel() {
	if c.done {
		return
	}
	c.halted = true
	c.w.stop()
	if !c.done {
		c.finish(130)
	}
}

func (c *Call) finish(exit int) {
	if c.done {
		return
	}
	c.done = true
	c.end = c.con.now()
	if w := c.w; w != nil {
		c.res = Result{Stdout: c.stdout.final(&w.etcdOut), Stderr: c.stderr.final(&w.etcdErr), Exit: exit}
	} else {
		c.res = Result{Stdout: c.stdout.text(), Stderr: c.stderr.text(), Exit: exit}
	}
	*c.running = running{}
	c.w, c.running = nil, nil
	c.con.running.remove(c)
	if c.typed {
		c.con.note(c, true)
	}
}

// begin starts body as a coroutine and runs it until it first waits.
func (c *Call) begin(body func(c *Call) int) {
	con := c.con
	if con.workers == nil {
		con.workers = &workers{}
		// A console dropped without Close: its idle coroutines (which do
		// not reference it) end when it is collected, with the token only
		// it holds. (runtime.AddCleanup on the console would add 4 KB of
		// generic code to the page.)
		con.workersLife = &workersLife{con.workers}
		runtime.SetFinalizer(con.workersLife, func(l *workersLife) { l.w.drain() })
	}
	w := con.workers.take()
	w.c, w.body = c, body
	w.out.reset()
	w.errOut.reset()
	w.run = running{stdout: &w.out, stderr: &w.errOut}
	c.w, c.running = w, &w.run
	if !c.done {
		w.next()
	}
}

// run is a call's body with its recovery: a canceled call exits 130, a
// panic is reported as the tool's internal error.
func (c *Call) run(body func(c *Call) int) (exit int) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(clientv3.Canceled); ok {
				exit = 130
				return
			}
			// Bad input must never crash the lab: report it as the
			// tool's own error would be (after what it printed).
			c.drain()
			fmt.Fprintf(c.stderr, "Error: internal error: %v\n", r)
			exit = 1
		}
	}()
	return body(c)
}

// A worker is a coroutine that runs calls' bodies one after another. A
// coroutine is a goroutine, whose stack starts at 2 KB: a new one per
// command grew its stack to etcdctl's depth every time (a twentieth of a
// loaded simulation). Idle workers reference neither a call nor the
// console.
type worker struct {
	pool *workers
	next func() (struct{}, bool)
	stop func()
	c    *Call
	body func(c *Call) int
	// etcdOut and etcdErr are the standard output and error of the
	// etcdctl or etcdutl the worker runs (and of the commands lock runs),
	// which its call drains into its own (Call.drain).
	etcdOut, etcdErr etcdctl.Output
	// What its call uses only while it runs lives here, not in the Call
	// (which `output` and CallHistory keep long after: a smaller one for
	// each command): the call's output (Call.stdout, stderr), its line's
	// words while they fit (parseLineIn), its etcdctl's client
	// (console.tool) and the rest of its running state (Call.running),
	// each reset for the next call.
	out, errOut capped
	words       [8]string
	own         tool
	run         running
	// answers are its etcdctl clients' (clientv3.Config.Answers): one
	// made for many commands, a new one once an answer may arrive late.
	answers *clientv3.Answers
}

// workers are a console's idle workers.
type workers struct{ idle []*worker }

// workersLife is referenced by its console only: its finalizer ends the
// idle workers of a console that was dropped without Close.
type workersLife struct{ w *workers }

// maxIdle bounds the idle workers a console keeps: a foreground command
// and a background one.
const maxIdle = 2

func (p *workers) take() *worker {
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		return w
	}
	w := &worker{pool: p}
	w.next, w.stop = iter.Pull(w.loop)
	return w
}

// drain ends the idle workers' coroutines.
func (p *workers) drain() {
	idle := p.idle
	p.idle = nil
	for _, w := range idle {
		w.stop()
	}
}

func (w *worker) loop(yield func(struct{}) bool) {
	for {
		c, body := w.c, w.body
		w.c, w.body = nil, nil
		c.yield = yield
		c.finish(c.run(body))
		if c.halted || len(w.pool.idle) >= maxIdle {
			return
		}
		w.pool.idle = append(w.pool.idle, w)
		if !yield(struct{}{}) {
			return
		}
	}
}

// wait parks the command body until wake is called (from a simulator
// event, or at once from arm itself), as its etcd clients park it.
func (c *Call) wait(arm func(wake func())) { c.caller().Wait(arm) }

// caller is the call's coroutine, for its etcd clients to park.
func (c *Call) caller() clientv3.Caller {
	return clientv3.Caller{Next: c.w.next, Yield: c.yield}
}

// sleep waits d of virtual time.
func (c *Call) sleep(d time.Duration) {
	c.wait(func(wake func()) {
		c.sleepAt, c.sleepWake = c.con.now()+d, wake
		c.con.after(d, wake)
	})
	c.sleepWake = nil
}

// calls are the running calls in the order they started, which is the
// order of their IDs (a console numbers its calls as it starts them, and
// a Restart, which numbers them from 1 again, stops every one first): a
// map by ID cost an insertion and a deletion of about 200 instructions
// per command.
type calls []*Call

// remove takes c off the list, looked for from the oldest (commands
// mostly end in the order they started; few run at once).
func (l *calls) remove(c *Call) {
	s := *l
	for i := range s {
		if s[i] == c {
			if i+1 < len(s) {
				copy(s[i:], s[i+1:]) // (a copy of nothing still calls typedslicecopy)
			}
			s[len(s)-1] = nil
			*l = s[:len(s)-1]
			return
		}
	}
}

// get is the running call numbered id (nil if none).
func (l calls) get(id int) *Call {
	for _, c := range l {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// snapshot is a copy, for a loop that stops calls (each leaves the list).
func (l calls) snapshot() []*Call { return append([]*Call(nil), l...) }
