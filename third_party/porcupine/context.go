package porcupine

// raftlab: package context's place (README.raftlab.md). The checker only
// asks whether its check was cancelled.

import (
	"errors"
	"time"
)

// Context is what the checker and StepContext read of a context.Context.
type Context interface {
	Err() error
}

// background is never cancelled (context.Background).
type background struct{}

func (background) Err() error { return nil }

// deadlineCtx expires once timeout has passed since it was made
// (context.WithTimeout); a timeout <= 0 never expires. The checker runs its
// partitions one after the other (checkParallel), so nothing else could
// cancel it: it reads the clock itself, every clockEvery calls of Err (the
// checker asks before and after each step of its model), which is
// what makes a timeout work in a single-threaded wasm page too, where a
// timer's callback would only run once the check had given the processor up.
type deadlineCtx struct {
	past    func() bool // nil: no timeout
	calls   uint32
	expired bool
}

const clockEvery = 1024

var errDeadline = errors.New("context deadline exceeded")

func newDeadlineCtx(timeout time.Duration) *deadlineCtx {
	c := new(deadlineCtx)
	if timeout > 0 {
		// The start stays in the closure: a time.Time in a type put in an
		// interface would link time's formatting (README.raftlab.md).
		start := time.Now()
		c.past = func() bool { return time.Since(start) >= timeout }
	}
	return c
}

func (c *deadlineCtx) Err() error {
	if c.expired {
		return errDeadline
	}
	if c.past == nil {
		return nil
	}
	if c.calls++; c.calls%clockEvery == 1 && c.past() {
		c.expired = true
		return errDeadline
	}
	return nil
}
