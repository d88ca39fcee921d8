package web

import "time"

// Lab is what the UI needs from the simulated cluster. core/lab implements it
// (through a small adapter in wasm/ if its API differs).
//
// Threading: every method is called from the UI's render goroutine while it
// holds the Vugu EventEnv write lock, or from event handlers (which hold it
// too), so an implementation needs no locking of its own for these calls. It
// must not block. If the lab changes state from a goroutine of its own, it
// must take ee.Lock() … ee.UnlockRender() around the change.
type Lab interface {
	// Cluster returns the current cluster picture. Called on every build, at
	// most once per animation frame; keep it cheap.
	Cluster() ClusterView

	// Exec runs one console command line (etcdctl-like or a lab command such
	// as "kill infra2") and returns its output lines.
	Exec(line string) []ConsoleLine

	// Step advances the simulation with at most budget of real (wall-clock)
	// work and reports whether it wants another frame soon (true while the
	// simulated clock is running). When it returns false the UI sleeps until
	// the next user event or ee.UnlockRender().
	Step(budget time.Duration) (more bool)
}
