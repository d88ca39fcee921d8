package jsonw

import "strconv"

// A SyntaxError is encoding/json's: the same texts for the same input.
type SyntaxError struct {
	msg    string
	Offset int64 // after the byte where the error was found
}

func (e *SyntaxError) Error() string { return e.msg }

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// checker finds the first syntax error in a document as encoding/json's
// scanner does: the same message at the same byte, end of input included
// (where the scanner steps a space: a number, literal or escape cut short
// is an invalid ' ').
type checker struct {
	b     []byte
	i     int
	depth int
	err   *SyntaxError
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// quoteChar is encoding/json's quoting of a byte in its messages.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// at returns the byte at i, or a space past the end (eof reports then
// whether the space was an error).
func (c *checker) at() (byte, bool) {
	if c.i < len(c.b) {
		return c.b[c.i], true
	}
	return ' ', false
}

func (c *checker) fail(ch byte, context string) bool {
	if c.err == nil {
		c.err = &SyntaxError{"invalid character " + quoteChar(ch) + " " + context, int64(c.i)}
	}
	return false
}

func (c *checker) eof() bool {
	if c.err == nil {
		c.err = &SyntaxError{"unexpected end of JSON input", int64(len(c.b))}
	}
	return false
}

// space skips white space and tells whether input remains.
func (c *checker) space() bool {
	for c.i < len(c.b) && isSpace(c.b[c.i]) {
		c.i++
	}
	return c.i < len(c.b)
}

// value checks one value starting at c.i (white space skipped).
func (c *checker) value() bool {
	if !c.space() {
		return c.eof()
	}
	switch ch := c.b[c.i]; {
	case ch == '{':
		return c.object()
	case ch == '[':
		return c.array()
	case ch == '"':
		return c.str()
	case ch == '-' || '0' <= ch && ch <= '9':
		return c.number()
	case ch == 't':
		return c.literal("true")
	case ch == 'f':
		return c.literal("false")
	case ch == 'n':
		return c.literal("null")
	default:
		return c.fail(ch, "looking for beginning of value")
	}
}

func (c *checker) push() bool {
	c.depth++
	if c.depth > maxDepth {
		return c.fail(c.b[c.i], "exceeded max depth")
	}
	c.i++
	return true
}

func (c *checker) object() bool {
	if !c.push() {
		return false
	}
	if !c.space() {
		return c.eof()
	}
	if c.b[c.i] == '}' {
		c.i++
		c.depth--
		return true
	}
	for {
		if ch := c.b[c.i]; ch != '"' {
			return c.fail(ch, "looking for beginning of object key string")
		}
		if !c.str() {
			return false
		}
		if !c.space() {
			return c.eof()
		}
		if ch := c.b[c.i]; ch != ':' {
			return c.fail(ch, "after object key")
		}
		c.i++
		if !c.value() {
			return false
		}
		if !c.space() {
			return c.eof()
		}
		switch ch := c.b[c.i]; ch {
		case ',':
			c.i++
			if !c.space() {
				return c.eof()
			}
		case '}':
			c.i++
			c.depth--
			return true
		default:
			return c.fail(ch, "after object key:value pair")
		}
	}
}

func (c *checker) array() bool {
	if !c.push() {
		return false
	}
	if !c.space() {
		return c.eof()
	}
	if c.b[c.i] == ']' {
		c.i++
		c.depth--
		return true
	}
	for {
		if !c.value() {
			return false
		}
		if !c.space() {
			return c.eof()
		}
		switch ch := c.b[c.i]; ch {
		case ',':
			c.i++
		case ']':
			c.i++
			c.depth--
			return true
		default:
			return c.fail(ch, "after array element")
		}
	}
}

func isHex(ch byte) bool {
	return '0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'f' || 'A' <= ch && ch <= 'F'
}

func (c *checker) str() bool {
	c.i++ // "
	for {
		if c.i >= len(c.b) {
			return c.eof()
		}
		ch := c.b[c.i]
		c.i++
		switch {
		case ch == '"':
			return true
		case ch == '\\':
			e, ok := c.at()
			switch e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				c.i++
			case 'u':
				c.i++
				for k := 0; k < 4; k++ {
					h, ok := c.at()
					if !isHex(h) {
						return c.fail(h, "in \\u hexadecimal character escape")
					}
					_ = ok
					c.i++
				}
			default:
				if !ok {
					// The scanner's space at the end of input.
					return c.fail(' ', "in string escape code")
				}
				return c.fail(e, "in string escape code")
			}
		case ch < 0x20:
			c.i--
			return c.fail(ch, "in string literal")
		}
	}
}

func isDigit(ch byte) bool { return '0' <= ch && ch <= '9' }

// number checks a number; the byte after it is the caller's.
func (c *checker) number() bool {
	ch, _ := c.at()
	if ch == '-' {
		c.i++
		if ch, _ = c.at(); !isDigit(ch) {
			return c.fail(ch, "in numeric literal")
		}
	}
	if ch == '0' {
		c.i++
	} else {
		for ch, _ = c.at(); isDigit(ch); ch, _ = c.at() {
			c.i++
		}
	}
	if ch, _ = c.at(); ch == '.' {
		c.i++
		if ch, _ = c.at(); !isDigit(ch) {
			return c.fail(ch, "after decimal point in numeric literal")
		}
		for ch, _ = c.at(); isDigit(ch); ch, _ = c.at() {
			c.i++
		}
	}
	if ch, _ = c.at(); ch == 'e' || ch == 'E' {
		c.i++
		if ch, _ = c.at(); ch == '+' || ch == '-' {
			c.i++
		}
		if ch, _ = c.at(); !isDigit(ch) {
			return c.fail(ch, "in exponent of numeric literal")
		}
		for ch, _ = c.at(); isDigit(ch); ch, _ = c.at() {
			c.i++
		}
	}
	return true
}

func (c *checker) literal(word string) bool {
	c.i++
	for k := 1; k < len(word); k++ {
		if ch, _ := c.at(); ch != word[k] {
			return c.fail(ch, "in literal "+word+" (expecting "+quoteChar(word[k])+")")
		}
		c.i++
	}
	return true
}

// Valid reports the first syntax error in data, nil when data is one
// JSON value (white space around it allowed), as encoding/json's
// Unmarshal checks its input before decoding any of it.
func Valid(data []byte) error {
	c := checker{b: data}
	if c.value() {
		if c.space() {
			c.fail(c.b[c.i], "after top-level value")
		}
	}
	if c.err != nil {
		return c.err
	}
	return nil
}
