package web

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/minijson"
)

// jsonSamples are JSON texts and strings for the minijson tests: escapes,
// surrogates paired and not, invalid UTF-8, HTML's characters, U+2028,
// numbers at encoding/json's format cutoffs, and broken input.
var jsonSamples = []string{
	``, `null`, `true`, `false`, `0`, `-0`, `1e21`, `1e-7`, `123.456e+2`, `-1.5E-3`, `01`, `1.`, `.5`, `-`, `1e`, `+1`,
	`1e400`, `"a"`, `"\u00e9\n\t\"\\\/\b\f\r"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`,
	`"\ud83d\u0041"`, `"\ud83d\uZZZZ"`, `"\u12"`, `"\x"`, "\"\xff\xfe\"", "\"a\x01\"", "\"\u2028<>&\"", `"unterminated`,
	`{}`, `[]`, `[1,2,[3,{"a":null}]]`, `{"a":1,"a":2}`, ` { "k" : [ true , false ] } `, `{"a":1,}`, `[1,]`,
	`{"a" 1}`, `{1:2}`, `[1 2]`, `nul`, `truex`, `{"position_id":"0_1","event_type":"click","capture":false,` +
		`"passive":false,"event_summary":{"isTrusted":true,"key":"Enter","target":{"value":"é <b>","checked":true,"valueAsNumber":12.5}}}`,
	"\"한국어 \\ud55c\"", `"\u0000"`, `[-0.0, 1E+2, 2e-0]`,
}

// checkUnmarshal compares minijson.Unmarshal with json.Unmarshal into an
// interface{}: both fail, or both give the same value.
func checkUnmarshal(t *testing.T, in string) {
	var want any
	werr := json.Unmarshal([]byte(in), &want)
	got, gerr := minijson.Unmarshal([]byte(in))
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("Unmarshal(%q): error %v, encoding/json's %v", in, gerr, werr)
	}
	if werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("Unmarshal(%q) = %#v, encoding/json's %#v", in, got, want)
	}
}

// checkMarshal compares minijson.Marshal with json.Marshal.
func checkMarshal(t *testing.T, v any) {
	want, werr := json.Marshal(v)
	got, gerr := minijson.Marshal(v)
	if (werr == nil) != (gerr == nil) || string(got) != string(want) {
		t.Fatalf("Marshal(%#v) = %q, %v; encoding/json's %q, %v", v, got, gerr, want, werr)
	}
}

type namedString string
type namedBool bool

// TestMiniJSONIsEncodingJSON: Vugu's properties (VGNode.AddProp) and DOM
// events (domrender) are written and read by minijson, as encoding/json
// did (the page links no encoding/json for them).
func TestMiniJSONIsEncodingJSON(t *testing.T) {
	var all strings.Builder
	for b := 0; b < 256; b++ {
		all.WriteByte(byte(b))
	}
	strs := append([]string{all.String(), "\u2028\u2029\ufffd", "<script>&amp;</script>", evil}, jsonSamples...)
	for _, s := range strs {
		checkUnmarshal(t, s)
		checkMarshal(t, s)
		checkMarshal(t, namedString(s))
		js, _ := json.Marshal(s) // a string's own JSON, read back
		checkUnmarshal(t, string(js))
	}
	for _, v := range []any{nil, true, false, namedBool(true)} {
		checkMarshal(t, v)
	}
	for _, v := range []any{0, 1.5, []int{1}, map[string]int{}, struct{}{}, &struct{}{}, json.RawMessage(`1`)} {
		if _, err := minijson.Marshal(v); err == nil {
			t.Errorf("Marshal(%#v): no error for a type it does not write", v)
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

// FuzzMiniJSON compares minijson with encoding/json on any input: as a
// JSON text to read, and as a string to write.
func FuzzMiniJSON(f *testing.F) {
	for _, s := range jsonSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkUnmarshal(t, s)
		checkMarshal(t, s)
	})
}
