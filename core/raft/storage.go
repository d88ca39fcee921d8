package raft

// Storage is a member's disk: the durable part of its state (term, vote,
// commit, the log and the latest snapshot). It survives a crash; everything
// else in Raft does not. The caller writes to it from each Ready before
// sending that Ready's messages.
type Storage struct {
	hard HardState
	snap Snapshot
	// encode gives snap's data when it was stored unencoded
	// (CreateSnapshotFunc); nil once encoded.
	encode func() []byte
	// dummy is the entry before the first one held: at the snapshot's
	// index and term (or the last compacted entry's), without data.
	dummy Entry
	// chunks hold the entries after dummy: chunk c holds positions
	// [c*storageChunk, (c+1)*storageChunk), position 0 being the entry
	// after dummy. Only the first grows by reallocation, up to
	// storageChunk; past it the log grows by a chunk, never by copying
	// the whole log (append copied a log thousands of entries long about
	// four times per entry on its way up). An array once handed out
	// (Entries) is never written again where it was read: a truncation
	// copies the chunk it cuts into.
	chunks [][]Entry
	n      int // entries held after dummy
}

// storageChunk is the number of entries per chunk (48 bytes each).
const storageChunk = 1024

// NewStorage returns an empty disk.
func NewStorage() *Storage { return &Storage{} }

// InitialState returns the persisted HardState and membership.
func (s *Storage) InitialState() (HardState, ConfState) { return s.hard, s.snap.Metadata.ConfState }

// SetHardState persists term, vote and commit.
func (s *Storage) SetHardState(h HardState) { s.hard = h }

// HardState returns the persisted term, vote and commit.
func (s *Storage) HardState() HardState { return s.hard }

func (s *Storage) offset() uint64 { return s.dummy.Index }

// at returns the entry at position p (0: the one after dummy), by
// unsigned division (a shift and a mask; a signed one rounds toward zero).
func (s *Storage) at(p int) *Entry { return &s.chunks[uint(p)/storageChunk][uint(p)%storageChunk] }

// FirstIndex is the first index still held as an entry.
func (s *Storage) FirstIndex() uint64 { return s.offset() + 1 }

// LastIndex is the last index held (the snapshot's when the log is empty).
func (s *Storage) LastIndex() uint64 { return s.offset() + uint64(s.n) }

// Term returns the term of entry i.
func (s *Storage) Term(i uint64) (uint64, error) {
	// An entry held (nearly every call) in one comparison: its position
	// i-off-1 wraps past n for i <= off.
	if p := i - s.offset() - 1; p < uint64(s.n) {
		return s.at(int(p)).Term, nil
	}
	off := s.offset()
	if i < off {
		return 0, ErrCompacted
	}
	if i-off > uint64(s.n) {
		return 0, ErrUnavailable
	}
	return s.dummy.Term, nil // i == off
}

// Entries returns entries [lo, hi): a view of the stored array when they
// lie in one chunk (callers must not change it), else a copy.
func (s *Storage) Entries(lo, hi uint64) ([]Entry, error) {
	off := s.offset()
	if lo <= off {
		return nil, ErrCompacted
	}
	if hi > s.LastIndex()+1 {
		return nil, ErrUnavailable
	}
	if lo >= hi {
		return nil, nil
	}
	a, b := uint(lo-off-1), uint(hi-off-1)
	if c := a / storageChunk; (b-1)/storageChunk == c {
		i, j := a%storageChunk, a%storageChunk+b-a
		return s.chunks[c][i:j:j], nil
	}
	ents := make([]Entry, 0, b-a)
	for p := a; p < b; {
		c, i := p/storageChunk, p%storageChunk
		j := min(storageChunk, i+b-p)
		ents = append(ents, s.chunks[c][i:j]...)
		p += j - i
	}
	return ents, nil
}

// Snapshot returns the latest snapshot, its data encoded now if it was
// stored unencoded.
func (s *Storage) Snapshot() Snapshot {
	if s.encode != nil {
		s.snap.Data, s.encode = s.encode(), nil
	}
	return s.snap
}

// SnapshotIndex is the last index the snapshot covers (0: none), without
// copying the snapshot: etcd's snapshot policy reads it after every Ready.
func (s *Storage) SnapshotIndex() uint64 { return s.snap.Metadata.Index }

// Append persists entries, replacing any conflicting suffix.
func (s *Storage) Append(ents []Entry) {
	if len(ents) == 0 {
		return
	}
	// Entries right after the last one (every append of a put's entry)
	// need neither trimming nor truncation.
	if ents[0].Index != s.LastIndex()+1 {
		if ents = s.cut(ents); len(ents) == 0 {
			return
		}
	}
	// Entries that fit in the last chunk's room: nearly every append.
	if c := len(s.chunks) - 1; c >= 0 && len(ents) <= cap(s.chunks[c])-len(s.chunks[c]) {
		s.chunks[c] = appendEntries(s.chunks[c], ents)
		s.n += len(ents)
		return
	}
	for len(ents) > 0 {
		c := len(s.chunks) - 1
		if c < 0 || len(s.chunks[c]) == storageChunk {
			s.chunks = append(s.chunks, nil)
			c++
		}
		ch := s.chunks[c]
		k := min(len(ents), storageChunk-len(ch))
		if len(ch)+k > cap(ch) {
			// The first chunk grows by doubling up to a whole chunk (an
			// idle member's log stays small); the next ones are whole.
			size := storageChunk
			if c == 0 {
				size = min(max(2*(len(ch)+k), 64), storageChunk)
			}
			grown := make([]Entry, len(ch), size)
			copy(grown, ch)
			ch = grown
		}
		s.chunks[c] = appendEntries(ch, ents[:k])
		s.n += k
		ents = ents[k:]
	}
}

// cut is Append's start for entries that do not follow the last one: it
// leaves out those before the first entry held, and truncates the log
// where the rest start.
func (s *Storage) cut(ents []Entry) []Entry {
	first := s.FirstIndex()
	last := ents[0].Index + uint64(len(ents)) - 1
	if last < first {
		return nil
	}
	if first > ents[0].Index {
		ents = ents[first-ents[0].Index:]
	}
	p := int(ents[0].Index - first) // position of ents[0]
	switch {
	case p < s.n:
		s.truncate(p)
	case p > s.n:
		panic("raft: storage append leaves a gap")
	}
	return ents
}

// truncate drops the entries from position p on. The chunk it cuts into
// is copied: what Entries handed out of it stays as it was.
func (s *Storage) truncate(p int) {
	c, i := p/storageChunk, p%storageChunk
	clear(s.chunks[c+1:])
	s.chunks = s.chunks[:c+1]
	if i == 0 {
		s.chunks[c] = nil
		s.chunks = s.chunks[:c]
	} else {
		s.chunks[c] = append(make([]Entry, 0, storageChunk), s.chunks[c][:i]...)
	}
	s.n = p
}

// ApplySnapshot replaces the whole log with a snapshot received from a leader.
func (s *Storage) ApplySnapshot(snap Snapshot) error {
	if snap.Metadata.Index <= s.snap.Metadata.Index {
		return ErrSnapOutOfDate
	}
	s.snap, s.encode = snap, nil
	s.dummy = Entry{Term: snap.Metadata.Term, Index: snap.Metadata.Index}
	s.chunks, s.n = nil, 0
	return nil
}

// CreateSnapshot records the application's state at index i, which must be
// applied (etcd's --snapshot-count). Compact then drops the log before it.
func (s *Storage) CreateSnapshot(i uint64, cs ConfState, data []byte) error {
	return s.createSnapshot(i, cs, data, nil)
}

// CreateSnapshotFunc is CreateSnapshot with data encoded only when the
// snapshot is first read (Snapshot: a restart, or a snapshot sent to a
// follower), if ever. encode must give the bytes the state had at i
// whenever it is called. etcd itself never encodes its key-value store
// into its Raft snapshots: the backend is already on disk, and it is read
// only to send a follower a snapshot.
func (s *Storage) CreateSnapshotFunc(i uint64, cs ConfState, encode func() []byte) error {
	return s.createSnapshot(i, cs, nil, encode)
}

func (s *Storage) createSnapshot(i uint64, cs ConfState, data []byte, encode func() []byte) error {
	if i <= s.snap.Metadata.Index {
		return ErrSnapOutOfDate
	}
	t, err := s.Term(i)
	if err != nil {
		return err
	}
	s.snap = Snapshot{Data: data, Metadata: SnapshotMetadata{Index: i, Term: t, ConfState: cs}}
	s.encode = encode
	return nil
}

// Compact drops entries before i, keeping i as the new dummy entry. etcd
// keeps some entries behind its snapshot so that a slightly slow follower
// can catch up from the log rather than by a snapshot. The entries kept
// move to new chunks (the first position is 0 again).
func (s *Storage) Compact(i uint64) error {
	if i > s.snap.Metadata.Index {
		return ErrUnavailable
	}
	off := s.offset()
	if i <= off {
		return ErrCompacted
	}
	t, _ := s.Term(i)
	kept, _ := s.Entries(i+1, s.LastIndex()+1)
	s.dummy = Entry{Index: i, Term: t}
	s.chunks, s.n = nil, 0
	s.Append(kept)
	return nil
}
