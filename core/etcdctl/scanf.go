package etcdctl

import (
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// fmtScan does what etcdctl's two fmt.Sscanf calls do (txn's argify:
// "%q"; parseCompare: "%q) %s %q"), with the same results, counts and
// errors (fmt/scan.go: SkipSpace, convertString, quotedString, advance,
// doScanf), so fmt's scanning code (about 20 kB gzipped) stays out of the
// page. TestFmtScanMatchesSscanf compares them on many inputs.
type fmtScan struct {
	s         string
	pos, last int // read offset; width of the last rune read (for unread)
}

// scanFailure is a panic carrying a scan's error, as fmt's scanError.
type scanFailure struct{ err error }

const scanEOF = -1

func (f *fmtScan) get() rune {
	if f.pos >= len(f.s) {
		f.last = 0
		return scanEOF
	}
	r, w := utf8.DecodeRuneInString(f.s[f.pos:])
	f.pos += w
	f.last = w
	return r
}

func (f *fmtScan) unread() { f.pos -= f.last; f.last = 0 }

func (f *fmtScan) fail(err error) { panic(scanFailure{err}) }

func (f *fmtScan) mustGet() rune {
	r := f.get()
	if r == scanEOF {
		f.fail(io.ErrUnexpectedEOF)
	}
	return r
}

// isFmtSpace is fmt's isSpace (its table of Unicode spaces).
func isFmtSpace(r rune) bool {
	switch {
	case r >= 0x09 && r <= 0x0d, r == ' ', r == 0x85, r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a,
		r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// skipSpace is fmt's SkipSpace for Sscanf (a newline is not a space).
func (f *fmtScan) skipSpace() {
	for {
		r := f.get()
		if r == scanEOF {
			return
		}
		if r == '\r' && f.pos < len(f.s) && f.s[f.pos] == '\n' {
			continue
		}
		if r == '\n' {
			f.fail(errors.New("unexpected newline"))
		}
		if !isFmtSpace(r) {
			f.unread()
			return
		}
	}
}

// verb is convertString's start: spaces, then something to read (io.EOF).
func (f *fmtScan) verb() {
	f.skipSpace()
	if f.get() == scanEOF {
		panic(scanFailure{io.EOF})
	}
	f.unread()
}

// quoted is %q: a back-quoted or a double-quoted Go string.
func (f *fmtScan) quoted() string {
	f.verb()
	var buf []byte
	switch quote := f.get(); quote {
	case '`':
		for {
			r := f.mustGet()
			if r == quote {
				return string(buf)
			}
			buf = utf8.AppendRune(buf, r)
		}
	case '"':
		buf = append(buf, '"')
		for {
			r := f.mustGet()
			buf = utf8.AppendRune(buf, r)
			if r == '\\' {
				buf = utf8.AppendRune(buf, f.mustGet())
			} else if r == '"' {
				break
			}
		}
		s, err := strconv.Unquote(string(buf))
		if err != nil {
			f.fail(err)
		}
		return s
	}
	f.fail(errors.New("expected quoted string"))
	return ""
}

// word is %s: the next run of non-spaces.
func (f *fmtScan) word() string {
	f.verb()
	f.skipSpace()
	from := f.pos
	for {
		r := f.get()
		if r == scanEOF {
			break
		}
		if isFmtSpace(r) {
			f.unread()
			break
		}
	}
	return string([]rune(f.s[from:f.pos])) // invalid UTF-8 reads as U+FFFD, as fmt's runes
}

// literal is a literal rune of the format (advance): a mismatch fails the
// scan with "input does not match format".
func (f *fmtScan) literal(c rune) {
	if f.mustGet() != c {
		f.unread()
		f.fail(errors.New("input does not match format"))
	}
}

// space is a lone space of the format (advance): one or more spaces of
// the input, or its end.
func (f *fmtScan) space() {
	r := f.get()
	if !isFmtSpace(r) && r != scanEOF {
		f.fail(errors.New("expected space in input to match format"))
	}
	if r == '\n' {
		f.fail(errors.New("newline in input does not match format"))
	}
	for isFmtSpace(r) && r != '\n' {
		r = f.get()
	}
	if r != scanEOF {
		f.unread()
	}
}

// run runs a scan, turning its failure into the error Sscanf returns.
func (f *fmtScan) run(scan func()) (err error) {
	defer func() {
		if e := recover(); e != nil {
			fe, ok := e.(scanFailure)
			if !ok {
				panic(e)
			}
			err = fe.err
		}
	}()
	scan()
	return nil
}

// sscanQuoted is fmt.Sscanf(s, "%q", &v): v is left alone on an error.
func sscanQuoted(s string, v *string) error {
	f := &fmtScan{s: s}
	return f.run(func() { *v = f.quoted() })
}

// sscanCompare is fmt.Sscanf(s, "%q) %s %q", key, op, val).
func sscanCompare(s string, key, op, val *string) (n int, err error) {
	f := &fmtScan{s: s}
	err = f.run(func() {
		*key = f.quoted()
		n++
		f.literal(')')
		f.space()
		*op = f.word()
		n++
		f.space()
		*val = f.quoted()
		n++
	})
	return n, err
}
