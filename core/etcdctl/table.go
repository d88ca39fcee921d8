package etcdctl

import (
	"math"
	"strings"
	"unicode/utf8"
)

// renderTable draws a table as olekukonko/tablewriter v0.0.5 does with
// etcdctl's settings: default ASCII box (+---+, |), upper-cased and centred
// headers, every cell right-aligned (SetAlignment(ALIGN_RIGHT)), cells wider
// than 30 columns wrapped at spaces (auto-wrap, minimum raggedness).
func renderTable(hdr []string, rows [][]string) string {
	const maxWidth = 30
	ncol := len(hdr)
	for _, row := range rows {
		if len(row) > ncol {
			ncol = len(row)
		}
	}
	cs := make([]int, ncol)
	parse := func(str string, col int) []string {
		raw := strings.Split(str, "\n")
		w := 0
		for _, line := range raw {
			if dw := displayWidth(line); dw > w {
				w = dw
			}
		}
		if w > maxWidth {
			w = maxWidth
		}
		newW := w
		var out []string
		for i, para := range raw {
			lines, _ := wrapString(para, w)
			for _, l := range lines {
				if dw := displayWidth(l); dw > newW {
					newW = dw
				}
			}
			if i > 0 {
				out = append(out, " ")
			}
			out = append(out, lines...)
		}
		if cs[col] < newW {
			cs[col] = newW
		}
		return out
	}
	hcells := make([][]string, len(hdr))
	for i, h := range hdr {
		hcells[i] = parse(title(h), i)
	}
	cells := make([][][]string, len(rows))
	for r, row := range rows {
		cells[r] = make([][]string, ncol)
		for c := 0; c < ncol; c++ {
			s := ""
			if c < len(row) {
				s = row[c]
			}
			cells[r][c] = parse(s, c)
		}
	}
	var b strings.Builder
	line := func() {
		b.WriteString("+")
		for _, w := range cs {
			b.WriteString(strings.Repeat("-", w+2))
			b.WriteString("+")
		}
		b.WriteString("\n")
	}
	writeRow := func(row [][]string, header bool) {
		h := 0
		for _, c := range row {
			if len(c) > h {
				h = len(c)
			}
		}
		for x := 0; x < h; x++ {
			b.WriteString("|")
			for c := 0; c < ncol; c++ {
				s := ""
				if c < len(row) && x < len(row[c]) {
					s = row[c][x]
				}
				b.WriteString(" ")
				if header {
					b.WriteString(pad(s, cs[c]))
				} else {
					b.WriteString(padLeft(s, cs[c]))
				}
				b.WriteString(" |")
			}
			b.WriteString("\n")
		}
	}
	line()
	if len(hdr) > 0 {
		writeRow(hcells, true)
		line()
	}
	for _, row := range cells {
		writeRow(row, false)
	}
	line()
	return b.String()
}

func displayWidth(s string) int { return utf8.RuneCountInString(s) }

func pad(s string, width int) string {
	gap := width - displayWidth(s)
	if gap > 0 {
		gapLeft := gap / 2
		gapRight := gap - gapLeft
		return strings.Repeat(" ", gapLeft) + s + strings.Repeat(" ", gapRight)
	}
	return s
}

func padLeft(s string, width int) string {
	gap := width - displayWidth(s)
	if gap > 0 {
		return strings.Repeat(" ", gap) + s
	}
	return s
}

// title is tablewriter.Title.
func title(name string) string {
	origLen := len(name)
	rs := []rune(name)
	isNumOrSpace := func(r rune) bool { return ('0' <= r && r <= '9') || r == ' ' }
	for i, r := range rs {
		switch r {
		case '_':
			rs[i] = ' '
		case '.':
			if (i != 0 && !isNumOrSpace(rs[i-1])) || (i != len(rs)-1 && !isNumOrSpace(rs[i+1])) {
				rs[i] = ' '
			}
		}
	}
	name = strings.TrimSpace(string(rs))
	if len(name) == 0 && origLen > 0 {
		name = " "
	}
	return strings.ToUpper(name)
}

// wrapString is tablewriter.WrapString.
func wrapString(s string, lim int) ([]string, int) {
	words := strings.Split(strings.Replace(s, "\n", " ", -1), " ")
	for _, v := range words {
		if w := displayWidth(v); w > lim {
			lim = w
		}
	}
	var lines []string
	for _, line := range wrapWords(words, 1, lim, 1e5) {
		lines = append(lines, strings.Join(line, " "))
	}
	return lines, lim
}

func wrapWords(words []string, spc, lim, pen int) [][]string {
	n := len(words)
	length := make([][]int, n)
	for i := 0; i < n; i++ {
		length[i] = make([]int, n)
		length[i][i] = displayWidth(words[i])
		for j := i + 1; j < n; j++ {
			length[i][j] = length[i][j-1] + spc + displayWidth(words[j])
		}
	}
	nbrk := make([]int, n)
	cost := make([]int, n)
	for i := range cost {
		cost[i] = math.MaxInt32
	}
	for i := n - 1; i >= 0; i-- {
		if length[i][n-1] <= lim {
			cost[i] = 0
			nbrk[i] = n
		} else {
			for j := i + 1; j < n; j++ {
				d := lim - length[i][j-1]
				c := d*d + cost[j]
				if length[i][j-1] > lim {
					c += pen
				}
				if c < cost[i] {
					cost[i] = c
					nbrk[i] = j
				}
			}
		}
	}
	var lines [][]string
	i := 0
	for i < n {
		lines = append(lines, words[i:nbrk[i]])
		i = nbrk[i]
	}
	return lines
}
