package etcdserver

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"testing"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/jsonw/jsonwtest"
)

// Entries, conf change contexts and snapshots are encoding/json's bytes,
// and read back as encoding/json reads them.
func TestJSONAsEncodingJSON(t *testing.T) {
	const n = 300
	jsonwtest.Encoding[Member](t, n)
	jsonwtest.Encoding[MemberAttrSetRequest](t, n)
	jsonwtest.Encoding[RequestHeader](t, n)
	jsonwtest.Encoding[AuthRaftRequest](t, n)
	jsonwtest.Encoding[InternalRaftRequest](t, n)
	jsonwtest.Decoding[Member](t, n)
	jsonwtest.Decoding[MemberAttrSetRequest](t, n)
	jsonwtest.Decoding[RequestHeader](t, n)
	jsonwtest.Decoding[AuthRaftRequest](t, n)
	jsonwtest.Decoding[InternalRaftRequest](t, n)
}

// rawSnapshot and rawFileBody are the snapshots as encoding/json had them,
// with json.RawMessage for the nested documents.
type rawSnapshot struct {
	Store           json.RawMessage       `json:"store"`
	Leases          json.RawMessage       `json:"leases"`
	Members         []*Member             `json:"members"`
	Removed         []uint64              `json:"removed,omitempty"`
	Alarms          []*etcdpb.AlarmMember `json:"alarms,omitempty"`
	ConsistentIndex uint64                `json:"consistent_index"`
	DbSize          int64                 `json:"db_size"`
	Auth            json.RawMessage       `json:"auth,omitempty"`
}

type rawFileBody struct {
	Store           json.RawMessage       `json:"store"`
	Leases          json.RawMessage       `json:"leases"`
	ConsistentIndex uint64                `json:"consistent_index"`
	Members         []*Member             `json:"members,omitempty"`
	Removed         []uint64              `json:"removed,omitempty"`
	Auth            json.RawMessage       `json:"auth,omitempty"`
	Alarms          []*etcdpb.AlarmMember `json:"alarms,omitempty"`
}

func TestSnapshotJSONAsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	raws := []json.RawMessage{nil, json.RawMessage(`{"leases":[]}`), json.RawMessage(`0`), json.RawMessage(`{"a":[1,{"b":"\u003c"}]}`)}
	for i := 0; i < 300; i++ {
		var sn serverSnapshot
		jsonwtest.Fill(r, &sn)
		sn.Store, sn.Leases, sn.Auth = raws[r.Intn(4)], raws[r.Intn(4)], raws[r.Intn(4)]
		want, err := json.Marshal(rawSnapshot{sn.Store, sn.Leases, sn.Members, sn.Removed, sn.Alarms, sn.ConsistentIndex, sn.DbSize, sn.Auth})
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonw.Marshal(&sn); string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
		var back serverSnapshot
		var wantBack rawSnapshot
		if err := jsonw.Unmarshal(want, &back); err != nil {
			t.Fatal(err)
		}
		_ = json.Unmarshal(want, &wantBack)
		if !reflect.DeepEqual(rawSnapshot{back.Store, back.Leases, back.Members, back.Removed, back.Alarms, back.ConsistentIndex, back.DbSize, back.Auth}, wantBack) {
			t.Fatalf("%s read back as %+v", want, back)
		}

		var fb snapFileBody
		jsonwtest.Fill(r, &fb)
		fb.Store, fb.Leases, fb.Auth = raws[r.Intn(4)], raws[r.Intn(4)], raws[r.Intn(4)]
		want, _ = json.Marshal(rawFileBody{fb.Store, fb.Leases, fb.ConsistentIndex, fb.Members, fb.Removed, fb.Auth, fb.Alarms})
		if got := jsonw.Marshal(&fb); string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
		var fback snapFileBody
		var fwant rawFileBody
		if err := jsonw.Unmarshal(want, &fback); err != nil {
			t.Fatal(err)
		}
		_ = json.Unmarshal(want, &fwant)
		if !reflect.DeepEqual(rawFileBody{fback.Store, fback.Leases, fback.ConsistentIndex, fback.Members, fback.Removed, fback.Auth, fback.Alarms}, fwant) {
			t.Fatalf("%s read back as %+v", want, fback)
		}
	}
}

// An entry that is not a plain put (a put with a user's header, as every
// put once auth is enabled) decodes on the apply path of every member:
// jsonw against encoding/json, which decoded it before.
func BenchmarkUnmarshalEntry(b *testing.B) {
	r := &InternalRaftRequest{ID: 1 << 60, Header: &RequestHeader{Username: "root", AuthRevision: 3},
		Put: &etcdpb.PutRequest{Key: []byte("some/key"), Value: []byte("some value"), Lease: 7}}
	data := r.Marshal()
	b.Run("jsonw", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, ok := UnmarshalRequest(data); !ok {
				b.Fatal("unreadable")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var x InternalRaftRequest
			if err := json.Unmarshal(data, &x); err != nil {
				b.Fatal(err)
			}
		}
	})
}
