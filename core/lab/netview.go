package lab

// Read-only views the page draws from (the network's state, a member's
// log, the simulator's step count), so that it needs no *sim.World.

import "time"

// Steps is how many simulator events have run (the safety checker looks
// after every one).
func (l *Lab) Steps() uint64 { return l.w.Steps() }

// Up reports whether a member is running.
func (l *Lab) Up(name string) bool {
	id, err := l.id(name)
	m := l.w.Member(id)
	return err == nil && m != nil && m.Up()
}

// Network is the network's current settings and faults.
type Network struct {
	// Latency and Jitter of every link (`latency <d> [jitter]`).
	Latency, Jitter time.Duration
	// DropRate and DupRate are the chance a message is lost or delivered
	// twice (`drop`, `dup`).
	DropRate, DupRate float64
	// Partitioned is set while a partition or a one-way cut is in place.
	Partitioned bool
	// Group is each member's partition group (members in one group reach
	// each other); nil when there is no partition, and a member cut off
	// from everyone (`isolate`) has none.
	Group map[string]int
}

// Network reports the network's settings and faults.
func (l *Lab) Network() Network {
	n := l.w.Net()
	out := Network{Latency: n.Latency, Jitter: n.Jitter, DropRate: n.DropRate, DupRate: n.DupRate,
		Partitioned: n.Partitioned()}
	if g := n.Groups(); len(g) > 0 {
		out.Group = map[string]int{}
		for id, i := range g {
			if name := l.name(id); name != "" {
				out.Group[name] = i
			}
		}
	}
	return out
}

// Reachable reports whether a message from one member can reach another
// now (neither a partition nor a one-way cut in the way).
func (l *Lab) Reachable(from, to string) bool {
	f, err1 := l.id(from)
	t, err2 := l.id(to)
	return err1 == nil && err2 == nil && l.w.Net().Reachable(f, t)
}

// LogEntry is one entry of a member's log on its disk.
type LogEntry struct {
	Index, Term uint64
	// ConfChange marks a membership change entry.
	ConfChange bool
}

// MemberLog is what a member's disk holds: up to max of its newest log
// entries (first..last), its commit index, and whether it is up. An
// unknown member has ok false.
func (l *Lab) MemberLog(name string, max int) (ents []LogEntry, first, last, commit uint64, up, ok bool) {
	id, err := l.id(name)
	m := l.w.Member(id)
	if err != nil || m == nil {
		return nil, 0, 0, 0, false, false
	}
	first, last, commit = m.Disk.FirstIndex(), m.Disk.LastIndex(), m.Disk.HardState().Commit
	lo := first
	if max > 0 && last+1 > uint64(max) && last+1-uint64(max) > lo {
		lo = last + 1 - uint64(max)
	}
	if lo <= last {
		es, err := m.Disk.Entries(lo, last+1)
		if err == nil {
			ents = make([]LogEntry, len(es))
			for i, e := range es {
				ents[i] = LogEntry{Index: e.Index, Term: e.Term, ConfChange: e.Type != 0}
			}
		}
	}
	return ents, first, last, commit, m.Up(), true
}
