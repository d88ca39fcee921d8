package lesson

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// siteBundle joins the lesson files in dir as site.mk writes
// dist/lessons.json, {"<file>": <lesson>, ...}, in reverse name order (the
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
