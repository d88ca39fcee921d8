package etcdctl

import (
	"fmt"
	"testing"

	"github.com/spf13/pflag"

	"github.com/raftlab/raftlab/core/csvflag"
	"github.com/stretchr/testify/require"
)

// TestSliceValue: --endpoints parses, appends, prints and resets exactly as
// pflag's StringSliceVar, CSV quoting and its errors included.
func TestSliceValue(t *testing.T) {
	def := []string{"127.0.0.1:2379"}
	inputs := []string{"", "a", "a,b", "a,,b", ",", " a, b ", `"a,b",c`, `"a`, `a"b`, "a\nb", "a\r\nb", "a\rb", `"a""b"`, "node-1,node-2,node-3"}
	for _, first := range inputs {
		for _, second := range append([]string{"-"}, inputs...) {
			var want, got []string
			fs := pflag.NewFlagSet("", pflag.ContinueOnError)
			fs.StringSliceVar(&want, "endpoints", def, "")
			ref := fs.Lookup("endpoints").Value
			v := csvflag.New(&got, def)
			require.Equal(t, ref.String(), v.String())
			require.Equal(t, ref.Type(), v.Type())
			for _, in := range []string{first, second} {
				if in == "-" {
					continue
				}
				werr, gerr := ref.Set(in), v.Set(in)
				require.Equal(t, fmt.Sprint(werr), fmt.Sprint(gerr), "%q", in)
				require.Equal(t, want, got, "%q then %q", first, second)
				require.Equal(t, ref.String(), v.String())
			}
			v.Reset()
			require.Equal(t, def, got)
			require.NoError(t, v.Set("x"))
			require.Equal(t, []string{"x"}, got, "a reset value replaces again")
		}
	}
}
