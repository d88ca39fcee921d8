// Package etcdpb holds the request and response messages of etcd's v3 API
// (etcdserverpb and mvccpb) as plain Go structs.
//
// Field names and json tags are those of etcd's gogo-generated code, so that
// encoding/json renders them exactly as `etcdctl -w json` does: bytes as
// base64, IDs as decimal numbers, zero values omitted, enums as numbers.
package etcdpb

// ResponseHeader is the header every etcd response carries.
type ResponseHeader struct {
	ClusterId uint64 `json:"cluster_id,omitempty"`
	MemberId  uint64 `json:"member_id,omitempty"`
	Revision  int64  `json:"revision,omitempty"`
	RaftTerm  uint64 `json:"raft_term,omitempty"`
}

// KeyValue is mvccpb.KeyValue.
type KeyValue struct {
	Key            []byte `json:"key,omitempty"`
	CreateRevision int64  `json:"create_revision,omitempty"`
	ModRevision    int64  `json:"mod_revision,omitempty"`
	Version        int64  `json:"version,omitempty"`
	Value          []byte `json:"value,omitempty"`
	Lease          int64  `json:"lease,omitempty"`
}

// EventType is mvccpb.Event_EventType.
type EventType int32

const (
	PUT    EventType = 0
	DELETE EventType = 1
)

func (t EventType) String() string {
	if t == DELETE {
		return "DELETE"
	}
	return "PUT"
}

// Event is mvccpb.Event.
type Event struct {
	Type   EventType `json:"type,omitempty"`
	Kv     *KeyValue `json:"kv,omitempty"`
	PrevKv *KeyValue `json:"prev_kv,omitempty"`
}

type SortOrder int32

const (
	SortNone    SortOrder = 0
	SortAscend  SortOrder = 1
	SortDescend SortOrder = 2
)

type SortTarget int32

const (
	SortByKey     SortTarget = 0
	SortByVersion SortTarget = 1
	SortByCreate  SortTarget = 2
	SortByMod     SortTarget = 3
	SortByValue   SortTarget = 4
)

type RangeRequest struct {
	Key               []byte     `json:"key,omitempty"`
	RangeEnd          []byte     `json:"range_end,omitempty"`
	Limit             int64      `json:"limit,omitempty"`
	Revision          int64      `json:"revision,omitempty"`
	SortOrder         SortOrder  `json:"sort_order,omitempty"`
	SortTarget        SortTarget `json:"sort_target,omitempty"`
	Serializable      bool       `json:"serializable,omitempty"`
	KeysOnly          bool       `json:"keys_only,omitempty"`
	CountOnly         bool       `json:"count_only,omitempty"`
	MinModRevision    int64      `json:"min_mod_revision,omitempty"`
	MaxModRevision    int64      `json:"max_mod_revision,omitempty"`
	MinCreateRevision int64      `json:"min_create_revision,omitempty"`
	MaxCreateRevision int64      `json:"max_create_revision,omitempty"`
}

type RangeResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	Kvs    []*KeyValue     `json:"kvs,omitempty"`
	More   bool            `json:"more,omitempty"`
	Count  int64           `json:"count,omitempty"`
}

type PutRequest struct {
	Key         []byte `json:"key,omitempty"`
	Value       []byte `json:"value,omitempty"`
	Lease       int64  `json:"lease,omitempty"`
	PrevKv      bool   `json:"prev_kv,omitempty"`
	IgnoreValue bool   `json:"ignore_value,omitempty"`
	IgnoreLease bool   `json:"ignore_lease,omitempty"`
}

type PutResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	PrevKv *KeyValue       `json:"prev_kv,omitempty"`
}

type DeleteRangeRequest struct {
	Key      []byte `json:"key,omitempty"`
	RangeEnd []byte `json:"range_end,omitempty"`
	PrevKv   bool   `json:"prev_kv,omitempty"`
}

type DeleteRangeResponse struct {
	Header  *ResponseHeader `json:"header,omitempty"`
	Deleted int64           `json:"deleted,omitempty"`
	PrevKvs []*KeyValue     `json:"prev_kvs,omitempty"`
}

// RequestOp is one operation of a transaction. Exactly one field is set.
// (etcd uses a protobuf oneof; see ResponseOp for how it renders.)
type RequestOp struct {
	RequestRange       *RangeRequest       `json:"request_range,omitempty"`
	RequestPut         *PutRequest         `json:"request_put,omitempty"`
	RequestDeleteRange *DeleteRangeRequest `json:"request_delete_range,omitempty"`
	RequestTxn         *TxnRequest         `json:"request_txn,omitempty"`
}

// ResponseOp is the result of one RequestOp.
//
// etcd's gogo code stores the oneof in an interface field named Response
// without a json tag, so etcdctl prints {"Response":{"ResponsePut":{...}}}.
// Response holds one of the ResponseOp_* wrappers to reproduce that.
type ResponseOp struct {
	Response isResponseOp `json:"Response"`
}

type isResponseOp interface{ isResponseOp() }

type ResponseOp_ResponseRange struct {
	ResponseRange *RangeResponse `json:"response_range,omitempty"`
}
type ResponseOp_ResponsePut struct {
	ResponsePut *PutResponse `json:"response_put,omitempty"`
}
type ResponseOp_ResponseDeleteRange struct {
	ResponseDeleteRange *DeleteRangeResponse `json:"response_delete_range,omitempty"`
}
type ResponseOp_ResponseTxn struct {
	ResponseTxn *TxnResponse `json:"response_txn,omitempty"`
}

func (*ResponseOp_ResponseRange) isResponseOp()       {}
func (*ResponseOp_ResponsePut) isResponseOp()         {}
func (*ResponseOp_ResponseDeleteRange) isResponseOp() {}
func (*ResponseOp_ResponseTxn) isResponseOp()         {}

// getResponse is the wrapper, nil for a nil ResponseOp (getters are
// nil-safe, as protobuf's).
func (r *ResponseOp) getResponse() isResponseOp {
	if r == nil {
		return nil
	}
	return r.Response
}

// GetResponseRange and friends return the wrapped response or nil.
func (r *ResponseOp) GetResponseRange() *RangeResponse {
	if x, ok := r.getResponse().(*ResponseOp_ResponseRange); ok {
		return x.ResponseRange
	}
	return nil
}
func (r *ResponseOp) GetResponsePut() *PutResponse {
	if x, ok := r.getResponse().(*ResponseOp_ResponsePut); ok {
		return x.ResponsePut
	}
	return nil
}
func (r *ResponseOp) GetResponseDeleteRange() *DeleteRangeResponse {
	if x, ok := r.getResponse().(*ResponseOp_ResponseDeleteRange); ok {
		return x.ResponseDeleteRange
	}
	return nil
}
func (r *ResponseOp) GetResponseTxn() *TxnResponse {
	if x, ok := r.getResponse().(*ResponseOp_ResponseTxn); ok {
		return x.ResponseTxn
	}
	return nil
}

type CompareResult int32

const (
	CompareEqual    CompareResult = 0
	CompareGreater  CompareResult = 1
	CompareLess     CompareResult = 2
	CompareNotEqual CompareResult = 3
)

type CompareTarget int32

const (
	CompareVersion CompareTarget = 0
	CompareCreate  CompareTarget = 1
	CompareMod     CompareTarget = 2
	CompareValue   CompareTarget = 3
	CompareLease   CompareTarget = 4
)

// Compare is one guard of a transaction. The target value used is the one
// named by Target (Version, CreateRevision, ModRevision, Value or Lease).
type Compare struct {
	Result         CompareResult `json:"result,omitempty"`
	Target         CompareTarget `json:"target,omitempty"`
	Key            []byte        `json:"key,omitempty"`
	Version        int64         `json:"version,omitempty"`
	CreateRevision int64         `json:"create_revision,omitempty"`
	ModRevision    int64         `json:"mod_revision,omitempty"`
	Value          []byte        `json:"value,omitempty"`
	Lease          int64         `json:"lease,omitempty"`
	RangeEnd       []byte        `json:"range_end,omitempty"`
}

type TxnRequest struct {
	Compare []*Compare   `json:"compare,omitempty"`
	Success []*RequestOp `json:"success,omitempty"`
	Failure []*RequestOp `json:"failure,omitempty"`
}

type TxnResponse struct {
	Header    *ResponseHeader `json:"header,omitempty"`
	Succeeded bool            `json:"succeeded,omitempty"`
	Responses []*ResponseOp   `json:"responses,omitempty"`
}

type CompactionRequest struct {
	Revision int64 `json:"revision,omitempty"`
	Physical bool  `json:"physical,omitempty"`
}

type CompactionResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}

type LeaseGrantRequest struct {
	TTL int64 `json:"TTL,omitempty"`
	ID  int64 `json:"ID,omitempty"`
}

type LeaseGrantResponse struct {
	_      [0]func()       // not comparable: no generated equality in the page
	Header *ResponseHeader `json:"header,omitempty"`
	ID     int64           `json:"ID,omitempty"`
	TTL    int64           `json:"TTL,omitempty"`
	Error  string          `json:"error,omitempty"`
}

type LeaseRevokeRequest struct {
	ID int64 `json:"ID,omitempty"`
}

type LeaseRevokeResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}

type LeaseKeepAliveRequest struct {
	ID int64 `json:"ID,omitempty"`
}

type LeaseKeepAliveResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	ID     int64           `json:"ID,omitempty"`
	TTL    int64           `json:"TTL,omitempty"`
}

type LeaseTimeToLiveRequest struct {
	ID   int64 `json:"ID,omitempty"`
	Keys bool  `json:"keys,omitempty"`
}

type LeaseTimeToLiveResponse struct {
	Header     *ResponseHeader `json:"header,omitempty"`
	ID         int64           `json:"ID,omitempty"`
	TTL        int64           `json:"TTL,omitempty"`
	GrantedTTL int64           `json:"grantedTTL,omitempty"`
	Keys       [][]byte        `json:"keys,omitempty"`
}

type LeaseStatus struct {
	ID int64 `json:"ID,omitempty"`
}

type LeaseLeasesResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	Leases []*LeaseStatus  `json:"leases,omitempty"`
}

type Member struct {
	ID         uint64   `json:"ID,omitempty"`
	Name       string   `json:"name,omitempty"`
	PeerURLs   []string `json:"peerURLs,omitempty"`
	ClientURLs []string `json:"clientURLs,omitempty"`
	IsLearner  bool     `json:"isLearner,omitempty"`
}

type MemberAddRequest struct {
	PeerURLs  []string `json:"peerURLs,omitempty"`
	IsLearner bool     `json:"isLearner,omitempty"`
}

type MemberAddResponse struct {
	Header  *ResponseHeader `json:"header,omitempty"`
	Member  *Member         `json:"member,omitempty"`
	Members []*Member       `json:"members,omitempty"`
}

type MemberRemoveResponse struct {
	Header  *ResponseHeader `json:"header,omitempty"`
	Members []*Member       `json:"members,omitempty"`
}

type MemberUpdateResponse struct {
	Header  *ResponseHeader `json:"header,omitempty"`
	Members []*Member       `json:"members,omitempty"`
}

type MemberListResponse struct {
	Header  *ResponseHeader `json:"header,omitempty"`
	Members []*Member       `json:"members,omitempty"`
}

type MemberPromoteResponse struct {
	Header  *ResponseHeader `json:"header,omitempty"`
	Members []*Member       `json:"members,omitempty"`
}

type StatusResponse struct {
	Header           *ResponseHeader `json:"header,omitempty"`
	Version          string          `json:"version,omitempty"`
	DbSize           int64           `json:"dbSize,omitempty"`
	Leader           uint64          `json:"leader,omitempty"`
	RaftIndex        uint64          `json:"raftIndex,omitempty"`
	RaftTerm         uint64          `json:"raftTerm,omitempty"`
	RaftAppliedIndex uint64          `json:"raftAppliedIndex,omitempty"`
	Errors           []string        `json:"errors,omitempty"`
	DbSizeInUse      int64           `json:"dbSizeInUse,omitempty"`
	IsLearner        bool            `json:"isLearner,omitempty"`
}

type HashKVResponse struct {
	Header          *ResponseHeader `json:"header,omitempty"`
	Hash            uint32          `json:"hash,omitempty"`
	CompactRevision int64           `json:"compact_revision,omitempty"`
}

type AlarmType int32

const (
	AlarmNone    AlarmType = 0
	AlarmNoSpace AlarmType = 1
	AlarmCorrupt AlarmType = 2
)

func (a AlarmType) String() string {
	switch a {
	case AlarmNoSpace:
		return "NOSPACE"
	case AlarmCorrupt:
		return "CORRUPT"
	}
	return "NONE"
}

type AlarmMember struct {
	MemberID uint64    `json:"memberID,omitempty"`
	Alarm    AlarmType `json:"alarm,omitempty"`
}

type AlarmResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
	Alarms []*AlarmMember  `json:"alarms,omitempty"`
}

type DefragmentResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}

type MoveLeaderResponse struct {
	Header *ResponseHeader `json:"header,omitempty"`
}

type WatchResponse struct {
	Header          *ResponseHeader `json:"header,omitempty"`
	WatchId         int64           `json:"watch_id,omitempty"`
	Created         bool            `json:"created,omitempty"`
	Canceled        bool            `json:"canceled,omitempty"`
	CompactRevision int64           `json:"compact_revision,omitempty"`
	CancelReason    string          `json:"cancel_reason,omitempty"`
	Fragment        bool            `json:"fragment,omitempty"`
	Events          []*Event        `json:"events,omitempty"`
}
