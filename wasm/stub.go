//go:build !wasm

// Command wasm is raftlab's browser program; it only does something when
// built with GOOS=js GOARCH=wasm. This stub keeps native builds, vet and tests
// of ./... working.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "wasm: build with GOOS=js GOARCH=wasm (see site.mk)")
	os.Exit(2)
}
