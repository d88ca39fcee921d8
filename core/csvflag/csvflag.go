// Package csvflag is pflag's string slice flag (StringSliceVar: each value
// one CSV record, appended after the first) for etcdctl's --endpoints and
// kube-apiserver's --etcd-servers, with encoding/csv's reading of a record
// and writing of the value done by hand: pflag's slice type and
// encoding/csv cost the page about 12 kB gzipped. Values, String, Type and
// error texts are pflag's and encoding/csv's (TestMatchesPflag compares
// them on many inputs).
package csvflag

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Value is a string slice flag. The default is never written through: a
// Set replaces it first, and appending to it copies (its length is its
// capacity).
type Value struct {
	p       *[]string
	def     []string
	changed bool
}

// New makes p's flag value with default def (pflag's newStringSliceValue).
func New(p *[]string, def []string) *Value {
	v := &Value{p: p, def: def}
	v.Reset()
	return v
}

// Set reads val as one CSV record: the first Set replaces the default,
// later ones append.
func (v *Value) Set(val string) error {
	vals, plain := splitPlain(val)
	if !plain {
		var err error
		if vals, err = ReadRecord(val); err != nil {
			return err
		}
	}
	if !v.changed {
		*v.p = vals
	} else {
		*v.p = append(*v.p, vals...)
	}
	v.changed = true
	return nil
}

// splitPlain is the common case, without the reader: val split at its
// commas, in one pass over it, when it holds no quote, CR or LF (plain);
// "" is no value.
func splitPlain(val string) (vals []string, plain bool) {
	n := 1
	for i := 0; i < len(val); i++ {
		switch val[i] {
		case '"', '\r', '\n':
			return nil, false
		case ',':
			n++
		}
	}
	if val == "" {
		return []string{}, true
	}
	vals = make([]string, 0, n)
	for {
		i := strings.IndexByte(val, ',')
		if i < 0 {
			return append(vals, val), true
		}
		vals, val = append(vals, val[:i]), val[i+1:]
	}
}

// Reset puts the default back, as if never set.
func (v *Value) Reset() {
	*v.p = v.def[:len(v.def):len(v.def)]
	v.changed = false
}

// Type is pflag's name of the type.
func (v *Value) Type() string { return "stringSlice" }

// String is the value as one CSV record in brackets.
func (v *Value) String() string { return "[" + WriteRecord(*v.p) + "]" }

// WriteRecord is encoding/csv's Writer.Write of one record (Comma ',',
// \n line ends) without the line end.
func WriteRecord(fields []string) string {
	var b strings.Builder
	for n, f := range fields {
		if n > 0 {
			b.WriteByte(',')
		}
		if !needsQuotes(f) {
			b.WriteString(f)
			continue
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(f, `"`, `""`))
		b.WriteByte('"')
	}
	return b.String()
}

// needsQuotes is csv.Writer's fieldNeedsQuotes.
func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` || strings.ContainsAny(f, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}

// The errors of encoding/csv's ParseError.
var (
	errBareQuote = errors.New("bare \" in non-quoted-field")
	errQuote     = errors.New("extraneous or missing \" in quoted-field")
	errEOF       = errors.New("EOF") // io.EOF's text: no record
)

// parseError is csv.ParseError's text.
func parseError(start, line, col int, err error) error {
	if start != line {
		return errors.New("record on line " + strconv.Itoa(start) + "; parse error on line " + strconv.Itoa(line) +
			", column " + strconv.Itoa(col) + ": " + err.Error())
	}
	return errors.New("parse error on line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) + ": " + err.Error())
}

// ReadRecord is encoding/csv's Reader.Read of in's first record (Comma
// ',', no comments, strict quotes): empty lines before it are skipped, a
// quoted field may span lines, \r\n reads as \n.
func ReadRecord(in string) ([]string, error) {
	numLine := 0
	// readLine is csv's readLine: the next line with its \n, or eof.
	readLine := func() (line string, eof bool) {
		numLine++
		if in == "" {
			return "", true
		}
		i := strings.IndexByte(in, '\n')
		if i < 0 {
			line, in = strings.TrimSuffix(in, "\r"), ""
			return line, false
		}
		line, in = in[:i+1], in[i+1:]
		if n := len(line); n >= 2 && line[n-2] == '\r' {
			line = line[:n-2] + "\n"
		}
		return line, false
	}
	lengthNL := func(s string) int {
		if strings.HasSuffix(s, "\n") {
			return 1
		}
		return 0
	}
	var line string
	for {
		var eof bool
		if line, eof = readLine(); eof {
			return nil, errEOF
		}
		if len(line) != lengthNL(line) {
			break // empty lines are skipped
		}
	}
	recLine := numLine
	var fields []string
	var buf strings.Builder
	posLine, posCol := numLine, 1
	for {
		if line == "" || line[0] != '"' {
			i := strings.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if j := strings.IndexByte(field, '"'); j >= 0 {
				return nil, parseError(recLine, numLine, posCol+j, errBareQuote)
			}
			fields = append(fields, field)
			if i < 0 {
				return fields, nil
			}
			line = line[i+1:]
			posCol += i + 1
			continue
		}
		// A quoted field.
		buf.Reset()
		line = line[1:]
		posCol++
	quoted:
		for {
			i := strings.IndexByte(line, '"')
			switch {
			case i >= 0:
				buf.WriteString(line[:i])
				line = line[i+1:]
				posCol += i + 1
				switch {
				case strings.HasPrefix(line, `"`):
					buf.WriteByte('"')
					line = line[1:]
					posCol++
				case strings.HasPrefix(line, ","):
					line = line[1:]
					posCol++
					fields = append(fields, buf.String())
					break quoted
				case lengthNL(line) == len(line):
					return append(fields, buf.String()), nil
				default:
					return nil, parseError(recLine, numLine, posCol-1, errQuote)
				}
			case len(line) > 0:
				buf.WriteString(line)
				posCol += len(line)
				if line, _ = readLine(); len(line) > 0 {
					posLine++
					posCol = 1
				}
			default: // the input ended inside the quotes
				return nil, parseError(recLine, posLine, posCol, errQuote)
			}
		}
	}
}
