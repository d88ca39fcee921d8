package columns

import (
	"strings"
	"testing"
	"text/tabwriter"
	"unicode/utf8"
)

var cases = []string{
	"", "a", "a\n", "NAME\tSTATUS\tAGE\nnode-1\tReady\t5s\ncp-10\tNotReady\t<unknown>\n",
	"a\tb\tc\nlonger\tx\n\tyy\tzzz\tw\n", "one\nNAME\tX\nn\tv\n", "a\tb\fc\td\nee\tf\n", "a\vb\tc\nd\ve\tf\n",
	"é\tü\nab\tc\n", "a\t\t\nb\t\t\n", "x\ty", "a\tb\n\nc\td\n", "日本語\tx\n1\t2\n",
	"CONTAINER\tIMAGE\tCREATED\tSTATE\tNAME\tATTEMPT\tPOD ID\tPOD\n0123456789abc\tetcd:3.5\t5 seconds ago\tRunning\tetcd\t0\tabc\tetcd-cp-1\n",
	"      --cacert=\"\"\t\tverify certificates of TLS-enabled secure servers using this CA bundle\n  -h, --help[=false]\t\thelp for get\n",
}

// The settings raftlab uses: kubectl's, crictl's, etcdctl's usage; and
// tabs without a tab width.
var settings = []struct {
	minwidth, tabwidth, padding int
	padchar                     byte
}{{0, 8, 3, ' '}, {20, 1, 3, ' '}, {0, 8, 1, '\t'}, {0, 0, 1, '\t'}, {3, 4, 0, '\t'}}

func check(t *testing.T, text string) {
	for _, p := range settings {
		var want, got strings.Builder
		tw := tabwriter.NewWriter(&want, p.minwidth, p.tabwidth, p.padding, p.padchar, 0)
		tw.Write([]byte(text))
		tw.Flush()
		c := New(&got, p.minwidth, p.tabwidth, p.padding, p.padchar)
		c.Write([]byte(text))
		c.Flush()
		if got.String() != want.String() {
			t.Errorf("%q (%+v): got %q, tabwriter %q", text, p, got.String(), want.String())
		}
	}
}

// Writer writes what text/tabwriter writes, for valid UTF-8 (the only text
// raftlab's tables hold). go test runs the cases; make test-fuzz more.
func FuzzIsTabwriter(f *testing.F) {
	for _, s := range cases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if utf8.ValidString(s) {
			check(t, s)
		}
	})
}
