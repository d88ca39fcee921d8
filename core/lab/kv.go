package lab

import (
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/etcdserver"
)

// KV is one key as a member sees it in its applied state.
type KV struct {
	Key, Value                           string
	CreateRevision, ModRevision, Version int64
	Lease                                int64
}

// KV returns every key in a member's applied state (what a serializable
// read there answers), with its store revision: a stale, partitioned member
// shows older data. It fails for an unknown member and is empty for one
// that is down.
func (l *Lab) KV(member string) ([]KV, int64, error) {
	id, err := l.id(member)
	if err != nil {
		return nil, 0, err
	}
	m := l.w.Member(id)
	srv, ok := m.App.(*etcdserver.Server)
	if !m.Up() || !ok {
		return nil, 0, nil
	}
	st := srv.Store()
	resp, err := st.Range(&etcdpb.RangeRequest{Key: []byte{0}, RangeEnd: []byte{0}})
	if err != nil {
		return nil, st.Rev(), err
	}
	out := make([]KV, len(resp.Kvs))
	for i, kv := range resp.Kvs {
		out[i] = KV{Key: string(kv.Key), Value: string(kv.Value), CreateRevision: kv.CreateRevision,
			ModRevision: kv.ModRevision, Version: kv.Version, Lease: kv.Lease}
	}
	return out, st.Rev(), nil
}

// Revision is a member's store revision (0 when it is down or unknown):
// how far its applied state has come.
func (l *Lab) Revision(member string) int64 {
	id, err := l.id(member)
	if err != nil {
		return 0
	}
	m := l.w.Member(id)
	if srv, ok := m.App.(*etcdserver.Server); ok && m.Up() {
		return srv.Store().Rev()
	}
	return 0
}
