// Package cputime reads the process's CPU time (user + system, all
// threads, so the garbage collector's work counts too) for benchmarks that
// report figures per CPU second: on a shared machine wall time mostly
// measures the neighbours. Under Node (js/wasm) it is Node's process CPU
// time; where there is no such clock (a browser) it falls back to wall time.
package cputime

import "time"

// Since returns the CPU time used since start (a value from Now).
func Since(start time.Duration) time.Duration { return Now() - start }
