package etcdctl

import (
	"strings"
	"testing"
)

// TestTxnLineHelp: -h on a txn request line prints cobra's default help
// for that command on stdout, as etcdctl 3.5.17 does (which then waits
// forever for the request; raftlab reports the line invalid instead).
// A bad flag on the line is covered by golden-3.5.17/251-253.
func TestTxnLineHelp(t *testing.T) {
	var stdout, stderr strings.Builder
	code := Run(newFakeCluster(2), []string{"txn"}, nil, "\nput -h k v\n\n", &stdout, &stderr)
	wantOut := "\nPuts the given key into the store.\n\nWhen <value> begins with '-'"
	if !strings.HasPrefix(stdout.String(), wantOut) {
		t.Errorf("stdout = %q, want it to start with %q", stdout.String(), wantOut)
	}
	if !strings.Contains(stdout.String(), "\n\nUsage:\n   put [options] <key> <value> (<value> can also be given from stdin) [flags]\n\nFlags:\n  -h, --help ") {
		t.Errorf("stdout lacks cobra's default usage: %q", stdout.String())
	}
	if got, want := stderr.String(), "Error: invalid txn request: put -h k v\n"; got != want || code != 3 {
		t.Errorf("stderr = %q, exit %d; want %q, exit 3", got, code, want)
	}
}
