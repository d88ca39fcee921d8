// Package web is raftlab's Vugu user interface: the root component, its
// child components, and Session, the adapter over core/lab that runs the
// clock, keeps the command journal and turns the core's trace into what the
// page animates and tells.
//
// All text reaches the DOM through Vugu's escaping (vg-content, :attr). Never
// pass user or simulation text through vugu.HTML.
package web

import "time"

//go:generate go tool vugugen -skip-go-mod -skip-main .

// Stream tells console output lines apart.
type Stream int

// Console line kinds.
const (
	StreamStdout Stream = iota // command output
	StreamStderr               // errors, as etcdctl prints them to stderr
	StreamInput                // the echoed command line
	StreamInfo                 // messages from the UI itself
	StreamExit                 // a command's exit status
)

// Class is the CSS class of a line of this stream.
func (s Stream) Class() string {
	switch s {
	case StreamStderr:
		return "line stderr"
	case StreamInput:
		return "line input"
	case StreamInfo:
		return "line info"
	case StreamExit:
		return "line exit"
	}
	return "line stdout"
}

// ConsoleLine is one line in the console output.
type ConsoleLine struct {
	_      noEqual
	Stream Stream
	Text   string
	ID     int           // its LineSeq when added (the viewer finds it by this)
	At     time.Duration // virtual time it was printed (rewind hides later ones)
}
