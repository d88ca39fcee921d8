package etcdserver

import (
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/sim"
)

// Invoke is a client's RPC to member m's server, as etcd's gRPC stub and
// server end do it: req travels conn (a client connection) to the member,
// where method (one of the server's RPCs, e.g. (*Server).Put) serves it
// as the user of token when it arrives; the answer travels back on conn to
// reply, or is not sent when reply is nil (a request nobody waits on).
// name is the RPC's name on the wire. It reports whether req was sent (conn
// was not broken).
func Invoke[Req, Resp any](conn *sim.Conn, m *sim.Member, name, token string, method func(*Server, Req, func(Resp, error)), req Req, reply func(Resp, error)) bool {
	return conn.Request(name, func() {
		// The connection delivers only to the process it was dialed to.
		s := m.App.(*Server)
		var done func(Resp, error)
		if reply != nil {
			done = func(r Resp, err error) { conn.Reply(name, func() { reply(r, err) }) }
		}
		s.AsUser(token, func() { method(s, req, done) })
	})
}

// InvokeWatch opens a watch stream over conn at member m's server (etcd's
// Watch RPC): when the request arrives, the server watches as the user of
// token and tells opened how to cancel the stream; each response travels
// back on conn to receive. The server closes the stream once conn breaks.
func InvokeWatch(conn *sim.Conn, m *sim.Member, token string, req *etcdpb.WatchCreateRequest, receive func(*etcdpb.WatchResponse), opened func(cancel func())) bool {
	return conn.Request("Watch", func() {
		s := m.App.(*Server)
		var cancel func()
		s.AsUser(token, func() {
			cancel = s.Watch(req, func(r *etcdpb.WatchResponse) {
				if !conn.Reply("Watch", func() { receive(r) }) && cancel != nil {
					cancel()
				}
			})
		})
		opened(cancel)
	})
}
