package etcdctl

import (
	"io"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Tools runs etcdctl commands on reused command trees. Building etcdctl's
// cobra tree (every command, every flag) cost a fifth of a loaded cluster's
// simulation when done for every command; a tree is now built once and its
// flags are put back to their defaults after each run.
//
// A tree serves one command at a time. Commands may interleave (a watch
// parked in the background while another command runs, both in virtual
// time): each takes its own tree from the free list. The zero value is
// ready to use; it holds no goroutines and needs no locking (the console's
// commands run as coroutines of one goroutine).
type Tools struct {
	free []*tree
	// full: every command goes through cobra, none directly
	// (runner.plainLine): tests compare the two.
	full bool
}

type tree struct {
	r    *runner
	root *cobra.Command
	runs int
	// stdin is the runner's standard input, reset for each command; a
	// command that detaches keeps it.
	stdin *input
}

// treeRuns bounds a tree's reuse all the same: a tree is replaced after
// this many runs. (pflag listed a flag in FlagSet.orderedActual again on
// each run that set it, which made this bound 1,000, and a new tree every
// 1,000 commands a tenth of etcdctl's work per command; our pflag lists
// a flag once.)
const treeRuns = 100_000

// maxFree bounds the trees kept for reuse: as many as commands ran at
// once before they detached (see detach), which a burst of background
// jobs could otherwise leave behind for the rest of the session.
const maxFree = 4

// Run is the package's Run on a reused tree. A command that waits for long
// (a watch, a keep-alive, a held lock) detaches: its tree goes back to the
// free list before the rest of the command runs, so a parked command holds
// its own state only, not the whole command tree (about 65 KB).
func (t *Tools) Run(cl Client, args []string, env []string, stdin string, stdout, stderr io.Writer) (code int) {
	code, d, rest := t.runTree(cl, args, env, stdin, stdout, stderr)
	if rest == nil {
		return code
	}
	defer d.recoverExit(&code)
	rest(d)
	return ExitSuccess
}

// runTree runs args on a tree from the free list and gives the tree back,
// also when the command is interrupted (Ctrl-C unwinds by panic). A command
// that detached returns its rest and the runner it runs on.
func (t *Tools) runTree(cl Client, args []string, env []string, stdin string, stdout, stderr io.Writer) (code int, d *runner, rest func(*runner)) {
	var tr *tree
	if n := len(t.free); n > 0 {
		tr, t.free = t.free[n-1], t.free[:n-1]
	} else {
		tr = &tree{r: &runner{full: t.full}}
		tr.root = tr.r.newRootCommand()
	}
	defer func() {
		// A line plainLine ran names no completion command (it looked).
		plain := tr.r.plainRan
		tr.reset(args)
		// cobra leaves its hidden __complete command in a tree that ran it.
		if tr.runs++; tr.runs < treeRuns && len(t.free) < maxFree && (plain || !slices.ContainsFunc(args, isCompleteCmd)) {
			t.free = append(t.free, tr)
		}
	}()
	r := tr.r
	r.cl, r.stdout, r.stderr = cl, stdout, stderr
	if tr.stdin == nil {
		tr.stdin = new(input)
	}
	*tr.stdin = input{s: stdin}
	r.stdin, r.env = tr.stdin, parseEnv(env)
	tr.root.SetOut(stderr)
	tr.root.SetErr(stderr)
	code = r.run(tr.root, args)
	if r.rest != nil && code == ExitSuccess {
		tr.stdin = nil // the detached command reads on
		tr.keep()
		return code, r.detached(), r.rest
	}
	return code, nil, nil
}

// keep leaves what the run's flags parsed to the command that detached,
// which reads it on while the tree runs other commands: its arguments and
// its string slices' values (--endpoints, in the Call it keeps), whose
// arrays pflag reuses from one parse to the next otherwise.
func (tr *tree) keep() {
	if ran := tr.r.ran; ran != nil {
		fs := ran.Flags()
		fs.KeepArgs()
		fs.VisitAll(keepFlag)
	}
}

func keepFlag(f *pflag.Flag) {
	if v, ok := f.Value.(interface{ Keep() }); ok {
		v.Keep()
	}
}

func isCompleteCmd(a string) bool {
	return a == cobra.ShellCompRequestCmd || a == cobra.ShellCompNoDescRequestCmd
}

// reset puts every flag the run set back to its default and forgets the
// run's client and output. Only the command args named parsed flags (its
// own and those it inherits): the flags set in its set, once the
// environment set none (it sets inherited flags through a copy of the
// set, so then every flag of its set and its parents' persistent ones is
// visited); when args name no command, every command's flags are.
func (tr *tree) reset(args []string) {
	r := tr.r
	ran := r.ran
	if ran == nil {
		var err error
		if ran, _, err = tr.root.Find(args); err != nil {
			ran = nil
		}
	}
	switch {
	case r.plainRan:
		// plainLine set --endpoints at most: cobra parsed nothing.
		r.resetFlag(r.endpoints)
	case ran != nil && !r.envFlags:
		// Visit: only the flags set in this set (at this run or an
		// earlier one), not the forty it holds.
		ran.Flags().Visit(r.resetFlag)
	case ran != nil:
		ran.Flags().VisitAll(r.resetFlag)
		for c := ran; c != nil; c = c.Parent() {
			c.PersistentFlags().VisitAll(r.resetFlag)
		}
	default:
		var visit func(c *cobra.Command)
		visit = func(c *cobra.Command) {
			c.Flags().VisitAll(r.resetFlag)
			c.PersistentFlags().VisitAll(r.resetFlag)
			for _, sub := range c.Commands() {
				visit(sub)
			}
		}
		visit(tr.root)
	}
	tr.root.SetArgs(nil)
	tr.root.SetOut(nil)
	tr.root.SetErr(nil)
	// The flags' variables stay (their values are the defaults again),
	// and so do the retry logger, a closure over r, and the TLS flags:
	// the run's own state goes.
	r.runState = runState{}
}

// detach hands the rest of a command that may wait for a long time to a
// runner off the command tree: rest runs once cobra has returned and the
// tree is back in the free list. rest must not use the command, its flags'
// variables or the tree's runner: what it needs of them is copied first.
func (r *runner) detach(rest func(r *runner)) { r.rest = rest }

// detached is a copy of r's state for one command that shares nothing with
// the tree (the tree's runner is reset for the next command).
func (r *runner) detached() *runner {
	d := &runner{runState: runState{cl: r.cl, stdout: r.stdout, stderr: r.stderr, stdin: r.stdin, env: r.env, token: r.token, util: r.util}, g: r.g, tlsFlags: r.tlsFlags}
	d.g.Endpoints = slices.Clone(r.g.Endpoints)
	if r.display != nil {
		p := *r.display
		p.r = d
		d.display = &p
	}
	return d
}

func (r *runner) resetFlag(f *pflag.Flag) {
	if !f.Changed {
		return
	}
	if v, ok := f.Value.(interface{ Reset() }); ok { // pflag's string slice
		v.Reset()
	} else {
		_ = f.Value.Set(f.DefValue)
	}
	f.Changed = false
}
