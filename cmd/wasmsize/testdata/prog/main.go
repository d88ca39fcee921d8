// Command prog exercises what a stripped module still needs from the
// pclntab: stack growth and GC stack maps (deep recursion with pointers),
// recovered panics and their tracebacks, and what the runtime and reflect
// do with function names besides printing them (panicwrap's message,
// reflect's ValueError, system goroutines not counted by NumGoroutine,
// runtime.Callers and FuncForPC). Inlined calls show in its tracebacks,
// Callers and FuncForPC only through the inlining tables, and a GC while
// a recovered panic's deferred call runs scans the panicking frame at its
// deferreturn, with "gc" (-strip keeps those tables only at the PCs the runtime reads:
// calls.go). It ends with a panic in a goroutine, whose traceback (exit
// status 2) names a function, an inlined call, its callers and the
// goroutine's creator.
package main

import (
	"fmt"
	"os"
	"reflect"
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
	keep := &node{val: []byte("kept")}
	defer func() {
		recover()
		if gcInDefer {
			runtime.GC()
		}
		stack = string(debug.Stack()) + string(keep.val) + "\n"
	}()
	var p *node
	return string(p.next.val[m["x"]:])
}

type greeter struct{ name string }

func (g greeter) Greet() string { return "hello " + g.name }

type iface interface{ Greet() string }

// recovered returns the message of f's panic.
func recovered(f func()) (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	f()
	return ""
}

//go:noinline
func callers() []string {
	pc := make([]uintptr, 8)
	n := runtime.Callers(1, pc)
	var names []string
	frames := runtime.CallersFrames(pc[:n])
	for {
		f, more := frames.Next()
		names = append(names, f.Function)
		if !more {
			break
		}
	}
	names = append(names, "/")
	for _, p := range pc[:n] {
		names = append(names, runtime.FuncForPC(p).Name())
	}
	return append(names, "/", runtime.FuncForPC(reflect.ValueOf(crash).Pointer()).Name())
}

// viaInlined is inlined into its callers: its frame is in the inlining
// tables only.
func viaInlined(f func() []string) []string {
	return append(f(), "+")
}

// setNil is inlined into crash: the panic's traceback shows its frame.
func setNil(tag string) {
	var m map[string]int
	m[tag] = 1 // assignment to entry in nil map
}

// nilGreeter hides from the compiler that the interface holds a nil
// *greeter: the call goes through the pointer wrapper, which calls panicwrap.
//
//go:noinline
func nilGreeter() iface {
	var g *greeter
	return g
}

// crash's arguments print as components of several sizes, aggregates and,
// past ten components, "...".
//
//go:noinline
func crash(n int, tag string, pair [2]int16, flag bool, extra [3]int) {
	if n == 0 {
		setNil(tag)
	}
	crash(n-1, tag, pair, flag, extra)
}

// gcInDefer: "gc" after "crash" in the arguments. The GC's timing makes the
// runtime's goroutines' frames print other values (GOTRACEBACK=system).
var gcInDefer = len(os.Args) > 2 && os.Args[2] == "gc"

func main() {
	// Made before any allocation whose size depends on the names (ids
	// or names), so that its address, which GOTRACEBACK=system prints,
	// is the same in both.
	done := make(chan bool)
	fmt.Println("sum", deep(20000, nil))
	_, file, line, _ := runtime.Caller(0)
	fmt.Printf("caller %s:%d\n", file, line)
	fmt.Print(fail(nil))
	i := nilGreeter()
	fmt.Println("panicwrap:", recovered(func() { i.Greet() }))
	fmt.Println("reflect:", recovered(func() { reflect.Value{}.Int() }))
	block := make(chan int)
	go func() { <-block }()
	runtime.Gosched()
	fmt.Println("goroutines:", runtime.NumGoroutine())
	fmt.Println("callers:", strings.Join(viaInlined(callers), " "))
	if len(os.Args) > 1 && os.Args[1] == "crash" {
		go func() { crash(3, "x", [2]int16{-1, 7}, true, [3]int{1, 2, 3}); done <- true }()
		<-done
	}
	os.Exit(0)
}
