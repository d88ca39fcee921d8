package catalog

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/raftlab/raftlab/core/jsonw"
)

// The bundle is encoding/json's bytes of the messages and reads back as it
// read them.
func TestBundleJSONAsEncodingJSON(t *testing.T) {
	ms := map[string]Message{"b": {EN: "<b>", KO: "한"}, "a": {EN: "\u2028"}, "": {}}
	want, _ := json.Marshal(ms)
	if got := string(jsonw.Marshal(bundleMessages(ms))); got != string(want) {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	for _, c := range []string{string(want), `null`, `{"a":{"en":"x","EN":"y","zz":1},"b":5,"c":null}`, `{"a":{"en":1}}`, `[`, `{"a":[]}`} {
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
