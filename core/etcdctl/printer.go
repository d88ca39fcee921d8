package etcdctl

import (
	"cmp"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/jsonw"
)

// printer is etcdctl's display: one of simple, json, fields, table,
// protobuf. Methods that a format does not support exit with
// "<format> not supported as output format" (ExitBadFeature), as
// etcdctl's printerUnsupported does.
type printer struct {
	_         [0]func() // not comparable: no generated equality in the page
	r         *runner
	kind      string
	isHex     bool
	valueOnly bool
}

// newPrinter returns the runner's printer set for kind, or nil for an
// unknown kind (the runner holds it: one allocation less per command).
func (r *runner) newPrinter(kind string, isHex bool) *printer {
	switch kind {
	case "simple", "json", "fields", "table", "protobuf":
		r.pr = printer{r: r, kind: kind, isHex: isHex}
		return &r.pr
	}
	return nil
}

func (p *printer) unsupported() {
	p.r.exitWithError(ExitBadFeature, errors.New(p.kind+" not supported as output format"))
}

// json prints v as encoding/json writes it (core/jsonw).
func (p *printer) json(v jsonw.Encoder) {
	p.r.println(string(jsonw.Marshal(v)))
}

// rpc is printerRPC: json prints the response, protobuf its wire
// encoding (printPB), fields/simple are handled by the caller, table
// refuses.
func (p *printer) rpc(v any) bool {
	switch p.kind {
	case "json":
		p.json(v.(jsonw.Encoder))
		return true
	case "protobuf":
		p.protobuf(v)
		return true
	case "table":
		p.unsupported()
	}
	return false
}

// protobuf is printPB: the response's Marshal, raw on stdout. clientv3's
// lease responses embed *ResponseHeader, whose Marshal they inherit: only
// the header is printed for them, as etcdctl does.
func (p *printer) protobuf(v any) {
	switch r := v.(type) {
	case *leaseGrantResponse:
		v = r.ResponseHeader
	case *leaseKeepAliveResponse:
		v = r.ResponseHeader
	case *leaseTimeToLiveResponse:
		v = r.ResponseHeader
	case *leaseLeasesResponse:
		v = r.ResponseHeader
	case *watchResponse:
		h := r.Header
		v = &pb.WatchResponse{Header: &h, Events: r.Events, CompactRevision: r.CompactRevision, Canceled: r.Canceled, Created: r.Created}
	}
	if h, ok := v.(*pb.ResponseHeader); ok && h == nil {
		return
	}
	b, ok := pb.MarshalProto(v)
	if !ok {
		p.r.exitWithError(ExitBadFeature, fmt.Errorf("marshal unsupported for type %T (%v)", v, v))
	}
	fmt.Fprintf(p.r.stdout, "%s", b)
}

func addHexPrefix(s string) string {
	ns := make([]byte, len(s)*2)
	for i := 0; i < len(s); i += 2 {
		ns[i*2] = '\\'
		ns[i*2+1] = 'x'
		ns[i*2+2] = s[i]
		ns[i*2+3] = s[i+1]
	}
	return string(ns)
}

func (p *printer) printKV(kv *pb.KeyValue) {
	k, v := string(kv.Key), string(kv.Value)
	if p.isHex {
		k = addHexPrefix(hex.EncodeToString(kv.Key))
		v = addHexPrefix(hex.EncodeToString(kv.Value))
	}
	if !p.valueOnly {
		p.r.println(k)
	}
	p.r.println(v)
}

// ---- fields helpers ----

func (p *printer) fkv(pfx string, kv *pb.KeyValue) {
	p.r.printf("\"%sKey\" : %q\n", pfx, string(kv.Key))
	p.r.printf("\"%sCreateRevision\" : %d\n", pfx, kv.CreateRevision)
	p.r.printf("\"%sModRevision\" : %d\n", pfx, kv.ModRevision)
	p.r.printf("\"%sVersion\" : %d\n", pfx, kv.Version)
	p.r.printf("\"%sValue\" : %q\n", pfx, string(kv.Value))
	p.r.printf("\"%sLease\" : %d\n", pfx, kv.Lease)
}

func (p *printer) hdr(h *pb.ResponseHeader) {
	if h == nil {
		h = &pb.ResponseHeader{}
	}
	p.r.println(`"ClusterID" :`, h.ClusterId)
	p.r.println(`"MemberID" :`, h.MemberId)
	// etcdctl 3.4.23 (the recording) prints Revision even when 0.
	p.r.println(`"Revision" :`, h.Revision)
	p.r.println(`"RaftTerm" :`, h.RaftTerm)
}

// ---- KV ----

func (p *printer) Del(r *pb.DeleteRangeResponse) {
	if p.rpc(r) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		p.r.println(`"Deleted" :`, r.Deleted)
		for _, kv := range r.PrevKvs {
			p.fkv("Prev", kv)
		}
		return
	}
	p.r.println(r.Deleted)
	for _, kv := range r.PrevKvs {
		p.printKV(kv)
	}
}

func (p *printer) Get(r *pb.RangeResponse) {
	if p.rpc(r) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		for _, kv := range r.Kvs {
			p.fkv("", kv)
		}
		p.r.println(`"More" :`, r.More)
		p.r.println(`"Count" :`, r.Count)
		return
	}
	for _, kv := range r.Kvs {
		p.printKV(kv)
	}
}

func (p *printer) Put(r *pb.PutResponse) {
	if p.rpc(r) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		if r.PrevKv != nil {
			p.fkv("Prev", r.PrevKv)
		}
		return
	}
	io.WriteString(p.r.stdout, "OK\n")
	if r.PrevKv != nil {
		p.printKV(r.PrevKv)
	}
}

func (p *printer) Txn(r *pb.TxnResponse) {
	if p.rpc(r) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		p.r.println(`"Succeeded" :`, r.Succeeded)
		for _, resp := range r.Responses {
			switch v := resp.Response.(type) {
			case *pb.ResponseOp_ResponseDeleteRange:
				p.Del(v.ResponseDeleteRange)
			case *pb.ResponseOp_ResponsePut:
				p.Put(v.ResponsePut)
			case *pb.ResponseOp_ResponseRange:
				p.Get(v.ResponseRange)
			default:
				p.r.printf("\"Unknown\" : %q\n", fmt.Sprintf("%+v", v))
			}
		}
		return
	}
	if r.Succeeded {
		p.r.println("SUCCESS")
	} else {
		p.r.println("FAILURE")
	}
	for _, resp := range r.Responses {
		p.r.println("")
		switch v := resp.Response.(type) {
		case *pb.ResponseOp_ResponseDeleteRange:
			p.Del(v.ResponseDeleteRange)
		case *pb.ResponseOp_ResponsePut:
			p.Put(v.ResponsePut)
		case *pb.ResponseOp_ResponseRange:
			p.Get(v.ResponseRange)
		default:
			p.r.printf("unexpected response %+v\n", resp)
		}
	}
}

// watchResponse is clientv3.WatchResponse as encoding/json renders it.
type watchResponse struct {
	Header          pb.ResponseHeader
	Events          []*pb.Event
	CompactRevision int64
	Canceled        bool
	Created         bool
}

func (p *printer) Watch(r *pb.WatchResponse) {
	// clientv3 copies the events into a new slice: never null in JSON.
	wr := watchResponse{Events: append([]*pb.Event{}, r.Events...), CompactRevision: r.CompactRevision, Canceled: r.Canceled, Created: r.Created}
	if r.Header != nil {
		wr.Header = *r.Header
	}
	if p.rpc(&wr) {
		return
	}
	if p.kind == "fields" {
		p.hdr(&wr.Header)
		for _, e := range r.Events {
			p.r.println(`"Type" :`, e.Type)
			if e.PrevKv != nil {
				p.fkv("Prev", e.PrevKv)
			}
			p.fkv("", kvOrEmpty(e.Kv))
		}
		return
	}
	for _, e := range r.Events {
		p.r.println(e.Type)
		if e.PrevKv != nil {
			p.printKV(e.PrevKv)
		}
		p.printKV(kvOrEmpty(e.Kv))
	}
}

func kvOrEmpty(kv *pb.KeyValue) *pb.KeyValue {
	if kv == nil {
		return &pb.KeyValue{}
	}
	return kv
}

// ---- lease (clientv3 types, whose json embeds the header) ----

type leaseGrantResponse struct {
	_ [0]func() // not comparable: no generated equality in the page
	*pb.ResponseHeader
	ID    int64
	TTL   int64
	Error string
}

type leaseKeepAliveResponse struct {
	*pb.ResponseHeader
	ID  int64
	TTL int64
}

type leaseTimeToLiveResponse struct {
	*pb.ResponseHeader
	ID         int64    `json:"id"`
	TTL        int64    `json:"ttl"`
	GrantedTTL int64    `json:"granted-ttl"`
	Keys       [][]byte `json:"keys"`
}

type leaseStatus struct {
	ID int64 `json:"id"`
}

type leaseLeasesResponse struct {
	*pb.ResponseHeader
	Leases []leaseStatus `json:"leases"`
}

func (p *printer) Grant(r *pb.LeaseGrantResponse) {
	if p.rpc(&leaseGrantResponse{ResponseHeader: r.Header, ID: r.ID, TTL: r.TTL, Error: r.Error}) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		p.r.println(`"ID" :`, r.ID)
		p.r.println(`"TTL" :`, r.TTL)
		return
	}
	p.r.printf("lease %016x granted with TTL(%ds)\n", r.ID, r.TTL)
}

func (p *printer) Revoke(id int64, r *pb.LeaseRevokeResponse) {
	if p.rpc(r) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		return
	}
	p.r.printf("lease %016x revoked\n", id)
}

func (p *printer) KeepAlive(r *pb.LeaseKeepAliveResponse) {
	if p.rpc(&leaseKeepAliveResponse{r.Header, r.ID, r.TTL}) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		p.r.println(`"ID" :`, r.ID)
		p.r.println(`"TTL" :`, r.TTL)
		return
	}
	p.r.printf("lease %016x keepalived with TTL(%d)\n", r.ID, r.TTL)
}

func (p *printer) TimeToLive(r *pb.LeaseTimeToLiveResponse, keys bool) {
	if p.rpc(&leaseTimeToLiveResponse{r.Header, r.ID, r.TTL, r.GrantedTTL, r.Keys}) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		p.r.println(`"ID" :`, r.ID)
		p.r.println(`"TTL" :`, r.TTL)
		p.r.println(`"GrantedTTL" :`, r.GrantedTTL)
		for _, k := range r.Keys {
			p.r.printf("\"Key\" : %q\n", string(k))
		}
		return
	}
	if r.GrantedTTL == 0 && r.TTL == -1 {
		p.r.printf("lease %016x already expired\n", r.ID)
		return
	}
	txt := fmt.Sprintf("lease %016x granted with TTL(%ds), remaining(%ds)", r.ID, r.GrantedTTL, r.TTL)
	if keys {
		ks := make([]string, len(r.Keys))
		for i := range r.Keys {
			ks[i] = string(r.Keys[i])
		}
		txt += fmt.Sprintf(", attached keys(%v)", ks)
	}
	p.r.println(txt)
}

func (p *printer) Leases(r *pb.LeaseLeasesResponse) {
	ll := leaseLeasesResponse{ResponseHeader: r.Header, Leases: []leaseStatus{}}
	for _, l := range r.Leases {
		ll.Leases = append(ll.Leases, leaseStatus{l.ID})
	}
	if p.rpc(&ll) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		for _, item := range r.Leases {
			p.r.println(`"ID" :`, item.ID)
		}
		return
	}
	p.r.printf("found %d leases\n", len(r.Leases))
	for _, item := range r.Leases {
		p.r.printf("%016x\n", item.ID)
	}
}

// ---- cluster ----

func sortedMembers(ms []*pb.Member) []*pb.Member {
	out := append([]*pb.Member(nil), ms...)
	ptrsort.StableFunc(out, func(a, b **pb.Member) int { return cmp.Compare((*a).ID, (*b).ID) })
	return out
}

func makeMemberListTable(members []*pb.Member) (hdr []string, rows [][]string) {
	// Rows are appended to nil rather than written as []string literals:
	// a literal's [6]string backing array, allocated, linked that array
	// type's generated equality into the page (as [10]string below).
	hdr = append([]string(nil), "ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner")
	for _, m := range members {
		status := "started"
		if len(m.Name) == 0 {
			status = "unstarted"
		}
		isLearner := "false"
		if m.IsLearner {
			isLearner = "true"
		}
		rows = append(rows, append([]string(nil),
			fmt.Sprintf("%x", m.ID),
			status,
			m.Name,
			strings.Join(m.PeerURLs, ","),
			strings.Join(m.ClientURLs, ","),
			isLearner,
		))
	}
	return hdr, rows
}

func (p *printer) MemberList(r *pb.MemberListResponse) {
	ms := sortedMembers(r.Members)
	switch p.kind {
	case "json":
		if p.isHex {
			p.memberListWithHexJSON(r, ms)
			return
		}
		rr := *r
		rr.Members = ms
		p.json(&rr)
	case "protobuf":
		rr := *r
		rr.Members = ms
		p.protobuf(&rr)
	case "table":
		hdr, rows := makeMemberListTable(ms)
		p.r.stdout.Write([]byte(renderTable(hdr, rows)))
	case "fields":
		p.hdr(r.Header)
		for _, m := range ms {
			p.r.println(`"ID" :`, m.ID)
			p.r.printf("\"Name\" : %q\n", m.Name)
			for _, u := range m.PeerURLs {
				p.r.printf("\"PeerURL\" : %q\n", u)
			}
			for _, u := range m.ClientURLs {
				p.r.printf("\"ClientURL\" : %q\n", u)
			}
			p.r.println(`"IsLearner" :`, m.IsLearner)
			p.r.println()
		}
	default:
		_, rows := makeMemberListTable(ms)
		for _, row := range rows {
			p.r.println(strings.Join(row, ", "))
		}
	}
}

// memberListWithHexJSON is printMemberListWithHexJSON of etcdctl 3.5.
func (p *printer) memberListWithHexJSON(r *pb.MemberListResponse, ms []*pb.Member) {
	h := r.Header
	if h == nil {
		h = &pb.ResponseHeader{}
	}
	var b strings.Builder
	b.WriteString("{\"header\":{\"cluster_id\":\"")
	b.WriteString(strconv.FormatUint(h.ClusterId, 16))
	b.WriteString("\",\"member_id\":\"")
	b.WriteString(strconv.FormatUint(h.MemberId, 16))
	b.WriteString("\",\"raft_term\":")
	b.WriteString(strconv.FormatUint(h.RaftTerm, 10))
	for i, m := range ms {
		if i == 0 {
			b.WriteString("},\"members\":[{\"ID\":\"")
		} else {
			b.WriteString(",{\"ID\":\"")
		}
		b.WriteString(strconv.FormatUint(m.ID, 16))
		b.WriteString("\",\"name\":\"" + m.Name + "\"," + "\"peerURLs\":")
		b.Write(jsonw.Marshal(jsonw.Func(func(w *jsonw.Writer) { w.Strings(m.PeerURLs) })))
		b.WriteString(",\"clientURLS\":")
		b.Write(jsonw.Marshal(jsonw.Func(func(w *jsonw.Writer) { w.Strings(m.ClientURLs) })))
		b.WriteByte('}')
		if i == len(ms)-1 {
			b.WriteString("]}")
		}
	}
	p.r.println(b.String())
}

func (p *printer) MemberAdd(r *pb.MemberAddResponse) {
	if p.rpc(r) {
		return
	}
	if p.kind == "fields" {
		p.unsupported()
	}
	// etcdctl 3.5.17 says the same for learners (3.6 adds "as learner").
	p.r.printf("Member %16x added to cluster %16x\n", r.Member.ID, hdrOf(r.Header).ClusterId)
}

func hdrOf(h *pb.ResponseHeader) *pb.ResponseHeader {
	if h == nil {
		return &pb.ResponseHeader{}
	}
	return h
}

func (p *printer) MemberRemove(id uint64, r *pb.MemberRemoveResponse) {
	p.memberChanged(r, r.Header, "removed from", id)
}

func (p *printer) MemberUpdate(id uint64, r *pb.MemberUpdateResponse) {
	p.memberChanged(r, r.Header, "updated in", id)
}

func (p *printer) MemberPromote(id uint64, r *pb.MemberPromoteResponse) {
	p.memberChanged(r, r.Header, "promoted in", id)
}

// memberChanged prints "Member <id> <verb> cluster <cluster id>", as
// etcdctl's simple printer does for member remove, update and promote.
func (p *printer) memberChanged(r any, h *pb.ResponseHeader, verb string, id uint64) {
	if p.rpc(r) {
		return
	}
	if p.kind == "fields" {
		p.unsupported()
	}
	p.r.printf("Member %16x %s cluster %16x\n", id, verb, hdrOf(h).ClusterId)
}

// ---- maintenance ----

type epHealth struct {
	_      [0]func() // not comparable: no generated equality in the page
	Ep     string    `json:"endpoint"`
	Health bool      `json:"health"`
	Took   string    `json:"took"`
	Error  string    `json:"error,omitempty"`
}

type epStatus struct {
	_    [0]func()          // not comparable: no generated equality in the page
	Ep   string             `json:"Endpoint"`
	Resp *pb.StatusResponse `json:"Status"`
}

type epHashKV struct {
	_    [0]func()          // not comparable: no generated equality in the page
	Ep   string             `json:"Endpoint"`
	Resp *pb.HashKVResponse `json:"HashKV"`
}

func (p *printer) EndpointHealth(hs []epHealth) {
	switch p.kind {
	case "json":
		p.json(jsonw.Func(func(w *jsonw.Writer) { jsonw.Values(w, hs) }))
	case "table":
		hdr := []string{"endpoint", "health", "took", "error"}
		var rows [][]string
		for _, h := range hs {
			rows = append(rows, []string{h.Ep, fmt.Sprintf("%v", h.Health), h.Took, h.Error})
		}
		p.r.stdout.Write([]byte(renderTable(hdr, rows)))
	case "fields":
		for _, h := range hs {
			p.r.printf("\"Endpoint\" : %q\n", h.Ep)
			p.r.println(`"Health" :`, h.Health)
			p.r.println(`"Took" :`, h.Took)
			p.r.println(`"Error" :`, h.Error)
			p.r.println()
		}
	case "protobuf":
		p.unsupported()
	default:
		for _, h := range hs {
			if h.Error == "" {
				p.r.printf("%s is healthy: successfully committed proposal: took = %v\n", h.Ep, h.Took)
			} else {
				fmt.Fprintf(p.r.stderr, "%s is unhealthy: failed to commit proposal: %v\n", h.Ep, h.Error)
			}
		}
	}
}

func makeEndpointStatusTable(statusList []epStatus) (hdr []string, rows [][]string) {
	hdr = append([]string(nil), "endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term",
		"raft index", "raft applied index", "errors")
	for _, status := range statusList {
		h := hdrOf(status.Resp.Header)
		rows = append(rows, append([]string(nil),
			status.Ep,
			fmt.Sprintf("%x", h.MemberId),
			status.Resp.Version,
			humanizeBytes(uint64(status.Resp.DbSize)),
			fmt.Sprint(status.Resp.Leader == h.MemberId),
			fmt.Sprint(status.Resp.IsLearner),
			fmt.Sprint(status.Resp.RaftTerm),
			fmt.Sprint(status.Resp.RaftIndex),
			fmt.Sprint(status.Resp.RaftAppliedIndex),
			fmt.Sprint(strings.Join(status.Resp.Errors, ", ")),
		))
	}
	return hdr, rows
}

func (p *printer) EndpointStatus(eps []epStatus) {
	switch p.kind {
	case "json":
		p.json(jsonw.Func(func(w *jsonw.Writer) { jsonw.Values(w, eps) }))
	case "table":
		hdr, rows := makeEndpointStatusTable(eps)
		p.r.stdout.Write([]byte(renderTable(hdr, rows)))
	case "fields":
		for _, ep := range eps {
			p.hdr(ep.Resp.Header)
			p.r.printf("\"Version\" : %q\n", ep.Resp.Version)
			p.r.println(`"DBSize" :`, ep.Resp.DbSize)
			p.r.println(`"Leader" :`, ep.Resp.Leader)
			p.r.println(`"IsLearner" :`, ep.Resp.IsLearner)
			p.r.println(`"RaftIndex" :`, ep.Resp.RaftIndex)
			p.r.println(`"RaftTerm" :`, ep.Resp.RaftTerm)
			p.r.println(`"RaftAppliedIndex" :`, ep.Resp.RaftAppliedIndex)
			p.r.println(`"Errors" :`, ep.Resp.Errors)
			p.r.printf("\"Endpoint\" : %q\n", ep.Ep)
			p.r.println()
		}
	case "protobuf":
		p.unsupported()
	default:
		_, rows := makeEndpointStatusTable(eps)
		for _, row := range rows {
			p.r.println(strings.Join(row, ", "))
		}
	}
}

func (p *printer) EndpointHashKV(hs []epHashKV) {
	hdr := []string{"endpoint", "hash"}
	var rows [][]string
	for _, h := range hs {
		rows = append(rows, []string{h.Ep, fmt.Sprint(h.Resp.Hash)})
	}
	switch p.kind {
	case "json":
		p.json(jsonw.Func(func(w *jsonw.Writer) { jsonw.Values(w, hs) }))
	case "table":
		p.r.stdout.Write([]byte(renderTable(hdr, rows)))
	case "fields":
		for _, h := range hs {
			p.hdr(h.Resp.Header)
			p.r.printf("\"Endpoint\" : %q\n", h.Ep)
			p.r.println(`"Hash" :`, h.Resp.Hash)
			p.r.println()
		}
	case "protobuf":
		p.unsupported()
	default:
		for _, row := range rows {
			p.r.println(strings.Join(row, ", "))
		}
	}
}

func (p *printer) Alarm(r *pb.AlarmResponse) {
	if p.rpc(r) {
		return
	}
	if p.kind == "fields" {
		p.hdr(r.Header)
		for _, a := range r.Alarms {
			p.r.println(`"MemberID" :`, a.MemberID)
			p.r.println(`"AlarmType" :`, a.Alarm)
			p.r.println()
		}
		return
	}
	for _, a := range r.Alarms {
		// fmt "%+v" of *pb.AlarmMember is gogo's compact text format.
		s := ""
		if a.MemberID != 0 {
			s += fmt.Sprintf("memberID:%d ", a.MemberID)
		}
		if a.Alarm != pb.AlarmNone {
			s += fmt.Sprintf("alarm:%s ", a.Alarm)
		}
		p.r.println(s)
	}
}

func (p *printer) MoveLeader(leader, target uint64, r *pb.MoveLeaderResponse) {
	if p.kind == "fields" {
		p.unsupported()
	}
	if p.rpc(r) {
		return
	}
	p.r.printf("Leadership transferred from %x to %x\n", leader, target)
}

// snapshotStatus is etcdutl's snapshot.Status.
type snapshotStatus struct {
	_         [0]func() // not comparable: no generated equality in the page
	Hash      uint32    `json:"hash"`
	Revision  int64     `json:"revision"`
	TotalKey  int       `json:"totalKey"`
	TotalSize int64     `json:"totalSize"`
}

func (p *printer) DBStatus(ds snapshotStatus) {
	hdr := []string{"hash", "revision", "total keys", "total size"}
	rows := [][]string{{
		fmt.Sprintf("%x", ds.Hash),
		fmt.Sprint(ds.Revision),
		fmt.Sprint(ds.TotalKey),
		humanizeBytes(uint64(ds.TotalSize)),
	}}
	switch p.kind {
	case "json":
		p.json(&ds)
	case "table":
		p.r.stdout.Write([]byte(renderTable(hdr, rows)))
	case "fields":
		p.r.println(`"Hash" :`, ds.Hash)
		p.r.println(`"Revision" :`, ds.Revision)
		p.r.println(`"Keys" :`, ds.TotalKey)
		p.r.println(`"Size" :`, ds.TotalSize)
	case "protobuf":
		p.unsupported()
	default:
		p.r.println(strings.Join(rows[0], ", "))
	}
}

// humanizeBytes is go-humanize's Bytes (SI units).
func humanizeBytes(s uint64) string {
	sizes := []string{"B", "kB", "MB", "GB", "TB", "PB", "EB"}
	if s < 10 {
		return fmt.Sprintf("%d B", s)
	}
	e := math.Floor(math.Log(float64(s)) / math.Log(1000))
	suffix := sizes[int(e)]
	val := math.Floor(float64(s)/math.Pow(1000, e)*10+0.5) / 10
	f := "%.0f %s"
	if val < 10 {
		f = "%.1f %s"
	}
	return fmt.Sprintf(f, val, suffix)
}
