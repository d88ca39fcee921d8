// Package clientv3 is etcd's Go client as raftlab runs it on one simulated
// machine: endpoints as etcdctl's --endpoints takes them (member names,
// host:port, URLs; 127.0.0.1 is the client's own machine), clientv3's
// balancer (the first endpoint it can connect to), retries until the
// command timeout, watch streams that resume after the last revision seen
// when their member goes down, and TLS handshakes checked against the
// machines' certificate files.
//
// A client blocks in virtual time: it parks its caller (the coroutine the
// console runs each command as) until a simulator event wakes it, so runs
// stay deterministic. Its requests travel the world's network (sim.Call)
// to the members, which serve them (core/etcdserver); each answer comes
// back on the connection straight to the client, which wakes its caller.
// It appends every key-value request and its outcome to a History.
package clientv3

import (
	"errors"
	"fmt"
	url "github.com/raftlab/raftlab/core/neturl"

	"github.com/raftlab/raftlab/core/etcdserver"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
)

// Config is the cluster a client talks to and the machine it runs on.
type Config struct {
	World   *sim.World
	Cluster *etcdconf.Cluster
	// Host is the member whose machine the client runs on.
	Host string
	// ReadFile reads a file on a machine: the client's certificates on
	// Host, a server's on its own.
	ReadFile func(host, name string) ([]byte, error)
	// History, if set, gets every key-value request (Range, Put,
	// DeleteRange, Txn) and its outcome, with the virtual times it was
	// sent and answered.
	History *History
	// Answers, if set, is where the client's unary calls take their
	// answers, made once for many clients (see Answers).
	Answers *Answers
}

// Answers holds a unary call's answer and its wake func, made once for
// the clients that run one after another (the console's etcdctl clients
// on one coroutine, one command after the other): no allocation per
// call. Clients sharing it never wait at once. Once a call of theirs
// ended unanswered (its deadline passed, its connection broke, its caller
// was stopped), its answer may still arrive: the Answers is then Stale,
// and a client given a stale one makes each call's answer anew.
type Answers struct {
	ans   answer
	wake  func()
	stale bool
	// put and putBuf are the request and the key's and value's bytes last
	// lent to etcdctl's put (PutSpace); free once nothing refers to them
	// any more (see putDone).
	put     *etcdpb.PutRequest
	putBuf  []byte
	putFree bool
}

// maxPutBuf is the largest array an Answers keeps for its puts' keys and
// values: one put of a large value does not hold it for the session.
const maxPutBuf = 4 << 10

// PutSpace is where etcdctl's put makes its request, of a key and a
// value of n bytes in all (its array's): the client's Answers' own when
// its last put's is free again, else new (the Answers then lends them
// next). etcdctl overwrites the request and fills the array (n bytes).
func (cl *Client) PutSpace(n int) (*etcdpb.PutRequest, []byte) {
	a := cl.cfg.Answers
	if a == nil {
		return new(etcdpb.PutRequest), make([]byte, n)
	}
	if !a.putFree {
		a.put, a.putBuf = new(etcdpb.PutRequest), nil
	}
	a.putFree = false
	if n > cap(a.putBuf) {
		b := make([]byte, n)
		if n <= maxPutBuf {
			a.putBuf = b
		}
		return a.put, b
	}
	return a.put, a.putBuf[:n]
}

// putDone is a put's request r answered (kept: the history keeps r
// itself, or a call that failed may still carry it): r is free again if
// the Answers lent it, nothing else can refer to it, and the answer to it
// arrived, which the member sends after serving it, when it let go of the
// request (the request's packet went with it). A request kept, or one of
// a call that ended unanswered (the request may still be on its way, to
// be served), is never lent again.
func (cl *Client) putDone(r *etcdpb.PutRequest, kept bool) {
	if a := cl.cfg.Answers; a != nil && a.put == r {
		if kept {
			a.put, a.putBuf = nil, nil
			return
		}
		a.putFree = true
	}
}

// Stale reports whether an answer to an earlier call may still arrive.
func (a *Answers) Stale() bool { return a.stale }

// Client sends requests to a cluster's members.
type Client struct {
	cfg Config
	// co is the caller's coroutine, which the client parks while it
	// waits and resumes from the simulator event it waited for.
	co Caller
	// conns are the connections by member; most clients (etcdctl's, one
	// per command) only ever use one, kept in first.
	first *sim.Conn
	conns map[uint64]*sim.Conn
	// pending is the member a request waits on, since pendingAt ("" when
	// none is on the wire).
	pending   string
	pendingAt time.Duration
}

// Caller is the coroutine a client's calls run on, as package iter's Pull
// gives it (the console runs each command as one): the client parks it
// with Yield while it waits, and resumes it with Next from the simulator
// event it waited for. Coroutines hand control back and forth
// synchronously, so runs stay deterministic.
type Caller struct {
	Next  func() (struct{}, bool)
	Yield func(struct{}) bool
}

// Canceled is what a parked call panics with when its caller's coroutine
// is stopped (Ctrl-C): the caller unwinds (Interrupted marks it so for
// code that recovers panics on the way, as etcdctl's Run does).
type Canceled struct{}

func (Canceled) Interrupted() {}

// New returns a client whose calls park on co.
func New(cfg Config, co Caller) *Client { return &Client{cfg: cfg, co: co} }

// Init makes the zero Client cl what New(*cfg, co) returns, in place: a
// client made again and again in one place (the console's etcdctl
// commands, each a client) is not built elsewhere and copied whole.
func (cl *Client) Init(cfg *Config, co Caller) { cl.cfg, cl.co = *cfg, co }

// DefaultTimeout is etcdctl's --command-timeout.
const DefaultTimeout = 5 * time.Second

// pollInterval is how often a client retries when no endpoint is ready
// (clientv3 keeps reconnecting in the background).
const pollInterval = 50 * time.Millisecond

func (cl *Client) now() time.Duration { return cl.cfg.World.Now() }

// id is a member's ID by name.
func (cl *Client) id(name string) (uint64, bool) {
	if m := cl.cfg.Cluster.Member(name); m != nil {
		return m.ID, true
	}
	return 0, false
}

// target resolves an endpoint as given by --endpoints to a member: a member
// name, host:port, or a URL matching a member's advertised or listening
// client URLs. 127.0.0.1 and localhost are the client's own machine: they
// reach every member on that machine listening on loopback (or 0.0.0.0) at
// that port, as on a real host running several members on different
// ports (etcd's Procfile: 2379, 22379, 32379).
func (cl *Client) target(ep string) (*sim.Member, string) {
	w := cl.cfg.World
	if id, ok := cl.id(ep); ok {
		return w.Member(id), ""
	}
	scheme, hostport := "", ep
	if u, err := url.Parse(ep); err == nil && u.Host != "" {
		scheme, hostport = u.Scheme, u.Host
	}
	host, port, _ := strings.Cut(hostport, ":")
	if port == "" {
		port = "2379"
	}
	local := isLoopback(host)
	var here string
	if h := cl.cfg.Cluster.Member(cl.cfg.Host); h != nil {
		here = machine(h)
	}
	var found *sim.Member
	for _, m := range cl.cfg.Cluster.Members {
		urls := append([]string(nil), m.ClientURLs...)
		if m.Config != nil {
			urls = append(urls, m.Config.ListenClientURLs...)
		}
		self := m.Name == cl.cfg.Host
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
			onHere := self || (here != "" && machine(&m) == here)
			switch {
			case !local && uh == host && !isLoopback(uh):
			case local && onHere && (isLoopback(uh) || uh == "0.0.0.0"):
			default:
				continue
			}
			if self {
				return w.Member(m.ID), scheme // a host's own member first
			}
			if found == nil {
				found = w.Member(m.ID)
			}
		}
	}
	return found, scheme
}

func isLoopback(host string) bool { return host == "127.0.0.1" || host == "localhost" }

// machine names the host a member runs on: the host of its peer URL.
// Members whose peer URLs are all loopback share one machine (they can only
// reach each other there), as in etcd's Procfile.
func machine(m *etcdconf.ClusterMember) string {
	for _, raw := range m.PeerURLs {
		if u, err := url.Parse(raw); err == nil {
			if isLoopback(u.Hostname()) {
				return "loopback"
			}
			return u.Hostname()
		}
	}
	return ""
}

// ready reports whether a request from the client's machine (h: its
// member, sim.Outside for none) to m can be served now: m is up and the
// network lets the two talk. If not, it says why in grpc's words (the
// last connection error clientv3 logs).
func (cl *Client) ready(ep string, m *sim.Member, scheme string, tls *etcdctl.TLS, h uint64) error {
	// addr is what the errors name (only they need it).
	addr := func() string {
		if m != nil {
			if _, byName := cl.id(ep); byName && cl.clientURL(m.ID) != "" {
				return dialAddr(cl.clientURL(m.ID)) // a member name as endpoint
			}
		}
		return dialAddr(ep)
	}
	if m == nil {
		return fmt.Errorf("transport: Error while dialing: dial tcp %s: connect: connection refused", addr())
	}
	// A machine outside the etcd cluster (a control-plane node in the
	// external topology) is in no partition of the members' network.
	if h != sim.Outside && h != m.ID {
		net := cl.cfg.World.Net()
		if !net.Reachable(h, m.ID) || !net.Reachable(m.ID, h) {
			return fmt.Errorf("transport: Error while dialing: dial tcp %s: i/o timeout", addr())
		}
	}
	if !m.Up() || m.Removed() {
		return fmt.Errorf("transport: Error while dialing: dial tcp %s: connect: connection refused", addr())
	}
	return cl.tlsCheck(m, scheme, tls)
}

// dialAddr is the host:port grpc dials for an endpoint.
func dialAddr(ep string) string {
	hp := ep
	if i := strings.Index(ep, "://"); i >= 0 {
		hp = strings.TrimSuffix(ep[i+3:], "/")
	}
	if !strings.Contains(hp, ":") {
		hp += ":2379"
	}
	return hp
}

// clientURL is a member's first advertised client URL.
func (cl *Client) clientURL(id uint64) string {
	for _, m := range cl.cfg.Cluster.Members {
		if m.ID == id && len(m.ClientURLs) > 0 {
			return m.ClientURLs[0]
		}
	}
	return ""
}

// Pending is the member the client's request waits on and since when (ok
// false when none is on the wire): the console shows why a command hangs
// (a member on the minority side of a partition, no leader).
func (cl *Client) Pending() (member string, since time.Duration, ok bool) {
	return cl.pending, cl.pendingAt, cl.pending != ""
}

// wakeup is one wait of the client's caller: the first of its events to
// fire resumes the caller if it is parked there (an event that fires
// while the caller runs only marks the wait done), later ones (a
// deadline after the answer, say) resume no one.
type wakeup struct {
	co            Caller
	fired, parked bool
}

func (u *wakeup) wake() {
	if u.fired {
		return
	}
	u.fired = true
	if u.parked {
		u.parked = false
		u.co.Next()
	}
}

// park yields until one of the wait's events fired.
func (u *wakeup) park() {
	for !u.fired {
		u.parked = true
		ok := u.co.Yield(struct{}{})
		u.parked = false
		if !ok {
			panic(Canceled{})
		}
	}
}

// Wait parks the caller until wake is called (from a simulator event, or
// at once from arm itself); later calls of wake do nothing.
func (co Caller) Wait(arm func(wake func())) {
	u := &wakeup{co: co}
	arm(u.wake)
	u.park()
}

// sleep parks the caller for d of virtual time.
func (cl *Client) sleep(d time.Duration) {
	cl.co.Wait(func(wake func()) { cl.cfg.World.After(d, wake) })
}

// answer is what a unary call's callbacks set, in one allocation (not
// generic: one type for every RPC in the page's WebAssembly).
type answer struct {
	wakeup
	resp            any
	err             error
	answered, reset bool
	deadline        sim.Timer // stopped once answered
}

// Answered is the call's answer arriving (sim.Answerer).
func (st *answer) Answered(resp any, err error) {
	st.resp, st.err, st.answered = resp, err, true
	st.wake()
}

// Broke is the call's connection breaking (sim.Breaker): a member that
// went down resets it, which ends the wait; a lost packet leaves it for
// the deadline.
func (st *answer) Broke(d sim.DropReason) {
	if d == sim.DropMemberDown {
		st.reset = true
		st.wake()
	}
}

// ErrConnectionEOF is gRPC's error for a call whose connection closed
// while it was in flight (its member crashed): clientv3 3.5 retries it only
// for an RPC safe to repeat (retry.go's repeatable policy: reads, lease
// grant and revoke, member list, status...). A mutable one (put, delete,
// txn, compact, member add/remove, auth changes) fails with it at once
// (isSafeRetryMutableRPC: only "there is no address available" is safe),
// its outcome unknown: the member may have applied it. Observed on etcdctl
// 3.5.17: a put hanging at a member without quorum, the member killed.
var ErrConnectionEOF error = &etcdpb.StatusError{Code: "Unavailable", Desc: "error reading from server: EOF"}

// Retry policies of clientv3's RPCs (retry.go): a repeatable one is tried
// again on another endpoint when its connection breaks in flight.
const (
	repeatable = true
	mutable    = false
)

// unary sends one request to the first ready endpoint over the client's
// connection to it and waits for the answer or the command timeout. The
// request and its answer travel the world's network: a lost one leaves the
// call waiting until its deadline; a member that goes down resets the
// connection, and the client tries again while time remains if the RPC is
// safe to repeat (retry, clientv3's retry policy), else fails with
// ErrConnectionEOF. name is the RPC's, serve the member's end of it,
// Resp its response type (the answer travels as an any: see sim.Call).
func unary[Req, Resp any](cl *Client, call *etcdctl.Call, name string, retry bool, rpc etcdserver.RPC[Req, Resp], req Req) (Resp, error) {
	var none Resp
	if call.Timeout == etcdctl.ExpiredTimeout {
		return none, etcdpb.ErrDeadlineExceeded // nothing is sent
	}
	deadline := cl.now() + timeoutOr(call.Timeout)
	for {
		m, h, cause := cl.pick(call)
		if m == nil {
			if cl.now() >= deadline {
				return none, unreachable(cause)
			}
			cl.sleep(min(pollInterval, deadline-cl.now()))
			continue
		}
		conn := cl.conn(m, h)
		st, wake, shared := cl.answer()
		cl.pending, cl.pendingAt = m.Name, cl.now()
		if call.Timeout != etcdctl.NoTimeout {
			st.deadline = cl.cfg.World.After(deadline-cl.now(), wake)
		}
		conn.OnBreak(st)
		sim.CallAny(conn, name, call.Token, rpc.Serve, req, st)
		if shared != nil {
			shared.stale = true // until answered (a stopped caller unwinds here)
		}
		st.park()
		// The deadline's event leaves the queue (it would wake no one),
		// and the answer forgets it (a shared one outlives the world).
		st.deadline.Stop()
		st.deadline = sim.Timer{}
		cl.pending = ""
		if st.answered {
			r, _ := st.resp.(Resp) // nil with an error
			err := st.err          // the answer ended the wait on conn
			if shared != nil {
				// Kept for the next call: it holds neither the world
				// nor the answer.
				*st = answer{}
				shared.stale = false
			}
			return r, err
		}
		conn.OnBreak(nil)
		if st.reset && !retry {
			return none, ErrConnectionEOF
		}
		if st.reset && cl.now() < deadline {
			if call.Retried != nil {
				call.Retried(*call, ErrConnectionEOF)
			}
			continue
		}
		return none, etcdpb.ErrDeadlineExceeded
	}
}

// answer is a unary call's answer and its wake: the Answers' from the
// client's Config unless it is stale (shared: then it), else a new one.
func (cl *Client) answer() (st *answer, wake func(), shared *Answers) {
	a := cl.cfg.Answers
	if a == nil || a.stale {
		st = &answer{wakeup: wakeup{co: cl.co}}
		return st, st.wake, nil
	}
	a.ans = answer{wakeup: wakeup{co: cl.co}}
	if a.wake == nil {
		a.wake = a.ans.wake
	}
	return &a.ans, a.wake, a
}

// conn is the client's connection to m, dialed again once broken from h,
// the member of the client's machine (pick's).
func (cl *Client) conn(m *sim.Member, h uint64) *sim.Conn {
	c := cl.first
	if c == nil || c.B != m.ID {
		c = cl.conns[m.ID]
	}
	if c != nil && !c.Broken() {
		return c
	}
	c = cl.cfg.World.Dial(sim.ConnClient, h, m.ID)
	c.Host = cl.cfg.Host
	switch {
	case cl.first == nil || cl.first.B == m.ID:
		cl.first = c
	default:
		if cl.conns == nil {
			cl.conns = map[uint64]*sim.Conn{}
		}
		cl.conns[m.ID] = c
	}
	return c
}

// Release drops the client's connection, for a client that makes no
// more calls (an etcdctl command's, once it returned): the world may
// reuse it once nothing else refers to it (sim.Conn.Release). Most
// clients only ever use one (first); the others are left to the garbage
// collector.
func (cl *Client) Release() {
	if c := cl.first; c != nil {
		cl.first = nil
		c.Release()
	}
}

// forever is the time left to a call without a deadline (NoTimeout).
const forever time.Duration = 1 << 62

func timeoutOr(d time.Duration) time.Duration {
	if d == etcdctl.NoTimeout {
		return forever
	}
	if d <= 0 {
		return DefaultTimeout
	}
	return d
}

var errNoEndpoints = errors.New("no endpoints")

// pick returns the first ready endpoint (clientv3's balancer skips
// endpoints it cannot connect to), or why the last one is not ready, and
// the member of the client's machine (sim.Outside for a machine that runs
// none), which conn dials from: looked up once for both.
func (cl *Client) pick(call *etcdctl.Call) (*sim.Member, uint64, error) {
	var cause error = errNoEndpoints
	h, _ := cl.id(cl.cfg.Host)
	for _, ep := range call.Endpoints {
		m, scheme := cl.target(ep)
		err := cl.ready(ep, m, scheme, &call.TLS, h)
		if err == nil {
			return m, h, nil
		}
		cause = err
	}
	return nil, h, cause
}

// Endpoint names the member the balancer would send a request to now, or
// "" when no endpoint is ready.
func (cl *Client) Endpoint(call etcdctl.Call) string {
	if m, _, _ := cl.pick(&call); m != nil {
		return m.Name
	}
	return ""
}

// unreachable is the error of a call that found no ready endpoint before
// its deadline.
func unreachable(cause error) error {
	if cause == nil {
		return etcdpb.ErrDeadlineExceeded
	}
	return &etcdctl.ConnError{Err: etcdpb.ErrDeadlineExceeded, Cause: cause.Error()}
}
