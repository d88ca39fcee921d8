//go:build js && wasm

// Command wasm is raftlab's browser program: it mounts the Vugu UI (package
// web) on #app and runs the render loop. web/static/loader.js downloads and
// starts it.
package main

import (
	"errors"
	"fmt"
	"os"
	"syscall/js"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"

	"github.com/raftlab/raftlab/web"
)

// stepBudget bounds the simulation work done per animation frame, so the
// browser keeps painting and taking input (Go wasm is single-threaded).
const stepBudget = 8 * time.Millisecond

func main() {
	// TODO(lab): replace with the adapter over core/lab once it lands.
	var lab web.Lab = web.NewFakeLab(3)
	if err := run(lab); err != nil {
		fmt.Fprintln(os.Stderr, "raftlab:", err)
		if l := js.Global().Get("raftlabLoader"); l.Truthy() {
			l.Call("fail", err.Error())
		}
		os.Exit(1)
	}
}

// newRenderer is domrender.New without its window.eval: the CSP forbids eval,
// and vugu-render.js (extracted from the same module by
// web/internal/vugujs) has already defined window.vuguRender.
func newRenderer(selector string) (*domrender.JSRenderer, error) {
	g := js.Global()
	if !g.Get("vuguRender").Truthy() {
		return nil, errors.New("vugu-render.js is not loaded (window.vuguRender is missing)")
	}
	orig := g.Get("eval")
	noop := js.FuncOf(func(js.Value, []js.Value) any { return js.Undefined() })
	g.Set("eval", noop)
	defer func() {
		g.Set("eval", orig)
		noop.Release()
	}()
	return domrender.New(selector)
}

func run(lab web.Lab) error {
	renderer, err := newRenderer("#app")
	if err != nil {
		return err
	}
	defer renderer.Release()
	ee := renderer.EventEnv()
	buildEnv, err := vugu.NewBuildEnv(ee)
	if err != nil {
		return err
	}
	root := web.NewRoot(lab)

	// One render per animation frame at most: after each Render, wait for the
	// next requestAnimationFrame so the browser paints and handles input.
	frame := make(chan struct{}, 1)
	raf := js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case frame <- struct{}{}:
		default:
		}
		return nil
	})
	defer raf.Release()

	// Forward Vugu's "please render" signals (events, ee.UnlockRender) so the
	// loop can also wait on frames. false means a handler panicked.
	events := make(chan bool, 1)
	go func() {
		for {
			ok := renderer.EventWait()
			events <- ok
			if !ok {
				return
			}
		}
	}()

	first := true
	more := true
	for {
		ee.RLock()
		results := buildEnv.RunBuild(root)
		ee.RUnlock()
		if err := renderer.Render(results); err != nil {
			return fmt.Errorf("render: %w", err)
		}
		if first {
			first = false
			if l := js.Global().Get("raftlabLoader"); l.Truthy() {
				l.Call("ready")
			}
		}
		js.Global().Call("requestAnimationFrame", raf)
		<-frame
		if !more {
			if ok := <-events; !ok {
				return errors.New("event handler panicked; UI stopped (see console)")
			}
		}
		select { // coalesce: one render covers every pending event
		case ok := <-events:
			if !ok {
				return errors.New("event handler panicked; UI stopped (see console)")
			}
		default:
		}
		ee.Lock()
		more = lab.Step(stepBudget)
		ee.UnlockOnly()
	}
}
