// Command prog exercises what a stripped module still needs from the
// pclntab: stack growth and GC stack maps (deep recursion with pointers),
// recovered panics and their tracebacks, and what the runtime and reflect
// do with function names besides printing them (panicwrap's message,
// reflect's ValueError, system goroutines not counted by NumGoroutine,
// runtime.Callers and FuncForPC). It ends with a panic in a goroutine, whose
// traceback (exit status 2) names a function, its callers and the
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
	defer func() {
		recover()
		stack = string(debug.Stack())
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
	return append(names, runtime.FuncForPC(reflect.ValueOf(crash).Pointer()).Name())
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
		var m map[string]int
		m[tag] = 1 // assignment to entry in nil map
	}
	crash(n-1, tag, pair, flag, extra)
}

func main() {
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
	fmt.Println("callers:", strings.Join(callers(), " "))
	if len(os.Args) > 1 && os.Args[1] == "crash" {
		done := make(chan bool)
		go func() { crash(3, "x", [2]int16{-1, 7}, true, [3]int{1, 2, 3}); done <- true }()
		<-done
	}
	os.Exit(0)
}
