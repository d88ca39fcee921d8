package etcdpb

// Requests of the v3 API that carry no data worth a proto message above, or
// that raftlab needs beyond etcd's RPCs (snapshot restore runs in etcdutl).

type WatchCreateRequest struct {
	Key            []byte `json:"key,omitempty"`
	RangeEnd       []byte `json:"range_end,omitempty"`
	StartRevision  int64  `json:"start_revision,omitempty"`
	ProgressNotify bool   `json:"progress_notify,omitempty"`
	NoPut          bool   `json:"-"`
	NoDelete       bool   `json:"-"`
	PrevKv         bool   `json:"prev_kv,omitempty"`
	WatchId        int64  `json:"watch_id,omitempty"`
	Fragment       bool   `json:"fragment,omitempty"`
}

type MemberListRequest struct {
	Linearizable bool `json:"linearizable,omitempty"`
}

type MemberRemoveRequest struct {
	ID uint64 `json:"ID,omitempty"`
}

type MemberUpdateRequest struct {
	ID       uint64   `json:"ID,omitempty"`
	PeerURLs []string `json:"peerURLs,omitempty"`
}

type MemberPromoteRequest struct {
	ID uint64 `json:"ID,omitempty"`
}

type StatusRequest struct{}

type HashKVRequest struct {
	Revision int64 `json:"revision,omitempty"`
}

type DefragmentRequest struct{}

type MoveLeaderRequest struct {
	TargetID uint64 `json:"targetID,omitempty"`
}

type AlarmAction int32

const (
	AlarmGet        AlarmAction = 0
	AlarmActivate   AlarmAction = 1
	AlarmDeactivate AlarmAction = 2
)

type AlarmRequest struct {
	Action   AlarmAction `json:"action,omitempty"`
	MemberID uint64      `json:"memberID,omitempty"`
	Alarm    AlarmType   `json:"alarm,omitempty"`
}

type LeaseLeasesRequest struct{}

// SnapshotRequest asks a member for a consistent snapshot of its store
// (clientv3's Maintenance.Snapshot); the answer is the file's bytes.
type SnapshotRequest struct{}

type SnapshotResponse struct {
	Data []byte
}
