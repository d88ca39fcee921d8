// Package tests drives the built playground (dist/) in headless Chromium.
//
// It builds nothing: `make test-browser` (site.mk) builds dist/ first and sets
// RAFTLAB_REQUIRE_BROWSER=1. Without that variable and without
// dist/main.wasm, the tests skip; in every other case a missing browser or
// site is a failure. The site is served in-process by cmd/serve's handler
// (package static) on 127.0.0.1, so the tests see the real headers and CSP.
//
// Every test fails on an uncaught page exception, on a console line that
// contains "panic:" (Go's runtime) or "caught panic" (Vugu's event handler
// recovery), and on a browser log entry of level error (failed loads, CSP
// violations). Screenshots go to tests/artifacts/.
package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/raftlab/raftlab/cmd/serve/static"
)

const (
	distDir      = "../dist"
	artifactsDir = "artifacts"
)

// chromiumFlags are the flags that work here (shared/notes/vugu.md).
var chromiumFlags = []string{
	"headless", "no-sandbox", "disable-gpu", "disable-quic", "no-first-run",
	"disable-background-networking", "disable-component-update", "disable-sync",
	"disable-default-apps", "disable-extensions", "mute-audio", "hide-scrollbars",
}

// servedRecorder notes what the server sent, by path.
type servedRecorder struct {
	mu       sync.Mutex
	encoding map[string]string // Content-Encoding sent
	accepted map[string]string // Accept-Encoding received
	status   map[string]int
}

type recWriter struct {
	http.ResponseWriter
	status int
}

func (w *recWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *servedRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &recWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(rw, r)
		s.mu.Lock()
		s.encoding[r.URL.Path] = w.Header().Get("Content-Encoding")
		s.accepted[r.URL.Path] = r.Header.Get("Accept-Encoding")
		s.status[r.URL.Path] = rw.status
		s.mu.Unlock()
	})
}

// Page is one Chromium tab on the served site.
type Page struct {
	t      *testing.T
	Ctx    context.Context
	URL    string
	Served *servedRecorder

	mu       sync.Mutex
	problems []string // page errors that fail the test
	console  []string // every console line, for the log
}

// PageOptions sets the viewport.
type PageOptions struct {
	Width, Height int64
	Mobile        bool
	// Lang is the browser's preferred language (e.g. "ko-KR"); "" leaves
	// Chromium's default.
	Lang string
}

// requireSite skips or fails when the site or the browser is missing.
func requireSite(t *testing.T) string {
	t.Helper()
	_, err := os.Stat(filepath.Join(distDir, "main.wasm"))
	required := os.Getenv("RAFTLAB_REQUIRE_BROWSER") != ""
	if err != nil {
		if !required {
			t.Skip("dist/main.wasm not built (run `make test-browser`); set RAFTLAB_REQUIRE_BROWSER=1 to make this a failure")
		}
		t.Fatalf("dist/main.wasm missing with RAFTLAB_REQUIRE_BROWSER set: %v", err)
	}
	chromium := os.Getenv("RAFTLAB_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("chromium not found at %s (make test-browser installs it): %v", chromium, err)
	}
	return chromium
}

// NewPage serves dist/, starts a fresh headless Chromium and opens a tab.
func NewPage(t *testing.T, opt PageOptions) *Page {
	t.Helper()
	chromium := requireSite(t)

	h, err := static.New(distDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	served := &servedRecorder{encoding: map[string]string{}, accepted: map[string]string{}, status: map[string]int{}}
	logger := log.New(testWriter{t}, "serve: ", 0)
	srv := httptest.NewServer(served.wrap(static.Logged(h, logger))) // listens on 127.0.0.1
	t.Cleanup(srv.Close)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(opt.Width), int(opt.Height)),
	}
	for _, f := range chromiumFlags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	if opt.Lang != "" {
		opts = append(opts, chromedp.Flag("lang", opt.Lang), chromedp.Flag("accept-lang", opt.Lang))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)

	p := &Page{t: t, URL: srv.URL + "/", Served: served}
	ctx, cancel := chromedp.NewContext(actx,
		chromedp.WithListener(p.onEvent),
		chromedp.WithLogf(t.Logf))
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelTimeout)
	p.Ctx = ctx

	vp := []chromedp.EmulateViewportOption{}
	if opt.Mobile {
		vp = append(vp, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(opt.Width, opt.Height, vp...)); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	t.Cleanup(p.check)
	return p
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// onEvent runs on chromedp's reader goroutine: record only.
func (p *Page) onEvent(ev any) {
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		p.problem(fmt.Sprintf("page exception: %s (%s:%d)", msg, d.URL, d.LineNumber))
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range e.Args {
			parts = append(parts, remoteString(a))
		}
		line := string(e.Type) + ": " + strings.Join(parts, " ")
		p.mu.Lock()
		p.console = append(p.console, line)
		p.mu.Unlock()
		if strings.Contains(line, "panic:") || strings.Contains(line, "caught panic") {
			p.problem("console: " + line)
		}
	case *cdplog.EventEntryAdded:
		en := e.Entry
		if en.Level == cdplog.EntryLevelError || en.Source == cdplog.EntrySourceSecurity {
			p.problem(fmt.Sprintf("browser log (%s/%s): %s %s", en.Source, en.Level, en.Text, en.URL))
		}
	}
}

func remoteString(o *runtime.RemoteObject) string {
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal([]byte(o.Value), &s) == nil {
			return s
		}
		return string(o.Value)
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	return o.Description
}

func (p *Page) problem(s string) {
	p.mu.Lock()
	p.problems = append(p.problems, s)
	p.mu.Unlock()
}

// check fails the test on recorded page problems and logs the console.
func (p *Page) check() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.console {
		p.t.Log("console " + l)
	}
	for _, pr := range p.problems {
		p.t.Error(pr)
	}
}

// Problems returns the page problems recorded so far.
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// Do runs chromedp actions, failing the test on error.
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	// A bound per call: a stuck DevTools call fails the test instead of
	// hanging the whole run.
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	err := chromedp.Do(ctx, actions...)
	// A render may replace the element between DevTools resolving it and
	// acting on it ("Could not find node with given id"): nothing was done
	// to the page then, so the action is tried again on the new element.
	for try := 0; try < 3 && err != nil && strings.Contains(err.Error(), "Could not find node with given id"); try++ {
		time.Sleep(100 * time.Millisecond)
		err = chromedp.Do(ctx, actions...)
	}
	if err != nil {
		p.Screenshot("failure")
		p.t.Fatalf("browser: %v (problems so far: %v)", err, p.Problems())
	}
}

// Eval evaluates a JS expression (through DevTools, so not subject to the CSP).
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.Ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %q: %v", expr, err)
	}
	return v
}

// WaitFor polls a JS boolean expression until it is true, failing after timeout.
// It stops early when the page reports a problem.
func (p *Page) WaitFor(expr string, timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := chromedp.Run(p.Ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return
		}
		if pr := p.Problems(); len(pr) > 0 {
			p.Screenshot("failure")
			if len(pr) > 3 {
				pr = append(pr[:3], fmt.Sprintf("… %d more", len(pr)-3))
			}
			p.t.Fatalf("waiting for %s: page problems:\n%s", expr, strings.Join(pr, "\n"))
		}
		if time.Now().After(deadline) {
			p.Screenshot("failure")
			p.t.Fatalf("timed out after %s waiting for %s (last error: %v)", timeout, expr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Boot opens the site and waits until the Go program has rendered the UI.
func (p *Page) Boot() {
	p.t.Helper()
	start := time.Now()
	p.Do(chromedp.Navigate(p.URL))
	p.WaitFor(`document.documentElement.dataset.state === "ready" || document.documentElement.dataset.state === "failed"`, 90*time.Second)
	if st := Eval[string](p, `document.documentElement.dataset.state`); st != "ready" {
		p.Screenshot("failure")
		p.t.Fatalf("boot failed: %q", Eval[string](p, `document.getElementById("loader-error").textContent`))
	}
	p.t.Logf("booted in %s", time.Since(start).Round(time.Millisecond))
}

// Screenshot saves a full-page PNG under tests/artifacts/<test>-<name>.png.
func (p *Page) Screenshot(name string) string {
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		p.t.Logf("screenshot: %v", err)
		return ""
	}
	// Quality 100 gives PNG; lower values give JPEG.
	buf, err := chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	file := filepath.Join(artifactsDir, strings.NewReplacer("/", "_", " ", "_").Replace(p.t.Name())+"-"+name+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		p.t.Logf("screenshot: %v", err)
		return ""
	}
	p.t.Logf("screenshot: tests/%s", file)
	return file
}
