package kube

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/jsonw/jsonwtest"
)

// Objects are stored as encoding/json wrote them and read back as it read
// them; kubectl -o json prints them as json.MarshalIndent of the generic
// value did.
func TestJSONAsEncodingJSON(t *testing.T) {
	jsonwtest.Encoding[Object](t, 300)
	jsonwtest.Decoding[Object](t, 300)
	objs := []*Object{NewNode("cp-1", "192.168.0.11", 5*time.Second), NewNodeLease("cp-1", time.Minute),
		masterLease("192.168.0.11", 3), kubernetesEndpoints([]string{"10.0.0.2", "10.0.0.1"}, time.Hour)}
	for _, o := range objs {
		want, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		got := Encode(o)
		if string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
		back, err := Decode(got, 7)
		if err != nil {
			t.Fatal(err)
		}
		var wantBack Object
		_ = json.Unmarshal(want, &wantBack)
		wantBack.Metadata.ResourceVersion = "7"
		if !reflect.DeepEqual(*back, wantBack) {
			t.Fatalf("read back %+v, want %+v", back, wantBack)
		}
		jsonwtest.Same[Object](t, want)
	}
	var generic any
	b, _ := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "List", "items": objs, "metadata": map[string]any{"resourceVersion": ""}})
	_ = json.Unmarshal(b, &generic)
	want, _ := json.MarshalIndent(generic, "", "    ")
	var w jsonw.Writer
	g, err := jsonw.UnmarshalAny(b)
	if err != nil {
		t.Fatal(err)
	}
	w.Any(g)
	if got := jsonw.Indent(w.B, "    "); string(got) != string(want) {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	for _, v := range []any{"x<", []string{"a", "b"}, 5} {
		b, _ := json.Marshal(v)
		if got, want := etcdLog("info", "m&", "k", v), `{"level":"info","msg":"m\u0026","k":`+string(b)+`}`; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}
