package etcdpb

// KVRequest is one of etcd's key-value requests, the operations a
// transaction holds (RequestOp's oneof): *RangeRequest, *PutRequest,
// *DeleteRangeRequest, *TxnRequest, or a *RequestOp holding one. The set is
// closed: clients take it where etcd's clientv3 takes an Op.
type KVRequest interface {
	// Op is the request as a transaction's operation (nil for a nil
	// request).
	Op() *RequestOp
	kvRequest()
}

// KVResponse is the answer to a KVRequest: *RangeResponse, *PutResponse,
// *DeleteRangeResponse or *TxnResponse (a closed set).
type KVResponse interface{ kvResponse() }

func (r *RangeRequest) Op() *RequestOp { return opOf(r != nil, &RequestOp{RequestRange: r}) }
func (r *PutRequest) Op() *RequestOp   { return opOf(r != nil, &RequestOp{RequestPut: r}) }
func (r *DeleteRangeRequest) Op() *RequestOp {
	return opOf(r != nil, &RequestOp{RequestDeleteRange: r})
}
func (r *TxnRequest) Op() *RequestOp { return opOf(r != nil, &RequestOp{RequestTxn: r}) }

// opOf is op for a request, nil for a nil one.
func opOf(ok bool, op *RequestOp) *RequestOp {
	if !ok {
		return nil
	}
	return op
}

// Op is the operation itself.
func (r *RequestOp) Op() *RequestOp { return r }

func (*RangeRequest) kvRequest()       {}
func (*PutRequest) kvRequest()         {}
func (*DeleteRangeRequest) kvRequest() {}
func (*TxnRequest) kvRequest()         {}
func (*RequestOp) kvRequest()          {}

func (*RangeResponse) kvResponse()       {}
func (*PutResponse) kvResponse()         {}
func (*DeleteRangeResponse) kvResponse() {}
func (*TxnResponse) kvResponse()         {}

// KV is the response r holds (nil if none): *PutResponse for a put...
func (r *ResponseOp) KV() KVResponse {
	switch {
	case r.GetResponsePut() != nil:
		return r.GetResponsePut()
	case r.GetResponseRange() != nil:
		return r.GetResponseRange()
	case r.GetResponseDeleteRange() != nil:
		return r.GetResponseDeleteRange()
	case r.GetResponseTxn() != nil:
		return r.GetResponseTxn()
	}
	return nil
}
