// Command catalogjson writes the catalog as JSON (catalog.Bundle) to
// standard output: site.mk makes dist/catalog.json with it.
package main

import (
	"fmt"
	"os"

	"github.com/raftlab/raftlab/core/catalog"
)

func main() {
	b, err := catalog.Bundle()
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalogjson:", err)
		os.Exit(1)
	}
	os.Stdout.Write(append(b, '\n'))
}
