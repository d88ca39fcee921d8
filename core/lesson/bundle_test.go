package lesson

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// siteBundle joins the lesson files in dir as they are into a bundle,
// {"<file>": <lesson>, ...}, in reverse name order (the
// lessons' order must come from Order and ID, not from the bundle).
func siteBundle(dir string) ([]byte, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("{")
	for i := len(names) - 1; i >= 0; i-- {
		data, err := os.ReadFile(names[i])
		if err != nil {
			return nil, err
		}
		if i < len(names)-1 {
			b.WriteString(",")
		}
		b.WriteString(`"` + filepath.Base(names[i]) + `":`)
		b.Write(data)
	}
	b.WriteString("}\n")
	return []byte(b.String()), nil
}

// The site's lessons.json gives the same lessons in the same order as the
// lesson files (which native builds compile in), and a bad bundle is
// refused without replacing the lessons in use. The files are read here,
// not taken from All(): the site build (-tags servedlessons) compiles none
// in.
func TestUseBundle(t *testing.T) {
	want, err := Load(os.DirFS("lessons"))
	if err != nil || len(want) == 0 {
		t.Fatal(len(want), err)
	}
	if builtin != nil {
		if got, err := builtin(); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("compiled-in lessons differ from the files (%v)", err)
		}
	}
	b, err := siteBundle("lessons")
	if err != nil {
		t.Fatal(err)
	}
	saved := all
	defer func() { all = saved }()
	all = nil
	if err := UseBundle(b); err != nil {
		t.Fatal(err)
	}
	if got := All(); !reflect.DeepEqual(got, want) {
		t.Fatalf("bundle gave %d lessons, files %d (or they differ)", len(got), len(want))
	}
	for _, bad := range []string{"", "[]", `{"x.json": {"id": "x", "nope": 1}}`, `{"x.json": {}}`} {
		if err := UseBundle([]byte(bad)); err == nil {
			t.Errorf("bundle %q accepted", bad)
		}
		if !reflect.DeepEqual(All(), want) {
			t.Fatalf("bad bundle %q replaced the lessons", bad)
		}
	}
}

// Bundle, which site.mk's dist/lessons.json comes from, gives the lessons
// of the files, each file as encoding/json's Compact writes it, and refuses
// a file that is not JSON.
func TestBundle(t *testing.T) {
	want, err := Load(os.DirFS("lessons"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Bundle(os.DirFS("lessons"))
	if err != nil {
		t.Fatal(err)
	}
	saved := all
	defer func() { all = saved }()
	if err := UseBundle(b); err != nil {
		t.Fatal(err)
	}
	if got := All(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Bundle gave %d lessons, files %d (or they differ)", len(got), len(want))
	}
	var files map[string]json.RawMessage
	if err := json.Unmarshal(b, &files); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob("lessons/*.json")
	if len(files) != len(names) {
		t.Fatalf("bundle has %d files, lessons/ %d", len(files), len(names))
	}
	for _, n := range names {
		data, _ := os.ReadFile(n)
		var c bytes.Buffer
		if err := json.Compact(&c, data); err != nil {
			t.Fatal(err)
		}
		if got := files[filepath.Base(n)]; !bytes.Equal(got, c.Bytes()) {
			t.Errorf("%s: bundled as %.80q..., Compact gives %.80q...", n, got, c.Bytes())
		}
	}
	for _, s := range []string{`{"a" : [1, 2,	"x \" y\\\\" ],
 "b":"\u00e9 \\\" }"}`, `"  \\"`, ` [ ] `} {
		var c bytes.Buffer
		if err := json.Compact(&c, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := compact(nil, []byte(s)); !bytes.Equal(got, c.Bytes()) {
			t.Errorf("compact(%q) = %q, Compact %q", s, got, c.Bytes())
		}
	}
	if _, err := Bundle(fstest.MapFS{"x.json": {Data: []byte(`{"id": `)}}); err == nil {
		t.Error("a file that is not JSON was bundled")
	}
}
