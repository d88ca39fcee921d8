package web

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The page (web/ and wasm/) reaches the core only through core/lab, the
// public API, and core/console, the one way in for people: the core's other
// packages are free to change behind them. core/neturl is not the core but
// net/url as Go has it, which the page imported before it stood in (share
// links are URL queries); core/jsonw is encoding/json's stand-in likewise
// (Vugu's properties and DOM events, the console's saved history). Every Go file counts,
// whatever its build tags (wasm/main.go is js/wasm only) and tests included.
func TestPageImportsOnlyLabAndConsole(t *testing.T) {
	const module = "github.com/raftlab/raftlab/"
	allowed := map[string]bool{module + "core/lab": true, module + "core/console": true, module + "core/neturl": true,
		module + "core/jsonw": true}
	n := 0
	for _, dir := range []string{".", "../wasm"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			n++
			for _, im := range f.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				rest, ours := strings.CutPrefix(p, module)
				page := rest == "web" || strings.HasPrefix(rest, "web/") || rest == "wasm"
				if ours && !page && !allowed[p] {
					t.Errorf("%s imports %s: the page may import only core/lab and core/console (and core/neturl, core/jsonw)", path, p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 20 {
		t.Fatalf("found only %d Go files in web/ and wasm/", n)
	}
}
