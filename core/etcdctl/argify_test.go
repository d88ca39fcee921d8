package etcdctl

import (
	"math/rand"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// argifySplit must find exactly what etcdctl's regular expression finds.
func TestArgifySplitMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?`)
	alphabet := []byte("ab \"'\\\t\n=<>()x1\xc3\xa9\x00")
	rng := rand.New(rand.NewSource(1))
	cases := []string{``, `put "a b" 'c d'`, `"unterminated`, `'x`, `mod("key") > "0"`, `"a\"b" c`, `"a\` + "\n" + `b"`, `a"b"c`}
	for i := 0; i < 20000; i++ {
		n := rng.Intn(12)
		b := make([]byte, n)
		for j := range b {
			b[j] = alphabet[rng.Intn(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		want := re.FindAllString(s, -1)
		got := argifySplit(s)
		if len(want) == 0 {
			want = nil
		}
		require.Equal(t, want, got, "%q", s)
	}
}
