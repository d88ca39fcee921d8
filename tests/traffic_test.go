package tests

import (
	"strconv"
	"testing"
	"time"
)

// TestClientTrafficDrawn: `etcdctl put k v` from the console draws its
// request and answer on the ring as client-traffic squares (class cmsg,
// among the shaped traffic), apart from the Raft messages' dots. A MutationObserver records every
// client flight element added, since one lasts only tens of milliseconds.
func TestClientTrafficDrawn(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 1280, Height: 900})
	p.Boot()
	p.run("speed 0.2")
	p.watchFlights("__clients", "[data-testid=traffic-flights]", "client-flight")
	p.run("etcdctl put k v")
	p.waitOutput("etcdctl put k v", "stdout", "OK", 10*time.Second)
	p.WaitFor(`window.__clients.cls['c-req'] > 0 && window.__clients.cls['c-reply'] > 0 && window.__clients.shape.path > 0`, 5*time.Second)
	if n := Eval[int](p, `document.querySelectorAll('[data-testid=flights] [data-testid=client-flight]').length`); n != 0 {
		t.Errorf("%d client flights drawn among the Raft messages", n)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("page problems: %v", probs)
	}
}

// TestForwardAndSnapshotDrawn, on a phone-sized page: a put sent to a
// follower draws the proposal it passes to the leader as a forward (a
// diamond, class fmsg); a follower restarted after the leader compacted
// its log past it (reset --snapshot-count 2
// --experimental-snapshot-catchup-entries 1) draws the leader's snapshot
// as a page (class smsg). Neither is drawn among the Raft messages or the
// client squares.
func TestForwardAndSnapshotDrawn(t *testing.T) {
	p := NewPage(t, PageOptions{Width: 390, Height: 844, Mobile: true})
	p.Boot()
	p.run("speed 5")
	p.run("reset --snapshot-count 2 --experimental-snapshot-catchup-entries 1")
	p.run("wait leader")
	p.waitOutput("wait leader", "stdout", "leader is", 10*time.Second)
	lead := p.leader()
	var followers []string
	for _, n := range []string{"node-1", "node-2", "node-3"} {
		if n != lead {
			followers = append(followers, n)
		}
	}
	if lead == "" || len(followers) != 2 {
		t.Fatalf("leader %q", lead)
	}
	p.run("speed 0.2")
	p.watchFlights("__fwd", "[data-testid=traffic-flights]", "forward-flight")
	p.watchFlights("__snap", "[data-testid=traffic-flights]", "snapshot-flight")
	put := "etcdctl --endpoints=" + followers[0] + " put k v"
	p.run(put)
	p.waitOutput(put, "stdout", "OK", 10*time.Second)
	p.WaitFor(`window.__fwd.cls['f-req'] > 0 && window.__fwd.shape.path > 0`, 5*time.Second)

	p.run("speed 5")
	p.run("kill " + followers[1])
	for i := range 3 {
		put := "etcdctl --endpoints=" + lead + " put k" + strconv.Itoa(i) + " v"
		p.run(put)
		p.waitOutput(put, "stdout", "OK", 10*time.Second)
	}
	p.run("speed 0.2")
	p.run("start " + followers[1])
	p.WaitFor(`window.__snap.cls.smsg > 0 && window.__snap.shape.path > 0`, 10*time.Second)
	if n := Eval[int](p, `(window.__fwd.cls.cmsg || 0) + (window.__fwd.cls.smsg || 0) + (window.__snap.cls.cmsg || 0) + (window.__snap.cls.fmsg || 0)`); n != 0 {
		t.Errorf("%d forwards or snapshots drawn as another kind", n)
	}
	if n := Eval[int](p, `document.querySelectorAll('[data-testid=flights] .fmsg, [data-testid=flights] .smsg').length`); n != 0 {
		t.Errorf("%d forwards or snapshots drawn among the Raft messages", n)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("page problems: %v", probs)
	}
}

// watchFlights counts, in window[name], every flight element (data-testid
// testid) drawn under root: by class (cls) and by the tag of its shapes
// (shape), and the bad ones: a flight's data-host and data-server, when it
// has them, must name a cp node and an etcd member. A MutationObserver
// sees each, since one lasts only tens of milliseconds.
func (p *Page) watchFlights(name, root, testid string) {
	Eval[bool](p, `((name, root, testid) => {
		const n = window[name] = {cls: {}, shape: {}, bad: 0};
		const sel = '[data-testid=' + testid + ']';
		const seen = el => {
			if (!(el instanceof Element)) return;
			const fl = el.matches(sel) ? [el] : [...el.querySelectorAll(sel)];
			for (const f of fl) {
				for (const c of f.classList) n.cls[c] = (n.cls[c] || 0) + 1;
				for (const s of f.children) n.shape[s.tagName] = (n.shape[s.tagName] || 0) + 1;
				if (f.dataset.host !== undefined && (!f.dataset.host.startsWith('cp-') || !f.dataset.server.startsWith('node-'))) n.bad++;
			}
		};
		const r = document.querySelector(root);
		seen(r);
		new MutationObserver(ms => { for (const m of ms) { if (m.type === 'attributes') seen(m.target); for (const x of m.addedNodes) seen(x); } })
			.observe(r, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
		return true; })(`+strconv.Quote(name)+`, `+strconv.Quote(root)+`, `+strconv.Quote(testid)+`)`)
}
