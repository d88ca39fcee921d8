package pflag

// encoding/csv's reading and writing of one record, by hand (raftlab): the
// string slice flag (etcdctl's --endpoints, kube-apiserver's
// --etcd-servers) and the other slice flags read and write their values as
// one CSV record, and encoding/csv costs the page about 12 kB gzipped. The
// values and error texts are encoding/csv's (core/etcdctl's
// TestSliceFlagsReadCSV compares them on many inputs).

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readAsCSV is csv.NewReader(strings.NewReader(val)).Read(), "" giving no
// values.
func readAsCSV(val string) ([]string, error) { return readAsCSVInto(nil, val) }

// readAsCSVInto is readAsCSV with a plain value's fields appended to dst
// (a reused array: no allocation while they fit).
func readAsCSVInto(dst []string, val string) ([]string, error) {
	if vals, plain := splitPlain(dst, val); plain {
		return vals, nil
	}
	return readRecord(val)
}

// writeAsCSV is csv.Writer's Write of vals, without the line end.
func writeAsCSV(vals []string) (string, error) { return writeRecord(vals), nil }

// splitPlain is the common case, without the reader: val split at its
// commas, in one pass over it, when it holds no quote, CR or LF (plain),
// appended to dst; "" is no value.
func splitPlain(dst []string, val string) (vals []string, plain bool) {
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
		if dst == nil {
			return []string{}, true
		}
		return dst, true
	}
	vals = dst
	if cap(vals)-len(vals) < n {
		vals = make([]string, len(dst), len(dst)+n)
		copy(vals, dst)
	}
	for {
		i := strings.IndexByte(val, ',')
		if i < 0 {
			return append(vals, val), true
		}
		vals, val = append(vals, val[:i]), val[i+1:]
	}
}

// writeRecord is encoding/csv's Writer.Write of one record (Comma ',',
// \n line ends) without the line end.
func writeRecord(fields []string) string {
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

// readRecord is encoding/csv's Reader.Read of in's first record (Comma
// ',', no comments, strict quotes): empty lines before it are skipped, a
// quoted field may span lines, \r\n reads as \n.
func readRecord(in string) ([]string, error) {
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
