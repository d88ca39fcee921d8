package lab

import (
	"time"

	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/mvcc"
)

// Client is an etcd client for Go code (tests, benchmarks): like clientv3
// with an endpoint list, it sends each request to the first endpoint it can
// reach from the console's host, fails over, and gives up after Timeout.
// Requests and responses are core/etcdpb's.
//
//	c := l.Client("node-1", "node-2")
//	_, err := c.Put("k", "v")        // runs virtual time until answered
//	op := c.Go(&etcdpb.RangeRequest{Key: []byte("k")}) // concurrent; op.Done() later
type Client struct {
	l         *Lab
	Endpoints []string
	// Timeout is the per-request deadline (etcdctl's --command-timeout, 5 s).
	Timeout time.Duration
}

// Client returns a client for the named members (or host:port / URLs, as
// etcdctl's --endpoints takes them).
func (l *Lab) Client(endpoints ...string) *Client {
	return &Client{l: l, Endpoints: endpoints, Timeout: 5 * time.Second}
}

// Op is a request in flight.
type Op struct {
	call *Call
	resp any
	err  error
}

// Done reports whether the answer (or the timeout) arrived.
func (o *Op) Done() bool { return o.call.Done() }

// Resp and Err are the outcome; a timeout is etcdpb.ErrDeadlineExceeded,
// whose outcome is unknown (the write may still commit).
func (o *Op) Resp() any            { return o.resp }
func (o *Op) Err() error           { return o.err }
func (o *Op) Start() time.Duration { return o.call.Start() }
func (o *Op) End() time.Duration   { return o.call.End() }

// Go starts a request without advancing time.
func (c *Client) Go(req any) *Op {
	l := c.l
	op := &Op{}
	op.call = l.con.Spawn("(go client)", func(w clientv3.Waiter) {
		op.resp, op.err = l.dial(l.con.Host(), w).Do(etcdctl.Call{Endpoints: c.Endpoints, Timeout: c.Timeout}, req)
	})
	return op
}

// Do sends a request and runs virtual time until it is answered.
func (c *Client) Do(req any) (any, error) {
	op := c.Go(req)
	for !op.Done() && c.l.w.Err() == nil {
		at, ok := c.l.w.NextEventAt()
		if !ok {
			break
		}
		c.l.w.RunUntil(at)
	}
	if !op.Done() {
		return nil, etcdpb.ErrDeadlineExceeded
	}
	return op.resp, op.err
}

// Put writes key=value.
func (c *Client) Put(key, value string) (*etcdpb.PutResponse, error) {
	r, err := c.Do(&etcdpb.PutRequest{Key: []byte(key), Value: []byte(value)})
	resp, _ := r.(*etcdpb.PutResponse)
	return resp, err
}

// Get reads a key, linearizably unless serializable.
func (c *Client) Get(key string, serializable bool) (*etcdpb.RangeResponse, error) {
	r, err := c.Do(&etcdpb.RangeRequest{Key: []byte(key), Serializable: serializable})
	resp, _ := r.(*etcdpb.RangeResponse)
	return resp, err
}

// GetPrefix reads every key with the prefix.
func (c *Client) GetPrefix(prefix string) (*etcdpb.RangeResponse, error) {
	r, err := c.Do(&etcdpb.RangeRequest{Key: []byte(prefix), RangeEnd: mvcc.PrefixEnd([]byte(prefix))})
	resp, _ := r.(*etcdpb.RangeResponse)
	return resp, err
}

// Delete removes a key.
func (c *Client) Delete(key string) (*etcdpb.DeleteRangeResponse, error) {
	r, err := c.Do(&etcdpb.DeleteRangeRequest{Key: []byte(key)})
	resp, _ := r.(*etcdpb.DeleteRangeResponse)
	return resp, err
}
