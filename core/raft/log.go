package raft

import "fmt"

// raftLog is the log as Raft sees it: the durable entries on the disk
// (storage) followed by entries not yet persisted (unstable). Only the
// unstable part is lost on a crash.
type raftLog struct {
	storage *Storage
	// unstable entries start at index offset; snap is a snapshot received
	// but not yet persisted.
	unstable []Entry
	offset   uint64
	snap     *Snapshot
	// buf is unstable's whole array, which stableTo starts again from
	// once unstable is empty, unless shared: a view of unstable entries
	// went out (slice: a leader's MsgApp, Node.Entries) and must never
	// change. A Ready's entries are valid only until the node is next
	// stepped after Advance (Node.Ready). So a follower, which hands out
	// no view, appends into one array for good instead of a new one
	// every 64 entries.
	buf    []Entry
	shared bool

	// lastTerm is the term of the entry at lastIndex, set wherever the
	// last entry changes (newLog, append, restore): the term asked for
	// most (the previous entry of a leader's append carrying only its
	// commit index, a follower's check of the entry before the ones it
	// receives, elections).
	lastTerm uint64

	committed uint64
	applied   uint64
	// maxEnts bounds the entries in one MsgApp.
	maxEnts int
}

func newLog(s *Storage, maxEnts int) *raftLog {
	l := &raftLog{storage: s, maxEnts: maxEnts}
	first := s.FirstIndex()
	l.offset = s.LastIndex() + 1
	l.lastTerm, _ = s.Term(s.LastIndex())
	l.committed = first - 1
	l.applied = first - 1
	return l
}

func (l *raftLog) String() string {
	return fmt.Sprintf("committed=%d applied=%d unstable.offset=%d len(unstable)=%d",
		l.committed, l.applied, l.offset, len(l.unstable))
}

func (l *raftLog) firstIndex() uint64 {
	if l.snap != nil {
		return l.snap.Metadata.Index + 1
	}
	return l.storage.FirstIndex()
}

// lastIndex is the unstable part's last index. With the unstable part
// empty that is offset-1, the last index persisted: the pending
// snapshot's (restore), else the disk's (newLog reads it; stableTo moves
// offset past entries the caller persisted before Advance).
func (l *raftLog) lastIndex() uint64 { return l.offset + uint64(len(l.unstable)) - 1 }

func (l *raftLog) term(i uint64) (uint64, error) {
	// The common cases first (a term is asked for on every append sent
	// and received): the last entry, an unstable entry, or one below the
	// unstable part with no snapshot pending, which the storage holds or
	// refuses exactly as the checks below would.
	if i == l.lastIndex() {
		return l.lastTerm, nil
	}
	if i < l.offset {
		if l.snap == nil {
			return l.storage.Term(i)
		}
	} else if k := i - l.offset; k < uint64(len(l.unstable)) {
		return l.unstable[k].Term, nil
	}
	// The valid range is [index of dummy entry, last index].
	dummy := l.firstIndex() - 1
	if i < dummy {
		return 0, ErrCompacted
	}
	if i > l.lastIndex() {
		return 0, ErrUnavailable
	}
	if i >= l.offset && len(l.unstable) > 0 {
		return l.unstable[i-l.offset].Term, nil
	}
	if l.snap != nil && i == l.snap.Metadata.Index {
		return l.snap.Metadata.Term, nil
	}
	return l.storage.Term(i)
}

// zeroTermOnErr returns 0 for an unavailable term (used in comparisons).
func (l *raftLog) zeroTermOnErr(i uint64) uint64 {
	t, err := l.term(i)
	if err != nil {
		return 0
	}
	return t
}

func (l *raftLog) matchTerm(i, term uint64) bool {
	t, err := l.term(i)
	return err == nil && t == term
}

// isUpToDate is the election restriction (Raft paper §5.4.1): a candidate's
// log must end in a later term, or the same term and at least as far.
func (l *raftLog) isUpToDate(lasti, term uint64) bool {
	return term > l.lastTerm || (term == l.lastTerm && lasti >= l.lastIndex())
}

// slice returns entries [lo, hi). The result shares its entries with the
// storage or the unstable part when it lies in one of them (no copy per
// MsgApp); an unstable array a view went out of is marked shared, which
// stableTo never starts again (the storage copies a chunk it truncates),
// so the view stays valid.
func (l *raftLog) slice(lo, hi uint64) ([]Entry, error) {
	if lo >= l.offset && lo < hi {
		l.shared = true // (an error below hands out nothing: no harm)
	}
	return l.view(lo, hi)
}

// view is slice without marking the unstable entries shared, for a
// Ready's committed entries (valid until the node is next stepped after
// Advance, as its Entries).
func (l *raftLog) view(lo, hi uint64) ([]Entry, error) {
	if lo < l.firstIndex() {
		return nil, ErrCompacted
	}
	if hi > l.lastIndex()+1 {
		return nil, ErrUnavailable
	}
	if lo >= hi {
		return nil, nil
	}
	if lo >= l.offset {
		return l.unstable[lo-l.offset : hi-l.offset : hi-l.offset], nil
	}
	stored, err := l.storage.Entries(lo, min(hi, l.offset))
	if err != nil {
		return nil, err
	}
	if hi <= l.offset {
		return stored[:len(stored):len(stored)], nil
	}
	ents := make([]Entry, 0, hi-lo)
	ents = append(ents, stored...)
	return append(ents, l.unstable[:hi-l.offset]...), nil
}

// entries returns at most maxEnts entries from i.
func (l *raftLog) entries(i uint64) ([]Entry, error) {
	if i > l.lastIndex() {
		return nil, nil
	}
	hi := l.lastIndex() + 1
	if l.maxEnts > 0 && hi-i > uint64(l.maxEnts) {
		hi = i + uint64(l.maxEnts)
	}
	if i >= l.offset {
		// All unstable (a leader's new entries, sent before they are
		// persisted): slice's view, without its checks, which hold.
		l.shared = true
		return l.unstable[i-l.offset : hi-l.offset : hi-l.offset], nil
	}
	return l.slice(i, hi)
}

// findConflict returns the index of the first entry in ents whose term
// differs from ours, or the first new one, or 0 if all are already held.
func (l *raftLog) findConflict(ents []Entry) uint64 {
	last := l.lastIndex()
	for i := range ents {
		// An entry past our last has no term here (matchTerm is false):
		// the first new one, found without asking term.
		if e := &ents[i]; e.Index > last || !l.matchTerm(e.Index, e.Term) {
			return e.Index
		}
	}
	return 0
}

// findConflictByTerm returns the largest index <= index whose term is <=
// term. A follower sends it with a rejection so that the leader skips a
// whole term of divergent entries per round trip.
func (l *raftLog) findConflictByTerm(index, term uint64) uint64 {
	for ; index > 0; index-- {
		t, err := l.term(index)
		if err != nil || t <= term {
			return index
		}
	}
	return 0
}

// maybeAppend is the follower's side of AppendEntries (Raft paper figure 2):
// if our entry at index has logTerm, take ents (truncating a conflicting
// suffix) and advance commit as far as this message proves.
func (l *raftLog) maybeAppend(index, logTerm, committed uint64, ents []Entry) (uint64, bool) {
	if !l.matchTerm(index, logTerm) {
		return 0, false
	}
	lastnew := index + uint64(len(ents))
	// A follower keeping up gets no entries (a commit index only) or
	// only new ones: findConflict's answer without the call.
	var ci uint64
	switch {
	case len(ents) == 0:
	case ents[0].Index > l.lastIndex():
		ci = ents[0].Index
	default:
		ci = l.findConflict(ents)
	}
	switch {
	case ci == 0:
	case ci <= l.committed:
		panic(fmt.Sprintf("raft: entry %d conflicts with committed entry [committed(%d)]", ci, l.committed))
	default:
		l.append(ents[ci-(index+1):]...)
	}
	l.commitTo(min(committed, lastnew))
	return lastnew, true
}

// append adds entries after truncating anything from ents[0].Index on.
func (l *raftLog) append(ents ...Entry) uint64 {
	if len(ents) == 0 {
		return l.lastIndex()
	}
	after := ents[0].Index
	if after-1 < l.committed {
		panic(fmt.Sprintf("raft: append at %d is below committed %d", after, l.committed))
	}
	switch {
	case after == l.offset+uint64(len(l.unstable)):
		if cap(l.unstable)-len(l.unstable) < len(ents) {
			// Room for many more appends: a follower appends one small
			// batch per MsgApp, and its unstable part empties after each Ready.
			grown := make([]Entry, len(l.unstable), max(2*(len(l.unstable)+len(ents)), 64))
			copy(grown, l.unstable)
			l.unstable, l.buf, l.shared = grown, grown, false
		}
		l.unstable = appendEntries(l.unstable, ents)
	case after <= l.offset:
		// Replaces the unstable part and some persisted entries; the disk
		// truncates when these are persisted.
		l.offset = after
		l.unstable = append([]Entry(nil), ents...)
		l.buf, l.shared = l.unstable, false
	default:
		l.unstable = append(append([]Entry(nil), l.unstable[:after-l.offset]...), ents...)
		l.buf, l.shared = l.unstable, false
	}
	l.lastTerm = ents[len(ents)-1].Term
	return l.lastIndex()
}

func (l *raftLog) commitTo(c uint64) {
	if c > l.committed {
		if c >= l.offset+uint64(len(l.unstable)) { // past lastIndex
			l.commitOutOfRange(c)
		}
		l.committed = c
	}
}

// commitOutOfRange is commitTo's panic, out of line so that commitTo is
// inlined (a follower commits on every append it takes).
//
//go:noinline
func (l *raftLog) commitOutOfRange(c uint64) {
	panic(fmt.Sprintf("raft: commit %d is out of range [lastIndex(%d)]", c, l.lastIndex()))
}

// maybeCommit commits up to maxIndex only if that entry is of the current
// term (Raft paper §5.4.2, figure 8).
func (l *raftLog) maybeCommit(maxIndex, term uint64) bool {
	if maxIndex > l.committed && l.zeroTermOnErr(maxIndex) == term {
		l.commitTo(maxIndex)
		return true
	}
	return false
}

func (l *raftLog) appliedTo(i uint64) {
	if i == 0 {
		return
	}
	if l.committed < i || i < l.applied {
		l.appliedOutOfRange(i)
	}
	l.applied = i
}

// appliedOutOfRange is appliedTo's panic, out of line so that appliedTo
// is inlined (Node.AdvanceTo calls it after every Ready it applies).
//
//go:noinline
func (l *raftLog) appliedOutOfRange(i uint64) {
	panic(fmt.Sprintf("raft: applied(%d) is out of range [prevApplied(%d), committed(%d)]", i, l.applied, l.committed))
}

// appendEntries is append(dst, src...) into dst's spare room, which its
// callers make sure of (so no growth is compiled in at each): entry by
// entry, each assigned in place, for the one or two entries of a put's
// append (a copy goes through the runtime's typedslicecopy, a call and a
// barrier check for a slice of one).
func appendEntries(dst, src []Entry) []Entry {
	n := len(dst)
	dst = dst[:n+len(src)]
	if len(src) > 2 {
		copy(dst[n:], src)
		return dst
	}
	for i := range src {
		dst[n+i] = src[i]
	}
	return dst
}

// nextEnts returns the committed entries not yet applied.
func (l *raftLog) nextEnts() []Entry {
	if l.committed <= l.applied {
		return nil // lo > applied >= committed: nothing to apply
	}
	lo, hi := max(l.applied+1, l.firstIndex()), l.committed+1
	if hi <= lo {
		return nil
	}
	// firstIndex <= lo < hi <= lastIndex+1: view's checks hold. Entries
	// already persisted (every entry a follower applies, and the leader's
	// once stable) are the storage's, read from it directly.
	var ents []Entry
	var err error
	if hi <= l.offset {
		ents, err = l.storage.Entries(lo, hi)
	} else {
		ents, err = l.view(lo, hi)
	}
	if err != nil {
		panic(err)
	}
	return ents[:len(ents):len(ents)]
}

// stableTo marks unstable entries up to (i, t) as persisted.
func (l *raftLog) stableTo(i, t uint64) {
	if i < l.offset || len(l.unstable) == 0 {
		return
	}
	if i-l.offset >= uint64(len(l.unstable)) || l.unstable[i-l.offset].Term != t {
		return
	}
	// What remains keeps the array's spare room for the next appends; an
	// empty unstable part starts the array again if no view of it went out.
	k := i + 1 - l.offset
	l.offset = i + 1
	if k == uint64(len(l.unstable)) && !l.shared {
		// (Not cleared: the Ready being advanced still reads it. The
		// entries' data is held by the disk anyway.)
		l.unstable = l.buf[:0]
		return
	}
	l.unstable = l.unstable[k:]
}

func (l *raftLog) stableSnapTo(i uint64) {
	if l.snap != nil && l.snap.Metadata.Index == i {
		l.snap = nil
	}
}

// snapshot returns the newest snapshot, unstable or stored.
func (l *raftLog) snapshot() Snapshot {
	if l.snap != nil {
		return *l.snap
	}
	return l.storage.Snapshot()
}

// restore replaces the log with a snapshot from the leader.
func (l *raftLog) restore(s Snapshot) {
	l.committed = s.Metadata.Index
	l.offset = s.Metadata.Index + 1
	l.unstable, l.buf, l.shared = nil, nil, false
	l.lastTerm = s.Metadata.Term
	l.snap = &s
}
