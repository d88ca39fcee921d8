package etcdctl

import (
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Completions are what may follow a command path (words after "etcdctl"
// that name commands): its subcommands, its flags (local and inherited, as
// --name), and whether its arguments are keys (get, put, del, watch...), for
// the console's Tab completion.
type Completions struct {
	Subcommands []string
	Flags       []string
	TakesKey    bool
	// Path is the part of path that named commands; the rest are
	// arguments.
	Path []string
}

// keyCommands take a key as their first argument.
var keyCommands = map[string]bool{"get": true, "put": true, "del": true, "watch": true, "lock": true, "elect": true}

// Complete walks etcdctl's command tree along path.
func Complete(path []string) Completions {
	r := &runner{}
	cmd := r.newRootCommand()
	var out Completions
	for _, w := range path {
		var next *cobra.Command
		for _, s := range cmd.Commands() {
			if s.Name() == w {
				next = s
			}
		}
		if next == nil {
			break
		}
		cmd = next
		out.Path = append(out.Path, w)
	}
	for _, s := range cmd.Commands() {
		if !s.Hidden {
			out.Subcommands = append(out.Subcommands, s.Name())
		}
	}
	seen := map[string]bool{}
	add := func(f *pflag.Flag) {
		if !f.Hidden && !seen[f.Name] {
			seen[f.Name] = true
			out.Flags = append(out.Flags, "--"+f.Name)
		}
	}
	cmd.LocalFlags().VisitAll(add)
	cmd.InheritedFlags().VisitAll(add)
	ptrsort.Strings(out.Subcommands)
	ptrsort.Strings(out.Flags)
	out.TakesKey = len(out.Path) == 1 && keyCommands[out.Path[0]]
	return out
}
