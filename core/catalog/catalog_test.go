package catalog

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// problems lists every key that lacks a language, whose languages have
// different {fields}, or whose Korean uses a word the glossary rejects.
func problems(msgs map[string]Message) []string {
	var out []string
	for key, m := range msgs {
		for _, l := range Langs {
			if strings.TrimSpace(m.in(l)) == "" {
				out = append(out, key+": no "+l.Code()+" text")
			}
		}
		en, ko := Fields(m.EN), Fields(m.KO)
		slices.Sort(en)
		slices.Sort(ko)
		if !slices.Equal(en, ko) {
			out = append(out, key+": fields differ between languages")
		}
		for _, bad := range []string{"러너", "Heartbeat를"} {
			if strings.Contains(m.KO, bad) {
				out = append(out, key+": Korean uses "+bad+" (glossary: learner, 하트비트)")
			}
		}
	}
	slices.Sort(out)
	return out
}

// Every key has a text in every language, with the same {fields}.
func TestEveryKeyHasEveryLanguage(t *testing.T) {
	if len(messages) < 100 {
		t.Fatalf("catalog has %d keys; the labels were not merged", len(messages))
	}
	for _, p := range problems(messages) {
		t.Error(p)
	}
}

// The check catches a key without Korean, with a lost field, or with a
// rejected word; a missing Korean text falls back to English at run time.
func TestMissingLanguageIsCaught(t *testing.T) {
	bad := map[string]Message{
		"a": {EN: "only English"},
		"b": {EN: "{member} left", KO: "떠났습니다"},
		"c": {EN: "learner", KO: "러너"},
		"d": {EN: "fine {x}", KO: "좋음 {x}"},
	}
	got := problems(bad)
	want := []string{"a: no ko text", "b: fields differ between languages", "c: Korean uses 러너 (glossary: learner, 하트비트)"}
	if !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
	messages["test.only-english"] = Message{EN: "only English"}
	defer delete(messages, "test.only-english")
	if got := Korean.Text("test.only-english"); got != "only English" {
		t.Errorf("a missing Korean text falls back to English, got %q", got)
	}
	if Korean.Has("test.only-english") || !English.Has("test.only-english") || English.Has("no such key") {
		t.Error("Has: a key has its own text in English only")
	}
}

func TestFormat(t *testing.T) {
	got := Korean.Format("ev.leader", "member", "node-2", "term", "7")
	if got != "node-2 가 과반수(쿼럼) 표를 얻어 term 7 의 리더가 되었습니다" {
		t.Errorf("Korean: %q", got)
	}
	got = English.Format("ev.follow", "member", "node-1", "peer", "node-3", "term", "2")
	if got != "node-1 follows node-3 in term 2" {
		t.Errorf("English: %q", got)
	}
	if got := Fill("{a} and {b}", "a", "x"); got != "x and {b}" {
		t.Errorf("a field without a value stays: %q", got)
	}
	if got := Fill("{a", "a", "x"); got != "{a" {
		t.Errorf("an unclosed brace stays: %q", got)
	}
	if got := English.Text("no such key"); got != "no such key" {
		t.Errorf("unknown key: %q", got)
	}
	if ParseLang("ko-KR") != Korean || ParseLang("en") != English || Korean.Code() != "ko" {
		t.Error("language codes")
	}
}

// TestBundleRoundTrip: the catalog.json the site serves (Bundle) gives the
// same catalog back (UseBundle); a bundle with an empty English text, or not
// JSON, is refused and leaves the catalog as it was.
func TestBundleRoundTrip(t *testing.T) {
	before := messages
	defer func() { messages = before }()
	b, err := Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if err := UseBundle(b); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(messages, before) || len(messages) < 100 {
		t.Fatalf("round trip: %d keys, want the %d of the catalog", len(messages), len(before))
	}
	for _, bad := range []string{`{"k": {"en": "", "ko": "x"}}`, `[1]`, `{`} {
		if err := UseBundle([]byte(bad)); err == nil {
			t.Errorf("UseBundle(%s) accepted", bad)
		}
		if !maps.Equal(messages, before) {
			t.Fatalf("UseBundle(%s) changed the catalog", bad)
		}
	}
}
