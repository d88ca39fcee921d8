package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// pclntab is a Go js/wasm module's pclntab (runtime/symtab.go's pcHeader
// and moduledata, cmd/link/internal/ld/pcln.go's layout, Go 1.26) found in
// its memory image: the tables -strip rewrites.
type pclntab struct {
	mem []byte
	hdr int // runtime.pcheader

	// Absolute offsets in mem of the header's tables.
	funcnametab, cutab, filetab, pctab, functab int
	nfunc                                       int
	gofunc                                      int    // moduledata.gofunc: the base of funcdata offsets
	text                                        uint64 // moduledata.text: on wasm, PC_F = text + a functab entry

	funcs []int // each function's _func record, in functab (PC) order
}

// pcHeaderMagic is the start of runtime.pcheader: Go120PCLnTabMagic, pad,
// pad, minLC 1, ptrSize 8.
var pcHeaderMagic = []byte{0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8}

// _func (runtime/runtime2.go) field offsets.
const (
	fnEntryOff    = 0
	fnNameOff     = 4
	fnArgs        = 8
	fnDeferreturn = 12
	fnPcsp        = 16
	fnPcfile      = 20
	fnPcln        = 24
	fnNpcdata     = 28
	fnCuOffset    = 32
	fnStartLine   = 36
	fnFuncID      = 40
	fnFlag        = 41
	fnNfuncdata   = 43
	fnSize        = 44 // then pcdata [npcdata]uint32, funcdata [nfuncdata]uint32
)

// moduledata word indexes (runtime/symtab.go).
const (
	mdPcHeader    = 0
	mdFuncnametab = 1
	mdCutab       = 4
	mdFiletab     = 7
	mdPctab       = 10
	mdPclntable   = 13
	mdFindfunctab = 19
	mdMinpc       = 20
	mdMaxpc       = 21
	mdText        = 22
	mdNoptrdata   = 24
	mdEnoptrdata  = 25
	mdData        = 26
	mdEdata       = 27
	mdTypes       = 37
	mdEtypes      = 38
	mdGofunc      = 40
	mdEpclntab    = 41
)

func parsePclntab(mem []byte) (*pclntab, error) {
	hdr := bytes.Index(mem, pcHeaderMagic)
	if hdr < 0 || bytes.Index(mem[hdr+1:], pcHeaderMagic) >= 0 {
		return nil, errors.New("pclntab header not found exactly once")
	}
	t := &pclntab{mem: mem, hdr: hdr}
	word := func(off int) int { return int(binary.LittleEndian.Uint64(mem[hdr+off:])) }
	t.nfunc = word(8)
	t.funcnametab, t.cutab, t.filetab, t.pctab, t.functab = hdr+word(32), hdr+word(40), hdr+word(48), hdr+word(56), hdr+word(64)
	if t.nfunc <= 0 || !(t.funcnametab <= t.cutab && t.cutab <= t.filetab && t.filetab <= t.pctab && t.pctab < t.functab) ||
		t.functab+8*t.nfunc+4 > len(mem) {
		return nil, errors.New("pclntab header out of range")
	}
	md := findModuledata(mem, uint64(hdr))
	if md < 0 {
		return nil, errors.New("no moduledata")
	}
	t.gofunc = int(binary.LittleEndian.Uint64(mem[md+8*mdGofunc:]))
	t.text = binary.LittleEndian.Uint64(mem[md+8*mdText:])
	if t.gofunc <= 0 || t.gofunc > len(mem) {
		return nil, errors.New("moduledata.gofunc out of range")
	}
	for i := 0; i < t.nfunc; i++ {
		f := t.functab + int(t.u32(t.functab+8*i+4))
		if f+fnSize > len(mem) || f+fnSize+4*(t.npcdata(f)+t.nfuncdata(f)) > len(mem) {
			return nil, errors.New("_func out of range")
		}
		t.funcs = append(t.funcs, f)
	}
	return t, nil
}

// findModuledata returns the offset of runtime.firstmoduledata: the word
// pointing at the pcHeader, followed by funcnametab's pointer.
func findModuledata(mem []byte, hdr uint64) int {
	u64 := func(p int) uint64 { return binary.LittleEndian.Uint64(mem[p:]) }
	if hdr+40 > uint64(len(mem)) {
		return -1
	}
	names := hdr + u64(int(hdr)+32)
	for p := 0; p+16 <= len(mem); p += 8 {
		if u64(p) == hdr && u64(p+8) == names {
			return p
		}
	}
	return -1
}

func (t *pclntab) u32(p int) uint32 { return binary.LittleEndian.Uint32(t.mem[p:]) }

func (t *pclntab) put32(p int, v uint32) { binary.LittleEndian.PutUint32(t.mem[p:], v) }

func (t *pclntab) npcdata(f int) int   { return int(t.u32(f + fnNpcdata)) }
func (t *pclntab) nfuncdata(f int) int { return int(t.mem[f+fnNfuncdata]) }

// pcdata is the offset of f's i'th pcdata table's offset (in pctab).
func (t *pclntab) pcdata(f, i int) int { return f + fnSize + 4*i }

// funcdata is the offset of f's i'th funcdata offset (from gofunc; ^0: none).
func (t *pclntab) funcdata(f, i int) int { return f + fnSize + 4*(t.npcdata(f)+i) }

// name is the function name at nameOff in funcnametab.
func (t *pclntab) name(nameOff uint32) string {
	p := t.funcnametab + int(nameOff)
	if p >= t.cutab {
		return ""
	}
	e := bytes.IndexByte(t.mem[p:t.cutab], 0)
	if e < 0 {
		return ""
	}
	return string(t.mem[p : p+e])
}

// pcvalue is one entry of a decoded pc-value table: the value from pc on
// (an offset from the function's entry; on wasm, in units of the block
// index).
type pcvalue struct {
	pc  uint64
	val int32
}

// tableLen is the length of the pc-value table at pctab+off: pairs of a
// value delta and a pc delta (varints), ended by a value delta of 0 after
// the first pair (runtime.step).
func (t *pclntab) tableLen(off uint32) (int, error) {
	_, n, err := t.decode(off)
	return n, err
}

// decode decodes the pc-value table at pctab+off as runtime.step does
// (value deltas zig-zag coded, starting from -1; pc deltas times minLC, 1).
func (t *pclntab) decode(off uint32) ([]pcvalue, int, error) {
	vals, _, n, err := t.decodeEnd(off)
	return vals, n, err
}

// decodeEnd is decode that also returns the pc where the last range ends.
func (t *pclntab) decodeEnd(off uint32) ([]pcvalue, uint64, int, error) {
	p := t.pctab + int(off)
	var out []pcvalue
	val, pc := int32(-1), uint64(0)
	for first := true; ; first = false {
		uv, n := binary.Uvarint(t.mem[p:min(t.functab, p+10)])
		if n <= 0 {
			return nil, 0, 0, fmt.Errorf("bad pc-value table at %d", off)
		}
		p += n
		if uv == 0 && !first {
			return out, pc, p - (t.pctab + int(off)), nil
		}
		if uv&1 != 0 {
			uv = ^(uv >> 1)
		} else {
			uv >>= 1
		}
		val += int32(uv)
		out = append(out, pcvalue{pc, val})
		pd, n := binary.Uvarint(t.mem[p:min(t.functab, p+10)])
		if n <= 0 {
			return nil, 0, 0, fmt.Errorf("bad pc-value table at %d", off)
		}
		p += n
		pc += pd
	}
}

// dropTables sets to 0 each pc-value table offset of a _func (pcsp,
// pcfile, pcln, pcdata) whose place (its offset in mem) drop chooses, and
// zeroes the tables no other offset refers to (the linker shares equal
// tables between functions and fields). It returns the bytes zeroed.
func (t *pclntab) dropTables(drop func(f, at int) bool) (int, error) {
	dropped := map[uint32]bool{} // table offset -> referred to only by dropped offsets
	for pass := 0; pass < 2; pass++ {
		for _, f := range t.funcs {
			at := []int{f + fnPcsp, f + fnPcfile, f + fnPcln}
			for i := 0; i < t.npcdata(f); i++ {
				at = append(at, t.pcdata(f, i))
			}
			for _, a := range at {
				o := t.u32(a)
				switch {
				case o == 0:
				case pass == 0 && drop(f, a):
					dropped[o] = true
				case pass == 1 && !drop(f, a):
					delete(dropped, o) // shared with a table the runtime needs
				}
			}
		}
	}
	zeroed := 0
	for o := range dropped {
		n, err := t.tableLen(o)
		if err != nil {
			return 0, err
		}
		clear(t.mem[t.pctab+int(o) : t.pctab+int(o)+n])
		zeroed += n
	}
	for _, f := range t.funcs {
		for _, a := range []int{f + fnPcsp, f + fnPcfile, f + fnPcln} {
			if drop(f, a) {
				t.put32(a, 0)
			}
		}
		for i := 0; i < t.npcdata(f); i++ {
			if a := t.pcdata(f, i); drop(f, a) {
				t.put32(a, 0)
			}
		}
	}
	return zeroed, nil
}

// compactPctab moves the pc-value tables still referred to to the front
// of pctab, each once, in the order the functions (in PC order) first
// refer to them, and zeroes the rest: tables dropped by the other steps
// leave no holes, the offsets get smaller, and consecutive functions'
// offsets share their high bytes, which the compressor sees as repeats.
// Each table is first rewritten as the runtime reads it the same
// (openEnded, stackMapIndexes; sparse, by the offset of their reference,
// holds tables that sparseTables rewrote), so that more of them are equal
// and kept once. The runtime finds a table only through these offsets (pcvalue:
// datap.pctab[off:]); offset 0 stays "no table". It returns the bytes of
// pctab the tables take now.
func (t *pclntab) compactPctab(sparse map[int][]pcvalue) (int, error) {
	table := []byte{0} // offset 0: no table
	byContent := map[string]uint32{}
	type ref struct {
		at  int
		off uint32
	}
	var refs []ref
	for _, f := range t.funcs {
		at := []int{f + fnPcsp, f + fnPcfile, f + fnPcln}
		for i := 0; i < t.npcdata(f); i++ {
			at = append(at, t.pcdata(f, i))
		}
		for _, a := range at {
			o := t.u32(a)
			if o == 0 {
				continue
			}
			vals, end, _, err := t.decodeEnd(o)
			if err != nil {
				return 0, err
			}
			if s, ok := sparse[a]; ok {
				vals = s
			}
			if t.npcdata(f) > pcdataStackMapIndex && a == t.pcdata(f, pcdataStackMapIndex) {
				if vals = stackMapIndexes(vals); vals == nil {
					refs = append(refs, ref{a, 0})
					continue
				}
			}
			enc := openEnded(vals, end)
			off, ok := byContent[string(enc)]
			if !ok {
				off = uint32(len(table))
				byContent[string(enc)] = off
				table = append(table, enc...)
			}
			refs = append(refs, ref{a, off})
		}
	}
	if len(table) > t.functab-t.pctab {
		return 0, errors.New("compacted pc-value tables larger than pctab")
	}
	for _, r := range refs {
		t.put32(r.at, r.off)
	}
	clear(t.mem[t.pctab:t.functab])
	copy(t.mem[t.pctab:], table)
	return len(table), nil
}

// pcdataStackMapIndex is internal/abi.PCDATA_StackMapIndex.
const pcdataStackMapIndex = 1

// stackMapIndexes rewrites a PCDATA_StackMapIndex table's values as the
// runtime reads them: its one reader on js/wasm, getStackMap
// (runtime/stkframe.go; heapdump.go's dumpframe does the same), uses the
// value -1, as it does no table, as 0 (the function's first stack map),
// so -1 becomes 0 and equal neighbours merge; a table left all 0 is no
// table (nil).
func stackMapIndexes(vals []pcvalue) []pcvalue {
	var out []pcvalue
	for _, v := range vals {
		v.val = max(v.val, 0)
		if len(out) == 0 || out[len(out)-1].val != v.val {
			out = append(out, v)
		}
	}
	if len(out) == 1 && out[0].val == 0 {
		return nil
	}
	return out
}

// findfuncStride is how many consecutive functions share one findfunctab
// bucket's index after coarsenFindfunctab: findfunc then steps over at most
// findfuncStride-1 functab entries more than before (an 8-byte load and a
// compare each, about 7 on average, once per frame a stack scan or a
// traceback walks). 16 rather than 4: 2.1 kB less gzip -9 at c00305a
// (1,580,680 -> 1,578,574; 32: 0.4 kB less again).
const findfuncStride = 16

// coarsenFindfunctab rewrites findfunctab, the buckets runtime.findfunc
// (runtime/symtab.go) starts its functab scan from, so that it compresses.
// On wasm a PC is a function index << 16 | a block index, and findfunc
// drops the block (x := pcOff<<16 + text - minpc): of the 16 buckets of
// 4096 PCs a function spans, it reads only the one its index maps to, and
// of that bucket only the index and the subbucket its x selects. Every
// bucket becomes a copy of the one read, and the index it gives (idx +
// subbuckets[i], the function's functab index) is rounded down to a
// multiple of findfuncStride with the subbuckets 0: findfunc's loop (for
// ftab[idx+1].entryoff <= pcOff { idx++ }) goes on from there to the same
// function, as functab is sorted and the function's own entry is the last
// with entryoff <= pcOff. Consecutive functions' buckets are then equal in
// runs of findfuncStride. It returns the buckets rewritten.
func (t *pclntab) coarsenFindfunctab() (int, error) {
	md := findModuledata(t.mem, uint64(t.hdr))
	word := func(i int) uint64 { return binary.LittleEndian.Uint64(t.mem[md+8*i:]) }
	fft, minpc, maxpc, text := word(mdFindfunctab), word(mdMinpc), word(mdMaxpc), word(mdText)
	const bucketSize, bucketPCs, subPCs = 20, 4096, 256
	nbuckets := (maxpc - minpc + bucketPCs - 1) / bucketPCs
	if fft == 0 || fft+nbuckets*bucketSize > uint64(len(t.mem)) || minpc > maxpc {
		return 0, errors.New("findfunctab out of range")
	}
	entry := func(j int) uint64 { return uint64(t.u32(t.functab + 8*j)) }
	n := 0
	for j := 0; j < t.nfunc; j++ {
		k := entry(j)
		if j > 0 && k != entry(j-1)+1 {
			return 0, fmt.Errorf("functab entry %d: function index %d after %d (wasm: one entry per function)", j, k, entry(j-1))
		}
		x := k<<16 + text - minpc // findfunc's, for every PC of function k
		b, i := x/bucketPCs, x%bucketPCs/subPCs
		if b >= nbuckets {
			return 0, fmt.Errorf("function %d: bucket out of range", k)
		}
		p := int(fft + b*bucketSize)
		if idx := int(t.u32(p)) + int(t.mem[p+4+int(i)]); idx > j {
			return 0, fmt.Errorf("function %d: findfunctab gives functab index %d, past %d", k, idx, j)
		}
		// The function's 16 buckets, x's with any block (none other reads them).
		var bucket [bucketSize]byte
		binary.LittleEndian.PutUint32(bucket[:], uint32(j-j%findfuncStride))
		for c := x >> 16 << 16 / bucketPCs; c < (x>>16+1)<<16/bucketPCs && c < nbuckets; c++ {
			copy(t.mem[fft+c*bucketSize:], bucket[:])
			n++
		}
	}
	return n, nil
}

// openEnded encodes a pc-value table whose last range ends at end with
// that range open-ended: its pc delta becomes openEnd's, the largest one
// of the same varint length, at least as long as before. The runtime reads
// a table only for PCs inside its function (pcvalue stops at the first
// range that ends past the target pc; funcMaxSPDelta reads the values
// alone), so how far the last range goes past the function's end is never
// read; tables that differ only in it (their functions' lengths) become
// equal, and compactPctab keeps one of them.
func openEnded(vals []pcvalue, end uint64) []byte {
	var out []byte
	prev := int32(-1)
	for i, v := range vals {
		d := v.val - prev
		prev = v.val
		out = binary.AppendUvarint(out, uint64(uint32(d<<1)^uint32(d>>31)))
		if i+1 < len(vals) {
			out = binary.AppendUvarint(out, vals[i+1].pc-v.pc)
		} else {
			out = binary.AppendUvarint(out, openEnd(end-v.pc))
		}
	}
	return append(out, 0)
}

// openEnd is the largest pc delta with the varint length of d.
func openEnd(d uint64) uint64 {
	e := uint64(1)<<7 - 1
	for e < d {
		e = e<<7 | 1<<7 - 1
	}
	return e
}
