// Package web is raftlab's Vugu user interface: the root component, its child
// components and the view-model that the simulated cluster (core/lab) fills.
//
// The UI never reaches into the simulation directly. Everything it shows comes
// from a Lab (see lab.go); until core/lab is wired in, wasm/main.go uses
// FakeLab.
//
// All text reaches the DOM through Vugu's escaping (vg-content, :attr). Never
// pass user or simulation text through vugu.HTML.
package web

//go:generate go tool vugugen -skip-go-mod -skip-main .

import "time"

// Role is a member's Raft role as the UI shows it.
type Role string

// Roles the UI knows how to draw. Anything else is drawn as RoleUnknown.
const (
	RoleLeader       Role = "leader"
	RoleFollower     Role = "follower"
	RoleCandidate    Role = "candidate"
	RolePreCandidate Role = "pre-candidate"
	RoleLearner      Role = "learner"
	RoleUnknown      Role = ""
)

// MemberView is one etcd member as drawn in the cluster view.
type MemberView struct {
	ID           string // etcd member ID in hex, e.g. "8e9e05c52164694d"; also the stable key for rendering
	Name         string // etcd --name, e.g. "infra1"
	Role         Role
	Term         uint64
	Up           bool   // process running (false: stopped or crashed)
	CommitIndex  uint64 // Raft commit index
	AppliedIndex uint64 // applied to the state machine
	Note         string // short extra state, e.g. "partitioned", "slow disk"; "" for none
}

// ClusterView is the whole picture the cluster panel draws.
type ClusterView struct {
	Members []MemberView
	SimTime time.Duration // simulated time since the lab started
	Running bool          // the simulated clock is advancing
}

// Stream tells console output lines apart.
type Stream int

// Console line kinds.
const (
	StreamStdout Stream = iota // command output
	StreamStderr               // errors, as etcdctl prints them to stderr
	StreamInput                // the echoed command line
	StreamInfo                 // messages from the UI itself
)

// Class is the CSS class of a line of this stream.
func (s Stream) Class() string {
	switch s {
	case StreamStderr:
		return "line stderr"
	case StreamInput:
		return "line input"
	case StreamInfo:
		return "line info"
	}
	return "line stdout"
}

// ConsoleLine is one line in the console output.
type ConsoleLine struct {
	Stream Stream
	Text   string
}
