package posixre

import (
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Go's regexp (RE2 syntax, leftmost-first) is the reference for every
// pattern both syntaxes read alike: the console's sed and grep used it.

var ereCases = []string{
	"a", "ab", "a|b", "a*", "a+", "a?", "(a)", "(a|ab)(c|bcd)(d*)", "a*b", "(a*)*", "(a*)+b",
	"(a|b)*c", "^a", "a$", "^$", "^", "$", "^a*$", "a{2}", "a{2,}", "a{1,3}", "(ab){1,2}b",
	"[ab]", "[^ab]", "[a-c]+", "[-a]", "[a-]", "[]a]", "[^]a]", ".", ".*", "a.b", "(.*)-(.*)",
	`\.`, `\-`, `a\|b`, `\w+`, `\W`, `\s`, `\S+`, `\d`, `\D+`, `\bab`, `b\b`, `\Ba`,
	"[[:alpha:]]+", "[[:digit:]_]", "[[:space:]]", "[[:upper:][:lower:]]+", "[[:punct:]]",
	"(a|)+", "(|a)+", "()", "(a?)*b", "x*", "(a+|b+)*c", "a{0}", "a{0,1}b", "(a{2})*",
	"--data-dir /var/lib/etcd ", "path: /var/lib/etcd$", "cert|key|trusted|data-dir",
}

var inputs = func() []string {
	in := []string{"", "a", "b", "ab", "aab", "abab", "abc", "abcd", "aaa", "a-b", "a.b", "a b",
		"x ab_1 -", "A1a", "ABC", "  \t", "cab", "bbc", "abcbcd", "a\tb", "-a-", "]a",
		"  - --data-dir /var/lib/etcd \\", "      path: /var/lib/etcd", "path: /var/lib/etcd-2",
		"--cert-file=/etc/etcd/server.crt", "한국어 ab 글", "a\xffb"}
	r := rand.New(rand.NewSource(1))
	for range 300 {
		var b strings.Builder
		for range r.Intn(9) {
			b.WriteByte("ab-_. cA1"[r.Intn(9)])
		}
		in = append(in, b.String())
	}
	return in
}()

func check(t *testing.T, pattern string, ere, fold bool, ref *regexp.Regexp) {
	t.Helper()
	re, err := Compile(pattern, ere, fold)
	if err != nil {
		t.Errorf("Compile(%q, ere %v): %v", pattern, ere, err)
		return
	}
	if re.NumSubexp() != ref.NumSubexp() {
		t.Errorf("%q: %d groups, want %d", pattern, re.NumSubexp(), ref.NumSubexp())
	}
	for _, s := range inputs {
		for from := 0; from <= len(s); from++ {
			want := ref.FindStringSubmatchIndex(s[from:])
			if want != nil { // regexp on s[from:] sees no context: only compare from 0, or unanchored patterns
				for i := range want {
					if want[i] >= 0 {
						want[i] += from
					}
				}
			}
			if from > 0 && strings.ContainsAny(pattern, `^\`) {
				continue
			}
			if got := re.FindSubmatchIndex(s, from); !slices.Equal(got, want) {
				t.Errorf("%q (ere %v fold %v) on %q from %d: %v, want %v", pattern, ere, fold, s, from, got, want)
			}
		}
		want := ref.ReplaceAllStringFunc(s, func(m string) string { return "<" + m + ">" })
		got := re.ReplaceAll(s, true, func(sub []int) (string, bool) { return "<" + s[sub[0]:sub[1]] + ">", true })
		if got != want {
			t.Errorf("%q: ReplaceAll(%q) = %q, want %q", pattern, s, got, want)
		}
	}
}

func TestERE(t *testing.T) {
	for _, p := range ereCases {
		check(t, p, true, false, regexp.MustCompile(p))
	}
}

func TestFold(t *testing.T) {
	for _, p := range []string{"a", "ab+", "[a-c]+", "[^a]", "A|b", "k", "[[:lower:]]+"} {
		check(t, p, true, true, regexp.MustCompile("(?i)"+p))
	}
}

// bre is the old console's translation of a BRE into Go's syntax.
func bre(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		ch := p[i]
		if ch == '\\' && i+1 < len(p) {
			n := p[i+1]
			i++
			if strings.IndexByte("(){}+?|", n) >= 0 {
				b.WriteByte(n)
			} else {
				b.WriteByte('\\')
				b.WriteByte(n)
			}
			continue
		}
		if strings.IndexByte("(){}+?|", ch) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(ch)
	}
	return b.String()
}

func TestBRE(t *testing.T) {
	for _, p := range []string{"a", `\(a\)`, `\(a*\)b`, `a\{2\}`, `a\{1,\}`, `a\+`, `a\?b`, `a\|b`,
		"(a)", "a+", "a?", "a{2}", "a|b", `\(a\|ab\)\(c\|bcd\)`, "^a.*$", `[ab]*\(b\)`,
		"--snapshot-count=10000", "/var/lib/etcd$", `\(--[a-z-]*\)=\(.*\)`} {
		check(t, p, false, false, regexp.MustCompile(bre(p)))
	}
}

// GNU's readings where Go's regexp errors or differs.
func TestGNU(t *testing.T) {
	for _, c := range []struct {
		pattern string
		ere     bool
		in      string
		want    []int // nil: no match
	}{
		{"*a", false, "x*a", []int{1, 3}},          // a leading '*' is literal
		{`\(*a\)`, false, "*a", []int{0, 2, 0, 2}}, // also after \(
		{"^*", false, "*", []int{0, 1}},            // and after ^
		{"*a", true, "*a", []int{0, 2}},
		{"a^b", false, "a^b", []int{0, 3}}, // BRE: ^ not first is literal
		{"a$b", false, "a$b", []int{0, 3}}, // $ not last is literal
		{"a**", true, "aa", []int{0, 2}},   // nested repetition
		{`[\.]`, true, `\`, []int{0, 1}},   // backslash is literal in brackets
		{`\<ab`, true, "cab ab", []int{4, 6}},
		{`ab\>`, true, "abc ab", []int{4, 6}},
		{"a{,2}", true, "a{,2}", []int{0, 5}}, // not an interval: literal
		{"x{", true, "x{", []int{0, 2}},
	} {
		re, err := Compile(c.pattern, c.ere, false)
		if err != nil {
			t.Errorf("%q: %v", c.pattern, err)
			continue
		}
		if got := re.FindSubmatchIndex(c.in, 0); !slices.Equal(got, c.want) {
			t.Errorf("%q (ere %v) on %q: %v, want %v", c.pattern, c.ere, c.in, got, c.want)
		}
	}
}

func TestInvalid(t *testing.T) {
	for _, c := range []struct {
		pattern string
		ere     bool
	}{
		{"(a", true}, {"a)", true}, {`\(a`, false}, {`a\)`, false}, {"[a", true}, {"[b-a]", true},
		{`a\{2`, false}, {`a\{3,2\}`, false}, {`\1`, false}, {`a\`, true}, {"[[:nope:]]", true},
		{"a{1001}", true}, {"((a{1000}){1000}){1000}", true}, {`\}`, false},
	} {
		if _, err := Compile(c.pattern, c.ere, false); err == nil {
			t.Errorf("Compile(%q, ere %v) succeeded", c.pattern, c.ere)
		}
	}
}

// A pattern that makes a backtracker take exponential time is linear here.
func TestNoBlowUp(t *testing.T) {
	re, err := Compile("(a*)*(a*)*(a*)*b", true, false)
	if err != nil {
		t.Fatal(err)
	}
	if re.MatchString(strings.Repeat("a", 20000)) {
		t.Fatal("matched without b")
	}
}

func TestReplaceFirst(t *testing.T) {
	re, _ := Compile("a", true, false)
	if got := re.ReplaceAll("banana", false, func([]int) (string, bool) { return "o", true }); got != "bonana" {
		t.Fatalf("got %q", got)
	}
}

// A replacement that answers false ends the search: the rest of the input
// is kept as it is and no further match is looked for (sed stops there once
// its output passes its bound).
func TestReplaceAllStops(t *testing.T) {
	re, _ := Compile("a", true, false)
	calls := 0
	got := re.ReplaceAll("banana", true, func([]int) (string, bool) {
		calls++
		return "o", calls < 2
	})
	if got != "bonona" || calls != 2 {
		t.Fatalf("got %q after %d calls, want bonona after 2", got, calls)
	}
}

// FuzzMatch: any pattern and input compile or fail cleanly, and a match's
// indexes lie in order inside the input.
func FuzzMatch(f *testing.F) {
	for _, p := range append(ereCases, `\(a*\)*b\{2,3\}`, "[[:alpha:]-z]", `x\|\(y`) {
		f.Add(p, "aab-ab c", true, false)
		f.Add(p, "A1 b", false, true)
	}
	f.Fuzz(func(t *testing.T, pattern, s string, ere, fold bool) {
		if len(pattern) > 200 || len(s) > 1000 {
			return
		}
		re, err := Compile(pattern, ere, fold)
		if err != nil {
			return
		}
		m := re.FindSubmatchIndex(s, 0)
		if m == nil {
			return
		}
		if len(m) != 2*(re.NumSubexp()+1) || m[0] < 0 || m[0] > m[1] || m[1] > len(s) {
			t.Fatalf("%q on %q: %v", pattern, s, m)
		}
		for k := 2; k < len(m); k += 2 {
			if (m[k] < 0) != (m[k+1] < 0) || m[k] > m[k+1] || m[k+1] > len(s) {
				t.Fatalf("%q on %q: group %d %v", pattern, s, k/2, m)
			}
		}
		re.ReplaceAll(s, true, func([]int) (string, bool) { return "x", true })
	})
}
