package etcdctl

import (
	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/jsonw"
)

// What `etcdctl -w json` prints of etcdctl's own types, as encoding/json
// writes them (embedded headers flattened), through core/jsonw.

// header writes the fields of an embedded *ResponseHeader, as
// encoding/json flattens them into the embedding struct.
func header(w *jsonw.Writer, h *pb.ResponseHeader) {
	if h != nil {
		w.OmitUint("cluster_id", h.ClusterId)
		w.OmitUint("member_id", h.MemberId)
		w.OmitInt("revision", h.Revision)
		w.OmitUint("raft_term", h.RaftTerm)
	}
}

func (x *leaseGrantResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	header(w, x.ResponseHeader)
	w.Key("ID")
	w.Int(x.ID)
	w.Key("TTL")
	w.Int(x.TTL)
	w.Key("Error")
	w.String(x.Error)
	w.End()
}

func (x *leaseKeepAliveResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	header(w, x.ResponseHeader)
	w.Key("ID")
	w.Int(x.ID)
	w.Key("TTL")
	w.Int(x.TTL)
	w.End()
}

func (x *leaseTimeToLiveResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	header(w, x.ResponseHeader)
	w.Key("id")
	w.Int(x.ID)
	w.Key("ttl")
	w.Int(x.TTL)
	w.Key("granted-ttl")
	w.Int(x.GrantedTTL)
	w.Key("keys")
	if x.Keys == nil {
		w.Null()
	} else {
		w.Array()
		for _, k := range x.Keys {
			w.Bytes(k)
		}
		w.EndArray()
	}
	w.End()
}

func (x *leaseStatus) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("id")
	w.Int(x.ID)
	w.End()
}

func (x *leaseLeasesResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	header(w, x.ResponseHeader)
	w.Key("leases")
	jsonw.Values(w, x.Leases)
	w.End()
}

func (x *watchResponse) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("Header")
	x.Header.EncodeJSON(w)
	w.Key("Events")
	jsonw.List(w, x.Events)
	w.Key("CompactRevision")
	w.Int(x.CompactRevision)
	w.Key("Canceled")
	w.Bool(x.Canceled)
	w.Key("Created")
	w.Bool(x.Created)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *epHealth) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("endpoint")
	w.String(x.Ep)
	w.Key("health")
	w.Bool(x.Health)
	w.Key("took")
	w.String(x.Took)
	w.OmitString("error", x.Error)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *epStatus) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("Endpoint")
	w.String(x.Ep)
	w.Key("Status")
	if x.Resp == nil {
		w.Null()
	} else {
		x.Resp.EncodeJSON(w)
	}
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *epHashKV) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("Endpoint")
	w.String(x.Ep)
	w.Key("HashKV")
	if x.Resp == nil {
		w.Null()
	} else {
		x.Resp.EncodeJSON(w)
	}
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *snapshotStatus) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("hash")
	w.Uint(uint64(x.Hash))
	w.Key("revision")
	w.Int(x.Revision)
	w.Key("totalKey")
	w.Int(int64(x.TotalKey))
	w.Key("totalSize")
	w.Int(x.TotalSize)
	w.End()
}
