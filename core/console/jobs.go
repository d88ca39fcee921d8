package console

// Jobs: commands in the background (a trailing &), their output, and
// canceling them (Ctrl-C).

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/etcdconf"
)

// background starts words as a job, as a shell runs `cmd &`: the console
// goes on, and `output N` shows what the job printed so far.
func (con *Console) background(c *Call, words []string, stdin string) int {
	if len(words) == 0 {
		return fail(c, 2, "raftlab: syntax error near unexpected token `&'")
	}
	// Rebuilt from the words, so that the job never ends in & again.
	quoted := make([]string, 0, len(words))
	for _, w := range words {
		quoted = append(quoted, etcdconf.ShellQuote(w))
	}
	bg := strings.Join(quoted, " ")
	if stdin != "" {
		bg += "\n" + stdin
	}
	job := con.start(bg, true, func(j *Call) int { return con.dispatch(j, bg) })
	fmt.Fprintf(&c.stdout, "[%d] %s\n", job.ID, strings.TrimSpace(bg))
	return 0
}

func (con *Console) cmdCancel(c *Call, args []string) int {
	var ids []int
	for _, id := range sortedIDs(con.running) {
		if id != c.ID && con.running[id].typed {
			ids = append(ids, id)
		}
	}
	if len(args) == 1 {
		id, err := strconv.Atoi(args[0])
		if err != nil || con.running[id] == nil || !con.running[id].typed {
			return fail(c, 1, "cancel: no running command %q", args[0])
		}
		ids = []int{id}
	} else if len(args) > 1 {
		return usage(c, args)
	}
	for _, id := range ids {
		// Cancel after this command returns: a call cannot stop another
		// from inside its own coroutine.
		target := con.running[id]
		con.m.After(0, target.cancel)
		fmt.Fprintf(&c.stdout, "canceled: %s\n", strings.SplitN(target.Line, "\n", 2)[0])
	}
	return 0
}

func (con *Console) cmdOutput(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	id, err := strconv.Atoi(strings.TrimPrefix(args[0], "%"))
	var job *Call
	for _, k := range con.calls {
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
