package etcdserver

import (
	"errors"
	"slices"

	"github.com/raftlab/raftlab/core/etcdid"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// Version is the etcd server version raftlab mirrors.
const Version = "3.5.17"

// Errors etcd 3.5 gives that core/etcdpb does not list (their texts are
// etcd's: api/v3rpc/rpctypes and etcdserver/errors.go).
var (
	// ErrTimeoutLeaderTransfer is etcdserver.ErrTimeoutLeaderTransfer: the
	// transferee did not become leader in time.
	ErrTimeoutLeaderTransfer = errors.New("etcdserver: request timed out, leader transfer took too long")
	// ErrNotSupportedForLearner is rpctypes.ErrGRPCNotSupportedForLearner:
	// a learner serves only Status, MemberList, MemberPromote and
	// serializable Range (etcd's isRPCSupportedForLearner).
	ErrNotSupportedForLearner = errors.New("etcdserver: rpc not supported for learner")
	// ErrUnknownRequest answers a request type the server does not know.
	ErrUnknownRequest = errors.New("etcdserver: unknown request type")
)

// MemberInfo describes a member as the lab configures it: its ID (the Raft
// ID), the name and client URLs it publishes when it starts, and its peer
// URLs (known to the cluster from the start).
type MemberInfo struct {
	ID         uint64
	Name       string
	PeerURLs   []string
	ClientURLs []string
}

// ClusterConfig is what every member of one cluster is started with
// (etcd's --initial-cluster, --initial-cluster-token and friends).
type ClusterConfig struct {
	ClusterID uint64
	Token     string
	// Members is the initial cluster (etcd's --initial-cluster).
	Members []MemberInfo
	// Joining lists members started later with World.Join after
	// `member add`: the name and client URLs each publishes when it starts
	// (etcd takes them from the new member's own flags). A member found in
	// neither list publishes its sim name and no client URL.
	Joining []MemberInfo
	// SnapshotCount is etcd's --snapshot-count: a member snapshots its
	// state every this many applied entries (0: 100000), and keeps
	// CatchUpEntries in its log behind the snapshot (0: 5000).
	SnapshotCount  uint64
	CatchUpEntries uint64
	// MaxRequestBytes is etcd's --max-request-bytes (0: the 1.5 MiB
	// default); QuotaBackendBytes its --quota-backend-bytes (0: 2 GiB,
	// negative: no quota).
	MaxRequestBytes   uint64
	QuotaBackendBytes int64
	// Version is what Status reports; empty means Version.
	Version string
	// Restored is a snapshot file (SnapshotResponse.Data) this new cluster
	// starts from, as after `etcdutl snapshot restore`: keys, history,
	// revision and leases come from it; membership and IDs do not.
	Restored []byte

	// decodes is shared by the servers started with this configuration
	// (New makes it with the first).
	decodes *decodeCache
}

// NewClusterConfig builds a new cluster's configuration as etcd does at
// bootstrap: a member with ID 0 gets etcd's ID from its peer URLs and the
// token, and the cluster ID is derived from the member IDs.
func NewClusterConfig(token string, members []MemberInfo) *ClusterConfig {
	ms := slices.Clone(members)
	ids := make([]uint64, len(ms))
	for i := range ms {
		if ms[i].ID == 0 {
			ms[i].ID = etcdid.MemberID(ms[i].PeerURLs, token)
		}
		ids[i] = ms[i].ID
	}
	return &ClusterConfig{ClusterID: etcdid.ClusterID(ids), Token: token, Members: ms, Version: Version}
}

// WithSnapshot makes the cluster start from a snapshot file, checking its
// integrity first (etcdutl snapshot restore verifies the trailing sha256).
func (c *ClusterConfig) WithSnapshot(data []byte) error {
	if _, err := decodeSnapshotFile(data); err != nil {
		return err
	}
	c.Restored = slices.Clone(data)
	return nil
}

func (c *ClusterConfig) info(id uint64) (MemberInfo, bool) {
	for _, l := range [][]MemberInfo{c.Members, c.Joining} {
		for _, m := range l {
			if m.ID == id {
				return m, true
			}
		}
	}
	return MemberInfo{}, false
}

// Member is one entry of etcd's membership registry (membership.Member);
// its JSON is etcd's, which is what a conf change's Context carries.
type Member struct {
	ID         uint64   `json:"id"`
	PeerURLs   []string `json:"peerURLs"`
	IsLearner  bool     `json:"isLearner,omitempty"`
	Name       string   `json:"name,omitempty"`
	ClientURLs []string `json:"clientURLs,omitempty"`
}

// IsStarted is etcd's Member.IsStarted: a member has started once it
// published its name. `member list` prints such a member as "unstarted".
func (m *Member) IsStarted() bool { return m.Name != "" }

func (m *Member) clone() *Member {
	c := *m
	c.PeerURLs = slices.Clone(m.PeerURLs)
	c.ClientURLs = slices.Clone(m.ClientURLs)
	return &c
}

// PB is the member as the v3 API returns it.
func (m *Member) PB() *etcdpb.Member {
	return &etcdpb.Member{ID: m.ID, Name: m.Name, PeerURLs: slices.Clone(m.PeerURLs),
		ClientURLs: slices.Clone(m.ClientURLs), IsLearner: m.IsLearner}
}

// raftCluster is etcd's membership.RaftCluster: the members every server
// agrees on, changed only by applying conf changes and attribute updates.
type raftCluster struct {
	members map[uint64]*Member
	removed map[uint64]bool
}

func newRaftCluster(infos []MemberInfo) *raftCluster {
	c := &raftCluster{members: map[uint64]*Member{}, removed: map[uint64]bool{}}
	for _, mi := range infos {
		// A bootstrap member is known by its peer URLs only until it
		// publishes its name and client URLs.
		c.members[mi.ID] = &Member{ID: mi.ID, PeerURLs: slices.Clone(mi.PeerURLs)}
	}
	return c
}

// sorted returns copies of the members sorted by ID (etcd's member list order).
func (c *raftCluster) sorted() []*Member {
	ids := make([]uint64, 0, len(c.members))
	for id := range c.members {
		ids = append(ids, id)
	}
	ptrsort.Uint64s(ids)
	out := make([]*Member, len(ids))
	for i, id := range ids {
		out[i] = c.members[id].clone()
	}
	return out
}

func (c *raftCluster) pb() []*etcdpb.Member {
	var out []*etcdpb.Member
	for _, m := range c.sorted() {
		out = append(out, m.PB())
	}
	return out
}

func (c *raftCluster) votingMembers() []*Member {
	var out []*Member
	for _, m := range c.sorted() {
		if !m.IsLearner {
			out = append(out, m)
		}
	}
	return out
}

func (c *raftCluster) learners() int {
	n := 0
	for _, m := range c.members {
		if m.IsLearner {
			n++
		}
	}
	return n
}

// peerURLUsed reports whether another member already has one of the URLs.
func (c *raftCluster) peerURLUsed(urls []string, except uint64) bool {
	for _, m := range c.sorted() {
		if m.ID == except {
			continue
		}
		for _, u := range m.PeerURLs {
			if slices.Contains(urls, u) {
				return true
			}
		}
	}
	return false
}

// isReadyToAddVotingMember is etcd's RaftCluster.IsReadyToAddVotingMember
// (strict reconfig check): after the addition a quorum of voters must be
// started members; the new member counts as not started. Adding a second
// member to a one-member cluster is allowed (restoring a cluster).
func (c *raftCluster) isReadyToAddVotingMember() bool {
	nmembers, nstarted := 1, 0
	for _, m := range c.votingMembers() {
		if m.IsStarted() {
			nstarted++
		}
		nmembers++
	}
	if nstarted == 1 && nmembers == 2 {
		return true
	}
	return nstarted >= nmembers/2+1
}

// isReadyToRemoveVotingMember is etcd's IsReadyToRemoveVotingMember: the
// voters left must still have a quorum of started members.
func (c *raftCluster) isReadyToRemoveVotingMember(id uint64) bool {
	nmembers, nstarted := 0, 0
	for _, m := range c.votingMembers() {
		if m.ID == id {
			continue
		}
		if m.IsStarted() {
			nstarted++
		}
		nmembers++
	}
	return nstarted >= nmembers/2+1
}

// isReadyToPromoteMember is etcd's IsReadyToPromoteMember: the promoted
// learner counts as a started voter.
func (c *raftCluster) isReadyToPromoteMember() bool {
	nmembers, nstarted := 1, 1
	for _, m := range c.votingMembers() {
		if m.IsStarted() {
			nstarted++
		}
		nmembers++
	}
	return nstarted >= nmembers/2+1
}

func (c *ClusterConfig) snapshotCount() uint64 {
	if c.SnapshotCount == 0 {
		return 100000
	}
	return c.SnapshotCount
}

// catchUpEntries is etcd 3.5's: an explicit 0 is accepted and replaced by
// the default 5000 when the server starts (EtcdServer.start logs "updating
// snapshot catch-up entries to default"), as a 0 --snapshot-count is by
// 100000; it never means "keep no entries".
func (c *ClusterConfig) catchUpEntries() uint64 {
	if c.CatchUpEntries == 0 {
		return 5000
	}
	return c.CatchUpEntries
}

// removedIDs are the removed members' IDs, sorted (etcd's members_removed bucket).
func (c *raftCluster) removedIDs() []uint64 {
	out := make([]uint64, 0, len(c.removed))
	for id := range c.removed {
		out = append(out, id)
	}
	ptrsort.Uint64s(out)
	return out
}
