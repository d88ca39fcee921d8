package console

// The command line: words as a POSIX shell splits a simple command, an
// unquoted trailing & for a background job, and the limits every line
// meets before anything runs.

import (
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"strings"
)

const (
	// MaxInput bounds a whole console input (command line and standard
	// input): larger input is refused before it is parsed.
	MaxInput = 4 << 20
	// MaxArg is Linux's MAX_ARG_STRLEN (128 KiB): a longer argument makes
	// execve fail, and bash says "Argument list too long". Large values go
	// through standard input (etcdctl put reads its value there).
	MaxArg = 128 << 10
)

// cmdLine is one parsed command line.
type cmdLine struct {
	words []string
	// background: the line ends in an unquoted & (a job).
	background bool
}

var errAmp = errors.New("syntax error near unexpected token `&'")

// lineParser is parseLine's state. A word without quotes or backslashes
// is a substring of s (no copy); cur collects a word once it has one. Its
// methods are not inlined: the page's WebAssembly would hold copies.
type lineParser struct {
	s             string
	ln            cmdLine
	cur           []byte
	inWord, plain bool
	start         int
	// buf is where the words go while they fit (parseLineIn).
	buf []string
}

// quoted: the word at i goes on with quoted or escaped text.
//
//go:noinline
func (p *lineParser) quoted(i int) {
	if !p.inWord {
		p.cur, p.inWord = p.cur[:0], true
	} else if p.plain {
		p.cur = append(p.cur[:0], p.s[p.start:i]...)
	}
	p.plain = false
}

// endWord ends the word in progress, if any, at i.
//
//go:noinline
func (p *lineParser) endWord(i int) {
	if !p.inWord {
		return
	}
	if p.ln.words == nil && cap(p.buf) > 0 {
		p.ln.words = p.buf[:0]
	} else if p.ln.words == nil {
		p.ln.words = make([]string, 0, min(strings.Count(p.s, " ")+1, 16))
	}
	if p.plain {
		p.ln.words = append(p.ln.words, p.s[p.start:i])
	} else {
		p.ln.words = append(p.ln.words, string(p.cur))
	}
	p.inWord, p.plain = false, true
}

// parseLine splits s in one pass (linear in its length): whitespace
// separates words; single quotes, double quotes and backslashes quote; an
// unquoted # starts a comment. An unquoted & may only end the line (a
// background job); quoted ('&', "&", \&) it is an argument like any other.
func parseLine(s string) (cmdLine, error) { return parseLineIn(s, nil) }

// parseLineIn is parseLine with the words in buf while they fit (a call's
// own array: no allocation for a usual line). Natively a plain line is
// split by splitPlain, as parseQuoted would split it (a loaded simulation
// runs a console line every 10 ms); the page, where lines come from a
// person or a lesson's script, only has parseQuoted (splitPlain cost it
// 1 kB gzipped).
func parseLineIn(s string, buf []string) (cmdLine, error) {
	if runtime.GOOS != "js" {
		if ln, ok := splitPlain(s, buf); ok {
			return ln, nil
		}
	}
	return parseQuoted(s, buf)
}

// splitPlain splits a line whose only special bytes are spaces (the usual
// line: etcdctl --endpoints=node-1 put k v) at its spaces, as parseQuoted
// would; ok false for any other line. It looks at eight bytes at a time:
// lineSpecial's bytes are all below '(' but the backslash, so a word made
// of letters, digits and punctuation such as - = . : / raises no flag in
// its word of the line, and only a flagged byte (a space, or a byte that
// may be special) is read alone (one byte at a time, the loop was about
// 580 instructions for a 35-byte line).
func splitPlain(s string, buf []string) (ln cmdLine, ok bool) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	words := buf[:0] // (appended to beyond buf's capacity, for a line without a buffer)
	prev := 0        // where the word after the last space starts
	for i := 0; i < len(s); i += 8 {
		// x is the eight bytes from i, the first in the low byte; the
		// last ones padded with 'a' (no flag, and no borrow from a byte
		// of the line raises one).
		x := uint64(0x6161616161616161)
		if i+8 <= len(s) {
			b := s[i : i+8]
			x = uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
				uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		} else {
			for k := len(s) - 1; k >= i; k-- {
				x = x<<8 | uint64(s[k])
			}
		}
		// The high bit of each byte below '(' or equal to '\\' (every
		// byte of lineSpecial is one), and maybe of bytes right after one
		// (a borrow carried on): never of any other byte.
		y := x ^ '\\'*ones
		for m := ((x-'('*ones)&^x | (y-ones)&^y) & highs; m != 0; m &= m - 1 {
			k := i + bits.TrailingZeros64(m)>>3
			if c := s[k]; c != ' ' {
				if lineSpecial[c] {
					return cmdLine{}, false
				}
				continue // a byte below '(' that is not special, or a false flag
			}
			if k > prev {
				words = append(words, s[prev:k])
			}
			prev = k + 1
		}
	}
	if prev < len(s) {
		words = append(words, s[prev:])
	}
	if len(words) > 0 {
		ln.words = words // (nil for no words, as parseQuoted has it)
	}
	return ln, true
}

// parseQuoted is parseLineIn for any line, one byte at a time.
func parseQuoted(s string, buf []string) (cmdLine, error) {
	p := lineParser{s: s, plain: true, buf: buf}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\':
			p.quoted(i)
			if i+1 < len(s) {
				i++
				p.cur = append(p.cur, s[i])
			}
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return cmdLine{}, errors.New("unterminated single quote")
			}
			p.quoted(i)
			p.cur = append(p.cur, s[i+1:i+1+j]...)
			i += j + 1
		case ch == '"':
			p.quoted(i)
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`+"`", s[i+1]) >= 0 {
					i++
				}
				p.cur = append(p.cur, s[i])
			}
			if i >= len(s) {
				return cmdLine{}, errors.New("unterminated double quote")
			}
		case ch == ' ' || ch == '\t' || ch == '\r':
			p.endWord(i)
		case ch == '#' && !p.inWord:
			i = len(s)
		case ch == '&':
			p.endWord(i)
			rest := strings.TrimLeft(s[i+1:], " \t\r")
			if len(p.ln.words) == 0 || rest != "" && rest[0] != '#' {
				// `& cmd`, `a && b`, `a & b`: lists are not the console's.
				if len(p.ln.words) > 0 {
					return cmdLine{}, fmt.Errorf("%w (only a trailing & is supported; quote it, '&', to pass it as an argument)", errAmp)
				}
				return cmdLine{}, errAmp
			}
			p.ln.background = true
			i = len(s)
		default:
			if !p.inWord {
				p.inWord, p.start = true, i
			}
			if !p.plain {
				p.cur = append(p.cur, ch)
				continue
			}
			// The rest of a plain run at once: most of a line.
			for i+1 < len(s) && !lineSpecial[s[i+1]] {
				i++
			}
		}
	}
	p.endWord(len(s))
	return p.ln, nil
}

// lineSpecial are the bytes parseLine's loop looks at one by one: blanks,
// quotes, backslashes, # and &; a word's other bytes are taken in a run.
var lineSpecial = [256]bool{' ': true, '\t': true, '\r': true, '\\': true, '\'': true, '"': true, '#': true, '&': true}

// checkInput refuses input over the console's limits, with the shell's
// words where a shell has them.
func checkInput(input string, ln cmdLine) error {
	if len(input) > MaxInput {
		return fmt.Errorf("input too long: %d bytes (the console takes at most %d bytes per command; put large values in a file or on standard input)", len(input), MaxInput)
	}
	for _, w := range ln.words {
		if len(w) > MaxArg {
			name := "command"
			if len(ln.words) > 0 {
				name = ln.words[0]
			}
			return fmt.Errorf("%s: Argument list too long (an argument of %d bytes; Linux takes at most %d: give large values on standard input, e.g. etcdctl put key with the value on the next lines)", name, len(w), MaxArg)
		}
	}
	return nil
}
