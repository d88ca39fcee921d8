package ptrsort

import (
	"cmp"
	"math/rand"
	"slices"
	"sort"
	"testing"
)

type item struct {
	key, pos int
}

// TestSameOrderAsSort: ties (many equal keys) come out exactly as sort.Sort,
// sort.Slice and slices.SortFunc order them, and as sort.SliceStable for
// StableFunc.
func TestSameOrderAsSort(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	byKey := func(a, b *item) int { return a.key - b.key }
	for n := range 300 {
		for _, keys := range []int{1, 3, n/4 + 1, n + 1} {
			in := make([]item, n)
			for i := range in {
				in[i] = item{r.Intn(keys), i}
			}
			want := slices.Clone(in)
			sort.Slice(want, func(i, j int) bool { return want[i].key < want[j].key })
			want1 := slices.Clone(in)
			sort.Sort(byKeys(want1))
			if !slices.Equal(want1, want) {
				t.Fatalf("n=%d keys=%d: sort.Sort %v, sort.Slice %v", n, keys, want1, want)
			}
			want2 := slices.Clone(in)
			slices.SortFunc(want2, func(a, b item) int { return a.key - b.key })
			got := slices.Clone(in)
			Func(got, byKey)
			if !slices.Equal(got, want) || !slices.Equal(got, want2) {
				t.Fatalf("n=%d keys=%d: Func %v, sort.Slice %v, slices.SortFunc %v", n, keys, got, want, want2)
			}
			want = slices.Clone(in)
			sort.SliceStable(want, func(i, j int) bool { return want[i].key < want[j].key })
			got = slices.Clone(in)
			StableFunc(got, byKey)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d keys=%d: StableFunc %v, sort.SliceStable %v", n, keys, got, want)
			}
		}
	}
}

type byKeys []item

func (s byKeys) Len() int           { return len(s) }
func (s byKeys) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }
func (s byKeys) Less(i, j int) bool { return s[i].key < s[j].key }

func TestStringsAsSlicesSort(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for n := range 200 {
		in := make([]string, n)
		for i := range in {
			in[i] = string(rune('a'+r.Intn(4))) + string(rune('a' + r.Intn(3)))[:r.Intn(2)]
		}
		want := slices.Clone(in)
		slices.Sort(want)
		Strings(in)
		if !slices.Equal(in, want) {
			t.Fatalf("Strings %q, slices.Sort %q", in, want)
		}
	}
}

func TestUint64sAsSlicesSort(t *testing.T) {
	asSlicesSort(t, 3, Uint64s, func(r *rand.Rand) uint64 { return r.Uint64() >> (r.Intn(4) * 20) })
}

func TestIntsAsSlicesSort(t *testing.T) {
	asSlicesSort(t, 4, Ints, func(r *rand.Rand) int { return r.Intn(1<<(r.Intn(4)*20+1)) - r.Intn(3)<<40 })
}

// asSlicesSort checks that sort sorts as slices.Sort random slices of
// values from next, a third of them repeated.
func asSlicesSort[E cmp.Ordered](t *testing.T, seed int64, sort func([]E), next func(*rand.Rand) E) {
	r := rand.New(rand.NewSource(seed))
	for n := range 200 {
		in := make([]E, n)
		for i := range in {
			in[i] = next(r)
			if r.Intn(3) == 0 && i > 0 {
				in[i] = in[i-1]
			}
		}
		want := slices.Clone(in)
		slices.Sort(want)
		sort(in)
		if !slices.Equal(in, want) {
			t.Fatalf("%v, slices.Sort %v", in, want)
		}
	}
}
