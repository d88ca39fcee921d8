package console

// Jobs: commands in the background (a trailing &), their output, and
// canceling them (Ctrl-C).

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/etcdconf"
)

// MaxJobs is how many background jobs may run at once in a session. Each
// parked job holds a coroutine and its command's state; the limit keeps a
// session's memory and each event's work bounded.
const MaxJobs = 64

// background starts words as a job, as a shell runs `cmd &`: the console
// goes on, and `output N` shows what the job printed so far. The job runs
// the words already split, so that a quoted '&' stays an argument.
func (con *Console) background(c *Call, words []string, stdin string) int {
	if n := con.jobsRunning(); n >= MaxJobs {
		return fail(c, 1, "raftlab: too many background jobs: %d are running, the most a session runs (see 'jobs'; stop some with 'cancel N')", n)
	}
	quoted := make([]string, 0, len(words))
	for _, w := range words {
		quoted = append(quoted, etcdconf.ShellQuote(w))
	}
	label := strings.Join(quoted, " ")
	if stdin != "" {
		label += "\n" + stdin
	}
	// The words are in c's worker (parseLineIn), which runs another call
	// once c ends: the job gets its own.
	words = append([]string(nil), words...)
	job := con.start(label, true, func(j *Call) int { return con.run(j, words, stdin) })
	job.bg = true
	fmt.Fprintf(c.stdout, "[%d] %s\n", job.ID, strings.TrimSpace(label))
	return 0
}

func (con *Console) jobsRunning() int {
	n := 0
	for _, c := range con.running {
		if c.bg {
			n++
		}
	}
	return n
}

// cmdJobs lists the background jobs still running, as a shell's jobs.
func (con *Console) cmdJobs(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	for _, j := range con.running {
		if j.bg {
			fmt.Fprintf(c.stdout, "[%d]  Running                 %s &\n", j.ID, strings.SplitN(j.Line, "\n", 2)[0])
		}
	}
	return 0
}

func (con *Console) cmdCancel(c *Call, args []string) int {
	var ids []int
	for _, j := range con.running {
		if j.ID != c.ID && j.typed {
			ids = append(ids, j.ID)
		}
	}
	if len(args) == 1 {
		id, err := strconv.Atoi(args[0])
		if j := con.running.get(id); err != nil || j == nil || !j.typed {
			return fail(c, 1, "cancel: no running command %q", args[0])
		}
		ids = []int{id}
	} else if len(args) > 1 {
		return usage(c, args)
	}
	for _, id := range ids {
		// Cancel after this command returns: a call cannot stop another
		// from inside its own coroutine.
		target := con.running.get(id)
		con.after(0, target.cancel)
		fmt.Fprintf(c.stdout, "canceled: %s\n", strings.SplitN(target.Line, "\n", 2)[0])
	}
	return 0
}

func (con *Console) cmdOutput(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	id, err := strconv.Atoi(strings.TrimPrefix(args[0], "%"))
	var job *Call
	for _, k := range con.jobs() {
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
		fmt.Fprintf(c.stdout, "[%d] done (exit %d)\n", job.ID, r.Exit)
	} else {
		fmt.Fprintf(c.stdout, "[%d] running\n", job.ID)
	}
	return 0
}
