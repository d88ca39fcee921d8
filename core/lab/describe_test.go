package lab_test

import (
	"testing"

	"github.com/raftlab/raftlab/core/lab"
)

// TestDescribeOperation pins KVModel's text for each kind of operation
// (porcupine prints it for a history that is not linearizable).
func TestDescribeOperation(t *testing.T) {
	for _, c := range []struct {
		in   lab.KVInput
		out  lab.KVOutput
		want string
	}{
		{lab.KVInput{Op: 'p', Key: "k", Value: "v"}, lab.KVOutput{}, "put(k, v) -> ok"},
		{lab.KVInput{Op: 'g', Key: "k"}, lab.KVOutput{Value: "a\"b"}, `get(k) -> "a\"b"`},
		{lab.KVInput{Op: 'd', Key: "k"}, lab.KVOutput{Deleted: 1}, "del(k) -> 1"},
		{lab.KVInput{Op: 'n', Key: "k", Value: "v"}, lab.KVOutput{Succeeded: true}, "create(k, v) -> true"},
		{lab.KVInput{Op: 'c', Key: "k", Expect: "x", Value: "y"}, lab.KVOutput{}, "cas(k, x→y) -> false"},
		{lab.KVInput{Op: 'g', Key: "k"}, lab.KVOutput{Unknown: true}, "get(k) -> ?"},
	} {
		if got := lab.KVModel.DescribeOperation(c.in, c.out); got != c.want {
			t.Errorf("DescribeOperation(%+v, %+v) = %q, want %q", c.in, c.out, got, c.want)
		}
	}
}
