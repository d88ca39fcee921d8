package etcdctl

import (
	"bufio"
	"io"
	"slices"
	"strings"

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
type Tools struct{ free []*tree }

type tree struct {
	r    *runner
	root *cobra.Command
	runs int
}

// treeRuns bounds a tree's reuse: pflag remembers every flag ever set on a
// flag set (FlagSet.orderedActual), so a tree is replaced after this many
// runs instead of growing without end.
const treeRuns = 1000

// Run is the package's Run on a reused tree.
func (t *Tools) Run(cl Client, args []string, env []string, stdin string, stdout, stderr io.Writer) (code int) {
	var tr *tree
	if n := len(t.free); n > 0 {
		tr, t.free = t.free[n-1], t.free[:n-1]
	} else {
		tr = &tree{r: &runner{}}
		tr.root = tr.r.newRootCommand()
	}
	// Deferred so that an interrupted command (Ctrl-C unwinds by panic)
	// gives its tree back too.
	defer func() {
		tr.reset(args)
		// cobra leaves its hidden __complete command in a tree that ran it.
		if tr.runs++; tr.runs < treeRuns && !slices.ContainsFunc(args, isCompleteCmd) {
			t.free = append(t.free, tr)
		}
	}()
	r := tr.r
	r.cl, r.stdout, r.stderr = cl, stdout, stderr
	r.stdin, r.env = bufio.NewReader(strings.NewReader(stdin)), parseEnv(env)
	tr.root.SetOut(stderr)
	tr.root.SetErr(stderr)
	return r.run(tr.root, args)
}

func isCompleteCmd(a string) bool {
	return a == cobra.ShellCompRequestCmd || a == cobra.ShellCompNoDescRequestCmd
}

// reset puts every flag the run set back to its default and forgets the
// run's client and output. Only the command args named parsed flags (its
// own and those it inherits, which the environment may also set); when
// args name none, every command's flags are visited.
func (tr *tree) reset(args []string) {
	r := tr.r
	if ran, _, err := tr.root.Find(args); err == nil && ran != nil {
		ran.Flags().VisitAll(r.resetFlag)
		for c := ran; c != nil; c = c.Parent() {
			c.PersistentFlags().VisitAll(r.resetFlag)
		}
	} else {
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
	g := r.g
	*r = runner{g: g, fresh: r.fresh}
}

func (r *runner) resetFlag(f *pflag.Flag) {
	if !f.Changed {
		return
	}
	if fresh := r.fresh[f.Name]; fresh != nil {
		f.Value = fresh()
	} else {
		_ = f.Value.Set(f.DefValue)
	}
	f.Changed = false
}
