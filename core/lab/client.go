package lab

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/sim"
)

// Epoch is the virtual wall clock at time zero: lease IDs, log lines and
// snapshot files are stamped from it, never from the real clock.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (l *Lab) runEtcdctl(c *Call, args []string) int {
	start := c.stdout.Len()
	code := etcdctl.Run(&client{l: l, c: c}, args, c.env, c.stdin, &c.stdout, &c.stderr)
	if code == 0 {
		l.noteAdded(c.stdout.String()[start:])
	}
	return code
}

// noteAdded remembers the name etcdctl member add gave a new member: the
// member must be started with it. Only the client knows the name until the
// member starts and publishes it, so it is read from etcdctl's output:
// "Member <hex id> added to cluster ...", then ETCD_NAME="<name>".
func (l *Lab) noteAdded(out string) {
	rest, ok := strings.CutPrefix(out, "Member ")
	hexID, rest, ok2 := strings.Cut(rest, " added ")
	i := strings.LastIndex(rest, "\nETCD_NAME=\"")
	if !ok || !ok2 || i < 0 {
		return
	}
	name, _, ok := strings.Cut(rest[i+len("\nETCD_NAME=\""):], "\"")
	id, err := strconv.ParseUint(hexID, 16, 64)
	if !ok || err != nil {
		return
	}
	if l.added == nil {
		l.added = map[uint64]string{}
	}
	l.added[id] = name
}

func (l *Lab) runEtcdutl(c *Call, args []string) int {
	return etcdctl.RunEtcdutl(&client{l: l, c: c}, args, c.env, c.stdin, &c.stdout, &c.stderr)
}

// client is etcdctl's clientv3 as the lab runs it on the console's host:
// it reaches members over the simulated network, fails over between
// endpoints, and gives up at the command timeout.
type client struct {
	l *Lab
	c *Call
}

var _ etcdctl.Client = (*client)(nil)

// pollInterval is how often a client retries when no endpoint is ready
// (clientv3 keeps reconnecting in the background).
const pollInterval = 50 * time.Millisecond

// target resolves an endpoint as given by --endpoints to a member: a member
// name, host:port, or a URL matching a member's advertised or listening
// client URLs. 127.0.0.1 and localhost mean the console's own host.
func (cl *client) target(ep string) (*sim.Member, string) {
	l := cl.l
	if id, ok := l.byName[ep]; ok {
		return l.w.Member(id), ""
	}
	scheme, hostport := "", ep
	if u, err := url.Parse(ep); err == nil && u.Host != "" {
		scheme, hostport = u.Scheme, u.Host
	}
	host, port, _ := strings.Cut(hostport, ":")
	if port == "" {
		port = "2379"
	}
	for _, m := range l.cluster.Members {
		urls := append([]string(nil), m.ClientURLs...)
		if m.Config != nil {
			urls = append(urls, m.Config.ListenClientURLs...)
		}
		for _, raw := range urls {
			u, err := url.Parse(raw)
			if err != nil {
				continue
			}
			uh, up := u.Hostname(), u.Port()
			if up == "" {
				up = "2379"
			}
			if up != port {
				continue
			}
			local := host == "127.0.0.1" || host == "localhost"
			if uh == host && !(local && m.Name != l.host) || (local && m.Name == l.host && (uh == "127.0.0.1" || uh == "localhost" || uh == "0.0.0.0")) {
				return l.w.Member(m.ID), scheme
			}
		}
	}
	return nil, scheme
}

// ready reports whether a request from the console's host to m can be
// served now: m is up and the network lets the two talk. If not, it says
// why in grpc's words (the last connection error clientv3 logs).
func (cl *client) ready(ep string, m *sim.Member, scheme string, tls etcdctl.TLS) error {
	addr := dialAddr(ep)
	if m == nil {
		return fmt.Errorf("transport: Error while dialing: dial tcp %s: connect: connection refused", addr)
	}
	if _, byName := cl.l.byName[ep]; byName && cl.l.clientURL(m.ID) != "" {
		u := cl.l.clientURL(m.ID)
		addr = dialAddr(u) // a member name as endpoint
	}
	h := cl.l.byName[cl.l.host]
	if h != m.ID {
		net := cl.l.w.Net()
		if !net.Reachable(h, m.ID) || !net.Reachable(m.ID, h) {
			return fmt.Errorf("transport: Error while dialing: dial tcp %s: i/o timeout", addr)
		}
	}
	if !m.Up() || m.Removed() {
		return fmt.Errorf("transport: Error while dialing: dial tcp %s: connect: connection refused", addr)
	}
	if err := cl.l.tlsCheck(m, scheme, tls); err != nil {
		return err
	}
	return nil
}

// dialAddr is the host:port grpc dials for an endpoint.
func dialAddr(ep string) string {
	hp := authority(ep)
	if !strings.Contains(hp, ":") {
		hp += ":2379"
	}
	return hp
}

func authority(ep string) string {
	if i := strings.Index(ep, "://"); i >= 0 {
		return strings.TrimSuffix(ep[i+3:], "/")
	}
	return ep
}

// clientURL is a member's first advertised client URL.
func (l *Lab) clientURL(id uint64) string {
	for _, m := range l.cluster.Members {
		if m.ID == id && len(m.ClientURLs) > 0 {
			return m.ClientURLs[0]
		}
	}
	return ""
}

func (cl *client) server(m *sim.Member) *etcdserver.Server {
	srv, _ := m.App.(*etcdserver.Server)
	return srv
}

// Do sends one request to the first ready endpoint and waits for its
// answer, the command timeout, or the member's crash (then it tries again
// while time remains, as clientv3 retries).
func (cl *client) Do(call etcdctl.Call, req any) (any, error) {
	start := cl.l.Now()
	resp, err := cl.do(call, req)
	cl.l.history.record(req, resp, err, start, cl.l.Now())
	return resp, err
}

func (cl *client) do(call etcdctl.Call, req any) (any, error) {
	if r, ok := req.(*etcdctl.SnapshotRestoreRequest); ok {
		return cl.l.restore(r)
	}
	deadline := cl.l.Now() + timeoutOr(call.Timeout, 5*time.Second)
	lat := cl.l.w.Net().Latency
	for {
		m, cause := cl.pick(call)
		if m == nil {
			if cl.l.Now() >= deadline {
				return nil, unreachable(cause)
			}
			cl.c.sleep(min(pollInterval, deadline-cl.l.Now()))
			continue
		}
		var resp any
		var err error
		answered, crashed := false, false
		cl.c.wait(func(wake func()) {
			cl.l.w.After(deadline-cl.l.Now(), wake)
			// The request and its answer each cross one network hop.
			cl.l.w.After(lat, func() {
				if !m.Up() {
					crashed = true
					wake()
					return
				}
				cl.server(m).Do(req, func(r any, e error) {
					cl.l.w.After(lat, func() {
						resp, err, answered = r, e, true
						wake()
					})
				})
			})
		})
		if answered {
			return resp, err
		}
		if crashed && cl.l.Now() < deadline {
			continue
		}
		return nil, etcdpb.ErrDeadlineExceeded
	}
}

func timeoutOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// pick returns the first ready endpoint (clientv3's balancer skips
// endpoints it cannot connect to), or why the last one is not ready.
func (cl *client) pick(call etcdctl.Call) (*sim.Member, error) {
	cause := errors.New("no endpoints")
	for _, ep := range call.Endpoints {
		m, scheme := cl.target(ep)
		err := cl.ready(ep, m, scheme, call.TLS)
		if err == nil {
			return m, nil
		}
		cause = err
	}
	return nil, cause
}

// unreachable is the error of a call that found no ready endpoint before
// its deadline.
func unreachable(cause error) error {
	if cause == nil {
		return etcdpb.ErrDeadlineExceeded
	}
	return &etcdctl.ConnError{Err: etcdpb.ErrDeadlineExceeded, Cause: cause.Error()}
}

// watcher streams a member's watch responses to etcdctl, reconnecting to
// a ready endpoint (and resuming after the last revision seen) when its
// member goes down, as clientv3 does.
type watcher struct {
	cl      *client
	call    etcdctl.Call
	req     etcdpb.WatchCreateRequest
	queue   []*etcdpb.WatchResponse
	wake    func()
	cancel  func()
	member  *sim.Member
	srv     *etcdserver.Server // the server instance the stream is on
	lastRev int64
	created bool
	closed  bool
}

func (cl *client) Watch(call etcdctl.Call, req *etcdpb.WatchCreateRequest) (etcdctl.Watcher, error) {
	w := &watcher{cl: cl, call: call, req: *req}
	deadline := cl.l.Now() + timeoutOr(call.Timeout, 5*time.Second)
	for {
		cause := w.connect()
		if cause == nil {
			break
		}
		if cl.l.Now() >= deadline {
			return nil, unreachable(cause)
		}
		cl.c.sleep(pollInterval)
	}
	return w, nil
}

func (w *watcher) connect() error {
	m, cause := w.cl.pick(w.call)
	if m == nil {
		return cause
	}
	req := w.req
	if w.lastRev > 0 {
		req.StartRevision = w.lastRev + 1
	}
	w.member, w.srv = m, w.cl.server(m)
	w.cancel = w.srv.Watch(&req, func(r *etcdpb.WatchResponse) {
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
		if w.wake != nil {
			wake := w.wake
			w.wake = nil
			wake()
		}
	})
	return nil
}

func (w *watcher) Recv() (*etcdpb.WatchResponse, error) {
	for len(w.queue) == 0 {
		if w.closed {
			return nil, errors.New("watch closed")
		}
		if !w.member.Up() || w.cl.server(w.member) != w.srv {
			// The stream broke (its member crashed, maybe restarted since):
			// reconnect when an endpoint is ready.
			if w.connect() != nil {
				w.cl.c.sleep(pollInterval)
				continue
			}
		}
		w.cl.c.wait(func(wake func()) {
			w.wake = wake
			// Check the member's health now and then.
			w.cl.l.w.After(time.Second, wake)
		})
		w.wake = nil
	}
	r := w.queue[0]
	w.queue = w.queue[1:]
	return r, nil
}

func (w *watcher) Close() {
	w.closed = true
	if w.cancel != nil && w.member.Up() && w.cl.server(w.member) == w.srv {
		w.cancel()
	}
}

func (cl *client) ReadFile(name string) ([]byte, error) { return cl.l.readFile(name) }

func (cl *client) WriteFile(name string, data []byte) error { return cl.l.writeFile(name, data) }

func (cl *client) Sleep(d time.Duration) { cl.c.sleep(d) }

func (cl *client) Now() time.Time { return Epoch.Add(cl.l.Now()) }

func (cl *client) SnapshotStatus(data []byte) (uint32, int64, int, int64, error) {
	return etcdserver.SnapshotStatus(data)
}

// The lab's files: one small virtual filesystem per host (snapshots,
// certificates, restored data directories). Relative names are under /root,
// the console's working directory.
func (l *Lab) abs(name string) string {
	if !strings.HasPrefix(name, "/") {
		name = "/root/" + name
	}
	return path.Clean(name)
}

func (l *Lab) readFile(name string) ([]byte, error) {
	b, ok := l.files[l.host][l.abs(name)]
	if !ok {
		return nil, fmt.Errorf("open %s: no such file or directory", name)
	}
	return bytes.Clone(b), nil
}

func (l *Lab) writeFile(name string, data []byte) error {
	if l.files[l.host] == nil {
		l.files[l.host] = map[string][]byte{}
	}
	l.files[l.host][l.abs(name)] = bytes.Clone(data)
	return nil
}

// Files lists the files on the console's host, for the page's downloads.
func (l *Lab) Files() map[string][]byte { return l.files[l.host] }
