package lab

// Fault, time and status commands of the console: what the page's buttons
// and the lessons do to the network, the members and the clock.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/raft/quorum"
)

func (l *Lab) cmdPartition(c *Call, args []string) int {
	if len(args) < 1 {
		return usage(c, args)
	}
	var groups [][]string
	for _, a := range args {
		groups = append(groups, strings.Split(a, ","))
	}
	if err := l.Partition(groups...); err != nil {
		return fail(c, 1, "%v (members: %s)", err, strings.Join(l.Names(), ", "))
	}
	var parts []string
	for _, g := range groups {
		parts = append(parts, "{"+strings.Join(g, " ")+"}")
	}
	fmt.Fprintf(&c.stdout, "network partitioned: %s\n", strings.Join(parts, " | "))
	return 0
}

func (l *Lab) cmdCut(c *Call, args []string) int {
	if len(args) != 2 {
		return usage(c, args)
	}
	if err := l.Cut(args[0], args[1]); err != nil {
		return fail(c, 1, "%v (members: %s)", err, strings.Join(l.Names(), ", "))
	}
	fmt.Fprintf(&c.stdout, "messages from %s to %s are dropped\n", args[0], args[1])
	return 0
}

func (l *Lab) cmdHeal(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	l.Heal()
	fmt.Fprintln(&c.stdout, "network healed")
	return 0
}

func (l *Lab) cmdRate(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	rate, err := strconv.ParseFloat(strings.TrimSuffix(args[0], "%"), 64)
	if strings.HasSuffix(args[0], "%") {
		rate /= 100
	}
	if err != nil || rate < 0 || rate > 1 {
		return fail(c, 2, "invalid rate %q: want a number from 0 to 1 (or 0%% to 100%%)", args[0])
	}
	if c.cmd == "dup" {
		l.w.Net().DupRate, l.opts.DupRate = rate, rate
		fmt.Fprintf(&c.stdout, "duplicate rate %g\n", rate)
	} else {
		l.w.Net().DropRate, l.opts.DropRate = rate, rate
		fmt.Fprintf(&c.stdout, "drop rate %g\n", rate)
	}
	return 0
}

func (l *Lab) cmdLatency(c *Call, args []string) int {
	if len(args) < 1 || len(args) > 2 {
		return usage(c, args)
	}
	lat, err := parseDuration(args[0])
	if err != nil || lat < 0 || lat > 10*time.Second {
		return fail(c, 2, "invalid latency %q: want a duration such as 10ms (0..10s)", args[0])
	}
	jit := time.Duration(0)
	if len(args) == 2 {
		if jit, err = parseDuration(args[1]); err != nil || jit < 0 || jit > 10*time.Second {
			return fail(c, 2, "invalid jitter %q: want a duration such as 5ms (0..10s)", args[1])
		}
	}
	l.w.Net().Latency, l.w.Net().Jitter = lat, jit
	l.opts.Latency, l.opts.Jitter = lat, jit
	fmt.Fprintf(&c.stdout, "link latency %v, jitter %v\n", lat, jit)
	return 0
}

// parseDuration takes Go durations and bare milliseconds (etcd's flags use ms).
func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Duration(n) * time.Millisecond, nil
	}
	return time.ParseDuration(s)
}

func (l *Lab) cmdPropose(c *Call, args []string) int {
	if len(args) != 2 {
		return usage(c, args)
	}
	if err := l.Propose(args[0], []byte(args[1])); err != nil {
		return fail(c, 1, "%s: %v", args[0], err)
	}
	fmt.Fprintf(&c.stdout, "proposed at %s\n", args[0])
	return 0
}

func (l *Lab) cmdWait(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	if args[0] == "leader" {
		deadline := l.Now() + MaxExec
		for l.Leader() == "" || !l.leaderKnown() {
			if l.Now() >= deadline {
				return fail(c, 1, "no leader after %v", MaxExec)
			}
			c.sleep(10 * time.Millisecond)
		}
		fmt.Fprintf(&c.stdout, "leader is %s (term %d)\n", l.Leader(), l.memberStatus(l.w.Member(l.w.Leader())).Term)
		return 0
	}
	d, err := parseDuration(args[0])
	if err != nil || d < 0 || d > time.Hour {
		return fail(c, 2, "invalid duration %q: want e.g. 2s, 500ms (at most 1h)", args[0])
	}
	c.sleep(d)
	return 0
}

// leaderKnown reports whether every member up that can reach the leader
// knows it.
func (l *Lab) leaderKnown() bool {
	lead := l.w.Leader()
	for _, m := range l.w.Members() {
		if m.Up() && l.w.Net().Reachable(lead, m.ID) && m.Status().Lead != lead {
			return false
		}
	}
	return true
}

func (l *Lab) cmdPause(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	l.paused = c.cmd == "pause"
	if l.paused {
		fmt.Fprintln(&c.stdout, "paused")
	} else {
		fmt.Fprintln(&c.stdout, "running")
	}
	return 0
}

func (l *Lab) cmdSpeed(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(args[0], "x"), 64)
	if err != nil || f < 0.01 || f > 100 {
		return fail(c, 2, "invalid speed %q: want a factor from 0.01 to 100", args[0])
	}
	l.speed = f
	fmt.Fprintf(&c.stdout, "speed %gx\n", f)
	return 0
}

func (l *Lab) cmdStep(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	at, ok := l.w.NextEventAt()
	if !ok {
		return fail(c, 1, "nothing is scheduled")
	}
	// Defer to after this command: a step is "the next instant".
	l.w.After(0, func() { l.w.RunUntil(at) })
	fmt.Fprintf(&c.stdout, "stepped to %v\n", at)
	return 0
}

// Paused and Speed are the console's clock controls, for the page.
func (l *Lab) Paused() bool { return l.paused }

// Speed is virtual seconds per real second.
func (l *Lab) Speed() float64 { return l.speed }

func (l *Lab) cmdReset(c *Call, args []string) int {
	o := l.opts
	o.Seed = l.opts.Seed
	for i := 0; i < len(args); i++ {
		k, v, hasV := strings.Cut(args[i], "=")
		boolFlag := k == "--pre-vote" || k == "--check-quorum"
		if !hasV && !boolFlag {
			if i+1 >= len(args) {
				return fail(c, 2, "reset: flag %s needs a value; usage: %s", k, commands["reset"].usage)
			}
			i++
			v = args[i]
		}
		if !hasV && boolFlag {
			v = "true"
		}
		var err error
		switch k {
		case "--size", "--members":
			o.Members, err = strconv.Atoi(v)
			if err == nil && (o.Members < 1 || o.Members > 7) {
				err = fmt.Errorf("size must be 1..7")
			}
		case "--seed":
			o.Seed, err = strconv.ParseInt(v, 10, 64)
		case "--heartbeat-interval":
			o.HeartbeatInterval, err = parseDuration(v)
		case "--election-timeout":
			o.ElectionTimeout, err = parseDuration(v)
		case "--pre-vote":
			var b bool
			b, err = strconv.ParseBool(v)
			o.DisablePreVote = !b
		case "--check-quorum":
			var b bool
			b, err = strconv.ParseBool(v)
			o.DisableCheckQuorum = !b
		default:
			return fail(c, 2, "reset: unknown flag %s; usage: %s", k, commands["reset"].usage)
		}
		if err != nil {
			return fail(c, 2, "reset: invalid value %q for %s: %v", v, k, err)
		}
	}
	if o.HeartbeatInterval <= 0 || o.ElectionTimeout < 5*o.HeartbeatInterval {
		return fail(c, 2, "reset: --election-timeout[%d] should be at least as 5 times as --heartbeat-interval[%d]",
			o.ElectionTimeout.Milliseconds(), o.HeartbeatInterval.Milliseconds())
	}
	// The new cluster starts after this command has finished.
	l.w.After(0, func() { l.reinit(New(o)) })
	fmt.Fprintf(&c.stdout, "new cluster: %d members, seed %d\n", o.Members, o.Seed)
	return 0
}

func (l *Lab) cmdStatus(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	st := l.Status()
	up := 0
	voters := 0
	for _, s := range st {
		if s.Up {
			up++
		}
		if !s.Removed {
			voters++
		}
	}
	q := quorum.Size(voters)
	fmt.Fprintf(&c.stdout, "time %v  members %d  quorum %d  tolerates %d  up %d  leader %s\n",
		l.Now().Round(time.Millisecond), voters, q, quorum.Tolerated(voters), up, orDash(l.Leader()))
	for _, s := range st {
		role := s.Role
		if s.Removed {
			role = "removed"
		} else if !s.Up {
			role = "down"
		}
		fmt.Fprintf(&c.stdout, "%-8s %-13s term %-3d leader %-8s commit %-4d applied %-4d last %d\n",
			s.Name, role, s.Term, orDash(s.Leader), s.Commit, s.Applied, s.LastIndex)
	}
	if l.w.Net().Partitioned() {
		fmt.Fprintln(&c.stdout, "network: partitioned")
	}
	return 0
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (l *Lab) cmdHost(c *Call, args []string) int {
	switch len(args) {
	case 0:
		fmt.Fprintln(&c.stdout, l.host)
		return 0
	case 1:
		if _, err := l.id(args[0]); err != nil {
			return fail(c, 1, "%v (members: %s)", err, strings.Join(l.Names(), ", "))
		}
		l.host = args[0]
		fmt.Fprintf(&c.stdout, "now on %s\n", l.host)
		return 0
	}
	return usage(c, args)
}

func (l *Lab) cmdExport(c *Call, args []string) int {
	if len(args) == 0 {
		for _, e := range l.env {
			fmt.Fprintf(&c.stdout, "export %s\n", e)
		}
		return 0
	}
	for _, a := range args {
		if !isAssignment(a) {
			return fail(c, 1, "export: `%s': not a valid identifier", a)
		}
		k, _, _ := strings.Cut(a, "=")
		kept := l.env[:0]
		for _, e := range l.env {
			if !strings.HasPrefix(e, k+"=") {
				kept = append(kept, e)
			}
		}
		l.env = append(kept, a)
	}
	return 0
}

func (l *Lab) cmdCheckLin(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	rep := l.CheckLinearizability(5 * time.Second)
	fmt.Fprintln(&c.stdout, rep.String())
	if rep.Result != "ok" {
		return 1
	}
	return 0
}
