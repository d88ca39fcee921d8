package etcdctl

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzRun: no argument list or stdin makes Run panic (a panic of etcdctl
// itself is reported as "panic: ..." with exit 2, never escapes Run).
func FuzzRun(f *testing.F) {
	for _, s := range []string{
		"put foo bar", "get --prefix ''", "txn", "txn -i", "watch --rev 1 w", "lease keep-alive 1",
		"member add x --peer-urls=http://a:1", "endpoint status -w table --cluster", "get -w fields --hex foo",
		"put 'a", "del --from-key ''", "lease keep-alive 694d7e0000000001", "snapshot status x.db", "help get", "--help",
	} {
		f.Add(s, "value(\"a\") = \"b\"\n\nput a b\n\n")
	}
	f.Fuzz(func(t *testing.T, args, stdin string) {
		if dir := os.Getenv("RAFTLAB_FUZZ_SLOW"); dir != "" {
			// Debugging aid: record inputs that take long in real time.
			tm := time.AfterFunc(2*time.Second, func() {
				_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("slow-%d", time.Now().UnixNano())), []byte(fmt.Sprintf("%q\n%q\n", args, stdin)), 0o644)
			})
			defer tm.Stop()
		}
		fc := newFakeCluster(2)
		fc.files["x.db"] = []byte("snapshot")
		// A keep-alive never ends by itself: interrupt it after a minute
		// of the fake's time (it used to loop forever, stalling the fuzzer).
		fc.limit = fc.now + time.Minute
		run := func(f func(Client, []string, []string, string, io.Writer, io.Writer) int) {
			defer func() {
				if v := recover(); v != nil {
					if _, ok := v.(interrupted); !ok {
						panic(v)
					}
				}
			}()
			f(fc, strings.Fields(args), nil, stdin, io.Discard, io.Discard)
		}
		run(Run)
		fc.limit = fc.now + time.Minute
		run(RunEtcdutl)
	})
}
