package etcdconf

import (
	"fmt"
	"strings"
)

// commandText extracts the etcd command from what a learner pastes: a whole systemd unit (only its
// ExecStart= directive, with its continuation lines, is used), or a bare command line, possibly split
// over lines with a trailing backslash (a doubled backslash, as in a heredoc source, also counts).
func commandText(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	start := -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "ExecStart=") {
			start = i
			lines[i] = strings.TrimPrefix(t, "ExecStart=")
			lines[i] = strings.TrimLeft(lines[i], "-@:+!")
			break
		}
	}
	if start < 0 {
		return joinContinuations(lines, false)
	}
	return joinContinuations(lines[start:], true)
}

// joinContinuations joins backslash-continued lines. If onlyFirst, it stops at the first line that does
// not continue (the end of the ExecStart directive); comment lines inside a continuation are skipped,
// as systemd does.
func joinContinuations(lines []string, onlyFirst bool) string {
	var b strings.Builder
	cont := false
	for i, l := range lines {
		t := strings.TrimRight(l, " \t")
		if cont && onlyFirst {
			lt := strings.TrimSpace(t)
			if strings.HasPrefix(lt, "#") || strings.HasPrefix(lt, ";") {
				continue
			}
		}
		if i > 0 && !cont && onlyFirst {
			break
		}
		cont = false
		if strings.HasSuffix(t, `\`) {
			cont = true
			t = strings.TrimSuffix(t, `\`)
			t = strings.TrimSuffix(t, `\`)
		}
		b.WriteString(t)
		b.WriteByte(' ')
		if !cont && !onlyFirst {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// splitWords splits a command line as a shell would: whitespace separates words, '…' and "…" quote,
// a backslash escapes the next character, and # at the start of a word comments out the rest of the
// line. Lines consisting of "..." (elisions in notes) are dropped.
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n' || c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated quote in %q", strings.TrimSpace(s))
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated quote in %q", strings.TrimSpace(s))
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	out := words[:0]
	for _, w := range words {
		if w != "..." && w != "…" {
			out = append(out, w)
		}
	}
	return out, nil
}
