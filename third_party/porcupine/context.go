package porcupine

// raftlab: package context's place (README.raftlab.md). The checker only
// asks whether its check was cancelled.

import (
	"errors"
	"sync/atomic"
)

// Context is what the checker and StepContext read of a context.Context.
type Context interface {
	Err() error
}

// background is never cancelled (context.Background).
type background struct{}

func (background) Err() error { return nil }

// cancelCtx is cancelled once by cancel (context.WithCancel).
type cancelCtx struct{ done atomic.Bool }

var errCanceled = errors.New("context canceled")

func (c *cancelCtx) cancel() { c.done.Store(true) }

func (c *cancelCtx) Err() error {
	if c.done.Load() {
		return errCanceled
	}
	return nil
}
