// Command lessonsjson writes the lesson files of core/lesson/lessons as
// one bundle (lesson.Bundle) to standard output: site.mk makes
// dist/lessons.json with it.
package main

import (
	"fmt"
	"os"

	"github.com/raftlab/raftlab/core/lesson"
)

func main() {
	dir := "core/lesson/lessons"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	b, err := lesson.Bundle(os.DirFS(dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, "lessonsjson:", err)
		os.Exit(1)
	}
	os.Stdout.Write(b)
}
