package clientv3

import (
	"errors"
	"time"

	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/sim"
)

// watcher streams a member's watch responses to etcdctl over the client's
// connection, reconnecting to a ready endpoint (and resuming after the last
// revision seen) when the connection breaks (its member went down, or a
// response was lost on the way), as clientv3 does.
type watcher struct {
	cl      *Client
	call    etcdctl.Call
	req     etcdpb.WatchCreateRequest
	queue   []*etcdpb.WatchResponse
	waiting *wakeup     // Recv's wait, while it waits
	conn    *sim.Conn   // the connection the stream is on
	stream  *sim.Stream // the stream on it
	lastRev int64
	created bool
	closed  bool
}

// Watch opens a watch stream on the first ready endpoint.
func (cl *Client) Watch(call etcdctl.Call, req *etcdpb.WatchCreateRequest) (etcdctl.Watcher, error) {
	w := &watcher{cl: cl, call: call, req: *req}
	deadline := cl.now() + timeoutOr(call.Timeout)
	for {
		cause := w.connect()
		if cause == nil {
			break
		}
		if cl.now() >= deadline {
			return nil, unreachable(cause)
		}
		cl.sleep(pollInterval)
	}
	return w, nil
}

func (w *watcher) connect() error {
	m, h, cause := w.cl.pick(&w.call)
	if m == nil {
		return cause
	}
	req := w.req
	if w.lastRev > 0 {
		req.StartRevision = w.lastRev + 1
	}
	if w.stream != nil {
		w.stream.Abandon() // its connection broke
	}
	w.conn = w.cl.conn(m, h)
	var st *sim.Stream
	st = sim.OpenStream(w.conn, "Watch", w.call.Token, etcdserver.OpenWatch, &req, func(r *etcdpb.WatchResponse) {
		if st == w.stream {
			w.receive(r)
		}
	})
	w.stream = st
	return nil
}

// receive queues a response that arrived and wakes Recv.
func (w *watcher) receive(r *etcdpb.WatchResponse) {
	if r.Created && w.created {
		return // a resumed stream: etcdctl saw its creation already
	}
	if r.Created {
		w.created = true
	}
	if n := len(r.Events); n > 0 {
		w.lastRev = r.Events[n-1].Kv.ModRevision
	}
	w.queue = append(w.queue, r)
	if u := w.waiting; u != nil {
		w.waiting = nil
		u.wake()
	}
}

func (w *watcher) Recv() (*etcdpb.WatchResponse, error) { return w.recv(-1) }

// RecvTimeout is Recv giving up after d with (nil, nil).
func (w *watcher) RecvTimeout(d time.Duration) (*etcdpb.WatchResponse, error) { return w.recv(d) }

// recv waits for the next response; d < 0 waits for ever.
func (w *watcher) recv(d time.Duration) (*etcdpb.WatchResponse, error) {
	deadline := w.cl.now() + d
	for len(w.queue) == 0 {
		if d >= 0 && w.cl.now() >= deadline {
			return nil, nil
		}
		if w.closed {
			return nil, errors.New("watch closed")
		}
		if w.conn.Broken() {
			// The stream broke: reconnect when an endpoint is ready.
			if w.connect() != nil {
				w.cl.sleep(pollInterval)
				continue
			}
		}
		u := &wakeup{co: w.cl.co}
		w.waiting = u
		// Check the connection now and then (gRPC's keepalive).
		next := time.Second
		if d >= 0 {
			next = min(next, deadline-w.cl.now())
		}
		w.cl.cfg.World.After(next, u.wake)
		u.park()
		w.waiting = nil
	}
	r := w.queue[0]
	w.queue = w.queue[1:]
	return r, nil
}

func (w *watcher) Close() {
	w.closed = true
	w.stream.Close()
}
