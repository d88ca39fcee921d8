package etcdpb

import "testing"

// Each key-value request wraps as the transaction operation clientv3's KV.Do
// takes; a nil one wraps as nil; a ResponseOp unwraps to its own response.
func TestKVRequestAndResponse(t *testing.T) {
	put, rng := &PutRequest{Key: []byte("k")}, &RangeRequest{Key: []byte("k")}
	del, txn := &DeleteRangeRequest{Key: []byte("k")}, &TxnRequest{}
	op := &RequestOp{RequestPut: put}
	for _, c := range []struct {
		req  KVRequest
		want *RequestOp
	}{
		{put, &RequestOp{RequestPut: put}}, {rng, &RequestOp{RequestRange: rng}},
		{del, &RequestOp{RequestDeleteRange: del}}, {txn, &RequestOp{RequestTxn: txn}}, {op, op},
	} {
		if got := c.req.Op(); *got != *c.want {
			t.Errorf("%T.Op() = %+v", c.req, got)
		}
	}
	for _, nilReq := range []KVRequest{(*PutRequest)(nil), (*RangeRequest)(nil), (*DeleteRangeRequest)(nil), (*TxnRequest)(nil), (*RequestOp)(nil)} {
		if nilReq.Op() != nil {
			t.Errorf("a nil %T wraps as an operation", nilReq)
		}
	}
	pr := &PutResponse{}
	if got := (&ResponseOp{Response: &ResponseOp_ResponsePut{ResponsePut: pr}}).KV(); got != pr {
		t.Errorf("KV() = %v", got)
	}
	for _, empty := range []*ResponseOp{nil, {}, {Response: &ResponseOp_ResponseTxn{}}} {
		if empty.KV() != nil {
			t.Errorf("%+v holds a response", empty)
		}
	}
}
