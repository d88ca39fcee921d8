//go:build js

package cputime

import (
	"syscall/js"
	"time"
)

var epoch = time.Now()

// Now returns Node's process CPU time (process.cpuUsage: user + system,
// every thread), or the wall time since start in a browser.
func Now() time.Duration {
	p := js.Global().Get("process")
	if p.Type() != js.TypeObject || p.Get("cpuUsage").Type() != js.TypeFunction {
		return time.Since(epoch)
	}
	u := p.Call("cpuUsage")
	return time.Duration(u.Get("user").Float()+u.Get("system").Float()) * time.Microsecond
}
