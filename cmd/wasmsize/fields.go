package main

// _func fields the js/wasm runtime reads only in part.

// argsSizeUnknown is internal/abi.ArgsSizeUnknown: the size of a
// function's arguments is not known (reflect's stubs).
const argsSizeUnknown = -0x80000000

// argsAsRead rewrites each _func's args (the size of its arguments) as
// 8 when it is 8 or more and 0 when it is less: Go 1.26's runtime reads it
// only as argMapInternal's argMap.n = args/8 (runtime/stkframe.go), which
// getStackMap and adjustframe use only to ask whether it is more than 0
// before they take the argument pointer map's own length (stackmap.nbit),
// and in argBytes, which only conservative frame scanning (of a frame
// under an asynchronous preemption or a debugger call: neither exists on
// js/wasm, which has no signals) and heapdump.go (runtime/debug's
// WriteHeapDump, not in the page) read. ArgsSizeUnknown stays. The sizes
// are as many values as there are signatures; 0 and 8 repeat. It returns
// the fields changed.
func argsAsRead(t *pclntab) int {
	n := 0
	for _, f := range t.funcs {
		a := int32(t.u32(f + fnArgs))
		if a < 0 { // argsSizeUnknown
			continue
		}
		b := int32(0)
		if a >= 8 {
			b = 8
		}
		if a != b {
			t.put32(f+fnArgs, uint32(b))
			n++
		}
	}
	return n
}
