// Package static is the HTTP handler behind cmd/serve: it serves a built site
// directory (dist/) with correct MIME types, precompressed variants, caching
// and security headers. It lives in its own package so that the browser tests
// in tests/ can run exactly the same handler in-process.
//
// Caching policy (decided here, documented in cmd/serve/README.md):
//   - Every response carries a strong ETag derived from the content (SHA-256 of
//     the uncompressed file, first 16 hex digits; encoded variants get a suffix).
//   - A request whose query string is ?v=<that same hash> is a versioned URL:
//     "Cache-Control: public, max-age=31536000, immutable". The build writes
//     such URLs into index.html and the loader, so a new build yields new URLs.
//   - Anything else (index.html, unversioned or stale-versioned URLs) gets
//     "Cache-Control: no-cache": the browser may keep it but must revalidate,
//     which is a cheap 304 thanks to the ETag.
package static

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"log"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// CSP is the Content-Security-Policy sent with every response. No inline
// script or style is allowed: the loader is an external file, Vugu's DOM
// helper script is shipped as an external file (see web/README.md), and the UI
// uses classes and SVG presentation attributes, never style="…" attributes.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"frame-ancestors 'none'; form-action 'none'"

// UncompressedLengthHeader carries the size of the decoded body when a
// precompressed variant is sent, so the loader can show real progress: fetch
// streams report decoded bytes while Content-Length counts encoded bytes.
const UncompressedLengthHeader = "X-Uncompressed-Length"

// ImmutableCache and RevalidateCache are the two Cache-Control values used.
const (
	ImmutableCache  = "public, max-age=31536000, immutable"
	RevalidateCache = "no-cache"
)

// mimeTypes is explicit so that results do not depend on the host's
// /etc/mime.types; anything else falls back to mime.TypeByExtension.
var mimeTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".txt":         "text/plain; charset=utf-8",
	".map":         "application/json",
	".woff2":       "font/woff2",
}

// ContentType returns the MIME type served for a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := mimeTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// encodings in order of server preference, with the suffix of their file.
var encodings = []struct{ name, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// Handler serves the files of one directory. Create it with New.
type Handler struct {
	root *os.Root

	mu     sync.Mutex
	hashes map[string]hashEntry
}

type hashEntry struct {
	size int64
	mod  time.Time
	sum  string
}

// New returns a handler serving dir. Paths are resolved with os.Root, so no
// request can reach outside dir (not through "..", nor through symlinks).
func New(dir string) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Handler{root: root, hashes: map[string]hashEntry{}}, nil
}

// Close releases the directory handle.
func (h *Handler) Close() error { return h.root.Close() }

func setSecurityHeaders(hd http.Header) {
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", RevalidateCache)
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// cleanName maps a URL path to a file name inside the root, or "" when the
// path must be refused (traversal, dot files, backslashes, NUL).
func cleanName(urlPath string) string {
	if !strings.HasPrefix(urlPath, "/") {
		return ""
	}
	if strings.ContainsAny(urlPath, "\\\x00") {
		return ""
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." || (strings.HasPrefix(seg, ".") && seg != "") {
			return ""
		}
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	switch {
	case name == "":
		return "index.html"
	case strings.HasSuffix(urlPath, "/"):
		return name + "/index.html"
	}
	return name
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := cleanName(r.URL.Path)
	if name == "" {
		notFound(w)
		return
	}
	f, st, err := h.open(name)
	if err != nil {
		notFound(w)
		return
	}
	defer f.Close()

	sum, err := h.hash(name, f, st)
	if err != nil {
		http.Error(w, "500 internal server error", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", ContentType(name))
	hd.Add("Vary", "Accept-Encoding")
	if v := r.URL.Query().Get("v"); v != "" && v == sum && name != "index.html" {
		hd.Set("Cache-Control", ImmutableCache)
	} else {
		hd.Set("Cache-Control", RevalidateCache)
	}

	// Precompressed variant, if the client accepts it and it is not stale.
	body, bodySt, etag := f, st, `"`+sum+`"`
	accept := parseAcceptEncoding(r.Header.Get("Accept-Encoding"))
	for _, enc := range encodings {
		if !accept.allows(enc.name) {
			continue
		}
		cf, cst, err := h.open(name + enc.suffix)
		if err != nil {
			continue
		}
		if cst.ModTime().Before(st.ModTime()) {
			cf.Close() // stale: older than the file it claims to compress
			continue
		}
		defer cf.Close()
		body, bodySt, etag = cf, cst, `"`+sum+"-"+enc.name+`"`
		hd.Set("Content-Encoding", enc.name)
		hd.Set(UncompressedLengthHeader, strconv.FormatInt(st.Size(), 10))
		break
	}
	hd.Set("ETag", etag)
	if hd.Get("Content-Encoding") != "" {
		// ServeContent omits Content-Length when Content-Encoding is set; the
		// loader needs it. Ranges of an encoded body are not offered.
		r.Header.Del("Range")
		hd.Set("Content-Length", strconv.FormatInt(bodySt.Size(), 10))
	}
	// ServeContent sets Content-Length, handles HEAD, Range, If-None-Match and
	// If-Modified-Since. The Content-Type set above keeps it from sniffing.
	http.ServeContent(w, r, name, bodySt.ModTime(), body)
}

// open opens a regular file under the root.
func (h *Handler) open(name string) (*os.File, fs.FileInfo, error) {
	f, err := h.root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, errors.New("not a regular file")
	}
	return f, st, nil
}

// hash returns the content version of a file (first 16 hex digits of its
// SHA-256), cached by name, size and modification time.
func (h *Handler) hash(name string, f *os.File, st fs.FileInfo) (string, error) {
	h.mu.Lock()
	e, ok := h.hashes[name]
	h.mu.Unlock()
	if ok && e.size == st.Size() && e.mod.Equal(st.ModTime()) {
		return e.sum, nil
	}
	d := sha256.New()
	if _, err := io.Copy(d, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(d.Sum(nil))[:16]
	h.mu.Lock()
	h.hashes[name] = hashEntry{size: st.Size(), mod: st.ModTime(), sum: sum}
	h.mu.Unlock()
	return sum, nil
}

type acceptEncoding map[string]float64

// parseAcceptEncoding parses "gzip, br;q=0.8, *;q=0" into codings and weights.
func parseAcceptEncoding(s string) acceptEncoding {
	ae := acceptEncoding{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		coding, params, _ := strings.Cut(part, ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		ae[strings.ToLower(strings.TrimSpace(coding))] = q
	}
	return ae
}

func (ae acceptEncoding) allows(coding string) bool {
	if q, ok := ae[coding]; ok {
		return q > 0
	}
	if q, ok := ae["*"]; ok {
		return q > 0
	}
	return false
}

// statusRecorder remembers the status and the body bytes written.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Logged wraps next and logs one line per request to logger:
// method, path, status, body bytes and duration.
func Logged(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		logger.Printf("%s %s %d %dB %s", r.Method, r.URL.RequestURI(), rec.status, rec.bytes,
			time.Since(start).Round(time.Microsecond))
	})
}
