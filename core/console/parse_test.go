package console

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/stretchr/testify/require"
)

func TestParseLine(t *testing.T) {
	for _, c := range []struct {
		in    string
		words []string
		bg    bool
		err   string
	}{
		{in: "etcdctl put k v", words: []string{"etcdctl", "put", "k", "v"}},
		{in: "etcdctl watch k &", words: []string{"etcdctl", "watch", "k"}, bg: true},
		{in: "etcdctl watch k&", words: []string{"etcdctl", "watch", "k"}, bg: true},
		{in: "etcdctl watch k & # comment", words: []string{"etcdctl", "watch", "k"}, bg: true},
		{in: "etcdctl put k '&'", words: []string{"etcdctl", "put", "k", "&"}},
		{in: `etcdctl put k "&"`, words: []string{"etcdctl", "put", "k", "&"}},
		{in: `etcdctl put k \&`, words: []string{"etcdctl", "put", "k", "&"}},
		{in: "etcdctl put k '&' &", words: []string{"etcdctl", "put", "k", "&"}, bg: true},
		{in: "etcdctl put 'a&b' x", words: []string{"etcdctl", "put", "a&b", "x"}},
		{in: "&", err: "syntax error near unexpected token `&'"},
		{in: "& ls", err: "syntax error near unexpected token `&'"},
		{in: "a && b", err: "only a trailing & is supported"},
		{in: "a & b", err: "only a trailing & is supported"},
		{in: "a & &", err: "only a trailing & is supported"},
		{in: "put 'x", err: "unterminated single quote"},
		{in: `put "x`, err: "unterminated double quote"},
		{in: "# only a comment"},
		{in: "a b\\", words: []string{"a", "b"}},
	} {
		ln, err := parseLine(c.in)
		if c.err != "" {
			require.ErrorContains(t, err, c.err, c.in)
			continue
		}
		require.NoError(t, err, c.in)
		require.Equal(t, c.words, ln.words, c.in)
		require.Equal(t, c.bg, ln.background, c.in)
	}
}

// The case: thousands of ampersands took seconds, and a 200 KB
// line hung. Parsing is one pass now; BenchmarkParseLine shows 16x the input
// costing about 16x the time. The test only guards against a hang: speed
// figures live in the benchmark, never in a timed unit test.
var parseInputs = func(n int) []string {
	return []string{strings.Repeat("& ", n), strings.Repeat("&", n), strings.Repeat("'&' ", n) + "&",
		strings.Repeat(`"a`, n), strings.Repeat("a ", n), strings.Repeat(`\`, n)}
}

func TestParseLineLarge(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, in := range parseInputs(200_000) {
			_, _ = parseLine(in)
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("parsing 400 KB lines did not finish within a minute")
	}
}

func BenchmarkParseLine(b *testing.B) {
	for _, n := range []int{12_500, 200_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			in := parseInputs(n)
			for b.Loop() {
				for _, s := range in {
					_, _ = parseLine(s)
				}
			}
		})
	}
}

func TestCheckInput(t *testing.T) {
	ln, err := parseLine("etcdctl put k " + strings.Repeat("v", MaxArg+1))
	require.NoError(t, err)
	require.ErrorContains(t, checkInput("", ln), "etcdctl: Argument list too long")
	require.ErrorContains(t, checkInput(strings.Repeat("x", MaxInput+1), cmdLine{}), "input too long")
	ln, _ = parseLine("etcdctl put k " + strings.Repeat("v", MaxArg))
	require.NoError(t, checkInput("", ln))
}

// FuzzParseLine: no input crashes the parser; what it splits, quoted back
// word by word, splits into the same words (so a job re-run from its
// label keeps its arguments, '&' included); a trailing & makes a job.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"etcdctl put k v", "a '&' &", `a "b c" \& d&`, "& & &", "'", `"\"`, "# c", "a&&b", "x\t&\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plain, ok := splitPlain(s, nil); ok {
			// The plain line's shortcut splits as the parser does.
			ln, err := parseQuoted(s, nil)
			require.NoError(t, err)
			require.Equal(t, ln, plain, "%q", s)
		}
		ln, err := parseLine(s)
		if err != nil {
			return
		}
		quoted := make([]string, len(ln.words))
		for i, w := range ln.words {
			quoted[i] = etcdconf.ShellQuote(w)
		}
		again, err := parseLine(strings.Join(quoted, " "))
		require.NoError(t, err, "%q -> %q", s, quoted)
		require.Equal(t, len(ln.words), len(again.words), "%q -> %q", s, quoted)
		for i := range ln.words {
			require.Equal(t, ln.words[i], again.words[i])
		}
		require.False(t, again.background)
		if len(ln.words) > 0 {
			bg, err := parseLine(strings.Join(quoted, " ") + " &")
			require.NoError(t, err)
			require.True(t, bg.background)
			require.Equal(t, len(ln.words), len(bg.words))
		}
	})
}

// isAssignment's one pass decides as the Cut at '=' and the check of the
// name's runes it replaced, for names of every byte and rune kind.
func TestIsAssignmentAsCut(t *testing.T) {
	cut := func(w string) bool {
		k, _, ok := strings.Cut(w, "=")
		if !ok || k == "" {
			return false
		}
		for i, r := range k {
			if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
				return false
			}
		}
		return true
	}
	parts := []string{"", "=", "a", "Z", "_", "0", "9", "-", " ", "é", "\xff", "ETCDCTL_API", "==", "x=1", "/"}
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				for _, d := range parts {
					w := a + b + c + d
					if got, want := isAssignment(w), cut(w); got != want {
						t.Fatalf("isAssignment(%q) = %v, want %v", w, got, want)
					}
				}
			}
		}
	}
	if !isAssignment("ETCDCTL_API=3") || isAssignment("etcdctl") {
		t.Fatal("the usual words")
	}
}

// splitPlain reads eight bytes at a time: every line of up to 18 bytes
// made of a plain word byte with one or two other bytes put anywhere
// (spaces, each special byte, bytes next to the flagged ranges' edges, a
// byte past 0x7f) splits as parseQuoted does, and is refused exactly
// when it holds a special byte other than a space.
func TestSplitPlainAsQuoted(t *testing.T) {
	odd := []byte{' ', '\t', '\r', '\\', '\'', '"', '#', '&', '(', '\'' + 1, ']', '[', 0, '\n', '!', 0x7f, 0x80, 0xdc, 0xff, 'a'}
	check := func(s string) {
		plain, ok := splitPlain(s, nil)
		special := strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && r < 0x80 && lineSpecial[r] })
		if ok == special {
			t.Fatalf("splitPlain(%q): ok %v", s, ok)
		}
		if !ok {
			return
		}
		ln, err := parseQuoted(s, nil)
		require.NoError(t, err)
		require.Equal(t, ln, plain, "%q", s)
		var buf [8]string
		inBuf, _ := splitPlain(s, buf[:])
		require.Equal(t, ln.words, inBuf.words, "%q in a buffer", s)
	}
	for n := 0; n <= 18; n++ {
		b := []byte(strings.Repeat("x", n))
		check(string(b))
		for i := 0; i < n; i++ {
			for _, c := range odd {
				b[i] = c
				check(string(b))
				for j := i + 1; j < n; j++ {
					for _, d := range []byte{' ', '(', ']', '\\', '&'} {
						b[j] = d
						check(string(b))
						b[j] = 'x'
					}
				}
			}
			b[i] = 'x'
		}
	}
}
