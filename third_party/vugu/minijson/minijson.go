// Package minijson writes the JSON of a property's value and reads a DOM
// event's JSON, as encoding/json's Marshal and Unmarshal into an
// interface{} do, without reflection (raftlab: vugu linked encoding/json
// into the page for these two uses only; README.raftlab.md).
package minijson

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrType is Marshal's error for a value it does not write.
var ErrType = errors.New("minijson: a property value must be a string or a bool")

// Marshal is json.Marshal's output for v, a value of a string or bool kind
// (the JS properties Vugu's templates set: a value, checked) or nil. Any
// other value, or one with a MarshalJSON or MarshalText method (which
// encoding/json would call), is ErrType.
func Marshal(v any) ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	switch v.(type) {
	case interface{ MarshalJSON() ([]byte, error) }, interface{ MarshalText() ([]byte, error) }:
		return nil, ErrType
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.String:
		return appendString(nil, rv.String()), nil
	case reflect.Bool:
		return strconv.AppendBool(nil, rv.Bool()), nil
	}
	return nil, ErrType
}

const hex = "0123456789abcdef"

// appendString is encoding/json's appendString with HTML escaping (as
// Marshal does): <, > and & as \u003c, \u003e, \u0026, U+2028 and U+2029
// escaped, invalid UTF-8 as \ufffd.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < ' ' || r == '<' || r == '>' || r == '&' || r == '\u2028' || r == '\u2029':
			if i := strings.IndexRune("\b\f\n\r\t", r); i >= 0 {
				b = append(b, '\\', "bfnrt"[i])
			} else {
				b = append(b, '\\', 'u', hex[r>>12], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
			}
		default:
			b = append(b, s[:n]...)
		}
		s = s[n:]
	}
	return append(b, '"')
}

// ErrSyntax is Unmarshal's error for input that is not one JSON value.
var ErrSyntax = errors.New("minijson: invalid JSON")

// Unmarshal is what json.Unmarshal stores in an interface{} for data:
// map[string]interface{} for objects (the last of repeated keys), []interface{}
// for arrays, float64 for numbers, string, bool or nil.
func Unmarshal(data []byte) (v any, err error) {
	d := decoder{s: string(data)}
	defer func() {
		if recover() != nil { // out of input (an index out of range) or ErrSyntax
			v, err = nil, ErrSyntax
		}
	}()
	v = d.value()
	if d.next(); d.i != len(d.s) {
		panic(ErrSyntax)
	}
	return v, nil
}

type decoder struct {
	s string
	i int
}

// next skips white space and returns the next byte without taking it, 0 at
// the end (or a NUL, which is no JSON).
func (d *decoder) next() byte {
	for d.i < len(d.s) {
		switch c := d.s[d.i]; c {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return c
		}
	}
	return 0
}

// take takes the next byte if it is c.
func (d *decoder) take(c byte) bool {
	if d.next() == c {
		d.i++
		return true
	}
	return false
}

// value reads one value; it panics on bad input.
func (d *decoder) value() any {
	switch c := d.next(); {
	case c == '{':
		d.i++
		m := map[string]any{}
		if d.take('}') {
			return m
		}
		for {
			if d.next() != '"' {
				panic(ErrSyntax)
			}
			k := d.str()
			if !d.take(':') {
				panic(ErrSyntax)
			}
			m[k] = d.value()
			if d.take('}') {
				return m
			}
			if !d.take(',') {
				panic(ErrSyntax)
			}
		}
	case c == '[':
		d.i++
		a := []any{}
		if d.take(']') {
			return a
		}
		for {
			a = append(a, d.value())
			if d.take(']') {
				return a
			}
			if !d.take(',') {
				panic(ErrSyntax)
			}
		}
	case c == '"':
		return d.str()
	case c == '-' || c >= '0' && c <= '9':
		return d.num()
	}
	for i, w := range [...]string{"true", "false", "null"} {
		if strings.HasPrefix(d.s[d.i:], w) {
			d.i += len(w)
			if i == 2 {
				return nil
			}
			return i == 0
		}
	}
	panic(ErrSyntax)
}

// digits takes a run of digits and tells whether there was one.
func (d *decoder) digits() bool {
	at := d.i
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
	}
	return d.i > at
}

// num reads a number with JSON's grammar, as float64 (encoding/json's
// strconv.ParseFloat; out of range is an error there too).
func (d *decoder) num() any {
	at := d.i
	if d.s[d.i] == '-' {
		d.i++
	}
	if strings.HasPrefix(d.s[d.i:], "0") {
		d.i++
	} else if !d.digits() {
		panic(ErrSyntax)
	}
	if strings.HasPrefix(d.s[d.i:], ".") {
		d.i++
		if !d.digits() {
			panic(ErrSyntax)
		}
	}
	if d.i < len(d.s) && d.s[d.i]|0x20 == 'e' {
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if !d.digits() {
			panic(ErrSyntax)
		}
	}
	f, err := strconv.ParseFloat(d.s[at:d.i], 64)
	if err != nil {
		panic(err)
	}
	return f
}

// str reads a string literal as encoding/json's unquote does: its escapes,
// invalid UTF-8 and unpaired surrogates as U+FFFD; a control character is
// an error.
func (d *decoder) str() string {
	d.i++ // '"'
	var b []byte
	for {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return string(b)
		case c < ' ':
			panic(ErrSyntax)
		case c == '\\':
			e := d.s[d.i+1]
			d.i += 2
			if i := strings.IndexByte(`"\/bfnrt`, e); i >= 0 {
				b = append(b, "\"\\/\b\f\n\r\t"[i])
				continue
			}
			if e != 'u' {
				panic(ErrSyntax)
			}
			r := d.hex4()
			if r < 0 {
				panic(ErrSyntax)
			}
			if utf16.IsSurrogate(r) {
				r1 := utf8.RuneError
				if strings.HasPrefix(d.s[d.i:], `\u`) {
					at := d.i
					d.i += 2
					if r1 = utf16.DecodeRune(r, d.hex4()); r1 == utf8.RuneError {
						d.i = at
					}
				}
				r = r1
			}
			b = utf8.AppendRune(b, r)
		default:
			r, n := utf8.DecodeRuneInString(d.s[d.i:])
			if r == utf8.RuneError && n == 1 {
				b = utf8.AppendRune(b, r)
			} else {
				b = append(b, d.s[d.i:d.i+n]...)
			}
			d.i += n
		}
	}
}

// hex4 reads four hex digits (-1, taking nothing, if they are not).
func (d *decoder) hex4() rune {
	if len(d.s)-d.i < 4 {
		return -1
	}
	v, err := strconv.ParseUint(d.s[d.i:d.i+4], 16, 32)
	if err != nil {
		return -1
	}
	d.i += 4
	return rune(v)
}
