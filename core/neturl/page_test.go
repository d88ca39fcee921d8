//go:build !js

package neturl

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestPageLinksNoNetURL (native: it runs the go command) fails if main.wasm's packages (go list -deps of
// ./wasm, as site.mk builds it) include net/url again, or net/netip and
// package unique, which came with it and with net.ParseIP: the page parses
// URLs and IP addresses with this package (net itself stays out too, see
// core/etcdconf/net.go and third_party/pflag).
func TestPageLinksNoNetURL(t *testing.T) {
	cmd := exec.Command("go", "list", "-tags", "servedlessons,servedcatalog", "-deps", "../../wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list -deps ./wasm listed only %d packages", len(deps))
	}
	for _, p := range deps {
		switch p {
		case "net/url", "net/netip", "unique", "net":
			t.Errorf("the page links package %s (use core/neturl)", p)
		}
	}
}
