package kube

import (
	"fmt"
	"strconv"
	"strings"
)

// A small reader for the block-style YAML subset static pod manifests are
// written in (kubeadm's output and a learner's edits of it): mappings,
// sequences (also at their key's indentation), plain and quoted scalars,
// {} and []. It is what the kubelet needs to find a pod's command and
// volumes; anything else is an error, as a YAML parser would report it.

type yline struct {
	_      [0]func() // not comparable: no generated equality in the page
	n      int       // 1-based line number
	indent int
	text   string
}

type yparser struct {
	lines []yline
	i     int
}

// parseYAML returns map[string]any, []any or string values.
func parseYAML(src string) (any, error) {
	p := &yparser{}
	for n, raw := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		t := strings.TrimRight(raw, " ")
		trim := strings.TrimLeft(t, " ")
		if trim == "" || strings.HasPrefix(trim, "#") || trim == "---" {
			continue
		}
		if strings.HasPrefix(trim, "\t") {
			return nil, fmt.Errorf("yaml: line %d: found character that cannot start any token", n+1)
		}
		p.lines = append(p.lines, yline{n: n + 1, indent: len(t) - len(trim), text: trim})
	}
	if len(p.lines) == 0 {
		return map[string]any{}, nil
	}
	v, err := p.block(p.lines[0].indent)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.lines) {
		return nil, fmt.Errorf("yaml: line %d: did not find expected key", p.lines[p.i].n)
	}
	return v, nil
}

func (p *yparser) block(indent int) (any, error) {
	if strings.HasPrefix(p.lines[p.i].text, "-") && (len(p.lines[p.i].text) == 1 || p.lines[p.i].text[1] == ' ') {
		return p.list(indent)
	}
	return p.mapping(indent)
}

func (p *yparser) list(indent int) (any, error) {
	var out []any
	for p.i < len(p.lines) {
		ln := p.lines[p.i]
		if ln.indent != indent || !(ln.text == "-" || strings.HasPrefix(ln.text, "- ")) {
			if ln.indent > indent {
				return nil, fmt.Errorf("yaml: line %d: did not find expected '-' indicator", ln.n)
			}
			break
		}
		rest := strings.TrimLeft(strings.TrimPrefix(ln.text, "-"), " ")
		if rest == "" {
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				v, err := p.block(p.lines[p.i].indent)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			} else {
				out = append(out, "")
			}
			continue
		}
		if isMapEntry(rest) {
			// "- key: value" starts a mapping whose keys line up after "- ".
			p.lines[p.i] = yline{n: ln.n, indent: indent + (len(ln.text) - len(rest)), text: rest}
			v, err := p.mapping(p.lines[p.i].indent)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			continue
		}
		s, err := scalar(rest, ln.n)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		p.i++
	}
	return out, nil
}

// isMapEntry reports whether s is "key: value" or "key:" (outside quotes).
func isMapEntry(s string) bool {
	if strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "'") {
		return false
	}
	i := strings.Index(s, ":")
	return i > 0 && (i == len(s)-1 || s[i+1] == ' ')
}

func (p *yparser) mapping(indent int) (any, error) {
	out := map[string]any{}
	for p.i < len(p.lines) {
		ln := p.lines[p.i]
		if ln.indent < indent {
			break
		}
		if ln.indent > indent {
			return nil, fmt.Errorf("yaml: line %d: mapping values are not allowed in this context", ln.n)
		}
		if strings.HasPrefix(ln.text, "- ") || ln.text == "-" {
			break
		}
		if !isMapEntry(ln.text) {
			return nil, fmt.Errorf("yaml: line %d: could not find expected ':'", ln.n)
		}
		k, v, _ := strings.Cut(ln.text, ":")
		k = strings.TrimSpace(k)
		v = strings.TrimSpace(v)
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("yaml: line %d: key %q already set in map", ln.n, k)
		}
		p.i++
		if v != "" && !strings.HasPrefix(v, "#") {
			s, err := scalar(v, ln.n)
			if err != nil {
				return nil, err
			}
			out[k] = s
			continue
		}
		if p.i < len(p.lines) {
			next := p.lines[p.i]
			if next.indent > indent || next.indent == indent && (strings.HasPrefix(next.text, "- ") || next.text == "-") {
				child, err := p.block(next.indent)
				if err != nil {
					return nil, err
				}
				out[k] = child
				continue
			}
		}
		out[k] = ""
	}
	return out, nil
}

func scalar(s string, line int) (any, error) {
	if i := strings.Index(s, " #"); i >= 0 && !strings.HasPrefix(s, "\"") && !strings.HasPrefix(s, "'") {
		s = strings.TrimSpace(s[:i])
	}
	switch {
	case s == "{}":
		return map[string]any{}, nil
	case s == "[]":
		return []any{}, nil
	case strings.HasPrefix(s, "\""):
		v, err := strconv.Unquote(s)
		if err != nil {
			return nil, fmt.Errorf("yaml: line %d: found unknown escape character or unterminated string", line)
		}
		return v, nil
	case strings.HasPrefix(s, "'"):
		if len(s) < 2 || !strings.HasSuffix(s, "'") {
			return nil, fmt.Errorf("yaml: line %d: found unexpected end of stream", line)
		}
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	case strings.HasPrefix(s, "{") || strings.HasPrefix(s, "["):
		return nil, fmt.Errorf("yaml: line %d: flow collections are not supported here", line)
	}
	return s, nil
}

// yget walks a parsed document: string keys into mappings, ints into sequences.
func yget(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func ystr(v any, path ...any) string {
	s, _ := yget(v, path...).(string)
	return s
}

// yamlScalar quotes s when a plain scalar would not read back as s.
func yamlScalar(s string) string {
	if s == "" {
		return `""`
	}
	if strings.ContainsAny(s, ":#{}[]&*!|>'\"%@`,") && (strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.ContainsAny(s[:1], ":#{}[]&*!|>'\"%@`,")) {
		return strconv.Quote(s)
	}
	if strings.HasPrefix(s, "- ") || strings.HasSuffix(s, ":") || strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	return s
}
