package console

// Faults: what the page's buttons and the lessons do to the members and the
// network (kill, stop, start, isolate, timeout-now and transfer are
// memberCmd's in console.go).

import (
	"fmt"
	"strings"
	"time"
)

func (con *Console) cmdPartition(c *Call, args []string) int {
	if len(args) < 1 {
		return usage(c, args)
	}
	var groups [][]string
	for _, a := range args {
		groups = append(groups, strings.Split(a, ","))
	}
	if err := con.m.Partition(groups...); err != nil {
		return con.memberErr(c, err)
	}
	var parts []string
	for _, g := range groups {
		parts = append(parts, "{"+strings.Join(g, " ")+"}")
	}
	fmt.Fprintf(c.stdout, "network partitioned: %s\n", strings.Join(parts, " | "))
	return 0
}

func (con *Console) cmdCut(c *Call, args []string) int {
	if len(args) != 2 {
		return usage(c, args)
	}
	if err := con.m.Cut(args[0], args[1]); err != nil {
		return con.memberErr(c, err)
	}
	fmt.Fprintf(c.stdout, "messages from %s to %s are dropped\n", args[0], args[1])
	return 0
}

func (con *Console) cmdHeal(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	con.m.Heal()
	fmt.Fprintln(c.stdout, "network healed")
	return 0
}

func (con *Console) cmdRate(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	rate, ok := parseRate(args[0])
	if !ok {
		return fail(c, 2, "invalid rate %q: want a number from 0 to 1 (or 0%% to 100%%)", args[0])
	}
	if c.cmd == "dup" {
		con.m.SetDupRate(rate)
		fmt.Fprintf(c.stdout, "duplicate rate %g\n", rate)
	} else {
		con.m.SetDropRate(rate)
		fmt.Fprintf(c.stdout, "drop rate %g\n", rate)
	}
	return 0
}

func (con *Console) cmdLatency(c *Call, args []string) int {
	if len(args) < 1 || len(args) > 2 {
		return usage(c, args)
	}
	lat, err := parseDuration(args[0])
	if err != nil || lat > maxLatency {
		return fail(c, 2, "invalid latency %q: want a duration such as 10ms (0..10s)", args[0])
	}
	jit := time.Duration(0)
	if len(args) == 2 {
		if jit, err = parseDuration(args[1]); err != nil || jit > maxLatency {
			return fail(c, 2, "invalid jitter %q: want a duration such as 5ms (0..10s)", args[1])
		}
	}
	con.m.SetLatency(lat, jit)
	fmt.Fprintf(c.stdout, "link latency %v, jitter %v\n", lat, jit)
	return 0
}

func (con *Console) cmdPropose(c *Call, args []string) int {
	if len(args) != 2 {
		return usage(c, args)
	}
	if err := con.m.Propose(args[0], []byte(args[1])); err != nil {
		return fail(c, 1, "%s: %v", args[0], err)
	}
	fmt.Fprintf(c.stdout, "proposed at %s\n", args[0])
	return 0
}
