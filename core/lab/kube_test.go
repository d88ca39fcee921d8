package lab_test

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// kubeScenario drives API servers through failover, lost quorum and a
// restore, on one topology; it returns every command's transcript.
func kubeScenario(topology string) (*lab.Lab, string) {
	l := lab.New(lab.Options{Seed: 12, Topology: topology, ControlPlanes: 3})
	etcd := "node-1"
	if topology == "stacked" {
		etcd = "cp-1"
	}
	var out strings.Builder
	for _, line := range []string{
		"wait 12s", "kubectl create namespace a", "kubectl create configmap c1 -n a --from-literal=k=v",
		"kill " + etcd, "wait 3s", "kubectl create configmap c2 -n a", "kubectl get cm -n a",
		"kill cp-2", "kubectl get nodes", "start cp-2", "start " + etcd, "wait 30s",
		"kubectl get nodes", "kubectl get --raw /readyz?verbose", "wait 5m", "kubectl get cm -n a -o name",
	} {
		fmt.Fprintf(&out, "$ %s\n%s\n", line, lab.Transcript(l.Exec(line)))
	}
	return l, out.String()
}

// TestKubeDeterminism: same seed and commands, same trace and output, on
// both topologies, and the trace pinned for wasm (make test-wasm runs this
// test too).
func TestKubeDeterminism(t *testing.T) {
	var hashes []string
	for _, topo := range []string{"external", "stacked"} {
		l1, out1 := kubeScenario(topo)
		l2, out2 := kubeScenario(topo)
		require.NoError(t, l1.Err())
		require.Equal(t, out1, out2)
		require.Equal(t, l1.TraceHash(), l2.TraceHash())
		require.Contains(t, out1, "configmap/c2 created", "the API servers failed over")
		require.Contains(t, out1, "configmap/c1\nconfigmap/c2")
		hashes = append(hashes, topo+" "+l1.TraceHash())
	}
	const golden = "testdata/kube_determinism.golden"
	got := strings.Join(hashes, "\n") + "\n"
	if *rewrite {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
}

// TestKubeReplay: a session with a restore replays to the same state.
func TestKubeReplay(t *testing.T) {
	b, err := os.ReadFile("testdata/kube_restore_stacked.txt")
	require.NoError(t, err)
	steps, err := lab.ParseScript(string(b))
	require.NoError(t, err)
	l := lab.New(lab.Options{})
	for _, s := range steps {
		l.Exec(s.Input())
	}
	l.Run(3 * time.Second)
	r := lab.Replay(l.Options(), l.Journal(), l.Now())
	require.Equal(t, l.TraceHash(), r.TraceHash())
	require.Equal(t, l.Exec("kubectl get cm -o name"), r.Exec("kubectl get cm -o name"))
	require.Equal(t, "configmap/before-backup\n", r.Exec("kubectl get cm -o name").Stdout)
}

// TestKubeChaos runs API servers under random node crashes, restarts and
// partitions of the etcd members: Raft's invariants hold after every step
// (the simulator stops on a violation), the session's client history
// (the API servers' own etcd requests included) is linearizable, and every
// configmap kubectl reported created is there once the faults heal.
// RAFTLAB_CHAOS_SEEDS=N runs more seeds.
func TestKubeChaos(t *testing.T) {
	seeds := 3
	if s, err := strconv.Atoi(os.Getenv("RAFTLAB_CHAOS_SEEDS")); err == nil && s > 0 {
		seeds = s
	}
	for seed := int64(1); seed <= int64(seeds); seed++ {
		for _, topo := range []string{"external", "stacked"} {
			t.Run(fmt.Sprintf("%s/%d", topo, seed), func(t *testing.T) {
				l := lab.New(lab.Options{Seed: seed, Topology: topo})
				rng := rand.New(rand.NewSource(seed))
				members := l.Names()
				nodes := []string{"cp-1", "cp-2", "cp-3"}
				nodes = append(nodes, members...)
				l.Exec("wait 10s")
				var created []string
				for i := 0; i < 30; i++ {
					switch rng.Intn(5) {
					case 0:
						l.Exec("kill " + nodes[rng.Intn(len(nodes))])
					case 1:
						l.Exec("start " + nodes[rng.Intn(len(nodes))])
					case 2:
						a := members[rng.Intn(len(members))]
						l.Exec("isolate " + a)
					case 3:
						l.Exec("heal")
					}
					name := fmt.Sprintf("cm-%d", i)
					if r := l.Exec("kubectl create configmap " + name); r.Exit == 0 {
						created = append(created, name)
					}
					if len(created) > 0 {
						// A single-key read of an earlier object (a quorum read the checker follows).
						l.Exec("kubectl get configmap " + created[rng.Intn(len(created))])
					}
					l.Exec(fmt.Sprintf("wait %dms", 200+rng.Intn(3000)))
					require.NoError(t, l.Err())
				}
				l.Exec("heal")
				for _, n := range nodes {
					l.Exec("start " + n)
				}
				l.Exec("wait 30s")
				got := l.Exec("kubectl get cm -o name")
				require.Equal(t, 0, got.Exit, got.Stderr)
				for _, c := range created {
					require.Contains(t, got.Stdout, "configmap/"+c+"\n", "acknowledged create lost")
				}
				rep := l.CheckLinearizability(10 * time.Second)
				t.Logf("%d configmaps created; history: %s", len(created), rep.String())
				require.Equal(t, "ok", rep.Result, rep.String())
				require.NoError(t, l.Err())
			})
		}
	}
}

// TestKubeCompaction: the API servers compact etcd every 5 minutes through
// compact_rev_key (one of them wins each round), to the revision seen one
// interval earlier.
func TestKubeCompaction(t *testing.T) {
	l := lab.New(lab.Options{Seed: 3, Topology: "stacked"})
	tls := "--endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key "
	l.Run(4 * time.Minute)
	require.Equal(t, 0, l.Exec("etcdctl "+tls+"get /registry/namespaces/default --rev=2").Exit, "nothing compacted before 5 min")
	l.Run(7 * time.Minute)
	r := l.Exec("etcdctl " + tls + "get compact_rev_key --print-value-only")
	require.Equal(t, 0, r.Exit, r.Stderr)
	rev, err := strconv.ParseInt(strings.TrimSpace(r.Stdout), 10, 64)
	require.NoError(t, err)
	require.Greater(t, rev, int64(2))
	old := l.Exec("etcdctl " + tls + "get /registry/namespaces/default --rev=2")
	require.Contains(t, old.Stderr, "required revision has been compacted")
	require.NoError(t, l.Err())
}
