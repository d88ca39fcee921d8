package jsonw

import "github.com/raftlab/raftlab/core/internal/ptrsort"

// StringMap writes a map[string]string as encoding/json does: keys in
// order (null for nil).
func (w *Writer) StringMap(m map[string]string) {
	if m == nil {
		w.Null()
		return
	}
	w.Object()
	for _, k := range sortedKeys(m) {
		w.Key(k)
		w.String(m[k])
	}
	w.End()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	ptrsort.Strings(keys)
	return keys
}

// Any writes what Decoder.Any reads (map[string]any, []any, string,
// float64, bool, nil), and int, int64 and []string, as encoding/json does.
func (w *Writer) Any(v any) {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			w.Null()
			return
		}
		w.Object()
		for _, k := range sortedKeys(v) {
			w.Key(k)
			w.Any(v[k])
		}
		w.End()
	case []any:
		if v == nil {
			w.Null()
			return
		}
		w.Array()
		for _, x := range v {
			w.Any(x)
		}
		w.EndArray()
	case string:
		w.String(v)
	case float64:
		w.Float(v)
	case int:
		w.Int(int64(v))
	case int64:
		w.Int(v)
	case []string:
		w.Strings(v)
	case bool:
		w.Bool(v)
	default:
		w.Null()
	}
}

// StringMap reads a map[string]string of type typ (null is nil).
func (d *Decoder) StringMap(p *map[string]string, typ string) {
	if d.Null() {
		*p = nil
		return
	}
	if !d.Map(typ) {
		return
	}
	if *p == nil {
		*p = map[string]string{}
	}
	for d.Next() {
		var v string
		d.String(&v)
		(*p)[string(d.key)] = v
	}
}

// Indent is encoding/json's MarshalIndent layout of a compact document
// (Writer's), with no prefix: one member or element a line, indent per
// level, ": " after keys, empty objects and arrays as {} and [].
func Indent(src []byte, indent string) []byte {
	var dst []byte
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		for i := 0; i < depth; i++ {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			j := i + 1
			for src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// AnyMap reads a map[string]any as encoding/json does (null is nil; the
// values as Any reads them).
func (d *Decoder) AnyMap(p *map[string]any) {
	if d.Null() {
		*p = nil
		return
	}
	if !d.Map("map[string]interface {}") {
		return
	}
	if *p == nil {
		*p = map[string]any{}
	}
	for d.Next() {
		k := string(d.key)
		(*p)[k] = d.Any()
	}
}

type anyValue struct{ v any }

func (a *anyValue) DecodeJSON(d *Decoder) { a.v = d.Any() }

// UnmarshalAny is encoding/json's Unmarshal into an interface{}.
func UnmarshalAny(data []byte) (any, error) {
	var a anyValue
	err := Unmarshal(data, &a)
	return a.v, err
}
