package tests

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// apiserver is a JS expression for an API server's drawn attribute.
func apiserver(node, attr string) string {
	return `(document.querySelector('[data-testid=apiserver][data-node="` + node + `"]') || {dataset: {}}).dataset.` + attr
}

// TestControlPlaneTopologies switches the topology in Settings, sees the
// API servers drawn with their lines to etcd, and sees them fail over
// (external) and go down with their node (stacked).
func TestControlPlaneTopologies(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 5")

	// External etcd, chosen in Settings.
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=tab-settings]`)))
	p.WaitFor(`!!document.querySelector('[data-testid=set-topology]')`, 5*time.Second)
	Eval[bool](p, `(() => { const s = document.querySelector("[data-testid=set-topology]"); s.value = "external"; return s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
	p.WaitFor(`document.querySelector('[data-testid=set-control-planes]')?.value === "3"`, 5*time.Second)
	p.Do(chromedp.Click(chromedp.CSS(`[data-testid=apply-settings]`)))
	p.WaitFor(`document.querySelector('[data-testid=control-plane]')?.dataset.topology === "external"`, 10*time.Second)
	p.run("speed 5")
	p.WaitFor(`document.querySelectorAll('[data-testid=apiserver][data-running=true]').length === 3`, 10*time.Second)
	p.WaitFor(apiserver("cp-1", "endpoint")+` === "node-1"`, 20*time.Second)
	p.WaitFor(`document.querySelectorAll('[data-testid=cp-line][data-to=node-1]').length === 3`, 10*time.Second)
	// The API servers' etcd requests and answers are drawn as client
	// flights in this view, from a cp node toward an etcd member.
	p.watchFlights("__cp", "[data-testid=control-plane]", "client-flight")
	p.WaitFor(`window.__cp.cls['c-req'] > 0 && window.__cp.cls['c-reply'] > 0 && window.__cp.shape.rect > 0`, 20*time.Second)
	if n := Eval[int](p, `window.__cp.bad`); n != 0 {
		t.Errorf("%d control-plane client flights not from a cp node to an etcd member", n)
	}

	// node-1 goes down: every API server fails over to node-2.
	p.run("kill node-1")
	p.WaitFor(apiserver("cp-1", "endpoint")+` === "node-2" && `+apiserver("cp-3", "endpoint")+` === "node-2"`, 30*time.Second)
	p.run("kubectl create configmap drawn")
	p.waitOutput("kubectl create configmap drawn", "stdout", "configmap/drawn created", 30*time.Second)

	// Stacked: each API server uses its own member, drawn inside its node.
	p.run("reset --topology stacked")
	p.WaitFor(`document.querySelector('[data-testid=control-plane]')?.dataset.topology === "stacked"`, 10*time.Second)
	p.WaitFor(`document.querySelectorAll('[data-testid=cp-etcd]').length === 3`, 10*time.Second)
	p.WaitFor(apiserver("cp-2", "endpoint")+` === "cp-2"`, 20*time.Second)
	p.run("kill cp-2")
	p.WaitFor(apiserver("cp-2", "running")+` === "false"`, 10*time.Second)
	p.WaitFor(`document.querySelector('[data-testid=cp-etcd][data-member="cp-2"]').dataset.role === "down"`, 10*time.Second)
	p.Screenshot("control-plane-stacked")
	if probs := p.Problems(); len(probs) > 0 {
		t.Fatalf("page problems: %v", probs)
	}
}
