package main

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Argument layouts (FUNCDATA_ArgInfo) in the served module.
//
// A traceback prints each frame's arguments, "main.f(0x1, {0x2, 0x3}, ...)":
// printArgs (runtime/traceback.go) walks the function's ArgInfo, a list
// of (offset, size) components, "{" and "}" around a struct's or array's,
// "..." past ten, "_" for an offset past 250, ended by 0xff, reading each
// component from the frame's argument area. The compiler writes one per
// function (deduplicated by content): each function's reference to its own
// (a funcdata offset) costs the served module 6 kB gzip -9 alone.
//
// -strip gives each renamed function instead a shared generic layout that
// prints its argument area's first n 8-byte words, the last first: all
// layouts are suffixes of one list, [8(N-1),8, ..., 8,8, 0,8, 0xff], so the
// references are few: n is 4 for a function whose real layout reads at
// most 4 words, 10 for one that reads at most 10, N for the others
// (argClass; the words past its arguments are its caller's frame, printed
// and never written), so that most references are one of two. n covers every byte the real layout reads, and the map
// (-names) keeps the real layout beside the id: -symbolize rebuilds the
// argument area from the last words printed and prints the real layout
// over it exactly as printArgs would. The runtime reads ArgInfo for nothing else
// (funcdata ArgInfo: printArgs only). Left with their own layouts: functions
// whose names stay (the symbolizer would not know them), pointer wrappers
// (whose ids have parentheses), whose name another
// function shares, and any with FUNCDATA_ArgLiveInfo (register arguments'
// liveness, which js/wasm's stack-based ABI never has; printArgs marks dead
// ones with "?").

const (
	funcdataArgInfo     = 5
	funcdataArgLiveInfo = 6

	// internal/abi's TraceArgs* opcodes.
	traceArgsEndSeq         = 0xff
	traceArgsStartAgg       = 0xfe
	traceArgsEndAgg         = 0xfd
	traceArgsDotdotdot      = 0xfc
	traceArgsOffsetTooLarge = 0xfb
	traceArgsMaxLen         = (5*3+2)*10 + 1
)

// argLayout reads the ArgInfo at p: its bytes (0xff included) and the
// 8-byte words of the argument area it reads.
func argLayout(mem []byte, p int) (layout []byte, words int, err error) {
	for i := 0; i < traceArgsMaxLen && p+i < len(mem); {
		o := mem[p+i]
		i++
		switch {
		case o == traceArgsEndSeq:
			return mem[p : p+i], words, nil
		case o >= traceArgsOffsetTooLarge:
		default:
			if p+i >= len(mem) {
				break
			}
			sz := mem[p+i]
			i++
			if sz == 0 || sz > 8 {
				return nil, 0, fmt.Errorf("ArgInfo at %#x: component size %d", p, sz)
			}
			words = max(words, (int(o)+int(sz)+7)/8)
		}
	}
	return nil, 0, fmt.Errorf("ArgInfo at %#x: no end", p)
}

// genericArgs gives the functions whose names renameFuncs replaced the
// generic layouts (see the top of this file), in the place of layouts no
// other function or funcdata uses, zeroes the rest of those, and records
// each real layout in ids. It returns the bytes zeroed.
func genericArgs(t *pclntab, ids []funcNameID) (int, error) {
	byName := map[string]int{} // id -> index in ids
	for i, e := range ids {
		byName[e.id] = i
	}
	type use struct {
		f, id  int // _func, index in ids (-1: keeps its layout)
		layout []byte
		words  int
	}
	var uses []use
	funcsOfName := map[uint32]int{}
	for _, f := range t.funcs {
		funcsOfName[t.u32(f+fnNameOff)]++
	}
	other := map[uint32]bool{} // funcdata offsets in use other than by generic layouts' functions
	for _, f := range t.funcs {
		for i := 0; i < t.nfuncdata(f); i++ {
			if o := t.u32(t.funcdata(f, i)); o != ^uint32(0) && i != funcdataArgInfo {
				other[o] = true
			}
		}
		if t.nfuncdata(f) <= funcdataArgInfo || t.u32(t.funcdata(f, funcdataArgInfo)) == ^uint32(0) {
			continue
		}
		o := t.u32(t.funcdata(f, funcdataArgInfo))
		layout, words, err := argLayout(t.mem, t.gofunc+int(o))
		if err != nil {
			return 0, err
		}
		name := t.name(t.u32(f + fnNameOff))
		id, ok := byName[name]
		if strings.Contains(name, "(") {
			ok = false // a pointer wrapper's id: its frames are not "id(args)" (symbolize)
		}
		live := t.nfuncdata(f) > funcdataArgLiveInfo && t.u32(t.funcdata(f, funcdataArgLiveInfo)) != ^uint32(0)
		if !ok || live || funcsOfName[t.u32(f+fnNameOff)] > 1 {
			other[o] = true
			continue
		}
		uses = append(uses, use{f, id, slices.Clone(layout), words})
	}
	// The list goes in the longest run of bytes of layouts that only
	// generic functions use; a function reading more words than the run
	// holds keeps its layout (which may shorten the run: again).
	var free map[int]bool
	var runStart, most int
	for {
		free = map[int]bool{}
		for _, u := range uses {
			if o := t.u32(t.funcdata(u.f, funcdataArgInfo)); !other[o] {
				for k := range u.layout {
					free[t.gofunc+int(o)+k] = true
				}
			}
		}
		runLen := 0
		for p := range free {
			if free[p-1] {
				continue
			}
			n := 0
			for free[p+n] {
				n++
			}
			if n > runLen || n == runLen && p < runStart {
				runStart, runLen = p, n
			}
		}
		if runLen == 0 {
			return 0, nil
		}
		most = (runLen - 1) / 2
		kept := uses[:0]
		for _, u := range uses {
			if u.words > most {
				other[t.u32(t.funcdata(u.f, funcdataArgInfo))] = true
			} else {
				kept = append(kept, u)
			}
		}
		if len(kept) == len(uses) {
			break
		}
		uses = kept
	}
	most = 0
	for _, u := range uses {
		most = max(most, u.words)
	}
	for p := range free {
		t.mem[p] = 0
	}
	for w, p := most-1, runStart; w >= 0; w, p = w-1, p+2 {
		t.mem[p], t.mem[p+1] = byte(8*w), 8
	}
	t.mem[runStart+2*most] = traceArgsEndSeq
	for _, u := range uses {
		t.put32(t.funcdata(u.f, funcdataArgInfo), uint32(runStart+2*(most-argClass(u.words, most))-t.gofunc))
		ids[u.id].args = u.layout
	}
	return len(free) - (2*most + 1), nil
}

// argClass is the number of words the generic layout of a function whose
// real one reads words of them prints, when the longest reads most.
func argClass(words, most int) int {
	switch {
	case words <= 4:
		return min(4, most)
	case words <= 10:
		return min(10, most)
	}
	return most
}

// printArgs is runtime.printArgs (runtime/traceback.go) with a layout and
// the argument area's bytes: what the traceback of a module with the real
// layout prints between the parentheses (no liveness: see above).
func printArgs(layout, area []byte) string {
	var b strings.Builder
	start := true
	comma := func() {
		if !start {
			b.WriteString(", ")
		}
	}
	for pi := 0; pi < len(layout); {
		o := layout[pi]
		pi++
		switch o {
		case traceArgsEndSeq:
			return b.String()
		case traceArgsStartAgg:
			comma()
			b.WriteString("{")
			start = true
			continue
		case traceArgsEndAgg:
			b.WriteString("}")
		case traceArgsDotdotdot:
			comma()
			b.WriteString("...")
		case traceArgsOffsetTooLarge:
			comma()
			b.WriteString("_")
		default:
			comma()
			sz := layout[pi]
			pi++
			var word [8]byte
			copy(word[:], area[min(int(o), len(area)):])
			x := binary.LittleEndian.Uint64(word[:])
			if sz < 8 {
				shift := 64 - uint(sz)*8
				x = x << shift >> shift
			}
			b.WriteString("0x" + strconv.FormatUint(x, 16))
		}
		start = false
	}
	return b.String()
}

// realArgs turns the words a generic layout printed ("0x1, 0x0", the last
// word first; argClass's number, of which the real layout reads the last)
// back into the real layout's print, or reports false when the text is not
// at least that many words.
func realArgs(printed string, layout []byte) (string, bool) {
	_, words, err := argLayout(layout, 0)
	if err != nil {
		return "", false
	}
	parts := strings.Split(printed, ", ")
	if printed == "" {
		parts = nil
	}
	if len(parts) < words {
		return "", false
	}
	area := make([]byte, 8*len(parts))
	for i, p := range parts {
		h, ok := strings.CutPrefix(p, "0x")
		x, err := strconv.ParseUint(h, 16, 64)
		if !ok || err != nil {
			return "", false // an inlined frame's "...", or not a frame
		}
		binary.LittleEndian.PutUint64(area[8*(len(parts)-1-i):], x)
	}
	return printArgs(layout, area[:8*words]), true
}
