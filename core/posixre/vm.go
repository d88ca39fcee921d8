package posixre

import (
	"unicode"
	"unicode/utf8"
)

type compiler struct{ re *Regexp }

func (c *compiler) emit(i inst) int {
	c.re.prog = append(c.re.prog, i)
	return len(c.re.prog) - 1
}

func (c *compiler) node(n *node) {
	if len(c.re.prog) > maxInst {
		return // Compile reports it
	}
	switch n.kind {
	case nLit:
		c.emit(inst{op: opRune, r: n.r})
	case nAny:
		c.emit(inst{op: opAny})
	case nClass:
		c.emit(inst{op: opClass, cls: n.cls})
	case nAssert:
		c.emit(inst{op: opAssert, n: n.n})
	case nGroup:
		c.emit(inst{op: opSave, n: 2 * n.n})
		c.node(n.subs[0])
		c.emit(inst{op: opSave, n: 2*n.n + 1})
	case nCat:
		for _, s := range n.subs {
			c.node(s)
		}
	case nAlt:
		var jumps []int
		for k, s := range n.subs {
			if k < len(n.subs)-1 {
				split := c.emit(inst{op: opSplit})
				c.re.prog[split].x = split + 1
				c.node(s)
				jumps = append(jumps, c.emit(inst{op: opJmp}))
				c.re.prog[split].y = len(c.re.prog)
			} else {
				c.node(s)
			}
		}
		for _, j := range jumps {
			c.re.prog[j].x = len(c.re.prog)
		}
	case nRepeat:
		sub := n.subs[0]
		if n.max < 0 {
			for k := 1; k < n.min; k++ {
				c.node(sub)
			}
			if n.min == 0 && !nullable(sub) { // L: split(body, out); body; jmp L
				split := c.emit(inst{op: opSplit})
				c.re.prog[split].x = split + 1
				c.node(sub)
				c.emit(inst{op: opJmp, x: split})
				c.re.prog[split].y = len(c.re.prog)
				return
			}
			// x+ is L: body; split(L, out). A star of what can match
			// empty is (x+)?, so an empty iteration still sets its
			// groups (Go's regexp compiles it so).
			var opt int
			if n.min == 0 {
				opt = c.emit(inst{op: opSplit})
				c.re.prog[opt].x = opt + 1
			}
			body := len(c.re.prog)
			c.node(sub)
			c.emit(inst{op: opSplit, x: body, y: len(c.re.prog) + 1})
			if n.min == 0 {
				c.re.prog[opt].y = len(c.re.prog)
			}
			return
		}
		for k := 0; k < n.min; k++ {
			c.node(sub)
		}
		var splits []int
		for k := n.min; k < n.max; k++ { // nested optionals
			split := c.emit(inst{op: opSplit})
			c.re.prog[split].x = split + 1
			splits = append(splits, split)
			c.node(sub)
		}
		for _, s := range splits {
			c.re.prog[s].y = len(c.re.prog)
		}
	}
}

// machine is a Pike VM: the threads alive at one position, in priority
// order (the first to match wins, as a backtracker would find it), at
// most one per instruction.
type machine struct {
	re         *Regexp
	s          string
	cur, next  []thread
	onCur, onN []int // generation each pc was last added at
	gen        int
}

type thread struct {
	pc  int
	cap []int
}

func newMachine(re *Regexp, _ int) *machine {
	n := len(re.prog)
	return &machine{re: re, onCur: make([]int, n), onN: make([]int, n)}
}

func isWord(r rune) bool {
	return r < utf8.RuneSelf && word.contains(r)
}

// assert evaluates an empty-width assertion at byte offset pos.
func (m *machine) assert(kind, pos int) bool {
	before, after := false, false
	if pos > 0 {
		r, _ := utf8.DecodeLastRuneInString(m.s[:pos])
		before = isWord(r)
	}
	if pos < len(m.s) {
		r, _ := utf8.DecodeRuneInString(m.s[pos:])
		after = isWord(r)
	}
	switch kind {
	case assertBOL:
		return pos == 0
	case assertEOL:
		return pos == len(m.s)
	case assertWord:
		return before != after
	case assertNotWord:
		return before == after
	case assertWordBeg:
		return !before && after
	default: // assertWordEnd
		return before && !after
	}
}

// add puts the thread at pc (and what it reaches without input) on list
// at position pos, in priority order.
func (m *machine) add(list []thread, on []int, pc, pos int, cap []int) []thread {
	if on[pc] == m.gen {
		return list
	}
	on[pc] = m.gen
	in := &m.re.prog[pc]
	switch in.op {
	case opJmp:
		return m.add(list, on, in.x, pos, cap)
	case opSplit:
		list = m.add(list, on, in.x, pos, cap)
		return m.add(list, on, in.y, pos, cap)
	case opSave:
		c := make([]int, len(cap))
		copy(c, cap)
		c[in.n] = pos
		return m.add(list, on, pc+1, pos, c)
	case opAssert:
		if m.assert(in.n, pos) {
			return m.add(list, on, pc+1, pos, cap)
		}
		return list
	}
	return append(list, thread{pc, cap})
}

func (m *machine) step(in *inst, r rune) bool {
	switch in.op {
	case opRune:
		if r == in.r {
			return true
		}
		if m.re.fold {
			for f := unicode.SimpleFold(in.r); f != in.r; f = unicode.SimpleFold(f) {
				if f == r {
					return true
				}
			}
		}
		return false
	case opAny:
		return r != '\n'
	case opClass:
		return in.cls.has(r, m.re.fold)
	}
	return false
}

func (m *machine) run(s string, from int) []int {
	m.s = s
	var matched []int
	start := make([]int, m.re.ncap)
	for i := range start {
		start[i] = -1
	}
	m.gen++
	m.cur = m.cur[:0]
	for pos := from; ; {
		if matched == nil {
			m.cur = m.add(m.cur, m.onCur, 0, pos, start)
		}
		if len(m.cur) == 0 && matched != nil {
			break
		}
		r, w := rune(-1), 1
		if pos < len(s) {
			r, w = utf8.DecodeRuneInString(s[pos:])
		}
		m.gen++
		m.next = m.next[:0]
		for _, t := range m.cur {
			in := &m.re.prog[t.pc]
			if in.op == opMatch {
				matched = t.cap
				break // lower-priority threads lose
			}
			if pos < len(s) && m.step(in, r) {
				m.next = m.add(m.next, m.onN, t.pc+1, pos+w, t.cap)
			}
		}
		if pos >= len(s) {
			break
		}
		m.cur, m.next = m.next, m.cur
		m.onCur, m.onN = m.onN, m.onCur
		pos += w
	}
	return matched
}

// nullable reports whether n can match the empty string.
func nullable(n *node) bool {
	switch n.kind {
	case nLit, nAny, nClass:
		return false
	case nGroup:
		return nullable(n.subs[0])
	case nCat:
		for _, s := range n.subs {
			if !nullable(s) {
				return false
			}
		}
		return true
	case nAlt:
		for _, s := range n.subs {
			if nullable(s) {
				return true
			}
		}
		return false
	case nRepeat:
		return n.min == 0 || nullable(n.subs[0])
	}
	return true // assertions, empty
}
