package etcdctl

// MaxOutput bounds the unread bytes an Output keeps; past it, what is
// written is counted, not kept. A command that prints without end (a
// watch left running for hours, a get of every key) holds at most that
// much, however rarely its reader drains it.
const MaxOutput = 1 << 20

// Output is etcdctl's standard output or error as a process owns its
// pipe: etcdctl, cobra and the commands write to it, and its reader (the
// console) takes what was written since it last read, after each step of
// the command, so that a long-running command's output streams while
// nothing in etcdctl calls into its reader. The zero value is empty.
type Output struct {
	// Unread is what was written since the last Take, and Dropped how
	// many bytes written meanwhile were not kept (MaxOutput): the reader
	// looks at them to know whether there is anything to take.
	Unread  []byte
	Dropped int64
}

func (o *Output) Write(p []byte) (int, error) {
	keep := min(len(p), MaxOutput-len(o.Unread))
	o.Unread = append(o.Unread, p[:keep]...)
	o.Dropped += int64(len(p) - keep)
	return len(p), nil
}

func (o *Output) WriteString(s string) (int, error) {
	keep := min(len(s), MaxOutput-len(o.Unread))
	o.Unread = append(o.Unread, s[:keep]...)
	o.Dropped += int64(len(s) - keep)
	return len(s), nil
}

func (o *Output) WriteByte(c byte) error {
	_, err := o.Write([]byte{c})
	return err
}

// Take returns what was written since the last Take, the caller's to
// keep, and how many bytes written meanwhile were not kept.
func (o *Output) Take() (p []byte, dropped int64) {
	p, dropped = o.Unread, o.Dropped
	o.Unread, o.Dropped = nil, 0
	return p, dropped
}
