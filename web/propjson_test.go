package web

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/vugu/vugu"
)

// pageJSONSamples are JSON texts and strings for the page's JSON (Vugu's
// properties and DOM events): escapes, surrogates paired and not, invalid
// UTF-8, HTML's characters, U+2028, numbers, broken input, and an event as
// Vugu's renderer writes it.
var pageJSONSamples = []string{
	``, `null`, `true`, `false`, `0`, `-0`, `1e21`, `1e-7`, `123.456e+2`, `-1.5E-3`, `01`, `1.`, `.5`, `-`, `1e`, `+1`,
	`1e400`, `"a"`, `"\u00e9\n\t\"\\\/\b\f\r"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`,
	`"\ud83d\u0041"`, `"\ud83d\uZZZZ"`, `"\u12"`, `"\x"`, "\"\xff\xfe\"", "\"a\x01\"", "\"\u2028<>&\"", `"unterminated`,
	`{}`, `[]`, `[1,2,[3,{"a":null}]]`, `{"a":1,"a":2}`, ` { "k" : [ true , false ] } `, `{"a":1,}`, `[1,]`,
	`{"a" 1}`, `{1:2}`, `[1 2]`, `nul`, `truex`, "0\x00", `{"position_id":"0_1","event_type":"click","capture":false,` +
		`"passive":false,"event_summary":{"isTrusted":true,"key":"Enter","target":{"value":"é <b>","checked":true,"valueAsNumber":12.5}}}`,
	"\"한국어 \\ud55c\"", `"\u0000"`, `[-0.0, 1E+2, 2e-0]`,
}

// checkEventJSON compares what the page reads a DOM event with
// (domrender.EventJSON, wasm/main.go: jsonw.UnmarshalAny) with
// json.Unmarshal into an interface{}: both fail, or both give the same
// value.
func checkEventJSON(t *testing.T, in string) {
	var want any
	werr := json.Unmarshal([]byte(in), &want)
	got, gerr := jsonw.UnmarshalAny([]byte(in))
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("UnmarshalAny(%q): error %v, encoding/json's %v", in, gerr, werr)
	}
	if werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("UnmarshalAny(%q) = %#v, encoding/json's %#v", in, got, want)
	}
}

// checkPropJSON compares vugu.PropJSON (propJSON) with json.Marshal.
func checkPropJSON(t *testing.T, v any) {
	want, _ := json.Marshal(v)
	got, err := vugu.PropJSON(v)
	if err != nil || string(got) != string(want) {
		t.Fatalf("PropJSON(%#v) = %q, %v; encoding/json's %q", v, got, err, want)
	}
}

// TestPageJSONIsEncodingJSON: Vugu's properties (VGNode.AddProp) and DOM
// events (domrender) are written and read as encoding/json did, by the
// page's one JSON codec, core/jsonw.
func TestPageJSONIsEncodingJSON(t *testing.T) {
	var all strings.Builder
	for b := 0; b < 256; b++ {
		all.WriteByte(byte(b))
	}
	strs := append([]string{all.String(), "\u2028\u2029\ufffd", "<script>&amp;</script>", evil}, pageJSONSamples...)
	for _, s := range strs {
		checkEventJSON(t, s)
		checkPropJSON(t, s)
		js, _ := json.Marshal(s) // a string's own JSON, read back
		checkEventJSON(t, string(js))
	}
	checkPropJSON(t, true)
	checkPropJSON(t, false)
	for _, v := range []any{nil, 0, 1.5, []int{1}, struct{}{}} {
		if _, err := vugu.PropJSON(v); err == nil {
			t.Errorf("PropJSON(%#v): no error for a value templates do not set", v)
		}
	}
	// AddProp writes the JSON Vugu's renderer hands to JSON.parse.
	var n vugu.VGNode
	n.AddProp("value", evil)
	n.AddProp("checked", true)
	if len(n.Prop) != 2 || string(n.Prop[0].JSONVal) != `"\u003cimg src=x onerror=alert(1)\u003e"` || string(n.Prop[1].JSONVal) != "true" {
		t.Errorf("AddProp wrote %q", n.Prop)
	}
}

// FuzzPageJSON compares the page's JSON with encoding/json on any input:
// as a DOM event's JSON to read, and as a property's string to write.
func FuzzPageJSON(f *testing.F) {
	for _, s := range pageJSONSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkEventJSON(t, s)
		checkPropJSON(t, s)
	})
}
