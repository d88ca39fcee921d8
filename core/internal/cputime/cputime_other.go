//go:build !unix && !js

package cputime

import "time"

var epoch = time.Now()

// Now returns the wall time since the process started: no CPU clock here.
func Now() time.Duration { return time.Since(epoch) }
