package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// memImage rebuilds linear memory from the data section's active
// segments (Go's linker writes one per run of non-zero bytes) and
// remembers which bytes the file holds.
type memImage struct {
	mem     []byte
	present []bool
}

func dataImage(body []byte) (*memImage, error) {
	n, i, err := uleb(body, 0)
	if err != nil {
		return nil, err
	}
	m := &memImage{}
	for k := uint64(0); k < n; k++ {
		flags, j, err := uleb(body, i)
		if err != nil || flags != 0 {
			return nil, errors.New("data segment: only active segments of memory 0")
		}
		// offset expression: i32.const N end
		if j >= len(body) || body[j] != 0x41 {
			return nil, errors.New("data segment: offset is not i32.const")
		}
		off, j2, err := sleb(body, j+1)
		if err != nil || j2 >= len(body) || body[j2] != 0x0b {
			return nil, errors.New("data segment: bad offset expression")
		}
		l, j3, err := uleb(body, j2+1)
		if err != nil || j3+int(l) > len(body) {
			return nil, errors.New("data segment: truncated")
		}
		end := int(off) + int(l)
		if end > len(m.mem) {
			m.mem = append(m.mem, make([]byte, end-len(m.mem))...)
			m.present = append(m.present, make([]bool, end-len(m.present))...)
		}
		copy(m.mem[off:end], body[j3:j3+int(l)])
		for p := int(off); p < end; p++ {
			m.present[p] = true
		}
		i = j3 + int(l)
	}
	return m, nil
}

func sleb(b []byte, i int) (int64, int, error) {
	var v int64
	var shift uint
	for {
		if i >= len(b) || shift > 63 {
			return 0, 0, errors.New("bad LEB128")
		}
		c := b[i]
		i++
		v |= int64(c&0x7f) << shift
		shift += 7
		if c < 0x80 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, i, nil
		}
	}
}

// filed returns the bytes of [from, to) that the file holds.
func (m *memImage) filed(from, to uint64) []byte {
	var out []byte
	for p := from; p < to && p < uint64(len(m.mem)); p++ {
		if m.present[p] {
			out = append(out, m.mem[p])
		}
	}
	return out
}

func (m *memImage) u64(p uint64) uint64 {
	if p+8 > uint64(len(m.mem)) {
		return 0
	}
	return binary.LittleEndian.Uint64(m.mem[p:])
}

// dataReport splits the data section into what Go's linker put there,
// found through runtime.firstmoduledata (runtime/symtab.go's moduledata,
// Go 1.26 layout, whose first word points at the pclntab's header): the
// read-only data (type descriptors, string literals, static tables, GC
// bitmaps: one section on js/wasm), the pclntab's tables, the funcdata
// (stack maps, inlining trees) and the writable data.
func dataReport(w io.Writer, body []byte) error {
	m, err := dataImage(body)
	if err != nil {
		return err
	}
	hdr := bytes.Index(m.mem, pcHeaderMagic)
	if hdr < 0 {
		return errors.New("no pclntab header")
	}
	h := uint64(hdr)
	mdp := findModuledata(m.mem, h)
	if mdp < 0 {
		return errors.New("no moduledata")
	}
	md := uint64(mdp)
	field := func(i int) uint64 { return m.u64(md + uint64(8*i)) }
	slice := func(f int) (uint64, uint64) { return field(f), field(f) + field(f+1) }
	type part struct {
		name     string
		from, to uint64
	}
	var parts []part
	add := func(name string, from, to uint64) { parts = append(parts, part{name, from, to}) }
	add("rodata: type descriptors, string literals, static tables, GC bitmaps", field(mdTypes), field(mdEtypes))
	from, _ := slice(mdFuncnametab)
	add("pclntab: header", h, from)
	add("pclntab: function names", from, field(mdFuncnametab)+field(mdFuncnametab+1))
	f1, _ := slice(mdCutab)
	_, f2 := slice(mdFiletab)
	add("pclntab: file names (zeroed)", f1, f2)
	from, to := slice(mdPctab)
	add("pclntab: pc-value tables (frame sizes, stack map indexes)", from, to)
	from, to = slice(mdPclntable)
	add("pclntab: function table and _func records", from, to)
	if fft := field(mdFindfunctab); field(mdGofunc) <= fft && fft <= field(mdEpclntab) {
		add("funcdata: stack maps, inlining trees, open-coded defers, argument layouts", field(mdGofunc), fft)
		add("findfunctab: PC lookup buckets (16 a function on wasm, repeats)", fft, field(mdEpclntab))
	} else {
		add("funcdata and findfunctab", field(mdGofunc), field(mdEpclntab))
	}
	add("noptrdata: static tables without pointers", field(mdNoptrdata), field(mdEnoptrdata))
	add("data: initialized variables with pointers", field(mdData), field(mdEdata))
	fmt.Fprintf(w, "data section by content (bytes in the file, zero runs inside segments included; gzip: the part alone)\n")
	for _, p := range parts {
		b := m.filed(p.from, p.to)
		fmt.Fprintf(w, "  %9d  gzip %8d  %s\n", len(b), gzipSize(b), p.name)
	}
	topStrings(w, m.filed(field(mdTypes), field(mdEtypes)), 5)
	return nil
}

// topStrings lists the longest printable runs in rodata: string literals
// the page carries (help texts, catalogs, templates).
func topStrings(w io.Writer, b []byte, n int) {
	type run struct{ from, to int }
	var runs []run
	start := -1
	for i := 0; i <= len(b); i++ {
		printable := i < len(b) && (b[i] >= 0x20 && b[i] < 0x7f || b[i] == '\n' || b[i] == '\t' || b[i] >= 0x80)
		if printable && start < 0 {
			start = i
		}
		if !printable && start >= 0 {
			if i-start >= 64 {
				runs = append(runs, run{start, i})
			}
			start = -1
		}
	}
	total := 0
	for _, r := range runs {
		total += r.to - r.from
	}
	slices.SortFunc(runs, func(a, b run) int { return (b.to - b.from) - (a.to - a.from) })
	fmt.Fprintf(w, "text in rodata (runs of 64+ printable bytes: string literals, names): %d bytes; longest:\n", total)
	for _, r := range runs[:min(n, len(runs))] {
		s := b[r.from:r.to]
		if len(s) > 70 {
			s = s[:70]
		}
		fmt.Fprintf(w, "  %7d  %q\n", r.to-r.from, s)
	}
}
