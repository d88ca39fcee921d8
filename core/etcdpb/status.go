package etcdpb

// StatusError is a gRPC status error that etcd's rpctypes does not turn
// into an etcdserver error, such as gRPC's message size limits: clients
// print grpc's own text, "rpc error: code = <Code> desc = <Desc>".
type StatusError struct {
	_    [0]func() // not comparable: no generated equality in the page
	Code string    // e.g. "ResourceExhausted"
	Desc string
}

func (e *StatusError) Error() string { return "rpc error: code = " + e.Code + " desc = " + e.Desc }
