package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestEditsThisToolchain fails when the installed Go's runtime no longer
// reads as pageoverlay expects, before a page build does; and checks what
// the overlay holds: the godebug stand-in, and runtime files that keep
// every line in its place, have each funcEdit and no debug setting left to
// fold.
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
	src := filepath.Join(runtime.GOROOT(), "src")
	edited := map[string]bool{}
	for from, to := range o.Replace {
		if !filepath.IsAbs(from) || !filepath.IsAbs(to) {
			t.Fatalf("overlay %q -> %q", from, to)
		}
		rel, err := filepath.Rel(src, from)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		edited[rel] = true
		page, err := os.ReadFile(to)
		if err != nil {
			t.Fatal(err)
		}
		if rel == "internal/godebug/godebug.go" {
			if string(page) != godebugStandIn {
				t.Fatal("the overlay's godebug.go is not the stand-in")
			}
			continue
		}
		if filepath.Dir(rel) != "runtime" && !slices.ContainsFunc(allEdits(), func(e funcEdit) bool { return e.file == rel }) {
			t.Fatalf("overlay replaces %s", rel)
		}
		orig, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := strings.Count(string(orig), "\n"), strings.Count(string(page), "\n"); a != b {
			t.Errorf("%s: %d lines, the toolchain's %d: a traceback's line numbers would be wrong", rel, b, a)
		}
		if _, n, err := fold(rel, string(page)); err != nil || n != 0 {
			t.Errorf("%s: %d debug settings left to fold (%v)", rel, n, err)
		}
		for _, e := range allEdits() {
			if e.file == rel && !strings.Contains(string(page), e.text) {
				t.Errorf("%s: no page's %s", rel, e.name)
			}
		}
	}
	for _, e := range allEdits() {
		if !edited[e.file] {
			t.Errorf("overlay has no %s (for %s)", e.file, e.name)
		}
	}
	// The files that read debug settings the most.
	for _, f := range []string{"runtime/proc.go", "runtime/mgc.go", "runtime/malloc.go", "runtime/panic.go"} {
		if !edited[f] {
			t.Errorf("overlay has no %s", f)
		}
	}
}

func TestApplyFuncEdit(t *testing.T) {
	const src = "package p\n\n// f's doc.\nfunc f() int {\n\treturn 1 +\n\t\t2\n}\n\nfunc (t *T) m() {}\n\nfunc g() {}\n"
	const fText = "func f() int {\n\treturn 1 +\n\t\t2\n}"
	f := funcEdit{"p.go", "f", textSum(fText), "func f() int { return 0 }"}
	got, err := applyFuncEdit(src, f)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(src, fText, "func f() int { return 0 }\n\n\n", 1); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	m := funcEdit{"p.go", "T.m", textSum("func (t *T) m() {}"), "func (t *T) m() {\n}"}
	if _, err := applyFuncEdit(src, m); err == nil {
		t.Error("a page's function longer than the original was accepted")
	}
	m.text = "func (t *T) m() { panic(0) }"
	if got, err := applyFuncEdit(src, m); err != nil || !strings.Contains(got, m.text) {
		t.Errorf("method: %v", err)
	}
	for _, e := range []funcEdit{
		{"p.go", "f", textSum(fText + " "), "func f() int { return 0 }"},
		{"p.go", "h", textSum(fText), "func h() {}"},
		{"p.go", "m", textSum("func (t *T) m() {}"), "func m() {}"},
	} {
		if _, err := applyFuncEdit(src, e); err == nil {
			t.Errorf("%s: accepted", e.name)
		}
	}
	if _, err := applyFuncEdit(src+"func f() int { return 1 }\n", f); err == nil {
		t.Error("two fs accepted")
	}
}

// TestApplyDeclEdit: a funcEdit finds a const, var or import declaration
// by any name or path it declares, and replaces the whole declaration.
func TestApplyDeclEdit(t *testing.T) {
	const src = "package p\n\nimport (\n\t\"a\"\n\t\"b/c\"\n)\n\nconst (\n\tx = 1\n\ty = 2\n)\n\nvar z, w int\n"
	const imports = "import (\n\t\"a\"\n\t\"b/c\"\n)"
	const consts = "const (\n\tx = 1\n\ty = 2\n)"
	for _, c := range []struct{ name, orig, text string }{
		{"import b/c", imports, "import \"a\""},
		{"const y", consts, "const (\n\tx = 1\n\ty = 0\n)"},
		{"var w", "var z, w int", "var z, w uint"},
	} {
		got, err := applyFuncEdit(src, funcEdit{"p.go", c.name, textSum(c.orig), c.text})
		pad := strings.Count(c.orig, "\n") - strings.Count(c.text, "\n")
		if want := strings.Replace(src, c.orig, c.text+strings.Repeat("\n", pad), 1); err != nil || got != want {
			t.Errorf("%s: %v\n%s\nwant\n%s", c.name, err, got, want)
		}
	}
	for _, name := range []string{"import b", "const z", "x", "var x"} {
		if _, err := applyFuncEdit(src, funcEdit{"p.go", name, textSum(consts), consts}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestStrconvIsPrintIsUnicodes: the page's strconv.IsPrint is
// unicode.IsPrint (stdEdits), which holds while the toolchain's answers
// as unicode's for every rune.
func TestStrconvIsPrintIsUnicodes(t *testing.T) {
	n := 0
	for r := rune(-2); r <= unicode.MaxRune+2; r++ {
		if strconv.IsPrint(r) != unicode.IsPrint(r) {
			t.Fatalf("strconv.IsPrint(%U) = %v, unicode.IsPrint %v", r, strconv.IsPrint(r), unicode.IsPrint(r))
		}
		if unicode.IsPrint(r) {
			n++
		}
	}
	if n < 100000 {
		t.Fatalf("only %d printable runes", n)
	}
}

// TestCheckFlagMethod: the toolchain's reflect sets flagMethod in
// Value.Method alone; a reflect that sets it anywhere else is refused.
func TestCheckFlagMethod(t *testing.T) {
	src := filepath.Join(runtime.GOROOT(), "src")
	if err := checkFlagMethod(src); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(src, "reflect", "value.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, extra := range []string{
		"func (v Value) m2() Value { v.flag |= flagMethod; return v }",
		"func (v Value) m2() Value { return Value{v.typ(), v.ptr, flag(Func) | flagMethod} }",
		"var methodBit = flagMethod",
	} {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "reflect"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "reflect", "value.go"), append(b, "\n"+extra+"\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		if checkFlagMethod(dir) == nil {
			t.Errorf("accepted a reflect with %q", extra)
		}
	}
	if checkFlagMethod(t.TempDir()) == nil {
		t.Error("accepted a reflect with no flagMethod")
	}
}

// TestPageCallsNoMethodValues: the page's reflect has no method values
// (stdEdits), so no package the page links may call Value.Method or
// MethodByName (which would also make the linker keep every exported
// method of every type). Checked by name in every file that imports
// reflect, more strictly than by type.
func TestPageCallsNoMethodValues(t *testing.T) {
	cmd := exec.Command("go", "list", "-tags", "servedlessons,servedcatalog", "-deps", "-f", "{{.ImportPath}}{{range .GoFiles}} {{$.Dir}}/{{.}}{{end}}", "../../wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if f[0] == "reflect" {
			continue
		}
		for _, file := range f[1:] {
			fset := token.NewFileSet()
			af, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(af.Imports, func(s *ast.ImportSpec) bool { return s.Path.Value == "\"reflect\"" }) {
				continue
			}
			files++
			ast.Inspect(af, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if s, ok := c.Fun.(*ast.SelectorExpr); ok && (s.Sel.Name == "Method" || s.Sel.Name == "MethodByName") {
						t.Errorf("%s: %s calls %s: the page's reflect has no method values (cmd/pageoverlay)", fset.Position(c.Pos()), f[0], s.Sel.Name)
					}
				}
				return true
			})
		}
	}
	if files < 5 {
		t.Errorf("only %d files of the page import reflect", files)
	}
}

func TestFold(t *testing.T) {
	const src = `package runtime

var iscgo bool

func f(p *int32) {
	if debug.gctrace > 0 || debug.malloc {
		println(debug.profstackdepth)
	}
	debug.malloc = debug.sbrk != 0
	debug.gctrace++
	g(&debug.schedtrace)
	if debug.panicnil.Load() != 1 {
		debug.panicnil.Store(1)
	}
	h(&debug.asynctimerchan)
	if traceEnabled() || !work.goroutineLeak.enabled && work.goroutineLeak.pending.Load() || iscgo {
		work.goroutineLeak.enabled = true
		work.goroutineLeak.pending.Store(false)
		println(x.traceEnabled(), work.goroutineLeak, T{iscgo: true})
	}
}
`
	const want = `package runtime

var iscgo bool

func f(p *int32) {
	if int32(0) > 0 || false {
		println(int32(min(128, maxProfStackDepth)))
	}
	debug.malloc = int32(0) != 0
	debug.gctrace++
	g(&debug.schedtrace)
	if int32(0) != 1 {
		debug.panicnil.Store(1)
	}
	h(&debug.asynctimerchan)
	if false || !false && false || false {
		work.goroutineLeak.enabled = true
		work.goroutineLeak.pending.Store(false)
		println(x.traceEnabled(), work.goroutineLeak, T{iscgo: true})
	}
}
`
	got, n, err := fold("f.go", src)
	if err != nil {
		t.Fatal(err)
	}
	if got != want || n != 9 {
		t.Errorf("folded %d:\n%s\nwant 9:\n%s", n, got, want)
	}
	for _, bad := range []string{
		"package runtime\nfunc f() { println(debug.newsetting) }\n",
		"package runtime\nfunc f() { x := debug.panicnil; _ = x }\n",
		"package runtime\nfunc f(debug T) { println(debug.gctrace) }\n",
		"package runtime\nfunc f() { debug := T{}; println(debug.gctrace) }\n",
		"package runtime\nfunc f() { traceEnabled := g; println(traceEnabled()) }\n",
		"package runtime\nfunc f() { for iscgo := range 2 { println(iscgo) } }\n",
	} {
		if _, _, err := fold("f.go", bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	// A local debug that reads no setting is fine (stkframe.go's getStackMap).
	if _, n, err := fold("f.go", "package runtime\nfunc f(debug bool) { println(debug) }\n"); err != nil || n != 0 {
		t.Errorf("local debug: %d, %v", n, err)
	}
}

func TestCheckDebugDefaults(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "runtime", "runtime1.go"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	if err := checkDebugDefaults(src); err != nil {
		t.Fatal(err)
	}
	for _, edit := range [][2]string{
		{"\tgctrace                  int32\n", "\tgctrace                  int32\n\tnewsetting int32\n"},
		{`{name: "profstackdepth", value: &debug.profstackdepth, def: 128},`, `{name: "profstackdepth", value: &debug.profstackdepth, def: 64},`},
	} {
		if !strings.Contains(src, edit[0]) {
			t.Fatalf("runtime1.go has no %q", edit[0])
		}
		if checkDebugDefaults(strings.Replace(src, edit[0], edit[1], 1)) == nil {
			t.Errorf("accepted runtime1.go with %q", edit[1])
		}
	}
}

// TestGodebugStandIn: the stand-in provides the API it checks for, and
// checkGodebug refuses any other.
func TestGodebugStandIn(t *testing.T) {
	if err := checkGodebug(godebugStandIn); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		"package godebug\n",
		godebugStandIn + "\nfunc Extra() {}\n",
		strings.Replace(godebugStandIn, "func (s *Setting) IncNonDefault() {}", "", 1),
	} {
		if checkGodebug(src) == nil {
			t.Errorf("checkGodebug accepted %.80q", src)
		}
	}
}

// TestPageHasNoDefaultGODEBUG: the stand-in gives every setting its
// default, which is "" only while the page's build has no default GODEBUG
// (a go.mod godebug line, //go:debug directives, or an older go version in
// go.mod would make one).
func TestPageHasNoDefaultGODEBUG(t *testing.T) {
	cmd := exec.Command("go", "list", "-tags", "servedlessons,servedcatalog", "-f", "{{.DefaultGODEBUG}}", "../../wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if d := strings.TrimSpace(string(out)); d != "" {
		t.Fatalf("the page's default GODEBUG is %q: pageoverlay's internal/godebug stand-in would ignore it", d)
	}
}

// crasher is a js/wasm program built under the overlay by
// TestPageRuntimeRuns: it uses what the page's runtime does (goroutines,
// channels, timers, the GC, finalizers, maps), then fails as asked.
const crasher = `package main

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"syscall/js"
	"time"
)

func deep(n int, how string) {
	if n > 0 {
		deep(n-1, how)
		return
	}
	switch how {
	case "panic":
		panic(fmt.Sprintf("boom %d", n))
	case "nilmap":
		var m map[string]int
		m["x"] = 1
	case "deadlock":
		<-make(chan int)
	case "memprofile":
		runtime.MemProfile(nil, true)
	case "blockprofile":
		runtime.SetBlockProfileRate(1)
	case "goroutineprofile":
		runtime.GoroutineProfile(nil)
	case "memlimit":
		debug.SetMemoryLimit(1 << 30)
	case "methodvalue":
		reflect.ValueOf(time.Second).MethodByName("String")
	}
}

// churn allocates and drops about 1.2 GB in blocks of 1 kB to 1 MB with
// 2 MB or so live, over many collections: the heap must stay bounded with
// no scavenger, and none of it is released, not even by debug.FreeOSMemory
// (the toolchain's runtime releases megabytes there). Only fresh memory
// the heap grows by counts as released until first used (mheap.grow), so
// released may grow by no more than the heap's size did: a 1 MB block
// that finds no free run late in the loop grows it (seen in CI once).
func churn() {
	var ring [64][]byte
	var mid, end runtime.MemStats
	for i := 0; i < 600; i++ {
		if i == 300 {
			runtime.ReadMemStats(&mid)
		}
		for j := 0; j < 16; j++ {
			n := 1 << (10 + (i+j)%8)
			if (i+j)%97 == 0 {
				n = 1 << 20
			}
			ring[(i*16+j)%len(ring)] = make([]byte, n)
		}
		runtime.Gosched() // the toolchain's scavenger would run here
	}
	ring = [64][]byte{}
	debug.FreeOSMemory() // and release all that is free here
	runtime.ReadMemStats(&end)
	fmt.Println("churn gcs", end.NumGC-mid.NumGC, "heapsys", mid.HeapSys, end.HeapSys, "released", mid.HeapReleased, end.HeapReleased, len(ring))
	grown := int64(end.HeapSys) - int64(mid.HeapSys)
	if end.NumGC-mid.NumGC < 10 || end.HeapSys > 64<<20 || grown > 8<<20 || int64(end.HeapReleased)-int64(mid.HeapReleased) > max(grown, 0) {
		fmt.Println("churn failed")
	}
}

func main() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	<-ch
	var keep [][]byte
	for i := 0; i < 2000; i++ {
		keep = append(keep, make([]byte, 10000))
		keep = keep[max(0, len(keep)-100):]
	}
	finalized := make(chan bool)
	func() {
		p := new([64]byte)
		runtime.SetFinalizer(p, func(*[64]byte) { close(finalized) })
	}()
	runtime.GC()
	select {
	case <-finalized:
	case <-time.After(5 * time.Second):
		fmt.Println("no finalizer")
	}
	inc := js.FuncOf(func(this js.Value, args []js.Value) any { return args[0].Int() + 1 })
	if inc.Invoke(41).Int() != 42 {
		fmt.Println("FuncOf failed")
	}
	inc.Release()
	fmt.Println("ok", len(keep))
	if os.Args[1] == "fmt" {
		fmt.Print(fmtCases())
	}
	if os.Args[1] == "churn" {
		churn()
	}
	deep(3, os.Args[1])
}
`

// fmtCases prints what the overlay's fmt, internal/fmtsort and reflect
// change: maps sorted by key (more entries than an insertion sort's
// block, keys of many kinds), errors wrapped by reordered %w verbs, and
// funcs through reflect. TestPageRuntimeRuns compares it with the
// toolchain's, natively: nothing here prints an address.
const fmtCases = `package main

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
)

type point struct {
	X int
	S string
}

func fmtCases() string {
	var b strings.Builder
	ints := map[int]string{}
	strs := map[string]int{}
	for i := 0; i < 60; i++ {
		k := (i*37)%61 - 30
		ints[k] = fmt.Sprint(i)
		strs[fmt.Sprintf("k%02d", (i*7)%60)] = i
	}
	floats := map[float64]string{math.NaN(): "nan", math.Inf(1): "+inf", math.Inf(-1): "-inf", 0: "zero", -2.5: "neg", 1e300: "big"}
	arrays := map[[2]int]bool{{2, 1}: true, {1, 2}: false, {1, 1}: true, {-1, 9}: false}
	structs := map[point]int{{2, "a"}: 1, {1, "b"}: 2, {1, "a"}: 3, {-3, ""}: 4}
	ifaces := map[any]int{}
	for i := 0; i < 30; i++ {
		ifaces[(i*13)%31] = i
	}
	bools := map[bool]string{true: "t", false: "f"}
	nested := map[string]map[int]bool{"b": {2: true, 1: false}, "a": {9: true, -9: false}}
	fmt.Fprintln(&b, ints)
	fmt.Fprintln(&b, strs)
	fmt.Fprintln(&b, floats)
	fmt.Fprintf(&b, "%v %+v %#v\n", arrays, structs, bools)
	fmt.Fprintln(&b, ifaces, nested)
	e1, e2, e3 := errors.New("one"), errors.New("two"), errors.New("three")
	for _, err := range []error{
		fmt.Errorf("%[3]w %[1]w %[2]w %[3]w", e1, e2, e3),
		fmt.Errorf("%[2]w then %[1]w", e1, e2),
		fmt.Errorf("%w %w", e3, e1),
		fmt.Errorf("%[1]w %[1]w", e2),
	} {
		fmt.Fprintf(&b, "%q:", err.Error())
		if u, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range u.Unwrap() {
				fmt.Fprintf(&b, " %s", e)
			}
		} else {
			fmt.Fprintf(&b, " %v", errors.Unwrap(err))
		}
		fmt.Fprintln(&b, "", errors.Is(err, e1), errors.Is(err, e3))
	}
	fmt.Fprintf(&b, "%q %+q %x %U %#U %q %q\n", "h\u00e9llo\u00ad\u200b\U0001F600\x7f\u0378\U000E0001 \u3000", "\u00a0\u2028", "\u00ad", 0x1F600, 0x2028, '\u00df', []string{"\U0010FFFF", "\uFFFD\xff"})
	up := reflect.ValueOf(strings.ToUpper)
	f := up.Interface().(func(string) string)
	fmt.Fprintln(&b, f("reflect"), up.Kind(), up.Type(), up.Pointer() != 0, up.UnsafePointer() != nil)
	fv := reflect.ValueOf(struct{ F func() }{func() {}}).Field(0)
	fmt.Fprintln(&b, fv.Kind(), fv.Type(), fv.CanInterface(), fv.Interface() != nil, strings.HasPrefix(fmt.Sprintf("%v", fv), "0x"))
	return b.String()
}
`

// TestPageRuntimeRuns builds crasher under the overlay and runs it under
// Node as the page's runtime runs: it works, a panic and a fatal error
// still print their message and a traceback that names functions, files
// and lines, asking for a profile is a fatal error, and a GODEBUG is
// reported as ignored. A js.FuncOf callback runs (no synctest bubble). With no scavenger the heap stays bounded over many
// collections and GOGC still paces them; a memory limit is refused.
func TestPageRuntimeRuns(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node")
	}
	dir := t.TempDir()
	if err := write(runtime.GOROOT(), filepath.Join(dir, "overlay")); err != nil {
		t.Fatal(err)
	}
	native := filepath.Join(dir, "native")
	for name, text := range map[string]string{
		"go.mod": "module crasher\n\ngo 1.26\n", "main.go": crasher, "cases.go": fmtCases,
		"native/go.mod": "module native\n\ngo 1.26\n", "native/main.go": "package main\n\nfunc main() { print(fmtCases()) }\n", "native/cases.go": fmtCases,
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The toolchain's fmt, fmtsort and reflect, natively.
	goRun := exec.Command("go", "run", ".")
	goRun.Dir = native
	want, err := goRun.CombinedOutput()
	if err != nil {
		t.Fatalf("native fmtCases: %v\n%s", err, want)
	}
	build := exec.Command("go", "build", "-overlay", filepath.Join(dir, "overlay", "overlay.json"), "-o", "crasher.wasm", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT=nogreenteagc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	run := func(env, how string) (string, error) {
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "lib", "wasm", "go_js_wasm_exec"), "crasher.wasm", how)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GODEBUG=", "GOGC=", "GOMEMLIMIT=")
		if env != "" {
			cmd.Env = append(cmd.Env, env)
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	gcs := map[string]int{}
	for _, c := range []struct {
		env, how string
		want     []string
	}{
		{"", "none", []string{"ok 100\n"}},
		{"", "panic", []string{"ok 100\n", "panic: boom 0\n\ngoroutine 1 [running]:\nmain.deep(", "main.go:", "main.main()"}},
		{"", "nilmap", []string{"panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\nmain.deep("}},
		{"", "deadlock", []string{"fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.deep("}},
		{"", "memprofile", []string{"fatal error: raftlab's page runtime records no memory profile (cmd/pageoverlay)\n", "main.deep("}},
		{"", "blockprofile", []string{"fatal error: SetBlockProfileRate: raftlab's page runtime records no block profile (cmd/pageoverlay)\n", "main.deep("}},
		{"", "goroutineprofile", []string{"fatal error: raftlab's page runtime takes no goroutine profile (cmd/pageoverlay)\n", "main.deep("}},
		{"", "memlimit", []string{"fatal error: SetMemoryLimit: raftlab's page runtime has no scavenger to keep a memory limit (cmd/pageoverlay)\n", "main.deep("}},
		{"", "fmt", []string{"ok 100\n" + string(want)}},
		{"", "methodvalue", []string{"panic: reflect: raftlab's page has no method values (cmd/pageoverlay)\n\ngoroutine 1 [running]:\nreflect.Value.Method(", "main.deep("}},
		{"GOMEMLIMIT=1GiB", "none", []string{"GOMEMLIMIT=1GiB\nfatal error: GOMEMLIMIT: raftlab's page runtime has no scavenger to keep a memory limit (cmd/pageoverlay)\n"}},
		{"GOMEMLIMIT=off", "none", []string{"ok 100\n"}},
		{"", "churn", []string{"ok 100\n", "churn gcs"}},
		{"GOGC=25", "churn", []string{"ok 100\n", "churn gcs"}},
		{"GODEBUG=gctrace=1", "none", []string{"runtime: GODEBUG ignored: raftlab's page runtime has every setting at its default (cmd/pageoverlay): gctrace=1", "ok 100\n"}},
	} {
		out, err := run(c.env, c.how)
		ok := (c.how == "none" || c.how == "churn" || c.how == "fmt") && !strings.HasPrefix(c.env, "GOMEMLIMIT=1")
		if (err == nil) != ok {
			t.Errorf("%s %s: %v", c.env, c.how, err)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s %s: no %q in\n%s", c.env, c.how, w, out)
			}
		}
		if strings.Contains(out, "no finalizer") || strings.Contains(out, "churn failed") || strings.Contains(out, "FuncOf failed") || c.env == "" && strings.Contains(out, "GODEBUG") {
			t.Errorf("%s %s: %s", c.env, c.how, out)
		}
		t.Logf("%s %s: %s", c.env, c.how, strings.SplitN(out, "\n", 3)[1])
		if c.how == "churn" {
			var n int
			if _, err := fmt.Sscanf(out[strings.Index(out, "churn gcs"):], "churn gcs %d", &n); err != nil {
				t.Errorf("%s churn: %v", c.env, err)
			}
			gcs[c.env] = n
		}
	}
	if gcs["GOGC=25"] <= gcs[""] {
		t.Errorf("GOGC=25 ran %d collections in the second half of churn, the default %d: GOGC not honoured", gcs["GOGC=25"], gcs[""])
	}
}

// TestJSWasmHasNoCgo: the overlay's runtime has cgo's reads as false
// (constReads), which holds while Go has no cgo on js/wasm.
func TestJSWasmHasNoCgo(t *testing.T) {
	out, err := exec.Command("go", "tool", "dist", "list", "-json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var ports []struct {
		GOOS, GOARCH string
		CgoSupported bool
	}
	if err := json.Unmarshal(out, &ports); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ports {
		if p.GOOS == "js" && p.GOARCH == "wasm" {
			found = true
			if p.CgoSupported {
				t.Error("Go supports cgo on js/wasm: pageoverlay's runtime folds iscgo and cgo's tracebacks to false")
			}
		}
	}
	if !found {
		t.Error("go tool dist list has no js/wasm")
	}
}
