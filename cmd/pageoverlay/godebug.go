package main

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The page's internal/godebug is a stand-in in which every setting has its
// default. internal/godebug's initialisation alone linked its $GODEBUG
// parser, internal/bisect (its bisect=… matchers) and, through the
// non-default counters it registers with the runtime, runtime/metrics'
// tables into main.wasm (internal/godebug is imported by package time,
// which every package uses): 29.6 kB of gzip -9 with net/url already gone.
//
// Why every setting is its default in the page: the browser starts the
// wasm with no environment (wasm_exec.js's env is {}), so no $GODEBUG, and
// the build has no default GODEBUG either (go.mod's go 1.26 on Go 1.26, no
// //go:debug lines; TestPageHasNoDefaultGODEBUG checks `go list`). Nothing
// in the page reads runtime/metrics, whose counters IncNonDefault feeds.
// (make test-wasm runs under the same overlay: a GODEBUG set for those
// tests, which Node's runner passes on, is ignored by the packages that ask
// internal/godebug, as it is in the page.)
// The packages the page links that ask are time (asynctimerchan) and
// math/rand (randautoseed, randseednop, for its global functions).

// godebugAPI is internal/godebug's exported API as the stand-in provides
// it: pageoverlay refuses a toolchain whose godebug.go declares another.
var godebugAPI = []string{"New", "Setting", "Setting.IncNonDefault", "Setting.Name", "Setting.String", "Setting.Undocumented", "Setting.Value"}

const godebugStandIn = `// Package godebug is raftlab's page's stand-in for internal/godebug,
// written by cmd/pageoverlay (see its godebug.go): every setting has its
// default value, "", as the page has no $GODEBUG and no default GODEBUG.
package godebug

// A Setting is a single setting in the $GODEBUG environment variable.
type Setting struct{ name string }

// New returns a new Setting for the $GODEBUG setting with the given name.
func New(name string) *Setting { return &Setting{name: name} }

// Name returns the name of the setting.
func (s *Setting) Name() string {
	if s.name != "" && s.name[0] == '#' {
		return s.name[1:]
	}
	return s.name
}

// Undocumented reports whether this is an undocumented setting.
func (s *Setting) Undocumented() bool { return s.name != "" && s.name[0] == '#' }

// String returns a printable form for the setting: name=value.
func (s *Setting) String() string { return s.Name() + "=" + s.Value() }

// IncNonDefault counts nothing: nothing in the page reads runtime/metrics.
func (s *Setting) IncNonDefault() {}

// Value is the setting's default, "".
func (s *Setting) Value() string { return "" }
`

// standInGodebug returns the stand-in for orig, the toolchain's
// internal/godebug/godebug.go, if the package is that one file and declares
// the API the stand-in provides.
func standInGodebug(orig, src string) (string, error) {
	if err := godebugFiles(filepath.Dir(orig)); err != nil {
		return "", err
	}
	if err := checkGodebug(src); err != nil {
		return "", err
	}
	return godebugStandIn, nil
}

// checkGodebug fails unless src (the toolchain's internal/godebug/godebug.go)
// declares exactly godebugAPI.
func checkGodebug(src string) error {
	f, err := parser.ParseFile(token.NewFileSet(), "godebug.go", src, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	var api []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			name := d.Name.Name
			if d.Recv != nil {
				t := d.Recv.List[0].Type
				if s, ok := t.(*ast.StarExpr); ok {
					t = s.X
				}
				id, ok := t.(*ast.Ident)
				if !ok || !id.IsExported() {
					continue
				}
				name = id.Name + "." + name
			}
			api = append(api, name)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						api = append(api, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							api = append(api, n.Name)
						}
					}
				}
			}
		}
	}
	slices.Sort(api)
	if !slices.Equal(api, godebugAPI) {
		return errors.New("internal/godebug's API is not what pageoverlay's stand-in provides (Go changed it?): " + strings.Join(api, ", "))
	}
	return nil
}

// godebugFiles fails unless godebug.go is internal/godebug's one file
// besides its tests: another could use what the stand-in leaves out.
func godebugFiles(dir string) error {
	des, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var files []string
	for _, de := range des {
		if n := de.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			files = append(files, n)
		}
	}
	if !slices.Equal(files, []string{"godebug.go"}) {
		return errors.New(dir + " has files " + strings.Join(files, ", ") + " (Go changed it?): pageoverlay's stand-in replaces godebug.go alone")
	}
	return nil
}
