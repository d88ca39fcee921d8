package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
)

// A funcEdit replaces one function of the toolchain's source by the page's
// version of it (or one const, var, type or import declaration: declNames).
// sum is the SHA-256 of the original declaration's text, from
// "func" to its closing brace: a Go release that changes the function makes
// pageoverlay fail, so the edit is looked at again instead of silently
// applied to code it was not written for. The page's version is padded with
// empty lines to the original's line count, so the lines of everything after
// it, which a traceback prints, stay the toolchain's.
type funcEdit struct {
	file string // under GOROOT/src
	name string // "f", or "T.m" for a method; "const x", "import path"... (declNames)
	sum  string
	text string
}

// funcEdits are the page's runtime functions that differ from the
// toolchain's. Each says why the page can never take the code it drops.
var funcEdits = []funcEdit{
	// The execution tracer is switched on only by runtime.StartTrace, which
	// only package runtime/trace calls, and the page does not link
	// runtime/trace (web's TestPageUsesItsOwnStdlibStandIns), so tracing
	// is off for the page's whole life: the compiler drops every `if
	// traceEnabled()` branch and the linker the tracer behind them (the event
	// writers, traceAdvance, the string and stack tables): 153 kB of code,
	// 32.7 kB of gzip -9. A tracer that never starts never shuts down, never
	// records allocations and frees, and hands out only traceAcquire's zero
	// traceLocker, whose ok is false: the sweeper's, the scheduler's and
	// thread exit's remaining calls into the tracer leave too.
	{"runtime/traceruntime.go", "traceEnabled", "396410eac0eca84d834e3407e72975e910f376c0e17b3e6c138fb8a5d2254884",
		"func traceEnabled() bool {\n\treturn false // raftlab's page: no runtime/trace, see cmd/pageoverlay\n}"},
	{"runtime/traceruntime.go", "traceShuttingDown", "92d2c8df45e602e8dd2d7838eb28489acf5e2739e78fa86c7d44a13063165a49",
		"func traceShuttingDown() bool {\n\treturn false // raftlab's page: the tracer never starts (cmd/pageoverlay)\n}"},
	{"runtime/traceruntime.go", "traceAllocFreeEnabled", "b91d1f48bb01f0b7275ca6947da3e307981b096df39a6ffeed39217b355054ff",
		"func traceAllocFreeEnabled() bool {\n\treturn false // raftlab's page: the tracer never starts (cmd/pageoverlay)\n}"},
	{"runtime/traceruntime.go", "traceLocker.ok", "2a5311786c84216a55162f3a0e5877135883531cc41b2610f05d5ef328bfbc56",
		"func (tl traceLocker) ok() bool {\n\treturn false // raftlab's page: the tracer never starts, so every traceLocker is traceAcquire's zero one (cmd/pageoverlay)\n}"},

	// The runtime's own GODEBUG settings: the page starts with no
	// environment (wasm_exec.js's env is {}) and its build has no default
	// GODEBUG (TestPageHasNoDefaultGODEBUG), so every debug.x the runtime
	// reads is its default, and fold writes each read as that
	// constant: what only a setting reaches leaves the page (schedtrace,
	// gctrace's and inittrace's reports, checkfinalizers, gccheckmark,
	// sbrk, efence, tracebackancestors...). The parser goes with its table;
	// a GODEBUG given anyway (make test-wasm under Node passes the
	// environment on) is reported once, not silently ignored.
	{"runtime/runtime1.go", "parseRuntimeDebugVars", "d73564021618c593e6516e99730e5204e80525d631dbdf73eec2a0637b7925d2",
		`func parseRuntimeDebugVars(godebug string) {
	// raftlab's page (cmd/pageoverlay): every debug.x the runtime reads is
	// its default, a constant.
	if godebug != "" || godebugDefault != "" {
		println("runtime: GODEBUG ignored: raftlab's page runtime has every setting at its default (cmd/pageoverlay):", godebug, godebugDefault)
	}
}`},
	// os.Setenv("GODEBUG", …) updates the settings it would reparse, which
	// are constants in the page.
	{"runtime/runtime1.go", "reparsedebugvars", "7c0c1e0476e4828c0765cd4d0106feca5a2dc96989896db6cfee7392b502e9d2",
		"func reparsedebugvars(env string) {\n\t// raftlab's page (cmd/pageoverlay): its debug settings are constants.\n}"},

	// Types from more than one module (plugins, shared libraries) are
	// de-duplicated at start. js/wasm links one module: go build has no
	// plugin or shared build modes there. Checked all the same: a second
	// module would stop the page at start.
	{"runtime/type.go", "typelinksinit", "cd0cfba6f971c8de567a92a12860b5155233da1f9aa85473e2b82acb49a6725c",
		`func typelinksinit() {
	// raftlab's page (cmd/pageoverlay): js/wasm links one module, so no
	// types from others to de-duplicate.
	if firstmoduledata.next != nil {
		throw("typelinksinit: more than one module, which cmd/pageoverlay's runtime does not de-duplicate")
	}
}`},

	// Profiles: the page reads none (it links no runtime/pprof, and the
	// linker sets disableMemoryProfiling, so MemProfileRate is 0), so the
	// page's runtime records none: the stack buckets, the sampled
	// allocations' and blocking events' unwinding leave. Checked where a
	// profile would be asked for: a block or mutex profile rate is refused,
	// and reading the memory profile (runtime.MemProfile, runtime/pprof's
	// heap and allocs profiles; testing's -memprofile) is a fatal error,
	// not an empty profile.
	{"runtime/malloc.go", "profilealloc", "ad099ca121803a5557c468d3637e2f918a1373ce02ea804672d16ca6cc9c9c8d",
		`func profilealloc(mp *m, x unsafe.Pointer, size uintptr) {
	c := getMCache(mp)
	if c == nil {
		throw("profilealloc called without a P or outside bootstrapping")
	}
	c.memProfRate = MemProfileRate
	c.nextSample = nextSample()
	// raftlab's page (cmd/pageoverlay): no memory profile recorded.
}`},
	{"runtime/mprof.go", "memProfileInternal", "ee02f384c221467565717fde76061eafa2754f8f29f24a9cc36ef148a7ae9eb2",
		`func memProfileInternal(size int, inuseZero bool, copyFn func(profilerecord.MemProfileRecord)) (n int, ok bool) {
	throw("raftlab's page runtime records no memory profile (cmd/pageoverlay)")
	return
}`},
	{"runtime/mprof.go", "SetBlockProfileRate", "24104dcd6645e21b909e76063ca695118f9e949f921b56f37de0fc0dbe2357e1",
		`func SetBlockProfileRate(rate int) {
	if rate > 0 {
		throw("SetBlockProfileRate: raftlab's page runtime records no block profile (cmd/pageoverlay)")
	}
}`},
	{"runtime/mprof.go", "blockevent", "015fd9fa33bb3ab96a7d7cb5da5baf35efa8d9afa223837f56ab60af01acc33a",
		"func blockevent(cycles int64, skip int) {\n\t// raftlab's page (cmd/pageoverlay): no block profile (SetBlockProfileRate).\n}"},
	{"runtime/mprof.go", "SetMutexProfileFraction", "d19e7ad20adfce6cdc3f370dc8ad2b8ee2891de0e24d1ef51e9412e79e5a0227",
		`func SetMutexProfileFraction(rate int) int {
	if rate > 0 {
		throw("SetMutexProfileFraction: raftlab's page runtime records no mutex profile (cmd/pageoverlay)")
	}
	return 0
}`},
	{"runtime/mprof.go", "mutexevent", "5373ca69b2d140fba46c8805509011ce0f2008221f7ba1eadac12342a35aeb01",
		"func mutexevent(cycles int64, skip int) {\n\t// raftlab's page (cmd/pageoverlay): no mutex profile (SetMutexProfileFraction).\n}"},
	// The goroutine profile (runtime.GoroutineProfile, runtime/pprof's
	// goroutine profile) and goroutine leak detection (runtime/pprof's
	// goroutineleak profile): the page asks for neither, so the scheduler's
	// and the collector's work for them leaves (constReads); asking is a
	// fatal error.
	{"runtime/mprof.go", "goroutineProfileWithLabelsConcurrent", "a6411eb018f72cec1d108ab6bd6d12a2946f3a831a05d9c9185938457d78dd14",
		`func goroutineProfileWithLabelsConcurrent(p []profilerecord.StackRecord, labels []unsafe.Pointer) (n int, ok bool) {
	throw("raftlab's page runtime takes no goroutine profile (cmd/pageoverlay)")
	return
}`},
	{"runtime/mgc.go", "goroutineLeakGC", "5ffa0261d886019161859d5a54c8c04faee76a092948b5a94c5b3188549bf440",
		`func goroutineLeakGC() {
	throw("raftlab's page runtime detects no goroutine leaks (cmd/pageoverlay)")
}`},
	// No cgo on js/wasm (constReads): no C traceback or symbolizer.
	{"runtime/traceback.go", "cgoTracebackAvailable", "84032267cb1124ea6d6c2c21741b9fbd51917106954302a8173e4a7952e3fd80",
		"func cgoTracebackAvailable() bool {\n\treturn false // raftlab's page: js/wasm has no cgo (cmd/pageoverlay)\n}"},
	{"runtime/traceback.go", "cgoSymbolizerAvailable", "4ccf10731164f8a3f0c009697bd676c940efacd37a31c9dce797000080bcc530",
		"func cgoSymbolizerAvailable() bool {\n\treturn false // raftlab's page: js/wasm has no cgo (cmd/pageoverlay)\n}"},
	// A goroutine's ancestors are saved only under
	// debug.tracebackancestors (saveAncestors), 0 in the page: there are
	// none to print.
	{"runtime/traceback.go", "printAncestorTraceback", "553e8f5ad912d1ccda0206d17203af0a4d0badc48860d2c495cfa1704425b1a2",
		"func printAncestorTraceback(ancestor ancestorInfo) {\n\t// raftlab's page (cmd/pageoverlay): no goroutine has ancestors saved.\n}"},

	// The scavenger returns free heap pages to the OS. js/wasm's
	// sysUnusedOS and sysHugePageOS are empty (mem_sbrk.go) and a
	// WebAssembly memory never shrinks, so all it did in the page was
	// accounting: memory it "released" was still the page's, and an
	// allocation that took it back paid sysUsed's no-op. The page's runtime
	// releases none: no background scavenger goroutine (gcenable still
	// gets its start signal), no goals to scavenge toward, so mheap.grow's
	// and allocSpan's assists never run, and pageAlloc.scavenge releases
	// nothing (debug.FreeOSMemory still collects). Every page stays in use
	// or free-and-unscavenged, as between two runs of the scavenger: the
	// heap's stats (heapFree, heapReleased, mappedReady) stay exact, only
	// heapReleased no longer grows after its fresh-memory start. A memory
	// limit is refused (GOMEMLIMIT, debug.SetMemoryLimit): it relies on the
	// scavenger to get back under it. GOGC works as before.
	{"runtime/mgcscavenge.go", "bgscavenge", "8bcc4cbeea61b1d928fb11da7d8e56410ff56cac133dddd801d72c874cc0a007",
		`func bgscavenge(c chan int) {
	// raftlab's page (cmd/pageoverlay): no scavenger, nothing to return.
	c <- 1
}`},
	{"runtime/mgcscavenge.go", "gcPaceScavenger", "8902ed6d5345aa02e40353e07947f5a7eb396764d379db000c897dac1bdb92bc",
		`func gcPaceScavenger(memoryLimit int64, heapGoal, lastHeapGoal uint64) {
	assertWorldStoppedOrLockHeld(&mheap_.lock)
	// raftlab's page (cmd/pageoverlay): nothing to scavenge toward.
	scavenge.memoryLimitGoal.Store(^uint64(0))
	scavenge.gcPercentGoal.Store(^uint64(0))
}`},
	{"runtime/mgcscavenge.go", "pageAlloc.scavenge", "9b71abf225b43a69e4f68e853ce3bb471cc292526e462452e0c2d48317232301",
		`func (p *pageAlloc) scavenge(nbytes uintptr, shouldStop func() bool, force bool) uintptr {
	return 0 // raftlab's page (cmd/pageoverlay): js/wasm memory cannot be returned
}`},
	{"runtime/mgcscavenge.go", "scavengerState.wake", "3740831d476409cc20a2ceb483a0863d708edd256a2e615f24c15f285bb87682",
		"func (s *scavengerState) wake() {\n\t// raftlab's page (cmd/pageoverlay): no scavenger goroutine to wake.\n}"},
	{"runtime/mgcpacer.go", "readGOMEMLIMIT", "025c68206c51250f6e9248fc339abc2b9dfd447c1006447de830b902a900731b",
		`func readGOMEMLIMIT() int64 {
	p := gogetenv("GOMEMLIMIT")
	if p == "" || p == "off" {
		return math.MaxInt64
	}
	print("GOMEMLIMIT=", p, "\n")
	throw("GOMEMLIMIT: raftlab's page runtime has no scavenger to keep a memory limit (cmd/pageoverlay)")
	return 0
}`},
	{"runtime/mgcpacer.go", "setMemoryLimit", "7a08999a198e7b6b6d57d408c481d8a4e678c48eae0f810baa442ad26a20ed84",
		`func setMemoryLimit(in int64) (out int64) {
	if in >= 0 && in != math.MaxInt64 {
		throw("SetMemoryLimit: raftlab's page runtime has no scavenger to keep a memory limit (cmd/pageoverlay)")
	}
	return gcController.memoryLimit.Load()
}`},

	// synctest bubbles: only testing/synctest makes one (synctestRun, its
	// one caller; the page does not link it), so no goroutine of the page
	// is ever in a bubble; asking for one is a fatal error. syscall/js's
	// FuncOf asks internal/synctest.Acquire for the caller's bubble, always
	// nil: Acquire says so, and the bubble's bookkeeping behind every
	// gp.bubble != nil check (status changes, parking, waking) leaves.
	{"runtime/synctest.go", "synctestRun", "4b9b4172646cc9d513042ffccd9f0714a995df2929bcec4d427db01351d54b11",
		"func synctestRun(f func()) {\n\tthrow(noBubbles)\n}\n\nconst noBubbles = \"raftlab's page runtime has no synctest bubbles (cmd/pageoverlay)\""},
	{"runtime/synctest.go", "synctestBubble.changegstatus", "08cdf8cc33b834f6710f4950bf1bf9602faceda01838ab093c66653e49268140",
		"func (bubble *synctestBubble) changegstatus(gp *g, oldval, newval uint32) {\n\tthrow(noBubbles)\n}"},
	{"runtime/synctest.go", "synctestBubble.incActive", "f55950603edfa77b68a86376c028ae3b93d44e019aaed15f1a0be1f029338cc7",
		"func (bubble *synctestBubble) incActive() {\n\tthrow(noBubbles)\n}"},
	{"runtime/synctest.go", "synctestBubble.decActive", "f05b5d56b3847bb6ca22af538ff31dec4575a5ad76f70d5e6bd5e29182159aaa",
		"func (bubble *synctestBubble) decActive() {\n\tthrow(noBubbles)\n}"},
	{"runtime/synctest.go", "synctestBubble.maybeWakeLocked", "49123afd6ea1a5300a49475c4cb3319e52ab3c9aa3e7057ad31a9eb8da4563fb",
		"func (bubble *synctestBubble) maybeWakeLocked() *g {\n\tthrow(noBubbles)\n\treturn nil\n}"},
	{"internal/synctest/synctest.go", "Acquire", "6b2ab01afb78284b13c7aa4ee1eec89ade04d8599192169a0d3b542f20346c86",
		"func Acquire() *Bubble {\n\treturn nil // raftlab's page: no goroutine is in a bubble (cmd/pageoverlay)\n}"},
	{"internal/synctest/synctest.go", "Bubble.Release", "4e37bb32f322090f8780baca6a1223e7ba1efc188e5a57686f1762cd23f05399",
		"func (b *Bubble) Release() {\n\tif b != nil {\n\t\tpanic(\"raftlab's page runtime has no synctest bubbles (cmd/pageoverlay)\")\n\t}\n}"},
	{"internal/synctest/synctest.go", "Bubble.Run", "a357dbce5bed2decb131e862c150fe3dc2219b9ee91fc74a310882fa76209cea",
		"func (b *Bubble) Run(f func()) {\n\tb.Release() // no bubble to run f in: b is nil\n\tf()\n}"},
}

// applyFuncEdit returns src with e made.
func applyFuncEdit(src string, e funcEdit) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, e.file, src, parser.SkipObjectResolution)
	if err != nil {
		return "", err
	}
	var found []ast.Decl
	for _, d := range f.Decls {
		if slices.Contains(declNames(d), e.name) {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("%s: %d declarations of %s (Go changed it?)", e.file, len(found), e.name)
	}
	a, b := fset.Position(found[0].Pos()).Offset, fset.Position(found[0].End()).Offset
	orig := src[a:b]
	if sum := textSum(orig); sum != e.sum {
		return "", fmt.Errorf("%s: %s does not read as pageoverlay expects (Go changed it?): its SHA-256 is %s", e.file, e.name, sum)
	}
	pad := strings.Count(orig, "\n") - strings.Count(e.text, "\n")
	if pad < 0 {
		return "", fmt.Errorf("%s: the page's %s is longer than the original", e.file, e.name)
	}
	return src[:a] + e.text + strings.Repeat("\n", pad) + src[b:], nil
}

// textSum is the hex SHA-256 of s.
func textSum(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// declNames are the names a funcEdit finds d by: "f" or "T.m" for a
// function or method; for a const, var, type or import declaration
// "const x", "var x", "type T" or "import path" for each name or path it
// declares (the edit replaces the whole declaration, a parenthesized
// group included).
func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return []string{funcName(d)}
	case *ast.GenDecl:
		var names []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.ImportSpec:
				names = append(names, "import "+strings.Trim(s.Path.Value, "\"`"))
			case *ast.TypeSpec:
				names = append(names, "type "+s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, d.Tok.String()+" "+n.Name)
				}
			}
		}
		return names
	}
	return nil
}

func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return "?." + fd.Name.Name
}

// debugDefaults is every field of the runtime's `var debug struct`
// (runtime1.go), in order, with its value on js/wasm when there is no
// GODEBUG: parseRuntimeDebugVars' explicit defaults and dbgvars' def
// values, both pinned by checkDebugDefaults' hashes. An atomic field's
// Load() is folded; its Store and address are left alone.
var debugDefaults = []struct{ name, value string }{
	{"cgocheck", "int32(1)"},
	{"clobberfree", "int32(0)"},
	{"containermaxprocs", "int32(1)"},
	{"decoratemappings", "int32(1)"},
	{"disablethp", "int32(0)"},
	{"dontfreezetheworld", "int32(0)"},
	{"efence", "int32(0)"},
	{"gccheckmark", "int32(0)"},
	{"gcpacertrace", "int32(0)"},
	{"gcshrinkstackoff", "int32(0)"},
	{"gcstoptheworld", "int32(0)"},
	{"gctrace", "int32(0)"},
	{"invalidptr", "int32(1)"},
	{"madvdontneed", "int32(0)"}, // 1 on linux only
	{"scavtrace", "int32(0)"},
	{"scheddetail", "int32(0)"},
	{"schedtrace", "int32(0)"},
	{"tracebackancestors", "int32(0)"},
	{"updatemaxprocs", "int32(1)"},
	{"asyncpreemptoff", "int32(0)"}, // 1 only with gccheckmark
	{"harddecommit", "int32(0)"},
	{"adaptivestackstart", "int32(1)"},
	{"tracefpunwindoff", "int32(0)"},
	{"traceadvanceperiod", "int32(defaultTraceAdvancePeriod)"},
	{"traceCheckStackOwnership", "int32(0)"},
	{"profstackdepth", "int32(min(128, maxProfStackDepth))"},
	{"dataindependenttiming", "int32(0)"},
	{"malloc", "false"}, // inittrace | sbrk | checkfinalizers, or the tracer's allocation events
	{"inittrace", "int32(0)"},
	{"sbrk", "int32(0)"},
	{"checkfinalizers", "int32(0)"},
	{"traceallocfree", "atomic:int32(0)"},
	{"panicnil", "atomic:int32(0)"},
	{"asynctimerchan", "atomic:int32(0)"},
	{"tracebacklabels", "atomic:int32(0)"},
}

// constReads are the other reads the page's runtime has as constants,
// each made so by a funcEdit: the tracer's predicates (a closure made by
// inlining does not inline its own calls, so mheap.freeSpan's in sweep
// stayed calls, and the tracer with them), and the state of the goroutine
// profile and of goroutine leak detection, which only runtime/pprof and
// runtime.GoroutineProfile start (both refused); what only a debug setting
// switches on (inittrace.active, under debug.inittrace; useCheckmark, by
// startCheckmarks under debug.gccheckmark or debug.checkfinalizers); and cgo's: js/wasm has no
// cgo (TestJSWasmHasNoCgo), so runtime/cgo, which alone sets iscgo and
// provides the C traceback and symbolizer calls, is never linked.
var constReads = map[string]string{
	"traceEnabled()":                    "false",
	"traceShuttingDown()":               "false",
	"traceAllocFreeEnabled()":           "false",
	"goroutineProfile.active":           "false",
	"work.goroutineLeak.enabled":        "false",
	"work.goroutineLeak.pending.Load()": "false",
	"inittrace.active":                  "false",
	"useCheckmark":                      "false",
	"iscgo":                             "false",
	"cgoTracebackAvailable()":           "false",
	"cgoSymbolizerAvailable()":          "false",
}

// dbgvarsSum is the SHA-256 of runtime1.go's `var dbgvars = …`
// declaration, whose def values debugDefaults repeats.
const dbgvarsSum = "1a9873246d38580027b142598740e1621e9a87de8f3971a1ca6e2b0d925082d9"

// checkDebugDefaults fails unless runtime1.go (the toolchain's) declares
// the debug struct with debugDefaults' fields and dbgvars as expected.
func checkDebugDefaults(runtime1 string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "runtime1.go", runtime1, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	var fields []string
	dbgvars := ""
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			switch vs.Names[0].Name {
			case "debug":
				st, ok := vs.Type.(*ast.StructType)
				if !ok {
					return errors.New("runtime1.go: debug is not a struct (Go changed it?)")
				}
				for _, fl := range st.Fields.List {
					for _, n := range fl.Names {
						fields = append(fields, n.Name)
					}
				}
			case "dbgvars":
				dbgvars = runtime1[fset.Position(g.Pos()).Offset:fset.Position(g.End()).Offset]
			}
		}
	}
	var want []string
	for _, d := range debugDefaults {
		want = append(want, d.name)
	}
	if !slices.Equal(fields, want) {
		return errors.New("runtime1.go: the debug struct's fields are not what pageoverlay folds (Go changed them?): " + strings.Join(fields, ", "))
	}
	if sum := textSum(dbgvars); sum != dbgvarsSum {
		return fmt.Errorf("runtime1.go: dbgvars does not read as pageoverlay expects (Go changed its defaults?): its SHA-256 is %s", sum)
	}
	return nil
}

// fold returns src (a file of package runtime) with every read of a debug
// setting written as its default (debugDefaults) and every other read in
// constReads as its value, and how many it folded. Writes (assignments,
// ++, &x, an atomic's Store) are left as they are: nothing reads what they
// write. Every line keeps its place. It fails on a debug.x it does not
// know, and in a function with a local of the same name as a folded read's
// root (debug, iscgo...), which it could not tell apart.
func fold(name, src string) (string, int, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return "", 0, err
	}
	values := map[string]string{}
	for k, v := range constReads {
		values[k] = v
	}
	for _, d := range debugDefaults {
		if v, ok := strings.CutPrefix(d.value, "atomic:"); ok {
			values["debug."+d.name+".Load()"] = v
		} else {
			values["debug."+d.name] = d.value
		}
	}
	roots := map[string]bool{"debug": true}
	for k := range values {
		roots[root(k)] = true
	}
	type edit struct {
		a, b int
		s    string
	}
	var edits []edit
	var failed error
	notRead := map[ast.Expr]bool{} // written, or a name being declared or selected
	for _, decl := range f.Decls {
		locals := declared(decl, roots)
		ast.Inspect(decl, func(n ast.Node) bool {
			if failed != nil {
				return false
			}
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					notRead[l] = true
				}
			case *ast.IncDecStmt:
				notRead[n.X] = true
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					notRead[n.X] = true
				}
			case *ast.CallExpr:
				if m, ok := n.Fun.(*ast.SelectorExpr); ok && m.Sel.Name == "Store" {
					notRead[m.X] = true
				}
			case *ast.SelectorExpr:
				notRead[n.Sel] = true
			case *ast.KeyValueExpr:
				notRead[n.Key] = true
			case *ast.ValueSpec:
				for _, id := range n.Names {
					notRead[id] = true
				}
			case *ast.Field:
				for _, id := range n.Names {
					notRead[id] = true
				}
			case *ast.FuncDecl:
				notRead[n.Name] = true
			case *ast.TypeSpec:
				notRead[n.Name] = true
			case *ast.LabeledStmt:
				notRead[n.Label] = true
			case *ast.BranchStmt:
				if n.Label != nil {
					notRead[n.Label] = true
				}
			}
			x, ok := n.(ast.Expr)
			if !ok || notRead[x] {
				return true
			}
			p := path(x)
			v, fold := values[p]
			_, isDebug := debugField(x)
			if !fold && !isDebug {
				return true
			}
			pos := fset.Position(x.Pos())
			switch {
			case locals[root(p)]:
				failed = fmt.Errorf("%s:%d: %s: a local named %s hides the runtime's: pageoverlay cannot tell them apart", name, pos.Line, p, root(p))
			case !fold:
				failed = fmt.Errorf("%s:%d: %s is no debug setting pageoverlay knows how to fold (Go added it, or uses an atomic other than by Load, Store or its address?)", name, pos.Line, p)
			default:
				edits = append(edits, edit{pos.Offset, fset.Position(x.End()).Offset, v})
			}
			return false
		})
	}
	if failed != nil {
		return "", 0, failed
	}
	slices.SortFunc(edits, func(x, y edit) int { return y.a - x.a })
	for _, e := range edits {
		src = src[:e.a] + e.s + src[e.b:]
	}
	return src, len(edits), nil
}

// path returns x as constReads' keys spell it: a.b.c for a selector of
// an identifier, with "()" after a call of one with no arguments; "" for
// anything else.
func path(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if p := path(x.X); p != "" && !strings.HasSuffix(p, ")") {
			return p + "." + x.Sel.Name
		}
	case *ast.CallExpr:
		if p := path(x.Fun); p != "" && len(x.Args) == 0 && !strings.HasSuffix(p, ")") {
			return p + "()"
		}
	}
	return ""
}

// root is path p's first name.
func root(p string) string {
	if i := strings.IndexAny(p, ".("); i >= 0 {
		return p[:i]
	}
	return p
}

// debugField returns x's field name if x is debug.field.
func debugField(x ast.Expr) (string, bool) {
	s, ok := x.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	if id, ok := s.X.(*ast.Ident); ok && id.Name == "debug" {
		return s.Sel.Name, true
	}
	return "", false
}

// declared returns which of names decl declares inside a function: a
// parameter, result, local variable or constant, range variable or label.
// (A package-level declaration is the runtime's own.)
func declared(decl ast.Decl, names map[string]bool) map[string]bool {
	found := map[string]bool{}
	fd, ok := decl.(*ast.FuncDecl)
	if !ok {
		return found
	}
	add := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil && names[id.Name] {
				found[id.Name] = true
			}
		}
	}
	ast.Inspect(fd, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			add(n.Names...)
		case *ast.ValueSpec:
			add(n.Names...)
		case *ast.TypeSpec:
			add(n.Name)
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						add(id)
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, l := range []ast.Expr{n.Key, n.Value} {
					if id, ok := l.(*ast.Ident); ok {
						add(id)
					}
				}
			}
		}
		return true
	})
	return found
}
