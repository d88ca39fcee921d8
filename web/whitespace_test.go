package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// blockTags are the elements at whose start or end whitespace never shows
// (it begins or ends a line, or sits in a flex or grid container).
var blockTags = map[string]bool{"div": true, "section": true, "header": true, "main": true, "p": true,
	"h1": true, "h2": true, "h3": true, "ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"details": true, "form": true, "table": true, "tr": true, "td": true, "th": true, "thead": true,
	"tbody": true, "summary": true, "nav": true, "footer": true, "aside": true, "fieldset": true}

// TestNoInvisibleWhitespaceNodes: Vugu makes a text node of every run of
// whitespace between two tags, rebuilt in every Build; next to a block
// element it shows nothing, so the templates write such a line break
// inside the tag ("</div\n><p>") instead (168 nodes: 3.3 kB of gzipped
// wasm). Whitespace between inline elements stays: it is a space on screen.
func TestNoInvisibleWhitespaceNodes(t *testing.T) {
	files, err := filepath.Glob("*.vugu")
	if err != nil || len(files) == 0 {
		t.Fatal("no .vugu files", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		if i := strings.Index(src, "<script"); i >= 0 {
			src = src[:i]
		}
		var toks []string // tags and the text between them
		for i := 0; i < len(src); {
			if src[i] != '<' {
				j := strings.IndexByte(src[i:], '<')
				if j < 0 {
					j = len(src) - i
				}
				toks = append(toks, src[i:i+j])
				i += j
				continue
			}
			j, quote := i+1, byte(0) // the tag ends at a '>' outside quotes
			for ; j < len(src) && (quote != 0 || src[j] != '>'); j++ {
				switch {
				case quote == 0 && (src[j] == '"' || src[j] == '\''):
					quote = src[j]
				case src[j] == quote:
					quote = 0
				}
			}
			toks = append(toks, src[i:min(j+1, len(src))])
			i = j + 1
		}
		for k := 1; k+1 < len(toks); k++ {
			if s := toks[k]; s[0] == '<' || strings.TrimSpace(s) != "" {
				continue
			}
			if prev, next := tagName(toks[k-1]), tagName(toks[k+1]); blockTags[prev] || blockTags[next] {
				line := 1 + strings.Count(strings.Join(toks[:k], ""), "\n")
				t.Errorf("%s:%d: whitespace between <%s> and <%s> is a text node that shows nothing: break the line inside the tag (\"\\n>\")", f, line, prev, next)
			}
		}
	}
}

// tagName is the element name of a start or end tag ("" for text).
func tagName(tok string) string {
	if !strings.HasPrefix(tok, "<") {
		return ""
	}
	name := strings.TrimPrefix(tok[1:], "/")
	if i := strings.IndexAny(name, " \t\n>/"); i >= 0 {
		name = name[:i]
	}
	return strings.ToLower(name)
}
