// Package jsonw writes and reads JSON without reflection, byte for byte as
// encoding/json does for the types that encode and decode themselves
// through it: encoding/json, with the reflection, sort instantiations and
// type data it alone linked, was about 93 kB of the page's main.wasm
// (gzip -9). A type writes itself field by field on a Writer (string
// escaping, numbers, omitempty and sorted map keys as encoding/json's) and
// reads itself from a Decoder, which checks the whole input first as
// encoding/json's scanner does (the same syntax errors) and then hands out
// members and elements in order, matching keys as encoding/json does
// (exactly, else case-folded), with its type errors.
package jsonw

import (
	"encoding/base64"
	"math"
	"strconv"
	"unicode/utf8"
)

// A Writer appends one JSON document to B. Commas are its own: a value or
// key written after another in an object or array gets one.
type Writer struct{ B []byte }

// sep writes the comma before a value or key that follows another.
func (w *Writer) sep() {
	if n := len(w.B); n > 0 {
		switch w.B[n-1] {
		case '{', '[', ':':
		default:
			w.B = append(w.B, ',')
		}
	}
}

// Object and End open and close an object; Array and EndArray an array.
func (w *Writer) Object()   { w.sep(); w.B = append(w.B, '{') }
func (w *Writer) End()      { w.B = append(w.B, '}') }
func (w *Writer) Array()    { w.sep(); w.B = append(w.B, '[') }
func (w *Writer) EndArray() { w.B = append(w.B, ']') }

// Key writes a member's name and colon; its value comes next.
func (w *Writer) Key(k string) {
	w.sep()
	w.B = AppendString(w.B, k)
	w.B = append(w.B, ':')
}

// String, Int, Uint, Bool, Float, Bytes, Null and Raw write one value.
func (w *Writer) String(s string) { w.sep(); w.B = AppendString(w.B, s) }
func (w *Writer) Int(v int64)     { w.sep(); w.B = strconv.AppendInt(w.B, v, 10) }
func (w *Writer) Uint(v uint64)   { w.sep(); w.B = strconv.AppendUint(w.B, v, 10) }
func (w *Writer) Bool(v bool)     { w.sep(); w.B = strconv.AppendBool(w.B, v) }
func (w *Writer) Null()           { w.sep(); w.B = append(w.B, "null"...) }
func (w *Writer) Float(v float64) { w.sep(); w.B = AppendFloat(w.B, v) }

// Raw writes v, a JSON value already encoded (encoding/json's RawMessage:
// nil is null).
func (w *Writer) Raw(v []byte) {
	if v == nil {
		w.Null()
		return
	}
	w.sep()
	w.B = append(w.B, v...)
}

// Bytes writes a []byte as encoding/json does: base64 (standard, padded)
// in a string, null for nil.
func (w *Writer) Bytes(v []byte) {
	if v == nil {
		w.Null()
		return
	}
	w.sep()
	w.B = append(w.B, '"')
	w.B = base64.StdEncoding.AppendEncode(w.B, v)
	w.B = append(w.B, '"')
}

// Strings writes a []string (null for nil).
func (w *Writer) Strings(v []string) {
	if v == nil {
		w.Null()
		return
	}
	w.Array()
	for _, s := range v {
		w.String(s)
	}
	w.EndArray()
}

// The Omit methods write a member tagged omitempty: nothing when the
// value is empty (zero, false, "", no elements).

func (w *Writer) OmitString(k, v string) {
	if v != "" {
		w.Key(k)
		w.String(v)
	}
}

func (w *Writer) OmitInt(k string, v int64) {
	if v != 0 {
		w.Key(k)
		w.Int(v)
	}
}

func (w *Writer) OmitUint(k string, v uint64) {
	if v != 0 {
		w.Key(k)
		w.Uint(v)
	}
}

func (w *Writer) OmitBool(k string, v bool) {
	if v {
		w.Key(k)
		w.Bool(v)
	}
}

func (w *Writer) OmitBytes(k string, v []byte) {
	if len(v) > 0 {
		w.Key(k)
		w.Bytes(v)
	}
}

func (w *Writer) OmitStrings(k string, v []string) {
	if len(v) > 0 {
		w.Key(k)
		w.Strings(v)
	}
}

// An Encoder is a value that writes itself.
type Encoder interface{ EncodeJSON(w *Writer) }

// Marshal is v's document.
func Marshal(v Encoder) []byte {
	var w Writer
	v.EncodeJSON(&w)
	return w.B
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string the way encoding/json writes
// it: HTML-safe (<, > and & as \u003c, \u003e, \u0026), control
// characters escaped (\b \f \n \r \t by name), invalid UTF-8 as \ufffd,
// U+2028 and U+2029 escaped.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= ' ' && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendFloat appends a float64 as encoding/json does: the shortest
// decimal that reads back, in exponent form below 1e-6 and from 1e21 on
// (exponents without a leading zero). NaN and infinities, which
// encoding/json refuses, are written as null.
func AppendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	fmt := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		fmt = 'e'
	}
	b = strconv.AppendFloat(b, f, fmt, -1, 64)
	if fmt == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// An Encodable is a *T that writes itself.
type Encodable[T any] interface {
	*T
	Encoder
}

// OmitValue writes a pointer member tagged omitempty: nothing when nil.
func OmitValue[T any, P Encodable[T]](w *Writer, k string, v P) {
	if v != nil {
		w.Key(k)
		v.EncodeJSON(w)
	}
}

// List writes a []*T (null for nil, a nil element as null).
func List[T any, P Encodable[T]](w *Writer, s []P) {
	if s == nil {
		w.Null()
		return
	}
	w.Array()
	for _, e := range s {
		if e == nil {
			w.Null()
		} else {
			e.EncodeJSON(w)
		}
	}
	w.EndArray()
}

// OmitList writes a []*T member tagged omitempty: nothing when empty.
func OmitList[T any, P Encodable[T]](w *Writer, k string, s []P) {
	if len(s) > 0 {
		w.Key(k)
		List(w, s)
	}
}

// Func is a function that writes a value, as an Encoder.
type Func func(w *Writer)

func (f Func) EncodeJSON(w *Writer) { f(w) }

// Values writes a []T (null for nil).
func Values[T any, P Encodable[T]](w *Writer, s []T) {
	if s == nil {
		w.Null()
		return
	}
	w.Array()
	for i := range s {
		P(&s[i]).EncodeJSON(w)
	}
	w.EndArray()
}
