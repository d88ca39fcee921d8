package lesson

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The site's lessons.json (site.mk joins the files as {"name": lesson, ...})
// gives the same lessons in the same order as the compiled-in files, and a
// bad bundle is refused without replacing the lessons in use.
func TestUseBundle(t *testing.T) {
	want := All()
	names, err := filepath.Glob("lessons/*.json")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	var b strings.Builder
	b.WriteString("{")
	for i := len(names) - 1; i >= 0; i-- { // reversed: order comes from Order and ID
		data, err := os.ReadFile(names[i])
		if err != nil {
			t.Fatal(err)
		}
		if i < len(names)-1 {
			b.WriteString(",")
		}
		b.WriteString(`"` + filepath.Base(names[i]) + `":`)
		b.Write(data)
	}
	b.WriteString("}\n")
	defer func() { all = want }()
	all = nil
	if err := UseBundle([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	if got := All(); !reflect.DeepEqual(got, want) {
		t.Fatalf("bundle gave %d lessons, files %d (or they differ)", len(got), len(want))
	}
	for _, bad := range []string{"", "[]", `{"x.json": {"id": "x", "nope": 1}}`, `{"x.json": {}}`} {
		if err := UseBundle([]byte(bad)); err == nil {
			t.Errorf("bundle %q accepted", bad)
		}
		if len(All()) != len(want) {
			t.Fatalf("bad bundle %q replaced the lessons", bad)
		}
	}
}
