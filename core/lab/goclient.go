package lab

import (
	"errors"
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
	resp *etcdpb.ResponseOp
	err  error
}

// Done reports whether the answer (or the timeout) arrived.
func (o *Op) Done() bool { return o.call.Done() }

// Resp and Err are the outcome; a timeout is etcdpb.ErrDeadlineExceeded,
// whose outcome is unknown (the write may still commit). Resp is the
// request's own response type (*etcdpb.PutResponse for a put...), nil on
// error.
func (o *Op) Resp() etcdpb.KVResponse { return o.resp.KV() }
func (o *Op) Err() error              { return o.err }
func (o *Op) Start() time.Duration    { return o.call.Start() }
func (o *Op) End() time.Duration      { return o.call.End() }

// Go starts a key-value request without advancing time: one of etcd's
// (*etcdpb.PutRequest, RangeRequest, DeleteRangeRequest, TxnRequest) or a
// *etcdpb.RequestOp holding one.
func (c *Client) Go(req etcdpb.KVRequest) *Op {
	l := c.l
	op := &Op{}
	var kv *etcdpb.RequestOp
	if req != nil {
		kv = req.Op()
	}
	op.call = l.con.Spawn("(go client)", func(co clientv3.Caller) {
		if kv == nil {
			op.err = errors.New("lab: no key-value request")
			return
		}
		op.resp, op.err = l.dial(l.con.Host(), co).Do(etcdctl.Call{Endpoints: c.Endpoints, Timeout: c.Timeout}, kv)
	})
	l.hear() // its request leaving
	return op
}

// Do sends a key-value request (as Go takes it) and runs virtual time until
// it is answered; the response is the request's own type.
func (c *Client) Do(req etcdpb.KVRequest) (etcdpb.KVResponse, error) {
	op := c.run(req)
	return op.Resp(), op.err
}

// run starts a request and runs virtual time until it is answered.
func (c *Client) run(req etcdpb.KVRequest) *Op {
	op := c.Go(req)
	for !op.Done() && c.l.w.Err() == nil {
		at, ok := c.l.w.NextEventAt()
		if !ok {
			break
		}
		c.l.runUntil(at)
	}
	if !op.Done() {
		op.resp, op.err = nil, etcdpb.ErrDeadlineExceeded
	}
	return op
}

// Put writes key=value.
func (c *Client) Put(key, value string) (*etcdpb.PutResponse, error) {
	op := c.run(&etcdpb.PutRequest{Key: []byte(key), Value: []byte(value)})
	return op.resp.GetResponsePut(), op.err
}

// Get reads a key, linearizably unless serializable.
func (c *Client) Get(key string, serializable bool) (*etcdpb.RangeResponse, error) {
	op := c.run(&etcdpb.RangeRequest{Key: []byte(key), Serializable: serializable})
	return op.resp.GetResponseRange(), op.err
}

// GetPrefix reads every key with the prefix.
func (c *Client) GetPrefix(prefix string) (*etcdpb.RangeResponse, error) {
	op := c.run(&etcdpb.RangeRequest{Key: []byte(prefix), RangeEnd: mvcc.PrefixEnd([]byte(prefix))})
	return op.resp.GetResponseRange(), op.err
}

// Delete removes a key.
func (c *Client) Delete(key string) (*etcdpb.DeleteRangeResponse, error) {
	op := c.run(&etcdpb.DeleteRangeRequest{Key: []byte(key)})
	return op.resp.GetResponseDeleteRange(), op.err
}
