package console

// The command line: words as a POSIX shell splits a simple command, an
// unquoted trailing & for a background job, and the limits every line
// meets before anything runs.

import (
	"errors"
	"fmt"
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

// parseLine splits s in one pass (linear in its length): whitespace
// separates words; single quotes, double quotes and backslashes quote; an
// unquoted # starts a comment. An unquoted & may only end the line (a
// background job); quoted ('&', "&", \&) it is an argument like any other.
func parseLine(s string) (cmdLine, error) {
	var ln cmdLine
	var cur strings.Builder
	inWord := false
	endWord := func() {
		if inWord {
			ln.words = append(ln.words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\':
			if i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			}
			inWord = true
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return cmdLine{}, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case ch == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`+"`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return cmdLine{}, errors.New("unterminated double quote")
			}
			inWord = true
		case ch == ' ' || ch == '\t' || ch == '\r':
			endWord()
		case ch == '#' && !inWord:
			i = len(s)
		case ch == '&':
			endWord()
			rest := strings.TrimLeft(s[i+1:], " \t\r")
			if len(ln.words) == 0 || rest != "" && rest[0] != '#' {
				// `& cmd`, `a && b`, `a & b`: lists are not the console's.
				if len(ln.words) > 0 {
					return cmdLine{}, fmt.Errorf("%w (only a trailing & is supported; quote it, '&', to pass it as an argument)", errAmp)
				}
				return cmdLine{}, errAmp
			}
			ln.background = true
			i = len(s)
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	endWord()
	return ln, nil
}

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
