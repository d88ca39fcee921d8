package lab

import (
	"fmt"
	"strconv"
	"strings"
)

// A script is a console transcript: each command with the output it must
// print, in the spirit of etcd-io/raft's testdata. Scenario tests, lessons
// and the page's guided tours all use it.
//
//	# a comment (before a command)
//	$ etcdctl put foo bar
//	OK
//	$ etcdctl txn
//	< mod("foo") > "0"
//	<
//	< put foo baz
//	SUCCESS
//	...
//	$ frob
//	! raftlab: frob: command not found (type 'help' for the list)
//	? 127
//
// "$ " starts a command; "< " lines (or a lone "<") are its standard
// input; the lines up to the next command are its expected output: stdout
// as is, stderr lines prefixed "! ", and a non-zero exit code as "? N".
// Trailing blank lines are not significant.

// Step is one command of a script and what it must print.
type Step struct {
	Line     int // line number of the command in the script
	Comment  []string
	Command  string
	Stdin    []string
	Expected string
}

// ParseScript reads a script.
func ParseScript(text string) ([]Step, error) {
	var steps []Step
	var comments []string
	var cur *Step
	var out []string
	flush := func() {
		if cur != nil {
			cur.Expected = trimBlank(strings.Join(out, "\n"))
			steps = append(steps, *cur)
		}
		cur, out = nil, nil
	}
	for i, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "$ "):
			flush()
			cur = &Step{Line: i + 1, Command: line[2:], Comment: comments}
			comments = nil
		case cur == nil:
			if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#") {
				return nil, fmt.Errorf("line %d: expected a command starting with \"$ \", got %q", i+1, line)
			}
			if strings.HasPrefix(line, "#") {
				comments = append(comments, strings.TrimSpace(strings.TrimPrefix(line, "#")))
			}
		case len(out) == 0 && (line == "<" || strings.HasPrefix(line, "< ")):
			cur.Stdin = append(cur.Stdin, strings.TrimPrefix(strings.TrimPrefix(line, "<"), " "))
		case strings.HasPrefix(line, "#") && len(out) > 0 && out[len(out)-1] == "":
			// A comment after a blank line belongs to the next command.
			comments = append(comments, strings.TrimSpace(strings.TrimPrefix(line, "#")))
		default:
			if len(comments) > 0 {
				return nil, fmt.Errorf("line %d: output after a comment; put comments before a command", i+1)
			}
			out = append(out, line)
		}
	}
	flush()
	return steps, nil
}

// Input is the console line for a step: the command and its stdin.
func (s Step) Input() string {
	if len(s.Stdin) == 0 {
		return s.Command
	}
	return s.Command + "\n" + strings.Join(s.Stdin, "\n") + "\n"
}

// Transcript renders a command's result in the script's notation.
func Transcript(r Result) string {
	var b strings.Builder
	b.WriteString(r.Stdout)
	if r.Stderr != "" {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		for _, line := range strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n") {
			b.WriteString("! " + line + "\n")
		}
	}
	if r.Exit != 0 {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		b.WriteString("? " + strconv.Itoa(r.Exit) + "\n")
	}
	return trimBlank(b.String())
}

func trimBlank(s string) string {
	lines := strings.Split(s, "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// FormatScript writes steps back as a script (used to rewrite expected
// output).
func FormatScript(steps []Step) string {
	var b strings.Builder
	for i, s := range steps {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, c := range s.Comment {
			b.WriteString("# " + c + "\n")
		}
		b.WriteString("$ " + s.Command + "\n")
		for _, in := range s.Stdin {
			if in == "" {
				b.WriteString("<\n")
			} else {
				b.WriteString("< " + in + "\n")
			}
		}
		if s.Expected != "" {
			b.WriteString(s.Expected + "\n")
		}
	}
	return b.String()
}
