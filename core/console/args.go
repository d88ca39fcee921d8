package console

// Numeric arguments of console commands: every number is checked for NaN,
// infinities and range before it reaches the cluster, so that no argument
// can freeze the clock or wedge the event loop.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxArgDuration bounds any duration argument: beyond it a Duration in
// nanoseconds would overflow.
const maxArgDuration = 1000 * time.Hour

// parseFloat accepts a finite decimal number only (strconv.ParseFloat also
// takes "NaN", "Inf" and hex floats).
func parseFloat(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(s, "xXpP") {
		return 0, false
	}
	return f, true
}

// parseRate takes a share 0..1 or a percentage 0%..100%.
func parseRate(s string) (float64, bool) {
	pct := strings.HasSuffix(s, "%")
	f, ok := parseFloat(strings.TrimSuffix(s, "%"))
	if pct {
		f /= 100
	}
	return f, ok && f >= 0 && f <= 1
}

// parseDuration takes Go durations and bare milliseconds (etcd's flags use
// ms), from 0 up to maxArgDuration.
func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 || n > maxArgDuration.Milliseconds() {
			return 0, fmt.Errorf("out of range")
		}
		return time.Duration(n) * time.Millisecond, nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && (d < 0 || d > maxArgDuration) {
		return 0, fmt.Errorf("out of range")
	}
	return d, err
}

// parseMs takes etcd's timing flags: whole milliseconds, given bare (100)
// or as a duration (100ms, 1s).
func parseMs(s string) (uint64, error) {
	d, err := parseDuration(s)
	if err != nil || d%time.Millisecond != 0 {
		return 0, fmt.Errorf("want whole milliseconds, e.g. 100 or 100ms")
	}
	return uint64(d / time.Millisecond), nil
}

// maxLatency bounds link latency and jitter.
const maxLatency = 10 * time.Second
