# site.mk: builds, serves, measures and browser-tests the playground.
# Included from the main Makefile (`include site.mk`); every name it defines is
# prefixed SITE_ or site- except the public targets:
#
#   make site          build dist/ (wasm, wasm_exec.js, Vugu helper, static files, .gz/.br)
#   make serve         site, then serve dist/ on http://127.0.0.1:8080/ (SERVE_FLAGS=-addr=…)
#   make size-report   raw/gzip/brotli sizes of dist/main.wasm (the shipped .gz/.br)
#                      and its largest packages; fails if main.wasm.gz > SITE_GZIP_LIMIT
#                      or, with lessons.json.gz and catalog.json.gz, > SITE_PAGE_GZIP_LIMIT
#   make test-browser  chromium (installed if missing), gen-check, site, go test ./tests/...
#   make gen           regenerate web/*_gen.go from web/*.vugu (only files that change are written)
#   make gen-check     fail if the committed web/*_gen.go differ from what vugugen produces
#
# web/*_gen.go are committed (vugugen output is deterministic), so native
# `go vet ./...` and `go test ./...` work without a generation step; gen-check
# keeps them honest and runs as part of test-browser.

GO              ?= go
SITE_DIST       ?= dist
SITE_GOROOT     := $(shell $(GO) env GOROOT)
SITE_WASM_EXEC  := $(SITE_GOROOT)/lib/wasm/wasm_exec.js
# Limit on dist/main.wasm.gz, the file served to browsers (zopfli's, below).
SITE_GZIP_LIMIT ?= 1468000
# Limit on what the page fetches for its Go side, served: main.wasm.gz with
# the lessons and texts it loads beside it (lessons.json.gz, catalog.json.gz),
# issue 14's budget of 1,600,000 bytes "with the lessons included".
SITE_PAGE_GZIP_LIMIT ?= 1600000
# Packages size-report lists, largest code first.
SITE_SIZE_TOP   ?= 25
# Packages off the simulation's hot paths (etcdctl, cobra, flags, JSON,
# crypto for IDs and snapshots, fmt, reflect, porcupine; the console, the
# lab, lessons, auth, the client and the Kubernetes control plane; regexp;
# the UI and Vugu, whose generated Build code is long and straight) are
# built without inlining: about 240 kB less gzipped wasm. raft and sim
# keep it. time, context, bufio, math/big and small stdlib
# packages added at 2.62 MB: about 10 kB less gzipped with the lessons' move.
# core/posixre (sed, grep) and core/catalog: 4 kB less at 2.06 MB. The
# page's main (the frame loop around the session), pflag's CSV
# reading (then core/csvflag), io and internal/reflectlite (errors.Is/As, sort.Slice's
# swapper): 4 kB less at 2.01 MB. core/walltime (timestamps as text),
# syscall and syscall/js (the page's calls into the browser, each a
# crossing into JavaScript that costs more than the call): 3.9 kB less at
# 1.95 MB. core/columns (tables): 2.1 kB less at 1.94 MB. core/neturl
# (URLs), core/digest (CRC32C, FNV) and core/internal/keys (sorted map
# keys): 3.5 kB less gzip -9 at 1.79 MB. core/etcdserver and core/etcdpb
# (the members' v3 API, its messages): 10.0 kB less gzip -9 at 1.63 MB, with
# the page's simulation as fast (wasm under Node, sim-s per CPU second,
# medians of 5 alternating runs: idle and loaded within their noise; native
# builds, and so BenchmarkSimLoaded5, keep inlining). core/mvcc (the store:
# an idle cluster, the page's CPU goal, never runs its put path) and
# core/internal/ptrsort (sorts): 6.1 kB less gzip -9 at 1.58 MB. (Left out:
# sort, whose Search mvcc's lookups inline; strings, bytes and strconv,
# which the simulation's hot paths inline; sync, 1.4 kB, whose Mutex fast
# paths everyone inlines.)
SITE_COLD_PKGS  := github.com/spf13/... github.com/raftlab/raftlab/core/etcdctl \
	github.com/raftlab/raftlab/core/etcdconf github.com/raftlab/raftlab/core/etcdid github.com/raftlab/raftlab/core/kube \
	github.com/raftlab/raftlab/core/console github.com/raftlab/raftlab/core/lesson github.com/raftlab/raftlab/core/auth \
	github.com/raftlab/raftlab/core/clientv3 github.com/raftlab/raftlab/core/lab regexp regexp/... unicode/... \
	github.com/raftlab/raftlab/web github.com/vugu/... \
	text/... flag encoding/... net/... net crypto/... os path/... log/... log html unicode/utf16 io/fs mime/... \
	fmt reflect internal/fmtsort github.com/anishathalye/... \
	time context bufio embed unique internal/bisect internal/godebug math/big errors \
	github.com/raftlab/raftlab/core/posixre github.com/raftlab/raftlab/core/catalog \
	github.com/raftlab/raftlab/wasm io internal/reflectlite \
	github.com/raftlab/raftlab/core/walltime syscall syscall/js github.com/raftlab/raftlab/core/columns \
	github.com/raftlab/raftlab/core/neturl github.com/raftlab/raftlab/core/digest github.com/raftlab/raftlab/core/internal/keys \
	github.com/raftlab/raftlab/core/jsonw github.com/raftlab/raftlab/core/etcdserver github.com/raftlab/raftlab/core/etcdpb \
	github.com/raftlab/raftlab/core/mvcc github.com/raftlab/raftlab/core/internal/ptrsort
SITE_GCFLAGS    := $(foreach p,$(SITE_COLD_PKGS),-gcflags=$(p)=-l)
SITE_CHROMIUM   ?= /usr/bin/chromium
SITE_TMP        := $(SITE_DIST)/.build
# Re-invoke make with the top-level makefile, whether site.mk is included or used alone.
SITE_MAKE       = $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST))
SITE_ROOT_USER  := $(shell id -u)
# Static files copied as they are; index.html gets content versions (see below).
SITE_STATIC     := loader.js style.css favicon.svg
# Files that get .gz and .br siblings.
SITE_COMPRESS   := main.wasm wasm_exec.js vugu-render.js loader.js style.css index.html favicon.svg lessons.json catalog.json
# The lessons are not compiled into main.wasm (-tags servedlessons): site-files
# joins core/lesson/lessons/*.json into dist/lessons.json, {"<file>": <lesson>, ...}
# without the files' indentation (core/lesson/lessonsjson, lesson.Bundle),
# which loader.js fetches beside main.wasm (lesson.UseBundle). Nor is the
# message catalog (-tags servedcatalog): core/catalog/catalogjson writes
# dist/catalog.json (catalog.UseBundle; 10 kB less gzipped wasm).
SITE_TAGS       := servedlessons,servedcatalog
# The page's runtime is built with Go's previous garbage collector
# (nogreenteagc): Green Tea's span-scanning code is for many cores, and the
# page runs on one; 10.8 kB less gzipped wasm (2,028,744 -> 2,017,983).
# make test-wasm runs the core's tests under the same setting, so the
# determinism test (core/lab TestTraceHashIsPlatformIndependent) checks the
# runtime the page ships.
SITE_GOEXPERIMENT := nogreenteagc
# ...without the execution tracer: the page does not link runtime/trace,
# the only caller of runtime.StartTrace, so cmd/pageoverlay makes the runtime's
# traceEnabled the constant false in a `go build -overlay` (the installed
# toolchain's file, edited each build; pageoverlay fails if Go changed it). 153 kB
# less code, 32.7 kB less gzip -9 (1,895,027 -> 1,862,364). And with
# internal/godebug a stand-in giving every setting its default, as the page
# has no $GODEBUG and no default GODEBUG (its parser, internal/bisect and
# runtime/metrics' tables leave: 29.6 kB less gzip -9). And with the
# runtime's own GODEBUG settings read as their defaults, constants (what only
# a setting reaches leaves: schedtrace, gctrace's reports, checkfinalizers,
# gccheckmark, sbrk...), the tracer's last calls (shutdown, alloc/free
# events) and typelinksinit's de-duplication of types from other modules
# (js/wasm links one): 26.3 kB less gzip -9 (1,790,773 -> 1,764,447). And
# with no memory, block, mutex or goroutine profile and no goroutine leak
# detection recorded (the page asks for none; asking is a fatal error), and
# the tracer's predicates written as false at every call: 10.6 kB less
# (1,770,179 -> 1,759,550; 11.0 kB at 7882538). And with no cgo (js/wasm
# has none: iscgo and the C traceback's calls read as false), and without
# what only a debug setting switched on (init tracing, checkmarks, ancestor
# tracebacks): 11.2 kB less (1,793,698 -> 1,782,493). And with no scavenger
# (js/wasm's sysUnused is empty and its memory never shrinks: releasing was
# accounting only; a memory limit, which needs it, is a fatal error; GOGC
# works): 8.2 kB less (1,670,352 -> 1,662,107). And with no synctest
# bubbles (only testing/synctest, which the page does not link, makes one;
# syscall/js's FuncOf finds none): 3.5 kB less (1,642,739 -> 1,639,189).
# make test-wasm runs
# the core's tests under the same overlay.
SITE_OVERLAY := $(SITE_TMP)/pageoverlay/overlay.json

.PHONY: site serve size-report test-browser gen gen-check site-wasm site-overlay site-files site-compress \
	site-brotli-tool site-zopfli-tool site-chromium site-vugugen

site: site-wasm site-files
	@$(SITE_MAKE) site-compress
	@echo "site: $(SITE_DIST)/ is ready"

serve: site
	$(GO) run ./cmd/serve -dir $(SITE_DIST) $(SERVE_FLAGS)

# --- code generation -----------------------------------------------------------

# vugugen runs on a copy of web/ in a scratch folder; only changed files are
# copied back, so concurrent `go build`s never see a half-written file and
# mtimes stay put when nothing changed.
site-vugugen:
	@mkdir -p $(SITE_TMP)
	@$(GO) build -o $(SITE_TMP)/vugugen github.com/vugu/vugu/cmd/vugugen

define SITE_GEN_INTO_TMP
	rm -rf $(SITE_TMP)/web && mkdir -p $(SITE_TMP)/web && \
	cp web/*.vugu web/*.go $(SITE_TMP)/web/ && rm -f $(SITE_TMP)/web/*_gen.go && \
	(cd $(SITE_TMP)/web && PATH="$(SITE_GOROOT)/bin:$$PATH" ../vugugen -skip-go-mod -skip-main .)
endef

gen: site-vugugen
	@$(SITE_GEN_INTO_TMP)
	@for f in $(SITE_TMP)/web/*_gen.go; do \
		b=$$(basename $$f); \
		cmp -s $$f web/$$b || { cp $$f web/$$b && echo "gen: wrote web/$$b"; }; \
	done

gen-check: site-vugugen
	@$(SITE_GEN_INTO_TMP)
	@fail=0; \
	for f in $(SITE_TMP)/web/*_gen.go; do \
		b=$$(basename $$f); \
		cmp -s $$f web/$$b || { echo "gen-check: web/$$b is stale or missing (run make gen)"; fail=1; }; \
	done; \
	for f in web/*_gen.go; do \
		[ -e $(SITE_TMP)/web/$$(basename $$f) ] || { echo "gen-check: $$f has no .vugu source"; fail=1; }; \
	done; \
	[ $$fail = 0 ] && echo "gen-check: web/*_gen.go up to date"; exit $$fail

# --- build ------------------------------------------------------------------

# main.wasm is replaced only when its bytes change, so the .gz/.br are redone
# only then (brotli -q 11 and zopfli take 20-30 s each). It is linked once with its
# function names (no -s), for size-report's package list, and shipped by
# cmd/wasmsize -strip: without them (as -s), with the data section in a few
# segments instead of the linker's 100,000, whose headers gzip badly (172 kB
# less gzipped at 1,000 segments; split only at 4 kB of zeros, 4 segments:
# 4.8 kB less again), without the pclntab's file and line tables
# (162 kB less: a panic in the page names its functions but not file:line;
# SITE_LINES=1 keeps them for debugging), and with each function's name
# replaced by a short id, as minified JavaScript ships beside a source map
# (25.8 kB less gzip -9 at 1.79 MB; the few names the runtime and reflect
# read, not just print, stay: cmd/wasmsize/names.go; pointer wrappers' ids
# keep the "pkg.(*T).M" shape panicwrap parses: 1.9 kB less): the map of ids to
# names is $(SITE_TMP)/main.names, and
#   go run ./cmd/wasmsize -symbolize dist/.build/main.names < traceback.txt
# turns a traceback pasted from the page back into names (main-names.wasm
# gives the same map). Those functions' arguments print in tracebacks as
# their first 8-byte words, by one shared layout: the map keeps each one's
# real layout, and -symbolize prints them as the runtime would have (ArgInfo,
# cmd/wasmsize/args.go; 4.4 kB less gzip -9). And the inlined calls'
# start lines, read only by pprof, go with the file and line tables (5.6 kB
# less). The pc-value tables left are moved together, in the order the
# functions use them (9.6 kB less: smaller offsets, sharing their high
# bytes). findfunctab, the buckets runtime.findfunc starts from, has its
# 16 buckets a function (findfunc reads one on wasm) all equal, and each
# index rounded down to a multiple of 16 (4 until 2.1 kB less gzip -9
# at c00305a), so runs of functions' buckets repeat: 10.3 kB less at 4;
# findfunc finds the same function, stepping over at most 15 more functab
# entries (pclntab.coarsenFindfunctab). And the
# pc-value tables are rewritten as the js/wasm runtime reads them: each
# one's last range open-ended (never read past the function's end), and
# the stack map and inlining indexes kept only at the PCs the runtime looks
# them up at, a frame's return address b and its call b-1 (each call stores
# b as an i64.const: the code section tells them), the entry, deferreturn
# and inlined calls' parentPc (wasm has no signals: no PC between is ever
# read), with -1 as 0 in stack map indexes as getStackMap reads it; equal
# tables are then kept once and the inlined calls no index names any more
# are zeroed (cmd/wasmsize/calls.go): 25.5 kB less gzip -9
# (1,631,100 -> 1,605,592). Each _func's args is 0 or 8, all the runtime
# reads of it on js/wasm (args/8 > 0: cmd/wasmsize/fields.go; 4.0 kB
# less); the funcdata is laid out again by kind, each kind in first-use
# order (funcdata.go; 2.5 kB less); and generic argument layouts print 4
# words (10, or all, for functions whose arguments take more), so that most
# functions share one (args.go: -symbolize reads the last words; 2.6 kB
# less): 1,588,502 -> 1,579,436 at 2b02b7b.
# SITE_NAMES=1 keeps the names in main.wasm. Nor has
# it the unsafe-point tables, read only by asynchronous preemption (signals,
# which js/wasm has not) and debugger calls (not built for wasm): 11.1 kB
# less gzip -9 (zeroUnsafePoints).
# Not used: binaryen's wasm-opt (v132). Its IR has no values left on the
# stack across instructions, as Go's code has everywhere, so it spills them
# to locals: a round trip with no pass makes main.wasm 220 kB larger and
# gzip -9 211 kB larger (1,986,694 -> 2,198,348); -O2 2,160,849, -Oz
# 2,177,463, and each of strip-debug, duplicate-function-elimination,
# remove-unused-module-elements, vacuum, reorder-functions/-globals and
# memory-packing 2,193,618 to 2,385,760. Nor zeroing the pclntab's function
# names (40 kB less gzip -9; a panic would name no function: ids instead).
site-wasm: gen site-overlay
	@mkdir -p $(SITE_DIST) $(SITE_TMP)
	GOEXPERIMENT=$(SITE_GOEXPERIMENT) GOOS=js GOARCH=wasm $(GO) build -trimpath -overlay=$(SITE_OVERLAY) -tags $(SITE_TAGS) $(SITE_GCFLAGS) -ldflags='-w' -o $(SITE_TMP)/main-names.wasm ./wasm
	@$(GO) run ./cmd/wasmsize -strip $(if $(SITE_LINES),-lines) $(if $(SITE_NAMES),-keepnames) -names $(SITE_TMP)/main.names -o $(SITE_TMP)/main.wasm $(SITE_TMP)/main-names.wasm
	@cmp -s $(SITE_TMP)/main.wasm $(SITE_DIST)/main.wasm || cp $(SITE_TMP)/main.wasm $(SITE_DIST)/main.wasm

site-overlay:
	@$(GO) run ./cmd/pageoverlay -goroot $(SITE_GOROOT) -dir $(dir $(SITE_OVERLAY))

# index.html refers to every asset as NAME?v=VERSION, VERSION being the first
# 16 hex digits of the file's SHA-256: cmd/serve gives such URLs a year of
# immutable caching when the version matches, and index.html itself no-cache.
site-files:
	@mkdir -p $(SITE_DIST) $(SITE_TMP)
	@cmp -s $(SITE_WASM_EXEC) $(SITE_DIST)/wasm_exec.js || cp $(SITE_WASM_EXEC) $(SITE_DIST)/wasm_exec.js
	@$(GO) run ./web/internal/vugujs -o $(SITE_TMP)/vugu-render.js
	@cmp -s $(SITE_TMP)/vugu-render.js $(SITE_DIST)/vugu-render.js || cp $(SITE_TMP)/vugu-render.js $(SITE_DIST)/vugu-render.js
	@for f in $(SITE_STATIC); do cmp -s web/static/$$f $(SITE_DIST)/$$f || cp web/static/$$f $(SITE_DIST)/$$f; done
	@$(GO) run ./core/lesson/lessonsjson > $(SITE_TMP)/lessons.json
	@cmp -s $(SITE_TMP)/lessons.json $(SITE_DIST)/lessons.json || cp $(SITE_TMP)/lessons.json $(SITE_DIST)/lessons.json
	@$(GO) run ./core/catalog/catalogjson > $(SITE_TMP)/catalog.json
	@cmp -s $(SITE_TMP)/catalog.json $(SITE_DIST)/catalog.json || cp $(SITE_TMP)/catalog.json $(SITE_DIST)/catalog.json
	@cp web/static/index.html $(SITE_TMP)/index.html
	@for f in $(SITE_STATIC) wasm_exec.js vugu-render.js main.wasm lessons.json catalog.json; do \
		[ -e $(SITE_DIST)/$$f ] || continue; \
		v=$$(sha256sum $(SITE_DIST)/$$f | cut -c1-16); \
		sed -i "s|@$$f@|$$v|g" $(SITE_TMP)/index.html; \
	done
	@! grep -n '@[a-z_.-]*@' $(SITE_TMP)/index.html || { echo "site: unreplaced version placeholder in index.html"; exit 1; }
	@cmp -s $(SITE_TMP)/index.html $(SITE_DIST)/index.html || cp $(SITE_TMP)/index.html $(SITE_DIST)/index.html

# Brotli: Go's standard library has no brotli encoder, so the Debian `brotli`
# CLI is installed when missing (as root). If that is impossible, .br files
# are skipped with a warning: cmd/serve then serves gzip, which every browser
# accepts, so the site still works.
#
# Zopfli: the .gz files are zopfli's (Debian's `zopfli` CLI, installed the
# same way): standard gzip streams, smaller than gzip -9's because zopfli
# searches its LZ77 matches and block splits far longer. main.wasm at
# 10.2 MB: gzip -9 1,986,694 bytes; zopfli --i1 1,900,971 (24 s on this
# 2-core machine), --i5 1,895,900 (27 s), --i15 1,893,961 (46 s);
# libdeflate-gzip -12 1,904,741 (2 s). The other files gain 2-4% and take
# under a second. Without zopfli, gzip -9 -n with a warning (the site still
# works, main.wasm.gz is 4.5% larger and size-report may fail). Both are
# redone when the encoder changes (SITE_GZIP_STAMP).
SITE_ZOPFLI_FLAGS ?= --i5

define SITE_APT_TOOL
@command -v $(1) >/dev/null 2>&1 || { \
		if [ "$(SITE_ROOT_USER)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "site: installing Debian's $(1)"; \
			{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(1) >/dev/null 2>&1 || \
			  { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(1) >/dev/null 2>&1; }; } || \
			echo "site: WARNING: could not install $(1); $(2)"; \
		else \
			echo "site: WARNING: $(1) CLI missing and not root; $(2)"; \
		fi; \
	}
endef

site-brotli-tool:
	$(call SITE_APT_TOOL,brotli,.br files skipped (gzip is still served))

site-zopfli-tool:
	$(call SITE_APT_TOOL,zopfli,.gz files made by gzip -9 (larger))

# The .gz encoder's command line: the file changes (and every .gz is
# redone) only when the encoder does.
SITE_GZIP_STAMP := $(SITE_TMP)/gzip-encoder

$(SITE_GZIP_STAMP): site-zopfli-tool
	@mkdir -p $(SITE_TMP)
	@if command -v zopfli >/dev/null 2>&1; then e="zopfli -c $(SITE_ZOPFLI_FLAGS)"; else e="gzip -9 -n -c"; fi; \
	echo "$$e" | cmp -s - $@ || echo "$$e" > $@

# The .gz and .br files are made two at a time: main.wasm's zopfli and
# brotli runs (each 20-30 s of one core) overlap.
site-compress: site-brotli-tool $(SITE_GZIP_STAMP)
	@br=; if command -v brotli >/dev/null 2>&1; then \
		br="$(foreach f,$(SITE_COMPRESS),$(SITE_DIST)/$(f).br)"; \
	else rm -f $(SITE_DIST)/*.br; fi; \
	$(SITE_MAKE) -j2 $(foreach f,$(SITE_COMPRESS),$(SITE_DIST)/$(f).gz) $$br

$(SITE_DIST)/%.gz: $(SITE_DIST)/% $(SITE_GZIP_STAMP)
	@c="$$(cat $(SITE_GZIP_STAMP))"; echo "$$c $< > $@"; $$c $< > $@.tmp && mv $@.tmp $@

# brotli copies the input's mtime (truncated to the second) to its output;
# cmd/serve ignores a variant older than its source, hence the touch.
$(SITE_DIST)/%.br: $(SITE_DIST)/%
	brotli -q 11 -f -o $@.tmp $< && touch $@.tmp && mv $@.tmp $@

# --- measurements -----------------------------------------------------------

size-report: site
	@raw=$$(stat -c %s $(SITE_DIST)/main.wasm); \
	gz=$$(stat -c %s $(SITE_DIST)/main.wasm.gz); \
	br=$$( [ -e $(SITE_DIST)/main.wasm.br ] && stat -c %s $(SITE_DIST)/main.wasm.br || echo n/a); \
	printf 'main.wasm  raw %10s bytes\n           gzip %9s bytes (limit %s; dist/main.wasm.gz as served, by %s)\n           brotli %7s bytes\n' \
		$$raw $$gz $(SITE_GZIP_LIMIT) "$$(cut -d' ' -f1,3- $(SITE_GZIP_STAMP))" $$br; \
	page=$$(( gz + $$(stat -c %s $(SITE_DIST)/lessons.json.gz) + $$(stat -c %s $(SITE_DIST)/catalog.json.gz) )); \
	printf '           with lessons.json.gz and catalog.json.gz %s bytes (limit %s)\n' $$page $(SITE_PAGE_GZIP_LIMIT); \
	$(GO) run ./cmd/wasmsize -top $(SITE_SIZE_TOP) $(SITE_TMP)/main-names.wasm; \
	if [ $$gz -gt $(SITE_GZIP_LIMIT) ]; then echo "size-report: main.wasm.gz is over the limit"; exit 1; fi; \
	if [ $$page -gt $(SITE_PAGE_GZIP_LIMIT) ]; then echo "size-report: main.wasm.gz with the lessons is over the limit"; exit 1; fi

# --- browser tests ----------------------------------------------------------

# Debian's fonts-nanum (a few MB) gives headless Chromium a Korean font:
# without any CJK font, the Korean screenshots show boxes. Checked with
# fc-list; installed next to chromium when missing.
SITE_CJK_FONT_PKG ?= fonts-nanum

site-chromium:
	@[ -x $(SITE_CHROMIUM) ] || { \
		echo "test-browser: installing Debian's chromium"; \
		[ "$(SITE_ROOT_USER)" = 0 ] || { echo "test-browser: $(SITE_CHROMIUM) missing and not root"; exit 1; }; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }; \
	}
	@fc-list :lang=ko 2>/dev/null | grep -q . || { \
		echo "test-browser: installing Debian's $(SITE_CJK_FONT_PKG) (Korean font for the screenshots)"; \
		if [ "$(SITE_ROOT_USER)" = 0 ]; then \
			{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(SITE_CJK_FONT_PKG) >/dev/null || \
			  { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(SITE_CJK_FONT_PKG) >/dev/null; }; } || \
			echo "test-browser: WARNING: could not install $(SITE_CJK_FONT_PKG); Korean screenshots will show boxes"; \
		else \
			echo "test-browser: WARNING: no Korean font and not root; Korean screenshots will show boxes"; \
		fi; \
	}

test-browser: site-chromium gen-check
	@$(SITE_MAKE) site
	RAFTLAB_REQUIRE_BROWSER=1 RAFTLAB_CHROMIUM=$(SITE_CHROMIUM) $(GO) test -count=1 -timeout 10m ./tests/...
