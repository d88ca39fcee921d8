package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	out := filepath.Join(t.TempDir(), "vugu-render.js")
	if err := run(out, ""); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, "window.vuguRender=function") || !strings.Contains(s, "if(window.vuguRender)return;") {
		t.Errorf("unexpected script: %.200s", s)
	}
}
