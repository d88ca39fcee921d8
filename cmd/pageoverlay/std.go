package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// stdEdits are the page's declarations of the standard library's other
// packages that differ from the toolchain's (funcEdit, as the runtime's).
// Each says why the page behaves as before.
var stdEdits = []funcEdit{
	// Method values: only Value.Method (MethodByName calls it) makes a
	// Value with flagMethod set (checkFlagMethod), and the page calls
	// neither (the linker would then keep every exported method of every
	// type: TestPageLinksNoReflectMethod). With flagMethod 0, every
	// v.flag&flagMethod test is constant and the method-value machinery
	// behind them leaves the page: makeMethodValue, methodReceiver,
	// methodValueCall's callMethod, funcLayout and its ABI assignment,
	// and funcLayout's sync.Map. Every other Value has flagMethod unset
	// in the toolchain's reflect too, so it behaves as there; Method panics.
	{"reflect/value.go", "const flagMethod", "6dfcab40c66c6d0c19445f7e59e6d97e440394063107aac31fcaaf1b315987fb",
		`const (
	flagKindWidth        = 5 // there are 27 kinds
	flagKindMask    flag = 1<<flagKindWidth - 1
	flagStickyRO    flag = 1 << 5
	flagEmbedRO     flag = 1 << 6
	flagIndir       flag = 1 << 7
	flagAddr        flag = 1 << 8
	flagMethod      flag = 0 // raftlab's page: no method values (Value.Method panics; cmd/pageoverlay)
	flagMethodShift      = 10
	flagRO          flag = flagStickyRO | flagEmbedRO
)`},
	{"reflect/value.go", "Value.Method", "4412774b7b845b60eeb12ec67a7d568843edbd8a6119ee0f32da969935c3269f",
		"func (v Value) Method(i int) Value {\n\tpanic(noMethodValues)\n}\n\nconst noMethodValues = \"reflect: raftlab's page has no method values (cmd/pageoverlay)\""},

	// fmt.Errorf sorts the argument numbers of its %w verbs when the
	// format reorders arguments (%[2]w): slices.Sort on ints, whose
	// pdqsort the page links for this alone. An insertion sort sorts the
	// same ints the same way, and there are as few as %w verbs in a format.
	{"fmt/errors.go", "import slices", "bcdf1c544e25753a273d7e303b55abf800c0367301b749e1f74c5c877392d39c",
		"import (\n\t\"errors\"\n\t\"internal/stringslite\"\n)"},
	{"fmt/errors.go", "errorf", "c476a6aec8dfa193946fd3abbc4f16d15b817d02ad9aa03977141d33285d7895",
		`func errorf(format string, a ...any) error {
	if len(a) == 0 && stringslite.IndexByte(format, '%') == -1 {
		return nil
	}
	p := newPrinter()
	p.wrapErrs = true
	p.doPrintf(format, a)
	s := string(p.buf)
	var err error
	switch len(p.wrappedErrs) {
	case 0:
		err = errors.New(s)
	case 1:
		w := &wrapError{msg: s}
		w.err, _ = a[p.wrappedErrs[0]].(error)
		err = w
	default:
		if w := p.wrappedErrs; p.reordered { // raftlab's page: an insertion sort, not slices.Sort (cmd/pageoverlay)
			for i := 1; i < len(w); i++ { for j := i; j > 0 && w[j] < w[j-1]; j-- { w[j], w[j-1] = w[j-1], w[j] } }
		}
		var errs []error
		for i, argNum := range p.wrappedErrs {
			if i > 0 && p.wrappedErrs[i-1] == argNum {
				continue
			}
			if e, ok := a[argNum].(error); ok {
				errs = append(errs, e)
			}
		}
		err = &wrapErrors{s, errs}
	}
	p.free()
	return err
}`},

	// fmt prints a map's entries sorted by key (fmtsort.Sort), a stable
	// sort by compare, which orders every pair of keys of a map
	// consistently (a total preorder: NaNs equal, below other floats).
	// slices.SortStableFunc linked an insertion sort and a SymMerge of
	// its own for KeyValue; the page's one pointer sort, on pointers to
	// the entries with their position as the last key, puts them in the
	// same order.
	{"internal/fmtsort/sort.go", "Sort", "cbafb3bee9f9c6b353972b72b0ba14687d43510ff648be1ded26b79e71b3578d",
		`func Sort(mapValue reflect.Value) SortedMap {
	if mapValue.Type().Kind() != reflect.Map {
		return nil
	}
	// Note: this code is arranged to not panic even in the presence
	// of a concurrent map update. The runtime is responsible for
	// yelling loudly if that happens. See issue 33275.
	type entry struct { KeyValue; at int } // raftlab's page: sorted through pointers (cmd/pageoverlay)
	entries := make([]entry, 0, mapValue.Len())
	iter := mapValue.MapRange()
	for iter.Next() { entries = append(entries, entry{KeyValue{iter.Key(), iter.Value()}, len(entries)}) }
	ps := make([]*entry, len(entries)); for i := range entries { ps[i] = &entries[i] }
	slices.SortFunc(ps, func(a, b *entry) int { if c := compare(a.Key, b.Key); c != 0 { return c }; return cmp.Compare(a.at, b.at) })
	sorted := make(SortedMap, len(ps)); for i, p := range ps { sorted[i] = p.KeyValue }
	return sorted
}`},

	// strconv.IsPrint answers as unicode.IsPrint (its doc says so, its
	// tables are made from unicode's: TestStrconvIsPrintIsUnicodes checks
	// every rune). The page links unicode.IsPrint and its category tables
	// anyway (share links): strconv's own tables (isPrint16/32,
	// isNotPrint16/32) leave, fmt's %q and %U ask unicode.
	{"strconv/quote.go", "import unicode/utf8", "4547e582882a7cc75ecdc5d76c1f16f65c929c4d85ed4d9e414f35307c462a7c",
		"import (\n\t\"unicode\"; \"unicode/utf8\" // raftlab's page: IsPrint (cmd/pageoverlay)\n)"},
	{"strconv/quote.go", "IsPrint", "7f2ebc25e3bbac1d36f7d39e1bb6809f746b39308b8989585860562330cf6310",
		"func IsPrint(r rune) bool {\n\treturn unicode.IsPrint(r) // raftlab's page: the same answers from the tables it links anyway (cmd/pageoverlay)\n}"},
}

// premises are checks of the toolchain's sources that stdEdits rely on
// beyond the declarations they replace.
var premises = []func(src string) error{checkFlagMethod}

// checkFlagMethod fails unless package reflect sets flagMethod in
// Value.Method alone: every other use of it is a test, v.flag&flagMethod,
// or clears it (&^), which a flagMethod of 0 leaves as they were for any
// Value that is no method value.
func checkFlagMethod(src string) error {
	dir := filepath.Join(src, "reflect")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	uses := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, b, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ok := map[*ast.Ident]bool{} // uses that test or clear the bit
		for _, d := range f.Decls {
			if fd, isFunc := d.(*ast.FuncDecl); isFunc && funcName(fd) == "Value.Method" {
				continue // replaced
			}
			if slices.Contains(declNames(d), "const flagMethod") {
				continue // the declaration, replaced
			}
			var bad error
			ast.Inspect(d, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BinaryExpr:
					if id, isID := n.Y.(*ast.Ident); isID && (n.Op == token.AND || n.Op == token.AND_NOT) {
						ok[id] = true
					}
				case *ast.AssignStmt:
					if n.Tok == token.AND_NOT_ASSIGN {
						for _, r := range n.Rhs {
							if id, isID := r.(*ast.Ident); isID {
								ok[id] = true
							}
						}
					}
				case *ast.Ident:
					if n.Name == "flagMethod" {
						uses++
						if !ok[n] && bad == nil {
							bad = fmt.Errorf("%s: flagMethod used other than as v.flag&flagMethod (Go changed how reflect makes method values?)", fset.Position(n.Pos()))
						}
					}
				}
				return true
			})
			if bad != nil {
				return bad
			}
		}
	}
	if uses == 0 {
		return errors.New(dir + ": no flagMethod tests (Go changed reflect's flags?)")
	}
	return nil
}
