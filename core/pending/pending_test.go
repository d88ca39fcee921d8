package pending

import (
	"slices"
	"testing"
)

// TestQueue: Take hands out what was added since the last Take, in order;
// past Max the oldest go, a quarter at a time, counted with Drop's.
func TestQueue(t *testing.T) {
	q := Queue[int]{Max: 8}
	if items, dropped := q.Take(); len(items) != 0 || dropped != 0 {
		t.Fatalf("empty: %v %d", items, dropped)
	}
	for i := range 5 {
		q.Add(&i)
	}
	items, dropped := q.Take()
	if !slices.Equal(items, []int{0, 1, 2, 3, 4}) || dropped != 0 {
		t.Fatalf("first take: %v %d", items, dropped)
	}
	kept := slices.Clone(items)
	for i := 10; i < 21; i++ { // 11 items into 8: two quarters (2 each) go
		q.Add(&i)
	}
	q.Drop(3)
	if !slices.Equal(items, kept) {
		t.Fatalf("a taken slice changed while the queue filled: %v", items)
	}
	items, dropped = q.Take()
	if !slices.Equal(items, []int{14, 15, 16, 17, 18, 19, 20}) || dropped != 4+3 {
		t.Fatalf("second take: %v %d", items, dropped)
	}
	if items, dropped = q.Take(); len(items) != 0 || dropped != 0 {
		t.Fatalf("nothing since: %v %d", items, dropped)
	}
}
