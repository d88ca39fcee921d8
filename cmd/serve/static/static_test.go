package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// site writes a small dist/ into a temporary directory.
func site(t *testing.T) (dir string, wasm []byte) {
	t.Helper()
	dir = t.TempDir()
	wasm = bytes.Repeat([]byte("\x00asm-fake-module-"), 1000)
	files := map[string][]byte{
		"index.html":      []byte("<!doctype html><title>x</title>"),
		"loader.js":       []byte("console.log(1)"),
		"style.css":       []byte("body{}"),
		"main.wasm":       wasm,
		"main.wasm.br":    []byte("pretend-brotli"),
		"icon.svg":        []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"),
		".secret":         []byte("no"),
		"sub/index.html":  []byte("sub"),
		"unknown.zzz-ext": []byte("?"),
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(wasm)
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "main.wasm.gz"), gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Chtimes(p, now, now) })
	// A file outside the served directory, target of traversal attempts.
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "outside.txt"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, wasm
}

func do(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func newHandler(t *testing.T, dir string) *Handler {
	t.Helper()
	h, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func TestContentTypesAndSecurityHeaders(t *testing.T) {
	dir, _ := site(t)
	h := newHandler(t, dir)
	cases := map[string]string{
		"/":                "text/html; charset=utf-8",
		"/index.html":      "text/html; charset=utf-8",
		"/loader.js":       "text/javascript; charset=utf-8",
		"/style.css":       "text/css; charset=utf-8",
		"/main.wasm":       "application/wasm",
		"/icon.svg":        "image/svg+xml",
		"/sub/":            "text/html; charset=utf-8",
		"/unknown.zzz-ext": "application/octet-stream",
	}
	for path, want := range cases {
		res := do(t, h, "GET", path, nil)
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d", path, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", path, got, want)
		}
		for k, v := range map[string]string{
			"Content-Security-Policy": CSP,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
		} {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", path, k, got, v)
			}
		}
		if res.Header.Get("ETag") == "" {
			t.Errorf("%s: no ETag", path)
		}
	}
	if !strings.Contains(CSP, "script-src 'self' 'wasm-unsafe-eval';") || strings.Contains(CSP, "unsafe-inline") {
		t.Errorf("CSP changed: %s", CSP)
	}
}

func TestEncodingNegotiation(t *testing.T) {
	dir, wasm := site(t)
	h := newHandler(t, dir)
	cases := []struct {
		accept, wantEnc string
	}{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0, gzip;q=0.5", "gzip"},
		{"*", "br"},
		{"*;q=0", ""},
		{"GZIP", "gzip"},
	}
	for _, c := range cases {
		res := do(t, h, "GET", "/main.wasm", map[string]string{"Accept-Encoding": c.accept})
		body, _ := io.ReadAll(res.Body)
		if got := res.Header.Get("Content-Encoding"); got != c.wantEnc {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.wantEnc)
		}
		if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: missing Vary", c.accept)
		}
		if res.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q", c.accept, res.Header.Get("Content-Type"))
		}
		if cl := res.Header.Get("Content-Length"); cl == "" || cl != itoa(len(body)) {
			t.Errorf("Accept-Encoding %q: Content-Length %q for %d body bytes", c.accept, cl, len(body))
		}
		switch c.wantEnc {
		case "":
			if !bytes.Equal(body, wasm) {
				t.Errorf("identity body differs")
			}
			if res.Header.Get(UncompressedLengthHeader) != "" {
				t.Errorf("identity response has %s", UncompressedLengthHeader)
			}
		case "gzip":
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			plain, _ := io.ReadAll(zr)
			if !bytes.Equal(plain, wasm) {
				t.Errorf("gzip body does not decode to main.wasm")
			}
			fallthrough
		default:
			if got := res.Header.Get(UncompressedLengthHeader); got != itoa(len(wasm)) {
				t.Errorf("%s = %q, want %d", UncompressedLengthHeader, got, len(wasm))
			}
		}
	}
	// Different representations must not share an ETag.
	a := do(t, h, "GET", "/main.wasm", nil).Header.Get("ETag")
	b := do(t, h, "GET", "/main.wasm", map[string]string{"Accept-Encoding": "gzip"}).Header.Get("ETag")
	if a == b {
		t.Errorf("identity and gzip share ETag %s", a)
	}
}

func TestStalePrecompressedIgnored(t *testing.T) {
	dir, _ := site(t)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "main.wasm.gz"), old, old)
	os.Chtimes(filepath.Join(dir, "main.wasm.br"), old, old)
	h := newHandler(t, dir)
	res := do(t, h, "GET", "/main.wasm", map[string]string{"Accept-Encoding": "gzip, br"})
	if enc := res.Header.Get("Content-Encoding"); enc != "" {
		t.Errorf("stale precompressed file served with Content-Encoding %q", enc)
	}
}

func TestCaching(t *testing.T) {
	dir, _ := site(t)
	h := newHandler(t, dir)
	res := do(t, h, "GET", "/", nil)
	if got := res.Header.Get("Cache-Control"); got != RevalidateCache {
		t.Errorf("index: Cache-Control %q", got)
	}
	res = do(t, h, "GET", "/main.wasm", nil)
	if got := res.Header.Get("Cache-Control"); got != RevalidateCache {
		t.Errorf("unversioned wasm: Cache-Control %q", got)
	}
	version := strings.Trim(res.Header.Get("ETag"), `"`)
	res = do(t, h, "GET", "/main.wasm?v="+version, nil)
	if got := res.Header.Get("Cache-Control"); got != ImmutableCache {
		t.Errorf("versioned wasm: Cache-Control %q", got)
	}
	res = do(t, h, "GET", "/main.wasm?v=0123456789abcdef", nil)
	if got := res.Header.Get("Cache-Control"); got != RevalidateCache {
		t.Errorf("stale version: Cache-Control %q", got)
	}
	// Revalidation with the ETag gives 304.
	res = do(t, h, "GET", "/main.wasm", map[string]string{"If-None-Match": `"` + version + `"`})
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d", res.StatusCode)
	}
}

func TestNotFoundAndTraversal(t *testing.T) {
	dir, _ := site(t)
	h := newHandler(t, dir)
	for _, target := range []string{
		"/nope.js",
		"/.secret",
		"/sub",
		"/../outside.txt",
		"/%2e%2e/outside.txt",
		"/sub/../../outside.txt",
		"/sub/%2e%2e/%2e%2e/outside.txt",
		"/..%2foutside.txt",
		"/..%5coutside.txt",
		"/main.wasm%00",
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.RawPath = ""
		req.URL.Path = mustUnescape(t, target)
		req.RequestURI = target
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", target, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "outside") && !strings.Contains(rec.Body.String(), "404") {
			t.Errorf("%s: leaked file outside root", target)
		}
		if rec.Header().Get("Content-Security-Policy") != CSP {
			t.Errorf("%s: 404 without CSP", target)
		}
	}
	// Symlink out of the root is refused too.
	if err := os.Symlink(filepath.Join(filepath.Dir(dir), "outside.txt"), filepath.Join(dir, "link.txt")); err == nil {
		if res := do(t, h, "GET", "/link.txt", nil); res.StatusCode != 404 {
			t.Errorf("symlink escape: status %d", res.StatusCode)
		}
	}
	if res := do(t, h, "POST", "/index.html", nil); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", res.StatusCode)
	}
	if res := do(t, h, "HEAD", "/main.wasm", nil); res.StatusCode != 200 || res.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD: status %d, Content-Length %q", res.StatusCode, res.Header.Get("Content-Length"))
	}
}

func TestLogged(t *testing.T) {
	dir, _ := site(t)
	var buf bytes.Buffer
	h := Logged(newHandler(t, dir), log.New(&buf, "", 0))
	do(t, h, "GET", "/style.css", nil)
	do(t, h, "GET", "/missing", nil)
	out := buf.String()
	if !strings.Contains(out, "GET /style.css 200 6B ") || !strings.Contains(out, "GET /missing 404 ") {
		t.Errorf("log lines: %q", out)
	}
}

// Through a real server and client: the client's transparent gzip must yield
// the original bytes.
func TestRealServer(t *testing.T) {
	dir, wasm := site(t)
	srv := httptest.NewServer(newHandler(t, dir))
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + "/main.wasm")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Equal(body, wasm) || !res.Uncompressed {
		t.Errorf("transparent gzip: equal=%v uncompressed=%v", bytes.Equal(body, wasm), res.Uncompressed)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustUnescape(t *testing.T, s string) string {
	t.Helper()
	u, err := url.PathUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
