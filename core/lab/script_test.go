package lab_test

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of testdata scripts")

// TestScripts runs every testdata/*.txt script on a fresh lab. A script's
// first comment line may set options: "# lab: members=5 seed=7 prevote=false".
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			steps, err := lab.ParseScript(string(b))
			require.NoError(t, err)
			l := lab.New(scriptOptions(t, steps))
			for i, s := range steps {
				got := lab.Transcript(l.Exec(s.Input()))
				if *rewrite {
					steps[i].Expected = got
					continue
				}
				require.Equal(t, s.Expected, got, "%s:%d: $ %s", f, s.Line, s.Command)
			}
			require.NoError(t, l.Err())
			if *rewrite {
				require.NoError(t, os.WriteFile(f, []byte(lab.FormatScript(steps)), 0o644))
			}
		})
	}
}

func scriptOptions(t *testing.T, steps []lab.Step) lab.Options {
	o := lab.Options{}
	if len(steps) == 0 || len(steps[0].Comment) == 0 {
		return o
	}
	first, ok := strings.CutPrefix(steps[0].Comment[0], "lab:")
	if !ok {
		return o
	}
	for _, kv := range strings.Fields(first) {
		k, v, _ := strings.Cut(kv, "=")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "members":
			o.Members = int(n)
		case "seed":
			o.Seed = n
		case "prevote":
			o.DisablePreVote = v == "false"
		case "checkquorum":
			o.DisableCheckQuorum = v == "false"
		case "snapshot-count":
			o.SnapshotCount = uint64(n)
		default:
			t.Fatalf("unknown lab option %q", k)
		}
	}
	return o
}
