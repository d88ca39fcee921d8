// Package posixre is the regular expressions of the console's sed and
// grep: POSIX basic (BRE: \( \) \{ \} \+ \? \| are the operators) and
// extended (ERE, sed -E, grep -E) syntax with GNU's escapes (\w \s \d \b
// \< \> and their negations), bracket expressions with ranges and
// [:classes:], anchors, counted repetition and case folding (grep -i).
//
// Matching is leftmost-first with greedy repetition, as Go's regexp (which
// the console used before): a Pike VM whose threads are kept in priority
// order, so time is O(len(program) × len(input)) and memory O(len(program))
// whatever the pattern and input (no backtracking blow-up). It replaces
// package regexp in the page, whose parser, Unicode tables and two engines
// cost main.wasm about 100 kB gzipped.
package posixre

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalid is every syntax error (sed and grep say "Invalid regular
// expression" whatever the cause).
var ErrInvalid = errors.New("invalid regular expression")

// maxInst bounds a compiled program (counted repetition multiplies it), as
// RE2 bounds repetition at 1000.
const maxInst = 20000

type opcode uint8

const (
	opRune   opcode = iota // one rune (r), folded if fold
	opAny                  // any rune but '\n'
	opClass                // a bracket expression or class escape
	opSplit                // try x, then y
	opJmp                  // go to x
	opSave                 // record the position in capture slot n
	opAssert               // empty-width: see assert*
	opMatch
)

const (
	assertBOL = iota
	assertEOL
	assertWord    // \b
	assertNotWord // \B
	assertWordBeg // \<
	assertWordEnd // \>
)

type inst struct {
	op   opcode
	r    rune
	n    int // save slot, assertion kind
	x, y int
	cls  *class
}

// class is a set of runes: ranges, negated or not.
type class struct {
	ranges []rune // pairs lo, hi
	neg    bool
}

func (c *class) has(r rune, fold bool) bool {
	in := c.contains(r)
	if !in && fold {
		for f := unicode.SimpleFold(r); f != r && !in; f = unicode.SimpleFold(f) {
			in = c.contains(f)
		}
	}
	return in != c.neg
}

func (c *class) contains(r rune) bool {
	for i := 0; i+1 < len(c.ranges); i += 2 {
		if c.ranges[i] <= r && r <= c.ranges[i+1] {
			return true
		}
	}
	return false
}

// Regexp is a compiled expression; safe for concurrent use.
type Regexp struct {
	prog []inst
	ncap int // capture slots: 2 per group, group 0 the whole match
	fold bool
}

// Compile parses pattern as a BRE, or an ERE if ere; fold makes letters
// match either case.
func Compile(pattern string, ere, fold bool) (*Regexp, error) {
	p := &parser{s: pattern, ere: ere}
	n, err := p.alt(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.s) { // an unmatched ')' in ERE
		return nil, ErrInvalid
	}
	re := &Regexp{fold: fold, ncap: 2 * (p.groups + 1)}
	c := &compiler{re: re}
	c.emit(inst{op: opSave, n: 0})
	c.node(n)
	c.emit(inst{op: opSave, n: 1})
	c.emit(inst{op: opMatch})
	if len(re.prog) > maxInst {
		return nil, ErrInvalid
	}
	return re, nil
}

// NumSubexp is the number of parenthesized groups.
func (re *Regexp) NumSubexp() int { return re.ncap/2 - 1 }

// MatchString reports whether s contains a match.
func (re *Regexp) MatchString(s string) bool { return re.FindSubmatchIndex(s, 0) != nil }

// FindSubmatchIndex returns the leftmost match starting at or after byte
// offset from, as pairs of byte offsets (the whole match, then each group;
// -1 for a group that took no part), or nil. Anchors and word boundaries
// see all of s, not just s[from:].
func (re *Regexp) FindSubmatchIndex(s string, from int) []int {
	m := newMachine(re, len(s))
	return m.run(s, from)
}

// ReplaceAll replaces the matches in s (only the first unless all) by
// what repl returns for each (given s and the match's submatch indexes).
// Successive matches do not overlap, and an empty match right after a
// previous match is skipped (Go's regexp rule). When repl answers false,
// the matches after that one are left as they are and not searched for (a
// caller bounding its output stops there).
func (re *Regexp) ReplaceAll(s string, all bool, repl func(sub []int) (string, bool)) string {
	var b strings.Builder
	last, prevEnd := 0, -1
	vm := newMachine(re, len(s)) // one for every match: its lists are reused
	for pos := 0; pos <= len(s); {
		m := vm.run(s, pos)
		if m == nil {
			break
		}
		accept := true
		if m[1] == m[0] {
			if m[0] == prevEnd {
				accept = false
			}
			if m[1] < len(s) {
				_, w := utf8.DecodeRuneInString(s[m[1]:])
				pos = m[1] + w
			} else {
				pos = len(s) + 1
			}
		} else {
			pos = m[1]
		}
		prevEnd = m[1]
		if accept {
			b.WriteString(s[last:m[0]])
			r, more := repl(m)
			b.WriteString(r)
			last = m[1]
			if !all || !more {
				break
			}
		}
	}
	b.WriteString(s[last:])
	return b.String()
}
