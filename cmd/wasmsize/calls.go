package main

import (
	"errors"
	"fmt"
	"slices"
)

// The PCs at which the runtime reads a function's stack map indexes and
// inlining indexes.
//
// On js/wasm a PC is a function's PC_F << 16 | a block index (its "pc" in
// the pc-value tables): cmd/internal/obj/wasm starts a new one at each
// call's resume point, and also wherever a pc-value table might change (an
// inlined function's code starts or ends, the SP moves, a NOP marks an
// inlined call), so most of the indexes the PCDATA_StackMapIndex and
// PCDATA_InlTreeIndex tables tell apart are never looked up. Go 1.26's
// js/wasm runtime looks them up only at
//   - a frame's return address b (the resume point after a call, which
//     each call stores on the Go stack as an i64.const, wasmobj.go) and
//     b-1, the call (symPC: tracebacks, runtime.Callers; getStackMap's
//     continpc-1: the GC's stack scan and stack copying; FuncForPC of a
//     PC Callers returned: b; sigpanic's calls store b-1 and are followed
//     by two indexes, so b-1 and b are its call too);
//   - the entry, 0 (a frame that has not started: morestack's caller, a
//     new goroutine's function, FuncForPC of a function value);
//   - a frame under sigpanic continues at deferreturn+1 (its continpc,
//     looked up at deferreturn);
//   - an inlined call's parentPc (inlineUnwinder.next) and parentPc+1
//     (FuncForPC of the PC Callers returned for an inlined frame), for
//     every inlined call one of these reaches.
// There are no signals on js/wasm: no asynchronous preemption
// (isAsyncSafePoint), no profiling (sigprof), so no PC is ever looked up
// in the middle of a block run. -strip rewrites both tables with one range
// per change of value at those PCs only (sparseTable; the values there are
// unchanged), and zeroes the inlined calls no lookup reaches
// (zeroUnreachedInlines). Assembly functions (FuncFlagAsm: mcall, gogo,
// morestack..., whose frames the runtime makes by hand) keep their tables.

// funcValueOffset is cmd/link/internal/wasm's: a function's PC_F is
// funcValueOffset + its index in the code section.
const funcValueOffset = 0x1000

const funcFlagAsm = 1 << 1 // internal/abi.FuncFlagAsm

// codeBodies returns the code section's function bodies.
func codeBodies(secs []section) ([][]byte, error) {
	for _, s := range secs {
		if s.id != 10 {
			continue
		}
		n, i, err := uleb(s.body, 0)
		if err != nil {
			return nil, err
		}
		var out [][]byte
		for k := uint64(0); k < n; k++ {
			l, j, err := uleb(s.body, i)
			if err != nil || j+int(l) > len(s.body) {
				return nil, errors.New("truncated code section")
			}
			out = append(out, s.body[j:j+int(l)])
			i = j + int(l)
		}
		return out, nil
	}
	return nil, errors.New("no code section")
}

// returnPCs returns the block indexes of the return addresses the body of
// the function whose PC_F is pcf stores: the b of every "i64.const
// pcf<<16|b; i64.store" in it, the code each call starts with. The bytes
// are scanned at every offset, so the result may hold a few more (an
// immediate that reads so): a superset, which only keeps more of a table.
func returnPCs(body []byte, pcf uint64) []uint64 {
	var out []uint64
	for i := 0; i < len(body); i++ {
		if body[i] != 0x42 { // i64.const
			continue
		}
		v, j, err := sleb(body, i+1)
		if err != nil || j >= len(body) || body[j] != 0x37 { // i64.store
			continue
		}
		if uint64(v)>>16 == pcf {
			out = append(out, uint64(v)&0xffff)
		}
	}
	return out
}

// lookupPCs is where the runtime reads f's stack map and inlining indexes
// (see above), sorted, for the function at functab entry j.
func (t *pclntab) lookupPCs(j int, code [][]byte) ([]uint64, error) {
	f := t.funcs[j]
	pcf := t.text + uint64(t.u32(t.functab+8*j)) // textAddr's PC >> 16
	k := int(pcf) - funcValueOffset
	if k < 0 || k >= len(code) {
		return nil, fmt.Errorf("function %d: PC_F %#x has no body", j, pcf)
	}
	pcs := []uint64{0}
	for _, b := range returnPCs(code[k], pcf) {
		pcs = append(pcs, b)
		if b > 0 {
			pcs = append(pcs, b-1)
		}
	}
	if d := uint64(t.u32(f + fnDeferreturn)); d != 0 {
		pcs = append(pcs, d, d+1)
	}
	// Inlined calls' parentPc, as long as that reaches more of them.
	tab, tree, ok := t.inlTree(f)
	if ok {
		vals, _, err := t.decode(tab)
		if err != nil {
			return nil, err
		}
		seen := map[int32]bool{}
		for i := 0; i < len(pcs); i++ {
			idx := valueAt(vals, pcs[i])
			if idx < 0 || seen[idx] {
				continue
			}
			seen[idx] = true
			call := t.gofunc + int(tree) + inlinedCallSize*int(idx)
			if call+inlinedCallSize > len(t.mem) {
				return nil, fmt.Errorf("function %d: inlined call %d out of range", j, idx)
			}
			parent := uint64(t.u32(call + 8))
			pcs = append(pcs, parent, parent+1)
		}
	}
	slices.Sort(pcs)
	return slices.Compact(pcs), nil
}

const (
	pcdataInlTreeIndex = 2
	funcdataInlTree    = 3
	inlinedCallSize    = 16 // funcID, pad, nameOff, parentPc, startLine
)

// inlTree returns f's PCDATA_InlTreeIndex table and FUNCDATA_InlTree
// offsets, if it has both.
func (t *pclntab) inlTree(f int) (tab, tree uint32, ok bool) {
	if t.npcdata(f) <= pcdataInlTreeIndex || t.nfuncdata(f) <= funcdataInlTree {
		return 0, 0, false
	}
	tab, tree = t.u32(t.pcdata(f, pcdataInlTreeIndex)), t.u32(t.funcdata(f, funcdataInlTree))
	return tab, tree, tab != 0 && tree != ^uint32(0)
}

// valueAt is the value a decoded table gives pc (-1 before its first
// range).
func valueAt(vals []pcvalue, pc uint64) int32 {
	v := int32(-1)
	for _, e := range vals {
		if e.pc > pc {
			break
		}
		v = e.val
	}
	return v
}

// sparseTable is vals with the same values at pcs (sorted, 0 first) and
// one range per change of value among them: each range starts at the
// first of pcs that has its value. The caller ends the last range after
// the function's end (openEnded).
func sparseTable(vals []pcvalue, pcs []uint64, end uint64) []pcvalue {
	var out []pcvalue
	for _, pc := range pcs {
		if pc >= end {
			break // past the function: the runtime never asks
		}
		v := valueAt(vals, pc)
		if len(out) == 0 || out[len(out)-1].val != v {
			out = append(out, pcvalue{pc, v})
		}
	}
	if len(out) == 0 || out[0].pc != 0 {
		return vals
	}
	return out
}

// sparseTables returns, by the offset of each function's table reference,
// its stack map and inlining index tables as sparseTable makes them, and
// the inlined calls that the tables no longer name (of the trees up to the
// last index they named), to be zeroed (zeroInlines).
func (t *pclntab) sparseTables(code [][]byte) (map[int][]pcvalue, map[int]bool, error) {
	out := map[int][]pcvalue{}
	before, after := map[int]bool{}, map[int]bool{} // inlined calls named
	for j, f := range t.funcs {
		if t.mem[f+fnFlag]&funcFlagAsm != 0 || t.npcdata(f) <= pcdataStackMapIndex {
			continue
		}
		pcs, err := t.lookupPCs(j, code)
		if err != nil {
			return nil, nil, err
		}
		for _, which := range []int{pcdataStackMapIndex, pcdataInlTreeIndex} {
			if which >= t.npcdata(f) {
				continue
			}
			at := t.pcdata(f, which)
			if t.u32(at) == 0 {
				continue
			}
			vals, end, _, err := t.decodeEnd(t.u32(at))
			if err != nil {
				return nil, nil, err
			}
			out[at] = sparseTable(vals, pcs, end)
			if _, tree, ok := t.inlTree(f); ok && which == pcdataInlTreeIndex {
				for _, v := range vals {
					for k := int32(0); k <= v.val; k++ { // the tree up to the last index named
						before[t.gofunc+int(tree)+inlinedCallSize*int(k)] = true
					}
				}
				for _, v := range out[at] {
					if v.val >= 0 {
						after[t.gofunc+int(tree)+inlinedCallSize*int(v.val)] = true
					}
				}
			}
		}
	}
	for c := range after {
		delete(before, c)
	}
	return out, before, nil
}

// zeroInlines zeroes the inlined calls at calls (FUNCDATA_InlTree
// entries): the runtime reads an entry only at an index a
// PCDATA_InlTreeIndex table gives it.
func (t *pclntab) zeroInlines(calls map[int]bool) {
	for c := range calls {
		clear(t.mem[c : c+inlinedCallSize])
	}
}
