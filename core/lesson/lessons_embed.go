//go:build !servedlessons

package lesson

import (
	"embed"
	"io/fs"
)

// The lessons are compiled in for native builds and tests and for the wasm
// tests under Node. The site's main.wasm is built with -tags servedlessons
// and gets them from dist/lessons.json instead (site.mk, UseBundle).
//
//go:embed lessons/*.json
var embedded embed.FS

func init() {
	builtin = func() ([]*Lesson, error) {
		sub, err := fs.Sub(embedded, "lessons")
		if err != nil {
			return nil, err
		}
		return Load(sub)
	}
}
