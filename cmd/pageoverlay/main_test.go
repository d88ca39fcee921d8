package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestEditsThisToolchain fails when the installed Go's runtime no longer
// reads as pageoverlay expects, before a page build does.
func TestEditsThisToolchain(t *testing.T) {
	dir := t.TempDir()
	if err := write(runtime.GOROOT(), dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "overlay.json"))
	if err != nil {
		t.Fatal(err)
	}
	var o struct{ Replace map[string]string }
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Replace) != 2 {
		t.Fatalf("overlay replaces %d files, want 2: %s", len(o.Replace), b)
	}
	for from, to := range o.Replace {
		if !filepath.IsAbs(from) || !filepath.IsAbs(to) {
			t.Fatalf("overlay %q -> %q", from, to)
		}
		if filepath.Base(from) == "godebug.go" && filepath.Base(filepath.Dir(from)) == "godebug" {
			if b, err := os.ReadFile(to); err != nil || string(b) != godebugStandIn {
				t.Fatalf("the overlay's godebug.go is not the stand-in (%v)", err)
			}
			continue
		}
		if filepath.Base(from) != "traceruntime.go" {
			t.Fatalf("overlay %q -> %q", from, to)
		}
		edited, err := os.ReadFile(to)
		if err != nil {
			t.Fatal(err)
		}
		orig, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(edited), constTracer) || strings.Contains(string(edited), tracerSwitch) {
			t.Fatal("the edited file's traceEnabled is not the constant")
		}
		// Only the one function differs.
		if got := strings.Replace(string(edited), constTracer, tracerSwitch, 1); got != string(orig) {
			t.Fatal("the edit changed more than traceEnabled")
		}
	}
}

func TestRefusesAnUnexpectedRuntime(t *testing.T) {
	for _, src := range []string{
		"package runtime\n",
		"package runtime\n" + tracerSwitch + "\n" + tracerSwitch + "\n",
		"package runtime\nfunc traceEnabled() bool {\n\treturn trace.enabled && x\n}\n",
	} {
		if _, err := edit(src); err == nil {
			t.Errorf("edit accepted %q", src)
		}
	}
}

// TestGodebugStandIn: the stand-in provides the API it checks for, and
// checkGodebug refuses any other.
func TestGodebugStandIn(t *testing.T) {
	if err := checkGodebug(godebugStandIn); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		"package godebug\n",
		godebugStandIn + "\nfunc Extra() {}\n",
		strings.Replace(godebugStandIn, "func (s *Setting) IncNonDefault() {}", "", 1),
	} {
		if checkGodebug(src) == nil {
			t.Errorf("checkGodebug accepted %.80q", src)
		}
	}
}

// TestPageHasNoDefaultGODEBUG: the stand-in gives every setting its
// default, which is "" only while the page's build has no default GODEBUG
// (a go.mod godebug line, //go:debug directives, or an older go version in
// go.mod would make one).
func TestPageHasNoDefaultGODEBUG(t *testing.T) {
	cmd := exec.Command("go", "list", "-tags", "servedlessons,servedcatalog", "-f", "{{.DefaultGODEBUG}}", "../../wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if d := strings.TrimSpace(string(out)); d != "" {
		t.Fatalf("the page's default GODEBUG is %q: pageoverlay's internal/godebug stand-in would ignore it", d)
	}
}
