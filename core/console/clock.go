package console

// Time: waiting, and the page's clock controls (pause, resume, speed, step).

import (
	"fmt"
	"strings"
	"time"
)

func (con *Console) cmdWait(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	if args[0] == "leader" {
		deadline := con.now() + MaxExec
		for {
			if lead, term := con.m.SettledLeader(); lead != "" {
				fmt.Fprintf(c.stdout, "leader is %s (term %d)\n", lead, term)
				return 0
			}
			if con.now() >= deadline {
				return fail(c, 1, "no leader after %v", MaxExec)
			}
			c.sleep(10 * time.Millisecond)
		}
	}
	d, err := parseDuration(args[0])
	if err != nil || d < 0 || d > time.Hour {
		return fail(c, 2, "invalid duration %q: want e.g. 2s, 500ms (at most 1h)", args[0])
	}
	c.sleep(d)
	return 0
}

func (con *Console) cmdPause(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	con.paused = c.cmd == "pause"
	if con.paused {
		fmt.Fprintln(c.stdout, "paused")
	} else {
		fmt.Fprintln(c.stdout, "running")
	}
	return 0
}

func (con *Console) cmdSpeed(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	f, ok := parseFloat(strings.TrimSuffix(args[0], "x"))
	if !ok || f < 0.01 || f > 100 {
		return fail(c, 2, "invalid speed %q: want a factor from 0.01 to 100", args[0])
	}
	con.speed = f
	fmt.Fprintf(c.stdout, "speed %gx\n", f)
	return 0
}

func (con *Console) cmdStep(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	at, ok := con.cluster.World.NextEventAt()
	if !ok {
		return fail(c, 1, "nothing is scheduled")
	}
	// Defer to after this command: a step is "the next instant".
	con.after(0, func() { con.m.RunUntil(at) })
	fmt.Fprintf(c.stdout, "stepped to %v\n", at)
	return 0
}
