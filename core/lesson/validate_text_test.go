package lesson

import "testing"

// TestValidateText pins Validate's whole message for a lesson wrong in
// every way it reports (the learner-facing lessons must load; authors read
// this text).
func TestValidateText(t *testing.T) {
	ls := &Lesson{Title: Text{"en": "t"}, Intro: []Page{{Text: Text{"ko": "i"}}},
		Steps: []Step{{Goal: txt("g"), Hints: []Hint{{}},
			Solution: Lines{{Console: "# c"}, {Console: "nope"}, {Comment: Text{}}},
			Checks:   []Check{{ID: "", Kind: "vibes", Label: txt("l")}, {ID: "b", Kind: KindKeys, Never: true, After: "zz", With: []string{"b", "q"}}}},
			{Goal: txt("g"), Explain: txt("e"), Source: "s"}}}
	got := ""
	if err := ls.Validate(); err != nil {
		got = err.Error()
	}
	const want = `lesson : no id; title: no ko text; intro 1: no en text; tests need an alternative way and a wrong action; step 1 explain: no en text; step 1 explain: no ko text; step 1: no source; step 1 hint 1: no en text; step 1 hint 1: no ko text; step 1: solution line "# c": a comment is an object with every language; step 1: solution line "nope" is neither '$ command', '< input' nor a comment; step 1 solution line 3 comment: no en text; step 1 solution line 3 comment: no ko text; step 1 check 1 (): missing or repeated id; step 1 check 1 (): unknown kind "vibes"; step 1 check 2 (b) label: no en text; step 1 check 2 (b) label: no ko text; step 1 check b: refers to unknown check "zz"; step 1 check b: refers to unknown check "q"; step 2: no hints; step 2: no solution; step 2: no positive check`
	if got != want {
		t.Errorf("Validate:\n got %s\nwant %s", got, want)
	}
}
