package etcdctl

import (
	"io"
	"strings"
)

// input is a command's standard input, which the console hands over whole:
// what etcdctl reads of os.Stdin through a bufio.Reader (lines of a txn,
// a password, a put's value), read straight from the string (package bufio
// cost the page 3 kB gzipped).
type input struct {
	_   [0]func() // not comparable: no generated equality in the page
	s   string
	off int
}

func (in *input) Read(p []byte) (int, error) {
	if in.off >= len(in.s) {
		return 0, io.EOF
	}
	n := copy(p, in.s[in.off:])
	in.off += n
	return n, nil
}

// ReadString is bufio.Reader's: up to and including delim, or the rest
// and io.EOF.
func (in *input) ReadString(delim byte) (string, error) {
	rest := in.s[in.off:]
	if i := strings.IndexByte(rest, delim); i >= 0 {
		in.off += i + 1
		return rest[:i+1], nil
	}
	in.off = len(in.s)
	return rest, io.EOF
}
