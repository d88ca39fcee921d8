package etcdctl

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

var scanInputs = func() []string {
	in := []string{"", " ", "\n", "\"", "\"\"", "\"a\"", " \"a\"", "\n\"a\"", "\r\n\"a\"", "\"a", "`a`", "`a", "a",
		`"a\"b"`, `"a\\"`, `"\x41\u00e9\n"`, `"\q"`, `"a\`, "\"a\nb\"", "\"\xff\"", "`\xff`", "\"한국\"",
		`"k") = "v"`, `"k")  =  "v"`, `"k") =`, `"k") = `, `"k")=`, `"k") = v`, `"k")`, `"k"`, `"k"]`,
		`"k") =` + "\n" + `"v"`, `"k")` + "\n= \"v\"", `"k") ` + "\u00a0" + `= "v"`, "`k`) > `v` tail",
		`"k") = "v" extra`, `"k") value "v"`, `"k") = "v`, `"k"` + "\r\n" + `) = "v"`, `"k") = ` + "\xff" + ` "v"`,
		"\"k\") \xff\xfe \"v\"", "\u3000\"k\") = \"v\"", "\"k\")\t=\t\"v\"", "\"k\") =\u2028\"v\"",
	}
	r := rand.New(rand.NewSource(7))
	alphabet := []string{"\"", "`", "\\", ")", " ", "\n", "\r", "=", "k", "v", "\u00a0", "\xff", "é", "x", "\t", "'"}
	for range 20000 {
		var b strings.Builder
		for range r.Intn(12) {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		in = append(in, b.String())
	}
	return in
}()

// TestFmtScanMatchesSscanf: sscanQuoted and sscanCompare give what
// fmt.Sscanf gives (values, count and error text) on every input.
func TestFmtScanMatchesSscanf(t *testing.T) {
	errText := func(err error) string {
		if err == nil {
			return "<nil>"
		}
		return err.Error()
	}
	for _, s := range scanInputs {
		want, got := "init", "init"
		_, werr := fmt.Sscanf(s, "%q", &want)
		gerr := sscanQuoted(s, &got)
		if got != want || errText(gerr) != errText(werr) {
			t.Errorf("%%q on %q: %q, %v; fmt.Sscanf: %q, %v", s, got, gerr, want, werr)
		}
		var wk, wo, wv, gk, go_, gv string
		wn, werr3 := fmt.Sscanf(s, "%q) %s %q", &wk, &wo, &wv)
		gn, gerr3 := sscanCompare(s, &gk, &go_, &gv)
		if wn != gn || wk != gk || wo != go_ || wv != gv || errText(werr3) != errText(gerr3) {
			t.Errorf("compare on %q: %d %q %q %q %v; fmt.Sscanf: %d %q %q %q %v", s, gn, gk, go_, gv, gerr3, wn, wk, wo, wv, werr3)
		}
	}
}
