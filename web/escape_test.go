package web

import (
	"go/parser"
	"go/token"
	"html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vugu/vugu"
)

// TestEscapeIsHTMLEscapeString: the islands' esc and Vugu's SetInnerHTML
// (third_party/vugu) escape exactly as html.EscapeString, which the page no
// longer imports: every byte, runes, and already-escaped text.
func TestEscapeIsHTMLEscapeString(t *testing.T) {
	var all strings.Builder
	for b := 0; b < 256; b++ {
		all.WriteByte(byte(b))
	}
	in := []string{"", all.String(), `<a href="x">'&amp;'</a>`, "한국어 <b>&", "&&&<<<>>>'''\"\"\"", evil}
	for _, s := range in {
		want := html.EscapeString(s)
		if got := esc(s); got != want {
			t.Errorf("esc(%q) = %q, want %q", s, got, want)
		}
		var n vugu.VGNode
		n.SetInnerHTML(s)
		if n.InnerHTML == nil || *n.InnerHTML != want {
			t.Errorf("SetInnerHTML(%q) = %v, want %q", s, n.InnerHTML, want)
		}
		n.SetInnerHTML(stringer(s))
		if n.InnerHTML == nil || *n.InnerHTML != want {
			t.Errorf("SetInnerHTML(Stringer %q) = %v, want %q", s, n.InnerHTML, want)
		}
	}
}

type stringer string

func (s stringer) String() string { return string(s) }

// TestPageImportsNeitherHTMLNorLog: package html's initialisation (its
// named character references) and package log's (its standard logger, whose
// output formats the wall-clock date) would come back into main.wasm with
// any import of them by the page, its generated code or the Vugu it links
// (tests may use them).
func TestPageImportsNeitherHTMLNorLog(t *testing.T) {
	var files []string
	for _, g := range []string{"*.go", "../wasm/*.go", "../third_party/vugu/*.go", "../third_party/vugu/domrender/*.go", "../third_party/vugu/js/*.go"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("found only %d files", len(files))
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		pf, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range pf.Imports {
			if im.Path.Value == `"html"` || im.Path.Value == `"log"` {
				t.Errorf("%s imports %s", f, im.Path.Value)
			}
		}
	}
}
