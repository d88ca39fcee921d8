package etcdserver

import (
	"encoding/json"

	"github.com/raftlab/raftlab/core/etcdpb"
)

// MemberAttrSetRequest is etcd's ClusterMemberAttrSetRequest: a started
// member publishes its name and client URLs through Raft (etcd's publish).
type MemberAttrSetRequest struct {
	MemberID   uint64   `json:"member_ID"`
	Name       string   `json:"name,omitempty"`
	ClientURLs []string `json:"client_urls,omitempty"`
}

// InternalRaftRequest is what a normal log entry carries (etcd's
// etcdserverpb.InternalRaftRequest): the ID the proposing member waits on
// and exactly one request. Reads never go through the log (ReadIndex), so
// there is no Range. It is encoded as JSON (etcd uses protobuf); encoding
// is deterministic.
type InternalRaftRequest struct {
	ID                   uint64                     `json:"ID"`
	Header               *RequestHeader             `json:"header,omitempty"`
	Auth                 *AuthRaftRequest           `json:"auth,omitempty"`
	Put                  *etcdpb.PutRequest         `json:"put,omitempty"`
	DeleteRange          *etcdpb.DeleteRangeRequest `json:"delete_range,omitempty"`
	Txn                  *etcdpb.TxnRequest         `json:"txn,omitempty"`
	Compaction           *etcdpb.CompactionRequest  `json:"compaction,omitempty"`
	LeaseGrant           *etcdpb.LeaseGrantRequest  `json:"lease_grant,omitempty"`
	LeaseRevoke          *etcdpb.LeaseRevokeRequest `json:"lease_revoke,omitempty"`
	Alarm                *etcdpb.AlarmRequest       `json:"alarm,omitempty"`
	ClusterMemberAttrSet *MemberAttrSetRequest      `json:"cluster_member_attr_set,omitempty"`
}

// Marshal encodes the request for an entry's Data.
func (r *InternalRaftRequest) Marshal() []byte {
	b, _ := json.Marshal(r)
	return b
}

func (r *InternalRaftRequest) count() int {
	n := 0
	for _, set := range []bool{r.Put != nil, r.DeleteRange != nil, r.Txn != nil, r.Compaction != nil,
		r.LeaseGrant != nil, r.LeaseRevoke != nil, r.Alarm != nil, r.ClusterMemberAttrSet != nil, r.Auth != nil} {
		if set {
			n++
		}
	}
	return n
}

// UnmarshalRequest decodes an entry's Data. Data that is not a request
// (a raw test entry, a leader's empty entry) gives ok false: etcd's
// applier skips empty entries and raftlab skips anything it cannot read.
func UnmarshalRequest(data []byte) (r *InternalRaftRequest, ok bool) {
	if len(data) == 0 || data[0] != '{' {
		return nil, false
	}
	r = &InternalRaftRequest{}
	if err := json.Unmarshal(data, r); err != nil || r.ID == 0 || r.count() != 1 {
		return nil, false
	}
	return r, true
}
