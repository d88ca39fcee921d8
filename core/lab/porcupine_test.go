package lab_test

import (
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/raftlab/raftlab/core/lab"
)

// third_party/porcupine checks a history's partitions (here: keys) one after
// the other in the caller's goroutine: the page links no goroutine, channel,
// select or timer for it, and its timeout still works in single-threaded
// wasm. These tests pin the verdicts on several partitions, that the model
// is only ever stepped from the caller's goroutine, and the timeout.

// countingModel is KVModel whose Step records the most goroutines seen.
func countingModel(most *int) porcupine.Model {
	m := lab.KVModel
	step := m.Step
	m.Step = func(state, input, output any) (bool, any) {
		*most = max(*most, runtime.NumGoroutine())
		return step(state, input, output)
	}
	return m
}

func put(id int, k, v string, call, ret int64) porcupine.Operation {
	return porcupine.Operation{ClientId: id, Input: lab.KVInput{Op: 'p', Key: k, Value: v}, Output: lab.KVOutput{}, Call: call, Return: ret}
}

func get(id int, k, v string, call, ret int64) porcupine.Operation {
	return porcupine.Operation{ClientId: id, Input: lab.KVInput{Op: 'g', Key: k}, Output: lab.KVOutput{Value: v}, Call: call, Return: ret}
}

func TestPorcupineChecksPartitionsInline(t *testing.T) {
	// Three keys: a, b fine; c's read sees a value overwritten before it began.
	ok := []porcupine.Operation{
		put(0, "a", "1", 0, 10), get(1, "a", "1", 5, 15), put(2, "a", "2", 12, 20), get(3, "a", "2", 21, 22),
		put(0, "b", "x", 0, 4), get(1, "b", "", 0, 1), get(2, "b", "x", 3, 9),
	}
	bad := append(append([]porcupine.Operation(nil), ok...),
		put(4, "c", "1", 0, 2), put(5, "c", "2", 3, 4), get(6, "c", "1", 5, 6))
	for _, tc := range []struct {
		name string
		h    []porcupine.Operation
		want porcupine.CheckResult
		keys int
	}{{"ok", ok, porcupine.Ok, 2}, {"violation", bad, porcupine.Illegal, 3}} {
		before := runtime.NumGoroutine()
		most := 0
		m := countingModel(&most)
		if got := porcupine.CheckOperationsTimeout(m, tc.h, 0); got != tc.want {
			t.Errorf("%s: CheckOperationsTimeout = %v, want %v", tc.name, got, tc.want)
		}
		res, info := porcupine.CheckOperationsVerbose(m, tc.h, time.Minute)
		if res != tc.want {
			t.Errorf("%s: CheckOperationsVerbose = %v, want %v", tc.name, res, tc.want)
		}
		// One partial linearization set per key; a linearizable key's
		// longest is all its operations.
		parts := info.PartialLinearizations()
		if len(parts) != tc.keys || len(parts[0]) != 1 || len(parts[0][0]) != 4 {
			t.Errorf("%s: partial linearizations %v", tc.name, parts)
		}
		if most == 0 || most > before {
			t.Errorf("%s: the model was stepped with %d goroutines running, %d before the check", tc.name, most, before)
		}
	}
}

func TestPorcupineTimeout(t *testing.T) {
	// 40 concurrent puts and a read of a value nobody wrote: proving it
	// illegal takes every subset of the puts, 2^40 states; the timeout must
	// end the search with no verdict.
	var h []porcupine.Operation
	for i := range 40 {
		h = append(h, put(i, "k", fmt.Sprint(i), 0, 100))
	}
	h = append(h, porcupine.Operation{ClientId: 40, Input: lab.KVInput{Op: 'g', Key: "k"}, Output: lab.KVOutput{Value: "none"}, Call: 0, Return: math.MaxInt64})
	start := time.Now()
	if got := porcupine.CheckOperationsTimeout(lab.KVModel, h, 50*time.Millisecond); got != porcupine.Unknown {
		t.Errorf("CheckOperationsTimeout = %v, want Unknown", got)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the 50 ms check took %v", d)
	}
	// With a verdict reachable, a long timeout gives it.
	if got := porcupine.CheckOperationsTimeout(lab.KVModel, h[:3], time.Minute); got != porcupine.Ok {
		t.Errorf("3 concurrent puts: %v, want Ok", got)
	}
}
