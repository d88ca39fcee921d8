package etcdpb_test

import (
	"encoding/json"
	"testing"

	. "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/jsonw/jsonwtest"
)

// Every message writes itself as encoding/json writes it (`etcdctl -w
// json`'s bytes), and every request an entry carries reads itself as
// encoding/json reads it.
func TestJSONAsEncodingJSON(t *testing.T) {
	const n = 200
	jsonwtest.Encoding[Permission](t, n)
	jsonwtest.Encoding[AuthEnableRequest](t, n)
	jsonwtest.Encoding[AuthEnableResponse](t, n)
	jsonwtest.Encoding[AuthDisableRequest](t, n)
	jsonwtest.Encoding[AuthDisableResponse](t, n)
	jsonwtest.Encoding[AuthStatusRequest](t, n)
	jsonwtest.Encoding[AuthStatusResponse](t, n)
	jsonwtest.Encoding[AuthenticateRequest](t, n)
	jsonwtest.Encoding[AuthenticateResponse](t, n)
	jsonwtest.Encoding[UserAddOptions](t, n)
	jsonwtest.Encoding[AuthUserAddRequest](t, n)
	jsonwtest.Encoding[AuthUserAddResponse](t, n)
	jsonwtest.Encoding[AuthUserGetRequest](t, n)
	jsonwtest.Encoding[AuthUserGetResponse](t, n)
	jsonwtest.Encoding[AuthUserDeleteRequest](t, n)
	jsonwtest.Encoding[AuthUserDeleteResponse](t, n)
	jsonwtest.Encoding[AuthUserChangePasswordRequest](t, n)
	jsonwtest.Encoding[AuthUserChangePasswordResponse](t, n)
	jsonwtest.Encoding[AuthUserGrantRoleRequest](t, n)
	jsonwtest.Encoding[AuthUserGrantRoleResponse](t, n)
	jsonwtest.Encoding[AuthUserRevokeRoleRequest](t, n)
	jsonwtest.Encoding[AuthUserRevokeRoleResponse](t, n)
	jsonwtest.Encoding[AuthUserListRequest](t, n)
	jsonwtest.Encoding[AuthUserListResponse](t, n)
	jsonwtest.Encoding[AuthRoleAddRequest](t, n)
	jsonwtest.Encoding[AuthRoleAddResponse](t, n)
	jsonwtest.Encoding[AuthRoleGetRequest](t, n)
	jsonwtest.Encoding[AuthRoleGetResponse](t, n)
	jsonwtest.Encoding[AuthRoleListRequest](t, n)
	jsonwtest.Encoding[AuthRoleListResponse](t, n)
	jsonwtest.Encoding[AuthRoleDeleteRequest](t, n)
	jsonwtest.Encoding[AuthRoleDeleteResponse](t, n)
	jsonwtest.Encoding[AuthRoleGrantPermissionRequest](t, n)
	jsonwtest.Encoding[AuthRoleGrantPermissionResponse](t, n)
	jsonwtest.Encoding[AuthRoleRevokePermissionRequest](t, n)
	jsonwtest.Encoding[AuthRoleRevokePermissionResponse](t, n)
	jsonwtest.Encoding[ResponseHeader](t, n)
	jsonwtest.Encoding[KeyValue](t, n)
	jsonwtest.Encoding[Event](t, n)
	jsonwtest.Encoding[RangeRequest](t, n)
	jsonwtest.Encoding[RangeResponse](t, n)
	jsonwtest.Encoding[PutRequest](t, n)
	jsonwtest.Encoding[PutResponse](t, n)
	jsonwtest.Encoding[DeleteRangeRequest](t, n)
	jsonwtest.Encoding[DeleteRangeResponse](t, n)
	jsonwtest.Encoding[RequestOp](t, n)
	jsonwtest.Encoding[ResponseOp](t, n)
	jsonwtest.Encoding[Compare](t, n)
	jsonwtest.Encoding[TxnRequest](t, n)
	jsonwtest.Encoding[TxnResponse](t, n)
	jsonwtest.Encoding[CompactionRequest](t, n)
	jsonwtest.Encoding[CompactionResponse](t, n)
	jsonwtest.Encoding[LeaseGrantRequest](t, n)
	jsonwtest.Encoding[LeaseGrantResponse](t, n)
	jsonwtest.Encoding[LeaseRevokeRequest](t, n)
	jsonwtest.Encoding[LeaseRevokeResponse](t, n)
	jsonwtest.Encoding[LeaseKeepAliveRequest](t, n)
	jsonwtest.Encoding[LeaseKeepAliveResponse](t, n)
	jsonwtest.Encoding[LeaseTimeToLiveRequest](t, n)
	jsonwtest.Encoding[LeaseTimeToLiveResponse](t, n)
	jsonwtest.Encoding[LeaseStatus](t, n)
	jsonwtest.Encoding[LeaseLeasesResponse](t, n)
	jsonwtest.Encoding[Member](t, n)
	jsonwtest.Encoding[MemberAddRequest](t, n)
	jsonwtest.Encoding[MemberAddResponse](t, n)
	jsonwtest.Encoding[MemberRemoveResponse](t, n)
	jsonwtest.Encoding[MemberUpdateResponse](t, n)
	jsonwtest.Encoding[MemberListResponse](t, n)
	jsonwtest.Encoding[MemberPromoteResponse](t, n)
	jsonwtest.Encoding[StatusResponse](t, n)
	jsonwtest.Encoding[HashKVResponse](t, n)
	jsonwtest.Encoding[AlarmMember](t, n)
	jsonwtest.Encoding[AlarmResponse](t, n)
	jsonwtest.Encoding[DefragmentResponse](t, n)
	jsonwtest.Encoding[MoveLeaderResponse](t, n)
	jsonwtest.Encoding[WatchResponse](t, n)
	jsonwtest.Encoding[WatchCreateRequest](t, n)
	jsonwtest.Encoding[MemberListRequest](t, n)
	jsonwtest.Encoding[MemberRemoveRequest](t, n)
	jsonwtest.Encoding[MemberUpdateRequest](t, n)
	jsonwtest.Encoding[MemberPromoteRequest](t, n)
	jsonwtest.Encoding[StatusRequest](t, n)
	jsonwtest.Encoding[HashKVRequest](t, n)
	jsonwtest.Encoding[DefragmentRequest](t, n)
	jsonwtest.Encoding[MoveLeaderRequest](t, n)
	jsonwtest.Encoding[AlarmRequest](t, n)
	jsonwtest.Encoding[LeaseLeasesRequest](t, n)
	jsonwtest.Encoding[SnapshotRequest](t, n)
	jsonwtest.Decoding[RangeRequest](t, n)
	jsonwtest.Decoding[PutRequest](t, n)
	jsonwtest.Decoding[DeleteRangeRequest](t, n)
	jsonwtest.Decoding[RequestOp](t, n)
	jsonwtest.Decoding[Compare](t, n)
	jsonwtest.Decoding[TxnRequest](t, n)
	jsonwtest.Decoding[CompactionRequest](t, n)
	jsonwtest.Decoding[LeaseGrantRequest](t, n)
	jsonwtest.Decoding[LeaseRevokeRequest](t, n)
	jsonwtest.Decoding[AlarmRequest](t, n)
	jsonwtest.Decoding[AuthEnableRequest](t, n)
	jsonwtest.Decoding[AuthDisableRequest](t, n)
	jsonwtest.Decoding[AuthStatusRequest](t, n)
	jsonwtest.Decoding[AuthUserAddRequest](t, n)
	jsonwtest.Decoding[UserAddOptions](t, n)
	jsonwtest.Decoding[AuthUserDeleteRequest](t, n)
	jsonwtest.Decoding[AuthUserChangePasswordRequest](t, n)
	jsonwtest.Decoding[AuthUserGrantRoleRequest](t, n)
	jsonwtest.Decoding[AuthUserRevokeRoleRequest](t, n)
	jsonwtest.Decoding[AuthUserGetRequest](t, n)
	jsonwtest.Decoding[AuthUserListRequest](t, n)
	jsonwtest.Decoding[AuthRoleAddRequest](t, n)
	jsonwtest.Decoding[AuthRoleDeleteRequest](t, n)
	jsonwtest.Decoding[AuthRoleGetRequest](t, n)
	jsonwtest.Decoding[AuthRoleListRequest](t, n)
	jsonwtest.Decoding[AuthRoleGrantPermissionRequest](t, n)
	jsonwtest.Decoding[AuthRoleRevokePermissionRequest](t, n)
	jsonwtest.Decoding[Permission](t, n)
	jsonwtest.Decoding[AlarmMember](t, n)
}

// A transaction's responses: each oneof wrapper as encoding/json writes it.
func TestResponseOpJSON(t *testing.T) {
	r := &TxnResponse{Header: &ResponseHeader{Revision: 3}, Succeeded: true, Responses: []*ResponseOp{
		{Response: &ResponseOp_ResponseRange{ResponseRange: &RangeResponse{Kvs: []*KeyValue{{Key: []byte("k")}}, Count: 1}}},
		{Response: &ResponseOp_ResponsePut{ResponsePut: &PutResponse{}}},
		{Response: &ResponseOp_ResponseDeleteRange{ResponseDeleteRange: &DeleteRangeResponse{Deleted: 2}}},
		{Response: &ResponseOp_ResponseTxn{ResponseTxn: &TxnResponse{}}},
		{Response: &ResponseOp_ResponsePut{}},
		{},
	}}
	want, _ := json.Marshal(r)
	if got := jsonw.Marshal(r); string(got) != string(want) {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
