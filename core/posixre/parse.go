package posixre

import (
	"strings"
	"unicode/utf8"
)

type nodeKind uint8

const (
	nLit nodeKind = iota
	nAny
	nClass
	nAssert
	nGroup
	nCat
	nAlt
	nRepeat
	nEmpty
)

type node struct {
	kind     nodeKind
	r        rune
	cls      *class
	n        int // assertion kind, group index
	min, max int // repetition; max -1: unbounded
	subs     []*node
}

// maxRepeat bounds {n,m}, as RE2 does.
const maxRepeat = 1000

type parser struct {
	s      string
	i      int
	ere    bool
	groups int
}

func (p *parser) more() bool { return p.i < len(p.s) }

// peekOp reports whether an operator spelled op (ERE) or \op (BRE) is next.
func (p *parser) peekOp(op byte) bool {
	if p.ere {
		return p.i < len(p.s) && p.s[p.i] == op
	}
	return p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == op
}

func (p *parser) skipOp() {
	if p.ere {
		p.i++
	} else {
		p.i += 2
	}
}

// alt parses alternatives up to the end or a closing parenthesis.
func (p *parser) alt(depth int) (*node, error) {
	var alts []*node
	for {
		c, err := p.concat(depth)
		if err != nil {
			return nil, err
		}
		alts = append(alts, c)
		if !p.peekOp('|') {
			break
		}
		p.skipOp()
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &node{kind: nAlt, subs: alts}, nil
}

func (p *parser) concat(depth int) (*node, error) {
	cat := &node{kind: nCat}
	start := true // where BRE's '*' and ERE's '*', '+', '?' are literal
	for p.more() {
		if p.peekOp('|') || p.peekOp(')') && depth > 0 {
			break
		}
		if p.ere && p.s[p.i] == ')' && depth == 0 {
			return nil, ErrInvalid
		}
		var a *node
		var err error
		if start && p.repeatNext() {
			// A leading repetition operator is literal (GNU).
			if p.s[p.i] == '\\' {
				p.i++ // BRE's \+, \?, \{
			}
			r, w := utf8.DecodeRuneInString(p.s[p.i:])
			p.i += w
			a = &node{kind: nLit, r: r}
		} else if a, err = p.atom(depth, len(cat.subs) == 0); err != nil {
			return nil, err
		}
		start = a.kind == nAssert && a.n == assertBOL
		for !start && p.repeatNext() {
			if a, err = p.repeat(a); err != nil {
				return nil, err
			}
		}
		cat.subs = append(cat.subs, a)
	}
	if len(cat.subs) == 1 {
		return cat.subs[0], nil
	}
	if len(cat.subs) == 0 {
		return &node{kind: nEmpty}, nil
	}
	return cat, nil
}

// repeatNext reports whether a repetition operator follows.
func (p *parser) repeatNext() bool {
	if !p.more() {
		return false
	}
	if p.s[p.i] == '*' {
		return true
	}
	if p.ere {
		switch p.s[p.i] {
		case '+', '?':
			return true
		case '{':
			_, _, _, ok := p.interval(p.i + 1)
			return ok
		}
		return false
	}
	return p.peekOp('+') || p.peekOp('?') || p.peekOp('{')
}

func (p *parser) repeat(a *node) (*node, error) {
	min, max := 0, -1
	switch {
	case p.s[p.i] == '*':
		p.i++
	case p.peekOp('+'):
		p.skipOp()
		min = 1
	case p.peekOp('?'):
		p.skipOp()
		max = 1
	default: // interval
		p.skipOp()
		lo, hi, end, ok := p.interval(p.i)
		if !ok {
			return nil, ErrInvalid
		}
		if lo > maxRepeat || hi > maxRepeat {
			return nil, ErrInvalid
		}
		min, max, p.i = lo, hi, end
	}
	return &node{kind: nRepeat, min: min, max: max, subs: []*node{a}}, nil
}

// interval reads "n}", "n,}", "n,m}" (BRE: "\}") from i: the bounds and
// the offset after it.
func (p *parser) interval(i int) (lo, hi, end int, ok bool) {
	num := func() (int, bool) {
		j, n := i, 0
		for ; i < len(p.s) && p.s[i] >= '0' && p.s[i] <= '9'; i++ {
			n = min(10*n+int(p.s[i]-'0'), maxRepeat+1) // too big: repeat refuses it
		}
		return n, i > j
	}
	lo, ok = num()
	if !ok {
		return 0, 0, 0, false
	}
	hi = lo
	if i < len(p.s) && p.s[i] == ',' {
		i++
		var has bool
		if hi, has = num(); !has {
			hi = -1
		}
	}
	closer := "}"
	if !p.ere {
		closer = `\}`
	}
	if !strings.HasPrefix(p.s[i:], closer) || hi >= 0 && hi < lo {
		return 0, 0, 0, false
	}
	return lo, hi, i + len(closer), true
}

func (p *parser) atom(depth int, first bool) (*node, error) {
	c := p.s[p.i]
	switch {
	case p.peekOp('('):
		p.skipOp()
		p.groups++
		idx := p.groups
		sub, err := p.alt(depth + 1)
		if err != nil {
			return nil, err
		}
		if !p.peekOp(')') {
			return nil, ErrInvalid
		}
		p.skipOp()
		return &node{kind: nGroup, n: idx, subs: []*node{sub}}, nil
	case p.peekOp(')'), !p.ere && p.peekOp('{'), !p.ere && p.peekOp('}'):
		return nil, ErrInvalid // unmatched
	case c == '.':
		p.i++
		return &node{kind: nAny}, nil
	case c == '[':
		p.i++
		cls, err := p.bracket()
		if err != nil {
			return nil, err
		}
		return &node{kind: nClass, cls: cls}, nil
	case c == '^' && (p.ere || first):
		p.i++
		return &node{kind: nAssert, n: assertBOL}, nil
	case c == '$' && (p.ere || p.atEnd(p.i+1)):
		p.i++
		return &node{kind: nAssert, n: assertEOL}, nil
	case c == '\\':
		return p.escape()
	}
	r, w := utf8.DecodeRuneInString(p.s[p.i:])
	p.i += w
	return &node{kind: nLit, r: r}, nil
}

// atEnd reports whether a BRE's '$' at i-1 ends it or a group or branch.
func (p *parser) atEnd(i int) bool {
	return i == len(p.s) || strings.HasPrefix(p.s[i:], `\)`) || strings.HasPrefix(p.s[i:], `\|`)
}

var (
	digit = &class{ranges: []rune{'0', '9'}}
	word  = &class{ranges: []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}}
	space = &class{ranges: []rune{'\t', '\r', ' ', ' '}}
)

func (p *parser) escape() (*node, error) {
	if p.i+1 >= len(p.s) {
		return nil, ErrInvalid // trailing backslash
	}
	c := p.s[p.i+1]
	p.i += 2
	switch c {
	case 'w', 'W':
		return &node{kind: nClass, cls: &class{ranges: word.ranges, neg: c == 'W'}}, nil
	case 's', 'S':
		return &node{kind: nClass, cls: &class{ranges: space.ranges, neg: c == 'S'}}, nil
	case 'd', 'D':
		return &node{kind: nClass, cls: &class{ranges: digit.ranges, neg: c == 'D'}}, nil
	case 'b':
		return &node{kind: nAssert, n: assertWord}, nil
	case 'B':
		return &node{kind: nAssert, n: assertNotWord}, nil
	case '<':
		return &node{kind: nAssert, n: assertWordBeg}, nil
	case '>':
		return &node{kind: nAssert, n: assertWordEnd}, nil
	case 'n':
		return &node{kind: nLit, r: '\n'}, nil
	case 't':
		return &node{kind: nLit, r: '\t'}, nil
	}
	if c >= '1' && c <= '9' { // back-references: not supported
		return nil, ErrInvalid
	}
	p.i-- // the escaped character, which may be multi-byte
	r, w := utf8.DecodeRuneInString(p.s[p.i:])
	p.i += w
	return &node{kind: nLit, r: r}, nil
}

// posixClasses are the [:name:] of bracket expressions (ASCII, as RE2):
// a table the linker lays out statically (a map or a switch building
// slices would be code).
var posixClasses = [...]struct {
	name   string
	ranges []rune
}{
	{"alnum", []rune{'0', '9', 'A', 'Z', 'a', 'z'}},
	{"alpha", []rune{'A', 'Z', 'a', 'z'}},
	{"blank", []rune{'\t', '\t', ' ', ' '}},
	{"cntrl", []rune{0, 0x1f, 0x7f, 0x7f}},
	{"digit", []rune{'0', '9'}},
	{"graph", []rune{'!', '~'}},
	{"lower", []rune{'a', 'z'}},
	{"print", []rune{' ', '~'}},
	{"punct", []rune{'!', '/', ':', '@', '[', '`', '{', '~'}},
	{"space", []rune{'\t', '\r', ' ', ' '}},
	{"upper", []rune{'A', 'Z'}},
	{"word", []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}},
	{"xdigit", []rune{'0', '9', 'A', 'F', 'a', 'f'}},
}

// posixClass is the ranges of [:name:], or nil.
func posixClass(name string) []rune {
	for _, c := range posixClasses {
		if c.name == name {
			return c.ranges
		}
	}
	return nil
}

// bracket parses a bracket expression after its '['. A backslash is an
// ordinary character in it (POSIX); ']' first is literal.
func (p *parser) bracket() (*class, error) {
	c := &class{}
	if p.more() && p.s[p.i] == '^' {
		c.neg = true
		p.i++
	}
	for first := true; ; first = false {
		if !p.more() {
			return nil, ErrInvalid
		}
		if p.s[p.i] == ']' && !first {
			p.i++
			return c, nil
		}
		if strings.HasPrefix(p.s[p.i:], "[:") {
			end := strings.Index(p.s[p.i+2:], ":]")
			if end < 0 {
				return nil, ErrInvalid
			}
			rs := posixClass(p.s[p.i+2 : p.i+2+end])
			if rs == nil {
				return nil, ErrInvalid
			}
			c.ranges = append(c.ranges, rs...)
			p.i += end + 4
			continue
		}
		if strings.HasPrefix(p.s[p.i:], "[=") || strings.HasPrefix(p.s[p.i:], "[.") {
			return nil, ErrInvalid // equivalence classes, collating symbols
		}
		lo, w := utf8.DecodeRuneInString(p.s[p.i:])
		p.i += w
		hi := lo
		if p.i+1 < len(p.s) && p.s[p.i] == '-' && p.s[p.i+1] != ']' {
			hi, w = utf8.DecodeRuneInString(p.s[p.i+1:])
			p.i += 1 + w
			if hi < lo {
				return nil, ErrInvalid
			}
		}
		c.ranges = append(c.ranges, lo, hi)
	}
}
