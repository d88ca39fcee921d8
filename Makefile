# raftlab: `make serve` builds and serves the playground, `make test` runs every test.
GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WASMEXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
# Packages whose tests also run compiled to WebAssembly under Node.
WASM_TEST_PKGS ?= ./core/...

# Browser tests run once, from test-browser (site.mk), after the site is built.
NATIVE_PKGS = $(shell $(GO) list ./... | grep -v '/tests$$')

.PHONY: test vet test-native test-wasm test-fuzz bench etcd-3.5.17

test: vet test-native test-wasm test-fuzz test-browser size-report

vet:
	$(GO) vet ./...

# The site's main.wasm is built -tags servedlessons,servedcatalog (site.mk): its
# lessons and texts come from dist/lessons.json and dist/catalog.json, and the
# tests of core/lesson and core/catalog load them that way too.
test-native:
	$(GO) test -count=1 -timeout 30m $(NATIVE_PKGS)
	$(GO) test -count=1 -tags servedlessons -run '^(TestUseBundle|TestMatchAndValidate|TestSolutionComments)$$' ./core/lesson
	$(GO) test -count=1 -tags servedcatalog ./core/catalog

test-wasm: site-overlay
	GOEXPERIMENT=$(SITE_GOEXPERIMENT) GOOS=js GOARCH=wasm $(GO) test -overlay=$(SITE_OVERLAY) -count=1 -timeout 30m -exec "$(WASMEXEC)" $(WASM_TEST_PKGS)

# Each fuzz target runs for FUZZTIME beyond its committed corpus (which
# test-native already replays); a crash it finds is written to the
# package's testdata/fuzz ("Failing input written to ...") and fails the
# run: commit it as a regression. Go's fuzzing coordinator sometimes ends a
# timed run with a bare "context deadline exceeded" and no input (it could
# not stop a worker in time; go.dev/issue/75804, fixed in Go 1.27): that
# is no finding, so it is reported, not failed.
FUZZTIME ?= 4s
FUZZ_TARGETS = ./core/console:FuzzParseLine ./web:FuzzParseShare ./core/etcdconf:FuzzParse \
	./core/etcdctl:FuzzRun ./core/etcdctl:FuzzPlainLine ./core/lab:FuzzExec ./core/posixre:FuzzMatch ./core/walltime:FuzzParse ./core/columns:FuzzIsTabwriter \
	./core/neturl:FuzzIsNetURL ./web:FuzzPageJSON ./core/jsonw:FuzzDecode ./core/jsonw:FuzzWrite

test-fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		out=$$($(GO) test -count=1 -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $$pkg 2>&1); rc=$$?; \
		echo "$$out" | tail -n 4; \
		if [ $$rc -ne 0 ]; then \
			if echo "$$out" | grep -q 'Failing input written' || ! echo "$$out" | grep -q 'context deadline exceeded'; then \
				echo "$$out"; exit 1; \
			fi; \
			echo "fuzz $$fn: the fuzzing coordinator timed out stopping a worker (no failing input): not a finding"; \
		fi; \
	done

# The side-by-side Raft table (core/raft vs etcd's raft, see core/raft/raftcmp)
# comes last: ratios per CPU second and allocations per entry.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime=0.5s ./core/... ./web/...
	RAFTLAB_RAFTCMP=1 $(GO) test -count=1 -run '^TestCompare$$' -v -benchtime=0.3s ./core/raft/raftcmp | grep -v '^=== RUN'

include site.mk

# Builds etcd/etcdctl 3.5.17 from Go modules into the user cache (minutes when cold) and boots them:
# from then on the real-etcd boot test runs against 3.5.17 as well as Debian's etcd.
etcd-3.5.17:
	RAFTLAB_ETCD3517=build $(GO) test -count=1 -run '^TestRealEtcdMatchesIDs$$' -v ./core/etcdconf
