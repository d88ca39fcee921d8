package csvflag

import (
	"encoding/csv"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

var inputs = func() []string {
	in := []string{"", "a", "a,b", "a,,b", ",", " a, b ", `"a,b",c`, `"a`, `a"b`, "a\nb", "a\r\nb", "a\rb", `"a""b"`,
		"node-1,node-2,node-3", "\n", "\r", "\r\n", "\n\na", "\"a\nb\"", "\"a\nb", "\"a\r\nb\",c", "\"a\"b", "\"a\" ", `""`,
		`"",""`, "a,\"b\n\"\"c\",d", "\"\n", "a\n\"", `\.`, " x", "\ty", "é,\"ü\"", "\"a\"\r", "a\r", "\"\"\"", "\"a\n\nb\"x"}
	r := rand.New(rand.NewSource(3))
	alphabet := []string{"\"", ",", "\n", "\r", "a", "b", " ", "\t", "\\.", "é"}
	for range 30000 {
		var b strings.Builder
		for range r.Intn(10) {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		in = append(in, b.String())
	}
	return in
}()

// TestMatchesPflag: Set, String and Type give what pflag's StringSliceVar
// gives, appending and errors included, and ReadRecord what csv.Reader.Read
// gives, on every input and pair of inputs.
func TestMatchesPflag(t *testing.T) {
	for _, s := range inputs {
		want, werr := csv.NewReader(strings.NewReader(s)).Read()
		got, gerr := ReadRecord(s)
		if fmt.Sprint(werr) != fmt.Sprint(gerr) || werr == nil && !slices.Equal(want, got) {
			t.Fatalf("ReadRecord(%q) = %q, %v; csv: %q, %v", s, got, gerr, want, werr)
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		if werr == nil {
			w.Write(want)
			w.Flush()
			if ws := strings.TrimSuffix(b.String(), "\n"); ws != WriteRecord(want) {
				t.Fatalf("WriteRecord(%q) = %q; csv: %q", want, WriteRecord(want), ws)
			}
		}
	}
	def := []string{"127.0.0.1:2379"}
	r := rand.New(rand.NewSource(4))
	for k := 0; k < 5000; k++ {
		var want, got []string
		fs := pflag.NewFlagSet("", pflag.ContinueOnError)
		fs.StringSliceVar(&want, "v", def, "")
		ref := fs.Lookup("v").Value
		v := New(&got, def)
		if ref.String() != v.String() || ref.Type() != v.Type() {
			t.Fatalf("String/Type %q %q; pflag %q %q", v.String(), v.Type(), ref.String(), ref.Type())
		}
		for range 3 {
			in := inputs[r.Intn(len(inputs))]
			werr, gerr := ref.Set(in), v.Set(in)
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || !slices.Equal(want, got) || ref.String() != v.String() {
				t.Fatalf("Set(%q): %q %v %s; pflag: %q %v %s", in, got, gerr, v.String(), want, werr, ref.String())
			}
		}
		v.Reset()
		if !slices.Equal(got, def) {
			t.Fatalf("Reset: %q", got)
		}
		if v.Set("x"); !slices.Equal(got, []string{"x"}) {
			t.Fatalf("a reset value replaces again: %q", got)
		}
	}
	var none []string
	fs := pflag.NewFlagSet("", pflag.ContinueOnError)
	fs.StringSlice("v", nil, "")
	if got := New(&none, nil).String(); got != fs.Lookup("v").Value.String() || none != nil {
		t.Fatalf("nil default: %q", got)
	}
}
