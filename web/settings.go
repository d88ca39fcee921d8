package web

import (
	"time"

	"github.com/raftlab/raftlab/core/lab"
)

// Settings are what a learner can change about the cluster. A change starts
// a fresh cluster; they are part of a share link.
type Settings struct {
	_           noEqual
	Members     int           // 1..7
	Heartbeat   time.Duration // etcd --heartbeat-interval
	Election    time.Duration // etcd --election-timeout
	PreVote     bool
	CheckQuorum bool
	Latency     time.Duration // one-way link latency
	DropRate    float64       // 0..1
	Seed        int64
	// Topology is the Kubernetes control plane around the cluster: "",
	// "external" or "stacked"; ControlPlanes its cp nodes (0 means 3).
	Topology      string
	ControlPlanes int
}

// Limits of the settings (share links outside them are refused).
const (
	MinMembers   = 1
	MaxMembers   = 7
	MinHeartbeat = 10 * time.Millisecond
	MaxHeartbeat = 2 * time.Second
	MaxElection  = 20 * time.Second
	MaxLatency   = 2 * time.Second
	MaxDropRate  = 0.9
)

// DefaultSettings is the source note's cluster (3 members, etcd's timing),
// with a link latency long enough to see messages travel.
func DefaultSettings() Settings {
	return Settings{
		Members: 3, Heartbeat: 100 * time.Millisecond, Election: 1000 * time.Millisecond,
		PreVote: true, CheckQuorum: true, Latency: 25 * time.Millisecond, Seed: 1,
	}
}

// Valid reports why settings cannot be used, or "".
func (s Settings) Valid() string {
	switch {
	case s.Members < MinMembers || s.Members > MaxMembers:
		return "cluster size must be 1..7"
	case s.Heartbeat < MinHeartbeat || s.Heartbeat > MaxHeartbeat:
		return "heartbeat interval must be 10 ms..2 s"
	case s.Election < 5*s.Heartbeat || s.Election > MaxElection:
		return "election timeout must be at least 5 times the heartbeat interval (etcd's rule) and at most 20 s"
	case s.Latency < time.Millisecond || s.Latency > MaxLatency:
		return "latency must be 1 ms..2 s"
	case !(s.DropRate >= 0 && s.DropRate <= MaxDropRate):
		return "drop rate must be 0..90 %"
	case s.Topology != "" && s.Topology != "external" && s.Topology != "stacked":
		return "topology must be external or stacked"
	case s.ControlPlanes < 0 || s.ControlPlanes > 7:
		return "control-plane nodes must be 1..7"
	}
	return ""
}

// Options are the lab options for these settings.
func (s Settings) Options() lab.Options {
	return lab.Options{
		Members: s.Members, Seed: s.Seed,
		HeartbeatInterval: s.Heartbeat, ElectionTimeout: s.Election,
		DisablePreVote: !s.PreVote, DisableCheckQuorum: !s.CheckQuorum,
		Latency: s.Latency, DropRate: s.DropRate,
		Topology: s.Topology, ControlPlanes: s.ControlPlanes,
	}
}
