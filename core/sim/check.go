package sim

import (
	"encoding/binary"
	"fmt"
	"unsafe"

	"github.com/raftlab/raftlab/core/raft"
)

// checker verifies Raft's safety properties (Raft paper figure 3) after
// every step, over the whole run and across restarts:
//
//   - Election Safety: at most one leader per term.
//   - Leader Append-Only: a leader only appends to its log.
//   - Log Matching: two logs with an entry of the same index and term hold
//     the same entries up to it (checked by chaining entry hashes).
//   - Leader Completeness: a leader holds every committed entry.
//   - State Machine Safety: every member applies a prefix of one committed
//     sequence, in order.
//   - Term, vote and commit never go backwards on a member's disk.
type checker struct {
	w *World
	// leaders: term → the member that led it.
	leaders map[uint64]uint64
	// committed[i-1-base] is the committed entry at index i (term and
	// chain hash); indexes up to base, which no log holds any more, are
	// forgotten (prune).
	committed []entryID
	base      uint64
	// known: (index, term) → chained hash, across all members' logs.
	known   knownHashes
	pruneAt int
	// hashed remembers recent chained hashes by index (hash).
	hashed [256]hashedEntry
}

// hashedEntry is one chained hash computed, with what it was computed
// from: the previous hash, the entry's index, term and type, and its data
// by address and length (the members' logs share an entry's bytes: the
// leader's slice travels in the messages).
type hashedEntry struct {
	prev, index, term uint64
	typ               raft.EntryType
	data              *byte
	n                 int
	hash              uint64
	// known: known holds hash at (index, term), added by an append since
	// the last prune (which may forget it), so that another member's
	// append of the same entry need not look it up again: known never
	// changes a hash it holds.
	known bool
}

// cached is the slot holding chainHash(prev, e), computed once for an
// entry that five members append and apply: ten hashes of the same bytes
// per entry were a twentieth of a loaded cluster's simulation. An entry
// whose bytes live elsewhere (a member restarted from its disk, a
// snapshot) is hashed again, as are equal bytes at another address: equal
// addresses and lengths are equal bytes. (appending and applying, which
// ask it for every entry, write its three lines out: with set's call it
// is past the inliner's budget.)
func (c *checker) cached(prev uint64, e *raft.Entry) *hashedEntry {
	s := &c.hashed[e.Index%uint64(len(c.hashed))]
	if !s.holds(prev, e) {
		s.set(prev, e)
	}
	return s
}

// holds reports whether the slot holds e's hash after prev.
func (s *hashedEntry) holds(prev uint64, e *raft.Entry) bool {
	return s.index == e.Index && s.prev == prev && s.data == unsafe.SliceData(e.Data) && s.n == len(e.Data) &&
		s.term == e.Term && s.typ == e.Type && e.Index != 0
}

// set hashes e after prev into the slot. (An empty slot is of index 0,
// which no entry has.)
func (s *hashedEntry) set(prev uint64, e *raft.Entry) {
	*s = hashedEntry{prev: prev, index: e.Index, term: e.Term, typ: e.Type, data: unsafe.SliceData(e.Data), n: len(e.Data), hash: chainHash(prev, e)}
}

// chain holds the chained hashes of indexes first, first+1, ...
type chain struct {
	first  uint64
	hashes []uint64
}

func (c *chain) get(i uint64) (uint64, bool) {
	if i < c.first || i-c.first >= uint64(len(c.hashes)) {
		return 0, false
	}
	return c.hashes[i-c.first], true
}

// truncate drops indexes >= i.
func (c *chain) truncate(i uint64) {
	if i <= c.first {
		c.hashes = c.hashes[:0]
		return
	}
	if n := i - c.first; n < uint64(len(c.hashes)) {
		c.hashes = c.hashes[:n]
	}
}

// set records index i, which must directly follow the last one held.
func (c *chain) set(i, h uint64) {
	if len(c.hashes) == 0 {
		c.first = i
	}
	c.hashes = append(c.hashes, h)
}

// reset makes the chain start afresh at i.
func (c *chain) reset(i, h uint64) {
	c.first, c.hashes = i, append(c.hashes[:0], h)
}

// dropBefore forgets indexes below i.
func (c *chain) dropBefore(i uint64) {
	if i > c.first {
		n := min(i-c.first, uint64(len(c.hashes)))
		c.hashes = append(c.hashes[:0], c.hashes[n:]...)
		c.first = i
	}
}

// knownHashes maps (index, term) to the chained hash of the entry there,
// across all members' logs: one slot per index from first on (an index
// nearly always holds one term across the cluster), and other terms at an
// index, or indexes below first, in extra. Five members append every
// entry: a map keyed by (index, term) was looked up and written ten times
// per entry.
type knownHashes struct {
	first uint64
	slots []knownSlot
	extra map[[2]uint64]uint64
}

const maxKnownGap = 1 << 12

type knownSlot struct {
	term, hash uint64
	set        bool
}

// add records the hash of (index, term) unless one is known: false if the
// known one differs.
func (k *knownHashes) add(index, term, hash uint64) bool {
	if len(k.slots) == 0 && len(k.extra) == 0 {
		k.first = index
	}
	key := [2]uint64{index, term}
	// Slots cover indexes from first on, grown on the way (but not across
	// a gap of more than maxKnownGap indexes: those go to extra).
	if i := index - k.first; index >= k.first && i < uint64(len(k.slots))+maxKnownGap {
		if i >= uint64(len(k.slots)) {
			k.grow(i + 1)
		}
		s := &k.slots[i]
		if s.set && s.term == term {
			return s.hash == hash
		}
		if !s.set {
			if len(k.extra) > 0 {
				if h, seen := k.extra[key]; seen {
					return h == hash
				}
			}
			*s = knownSlot{term: term, hash: hash, set: true}
			return true
		}
	}
	if h, seen := k.extra[key]; seen {
		return h == hash
	}
	if k.extra == nil {
		k.extra = map[[2]uint64]uint64{}
	}
	k.extra[key] = hash
	return true
}

// grow makes slots n long, the new ones unset: within its capacity
// (append's growth, rather than an append of a made slice each time).
func (k *knownHashes) grow(n uint64) {
	if n > uint64(cap(k.slots)) {
		k.slots = append(k.slots[:cap(k.slots)], make([]knownSlot, n-uint64(cap(k.slots)))...)
	}
	old := len(k.slots)
	k.slots = k.slots[:n]
	if n == uint64(old)+1 {
		k.slots[old] = knownSlot{} // the usual one: no clear() call
	} else {
		clear(k.slots[old:])
	}
}

// dropBefore forgets the indexes below i.
func (k *knownHashes) dropBefore(i uint64) {
	if i > k.first {
		n := min(i-k.first, uint64(len(k.slots)))
		k.slots = append(k.slots[:0], k.slots[n:]...)
		k.first = i
	}
	for key := range k.extra {
		if key[0] < i {
			delete(k.extra, key)
		}
	}
}

type entryID struct {
	term  uint64
	chain uint64
}

func newChecker(w *World) *checker {
	return &checker{w: w, leaders: map[uint64]uint64{}}
}

// chainHash chains an entry onto prev: prev, the entry's term, its type
// with its data's length, then its data 8 bytes at a time (the last word
// zero-padded), each XORed into the running hash and mixed (mixWord).
// Every step is a bijection of the running hash, so two entries of one
// length that differ in a single word, after the same prev, never hash
// alike; and a word at a time, not a byte (FNV-1a, which it was), since
// it runs for every entry the cluster appends.
func chainHash(prev uint64, e *raft.Entry) uint64 {
	h := mixWord(hashSeed ^ prev)
	h = mixWord(h ^ e.Term)
	h = mixWord(h ^ uint64(e.Type) ^ uint64(len(e.Data))<<8)
	d := e.Data
	for ; len(d) >= 8; d = d[8:] {
		h = mixWord(h ^ binary.LittleEndian.Uint64(d))
	}
	if len(d) > 0 {
		var w uint64
		for i, c := range d {
			w |= uint64(c) << (8 * i)
		}
		h = mixWord(h ^ w)
	}
	return h
}

// mixWord is a bijection of 64-bit words that spreads every bit: an odd
// multiplication (murmur3's constant), then the high half folded down.
func mixWord(x uint64) uint64 {
	x *= 0xff51afd7ed558ccd
	return x ^ x>>32
}

func (c *checker) failf(format string, args ...any) { c.w.fail(fmt.Sprintf(format, args...)) }

// lastCommitted is the highest index known committed.
func (c *checker) lastCommitted() uint64 { return c.base + uint64(len(c.committed)) }

// committedChain returns the chained hash of committed entry i (0 for i=0).
func (c *checker) committedChain(i uint64) (uint64, bool) {
	if i == 0 {
		return 0, true
	}
	if i > c.lastCommitted() || i <= c.base {
		return 0, false
	}
	return c.committed[i-1-c.base].chain, true
}

// memberCheck is what the checker keeps of one member, across its
// restarts (on the Member: no lookups on every entry).
type memberCheck struct {
	chain   chain // the chained hash of each index it holds
	applied uint64
	hard    raft.HardState // last persisted
}

func (c *checker) memberChain(m *Member) *chain { return &m.chk.chain }

// started is called when a member (re)starts from its disk.
func (c *checker) started(m *Member, snapIndex uint64) {
	m.chk.applied = snapIndex
	ch := c.memberChain(m)
	if len(ch.hashes) == 0 {
		// First start: hash whatever the disk holds (the bootstrap entries).
		prev, _ := c.committedChain(snapIndex)
		ch.reset(snapIndex, prev)
		if last := m.Disk.LastIndex(); last > snapIndex {
			ents, _ := m.Disk.Entries(snapIndex+1, last+1)
			c.appending(m, ents)
		}
		c.hardState(m, m.Disk.HardState())
	}
}

// appending checks entries about to be persisted on m.
func (c *checker) appending(m *Member, ents []raft.Entry) {
	// The member's status (a dozen fields, some looked up) only when the
	// append overwrites: nearly every append comes after the last entry.
	if last := m.Disk.LastIndex(); ents[0].Index <= last {
		if st := m.Node.BasicStatus(); st.State == raft.StateLeader {
			c.failf("Leader Append-Only: leader %s of term %d overwrites its log at index %d (last %d)", m.Name, st.Term, ents[0].Index, last)
			return
		}
	}
	ch := c.memberChain(m)
	prevIdx := ents[0].Index - 1
	prev, ok := ch.get(prevIdx)
	if !ok {
		if prev, ok = c.committedChain(prevIdx); !ok {
			c.failf("Log Matching: %s appends at %d without holding %d", m.Name, ents[0].Index, prevIdx)
			return
		}
		ch.reset(prevIdx, prev)
	}
	ch.truncate(ents[0].Index)
	for i := range ents {
		e := &ents[i] // not a copy of each entry
		// cached, inlined:
		s := &c.hashed[e.Index%uint64(len(c.hashed))]
		if !s.holds(prev, e) {
			s.set(prev, e)
		}
		prev = s.hash
		ch.set(e.Index, prev)
		if s.known {
			continue // known holds prev at (index, term): add would return true
		}
		if !c.known.add(e.Index, e.Term, prev) {
			c.failf("Log Matching: %s holds an entry at index %d term %d whose log differs from another member's", m.Name, e.Index, e.Term)
			return
		}
		s.known = true
	}
	if c.pruneAt++; c.pruneAt%4096 == 0 {
		c.prune()
	}
}

// prune forgets hashes no log can still hold (every 4096 appends).
func (c *checker) prune() {
	low := ^uint64(0)
	for _, m := range c.w.members {
		if !m.removed {
			low = min(low, m.Disk.FirstIndex()-1)
		}
	}
	c.known.dropBefore(low)
	for i := range c.hashed {
		c.hashed[i].known = false // known may have forgotten it
	}
	// The committed entries too, but low itself: a snapshot at low may
	// still be restored (restored, started read its chain).
	if low > 0 && low-1 > c.base {
		k := min(low-1-c.base, uint64(len(c.committed)))
		c.committed = append(c.committed[:0], c.committed[k:]...)
		c.base += k
	}
	for _, m := range c.w.list {
		m.chk.chain.dropBefore(m.Disk.FirstIndex() - 1)
	}
}

// hardState checks what m persists and records newly committed entries.
func (c *checker) hardState(m *Member, hs raft.HardState) {
	prev := m.chk.hard
	switch {
	case hs.Term < prev.Term:
		c.failf("%s term went back from %d to %d", m.Name, prev.Term, hs.Term)
	case hs.Term == prev.Term && prev.Vote != None && hs.Vote != prev.Vote:
		c.failf("%s changed its vote in term %d from %x to %x", m.Name, hs.Term, prev.Vote, hs.Vote)
	case hs.Commit < prev.Commit:
		c.failf("%s commit went back from %d to %d", m.Name, prev.Commit, hs.Commit)
	}
	m.chk.hard = hs
	ch := c.memberChain(m)
	for i := c.lastCommitted() + 1; i <= hs.Commit; i++ {
		h, ok := ch.get(i)
		if !ok {
			return // held only in a snapshot; recorded when someone else commits it
		}
		t, _ := m.Disk.Term(i)
		c.committed = append(c.committed, entryID{term: t, chain: h})
	}
	// Everything this member commits must agree with what is committed.
	lo := max(prev.Commit+1, m.Disk.FirstIndex())
	for i := max(lo, c.base+1); i <= hs.Commit && i <= c.lastCommitted(); i++ {
		if h, ok := ch.get(i); ok && h != c.committed[i-1-c.base].chain {
			c.failf("State Machine Safety: %s commits a different entry at index %d", m.Name, i)
			return
		}
	}
}

// softState checks Election Safety and Leader Completeness when m becomes leader.
func (c *checker) softState(m *Member, ss raft.SoftState) {
	if ss.RaftState != raft.StateLeader {
		return
	}
	st := m.Node.BasicStatus()
	if other, ok := c.leaders[st.Term]; ok && other != m.ID {
		c.failf("Election Safety: %s and %x are both leader of term %d", m.Name, other, st.Term)
		return
	}
	c.leaders[st.Term] = m.ID
	ch := c.memberChain(m)
	for i := max(st.FirstIndex, c.base+1); i <= c.lastCommitted(); i++ {
		if h, ok := ch.get(i); !ok || h != c.committed[i-1-c.base].chain {
			c.failf("Leader Completeness: leader %s of term %d lacks committed entry %d", m.Name, st.Term, i)
			return
		}
	}
}

// restored records that m's application was replaced by a snapshot.
func (c *checker) restored(m *Member, index uint64) {
	h, ok := c.committedChain(index)
	if !ok {
		c.failf("State Machine Safety: %s restored a snapshot at %d beyond anything committed (%d)", m.Name, index, c.lastCommitted())
		return
	}
	m.chk.applied = index
	c.memberChain(m).reset(index, h)
}

// applying checks that m applies the next committed entry.
func (c *checker) applying(m *Member, e *raft.Entry) {
	if e.Index != m.chk.applied+1 {
		c.failf("State Machine Safety: %s applies index %d after %d", m.Name, e.Index, m.chk.applied)
		return
	}
	m.chk.applied = e.Index
	// j is the entry's place in committed; it wraps around below base, and
	// the entry before it must be held too (prune keeps one behind).
	j := e.Index - 1 - c.base
	if j >= uint64(len(c.committed)) || j == 0 && c.base > 0 {
		if e.Index > c.lastCommitted() {
			c.failf("State Machine Safety: %s applies index %d, which is not committed", m.Name, e.Index)
		} else {
			c.failf("State Machine Safety: %s applies index %d, below every member's log (%d)", m.Name, e.Index, c.base)
		}
		return
	}
	want, prev := &c.committed[j], uint64(0)
	if j > 0 {
		prev = c.committed[j-1].chain
	}
	s := &c.hashed[e.Index%uint64(len(c.hashed))] // cached, inlined
	if e.Term == want.term && !s.holds(prev, e) {
		s.set(prev, e)
	}
	if e.Term != want.term || s.hash != want.chain {
		c.failf("State Machine Safety: %s applies a different entry at index %d", m.Name, e.Index)
	}
}
