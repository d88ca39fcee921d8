package web

import "time"

// The page keeps real time as durations since it started, never as
// time.Time: a time.Time in any type the page hands to an interface (Vugu's
// components hold the Session) keeps time.Time's String, GoString,
// MarshalJSON and UnmarshalJSON, and with them package time's layout
// formatting and parsing, in main.wasm.
var pageStart = time.Now()

// sinceStart is the page's real clock (monotonic).
func sinceStart() time.Duration { return time.Since(pageStart) }
