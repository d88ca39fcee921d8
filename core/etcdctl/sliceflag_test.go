package etcdctl

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// csvInputs are flag values for TestSliceFlagsReadCSV: quotes, commas,
// line ends and spaces in every arrangement.
var csvInputs = func() []string {
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

// csvSlice is pflag v1.0.5's string slice flag as upstream writes it, with
// encoding/csv: the reference for raftlab's copy, which reads and writes
// the record by hand (third_party/pflag/csv.go).
type csvSlice struct {
	value   *[]string
	changed bool
}

func (s *csvSlice) Set(val string) error {
	v := []string{}
	if val != "" {
		var err error
		if v, err = csv.NewReader(strings.NewReader(val)).Read(); err != nil {
			return err
		}
	}
	if !s.changed {
		*s.value = v
	} else {
		*s.value = append(*s.value, v...)
	}
	s.changed = true
	return nil
}

func (s *csvSlice) String() string {
	b := &bytes.Buffer{}
	w := csv.NewWriter(b)
	_ = w.Write(*s.value)
	w.Flush()
	return "[" + strings.TrimSuffix(b.String(), "\n") + "]"
}

// TestSliceFlagsReadCSV: etcdctl's --endpoints (pflag's StringSliceVar)
// reads, appends, prints and fails as upstream pflag with encoding/csv does,
// on every input and on runs of three; Reset (etcdctl's reused tree) puts
// the default back, and the next Set replaces it.
func TestSliceFlagsReadCSV(t *testing.T) {
	def := []string{"127.0.0.1:2379"}
	r := rand.New(rand.NewSource(4))
	for k := range 40000 {
		var want, got []string
		ref := &csvSlice{value: &want}
		want = def
		fs := pflag.NewFlagSet("", pflag.ContinueOnError)
		fs.StringSliceVar(&got, "endpoints", def, "")
		v := fs.Lookup("endpoints").Value
		if ref.String() != v.String() || v.Type() != "stringSlice" {
			t.Fatalf("String/Type %q %q; upstream %q", v.String(), v.Type(), ref.String())
		}
		ins := []string{csvInputs[k%len(csvInputs)]}
		for range 2 {
			ins = append(ins, csvInputs[r.Intn(len(csvInputs))])
		}
		for _, in := range ins {
			werr, gerr := ref.Set(in), v.Set(in)
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || !slices.Equal(want, got) || ref.String() != v.String() {
				t.Fatalf("Set(%q): %q %v %s; upstream: %q %v %s", in, got, gerr, v.String(), want, werr, ref.String())
			}
		}
		v.(interface{ Reset() }).Reset()
		if !slices.Equal(got, def) {
			t.Fatalf("Reset: %q", got)
		}
		if v.Set("x"); !slices.Equal(got, []string{"x"}) {
			t.Fatalf("a reset value replaces again: %q", got)
		}
	}
	var none []string
	fs := pflag.NewFlagSet("", pflag.ContinueOnError)
	fs.StringSliceVar(&none, "v", nil, "")
	if got := fs.Lookup("v").Value.String(); got != "[]" || none != nil {
		t.Fatalf("nil default: %q %q", got, none)
	}
}
