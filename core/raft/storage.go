package raft

// Storage is a member's disk: the durable part of its state (term, vote,
// commit, the log and the latest snapshot). It survives a crash; everything
// else in Raft does not. The caller writes to it from each Ready before
// sending that Ready's messages.
type Storage struct {
	hard HardState
	snap Snapshot
	// ents[0] is a dummy entry at the snapshot's index and term.
	ents []Entry
}

// NewStorage returns an empty disk.
func NewStorage() *Storage { return &Storage{ents: make([]Entry, 1)} }

// InitialState returns the persisted HardState and membership.
func (s *Storage) InitialState() (HardState, ConfState) { return s.hard, s.snap.Metadata.ConfState }

// SetHardState persists term, vote and commit.
func (s *Storage) SetHardState(h HardState) { s.hard = h }

// HardState returns the persisted term, vote and commit.
func (s *Storage) HardState() HardState { return s.hard }

func (s *Storage) offset() uint64 { return s.ents[0].Index }

// FirstIndex is the first index still held as an entry.
func (s *Storage) FirstIndex() uint64 { return s.offset() + 1 }

// LastIndex is the last index held (the snapshot's when the log is empty).
func (s *Storage) LastIndex() uint64 { return s.offset() + uint64(len(s.ents)) - 1 }

// Term returns the term of entry i.
func (s *Storage) Term(i uint64) (uint64, error) {
	off := s.offset()
	if i < off {
		return 0, ErrCompacted
	}
	if i-off >= uint64(len(s.ents)) {
		return 0, ErrUnavailable
	}
	return s.ents[i-off].Term, nil
}

// Entries returns entries [lo, hi).
func (s *Storage) Entries(lo, hi uint64) ([]Entry, error) {
	off := s.offset()
	if lo <= off {
		return nil, ErrCompacted
	}
	if hi > s.LastIndex()+1 {
		return nil, ErrUnavailable
	}
	return s.ents[lo-off : hi-off], nil
}

// Snapshot returns the latest snapshot.
func (s *Storage) Snapshot() Snapshot { return s.snap }

// SnapshotIndex is the last index the snapshot covers (0: none), without
// copying the snapshot: etcd's snapshot policy reads it after every Ready.
func (s *Storage) SnapshotIndex() uint64 { return s.snap.Metadata.Index }

// Append persists entries, replacing any conflicting suffix.
func (s *Storage) Append(ents []Entry) {
	if len(ents) == 0 {
		return
	}
	first := s.FirstIndex()
	last := ents[0].Index + uint64(len(ents)) - 1
	if last < first {
		return
	}
	if first > ents[0].Index {
		ents = ents[first-ents[0].Index:]
	}
	off := ents[0].Index - s.offset()
	switch {
	case uint64(len(s.ents)) > off:
		s.ents = append(append([]Entry{}, s.ents[:off]...), ents...)
	case uint64(len(s.ents)) == off:
		if n := len(s.ents) + len(ents); n > cap(s.ents) {
			// Doubled, not append's 1.25x past 256 entries: a log
			// thousands of entries long was copied about four times per
			// entry on its way up (and as much garbage to collect).
			grown := make([]Entry, len(s.ents), max(2*n, 64))
			copy(grown, s.ents)
			s.ents = grown
		}
		s.ents = append(s.ents, ents...)
	default:
		panic("raft: storage append leaves a gap")
	}
}

// ApplySnapshot replaces the whole log with a snapshot received from a leader.
func (s *Storage) ApplySnapshot(snap Snapshot) error {
	if snap.Metadata.Index <= s.snap.Metadata.Index {
		return ErrSnapOutOfDate
	}
	s.snap = snap
	s.ents = []Entry{{Term: snap.Metadata.Term, Index: snap.Metadata.Index}}
	return nil
}

// CreateSnapshot records the application's state at index i, which must be
// applied (etcd's --snapshot-count). Compact then drops the log before it.
func (s *Storage) CreateSnapshot(i uint64, cs ConfState, data []byte) error {
	if i <= s.snap.Metadata.Index {
		return ErrSnapOutOfDate
	}
	t, err := s.Term(i)
	if err != nil {
		return err
	}
	s.snap = Snapshot{Data: data, Metadata: SnapshotMetadata{Index: i, Term: t, ConfState: cs}}
	return nil
}

// Compact drops entries before i, keeping i as the new dummy entry. etcd
// keeps some entries behind its snapshot so that a slightly slow follower
// can catch up from the log rather than by a snapshot.
func (s *Storage) Compact(i uint64) error {
	if i > s.snap.Metadata.Index {
		return ErrUnavailable
	}
	off := s.offset()
	if i <= off {
		return ErrCompacted
	}
	keep := 1 + uint64(len(s.ents)) - (i - off)
	// Room for as many entries as were dropped (up to 64k): with a
	// snapshot every N entries, the log grows back to its size without
	// being copied again and again on the way.
	ents := make([]Entry, 1, keep+min(i-off, 1<<16))
	ents[0] = Entry{Index: i, Term: s.ents[i-off].Term}
	s.ents = append(ents, s.ents[i-off+1:]...)
	return nil
}
