// Command vugujs writes Vugu's DOM helper script (domrender's jsHelperScript)
// to a file, so that it can be served as an external script.
//
// Why: domrender.New installs the helper with window.eval, which the site's
// Content-Security-Policy forbids (no 'unsafe-eval'). The page loads the
// extracted file with a <script src> before Go starts; the script defines
// window.vuguRender, and wasm/main.go stubs eval out for the duration of
// domrender.New (the helper starts with "if(window.vuguRender)return;", so
// skipping the eval changes nothing). The file is extracted from the very
// module version the wasm is built against, at every build.
//
//	go run ./web/internal/vugujs -o dist/vugu-render.js
package main

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	out := flag.String("o", "", "output file")
	src := flag.String("src", "", "domrender/renderer-js-script.go (default: from `go list -m github.com/vugu/vugu`)")
	flag.Parse()
	if err := run(*out, *src); err != nil {
		fmt.Fprintln(os.Stderr, "vugujs:", err)
		os.Exit(1)
	}
}

func run(out, src string) error {
	if out == "" {
		return errors.New("-o is required")
	}
	if src == "" {
		dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/vugu/vugu").Output()
		if err != nil {
			return fmt.Errorf("go list -m github.com/vugu/vugu: %w", err)
		}
		src = filepath.Join(strings.TrimSpace(string(dir)), "domrender", "renderer-js-script.go")
	}
	script, err := extract(src)
	if err != nil {
		return err
	}
	header := "// Vugu DOM helper (github.com/vugu/vugu/domrender jsHelperScript), extracted at build time; MIT license.\n"
	return os.WriteFile(out, []byte(header+script+"\n"), 0o644)
}

// extract returns the value of the string constant jsHelperScript in file src.
func extract(src string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), src, nil, 0)
	if err != nil {
		return "", err
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if n.Name != "jsHelperScript" || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return "", errors.New("jsHelperScript is not a string literal")
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return "", err
				}
				if !strings.HasPrefix(s, "(function(){if(window.vuguRender)return;") {
					return "", errors.New("jsHelperScript no longer starts with the vuguRender guard (the page loads it once, before main.wasm)")
				}
				return s, nil
			}
		}
	}
	return "", fmt.Errorf("no const jsHelperScript in %s", src)
}
