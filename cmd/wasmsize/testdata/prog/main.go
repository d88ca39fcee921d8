// Command prog exercises what a stripped module still needs from the
// pclntab: stack growth and GC stack maps (deep recursion with pointers),
// recovered panics and their tracebacks' function names.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

type node struct {
	next *node
	val  []byte
}

func deep(n int, acc *node) int {
	if n == 0 {
		runtime.GC()
		sum := 0
		for p := acc; p != nil; p = p.next {
			sum += len(p.val)
		}
		return sum
	}
	return deep(n-1, &node{next: acc, val: make([]byte, n%7)})
}

func fail(m map[string]int) (stack string) {
	defer func() {
		recover()
		stack = string(debug.Stack())
	}()
	var p *node
	return string(p.next.val[m["x"]:])
}

func main() {
	fmt.Println("sum", deep(20000, nil))
	_, file, line, _ := runtime.Caller(0)
	fmt.Printf("caller %s:%d\n", file, line)
	st := fail(nil)
	fmt.Println("traceback names main.fail:", strings.Contains(st, "main.fail"))
	os.Exit(0)
}
