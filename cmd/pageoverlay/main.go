// Command pageoverlay writes the `go build -overlay` file the page is built
// with (site.mk), and the wasm tests that check the runtime the page ships
// (Makefile): under it the Go runtime is compiled without its execution
// tracer, and internal/godebug is a stand-in with every setting at its
// default (godebug.go).
//
//	pageoverlay -goroot "$(go env GOROOT)" -dir dist/.build/pageoverlay
//
// writes dir/traceruntime.go (the toolchain's src/runtime/traceruntime.go
// with traceEnabled returning the constant false), dir/godebug.go (the
// stand-in) and dir/overlay.json.
//
// Why this is safe: the tracer is switched on only by runtime.StartTrace,
// which only package runtime/trace calls, and the page does not link
// runtime/trace, so trace.enabled is false for the page's whole life. With
// the constant the compiler drops every `if traceEnabled()` branch and the
// linker the tracer behind them (the event writers, traceAdvance, the
// string and stack tables): 153 kB of code, 32.7 kB of gzip -9.
//
// The edit is made on the installed toolchain's own file each build, and
// only if the function reads exactly as expected: a Go release that
// changes it makes pageoverlay fail, so the patch is looked at again instead
// of silently applied to code it was not written for.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// tracerSwitch is how the runtime asks whether the tracer is on; constTracer
// is what the page's runtime is compiled with.
const (
	tracerSwitch = "func traceEnabled() bool {\n\treturn trace.enabled\n}"
	constTracer  = "func traceEnabled() bool {\n\treturn false // raftlab's page: no runtime/trace, see cmd/pageoverlay\n}"
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
	{"runtime/traceruntime.go", func(_, src string) (string, error) { return edit(src) }},
	{"internal/godebug/godebug.go", standInGodebug},
}

// write makes each replacement's file in dir and dir/overlay.json naming
// them in the originals' place. Files are written only when their bytes
// change, so make and go's cache see no change otherwise.
func write(goroot, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	replace := map[string]string{}
	for _, r := range replacements {
		orig, err := filepath.Abs(filepath.Join(goroot, "src", filepath.FromSlash(r.path)))
		if err != nil {
			return err
		}
		src, err := os.ReadFile(orig)
		if err != nil {
			return err
		}
		made, err := r.make(orig, string(src))
		if err != nil {
			return fmt.Errorf("%s: %w", orig, err)
		}
		file, err := filepath.Abs(filepath.Join(dir, filepath.Base(orig)))
		if err != nil {
			return err
		}
		if err := writeIfChanged(file, []byte(made)); err != nil {
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

// edit returns the runtime source with traceEnabled made constant.
func edit(src string) (string, error) {
	if n := strings.Count(src, tracerSwitch); n != 1 {
		return "", errors.New("traceEnabled does not read as pageoverlay expects (Go changed it?): found " + fmt.Sprint(n) + " times")
	}
	return strings.Replace(src, tracerSwitch, constTracer, 1), nil
}

func writeIfChanged(name string, b []byte) error {
	if old, err := os.ReadFile(name); err == nil && string(old) == string(b) {
		return nil
	}
	return os.WriteFile(name, b, 0o644)
}
