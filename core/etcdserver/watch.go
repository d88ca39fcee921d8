package etcdserver

import (
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/mvcc"
)

// watch is one client watcher on this member's store. The server keeps
// what it needs to re-create it on a new store (after a snapshot from the
// leader): the range, the options and the next revision to deliver.
type watch struct {
	id      int64 // the ID the client sees
	storeID int64 // the mvcc watcher's ID in the current store
	req     etcdpb.WatchCreateRequest
	send    func(*etcdpb.WatchResponse)
	nextRev int64
	created bool
	done    bool
}

// Watch opens a watch on this member's store (etcd's watch stream, one
// watcher): first a created response, then the history from
// StartRevision, then live events as this member applies writes, in
// revision order, never duplicated, without gaps. A start revision below
// the compaction gives a canceled response with CompactRevision. On a
// crash of the member the watch just stops (the client resumes it
// elsewhere). send is called from the simulator's event processing.
func (s *Server) Watch(req *etcdpb.WatchCreateRequest, send func(*etcdpb.WatchResponse)) (cancel func()) {
	// A watch on keys the caller (see AsUser) may not read is created and
	// canceled at once with etcd's reason, as etcd's watch server does.
	err := s.auth.IsPermitted(s.caller, req.Key, req.RangeEnd, false)
	if err != nil {
		id := s.watchSeq
		s.watchSeq++
		reason := "rpc error: code = PermissionDenied desc = " + etcdpb.ErrPermissionDenied.Error()
		s.m.After(0, func() {
			send(&etcdpb.WatchResponse{Header: s.header(), WatchId: id, Created: true, Canceled: true, CancelReason: reason})
		})
		return func() {}
	}
	s.watchSeq++
	w := &watch{id: s.watchSeq - 1, req: *req, send: send, nextRev: req.StartRevision}
	if w.nextRev <= 0 {
		w.nextRev = s.store.Rev() + 1
	}
	s.watches[w.id] = w
	s.waits = true
	if err := s.register(w); err != nil {
		// etcd answers a bad range with a created-and-canceled response.
		delete(s.watches, w.id)
		w.done = true
		reason := err.Error()
		s.m.After(0, func() {
			send(&etcdpb.WatchResponse{Header: s.header(), WatchId: w.id, Created: true, Canceled: true, CancelReason: reason})
		})
		return func() {}
	}
	s.m.After(0, s.flushWatches)
	return func() {
		if w.done {
			return
		}
		w.done = true
		delete(s.watches, w.id)
		s.store.CancelWatch(w.storeID)
	}
}

func (s *Server) register(w *watch) error {
	var filters []mvcc.WatchFilter
	if w.req.NoPut {
		filters = append(filters, mvcc.FilterNoPut)
	}
	if w.req.NoDelete {
		filters = append(filters, mvcc.FilterNoDelete)
	}
	id, err := s.store.Watch(w.req.Key, w.req.RangeEnd, w.nextRev, w.req.PrevKv, filters...)
	if err != nil {
		return err
	}
	w.storeID = id
	return nil
}

// rewatch moves every watch to a new store from its next revision.
func (s *Server) rewatch() {
	for _, id := range s.watchIDs() {
		w := s.watches[id]
		if err := s.register(w); err != nil {
			delete(s.watches, id)
			w.done = true
		}
	}
}

func (s *Server) watchIDs() []int64 {
	if len(s.watches) == 0 {
		return nil // after every Ready: most members have no watch
	}
	return keys.SortedInt64(s.watches)
}

// flushWatches sends each watch its pending events (after each Ready).
func (s *Server) flushWatches() {
	for _, id := range s.watchIDs() {
		w := s.watches[id]
		if w == nil || w.done {
			continue
		}
		if !w.created {
			w.created = true
			w.send(&etcdpb.WatchResponse{Header: s.header(), WatchId: w.id, Created: true})
			if w.done {
				continue
			}
		}
		resp := s.store.WatchEvents(w.storeID)
		if resp == nil {
			continue
		}
		resp.WatchId = w.id
		resp.Header = s.fill(resp.Header)
		if resp.Canceled {
			// etcd: the watcher is canceled with the compaction revision
			// (clientv3 turns that into ErrCompacted; no cancel reason),
			// under a header of revision 0 (mvcc sends no revision there).
			resp.Header = s.clusterHeader()
			delete(s.watches, id)
			w.done = true
			w.send(resp)
			continue
		}
		w.nextRev = resp.Events[len(resp.Events)-1].Kv.ModRevision + 1
		w.send(resp)
	}
}
