// Package raft is one member's consensus state machine, in the style of
// etcd-io/raft: input by Tick, Step and proposals; output collected in a
// Ready for the caller to persist, send and apply. It has no goroutines, no
// clock and no randomness but the seeded source it is given.
package raft

import (
	"errors"
	"fmt"

	"github.com/raftlab/raftlab/core/jsonw"
)

// None is the ID of no member.
const None uint64 = 0

// MessageType names every message of the protocol. Local ones (Hup, Beat,
// CheckQuorum) never leave the member.
type MessageType int

const (
	MsgHup MessageType = iota
	MsgBeat
	MsgCheckQuorum
	MsgProp
	MsgApp
	MsgAppResp
	MsgVote
	MsgVoteResp
	MsgPreVote
	MsgPreVoteResp
	MsgHeartbeat
	MsgHeartbeatResp
	MsgSnap
	MsgSnapStatus
	MsgReadIndex
	MsgReadIndexResp
	MsgTransferLeader
	MsgTimeoutNow
)

var msgNames = [...]string{"MsgHup", "MsgBeat", "MsgCheckQuorum", "MsgProp", "MsgApp", "MsgAppResp",
	"MsgVote", "MsgVoteResp", "MsgPreVote", "MsgPreVoteResp", "MsgHeartbeat", "MsgHeartbeatResp",
	"MsgSnap", "MsgSnapStatus", "MsgReadIndex", "MsgReadIndexResp", "MsgTransferLeader", "MsgTimeoutNow"}

func (t MessageType) String() string {
	if int(t) < len(msgNames) {
		return msgNames[t]
	}
	return fmt.Sprintf("MessageType(%d)", int(t))
}

// IsLocal reports whether a message type never crosses the network.
func (t MessageType) IsLocal() bool { return localMsgs>>uint(t)&1 != 0 }

// IsResponse reports whether the message answers another.
func (t MessageType) IsResponse() bool { return responseMsgs>>uint(t)&1 != 0 }

// The types of IsLocal and IsResponse as bit sets (a test on every
// stepped message; a type past 63 is in neither).
const (
	localMsgs    = 1<<MsgHup | 1<<MsgBeat | 1<<MsgCheckQuorum
	responseMsgs = 1<<MsgAppResp | 1<<MsgVoteResp | 1<<MsgPreVoteResp | 1<<MsgHeartbeatResp | 1<<MsgReadIndexResp
)

func voteRespType(t MessageType) MessageType {
	if t == MsgPreVote {
		return MsgPreVoteResp
	}
	return MsgVoteResp
}

// EntryType distinguishes application data from configuration changes.
type EntryType int

const (
	EntryNormal EntryType = iota
	EntryConfChange
)

// Entry is one log entry.
type Entry struct {
	Term  uint64
	Index uint64
	Type  EntryType
	Data  []byte
}

// ConfChangeType is a single-member configuration change (Raft thesis §4.1:
// one member at a time keeps old and new majorities overlapping).
type ConfChangeType int

const (
	ConfChangeAddNode ConfChangeType = iota // add a voter, or promote a learner
	ConfChangeRemoveNode
	ConfChangeAddLearnerNode
	// ConfChangeUpdateNode changes only the application's view of a member
	// (etcd: member update of peer URLs); Raft's membership is unchanged.
	ConfChangeUpdateNode
)

func (t ConfChangeType) String() string {
	return [...]string{"add", "remove", "add-learner", "update"}[t]
}

// ConfChange is the payload of an EntryConfChange.
type ConfChange struct {
	Type    ConfChangeType
	NodeID  uint64
	Context []byte `json:",omitempty"`
}

// Marshal encodes a ConfChange for an entry's Data (encoding/json's
// bytes for it: {"Type":...,"NodeID":...,"Context":"<base64>"}).
func (cc ConfChange) Marshal() []byte { return jsonw.Marshal(&cc) }

// EncodeJSON writes cc as encoding/json does.
func (cc *ConfChange) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("Type")
	w.Int(int64(cc.Type))
	w.Key("NodeID")
	w.Uint(cc.NodeID)
	w.OmitBytes("Context", cc.Context)
	w.End()
}

// DecodeJSON reads cc as encoding/json does.
func (cc *ConfChange) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("raft.ConfChange"); ok && d.Next(); {
		switch {
		case d.Is("Type"):
			if v, ok := d.Integer("raft.ConfChangeType", 64); ok {
				cc.Type = ConfChangeType(v)
			}
		case d.Is("NodeID"):
			d.Uint64(&cc.NodeID)
		case d.Is("Context"):
			d.Bytes(&cc.Context)
		}
	}
}

// UnmarshalConfChange decodes an EntryConfChange's Data.
func UnmarshalConfChange(b []byte) (ConfChange, error) {
	var cc ConfChange
	err := jsonw.Unmarshal(b, &cc)
	return cc, err
}

// ConfState is a membership: who votes and who only listens.
type ConfState struct {
	Voters   []uint64
	Learners []uint64
}

// SnapshotMetadata says which prefix of the log a snapshot replaces.
type SnapshotMetadata struct {
	ConfState ConfState
	Index     uint64
	Term      uint64
}

// Snapshot is the application state at Metadata.Index.
type Snapshot struct {
	Data     []byte
	Metadata SnapshotMetadata
}

// IsEmpty reports whether s holds nothing.
func (s Snapshot) IsEmpty() bool { return s.Metadata.Index == 0 }

// HardState is what a member must persist before answering: its term, its
// vote in that term, and the commit index (Raft paper figure 2).
type HardState struct {
	Term   uint64
	Vote   uint64
	Commit uint64
}

// IsEmpty reports whether h is the zero value.
func (h HardState) IsEmpty() bool { return h == HardState{} }

// Message is what members send each other.
type Message struct {
	Type    MessageType
	To      uint64
	From    uint64
	Term    uint64
	LogTerm uint64
	Index   uint64
	Entries []Entry
	Commit  uint64
	// Snapshot is set for MsgSnap.
	Snapshot *Snapshot
	Reject   bool
	// RejectHint is the follower's last index that may match (fast backtracking).
	RejectHint uint64
	// Context carries a ReadIndex request ID, or campaignTransfer on votes.
	Context []byte
}

// ReadState answers a ReadIndex request: once the member has applied up to
// Index, a read for RequestCtx is linearizable (Raft thesis §6.4).
type ReadState struct {
	Index      uint64
	RequestCtx []byte
}

// StateType is a member's role.
type StateType int

const (
	StateFollower StateType = iota
	StateCandidate
	StateLeader
	StatePreCandidate
)

func (s StateType) String() string {
	return [...]string{"follower", "candidate", "leader", "pre-candidate"}[s]
}

// ErrProposalDropped is returned when a proposal cannot be accepted: no
// leader is known, or the leader is transferring leadership.
var ErrProposalDropped = errors.New("raft proposal dropped")

// ErrCompacted and ErrUnavailable are the storage's answers for entries
// before its first index and after its last.
var (
	ErrCompacted     = errors.New("requested index is unavailable due to compaction")
	ErrUnavailable   = errors.New("requested entry at index is unavailable")
	ErrSnapOutOfDate = errors.New("requested index is older than the existing snapshot")
)
