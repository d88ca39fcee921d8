package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// progModule builds testdata/prog for js/wasm as the site links main.wasm
// (with names, -ldflags=-w) and returns the module, once for all tests.
var progModule = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "wasmsize-prog")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "prog-names.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-w", "-o", out, "./testdata/prog")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build: %v\n%s", err, b)
	}
	return os.ReadFile(out)
})

func prog(t *testing.T) []byte {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a wasm program")
	}
	b, err := progModule()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// progData returns testdata/prog's data section.
func progData(t *testing.T) []byte {
	t.Helper()
	secs, err := sections(prog(t))
	if err != nil {
		t.Fatal(err)
	}
	body, err := dataSection(secs)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// progCode returns testdata/prog's function bodies.
func progCode(t *testing.T) [][]byte {
	t.Helper()
	secs, err := sections(prog(t))
	if err != nil {
		t.Fatal(err)
	}
	code, err := codeBodies(secs)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// progPclntab parses the pclntab in a data section's memory image (a copy).
func progPclntab(t *testing.T, body []byte) *pclntab {
	t.Helper()
	m, err := dataImage(body)
	if err != nil {
		t.Fatal(err)
	}
	p, err := parsePclntab(m.mem)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestStripRuns strips testdata/prog as the site does (function names as
// ids, no file/line tables) and runs it under Node: stack growth, GC and
// recovered panics work, and its output, the traceback of its crash
// included, with ids turned back into names by -symbolize (from the -names
// map, and from the module itself), is byte for byte the output of the
// same module stripped with its names kept; with GOTRACEBACK=system too,
// which prints the runtime's frames. Only file:line is gone: stripped with
// -lines and -keepnames, its output is the unstripped module's, byte for
// byte (the stack map and inlining tables cut to the PCs the runtime reads
// give the same frames, inlined ones included, and the same GC). With
// GOTRACEBACK=single the GC scans its stacks often (GOGC=5), and once
// under a recovered panic ("gc").
func TestStripRuns(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	data := prog(t)
	dir := t.TempDir()
	sum := 0 // what prog's deep(20000) adds up
	for n := 1; n <= 20000; n++ {
		sum += n % 7
	}
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec_node.js")
	var runProg func(mod, traceback string) string
	run := func(o stripOptions, traceback string) (out string, names map[string]funcNameID) {
		t.Helper()
		mod, namesFile := filepath.Join(dir, "prog.wasm"), filepath.Join(dir, "prog.names")
		if err := writeStripped(data, mod, namesFile, o); err != nil {
			t.Fatalf("strip %+v: %v", o, err)
		}
		f, err := os.Open(namesFile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if names, err = readNameMap(f); err != nil {
			t.Fatal(err)
		}
		return runProg(mod, traceback), names
	}
	runProg = func(mod, traceback string) string {
		t.Helper()
		cmd := exec.Command(node, execJS, mod, "crash")
		cmd.Env = append(os.Environ(), "GOTRACEBACK="+traceback)
		if traceback == "single" {
			// The GC often, and in a deferred call under a panic; not
			// with "system", whose frames of the runtime's goroutines
			// print arguments (the scavenger's sleep time, heap
			// addresses) that more GC makes vary from run to run.
			cmd.Args = append(cmd.Args, "gc")
			cmd.Env = append(cmd.Env, "GOGC=5")
		}
		got, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
			t.Fatalf("%s: run: %v (want exit status 2)\n%s", mod, err, got)
		}
		return string(got)
	}
	fromModule, err := nameMapOf(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, traceback := range []string{"single", "system"} {
		ids, names := run(stripOptions{}, traceback)
		if len(names) < 100 || !reflect.DeepEqual(names, fromModule) {
			t.Fatalf("%d names in the -names map, %d derived from the module, or they differ", len(names), len(fromModule))
		}
		want, noNames := run(stripOptions{names: true}, traceback)
		if len(noNames) != 0 {
			t.Errorf("-keepnames: %d names in the map", len(noNames))
		}
		for _, w := range []string{fmt.Sprintf("sum %d\n", sum), "caller ?:0", "main.fail(0x0)\n", "main.fail.func1()\n",
			"panicwrap: value method main.greeter.Greet called using nil *greeter pointer\n",
			"reflect: reflect: call of reflect.Value.Int on zero Value\n",
			"goroutines: 3\n", "callers: main.callers main.viaInlined main.main runtime.main runtime.goexit / runtime.Callers main.viaInlined main.viaInlined runtime.main runtime.goexit / main.crash +\n",
			"panic: assignment to entry in nil map", "\nmain.setNil(...)\n", "main.crash(0x0, {0x", ", 0x1}, {0xffff, 0x7}, 0x1, {0x1, 0x2, 0x3})\n",
			"created by main.main in goroutine 1", "\nkept\n"} {
			if !strings.Contains(want, w) {
				t.Errorf("GOTRACEBACK=%s: output with names lacks %q:\n%s", traceback, w, want)
			}
		}
		if strings.Contains(ids, "main.crash") || strings.Contains(ids, "main.fail") {
			t.Errorf("GOTRACEBACK=%s: output with ids names functions:\n%s", traceback, ids)
		}
		for _, m := range []map[string]funcNameID{names, fromModule} {
			var b strings.Builder
			if err := symbolize(&b, strings.NewReader(ids), m); err != nil {
				t.Fatal(err)
			}
			if b.String() != want {
				t.Errorf("GOTRACEBACK=%s: symbolized output differs from the output with names:\n%s\nwant:\n%s", traceback, b.String(), want)
			}
		}
	}
	orig := filepath.Join(dir, "prog-names.wasm")
	if err := os.WriteFile(orig, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, traceback := range []string{"single", "system"} {
		lines, _ := run(stripOptions{lines: true, names: true}, traceback)
		if strings.Contains(lines, "caller ?:0") || !strings.Contains(lines, "prog/main.go:") {
			t.Errorf("-lines: output lacks file:line:\n%s", lines)
		}
		if want := runProg(orig, traceback); lines != want {
			t.Errorf("GOTRACEBACK=%s: -lines -keepnames output differs from the unstripped module's:\n%s\nwant:\n%s", traceback, lines, want)
		}
	}
}

// TestRenameFuncs: in testdata/prog stripped, every _func's and inlined
// call's name is an id that the map turns into the name it had before, or
// the name itself where the runtime reads it (keepsName), and the ids are
// distinct and keep the "runtime." prefix exactly where the names had it.
func TestRenameFuncs(t *testing.T) {
	before, after := progPclntab(t, progData(t)), progPclntab(t, progData(t))
	ids, err := renameFuncs(after)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range ids {
		if _, dup := m[e.id]; dup {
			t.Fatalf("id %q twice", e.id)
		}
		m[e.id] = e.name
	}
	refs, err := before.nameRefs()
	if err != nil {
		t.Fatal(err)
	}
	refsAfter, err := after.nameRefs()
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != len(refsAfter) || len(refs) <= len(before.funcs) {
		t.Fatalf("%d name references before, %d after, %d functions (inlined calls count too)", len(refs), len(refsAfter), len(before.funcs))
	}
	kept, renamed := 0, 0
	for i, r := range refs {
		name := before.name(before.u32(r.at))
		got := after.name(after.u32(refsAfter[i].at))
		if real, ok := m[got]; ok {
			renamed++
			if real != name || strings.HasPrefix(got, "runtime.") != strings.HasPrefix(name, "runtime.") {
				t.Errorf("reference %d: id %q maps to %q, was %q", i, got, real, name)
			}
		} else if got == name && keepsName(name) {
			kept++
		} else {
			t.Errorf("reference %d: %q, was %q", i, got, name)
		}
	}
	if renamed < 10*kept {
		t.Errorf("%d references renamed, %d kept", renamed, kept)
	}
}

// TestStripKeepsRuntimeTables: in testdata/prog stripped as the site
// does, every table the js/wasm runtime reads decodes to the same values
// as before (frame sizes, stack map and inlining indexes: tables the
// linker shares with a dropped one stay), every funcdata reference and the
// other _func fields are unchanged but for generic argument layouts
// (args.go), and the file, line and unsafe-point tables' offsets are 0.
func TestStripKeepsRuntimeTables(t *testing.T) {
	body := progData(t)
	st, err := stripData(progCode(t), body, stripOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.unsafeZeroed == 0 || st.linesZeroed == 0 {
		t.Errorf("%d bytes of unsafe-point tables and %d of line tables zeroed", st.unsafeZeroed, st.linesZeroed)
	}
	before, after := progPclntab(t, body), progPclntab(t, st.body)
	if len(before.funcs) != len(after.funcs) {
		t.Fatalf("%d functions, %d before", len(after.funcs), len(before.funcs))
	}
	args := map[string]funcNameID{}
	for _, e := range st.ids {
		args[e.id] = e
	}
	printed := map[int]int{} // generic argument layouts by the words they print
	tables, generics, shorter, zeroed := 0, 0, 0, 0
	code := progCode(t)
	for i, f := range before.funcs {
		g := after.funcs[i]
		for _, fld := range [][2]int{{fnEntryOff, fnNameOff}, {fnDeferreturn, fnPcsp}, {fnNpcdata, fnCuOffset}, {fnFuncID, fnSize}} {
			if !bytes.Equal(before.mem[f+fld[0]:f+fld[1]], after.mem[g+fld[0]:g+fld[1]]) {
				t.Fatalf("function %d: _func bytes %d-%d changed", i, fld[0], fld[1])
			}
		}
		// args as argMapInternal reads it: args/8 > 0, or unknown.
		if a, b := int32(before.u32(f+fnArgs)), int32(after.u32(g+fnArgs)); a < 0 && b != a || a >= 0 && (a >= 8) != (b == 8) || a >= 0 && b != 0 && b != 8 {
			t.Fatalf("function %d: args %d, was %d", i, b, a)
		}
		for j := 0; j < before.nfuncdata(f); j++ {
			o, p := before.u32(before.funcdata(f, j)), after.u32(after.funcdata(g, j))
			if o == ^uint32(0) || p == ^uint32(0) {
				if o != p {
					t.Fatalf("function %d: funcdata %d is %#x, was %#x", i, j, p, o)
				}
				continue
			}
			if align := map[int]int{funcdataStackObjects: 8, funcdataArgsPointerMaps: 4, funcdataLocalsPointerMaps: 4, funcdataInlTree: 4}[j]; align > 0 && (after.gofunc+int(p))%align != 0 {
				t.Fatalf("function %d: funcdata %d at %#x, not %d-aligned", i, j, after.gofunc+int(p), align)
			}
			// What the runtime reads of it is the same, but for generic
			// argument layouts and inlined calls' names, start lines and
			// the calls no index names any more.
			n, err := before.funcdataLen(f, j, before.gofunc+int(o))
			if err != nil {
				t.Fatal(err)
			}
			was, now := before.mem[before.gofunc+int(o):][:n], after.mem[after.gofunc+int(p):][:n]
			switch j {
			case funcdataInlTree:
				named := map[int32]bool{}
				if tab, _, ok := after.inlTree(g); ok {
					vals, _, err := after.decode(tab)
					if err != nil {
						t.Fatal(err)
					}
					for _, v := range vals {
						named[v.val] = true
					}
				}
				m, err := after.funcdataLen(g, j, after.gofunc+int(p))
				if err != nil {
					t.Fatal(err)
				}
				for k := 0; k < n/inlinedCallSize; k++ {
					w, c := was[k*inlinedCallSize:][:inlinedCallSize], now[k*inlinedCallSize:][:inlinedCallSize]
					if k >= m/inlinedCallSize {
						zeroed++ // past the last named: gone
						continue
					}
					if !named[int32(k)] {
						if !bytes.Equal(c, make([]byte, inlinedCallSize)) {
							t.Fatalf("function %d: inlined call %d named by no index, not zeroed", i, k)
						}
						zeroed++
						continue
					}
					if !bytes.Equal(w[:4], c[:4]) || !bytes.Equal(w[8:12], c[8:12]) || !bytes.Equal(c[12:], make([]byte, 4)) {
						t.Fatalf("function %d: inlined call %d % x, was % x", i, k, c, w)
					}
				}
				continue
			case funcdataArgInfo:
				if bytes.Equal(was, now) {
					continue
				}
				// A generic argument layout: the real one is in the map,
				// and the generic one reads argClass's words.
				real, words, err := argLayout(before.mem, before.gofunc+int(o))
				if err != nil {
					t.Fatal(err)
				}
				generic, n, err := argLayout(after.mem, after.gofunc+int(p))
				if err != nil {
					t.Fatal(err)
				}
				e := args[after.name(after.u32(g+fnNameOff))]
				if n < words || n != argClass(words, n) && words <= 10 || len(generic) != 2*n+1 || !bytes.Equal(e.args, real) {
					t.Fatalf("function %d: generic layout % x for % x (map: % x)", i, generic, real, e.args)
				}
				printed[n]++
				generics++
				continue
			}
			if !bytes.Equal(was, now) {
				t.Fatalf("function %d: funcdata %d % x, was % x", i, j, now, was)
			}
		}
		// Frame sizes and the other tables decode the same but for how
		// far their last range goes past the function's end; the stack
		// map and inlining indexes are the same at every PC the runtime
		// looks them up at (calls.go; -1 reads as 0 in a stack map
		// index).
		pcs, err := before.lookupPCs(i, code)
		if err != nil {
			t.Fatal(err)
		}
		sparse := before.mem[f+fnFlag]&funcFlagAsm == 0
		for j := -1; j < before.npcdata(f); j++ {
			at, at2 := f+fnPcsp, g+fnPcsp
			if j >= 0 {
				at, at2 = before.pcdata(f, j), after.pcdata(g, j)
			}
			if j == 0 || before.u32(at) == 0 {
				continue
			}
			tables++
			vals, end, _, err := before.decodeEnd(before.u32(at))
			if err != nil {
				t.Fatal(err)
			}
			var got []pcvalue
			gotEnd := uint64(1 << 32)
			if o := after.u32(at2); o != 0 {
				got, gotEnd, _, err = after.decodeEnd(o)
				if err != nil {
					t.Fatal(err)
				}
			}
			if gotEnd < end || got != nil && got[0].pc != 0 {
				t.Fatalf("function %d: table %d covers [%d, %d), was [0, %d)", i, j, got[0].pc, gotEnd, end)
			}
			if !sparse || j != pcdataStackMapIndex && j != pcdataInlTreeIndex {
				if !reflect.DeepEqual(vals, got) {
					t.Fatalf("function %d: table %d decodes differently", i, j)
				}
				continue
			}
			for _, pc := range pcs {
				v, w := valueAt(vals, pc), valueAt(got, pc)
				if j == pcdataStackMapIndex { // getStackMap's -1 (no table too) is 0
					v, w = max(v, 0), max(w, 0)
				}
				if pc < end && v != w {
					t.Fatalf("function %d: table %d gives %d at pc %d, was %d", i, j, w, pc, v)
				}
			}
			if len(got) > len(vals) {
				t.Fatalf("function %d: table %d has %d ranges, was %d", i, j, len(got), len(vals))
			}
			shorter += len(vals) - len(got)
		}
		if after.u32(g+fnPcfile) != 0 || after.u32(g+fnPcln) != 0 || after.npcdata(g) > 0 && after.u32(after.pcdata(g, 0)) != 0 {
			t.Fatalf("function %d: file, line or unsafe-point table left", i)
		}
	}
	if tables < len(before.funcs) || generics < len(before.funcs)/2 || shorter < tables {
		t.Errorf("only %d tables compared, %d generic argument layouts, %d ranges fewer", tables, generics, shorter)
	}
	if zeroed == 0 || zeroed != st.inlinesZeroed {
		t.Errorf("%d inlined calls zeroed, stripData says %d", zeroed, st.inlinesZeroed)
	}
	if printed[4] < generics/2 {
		t.Errorf("generic argument layouts by words printed: %v", printed)
	}
	md := findModuledata(after.mem, uint64(after.hdr))
	word := func(i int) uint64 { return binary.LittleEndian.Uint64(after.mem[md+8*i:]) }
	fft, minpc, text := word(mdFindfunctab), word(mdMinpc), word(mdText)
	// findfunc (runtime/symtab.go) on the stripped findfunctab finds every
	// function's functab entry, stepping fewer than findfuncStride entries
	// more than on the original.
	findfunc := func(p *pclntab, k uint64) (int, int) {
		x := k<<16 + text - minpc
		b := int(fft + x/4096*20)
		idx := int(p.u32(b)) + int(p.mem[b+4+int(x%4096/256)])
		steps := 0
		for uint64(p.u32(p.functab+8*(idx+1))) <= k {
			idx++
			steps++
		}
		return idx, steps
	}
	for j := range before.funcs {
		k := uint64(before.u32(before.functab + 8*j))
		got, steps := findfunc(after, k)
		_, stepsBefore := findfunc(before, k)
		if got != j || steps-stepsBefore >= findfuncStride {
			t.Fatalf("findfunc of function %d: functab entry %d in %d steps (%d before), want %d", k, got, steps, stepsBefore, j)
		}
	}
}

// TestSymbolize: ids are replaced where they are whole names, generic
// functions' shapes printed as the runtime does, pointer wrappers' ids and
// panicwrap's messages made of them too; other text stays. A frame
// of a function with the generic argument layout prints with its real one,
// after whatever the browser's console put before it; words that do not
// fit the layout stay as they are.
func TestSymbolize(t *testing.T) {
	m := map[string]funcNameID{".00": {name: "main.fail"}, "runtime.01": {name: "runtime.mcall"}, ".02": {name: "main.Map[go.shape.int].Get"},
		".1":      {name: "main.f", args: []byte{0, 1, 8, 8, traceArgsEndSeq}},
		".(*2).x": {name: "main.(*T[go.shape.int]).M"}, "runtime.(*3).x": {name: "runtime.(*errorString).Error"}}
	for _, c := range [][2]string{
		{"goroutine 1 [running]:\n.00(0x0)\n\t?:0 +0x2\ncreated by .02 in goroutine 1\nruntime.01()\nx.00 .00x 1.00 .003",
			"goroutine 1 [running]:\nmain.fail(0x0)\n\t?:0 +0x2\ncreated by main.Map[...].Get in goroutine 1\nruntime.mcall()\nx.00 .00x 1.00 .003"},
		{"wasm_exec.js:22 .1(0x2, 0x1ff)\n.1(0x2)\n.1(...)", "wasm_exec.js:22 main.f(0xff, 0x2)\nmain.f(0x2)\nmain.f(...)"},
		{".(*2).x(0x0)\npanic: value method .2.x called using nil *2 pointer [recovered]\nvalue method runtime.3.x called using nil *3 pointer\nvalue method .2.x called using nil *3 pointer",
			"main.(*T[...]).M(0x0)\npanic: value method main.T[...].M called using nil *T[...] pointer [recovered]\nvalue method runtime.errorString.Error called using nil *errorString pointer\nvalue method .2.x called using nil *3 pointer"},
	} {
		var b strings.Builder
		if err := symbolize(&b, strings.NewReader(c[0]), m); err != nil || b.String() != c[1] {
			t.Errorf("got %q, %v\nwant %q", b.String(), err, c[1])
		}
	}
}

// TestDataSegments: the re-encoded data section holds the same memory, in
// at most 100,000 segments (Chromium refuses a module with more), split
// only at runs of zeros longer than the gap.
func TestDataSegments(t *testing.T) {
	mem := make([]byte, 300000*100)
	for i := 0; i < len(mem); i += 100 {
		mem[i] = byte(i/100%255 + 1)
	}
	mem[len(mem)-50] = 7
	check := func(body []byte, want uint64) {
		t.Helper()
		n, _, err := uleb(body, 0)
		if err != nil || n != want {
			t.Fatalf("%d segments (%v), want %d", n, err, want)
		}
		m, err := dataImage(body)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m.mem, mem[:len(mem)-49]) {
			t.Fatal("memory differs after re-encoding")
		}
	}
	check(segmentsSkipping(mem, 64), 100000) // 300,000 runs of 99 zeros: capped
	check(segmentsSkipping(mem, 99), 1)      // no run longer than 99
	check(segmentsSkipping(mem, 98), 100000)
	check(dataSegments(mem), 1)
}

// TestDoubledMethods: a value method and its pointer wrapper both in the
// module count, by type; a wrapper alone (a pointer method's), a closure
// in a wrapper and other functions do not.
func TestDoubledMethods(t *testing.T) {
	names := []string{
		"github.com_x_lab.machine.Kill", "github.com_x_lab.__machine_.Kill",
		"github.com_x_lab.machine.Stop", "github.com_x_lab.__machine_.Stop",
		"github.com_x_lab.__Lab_.Run", "github.com_x_lab.__machine_.Reset.func1", "github.com_x_lab.machine.Reset.func1",
		"sort.StringSlice.Len", "sort.__StringSlice_.Len", "main.main",
	}
	code := make([][]byte, len(names))
	for i := range code {
		code[i] = make([]byte, 10+i)
	}
	got := doubledMethods(names, code)
	if len(got) != 2 || got[0].typ != "github.com_x_lab.machine" || got[0].n != 2 || len(got[0].code) != 11+13 ||
		got[1].typ != "sort.StringSlice" || got[1].n != 1 {
		t.Fatalf("%+v", got)
	}
}

// TestRealArgs: the words a generic layout prints, the last first, give
// back what printArgs prints with the real layout: masked small
// components, aggregates, "_" and "..."; the real layout reads the last
// words printed (argClass may print more); other text (fewer words, an
// inlined frame's "...") is not taken.
func TestRealArgs(t *testing.T) {
	layout := []byte{traceArgsStartAgg, 0, 1, 2, 2, traceArgsEndAgg, traceArgsOffsetTooLarge, 8, 8, traceArgsStartAgg, traceArgsEndAgg, traceArgsDotdotdot, traceArgsEndSeq}
	want := "{0x12, 0xee}, _, 0x1234567890abcdef, {}, ..."
	for _, printed := range []string{"0x1234567890abcdef, 0xffffffff00ee0012", "0x0, 0xffff, 0x1234567890abcdef, 0xffffffff00ee0012"} {
		if got, ok := realArgs(printed, layout); !ok || got != want {
			t.Errorf("%q: got %q, %v; want %q", printed, got, ok, want)
		}
	}
	for _, bad := range []string{"...", "0x1", "0x1, zz, 0x2", ""} {
		if got, ok := realArgs(bad, layout); ok {
			t.Errorf("%q taken: %q", bad, got)
		}
	}
	for _, c := range [][2]string{{"", "{}"}, {"0x1, 0x2, 0x3, 0x4", "{}"}} {
		if got, ok := realArgs(c[0], []byte{traceArgsStartAgg, traceArgsEndAgg, traceArgsEndSeq}); !ok || got != c[1] {
			t.Errorf("no words, %q printed: %q, %v", c[0], got, ok)
		}
	}
	if got, ok := realArgs("...", []byte{traceArgsEndSeq}); ok {
		t.Errorf("an inlined frame's ... taken: %q", got)
	}
	for _, c := range [][3]int{{0, 21, 4}, {4, 21, 4}, {5, 21, 10}, {10, 21, 10}, {11, 21, 21}, {2, 3, 3}, {7, 8, 8}} {
		if got := argClass(c[0], c[1]); got != c[2] {
			t.Errorf("argClass(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}
}
