package tests

import (
	"strconv"
	"testing"
	"time"
)

// TestClientTrafficDrawn: `etcdctl put k v` from the console draws its
// request and answer on the ring as client-traffic squares (class cmsg),
// apart from the Raft messages' dots. A MutationObserver records every
// client flight element added, since one lasts only tens of milliseconds.
func TestClientTrafficDrawn(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 0.5")
	p.watchClientFlights("__clients", "[data-testid=client-flights]")
	p.run("etcdctl put k v")
	p.waitOutput("etcdctl put k v", "stdout", "OK", 10*time.Second)
	p.WaitFor(`window.__clients.req > 0 && window.__clients.reply > 0 && window.__clients.rects > 0`, 5*time.Second)
	if n := Eval[int](p, `document.querySelectorAll('[data-testid=flights] [data-testid=client-flight]').length`); n != 0 {
		t.Errorf("%d client flights drawn among the Raft messages", n)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("page problems: %v", probs)
	}
}

// watchClientFlights counts, in window[name], every client flight element
// drawn under root (req, reply, rects) and the bad ones: a flight's
// data-host and data-server, when it has them, must name a cp node and an
// etcd member. A MutationObserver sees each, since one lasts only tens of
// milliseconds.
func (p *Page) watchClientFlights(name, root string) {
	Eval[bool](p, `((name, root) => {
		const n = window[name] = {req: 0, reply: 0, rects: 0, bad: 0};
		const seen = el => {
			if (!(el instanceof Element)) return;
			const fl = el.matches('[data-testid=client-flight]') ? [el] : [...el.querySelectorAll('[data-testid=client-flight]')];
			for (const f of fl) {
				if (f.classList.contains('c-req')) n.req++;
				if (f.classList.contains('c-reply')) n.reply++;
				if (f.querySelector('rect')) n.rects++;
				if (f.dataset.host !== undefined && (!f.dataset.host.startsWith('cp-') || !f.dataset.server.startsWith('node-'))) n.bad++;
			}
		};
		const r = document.querySelector(root);
		seen(r);
		new MutationObserver(ms => { for (const m of ms) { if (m.type === 'attributes') seen(m.target); for (const x of m.addedNodes) seen(x); } })
			.observe(r, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
		return true; })(`+strconv.Quote(name)+`, `+strconv.Quote(root)+`)`)
}
