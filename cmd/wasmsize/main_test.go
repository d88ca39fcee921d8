package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestStripRuns builds testdata/prog for js/wasm, strips it as the site
// does (names and line tables) and runs it under Node: stack growth, GC
// and recovered panics work, tracebacks still name functions, and only
// file:line is gone (it is there with -lines).
func TestStripRuns(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	if testing.Short() {
		t.Skip("builds a wasm program")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "prog-names.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-w", "-o", in, "./testdata/prog")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0 // what prog's deep(20000) adds up
	for n := 1; n <= 20000; n++ {
		sum += n % 7
	}
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec_node.js")
	for _, keep := range []bool{false, true} {
		out := filepath.Join(dir, "prog.wasm")
		if err := writeStripped(data, out, keep); err != nil {
			t.Fatalf("strip (lines %v): %v", keep, err)
		}
		got, err := exec.Command(node, execJS, out).CombinedOutput()
		if err != nil {
			t.Fatalf("lines %v: run: %v\n%s", keep, err, got)
		}
		s := string(got)
		for _, want := range []string{fmt.Sprintf("sum %d\n", sum), "traceback names main.fail: true"} {
			if !strings.Contains(s, want) {
				t.Errorf("lines %v: output lacks %q:\n%s", keep, want, s)
			}
		}
		if caller := "caller ?:0"; keep == strings.Contains(s, caller) {
			t.Errorf("lines %v: output %q (want %q only without lines):\n%s", keep, caller, caller, s)
		}
	}
}

// TestDataSegments: the re-encoded data section holds the same memory, in
// at most 100,000 segments (Chromium refuses a module with more), split
// only at runs of zeros longer than the gap.
func TestDataSegments(t *testing.T) {
	mem := make([]byte, 300000*100)
	for i := 0; i < len(mem); i += 100 {
		mem[i] = byte(i/100%255 + 1)
	}
	mem[len(mem)-50] = 7
	check := func(body []byte, want uint64) {
		t.Helper()
		n, _, err := uleb(body, 0)
		if err != nil || n != want {
			t.Fatalf("%d segments (%v), want %d", n, err, want)
		}
		m, err := dataImage(body)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m.mem, mem[:len(mem)-49]) {
			t.Fatal("memory differs after re-encoding")
		}
	}
	check(segmentsSkipping(mem, 64), 100000) // 300,000 runs of 99 zeros: capped
	check(segmentsSkipping(mem, 99), 1)      // no run longer than 99
	check(segmentsSkipping(mem, 98), 100000)
	check(dataSegments(mem), 1)
}

// TestDoubledMethods: a value method and its pointer wrapper both in the
// module count, by type; a wrapper alone (a pointer method's), a closure
// in a wrapper and other functions do not.
func TestDoubledMethods(t *testing.T) {
	names := []string{
		"github.com_x_lab.machine.Kill", "github.com_x_lab.__machine_.Kill",
		"github.com_x_lab.machine.Stop", "github.com_x_lab.__machine_.Stop",
		"github.com_x_lab.__Lab_.Run", "github.com_x_lab.__machine_.Reset.func1", "github.com_x_lab.machine.Reset.func1",
		"sort.StringSlice.Len", "sort.__StringSlice_.Len", "main.main",
	}
	code := make([][]byte, len(names))
	for i := range code {
		code[i] = make([]byte, 10+i)
	}
	got := doubledMethods(names, code)
	if len(got) != 2 || got[0].typ != "github.com_x_lab.machine" || got[0].n != 2 || len(got[0].code) != 11+13 ||
		got[1].typ != "sort.StringSlice" || got[1].n != 1 {
		t.Fatalf("%+v", got)
	}
}
