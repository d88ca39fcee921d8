package sim

import "time"

// Network is the links between members: one channel per directed link,
// with latency, jitter (which reorders), loss, duplication, partitions and
// one-way cuts. Its random choices come from the world's seed.
type Network struct {
	Latency  time.Duration
	Jitter   time.Duration
	DropRate float64
	DupRate  float64
	// group assigns members to partition groups; nil means fully connected.
	group map[uint64]int
	cut   map[link]bool
	// split: a partition or a cut is in force (group or cut set), which
	// the world reads before asking Reachable of every message sent and
	// delivered.
	split bool
}

type link struct{ from, to uint64 }

func newNetwork() *Network {
	return &Network{cut: map[link]bool{}}
}

// Reachable reports whether a message from one member can reach another.
// (The world's send and deliver read split first themselves.)
func (n *Network) Reachable(from, to uint64) bool {
	if n.group == nil && len(n.cut) == 0 {
		return true
	}
	if n.cut[link{from, to}] {
		return false
	}
	if n.group == nil {
		return true
	}
	gf, okf := n.group[from]
	gt, okt := n.group[to]
	return okf && okt && gf == gt
}

// Partition splits members into groups that cannot reach each other;
// members in no group are isolated.
func (n *Network) Partition(groups [][]uint64) {
	n.group, n.split = map[uint64]int{}, true
	for i, g := range groups {
		for _, id := range g {
			n.group[id] = i + 1
		}
	}
}

// Isolate cuts one member off from everyone, keeping other groups as they are.
func (n *Network) Isolate(id uint64, all []uint64) {
	if n.group == nil {
		n.group = map[uint64]int{}
		for _, m := range all {
			n.group[m] = 1
		}
	}
	delete(n.group, id)
	n.split = true
}

// Cut drops every message from one member to another (one way).
func (n *Network) Cut(from, to uint64) { n.cut[link{from, to}], n.split = true, true }

// Heal removes partitions and cuts; latency and loss settings stay.
func (n *Network) Heal() {
	n.group = nil
	n.cut = map[link]bool{}
	n.split = false
}

// Groups returns the current partition: member → group (0: no partition).
func (n *Network) Groups() map[uint64]int {
	out := map[uint64]int{}
	for id, g := range n.group {
		out[id] = g
	}
	return out
}

// Partitioned reports whether any partition or cut is in force.
func (n *Network) Partitioned() bool { return n.split }
