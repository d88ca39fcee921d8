package web

import (
	"strconv"
	"testing"
)

// TestContinuation: a list continues another when only its oldest items are
// gone and new ones follow the rest; anything else is rewritten whole.
func TestContinuation(t *testing.T) {
	for _, c := range []struct {
		was, now   []uint64
		drop, keep int
		ok         bool
	}{
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3, 4}, 0, 3, true},     // appended
		{[]uint64{1, 2, 3}, []uint64{2, 3, 4, 5}, 1, 2, true},     // trimmed and appended
		{[]uint64{1, 2, 3}, []uint64{3}, 2, 1, true},              // trimmed only
		{[]uint64{1, 2, 3}, []uint64{1, 2}, 0, 0, false},          // newest gone (rewind)
		{[]uint64{1, 2, 3}, []uint64{1, 2, 9}, 0, 0, false},       // a line replaced (rewind, then new)
		{[]uint64{1, 2, 3}, []uint64{5, 6}, 0, 0, false},          // all gone
		{[]uint64{1, 2, 3}, nil, 0, 0, false},                     // cleared
		{nil, []uint64{1}, 0, 0, false},                           // from empty
		{[]uint64{1, 3, 5}, []uint64{1, 2, 3, 5, 6}, 0, 0, false}, // one inserted inside
	} {
		drop, keep, ok := continuation(c.was, c.now)
		if ok != c.ok || ok && (drop != c.drop || keep != c.keep) {
			t.Errorf("continuation(%v, %v) = %d, %d, %v; want %d, %d, %v", c.was, c.now, drop, keep, ok, c.drop, c.keep, c.ok)
		}
	}
}

// TestListIslandHTML: the list island's HTML is the whole list's, in page
// order, whatever it kept from before; items are rendered again in a new
// generation (another language) and a change of keys is a new version.
func TestListIslandHTML(t *testing.T) {
	var li listIsland
	li.newestFirst = true
	renders := 0
	set := func(gen string, keys ...uint64) {
		li.setList(strconv.Itoa(len(keys))+gen, gen, keys, func(i int) string {
			renders++
			return "<li>" + gen + strconv.FormatUint(keys[i], 10) + "</li>"
		}, "<li>none</li>", 0)
	}
	set("en", 1, 2, 3)
	if li.html != "<li>en3</li><li>en2</li><li>en1</li>" || renders != 3 {
		t.Fatalf("html %q after %d renders", li.html, renders)
	}
	v := li.ver
	set("en", 2, 3, 4)
	if li.html != "<li>en4</li><li>en3</li><li>en2</li>" || renders != 4 || li.ver == v {
		t.Fatalf("html %q after %d renders, version %v (was %v)", li.html, renders, li.ver, v)
	}
	set("ko", 2, 3, 4)
	if li.html != "<li>ko4</li><li>ko3</li><li>ko2</li>" || renders != 7 {
		t.Fatalf("html %q after %d renders", li.html, renders)
	}
	set("ko")
	if li.html != "<li>none</li>" {
		t.Fatalf("empty list: %q", li.html)
	}
}
