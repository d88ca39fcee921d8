package keys

import (
	"slices"
	"testing"
)

func TestSorted(t *testing.T) {
	got := Sorted(map[string]int{"b": 1, "a": 2, "c": 3, "": 4})
	if want := []string{"", "a", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf("Sorted = %q, want %q", got, want)
	}
	if ids := Sorted(map[uint64]bool{1 << 63: true, 7: false, 0: true}); !slices.Equal(ids, []uint64{0, 7, 1 << 63}) {
		t.Fatalf("Sorted = %v", ids)
	}
	if got := Sorted(map[string][]byte{}); got != nil {
		t.Fatalf("Sorted(empty) = %#v, want nil", got)
	}
}

func TestSortedEmptyAllocatesNothing(t *testing.T) {
	m := map[string]int{}
	if n := testing.AllocsPerRun(10, func() { Sorted(m) }); n != 0 {
		t.Fatalf("Sorted(empty) allocates %v times", n)
	}
}
