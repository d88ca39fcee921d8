package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// stripLineTables removes the pclntab's file and line tables from a Go
// js/wasm module's data section: each function's pcfile and pcln offsets
// become 0 and the pc-value tables only they used are zeroed, so the
// data segments skip them. Go's runtime reads those two tables only in
// funcline1 (runtime/symtab.go), which answers "?", 0 for an offset of 0:
// panics and runtime.Caller then name functions without file:line. Stack
// maps, frame sizes and inlining data (pcsp, pcdata, funcdata) stay, and
// so do function names. The compilation units' file tables and the file
// names go too (only funcfile, for funcline1, reads them), and each
// function's cuOffset (funcfile's) and startLine (read only for
// runtime.Frame's startLine, which pprof uses). It returns the new data
// section body and the bytes of tables zeroed.
func stripLineTables(body []byte) ([]byte, int, error) {
	m, err := dataImage(body)
	if err != nil {
		return nil, 0, err
	}
	n, err := zeroLineTables(m.mem)
	if err != nil {
		return nil, 0, err
	}
	return dataSegments(m.mem), n, nil
}

// zeroLineTables does stripLineTables' work on the memory image.
func zeroLineTables(mem []byte) (int, error) {
	// pcHeader (runtime/symtab.go): Go120PCLnTabMagic, pad, pad, minLC 1, ptrSize 8.
	hdr := bytes.Index(mem, []byte{0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8})
	if hdr < 0 || bytes.Index(mem[hdr+1:], []byte{0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8}) >= 0 {
		return 0, errors.New("pclntab header not found exactly once")
	}
	word := func(off int) int { return int(binary.LittleEndian.Uint64(mem[hdr+off:])) }
	nfunc, cutab, pctab, pcln := word(8), hdr+word(40), hdr+word(56), hdr+word(64)
	if nfunc <= 0 || cutab >= pctab || pctab >= pcln || pcln+8*nfunc > len(mem) {
		return 0, errors.New("pclntab header out of range")
	}
	u32 := func(p int) uint32 { return binary.LittleEndian.Uint32(mem[p:]) }
	// tableLen is the length of the pc-value table at pctab+off: pairs of
	// a value delta and a pc delta (varints), ended by a value delta of 0
	// after the first pair (runtime.step).
	tableLen := func(off uint32) (int, error) {
		p := pctab + int(off)
		for first := true; ; first = false {
			v, n := binary.Uvarint(mem[p:min(pcln, p+10)])
			if n <= 0 {
				return 0, fmt.Errorf("bad pc-value table at %d", off)
			}
			p += n
			if v == 0 && !first {
				return p - (pctab + int(off)), nil
			}
			_, n = binary.Uvarint(mem[p:min(pcln, p+10)])
			if n <= 0 {
				return 0, fmt.Errorf("bad pc-value table at %d", off)
			}
			p += n
		}
	}
	// _func (runtime/runtime2.go): pcsp at 16, pcfile 20, pcln 24,
	// npcdata 28, nfuncdata at 43, then pcdata [npcdata]uint32.
	lines := map[uint32]bool{} // table offset -> used only for file/line
	var funcs []int
	for i := 0; i < nfunc; i++ {
		f := pcln + int(u32(pcln+8*i+4))
		if f+44 > len(mem) {
			return 0, errors.New("_func out of range")
		}
		funcs = append(funcs, f)
		for _, o := range []uint32{u32(f + 20), u32(f + 24)} {
			if o != 0 {
				if _, other := lines[o]; !other {
					lines[o] = true
				}
			}
		}
	}
	for _, f := range funcs {
		others := []uint32{u32(f + 16)}
		for j := 0; j < int(u32(f+28)); j++ {
			others = append(others, u32(f+44+4*j))
		}
		for _, o := range others {
			if lines[o] {
				lines[o] = false // shared with a table the runtime needs
			}
		}
	}
	zeroed := 0
	for o, only := range lines {
		if !only {
			continue
		}
		n, err := tableLen(o)
		if err != nil {
			return 0, err
		}
		clear(mem[pctab+int(o) : pctab+int(o)+n])
		zeroed += n
	}
	for _, f := range funcs {
		clear(mem[f+20 : f+28]) // pcfile, pcln
		clear(mem[f+32 : f+40]) // cuOffset (funcfile's), startLine (runtime.Frame's, for pprof)
	}
	// The compilation units' file indexes and the file names, which only
	// funcfile reads (for funcline1).
	zeroed += pctab - cutab
	clear(mem[cutab:pctab])
	return zeroed, nil
}

// dataMinGap is the shortest run of zero bytes that splits a data
// segment. A segment's header (offset and length, different in each) costs
// the compressed file more than a run of zeros inside a segment, which
// deflate codes as a few back-references: the site's main.wasm.gz (zopfli
// --i5) was 1,895,900 bytes at 64, 1,891,953 at 256, 1,891,113 at 1,024,
// 1,891,095 at 2,048 and 4,096 (no zero run falls between the two), .br
// 1,427,256 -> 1,422,239; one segment for the whole memory was worse again
// (its longest runs, hundreds of kB, cost more than headers). The zeros
// are written over fresh (zeroed) memory: the same memory at start.
const dataMinGap = 4096

// dataSegments encodes memory as a data section body as Go's linker does
// (cmd/link/internal/wasm writeDataSec): active segments of memory 0 that
// skip runs of zero bytes longer than dataMinGap, at most 100,000 of them
// (browsers refuse more).
func dataSegments(mem []byte) []byte { return segmentsSkipping(mem, dataMinGap) }

// segmentsSkipping is dataSegments with the run of zeros that splits a
// segment longer than minGap.
func segmentsSkipping(mem []byte, minGap int) []byte {
	const maxSegments = 100000
	type seg struct{ from, to int }
	var segs []seg
	for i := 0; i < len(mem); {
		for i < len(mem) && mem[i] == 0 {
			i++
		}
		if i == len(mem) {
			break
		}
		if len(segs) == maxSegments-1 { // the rest in one
			end := len(mem)
			for mem[end-1] == 0 {
				end--
			}
			segs = append(segs, seg{i, end})
			break
		}
		from, zeros := i, 0
		for ; i < len(mem) && zeros <= minGap; i++ {
			if mem[i] == 0 {
				zeros++
			} else {
				zeros = 0
			}
		}
		segs = append(segs, seg{from, i - zeros})
	}
	out := binary.AppendUvarint(nil, uint64(len(segs)))
	for _, s := range segs {
		out = append(out, 0, 0x41) // active, memory 0; i32.const
		out = appendSleb(out, int64(s.from))
		out = append(out, 0x0b) // end
		out = binary.AppendUvarint(out, uint64(s.to-s.from))
		out = append(out, mem[s.from:s.to]...)
	}
	return out
}

func appendSleb(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
