package catalog

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/raftlab/raftlab/core/jsonw"
)

// The bundle is encoding/json's bytes of the messages, each English text
// equal to its key left out, and reads back as encoding/json read them,
// an English text left out being the key.
func TestBundleJSONAsEncodingJSON(t *testing.T) {
	ms := map[string]Message{"b": {EN: "<b>", KO: "한"}, "a": {EN: "\u2028"}, "": {}, "same": {EN: "same", KO: "같음"}}
	type short struct {
		EN string `json:"en,omitempty"`
		KO string `json:"ko"`
	}
	shorts := map[string]short{}
	for k, m := range ms {
		if m.EN == k {
			m.EN = ""
		}
		shorts[k] = short(m)
	}
	want, _ := json.Marshal(shorts)
	if got := string(jsonw.Marshal(bundleMessages(ms))); got != string(want) {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	var back bundleMessages
	if err := jsonw.Unmarshal(want, &back); err != nil || !reflect.DeepEqual(map[string]Message(back), ms) {
		t.Fatalf("read back %v (%v), want %v", back, err, ms)
	}
	// With every English text given, as encoding/json reads it.
	for _, c := range []string{`{"a":{"en":"<b>","ko":"x"}}`, `null`, `{"a":{"en":"x","EN":"y","zz":1},"b":5,"c":null}`, `{"a":{"en":1}}`, `[`, `{"a":[]}`, `{"a":{"en":""}}`} {
		var got bundleMessages
		var wantM map[string]Message
		gerr := jsonw.Unmarshal([]byte(c), &got)
		werr := json.Unmarshal([]byte(c), &wantM)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("%q: error %v, encoding/json %v", c, gerr, werr)
		}
		if !reflect.DeepEqual(map[string]Message(got), wantM) {
			t.Fatalf("%q: %v, want %v", c, got, wantM)
		}
	}
}
