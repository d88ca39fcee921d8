// Command pageoverlay writes the `go build -overlay` file the page is built
// with (site.mk), and the wasm tests that check the runtime the page ships
// (Makefile): under it the Go runtime is compiled without what the page
// can never run (runtime.go: the execution tracer; the runtime's own
// GODEBUG settings, each read as its default; types from more than one
// module; profiles and goroutine leak detection, which the page never asks
// for; cgo, which js/wasm does not have; the scavenger, whose releasing
// of memory js/wasm makes a no-op; synctest bubbles, which only
// testing/synctest makes), internal/godebug is a stand-in with every
// setting at its default (godebug.go), internal/synctest finds no
// bubble, reflect has no method values (the page makes none), and fmt's
// two sorts and strconv.IsPrint run on code the page links anyway
// (std.go).
//
//	pageoverlay -goroot "$(go env GOROOT)" -dir dist/.build/pageoverlay
//
// writes the page's copy of each file it changes under dir, at its path
// under GOROOT/src (dir/runtime/proc.go...), and dir/overlay.json. The
// overlay is for js/wasm builds only (its debug defaults are js's).
//
// Each edit is made on the installed toolchain's own files each build, and
// only if they read exactly as expected: a Go release that changes them
// makes pageoverlay fail, so the patch is looked at again instead of
// silently applied to code it was not written for. Every line of a runtime
// file keeps its number, so a traceback's file:line still points into the
// toolchain's source.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	goroot := flag.String("goroot", "", "the toolchain's GOROOT (go env GOROOT)")
	dir := flag.String("dir", "", "directory for overlay.json and the edited file")
	flag.Parse()
	if *goroot == "" || *dir == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(*goroot, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "pageoverlay:", err)
		os.Exit(1)
	}
}

// A replacement is a file of the toolchain's source (path, under
// GOROOT/src) and how the page's copy is made from it; make fails when the
// original does not read as expected.
type replacement struct {
	path string
	make func(orig, src string) (string, error)
}

var replacements = []replacement{
	{"internal/godebug/godebug.go", standInGodebug},
}

// write makes the page's copy of each file it changes in dir, at its path
// under GOROOT/src, and dir/overlay.json naming them in the originals'
// place: replacements, then funcEdits, then fold on every file of
// package runtime. Files are written only when their bytes change, so make
// and go's cache see no change otherwise.
func write(goroot, dir string) error {
	src := filepath.Join(goroot, "src")
	page := map[string]string{} // path under src: the page's text
	read := func(path string) (string, error) {
		if text, ok := page[path]; ok {
			return text, nil
		}
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(path)))
		return string(b), err
	}
	for _, r := range replacements {
		text, err := read(r.path)
		if err != nil {
			return err
		}
		orig := filepath.Join(src, filepath.FromSlash(r.path))
		if page[r.path], err = r.make(orig, text); err != nil {
			return fmt.Errorf("%s: %w", orig, err)
		}
	}
	for _, check := range premises {
		if err := check(src); err != nil {
			return err
		}
	}
	for _, e := range allEdits() {
		text, err := read(e.file)
		if err != nil {
			return err
		}
		if page[e.file], err = applyFuncEdit(text, e); err != nil {
			return err
		}
	}
	runtime1, err := os.ReadFile(filepath.Join(src, "runtime", "runtime1.go"))
	if err != nil {
		return err
	}
	if err := checkDebugDefaults(string(runtime1)); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(src, "runtime", "*.go"))
	if err != nil {
		return err
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		path := "runtime/" + filepath.Base(file)
		text, err := read(path)
		if err != nil {
			return err
		}
		folded, n, err := fold(path, text)
		if err != nil {
			return err
		}
		if n > 0 {
			page[path] = folded
		}
	}

	replace := map[string]string{}
	for path, text := range page {
		orig, err := filepath.Abs(filepath.Join(src, filepath.FromSlash(path)))
		if err != nil {
			return err
		}
		file, err := filepath.Abs(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := writeIfChanged(file, []byte(text)); err != nil {
			return err
		}
		replace[orig] = file
	}
	overlay, err := json.MarshalIndent(struct{ Replace map[string]string }{replace}, "", "\t")
	if err != nil {
		return err
	}
	return writeIfChanged(filepath.Join(dir, "overlay.json"), append(overlay, '\n'))
}

// allEdits are funcEdits (the runtime's) and stdEdits (other packages').
func allEdits() []funcEdit {
	return append(slices.Clip(funcEdits), stdEdits...)
}

func writeIfChanged(name string, b []byte) error {
	if old, err := os.ReadFile(name); err == nil && string(old) == string(b) {
		return nil
	}
	return os.WriteFile(name, b, 0o644)
}
