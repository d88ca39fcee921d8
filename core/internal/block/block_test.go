package block

import "testing"

// Every value New returns is new and zero, although it comes from an
// array of n: none is handed out twice, and writing one touches no other.
func TestNewIsNewAndZero(t *testing.T) {
	var b Of[[2]int]
	seen := map[*[2]int]bool{}
	for i := range 50 {
		v := b.New(16)
		if seen[v] {
			t.Fatalf("value %d handed out twice", i)
		}
		if *v != [2]int{} {
			t.Fatalf("value %d not zero: %v", i, *v)
		}
		seen[v] = true
		v[0], v[1] = i, -i
	}
	for v := range seen {
		if v[0] != -v[1] {
			t.Fatalf("a value was written by another's owner: %v", *v)
		}
	}
}

// New allocates once per n values.
func TestNewAllocatesOncePerN(t *testing.T) {
	var b Of[[4]int64]
	b.New(8) // the first array
	allocs := testing.AllocsPerRun(10, func() {
		for range 8 {
			b.New(8)
		}
	})
	if allocs != 1 {
		t.Fatalf("%v allocations per 8 values, want 1", allocs)
	}
}
