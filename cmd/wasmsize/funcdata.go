package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// The funcdata (FUNCDATA_*: stack maps, stack objects, inlining trees,
// open-coded defers, argument layouts) in the served module.
//
// The linker writes each distinct funcdata symbol once, in the order the
// functions first use them, sorted by alignment (cmd/link/internal/ld
// pcln.go): the stack maps, inlining trees and wrapper infos of each
// function are interleaved. The runtime finds each one only through its
// function's funcdata offset (runtime.funcdata: moduledata.gofunc + off;
// nothing else points into it: a stack object record's gcdataoff is an
// offset in rodata), and reads it only as far as its own length says
// (funcdataLen). -strip lays them out again by kind, each kind in the
// order functions first use it (relayoutFuncdata), each with its
// alignment: a kind's offsets in consecutive functions are then close and
// its contents alike, and what earlier steps freed (argument layouts,
// inlined calls past the last one named) goes.

// funcdata kinds (internal/abi FUNCDATA_*).
const (
	funcdataArgsPointerMaps    = 0
	funcdataLocalsPointerMaps  = 1
	funcdataStackObjects       = 2
	funcdataOpenCodedDeferInfo = 4
	funcdataWrapInfo           = 7
)

// funcdataLen is the length of f's funcdata of kind i at mem[p:], as far
// as the runtime reads it: a stack map's n bitmaps of nbit bits
// (stackmapdata), a stack object list's count and records
// (stkframe.getStackMap), an inlining tree's calls up to the last index
// f's PCDATA_InlTreeIndex table names, an open-coded defer info's two
// varints (initOpenCodedDefers), an argument layout up to its end
// (printArgs), a wrapper info's uint32 (startPCForTrace).
func (t *pclntab) funcdataLen(f, i, p int) (int, error) {
	if p < 0 || p+8 > len(t.mem) {
		return 0, fmt.Errorf("funcdata %d at %#x out of range", i, p)
	}
	u32 := func(q int) int { return int(binary.LittleEndian.Uint32(t.mem[q:])) }
	switch i {
	case funcdataArgsPointerMaps, funcdataLocalsPointerMaps: // stackmap: n, nbit, n bitmaps
		n, nbit := u32(p), u32(p+4)
		return 8 + n*((nbit+7)/8), nil
	case funcdataStackObjects: // count uintptr, count stackObjectRecords
		return 8 + 16*int(binary.LittleEndian.Uint64(t.mem[p:])), nil
	case funcdataInlTree: // as many inlinedCalls as the index table names
		tab, _, ok := t.inlTree(f)
		if !ok {
			return 16, nil
		}
		vals, _, err := t.decode(tab)
		if err != nil {
			return 0, err
		}
		most := int32(0)
		for _, v := range vals {
			most = max(most, v.val)
		}
		return inlinedCallSize * int(most+1), nil
	case funcdataOpenCodedDeferInfo: // deferBitsOffset, slotsOffset varints
		_, n := binary.Uvarint(t.mem[p:])
		_, m := binary.Uvarint(t.mem[p+n:])
		return n + m, nil
	case funcdataArgInfo:
		l, _, err := argLayout(t.mem, p)
		return len(l), err
	case funcdataWrapInfo:
		return 4, nil
	}
	return 0, fmt.Errorf("funcdata %d: unknown kind", i)
}

// relayoutFuncdata lays the funcdata out again by kind (see above) and
// returns the bytes it takes now. end is where the funcdata ends
// (findfunctab).
func (t *pclntab) relayoutFuncdata(end int) (int, error) {
	type blob struct {
		from, to int
		kind     int
		first    int // first use
	}
	var blobs []*blob
	byStart := map[int]*blob{}
	use := 0
	for _, f := range t.funcs {
		for i := 0; i < t.nfuncdata(f); i++ {
			o := t.u32(t.funcdata(f, i))
			if o == ^uint32(0) {
				continue
			}
			p := t.gofunc + int(o)
			n, err := t.funcdataLen(f, i, p)
			if err != nil {
				return 0, err
			}
			if b, ok := byStart[p]; ok {
				b.to = max(b.to, p+n)
				continue
			}
			b := &blob{p, p + n, i, use}
			use++
			byStart[p] = b
			blobs = append(blobs, b)
		}
	}
	// Blobs that overlap (the generic argument layouts: args.go) move
	// together, as a region.
	slices.SortFunc(blobs, func(a, b *blob) int { return a.from - b.from })
	var regions []*blob
	regionOf := map[*blob]*blob{}
	for _, b := range blobs {
		if n := len(regions); n > 0 && b.from < regions[n-1].to {
			r := regions[n-1]
			r.to = max(r.to, b.to)
			r.first = min(r.first, b.first)
			regionOf[b] = r
			continue
		}
		r := &blob{b.from, b.to, b.kind, b.first}
		regions = append(regions, r)
		regionOf[b] = r
	}
	if len(regions) > 0 && (regions[0].from < t.gofunc || regions[len(regions)-1].to > end) {
		return 0, errors.New("funcdata out of range")
	}
	slices.SortStableFunc(regions, func(a, b *blob) int {
		if a.kind != b.kind {
			return a.kind - b.kind
		}
		return a.first - b.first
	})
	out := make([]byte, 0, end-t.gofunc)
	moved := map[*blob]int{} // region -> new start (offset from gofunc)
	for _, r := range regions {
		// The alignment the runtime reads the kind with (stack objects:
		// a uintptr count; stack maps, inlined calls, wrapper infos:
		// int32s; the others bytes), or the original's modulo 8.
		align := 4
		switch r.kind {
		case funcdataStackObjects:
			align = 8
		case funcdataOpenCodedDeferInfo, funcdataArgInfo:
			align = 1
		}
		if r.from%align != 0 {
			align = 8
		}
		for (t.gofunc+len(out))%align != r.from%align {
			out = append(out, 0)
		}
		moved[r] = len(out)
		out = append(out, t.mem[r.from:r.to]...)
	}
	if len(out) > end-t.gofunc {
		return 0, errors.New("funcdata laid out again is larger")
	}
	for _, f := range t.funcs {
		for i := 0; i < t.nfuncdata(f); i++ {
			at := t.funcdata(f, i)
			o := t.u32(at)
			if o == ^uint32(0) {
				continue
			}
			b := byStart[t.gofunc+int(o)]
			r := regionOf[b]
			t.put32(at, uint32(moved[r]+b.from-r.from))
		}
	}
	clear(t.mem[t.gofunc:end])
	copy(t.mem[t.gofunc:], out)
	return len(out), nil
}
