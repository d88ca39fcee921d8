package lesson

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/raftlab/raftlab/core/jsonw"
)

// UnmarshalJSON is the method Line had for encoding/json, which the test
// compares with: a string is Console, an object Comment.
func (l *Line) UnmarshalJSON(b []byte) error {
	*l = Line{}
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, &l.Comment)
	}
	return json.Unmarshal(b, &l.Console)
}

// Lesson files read as a json.Decoder with DisallowUnknownFields read
// them: every lesson, and cut and mutated copies, give the same lesson and
// the same error.
func TestLessonJSONAsEncodingJSON(t *testing.T) {
	names, _ := filepath.Glob("lessons/*.json")
	if len(names) == 0 {
		t.Fatal("no lessons")
	}
	r := rand.New(rand.NewSource(1))
	same := func(b []byte) {
		t.Helper()
		var got, want Lesson
		gerr := jsonw.DecodeFirst(b, &got, true)
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		werr := dec.Decode(&want)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("%.200q: error %v, encoding/json %v", b, gerr, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%.200q: lessons differ:\n%+v\n%+v", b, got, want)
		}
	}
	const bytes = `{}[]":,0-1.e"ntfa\ x`
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		same(b)
		for i := 0; i < 100; i++ {
			c := append([]byte(nil), b...)
			c[r.Intn(len(c))] = bytes[r.Intn(len(bytes))]
			same(c)
			same(b[:r.Intn(len(b))])
		}
	}
	for _, c := range []string{`{"id":5}`, `{"ID":"x","Order":"1"}`, `{"steps":[{"solution":["$ x",5,{"en":1}]}],"order":"z"}`,
		`{"order":"z","steps":[{"solution":[{"en":1,"ko":[]}]}]}`, `{"steps":[{"checks":[{"min":"1","sizes":[1,"2"]}]}]}`,
		`{"setup":{"seeds":[1,2.5]},"tests":{"alt":[["a"],[1]]}}`, `{"nope":1}`, `{"steps":[{"hints":[{"after_s":"1"}]}]}`} {
		same([]byte(c))
	}
}

// The site's bundle reads as encoding/json read it into a map of
// json.RawMessage.
func TestBundleJSONAsEncodingJSON(t *testing.T) {
	for _, c := range []string{`{}`, `null`, `{"a.json":{"id":"x"},"b.json":null,"a.json":[1]}`, `[]`, `{"a":1`} {
		var got bundle
		var want map[string]json.RawMessage
		gerr := jsonw.Unmarshal([]byte(c), &got)
		werr := json.Unmarshal([]byte(c), &want)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("%q: error %v, encoding/json %v", c, gerr, werr)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %v, want %v", c, got, want)
		}
		for k, v := range want {
			if string(got[k]) != string(v) {
				t.Fatalf("%q: %q is %q, want %q", c, k, got[k], v)
			}
		}
	}
}
