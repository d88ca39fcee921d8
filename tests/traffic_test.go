package tests

import (
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
	Eval[bool](p, `(() => {
		window.__clients = {req: 0, reply: 0, rects: 0};
		const seen = el => {
			if (!(el instanceof Element)) return;
			const fl = el.matches('[data-testid=client-flight]') ? [el] : [...el.querySelectorAll('[data-testid=client-flight]')];
			for (const f of fl) {
				if (f.classList.contains('c-req')) window.__clients.req++;
				if (f.classList.contains('c-reply')) window.__clients.reply++;
				if (f.querySelector('rect')) window.__clients.rects++;
			}
		};
		const root = document.querySelector('[data-testid=client-flights]');
		new MutationObserver(ms => { for (const m of ms) { if (m.type === 'attributes') seen(m.target); for (const n of m.addedNodes) seen(n); } })
			.observe(root, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
		return true; })()`)
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
