package lab_test

// The hostile-input table: inputs that once hung the console, ate memory
// or were accepted where etcd refuses them. Each case gives the input, what
// it must answer, and bounds on the wall time and the memory it may take,
// measured in this process. `go test ./core/lab -run TestHostileInputs -v`
// prints the table with the measured figures (RAFTLAB_HOSTILE_TABLE=file
// writes it as Markdown).

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

type hostileCase struct {
	name  string
	setup []string // commands run first, not measured
	input string   // the console input measured
	// api, when set, is measured instead of input (the Go API).
	api  func(l *lab.Lab) lab.Result
	want string // in stdout or stderr
	exit int    // expected exit code; anyAnswer for any
	wall time.Duration
	mem  float64 // MB allocated while it runs
	// heavy cases (seconds natively) are left out under wasm, which is
	// about ten times slower; the others' wall bounds are scaled there.
	heavy bool
}

const anyAnswer = -99

// wallSlack: how far past its nominal bound a case may run on a busy machine
// before it counts as hung.
const wallSlack = 10

func hostileCases() []hostileCase {
	v := func(n int) string { return strings.Repeat("v", n) }
	put100k := make([]string, 0, 12)
	for i := 0; i < 12; i++ {
		put100k = append(put100k, fmt.Sprintf("etcdctl put k%02d\n%s", i, v(100<<10)))
	}
	watches := make([]string, 0, 64)
	for i := 0; i < 64; i++ {
		watches = append(watches, "etcdctl watch a --prefix &")
	}
	return []hostileCase{
		// Timing: etcd's limits and texts, no overflow.
		{name: "1 ns heartbeat", input: "reset --heartbeat-interval 1ns --election-timeout 5ns", want: "want whole milliseconds", exit: 2},
		{name: "5x check overflow (Duration)", input: "reset --heartbeat-interval 2000000h --election-timeout 1ms", want: "invalid value \"2000000h\"", exit: 2},
		{name: "1 h heartbeat", input: "reset --heartbeat-interval 3600000 --election-timeout 1000", want: "--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[3600000ms]", exit: 2},
		{name: "etcd flags: 5x check overflow (uint64)", input: "cluster from-flags\netcd --name a --heartbeat-interval 3689348814741910324 --election-timeout 1000", want: "should be at least as 5 times as --heartbeat-interval[3689348814741910324ms]", exit: 1},
		{name: "election timeout > 50 s", input: "reset --election-timeout 50001", want: "--election-timeout[50001ms] is too long, and should be set less than 50000ms", exit: 2},
		{name: "zero heartbeat", input: "reset --heartbeat-interval 0", want: "--heartbeat-interval must be >0 (set to 0ms)", exit: 2},
		{name: "etcd flags: huge heartbeat", input: "cluster from-flags\netcd --name a --heartbeat-interval 18446744073709551615", want: "should be at least as 5 times", exit: 1},
		{name: "Go API: 1 ns timing, NaN drop, then 10 s", api: func(l *lab.Lab) lab.Result {
			n := lab.New(lab.Options{HeartbeatInterval: 1, ElectionTimeout: 5, DropRate: math.NaN(), DupRate: math.Inf(1), Latency: -1})
			n.Run(10 * time.Second)
			o := n.ClusterOptions()
			return lab.Result{Stdout: fmt.Sprintf("heartbeat %v election %v drop %v dup %v leader %q", o.HeartbeatInterval, o.ElectionTimeout, o.DropRate, o.DupRate, n.Leader())}
		}, want: "heartbeat 1ms election 5ms drop 0 dup 1", wall: 5 * time.Second, mem: 400},
		// NaN, infinities, range.
		{name: "speed NaN", input: "speed NaN", want: "invalid speed", exit: 2},
		{name: "speed Inf", input: "speed Inf", want: "invalid speed", exit: 2},
		{name: "speed 1e309", input: "speed 1e309", want: "invalid speed", exit: 2},
		{name: "speed hex float", input: "speed 0x1p3", want: "invalid speed", exit: 2},
		{name: "drop NaN", input: "drop NaN", want: "invalid rate", exit: 2},
		{name: "drop NaN%", input: "drop NaN%", want: "invalid rate", exit: 2},
		{name: "dup nan", input: "dup nan", want: "invalid rate", exit: 2},
		{name: "drop -Inf", input: "drop -Inf", want: "invalid rate", exit: 2},
		{name: "drop 101%", input: "drop 101%", want: "invalid rate", exit: 2},
		{name: "latency NaN", input: "latency NaN", want: "invalid latency", exit: 2},
		{name: "latency overflow", input: "latency 99999999999999999999ms", want: "invalid latency", exit: 2},
		{name: "jitter > 10 s", input: "latency 10ms 11s", want: "invalid jitter", exit: 2},
		{name: "wait NaN", input: "wait NaN", want: "invalid duration", exit: 2},
		{name: "wait overflow", input: "wait 9223372036854775807", want: "invalid duration", exit: 2},
		{name: "wait -1s", input: "wait -1s", want: "invalid duration", exit: 2},
		{name: "reset --size 1e9", input: "reset --size 1e9", want: "invalid value", exit: 2},
		{name: "reset --max-request-bytes NaN", input: "reset --max-request-bytes NaN", want: "invalid value", exit: 2},
		{name: "cancel huge id", input: "cancel 99999999999999999999999", want: "no running command", exit: 1},
		// The parser: linear, & quoted stays an argument, limits.
		{name: "3,000 ampersands", input: strings.Repeat("& ", 3000), want: "syntax error near unexpected token `&'", exit: 2, wall: 100 * time.Millisecond, mem: 16},
		{name: "200 KB of &", input: strings.Repeat("&", 200<<10), want: "syntax error", exit: 2, wall: 100 * time.Millisecond, mem: 16},
		{name: "200 KB of words", input: strings.Repeat("a ", 100<<10), want: "a: command not found", exit: 127, wall: 200 * time.Millisecond, mem: 64},
		{name: "quoted & is an argument", setup: []string{"wait leader", "etcdctl put amp '&'"}, input: "etcdctl get amp --print-value-only", want: "&\n", exit: 0},
		{name: "quoted & in a job", setup: []string{"wait leader"}, input: "etcdctl put amp2 '&' &", want: "etcdctl put amp2 '&'", exit: 0},
		{name: "5 MB input", input: "etcdctl put k\n" + v(5<<20), want: "input too long", exit: 2, wall: 200 * time.Millisecond, mem: 64},
		{name: "journal full (3 inputs of 4 MiB kept, a 4th)", setup: []string{"wait leader", "etcdctl put k\n" + v(4<<20-14), "etcdctl put k\n" + v(4<<20-14), "etcdctl put k\n" + v(4<<20-14)},
			input: "etcdctl put k\n" + v(4<<20-14), want: "raftlab: session journal full", exit: 2, wall: 100 * time.Millisecond, mem: 16},
		{name: "200 KB argument", input: "etcdctl put k " + v(200<<10), want: "Argument list too long", exit: 2, wall: 200 * time.Millisecond, mem: 16},
		{name: "NUL and invalid UTF-8", setup: []string{"wait leader"}, input: "etcdctl put \x00\xff \xfe", exit: anyAnswer},
		{name: "unterminated quote", input: "etcdctl put 'k v", want: "unterminated single quote", exit: 2},
		// The machines' disks (console.MaxFilesBytes in all): a short
		// command that multiplies a file, or copies it over and over, fails
		// with "No space left on device" instead of filling the page's
		// memory; sed stops making output past what it may keep.
		{name: "sed -i multiplies 4 MiB by 9", setup: []string{"edit /root/f\n" + v(4<<20-20)},
			input: "sed -i 's/v/&&&&&&&&&/g' /root/f", want: "sed: couldn't flush /root/f: No space left on device", exit: 4, wall: 2 * time.Second, mem: 2048, heavy: true},
		{name: "sed: 100 KB replacement over 1 MiB of stdin", input: "sed 's/v/" + strings.Repeat("&", 100_000) + "/g'\n" + v(1<<20),
			want: "sed's output passes the 1048576 bytes the console keeps", exit: 0, wall: time.Second, mem: 64},
		{name: "cp a 4 MiB file an eighth time", setup: []string{"edit /root/f\n" + v(4<<20-20), "cp f c1", "cp f c2", "cp f c3", "cp f c4", "cp f c5", "cp f c6", "cp f c7"},
			input: "cp f c8", want: "cp: error writing '/root/c8': No space left on device", exit: 1, mem: 16},
		{name: "snapshot save on a full disk", setup: []string{"wait leader", "edit /root/f\n" + v(4<<20-20), "cp f c1", "cp f c2", "cp f c3", "cp f c4", "cp f c5", "cp f c6", "cp f c7"},
			input: "etcdctl snapshot save s.db", want: "Error: write s.db.part: no space left on device", exit: 5, mem: 16},
		// Jobs.
		{name: "65th background job", setup: append([]string{"wait leader"}, watches...), input: "etcdctl watch b &", want: "too many background jobs: 64 are running", exit: 1},
		{name: "64 parked watch jobs", setup: []string{"wait leader"}, api: func(l *lab.Lab) lab.Result {
			for i := 0; i < 64; i++ {
				if r := l.Exec("etcdctl watch a --prefix &"); r.Exit != 0 {
					return r
				}
			}
			l.Exec("etcdctl put a 1")
			return l.Exec("jobs")
		}, want: "[129]  Running", exit: 0, wall: 3 * time.Second, mem: 64},
		{name: "10,000 background watches", setup: []string{"wait leader"}, api: func(l *lab.Lab) lab.Result {
			var r lab.Result
			refused := 0
			for i := 0; i < 10_000; i++ {
				if r = l.Exec("etcdctl watch a --prefix &"); r.Exit != 0 {
					refused++
				}
			}
			r.Stdout += fmt.Sprintf("%d refused\n", refused)
			return r
		}, want: "9936 refused", exit: 1, wall: 5 * time.Second, mem: 256},
		// etcd's request limits.
		{name: "2 MB put", setup: []string{"wait leader"}, input: "etcdctl put big\n" + v(2_000_000), want: "Error: etcdserver: request is too large", exit: 1, wall: time.Second, mem: 64},
		{name: "3 MB put", setup: []string{"wait leader"}, input: "etcdctl put big\n" + v(3<<20), want: "trying to send message larger than max (3145738 vs. 2097152)", exit: 1, wall: time.Second, mem: 64},
		{name: "past --quota-backend-bytes", setup: []string{"reset --quota-backend-bytes 28672", "wait leader",
			"etcdctl put k " + v(1000), "etcdctl put k " + v(1000), "etcdctl put k " + v(1000), "etcdctl put k " + v(1000)},
			input: "etcdctl put k " + v(1000), want: "Error: etcdserver: mvcc: database space exceeded", exit: 1},
		{name: "NOSPACE alarm listed", setup: []string{"reset --quota-backend-bytes 20480", "wait leader", "etcdctl put k v"},
			input: "etcdctl alarm list", want: "alarm:NOSPACE", exit: 0},
		// Bounded commands.
		{name: "wait 1h at 7 members, 1 ms heartbeat", setup: []string{"reset --size 7 --heartbeat-interval 1 --election-timeout 5"},
			input: "wait 1h", want: "simulated events", exit: 130, wall: 20 * time.Second, mem: 2048, heavy: true},
		{name: "foreground watch", setup: []string{"wait leader"}, input: "etcdctl watch k",
			want: "raftlab: stopped after 1m0s of virtual time", exit: 130, wall: 2 * time.Second, mem: 64},
		{name: "output over 1 MiB", setup: append([]string{"wait leader"}, put100k...), input: "etcdctl get --prefix k",
			want: "raftlab: output truncated", exit: 0, wall: 2 * time.Second, mem: 256},
		{name: "check-linearizability counts", setup: []string{"wait leader", "etcdctl put a 1", "etcdctl get a"},
			input: "check-linearizability", want: "checked of 2 client requests", exit: 0},
	}
}

func TestHostileInputs(t *testing.T) {
	var table strings.Builder
	table.WriteString("| input | answer | exit | wall time (bound) | allocated MB (bound) | retained MB |\n|---|---|---|---|---|---|\n")
	for _, c := range hostileCases() {
		if c.wall == 0 {
			c.wall = time.Second
		}
		if c.mem == 0 {
			c.mem = 32
		}
		if runtime.GOOS == "js" {
			if c.heavy {
				continue
			}
			c.wall *= 15
		}
		// The wall bound catches a hang or a quadratic blow-up, not a slow
		// machine: it is asserted with head-room for a loaded 2-core CI box
		// (a case's own time is in the table, its nominal bound beside it).
		limit := c.wall * wallSlack
		l := lab.New(lab.Options{Seed: 1})
		for _, s := range c.setup {
			l.Exec(s)
		}
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		t0 := time.Now()
		var r lab.Result
		if c.api != nil {
			r = c.api(l)
		} else {
			r = l.Exec(c.input)
		}
		wall := time.Since(t0)
		runtime.ReadMemStats(&m1)
		alloc := float64(m1.TotalAlloc-m0.TotalAlloc) / 1e6
		runtime.GC()
		var m2 runtime.MemStats
		runtime.ReadMemStats(&m2)
		retained := (float64(m2.HeapAlloc) - float64(m0.HeapAlloc)) / 1e6
		out := r.Stdout + r.Stderr
		if c.want != "" {
			require.Contains(t, out, c.want, c.name)
		}
		if c.exit != anyAnswer {
			require.Equal(t, c.exit, r.Exit, "%s: %s", c.name, out)
		}
		require.NotContains(t, out, "internal error", c.name)
		require.Less(t, wall, limit, "%s: wall time", c.name)
		require.Less(t, alloc, c.mem, "%s: MB allocated", c.name)
		// The cluster stays usable.
		require.NoError(t, l.Err(), c.name)
		require.Equal(t, 0, l.Exec("status").Exit, c.name)
		answer := strings.TrimSpace(c.want)
		if answer == "" {
			answer = "(no crash)"
		}
		fmt.Fprintf(&table, "| %s | %s | %d | %v (%v) | %.1f (%.0f) | %.1f |\n", c.name, strings.ReplaceAll(answer, "|", "\\|"), r.Exit,
			wall.Round(10*time.Microsecond), c.wall, alloc, c.mem, retained)
		runtime.KeepAlive(l)
	}
	t.Log("\n" + table.String())
	if f := os.Getenv("RAFTLAB_HOSTILE_TABLE"); f != "" {
		require.NoError(t, os.WriteFile(f, []byte(table.String()), 0o644))
	}
}
