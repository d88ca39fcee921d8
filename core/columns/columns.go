// Package columns is text/tabwriter's output, written out by hand for the
// only way raftlab uses it (no flags: kubectl's and crictl's tables padded
// with spaces, etcdctl's usage with tabs): package text/tabwriter cost the
// page 4.6 kB gzipped.
//
// Cells end at '\t' or '\v', lines at '\n' or '\f'; within each block of
// consecutive lines that have a cell in a column (a line's last cell is in
// none), the column is as wide as its widest cell in runes plus padding,
// and at least minwidth. tabwriter's escapes ('\xff', and HTML with
// FilterHTML) never occur: every text here is valid UTF-8 (Go literals, or
// strings JSON decoded).
package columns

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Writer gathers text until Flush, as a tabwriter.Writer.
type Writer struct {
	out                         io.Writer
	minwidth, tabwidth, padding int
	padchar                     byte
	text                        strings.Builder
}

// New is tabwriter.NewWriter(out, minwidth, tabwidth, padding, padchar, 0).
func New(out io.Writer, minwidth, tabwidth, padding int, padchar byte) *Writer {
	return &Writer{out: out, minwidth: minwidth, tabwidth: tabwidth, padding: padding, padchar: padchar}
}

func (c *Writer) Write(p []byte) (int, error) { return c.text.Write(p) }

// Flush formats and writes everything written since the last Flush.
func (c *Writer) Flush() error {
	var out strings.Builder
	s := c.text.String()
	c.text.Reset()
	lines := [][]string{nil}
	start := 0
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '\t', '\v', '\n', '\f':
			last := &lines[len(lines)-1]
			*last = append(*last, s[start:i])
			start = i + 1
			if ch == '\n' || ch == '\f' {
				lines = append(lines, nil)
				// tabwriter flushes at a form feed, and after a line of
				// one cell (which cannot be part of a column).
				if ch == '\f' || len(*last) == 1 {
					c.format(&out, lines, 0, len(lines), nil)
					lines = [][]string{nil}
				}
			}
		}
	}
	if start < len(s) {
		lines[len(lines)-1] = append(lines[len(lines)-1], s[start:])
	}
	c.format(&out, lines, 0, len(lines), nil)
	_, err := io.WriteString(c.out, out.String())
	return err
}

// format is tabwriter's format: the lines from line0 to line1, columns
// after widths, block by block.
func (c *Writer) format(out *strings.Builder, lines [][]string, line0, line1 int, widths []int) {
	col := len(widths)
	for this := line0; this < line1; this++ {
		if col >= len(lines[this])-1 {
			continue
		}
		c.writeLines(out, lines, line0, this, widths)
		line0 = this
		width := c.minwidth
		for ; this < line1 && col < len(lines[this])-1; this++ {
			width = max(width, utf8.RuneCountInString(lines[this][col])+c.padding)
		}
		c.format(out, lines, line0, this, append(widths, width))
		line0 = this
	}
	c.writeLines(out, lines, line0, line1, widths)
}

// writeLines writes lines line0 to line1, each cell but a line's last
// padded to its column's width; a newline ends every line but the last
// (then empty, or the text's unterminated end).
func (c *Writer) writeLines(out *strings.Builder, lines [][]string, line0, line1 int, widths []int) {
	for i := line0; i < line1; i++ {
		for j, cell := range lines[i] {
			out.WriteString(cell)
			if j >= len(widths) {
				continue
			}
			n, pad := widths[j]-utf8.RuneCountInString(cell), string(c.padchar)
			if c.padchar == '\t' {
				// tabs: to the width rounded up to a tab stop
				if c.tabwidth == 0 {
					continue
				}
				n = ((widths[j]+c.tabwidth-1)/c.tabwidth*c.tabwidth - utf8.RuneCountInString(cell) + c.tabwidth - 1) / c.tabwidth
			}
			out.WriteString(strings.Repeat(pad, n))
		}
		if i+1 < len(lines) {
			out.WriteByte('\n')
		}
	}
}
