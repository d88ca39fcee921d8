package etcdctl

import (
	"io"
	"strings"
	"testing"
)

// FuzzRun: no argument list or stdin makes Run panic (a panic of etcdctl
// itself is reported as "panic: ..." with exit 2, never escapes Run).
func FuzzRun(f *testing.F) {
	for _, s := range []string{
		"put foo bar", "get --prefix ''", "txn", "txn -i", "watch --rev 1 w", "lease keep-alive 1",
		"member add x --peer-urls=http://a:1", "endpoint status -w table --cluster", "get -w fields --hex foo",
		"put 'a", "del --from-key ''", "snapshot status x.db", "help get", "--help",
	} {
		f.Add(s, "value(\"a\") = \"b\"\n\nput a b\n\n")
	}
	f.Fuzz(func(t *testing.T, args, stdin string) {
		fc := newFakeCluster(2)
		fc.files["x.db"] = []byte("snapshot")
		Run(fc, strings.Fields(args), nil, stdin, io.Discard, io.Discard)
		RunEtcdutl(fc, strings.Fields(args), nil, stdin, io.Discard, io.Discard)
	})
}
