package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
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
//     wrapper (funcID wrapper) whose name has "(*" is kept;
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
}

// keepsName reports whether the runtime or reflect reads the name itself,
// not just prints it (see above): such names are not replaced.
func keepsName(name string, wrapper bool) bool {
	if !strings.Contains(name, ".") || name == "runtime.gopanic" ||
		name == "reflect.makeFuncStub" || name == "reflect.methodValueCall" {
		return true
	}
	if rest, ok := strings.CutPrefix(name, "runtime."); ok && rest[0] >= 'A' && rest[0] <= 'Z' {
		return true // isExportedRuntime
	}
	if rest, ok := strings.CutPrefix(name, "reflect.Value."); ok && rest[0] >= 'A' && rest[0] <= 'Z' {
		return true
	}
	return wrapper && strings.Contains(name, "(*")
}

// nameRef is where a nameOff is stored: a _func's or an inlined call's.
type nameRef struct {
	at      int // offset of the int32 nameOff in mem
	wrapper bool
}

// nameRefs lists every nameOff the runtime can read: each _func's, and
// each inlined call's in the inlining trees (FUNCDATA_InlTree) at the
// indexes the function's PCDATA_InlTreeIndex table holds, the only
// indexes the runtime's inlineUnwinder reads (a parent is found through
// the same table at its parentPc).
func (t *pclntab) nameRefs() ([]nameRef, error) {
	const (
		pcdataInlTreeIndex = 2
		funcdataInlTree    = 3
		funcIDWrapper      = 23 // internal/abi.FuncIDWrapper
		inlinedCallSize    = 16 // funcID, pad, nameOff, parentPc, startLine
	)
	var refs []nameRef
	seen := map[int]bool{}
	for _, f := range t.funcs {
		refs = append(refs, nameRef{f + fnNameOff, t.mem[f+fnFuncID] == funcIDWrapper})
		if t.npcdata(f) <= pcdataInlTreeIndex || t.nfuncdata(f) <= funcdataInlTree {
			continue
		}
		tab, tree := t.u32(t.pcdata(f, pcdataInlTreeIndex)), t.u32(t.funcdata(f, funcdataInlTree))
		if tab == 0 || tree == ^uint32(0) {
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
				refs = append(refs, nameRef{call + 4, t.mem[call] == funcIDWrapper})
			}
		}
	}
	return refs, nil
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
		if !keepsName(names[i], wrapper[off]) {
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
		if !keepsName(name, wrapper[off]) {
			id := "." + idCode(k, w)
			if strings.HasPrefix(name, "runtime.") {
				id = "runtime" + id
			}
			k++
			ids = append(ids, funcNameID{id, name})
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
// line per id, "id<TAB>name".
func writeNameMap(w io.Writer, ids []funcNameID) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# wasmsize function names: id\tname (go run ./cmd/wasmsize -symbolize this-file < traceback)")
	for _, e := range ids {
		fmt.Fprintf(bw, "%s\t%s\n", e.id, e.name)
	}
	return bw.Flush()
}

// readNameMap reads what writeNameMap wrote.
func readNameMap(r io.Reader) (map[string]string, error) {
	m := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		id, name, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("name map: bad line %q", line)
		}
		m[id] = name
	}
	return m, sc.Err()
}

// nameMapOf derives the map from a module linked with names (as
// -strip would rename it).
func nameMapOf(module []byte) (map[string]string, error) {
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
	st, err := stripData(body, stripOptions{})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(st.ids))
	for _, e := range st.ids {
		out[e.id] = e.name
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
// shape arguments as "[...]"). An id is a whole run of name bytes.
func symbolize(w io.Writer, r io.Reader, m map[string]string) error {
	br := bufio.NewReader(r)
	bw := bufio.NewWriter(w)
	for {
		line, err := br.ReadString('\n')
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
			if name, ok := m[line[i:j]]; ok {
				bw.WriteString(funcNameForPrint(name))
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
