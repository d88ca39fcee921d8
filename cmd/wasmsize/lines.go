package main

import "encoding/binary"

// zeroLineTables removes the pclntab's file and line tables from a Go
// js/wasm module's memory image: each function's pcfile and pcln offsets
// become 0 and the pc-value tables only they used are zeroed, so the
// data segments skip them. Go's runtime reads those two tables only in
// funcline1 (runtime/symtab.go), which answers "?", 0 for an offset of 0:
// panics and runtime.Caller then name functions without file:line. Stack
// maps, frame sizes and inlining data (pcsp, pcdata, funcdata) stay. The
// compilation units' file tables and the file names go too (only
// funcfile, for funcline1, reads them), and each function's cuOffset
// (funcfile's) and startLine (read only for runtime.Frame's startLine,
// which pprof uses), and each inlined call's (zeroInlineStartLines). It
// returns the bytes of tables zeroed.
func zeroLineTables(t *pclntab) (int, error) {
	zeroed, err := t.dropTables(func(f, at int) bool { return at == f+fnPcfile || at == f+fnPcln })
	if err != nil {
		return 0, err
	}
	for _, f := range t.funcs {
		clear(t.mem[f+fnCuOffset : f+fnStartLine+4]) // cuOffset (funcfile's), startLine (runtime.Frame's, for pprof)
	}
	if _, err := zeroInlineStartLines(t); err != nil {
		return 0, err
	}
	// The compilation units' file indexes and the file names, which only
	// funcfile reads (for funcline1).
	zeroed += t.pctab - t.cutab
	clear(t.mem[t.cutab:t.pctab])
	return zeroed, nil
}

// zeroUnsafePoints removes the PCDATA_UnsafePoint tables, which say where
// a goroutine may be preempted asynchronously (by a signal) and where a
// debugger may inject a call: Go 1.26's runtime reads them only in
// isAsyncSafePoint (runtime/preempt.go), which signal_unix.go's and
// os_windows.go's preemption call (js/wasm has neither:
// preemptMSupported is false in os_wasm.go), and in debugcall.go, built for
// amd64, arm64, loong64 and ppc64 only. Each function's pcdata[0] becomes 0
// (pcdatavalue's "no table") and the tables no other field uses are zeroed.
// It returns the bytes zeroed.
func zeroUnsafePoints(t *pclntab) (int, error) {
	return t.dropTables(func(f, at int) bool { return t.npcdata(f) > 0 && at == t.pcdata(f, 0) })
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
