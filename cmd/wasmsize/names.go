package main

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Function names in the served module.
//
// -strip replaces each function name in the pclntab's name table with a
// short id, as minified JavaScript ships with a source map: "runtime."
// and a code for the runtime's functions, "." and a code for the others
// (the code is base 36, fixed width, its first character a digit), in a
// new, compact table; each _func's and each inlined call's nameOff is
// rewritten to it. The real names stay beside the build: -names writes
// the map (id, tab, name, a line each), and -symbolize turns a traceback
// pasted from the page back into real names, from that map or from the
// module linked with names (main-names.wasm), from which the same ids are
// derived again.
//
// What Go 1.26's js/wasm runtime does with a function's name, other than
// print it (tracebacks, runtime.Frame.Function, Func.Name), and what the
// ids keep the same:
//   - isSystemGoroutine (runtime/traceback.go; NumGoroutine, the deadlock
//     check, tracebacks' goroutine list) asks whether a goroutine's start
//     function's name has the prefix "runtime.": ids keep that prefix;
//   - showfuncinfo hides frames of functions whose name has no '.', and
//     of the runtime's unexported ones (isExportedRuntime: an upper-case
//     letter after "runtime."): ids of dotted names have a '.', and the
//     names without one (assembly: memeqbody, wasm_export_run…) and the
//     runtime's exported functions keep their names; it also compares with
//     "runtime.gopanic", and printFuncName prints that one as "panic": kept;
//   - stkframe.go's argMapInternal finds the argument maps of
//     reflect.makeFuncStub and reflect.methodValueCall by name (the GC's
//     stack scan): kept;
//   - panicwrap (runtime/error.go), called by a pointer wrapper of a value
//     method on a nil pointer, parses "pkg.(*T).M" out of the wrapper's name
//     for its panic's message (and throws without the parentheses): every
//     wrapper (funcID wrapper) whose name has "(*" gets an id of that shape,
//     "runtime.(*<code>).x" or ".(*<code>).x", and -symbolize turns the
//     message panicwrap makes of it ("value method .<code>.x called using
//     nil *<code> pointer") back into the real one;
//   - reflect's valueMethodName walks runtime.CallersFrames for a
//     "reflect.Value." method with an exported name, for ValueError's
//     message (e.g. "call of reflect.Value.Int on zero Value"): every
//     exported reflect.Value method is kept. internal/reflectlite's
//     methodName and reflect's funcName only print FuncForPC's Name: an id
//     there is resolved like one in a traceback.
//
// The other readers are not in js/wasm's runtime: isAsyncSafePoint
// ("runtime.", "internal/runtime/", "reflect." prefixes) runs in signal
// handlers (preemptMSupported is false on wasm), sigprof's
// "internal/runtime/atomic" check in SIGPROF's, debugcall.go is not built
// for wasm, panicCheck1's "runtime." check is skipped on wasm (goarch.IsWasm),
// plugins are not supported.

// funcNameID is one entry of the map: a function's id and its name.
type funcNameID struct {
	id, name string
	args     []byte // its real argument layout when it has the generic one (args.go)
}

// keepsName reports whether the runtime or reflect reads the name itself,
// not just prints it (see above): such names are not replaced.
func keepsName(name string) bool {
	if !strings.Contains(name, ".") || name == "runtime.gopanic" ||
		name == "reflect.makeFuncStub" || name == "reflect.methodValueCall" {
		return true
	}
	if rest, ok := strings.CutPrefix(name, "runtime."); ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
		return true // isExportedRuntime
	}
	rest, ok := strings.CutPrefix(name, "reflect.Value.")
	return ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z'
}

// isPtrWrapper reports whether a function may call panicwrap: a wrapper
// named "pkg.(*T).M".
func isPtrWrapper(name string, wrapper bool) bool {
	return wrapper && strings.Contains(name, "(*")
}

// nameRef is where a nameOff is stored: a _func's or an inlined call's.
type nameRef struct {
	at      int // offset of the int32 nameOff in mem
	wrapper bool
	inlined bool // an inlined call's (an inlinedCall: funcID, pad, nameOff, parentPc, startLine)
}

// nameRefs lists every nameOff the runtime can read: each _func's, and
// each inlined call's in the inlining trees (FUNCDATA_InlTree) at the
// indexes the function's PCDATA_InlTreeIndex table holds, the only
// indexes the runtime's inlineUnwinder reads (a parent is found through
// the same table at its parentPc).
func (t *pclntab) nameRefs() ([]nameRef, error) {
	const funcIDWrapper = 23 // internal/abi.FuncIDWrapper
	var refs []nameRef
	seen := map[int]bool{}
	for _, f := range t.funcs {
		refs = append(refs, nameRef{at: f + fnNameOff, wrapper: t.mem[f+fnFuncID] == funcIDWrapper})
		tab, tree, ok := t.inlTree(f)
		if !ok {
			continue
		}
		vals, _, err := t.decode(tab)
		if err != nil {
			return nil, err
		}
		for _, v := range vals {
			if v.val < 0 {
				continue
			}
			call := t.gofunc + int(tree) + inlinedCallSize*int(v.val)
			if call+inlinedCallSize > len(t.mem) {
				return nil, fmt.Errorf("inlined call %d of the function at %#x out of range", v.val, f)
			}
			if !seen[call] {
				seen[call] = true
				refs = append(refs, nameRef{at: call + 4, wrapper: t.mem[call] == funcIDWrapper, inlined: true})
			}
		}
	}
	return refs, nil
}

// zeroInlineStartLines zeroes the inlined calls' startLine, which the
// runtime reads only into runtime.Frame's startLine (srcFunc, Frames.Next),
// which only runtime/pprof reads (runtime_FrameStartLine), and pprof is not
// in the page; as zeroLineTables does for each _func's startLine. It
// returns the number of inlined calls.
func zeroInlineStartLines(t *pclntab) (int, error) {
	refs, err := t.nameRefs()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range refs {
		if r.inlined {
			t.put32(r.at+8, 0)
			n++
		}
	}
	return n, nil
}

// idCode is the n'th code of width w: base 36, zero-padded.
func idCode(n, w int) string {
	s := strconv.FormatInt(int64(n), 36)
	return strings.Repeat("0", w-len(s)) + s
}

// renameFuncs rewrites the name table with ids (see the top of this file)
// and returns the map, in table order.
func renameFuncs(t *pclntab) ([]funcNameID, error) {
	refs, err := t.nameRefs()
	if err != nil {
		return nil, err
	}
	wrapper := map[uint32]bool{}
	for _, r := range refs {
		off := t.u32(r.at)
		if t.funcnametab+int(off) >= t.cutab {
			return nil, fmt.Errorf("nameOff %d out of range", off)
		}
		wrapper[off] = wrapper[off] || r.wrapper
	}
	offs := make([]uint32, 0, len(wrapper))
	for off := range wrapper {
		offs = append(offs, off)
	}
	slices.Sort(offs)
	names := make([]string, len(offs))
	renamed := 0
	for i, off := range offs {
		names[i] = t.name(off)
		if !keepsName(names[i]) {
			renamed++
		}
	}
	// The width whose codes all start with a digit.
	w := 1
	for n := 10; n < renamed; n *= 36 {
		w++
	}
	table := make([]byte, 0, t.cutab-t.funcnametab)
	newOff := make(map[uint32]uint32, len(offs))
	var ids []funcNameID
	k := 0
	for i, off := range offs {
		newOff[off] = uint32(len(table))
		name := names[i]
		if !keepsName(name) {
			id := "." + idCode(k, w)
			if isPtrWrapper(name, wrapper[off]) {
				id = ".(*" + idCode(k, w) + ").x"
			}
			if strings.HasPrefix(name, "runtime.") {
				id = "runtime" + id
			}
			k++
			ids = append(ids, funcNameID{id: id, name: name})
			name = id
		}
		table = append(append(table, name...), 0)
	}
	if len(table) > t.cutab-t.funcnametab {
		return nil, errors.New("renamed function name table is larger than the original")
	}
	clear(t.mem[t.funcnametab:t.cutab])
	copy(t.mem[t.funcnametab:], table)
	for _, r := range refs {
		t.put32(r.at, newOff[t.u32(r.at)])
	}
	return ids, nil
}

// writeNameMap writes the map as -names does: a header line, then one
// line per id, "id<TAB>name", and "<TAB>" and the real argument layout in
// hex when the function has the generic one.
func writeNameMap(w io.Writer, ids []funcNameID) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# wasmsize function names: id\tname[\targument layout] (go run ./cmd/wasmsize -symbolize this-file < traceback)")
	for _, e := range ids {
		fmt.Fprintf(bw, "%s\t%s", e.id, e.name)
		if e.args != nil {
			fmt.Fprintf(bw, "\t%x", e.args)
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// readNameMap reads what writeNameMap wrote.
func readNameMap(r io.Reader) (map[string]funcNameID, error) {
	m := map[string]funcNameID{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("name map: bad line %q", line)
		}
		e := funcNameID{id: f[0], name: f[1]}
		if len(f) == 3 {
			var err error
			if e.args, err = hex.DecodeString(f[2]); err != nil {
				return nil, fmt.Errorf("name map: bad line %q", line)
			}
		}
		m[e.id] = e
	}
	return m, sc.Err()
}

// nameMapOf derives the map from a module linked with names (as
// -strip would rename it).
func nameMapOf(module []byte) (map[string]funcNameID, error) {
	secs, err := sections(module)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(secs, func(s section) bool { return s.id == 0 && s.name == "name" }) {
		return nil, errors.New("the module has no name section: give the one linked with names (main-names.wasm) or the -names map")
	}
	body, err := dataSection(secs)
	if err != nil {
		return nil, err
	}
	code, err := codeBodies(secs)
	if err != nil {
		return nil, err
	}
	st, err := stripData(code, body, stripOptions{})
	if err != nil {
		return nil, err
	}
	out := make(map[string]funcNameID, len(st.ids))
	for _, e := range st.ids {
		out[e.id] = e
	}
	return out, nil
}

// isNameByte reports whether c can be part of an id or a name as
// tracebacks print them.
func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '/'
}

// symbolize copies r to w with every id in m replaced by its function's
// name as the runtime prints it (funcNameForPrint: a generic function's
// shape arguments as "[...]"), and a traceback's frame of a function with
// the generic argument layout, "id(0x2, 0x1)", printed with its real one.
// An id is a whole run of name bytes.
func symbolize(w io.Writer, r io.Reader, m map[string]funcNameID) error {
	br := bufio.NewReader(r)
	bw := bufio.NewWriter(w)
	// Pointer wrappers' ids, "(*" in them, are not runs of name bytes.
	var wrappers []string
	for id, e := range m {
		if strings.Contains(id, "(*") {
			wrappers = append(wrappers, id, funcNameForPrint(e.name))
		}
	}
	replaceWrappers := strings.NewReplacer(wrappers...)
	for {
		line, err := br.ReadString('\n')
		line = panicwrapMessage(line, m)
		line = replaceWrappers.Replace(line)
		// A frame: [prefix, as a browser's console adds]id(args)
		body, nl := strings.CutSuffix(line, "\n")
		if before, args, ok := strings.Cut(body, "("); ok && strings.HasSuffix(args, ")") {
			i := len(before)
			for i > 0 && isNameByte(before[i-1]) {
				i--
			}
			if layout := m[before[i:]].args; layout != nil {
				if real, ok := realArgs(args[:len(args)-1], layout); ok {
					line = before + "(" + real + ")"
					if nl {
						line += "\n"
					}
				}
			}
		}
		for i := 0; i < len(line); {
			if !isNameByte(line[i]) {
				bw.WriteByte(line[i])
				i++
				continue
			}
			j := i
			for j < len(line) && isNameByte(line[j]) {
				j++
			}
			if e, ok := m[line[i:j]]; ok {
				bw.WriteString(funcNameForPrint(e.name))
			} else {
				bw.WriteString(line[i:j])
			}
			i = j
		}
		if err == io.EOF {
			return bw.Flush()
		}
		if err != nil {
			return err
		}
	}
}

// panicwrapText is what runtime.panicwrap makes of a pointer wrapper's id.
var panicwrapText = regexp.MustCompile(`value method (runtime|)\.([0-9a-z]+)\.x called using nil \*([0-9a-z]+) pointer`)

// panicwrapMessage replaces in line the message panicwrap made from a
// pointer wrapper's id with the one it makes from its name.
func panicwrapMessage(line string, m map[string]funcNameID) string {
	return panicwrapText.ReplaceAllStringFunc(line, func(s string) string {
		g := panicwrapText.FindStringSubmatch(s)
		e, ok := m[g[1]+".(*"+g[2]+").x"]
		if !ok || g[2] != g[3] {
			return s
		}
		// runtime.panicwrap's parse of the name.
		name := funcNameForPrint(e.name)
		i := strings.IndexByte(name, '(')
		if i < 1 || i+2 >= len(name) || name[i-1:i+2] != ".(*" {
			return s
		}
		pkg, rest := name[:i-1], name[i+2:]
		j := strings.IndexByte(rest, ')')
		if j < 0 || j+2 >= len(rest) || rest[j:j+2] != ")." {
			return s
		}
		typ, meth := rest[:j], rest[j+2:]
		return "value method " + pkg + "." + typ + "." + meth + " called using nil *" + typ + " pointer"
	})
}

// funcNameForPrint is runtime.funcNameForPrint (runtime/traceback.go).
func funcNameForPrint(name string) string {
	i := strings.IndexByte(name, '[')
	if i < 0 {
		return name
	}
	j := strings.LastIndexByte(name, ']')
	if j <= i {
		return name
	}
	return name[:i] + "[...]" + name[j+1:]
}
