// Command wasmsize strips and measures Go's WebAssembly output for the
// site build (site.mk). The site links main.wasm once with its function
// names (-ldflags=-w, no -s); wasmsize then
//
//	wasmsize -strip -names main.names -o dist/main.wasm main-names.wasm  # what the page loads
//	wasmsize -top 25 [-funcs 50] main-names.wasm                         # where the bytes go
//	wasmsize -symbolize main.names < traceback.txt                       # ids back to names
//
// -strip drops the "name" section (as -s would), re-encodes the data
// section in fewer segments (dataSegments), drops the pclntab's file
// and line tables (zeroLineTables; -lines keeps them) and unsafe-point
// tables (zeroUnsafePoints), replaces the function names with short ids
// and their argument layouts with shared ones (renameFuncs, genericArgs;
// -keepnames keeps them), writing the map to -names, moves the pc-value
// tables left together, rewritten as the runtime reads them (compactPctab;
// stack map and inlining indexes only at the PCs the runtime looks them up
// at: calls.go), rewrites each _func's args as the runtime reads it
// (fields.go), lays the funcdata out by kind (funcdata.go) and makes
// findfunctab's buckets repeat (coarsenFindfunctab); -symbolize reads that
// map, or derives it from the module linked with names.
//
// The report lists the code and data sections (raw and gzipped), what the
// data section holds (type descriptors and literals, the pclntab's parts,
// funcdata, data), and the packages with the most code: function body
// bytes by package (from the "name" section) and each package's code
// gzipped on its own, a guide to what it costs the page; the types whose
// value-receiver methods are linked twice (with their pointer wrappers);
// -funcs lists the largest functions.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

func main() {
	strip := flag.Bool("strip", false, "write the module without its name section to -o")
	out := flag.String("o", "", "output file for -strip")
	top := flag.Int("top", 25, "packages to list in the report")
	funcs := flag.Int("funcs", 0, "largest functions to list in the report")
	lines := flag.Bool("lines", false, "with -strip: keep the file and line tables (panics then show file:line)")
	keepNames := flag.Bool("keepnames", false, "with -strip: keep the function names (else short ids)")
	namesOut := flag.String("names", "", "with -strip: write the map of the function names' ids to this file")
	sym := flag.Bool("symbolize", false, "copy standard input to standard output with function ids replaced by names, from in (a -names map or the module linked with names)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-strip -o out.wasm [-names out.names] | -top N | -symbolize] in.wasm|in.names")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err == nil {
		switch {
		case *sym:
			var m map[string]funcNameID
			if bytes.HasPrefix(data, []byte("\x00asm")) {
				m, err = nameMapOf(data)
			} else {
				m, err = readNameMap(bytes.NewReader(data))
			}
			if err == nil {
				err = symbolize(os.Stdout, os.Stdin, m)
			}
		case *strip:
			err = writeStripped(data, *out, *namesOut, stripOptions{lines: *lines, names: *keepNames})
		default:
			err = report(os.Stdout, data, *top, *funcs)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
}

type section struct {
	id       byte
	name     string // custom sections only
	raw      []byte // id, size and body, as in the file
	body     []byte
	bodyFrom int // offset of body in raw
}

func uleb(b []byte, i int) (uint64, int, error) {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if i >= len(b) || shift > 63 {
			return 0, 0, errors.New("bad LEB128")
		}
		c := b[i]
		i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, i, nil
		}
	}
}

func sections(b []byte) ([]section, error) {
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return nil, errors.New("not a WebAssembly module")
	}
	var out []section
	for i := 8; i < len(b); {
		start := i
		id := b[i]
		n, j, err := uleb(b, i+1)
		if err != nil || j+int(n) > len(b) {
			return nil, errors.New("truncated section")
		}
		s := section{id: id, raw: b[start : j+int(n)], body: b[j : j+int(n)], bodyFrom: j - start}
		if id == 0 {
			l, k, err := uleb(s.body, 0)
			if err != nil || k+int(l) > len(s.body) {
				return nil, errors.New("bad custom section")
			}
			s.name = string(s.body[k : k+int(l)])
		}
		out = append(out, s)
		i = j + int(n)
	}
	return out, nil
}

// dataSection returns the data section's body.
func dataSection(secs []section) ([]byte, error) {
	for _, s := range secs {
		if s.id == 11 {
			return s.body, nil
		}
	}
	return nil, errors.New("no data section")
}

// stripOptions says what -strip keeps.
type stripOptions struct {
	lines bool // the file and line tables
	names bool // the function names (else ids: names.go)
}

// stripped is what stripData did.
type stripped struct {
	body          []byte       // the new data section body
	linesZeroed   int          // bytes of file/line tables zeroed
	unsafeZeroed  int          // bytes of unsafe-point tables zeroed
	argsZeroed    int          // bytes of argument layouts zeroed
	inlinesZeroed int          // inlined calls zeroed (no lookup reaches them)
	argsRewritten int          // _func args fields rewritten as read (fields.go)
	ids           []funcNameID // the function names replaced, by their ids
}

// stripData re-encodes the data section in fewer segments (see
// dataSegments), without the unsafe-point tables (zeroUnsafePoints),
// without the file and line tables unless o.lines, with the stack map and
// inlining index tables cut to the PCs the runtime looks up (calls.go:
// code is the code section's function bodies), and with function names
// replaced by ids unless o.names.
func stripData(code [][]byte, body []byte, o stripOptions) (*stripped, error) {
	m, err := dataImage(body)
	if err != nil {
		return nil, err
	}
	out := &stripped{}
	t, err := parsePclntab(m.mem)
	if err != nil {
		return nil, err
	}
	if out.unsafeZeroed, err = zeroUnsafePoints(t); err != nil {
		return nil, fmt.Errorf("unsafe-point tables: %v", err)
	}
	if !o.lines {
		if out.linesZeroed, err = zeroLineTables(t); err != nil {
			return nil, fmt.Errorf("line tables: %v", err)
		}
	}
	sparse, unreached, err := t.sparseTables(code)
	if err != nil {
		return nil, fmt.Errorf("stack map and inlining indexes: %v", err)
	}
	if _, err := t.compactPctab(sparse); err != nil {
		return nil, fmt.Errorf("pc-value tables: %v", err)
	}
	t.zeroInlines(unreached)
	out.inlinesZeroed = len(unreached)
	out.argsRewritten = argsAsRead(t)
	if !o.names {
		if out.ids, err = renameFuncs(t); err != nil {
			return nil, fmt.Errorf("function names: %v", err)
		}
		if out.argsZeroed, err = genericArgs(t, out.ids); err != nil {
			return nil, fmt.Errorf("argument layouts: %v", err)
		}
	}
	md := findModuledata(t.mem, uint64(t.hdr))
	if _, err := t.relayoutFuncdata(int(binary.LittleEndian.Uint64(t.mem[md+8*mdFindfunctab:]))); err != nil {
		return nil, fmt.Errorf("funcdata: %v", err)
	}
	if _, err := t.coarsenFindfunctab(); err != nil {
		return nil, fmt.Errorf("findfunctab: %v", err)
	}
	out.body = dataSegments(m.mem)
	return out, nil
}

// writeStripped writes b stripped to out and, if namesOut is not empty,
// the map of the function names' ids to namesOut.
func writeStripped(b []byte, out, namesOut string, o stripOptions) error {
	if out == "" {
		return errors.New("-strip needs -o")
	}
	secs, err := sections(b)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Write(b[:8])
	code, err := codeBodies(secs)
	if err != nil {
		return err
	}
	var ids []funcNameID
	for _, s := range secs {
		if s.id == 0 && s.name == "name" {
			continue
		}
		if s.id == 11 {
			st, err := stripData(code, s.body, o)
			if err != nil {
				return err
			}
			ids = st.ids
			buf.WriteByte(11)
			buf.Write(binary.AppendUvarint(nil, uint64(len(st.body))))
			buf.Write(st.body)
			continue
		}
		buf.Write(s.raw)
	}
	if namesOut != "" {
		var nb bytes.Buffer
		if err := writeNameMap(&nb, ids); err != nil {
			return err
		}
		if err := os.WriteFile(namesOut, nb.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

// pkgOf returns the package of a function name as the linker writes it in
// the name section (every character but letters, digits, '_' and '.'
// turned into '_'): what precedes the first '.' after the import path's
// domain. The '/' in the result stand for any such character, so a
// package whose path has another one reads slightly differently.
func pkgOf(name string) string {
	from := 0
	if i := strings.IndexByte(name, '_'); i > 0 {
		// An import path's domain: github.com_..., go.etcd.io_...
		switch name[strings.LastIndexByte(name[:i], '.')+1 : i] {
		case "com", "org", "io", "in", "net", "dev":
			from = i
		}
	}
	if k := strings.IndexByte(name[from:], '.'); k > 0 {
		name = name[:from+k]
	}
	if name == "type_" {
		return "type: (generated equality and hash functions)"
	}
	return strings.ReplaceAll(name, "_", "/")
}

func report(w io.Writer, b []byte, top, funcs int) error {
	secs, err := sections(b)
	if err != nil {
		return err
	}
	var imports int
	var code [][]byte
	var fnNames map[uint64]string
	for _, s := range secs {
		switch {
		case s.id == 2: // imports: function indices start after them
			n, i, err := uleb(s.body, 0)
			if err != nil {
				return err
			}
			for k := uint64(0); k < n; k++ {
				for f := 0; f < 2; f++ { // module, field
					l, j, err := uleb(s.body, i)
					if err != nil {
						return err
					}
					i = j + int(l)
				}
				kind := s.body[i]
				i++
				switch kind {
				case 0: // function: type index
					imports++
					_, i, err = uleb(s.body, i)
				case 1: // table: elemtype, limits
					i++
					fallthrough
				case 2: // memory: limits
					flags := s.body[i]
					_, i, err = uleb(s.body, i+1)
					if err == nil && flags&1 != 0 {
						_, i, err = uleb(s.body, i)
					}
				case 3: // global: type, mutability
					i += 2
				}
				if err != nil {
					return err
				}
			}
		case s.id == 10: // code
			n, i, err := uleb(s.body, 0)
			if err != nil {
				return err
			}
			for k := uint64(0); k < n; k++ {
				l, j, err := uleb(s.body, i)
				if err != nil {
					return err
				}
				code = append(code, s.body[j:j+int(l)])
				i = j + int(l)
			}
		case s.id == 0 && s.name == "name":
			fnNames, err = functionNames(s.body)
			if err != nil {
				return err
			}
		}
	}
	var codeAll, dataAll []byte
	bodies, err := codeBodies(secs)
	if err != nil {
		return err
	}
	for _, s := range secs {
		switch s.id {
		case 10:
			codeAll = s.body
		case 11:
			dataAll = s.body
		}
	}
	st, err := stripData(bodies, dataAll, stripOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "sections   code %9d bytes, gzip %8d\n           data %9d bytes, gzip %8d (as -strip writes it: %d bytes of file/line and %d of unsafe-point tables zeroed, %d function names as ids, %d bytes of argument layouts zeroed, %d inlined calls no lookup reaches zeroed)\n",
		len(codeAll), gzipSize(codeAll), len(st.body), gzipSize(st.body), st.linesZeroed, st.unsafeZeroed, len(st.ids), st.argsZeroed, st.inlinesZeroed)
	if err := dataReport(w, st.body); err != nil {
		fmt.Fprintln(w, "data section:", err)
	}
	if fnNames == nil {
		fmt.Fprintln(w, "no name section: build without -ldflags=-s for the package list")
		return nil
	}
	byPkg := map[string][]byte{}
	for k, body := range code {
		p := pkgOf(fnNames[uint64(imports+k)])
		byPkg[p] = append(byPkg[p], body...)
	}
	pkgs := make([]string, 0, len(byPkg))
	for p := range byPkg {
		pkgs = append(pkgs, p)
	}
	slices.SortFunc(pkgs, func(a, b string) int {
		if d := len(byPkg[b]) - len(byPkg[a]); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	fmt.Fprintf(w, "largest packages by code (of %d; gzip: the package's code alone)\n", len(pkgs))
	for _, p := range pkgs[:min(top, len(pkgs))] {
		fmt.Fprintf(w, "  %9d %5.1f%%  gzip %8d  %s\n", len(byPkg[p]), 100*float64(len(byPkg[p]))/float64(len(codeAll)), gzipSize(byPkg[p]), p)
	}
	names := make([]string, len(code))
	for k := range code {
		names[k] = fnNames[uint64(imports+k)]
	}
	if ws := doubledMethods(names, code); len(ws) > 0 {
		fmt.Fprintln(w, "types whose methods are linked twice, T.M and its pointer wrapper (*T).M (value receivers on a type put in an interface; pointer receivers link one):")
		for _, d := range ws[:min(10, len(ws))] {
			fmt.Fprintf(w, "  %9d  gzip %8d  %3d wrappers  %s\n", len(d.code), gzipSize(d.code), d.n, d.typ)
		}
	}
	if funcs > 0 {
		idx := make([]int, len(code))
		for k := range idx {
			idx[k] = k
		}
		slices.SortStableFunc(idx, func(a, b int) int { return len(code[b]) - len(code[a]) })
		fmt.Fprintf(w, "largest functions (of %d)\n", len(code))
		for _, k := range idx[:min(funcs, len(idx))] {
			fmt.Fprintf(w, "  %9d  gzip %8d  %s\n", len(code[k]), gzipSize(code[k]), fnNames[uint64(imports+k)])
		}
	}
	return nil
}

// doubled is a type whose value-receiver methods have pointer wrappers in
// the module too: n wrappers, their code.
type doubled struct {
	typ  string
	n    int
	code []byte
}

// doubledMethods finds the pointer wrappers "pkg.__T_.M" of methods
// "pkg.T.M" that are in the module too (the linker keeps both when T is put
// in an interface), by type, the most wrapper code first.
func doubledMethods(names []string, code [][]byte) []doubled {
	has := make(map[string]bool, len(names))
	for _, n := range names {
		has[n] = true
	}
	byType := map[string]*doubled{}
	var out []*doubled
	for k, n := range names {
		i := strings.Index(n, ".__")
		if i < 0 {
			continue
		}
		t, m, ok := strings.Cut(n[i+3:], "_.")
		if !ok || strings.Contains(m, ".") || !has[n[:i]+"."+t+"."+m] {
			continue
		}
		key := n[:i] + "." + t
		d := byType[key]
		if d == nil {
			d = &doubled{typ: key}
			byType[key] = d
			out = append(out, d)
		}
		d.n++
		d.code = append(d.code, code[k]...)
	}
	slices.SortStableFunc(out, func(a, b *doubled) int { return len(b.code) - len(a.code) })
	res := make([]doubled, len(out))
	for i, d := range out {
		res[i] = *d
	}
	return res
}

// functionNames reads the function-name subsection of a name section.
func functionNames(b []byte) (map[uint64]string, error) {
	l, i, err := uleb(b, 0)
	if err != nil {
		return nil, err
	}
	i += int(l) // "name"
	for i < len(b) {
		id := b[i]
		n, j, err := uleb(b, i+1)
		if err != nil {
			return nil, err
		}
		sub := b[j : j+int(n)]
		i = j + int(n)
		if id != 1 {
			continue
		}
		count, k, err := uleb(sub, 0)
		if err != nil {
			return nil, err
		}
		names := make(map[uint64]string, count)
		for c := uint64(0); c < count; c++ {
			idx, k2, err := uleb(sub, k)
			if err != nil {
				return nil, err
			}
			ln, k3, err := uleb(sub, k2)
			if err != nil {
				return nil, err
			}
			names[idx] = string(sub[k3 : k3+int(ln)])
			k = k3 + int(ln)
		}
		return names, nil
	}
	return nil, nil
}
