package mvcc

import (
	"bytes"
	"errors"

	"github.com/raftlab/raftlab/core/etcdpb"
	mapkeys "github.com/raftlab/raftlab/core/internal/keys"
)

// ErrEmptyWatcherRange is etcd's mvcc.ErrEmptyWatcherRange (a range end not
// after the key). etcd's gRPC layer returns it as the cancel_reason of a
// created-and-canceled WatchResponse.
var ErrEmptyWatcherRange = errors.New("mvcc: watcher range is empty")

// WatchFilter drops events of one type (etcd's WatchCreateRequest filters).
type WatchFilter int

const (
	FilterNoPut WatchFilter = iota + 1
	FilterNoDelete
)

type watcher struct {
	id       int64
	key, end []byte // end normalized as for Range
	minRev   int64  // first revision this watcher delivers
	prevKV   bool
	noPut    bool
	noDelete bool

	events     []*etcdpb.Event
	compactRev int64 // > 0: canceled because startRev was compacted
}

func (w *watcher) accepts(ev *etcdpb.Event) bool {
	if ev.Kv.ModRevision < w.minRev || !inRange(ev.Kv.Key, w.key, w.end) {
		return false
	}
	if (ev.Type == etcdpb.PUT && w.noPut) || (ev.Type == etcdpb.DELETE && w.noDelete) {
		return false
	}
	return true
}

// event turns a record into the event etcd sends: a DELETE carries a
// KeyValue with the key and the delete revision as mod_revision only.
// prev_kv is the key at rev-1 when still available (etcd reads it when it
// sends the event; a compacted revision gives none).
func (s *Store) event(h *keyHist, r *record, prevKV bool) *etcdpb.Event {
	ev := &etcdpb.Event{Type: etcdpb.PUT}
	if r.tomb() {
		ev.Type = etcdpb.DELETE
		ev.Kv = &etcdpb.KeyValue{Key: append([]byte(nil), h.key...), ModRevision: r.main}
	} else {
		ev.Kv = h.copyKV(r)
	}
	// etcd skips the lookup for a create event (put with version 1)
	if prevKV && !(ev.Type == etcdpb.PUT && ev.Kv.Version == 1) && r.main-1 >= s.compactRev {
		ev.PrevKv = s.get(h.key, r.main-1)
	}
	return ev
}

// Watch creates a watcher on [key, end) (end as for Range: empty = the key,
// "\x00" = every key >= key). startRev 0 (or a future revision) watches
// from the next revision; an earlier startRev first replays the history from
// startRev. If startRev is below the compaction revision the watcher is
// canceled at once and its first WatchEvents answer carries Canceled and
// CompactRevision, as etcd does. IDs start at 0 like etcd's watch streams.
func (s *Store) Watch(key, end []byte, startRev int64, prevKV bool, filters ...WatchFilter) (int64, error) {
	e := normEnd(end)
	if len(e) != 0 && bytes.Compare(key, e) >= 0 {
		return -1, ErrEmptyWatcherRange
	}
	w := &watcher{
		id:     s.nextWatchID,
		key:    append([]byte(nil), key...),
		end:    e,
		prevKV: prevKV,
	}
	if e != nil {
		w.end = append([]byte{}, e...)
	}
	for _, f := range filters {
		switch f {
		case FilterNoPut:
			w.noPut = true
		case FilterNoDelete:
			w.noDelete = true
		}
	}
	s.nextWatchID++
	s.watchers[w.id] = w
	if startRev < 0 {
		startRev = 1
	}

	if startRev == 0 || startRev > s.rev {
		// synced (etcd's watchable_store.watch)
		w.minRev = s.rev + 1
		if startRev > w.minRev {
			w.minRev = startRev
		}
		return w.id, nil
	}
	w.minRev = startRev
	if startRev < s.compactRev {
		w.compactRev = s.compactRev
		return w.id, nil
	}
	// replay history in revision order
	var recs []ref
	i, _ := s.find(w.key)
	for ; i < len(s.keys); i++ {
		h := s.keys[i]
		if !inRange(h.key, w.key, w.end) {
			break
		}
		for j := range h.len() {
			if r := h.rec(j); r.main >= startRev {
				recs = append(recs, ref{h, r})
			}
		}
	}
	sortRefs(recs)
	for _, x := range recs {
		ev := s.event(x.h, x.r, w.prevKV)
		if w.accepts(ev) {
			w.events = append(w.events, ev)
		}
	}
	return w.id, nil
}

// notify hands the changes of a finished write txn to every watcher
// (etcd's synced watchers get them at once). Called after s.rev is raised.
func (s *Store) notify(changes []change) {
	if len(s.watchers) == 0 {
		return
	}
	ids := mapkeys.SortedInt64(s.watchers)
	for i := range changes {
		for _, id := range ids {
			w := s.watchers[id]
			if w.compactRev > 0 {
				continue
			}
			ev := s.event(changes[i].h, changes[i].rec(), w.prevKV)
			if w.accepts(ev) {
				w.events = append(w.events, ev)
			}
		}
	}
}

// Pending is the number of events waiting for WatchEvents (-1 for an
// unknown watcher).
func (s *Store) Pending(id int64) int {
	w := s.watchers[id]
	if w == nil {
		return -1
	}
	return len(w.events)
}

// WatchEvents returns and clears the events waiting on a watcher, in
// revision order, or nil when there are none or the watcher is unknown.
// A watcher canceled by compaction answers once with Canceled and
// CompactRevision and is then gone.
func (s *Store) WatchEvents(id int64) *etcdpb.WatchResponse {
	w := s.watchers[id]
	if w == nil {
		return nil
	}
	hdr := &etcdpb.ResponseHeader{Revision: s.rev}
	if w.compactRev > 0 {
		delete(s.watchers, id)
		return &etcdpb.WatchResponse{Header: hdr, WatchId: id, Canceled: true, CompactRevision: w.compactRev}
	}
	if len(w.events) == 0 {
		return nil
	}
	evs := w.events
	w.events = nil
	return &etcdpb.WatchResponse{Header: hdr, WatchId: id, Events: evs}
}

// CancelWatch removes a watcher; false if it did not exist.
func (s *Store) CancelWatch(id int64) bool {
	if s.watchers[id] == nil {
		return false
	}
	delete(s.watchers, id)
	return true
}

// Watchers lists the IDs of live watchers, sorted.
func (s *Store) Watchers() []int64 {
	ids := mapkeys.SortedInt64(s.watchers)
	return ids
}
