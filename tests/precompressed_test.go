package tests

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrecompressedGzip: every dist/*.gz, whichever encoder made it
// (site.mk: zopfli, or gzip -9 without it), is one standard gzip member
// that decodes to exactly the file beside it, as cmd/serve sends it with
// Content-Encoding: gzip in that file's place. No browser needed.
func TestPrecompressedGzip(t *testing.T) {
	if _, err := os.Stat(filepath.Join(distDir, "main.wasm")); err != nil {
		if os.Getenv("RAFTLAB_REQUIRE_BROWSER") == "" {
			t.Skip("dist/main.wasm not built (run `make test-browser`)")
		}
		t.Fatal(err)
	}
	gzs, err := filepath.Glob(filepath.Join(distDir, "*.gz"))
	if err != nil {
		t.Fatal(err)
	}
	var sawWasm bool
	for _, gz := range gzs {
		src := strings.TrimSuffix(gz, ".gz")
		sawWasm = sawWasm || filepath.Base(src) == "main.wasm"
		want, err := os.ReadFile(src)
		if err != nil {
			t.Errorf("%s has no source: %v", gz, err)
			continue
		}
		f, err := os.Open(gz)
		if err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(f) // an io.ByteReader: gzip reads no further than its member
		zr, err := gzip.NewReader(br)
		if err == nil {
			zr.Multistream(false)
			var got []byte
			if got, err = io.ReadAll(zr); err == nil {
				if rest, _ := io.ReadAll(br); len(rest) > 0 {
					t.Errorf("%s: %d bytes after the gzip member", gz, len(rest))
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s decodes to %d bytes that differ from %s (%d bytes)", gz, len(got), src, len(want))
				}
			}
		}
		if err != nil {
			t.Errorf("%s: %v", gz, err)
		}
		f.Close()
	}
	if !sawWasm {
		t.Errorf("no main.wasm.gz in %s", distDir)
	}
}
