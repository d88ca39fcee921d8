package lab_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// goldenScenario exercises elections, faults, lossy links and etcd writes.
func goldenScenario() *lab.Lab {
	l := lab.New(lab.Options{Members: 5, Seed: 2026, DropRate: 0.02, DupRate: 0.02, Jitter: 3 * time.Millisecond, SnapshotCount: 50, CatchUpEntries: 10})
	for _, line := range []string{
		"wait leader", "etcdctl put a 1", "etcdctl --endpoints=node-3 put b 2",
		"partition node-1,node-2 node-3,node-4,node-5", "wait 3s",
		"etcdctl --endpoints=node-4 put c 3", "heal", "wait 2s",
		"kill node-4", "wait 1s", "start node-4", "wait 2s",
	} {
		l.Exec(line)
	}
	for i := 0; i < 60; i++ {
		l.Submit("etcdctl --endpoints=node-5 put k v")
		l.Run(20 * time.Millisecond)
	}
	l.Run(2 * time.Second)
	return l
}

// TestTraceHashIsPlatformIndependent pins the trace hash of a fixed
// scenario. The same test runs natively and compiled to wasm under Node
// (make test-wasm), so both must produce this very hash. Regenerate with
// -rewrite after an intended change of behaviour.
func TestTraceHashIsPlatformIndependent(t *testing.T) {
	l := goldenScenario()
	require.NoError(t, l.Err())
	got := l.TraceHash()
	const golden = "testdata/determinism.golden"
	if *rewrite {
		require.NoError(t, os.WriteFile(golden, []byte(got+"\n"), 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, strings.TrimSpace(string(want)), got, "same seed and commands must give the same trace on every platform")
	require.Equal(t, got, goldenScenario().TraceHash(), "and twice in one process")
}
