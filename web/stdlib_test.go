//go:build !js

package web

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestPageLinksNoneOfTheseStdPackages fails if main.wasm's packages (go
// list -deps of ../wasm, tagged as site.mk builds it) include a standard
// package the page does without: importing one links at least its
// initialisation. Each names what the page uses instead. (Native only: it
// runs the go command.)
func TestPageLinksNoneOfTheseStdPackages(t *testing.T) {
	instead := map[string]string{
		"net":            "core/etcdconf/net.go; pflag has no IP flags",
		"net/url":        "core/neturl (share links too)",
		"net/netip":      "core/neturl's IsIP",
		"unique":         "core/neturl (netip kept IPv6 zones with it)",
		"hash/crc32":     "core/digest's CRC32C",
		"hash/fnv":       "core/digest's FNV64a, FNV128a",
		"encoding/csv":   "pflag's csv.go; no StringToString flag",
		"bufio":          "etcdctl's input; encoding/csv's",
		"text/tabwriter": "core/columns",
		"regexp":         "core/posixre",
		"crypto/sha256":  "core/digest",
		"html":           "vugu.EscapeHTML",
		"log":            "nothing: errors are returned",
		"context":        "porcupine's Context",
		"flag":           "pflag without its Go flag bridge",
		"path/filepath":  "path (cobra's ExecuteC)",
		"sort":           "slices (pointer sorts share one instantiation: core/internal/ptrsort)",
		"encoding/json":  "core/jsonw (types write and read themselves); vugu/minijson; porcupine's Visualize is native only",
		// cmd/pageoverlay's overlay holds only while these stay out: the page's
		// runtime has no tracer (StartTrace, which runtime/trace calls,
		// would record nothing), and its internal/godebug stand-in feeds
		// runtime/metrics no non-default counts.
		"runtime/trace":   "nothing: the page's runtime is built without the tracer",
		"runtime/metrics": "nothing: internal/godebug's stand-in counts nothing",
	}
	cmd := exec.Command("go", "list", "-tags", "servedlessons,servedcatalog", "-deps", "../wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list -deps ../wasm listed only %d packages", len(deps))
	}
	for _, p := range deps {
		if use, ok := instead[p]; ok {
			t.Errorf("the page links package %s (it uses %s)", p, use)
		}
	}
}
