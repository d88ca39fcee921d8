package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestEditsThisToolchain fails when the installed Go's runtime no longer
// reads as notrace expects, before a page build does.
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
	if len(o.Replace) != 1 {
		t.Fatalf("overlay replaces %d files, want 1: %s", len(o.Replace), b)
	}
	for from, to := range o.Replace {
		if filepath.Base(from) != "traceruntime.go" || !filepath.IsAbs(from) || !filepath.IsAbs(to) {
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
