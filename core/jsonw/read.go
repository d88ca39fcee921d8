package jsonw

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// An Unmarshaler is a value that reads itself from a Decoder.
type Unmarshaler interface{ DecodeJSON(d *Decoder) }

// ReadFunc is a function that reads a value, as an Unmarshaler.
type ReadFunc func(d *Decoder)

func (f ReadFunc) DecodeJSON(d *Decoder) { f(d) }

// Unmarshal decodes data into v as encoding/json's Unmarshal: a syntax
// error anywhere leaves v untouched; a value of the wrong type is left
// out and decoding goes on, the first such error returned.
func Unmarshal(data []byte, v Unmarshaler) error {
	if err := Valid(data); err != nil {
		return err
	}
	d := Decoder{b: data}
	d.frames, d.path = d.frameBuf[:0], d.pathBuf[:0]
	return d.run(v)
}

// abort carries the error of a Hard read out of the decoding.
type abort struct{ err error }

func (d *Decoder) run(v Unmarshaler) (err error) {
	defer func() {
		if r := recover(); r != nil {
			a, ok := r.(abort)
			if !ok {
				panic(r)
			}
			err = a.err
		}
	}()
	v.DecodeJSON(d)
	return d.err
}

// Hard runs read as an UnmarshalJSON method's own json.Unmarshal: its
// first error ends the whole decoding and is the one returned, as
// encoding/json returns an Unmarshaler's error at once.
func (d *Decoder) Hard(read func()) {
	saved := d.err
	d.err = nil
	read()
	if d.err != nil {
		panic(abort{d.err})
	}
	d.err = saved
}

// ErrUnexpectedEOF and ErrEOF are what a json.Decoder's Decode returns for
// input cut short and for none.
var (
	ErrUnexpectedEOF = errors.New("unexpected EOF")
	ErrEOF           = errors.New("EOF")
)

// DecodeFirst decodes the first value of data into v as a json.Decoder
// reading data does (with DisallowUnknownFields when strict: a key no
// field takes is an error): what follows the first value is not read.
func DecodeFirst(data []byte, v Unmarshaler, strict bool) error {
	c := checker{b: data}
	if !c.space() {
		return ErrEOF
	}
	if !c.value() {
		if c.i >= len(data) {
			return ErrUnexpectedEOF
		}
		return c.err
	}
	d := Decoder{b: data[:c.i], strict: strict}
	d.frames, d.path = d.frameBuf[:0], d.pathBuf[:0]
	return d.run(v)
}

// A TypeError is encoding/json's UnmarshalTypeError, as text.
type TypeError struct{ msg string }

func (e *TypeError) Error() string { return e.msg }

// A Decoder reads a document Valid accepted, value by value. The reading
// methods take the value at the decoder's position: null leaves the
// target as it is (or nil, for the pointers, slices and maps the callers
// set), a value of another kind is a type error and is skipped.
type Decoder struct {
	b          []byte
	i          int
	err        error
	strict     bool
	key        []byte // the member being read (unquoted; in the input when it has no escapes)
	matched    bool   // whether Is took it
	valAt      int    // where its value starts
	structName string // for type errors: the struct whose field is read
	path       []string
	frames     []frame
	frameBuf   [4]frame
	pathBuf    [4]string
}

type frame struct {
	outer string // structName to restore after each member
	name  string // this object's struct name; "" for a map or an array
	path  int
	array bool
}

func (d *Decoder) save(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *Decoder) space() {
	for d.i < len(d.b) && isSpace(d.b[d.i]) {
		d.i++
	}
}

func (d *Decoder) peek() byte {
	d.space()
	return d.b[d.i]
}

// Key is the key of the member being read.
func (d *Decoder) Key() string { return string(d.key) }

// Null consumes a null and reports whether there was one.
func (d *Decoder) Null() bool {
	if d.peek() == 'n' {
		d.i += 4
		return true
	}
	return false
}

// kind is encoding/json's name of the value at the position.
func (d *Decoder) kind() string {
	switch d.peek() {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "number"
}

// typeError saves encoding/json's UnmarshalTypeError text for a value
// (its kind, or "number <text>") that does not fit typ.
func (d *Decoder) typeError(value, typ string) {
	if d.err != nil {
		return
	}
	if d.structName != "" || len(d.path) > 0 {
		d.err = &TypeError{"json: cannot unmarshal " + value + " into Go struct field " + d.structName + "." +
			strings.Join(d.path, ".") + " of type " + typ}
		return
	}
	d.err = &TypeError{"json: cannot unmarshal " + value + " into Go value of type " + typ}
}

// mismatch is a value of the wrong kind for typ: a type error, skipped.
func (d *Decoder) mismatch(typ string) {
	d.typeError(d.kind(), typ)
	d.Skip()
}

// Skip passes over the value at the position.
func (d *Decoder) Skip() {
	depth := 0
	for {
		switch c := d.peek(); c {
		case '"':
			d.strEnd()
		case '{', '[':
			d.i++
			depth++
			continue
		case '}', ']':
			d.i++
			depth--
		case ',', ':':
			d.i++
			continue
		default:
			d.i++
			for d.i < len(d.b) {
				c := d.b[d.i]
				if isSpace(c) || c == ',' || c == '}' || c == ']' {
					break
				}
				d.i++
			}
		}
		if depth == 0 {
			return
		}
	}
}

// strEnd passes over the string at the position and returns its
// contents, quotes excluded, with whether it has escapes.
func (d *Decoder) strEnd() (s []byte, esc bool) {
	start := d.i + 1
	i := start
	for {
		switch d.b[i] {
		case '\\':
			esc = true
			i += 2
			continue
		case '"':
			d.i = i + 1
			return d.b[start:i], esc
		}
		i++
	}
}

// strBytes is str's bytes: the input's own when there is nothing to
// unquote.
func (d *Decoder) strBytes() []byte {
	s, esc := d.strEnd()
	if !esc && utf8.Valid(s) {
		for _, c := range s {
			if c < ' ' {
				esc = true
			}
		}
		if !esc {
			return s
		}
	}
	return []byte(unquote(s))
}

// str reads the string at the position (checked: it is one).
func (d *Decoder) str() string {
	s, esc := d.strEnd()
	if !esc && utf8.Valid(s) {
		for _, c := range s {
			if c < ' ' {
				esc = true
			}
		}
		if !esc {
			return string(s)
		}
	}
	return unquote(s)
}

// unquote is encoding/json's unquoteBytes: escapes, surrogate pairs (a
// lone surrogate is U+FFFD) and invalid UTF-8 coerced to U+FFFD.
func unquote(s []byte) string {
	b := make([]byte, 0, len(s)+2*utf8.UTFMax)
	for r := 0; r < len(s); {
		switch c := s[r]; {
		case c == '\\':
			r++
			switch s[r] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r-1:])
				r += 5
				if utf16.IsSurrogate(rr) {
					rr1 := getu4(s[r:])
					if dec := utf16.DecodeRune(rr, rr1); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // " \ /
				b = append(b, s[r])
			}
			r++
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return string(b)
}

func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// number returns the text of the number at the position.
func (d *Decoder) number() string {
	start := d.i
	d.Skip()
	return string(d.b[start:d.i])
}

// Object opens the object at the position, for a struct of type typ
// (package.Name): its members follow with Next, each taken by Is. False
// (nothing to read, no Next) for null or a value of another kind (a type
// error).
func (d *Decoder) Object(typ string) bool {
	return d.open('{', typ, typ[strings.LastIndexByte(typ, '.')+1:])
}

// Map opens an object for a map of type typ: its members follow with
// Next, their keys from Key. False for null or another kind (a type
// error), which the caller tells apart by calling Null first.
func (d *Decoder) Map(typ string) bool { return d.open('{', typ, "") }

// Array opens an array for a slice of type typ: its elements follow with
// Next.
func (d *Decoder) Array(typ string) bool { return d.open('[', typ, "") }

func (d *Decoder) open(want byte, typ, name string) bool {
	switch d.peek() {
	case want:
	case 'n':
		d.i += 4
		return false
	default:
		d.mismatch(typ)
		return false
	}
	d.i++
	d.frames = append(d.frames, frame{outer: d.structName, name: name, path: len(d.path), array: want == '['})
	d.valAt = -1
	return true
}

// Next moves to the next member or element of the innermost open object
// or array, false at its end (which closes it). A member's value that was
// not read is skipped: an unknown key, which is an error in strict mode.
func (d *Decoder) Next() bool {
	f := &d.frames[len(d.frames)-1]
	if d.valAt == d.i {
		if d.strict && !f.array && f.name != "" && !d.matched {
			d.save(errors.New("json: unknown field " + strconv.Quote(string(d.key))))
		}
		d.Skip()
	}
	d.structName, d.path = f.outer, d.path[:f.path]
	c := d.peek()
	if c == ',' {
		d.i++
		c = d.peek()
	}
	if c == '}' || c == ']' {
		d.i++
		d.frames = d.frames[:len(d.frames)-1]
		return false
	}
	if !f.array {
		d.key = d.strBytes()
		d.peek()
		d.i++ // :
	}
	d.space()
	d.matched, d.valAt = false, d.i
	return true
}

// Is reports whether the member being read is the field named name, as
// encoding/json matches keys: exactly, or equal once case-folded.
func (d *Decoder) Is(name string) bool {
	if d.matched || !foldEqual(d.key, name) {
		return false
	}
	f := &d.frames[len(d.frames)-1]
	d.matched, d.structName, d.path = true, f.name, append(d.path, name)
	return true
}

// foldEqual is encoding/json's foldName(key) == foldName(name) for an
// ASCII name: ASCII letters by case, other runes as
// unicode.ToUpper(unicode.ToLower(r)) (the Kelvin sign is a K, the long s
// an S).
func foldEqual(key []byte, name string) bool {
	if string(key) == name {
		return true
	}
	i := 0
	for _, r := range string(key) {
		if i >= len(name) {
			return false
		}
		if r >= utf8.RuneSelf {
			r = unicode.ToUpper(unicode.ToLower(r))
		} else if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		n := rune(name[i])
		if 'a' <= n && n <= 'z' {
			n -= 'a' - 'A'
		}
		if r != n {
			return false
		}
		i++
	}
	return i == len(name)
}

// String reads a string.
func (d *Decoder) String(p *string) {
	switch d.peek() {
	case '"':
		*p = d.str()
	case 'n':
		d.i += 4
	default:
		d.mismatch("string")
	}
}

// Integer reads a number into a signed integer type typ of the size
// bits: ok false for null, and for a number that is not an integer of
// that size or another kind of value (type errors).
func (d *Decoder) Integer(typ string, bits int) (v int64, ok bool) {
	switch c := d.peek(); {
	case c == 'n':
		d.i += 4
	case c == '-' || '0' <= c && c <= '9':
		s := d.number()
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || bits < 64 && (v < -1<<(bits-1) || v >= 1<<(bits-1)) {
			d.typeError("number "+s, typ)
			return 0, false
		}
		return v, true
	default:
		d.mismatch(typ)
	}
	return 0, false
}

// Unsigned is Integer for an unsigned type.
func (d *Decoder) Unsigned(typ string, bits int) (v uint64, ok bool) {
	switch c := d.peek(); {
	case c == 'n':
		d.i += 4
	case c == '-' || '0' <= c && c <= '9':
		s := d.number()
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil || bits < 64 && v >= 1<<bits {
			d.typeError("number "+s, typ)
			return 0, false
		}
		return v, true
	default:
		d.mismatch(typ)
	}
	return 0, false
}

// Int64, Int, Uint64 and Uint32 read those types.
func (d *Decoder) Int64(p *int64) {
	if v, ok := d.Integer("int64", 64); ok {
		*p = v
	}
}

func (d *Decoder) Int(p *int) {
	if v, ok := d.Integer("int", 64); ok {
		*p = int(v)
	}
}

func (d *Decoder) Uint64(p *uint64) {
	if v, ok := d.Unsigned("uint64", 64); ok {
		*p = v
	}
}

func (d *Decoder) Uint32(p *uint32) {
	if v, ok := d.Unsigned("uint32", 32); ok {
		*p = uint32(v)
	}
}

// Float64 reads a float64.
func (d *Decoder) Float64(p *float64) {
	switch c := d.peek(); {
	case c == 'n':
		d.i += 4
	case c == '-' || '0' <= c && c <= '9':
		s := d.number()
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			d.typeError("number "+s, "float64")
			return
		}
		*p = v
	default:
		d.mismatch("float64")
	}
}

// Bool reads a bool.
func (d *Decoder) Bool(p *bool) {
	switch d.peek() {
	case 't':
		d.i += 4
		*p = true
	case 'f':
		d.i += 5
		*p = false
	case 'n':
		d.i += 4
	default:
		d.mismatch("bool")
	}
}

// Bytes reads a []byte as encoding/json does: a base64 string (standard
// encoding, padded; line breaks ignored), or an array of numbers 0..255;
// null is nil.
func (d *Decoder) Bytes(p *[]byte) {
	switch d.peek() {
	case 'n':
		d.i += 4
		*p = nil
	case '"':
		s := d.strBytes()
		b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
		n, err := base64.StdEncoding.Decode(b, s)
		if err != nil {
			d.save(err)
			return
		}
		*p = b[:n]
	case '[':
		d.Array("[]uint8")
		s := (*p)[:0]
		if s == nil {
			s = []byte{}
		}
		for d.Next() {
			var x byte
			if v, ok := d.Unsigned("uint8", 8); ok {
				x = byte(v)
			}
			s = append(s, x)
		}
		*p = s
	default:
		d.mismatch("[]uint8")
	}
}

// Raw reads the value's JSON text as it is (encoding/json's RawMessage).
func (d *Decoder) Raw(p *[]byte) {
	d.space()
	start := d.i
	d.Skip()
	*p = append((*p)[:0], d.b[start:d.i]...)
}

// Strings reads a []string.
func (d *Decoder) Strings(p *[]string) { Elems(d, "[]string", p, (*Decoder).String) }

// A Decodable is a pointer to T that reads itself.
type Decodable[T any] interface {
	*T
	Unmarshaler
}

// Slice reads a []T of type typ, each element by its DecodeJSON. It is
// Elems written out, not Elems with a closure calling DecodeJSON: that
// closure, one per element type, made main.wasm 1.9 kB larger gzipped.
func Slice[T any, P Decodable[T]](d *Decoder, typ string, p *[]T) {
	if d.Null() {
		*p = nil
		return
	}
	if !d.Array(typ) {
		return
	}
	s := (*p)[:0]
	if s == nil {
		s = []T{}
	}
	// Each element is read in place, as encoding/json grows the slice
	// first: a Hard error leaves what it had read.
	var zero T
	for d.Next() {
		s = append(s, zero)
		*p = s
		P(&s[len(s)-1]).DecodeJSON(d)
	}
	*p = s
}

// Pointers reads a []*T of type typ, each element by its DecodeJSON (a
// null element is a nil pointer).
func Pointers[T any, P Decodable[T]](d *Decoder, typ string, p *[]P) {
	if d.Null() {
		*p = nil
		return
	}
	if !d.Array(typ) {
		return
	}
	s := (*p)[:0]
	if s == nil {
		s = []P{}
	}
	for d.Next() {
		var x P
		Pointer(d, &x)
		s = append(s, x)
	}
	*p = s
}

// Pointer reads a *T: null is nil, anything else is read into *p, new if
// nil (as encoding/json, even when the value turns out of the wrong kind).
func Pointer[T any, P Decodable[T]](d *Decoder, p *P) {
	if d.Null() {
		*p = nil
		return
	}
	if *p == nil {
		*p = new(T)
	}
	(*p).DecodeJSON(d)
}

// Any reads a value as encoding/json does into an interface{}:
// map[string]any, []any, string, float64, bool or nil.
func (d *Decoder) Any() any {
	switch c := d.peek(); {
	case c == 'n':
		d.i += 4
		return nil
	case c == 't' || c == 'f':
		var b bool
		d.Bool(&b)
		return b
	case c == '"':
		return d.str()
	case c == '{':
		m := map[string]any{}
		d.Map("map[string]interface {}")
		for d.Next() {
			k := string(d.key)
			m[k] = d.Any()
		}
		return m
	case c == '[':
		s := []any{}
		d.Array("[]interface {}")
		for d.Next() {
			s = append(s, d.Any())
		}
		return s
	default:
		s := d.number()
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			d.typeError("number "+s, "float64")
			return nil
		}
		return v
	}
}

// Peek is the first byte of the value at the position: '{', '[', '"',
// 't', 'f', 'n', or a number's first.
func (d *Decoder) Peek() byte { return d.peek() }

// Elems reads a []T of type typ, each element by read (e.g.
// (*Decoder).Int64).
func Elems[T any](d *Decoder, typ string, p *[]T, read func(*Decoder, *T)) {
	if d.Null() {
		*p = nil
		return
	}
	if !d.Array(typ) {
		return
	}
	s := (*p)[:0]
	if s == nil {
		s = []T{}
	}
	var zero T
	for d.Next() {
		s = append(s, zero)
		*p = s
		read(d, &s[len(s)-1])
	}
	*p = s
}
