package lab_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
)

// FuzzExec: no console line or standard input crashes the console or
// breaks the cluster; a failing console command says why on stderr.
func FuzzExec(f *testing.F) {
	for _, s := range []string{
		"help", "status", "kill node-1", "start node-9", "partition node-1 node-2,node-3", "cut node-1 node-2",
		"drop 0.5", "latency 5ms 2ms", "wait leader", "wait 1s", "reset --size 5 --seed 3", "host node-2",
		"export ETCDCTL_ENDPOINTS=node-1", "etcdctl put foo bar", "etcdctl get foo -w json", "etcdctl watch foo &",
		"output 1", "cancel", "cluster tls", "cluster show", "cluster export yaml", "cluster from-flags",
		"ls /etc/etcd", "cat /etc/etcd/ca.pem", "rm -r /root", "etcdctl member add n4 --peer-urls=http://1.2.3.4:2380",
		"etcdctl snapshot save a.db", "etcdutl snapshot status a.db", "step", "speed 2", "'unterminated", "sudo ETCDCTL_API=3 etcdctl get ''",
		"etcdctl lease keep-alive 1", "etcdctl txn", "frob &", "&",
		"edit f", "sed -i 's/e/&&&&/g' /etc/etcd/ca.pem", "sed 's/n/&&/g'", "cp -r /etc /root/x", "scp /etc/etcd/ca.pem node-2:", "grep -n e /etc/etcd/ca.pem",
	} {
		f.Add(s, "etcd --name node-1 --initial-cluster node-1=http://192.168.0.10:2380\n")
	}
	f.Fuzz(func(t *testing.T, line, stdin string) {
		if dir := os.Getenv("RAFTLAB_FUZZ_SLOW"); dir != "" {
			// Debugging aid: record inputs that take long in real time.
			tm := time.AfterFunc(2*time.Second, func() {
				_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("slow-%d", time.Now().UnixNano())), []byte(fmt.Sprintf("%q\n%q\n", line, stdin)), 0o644)
			})
			defer tm.Stop()
		}
		l := lab.New(lab.Options{Seed: 1})
		l.Exec("wait leader")
		in := line
		if stdin != "" {
			in += "\n" + stdin
		}
		r := l.Exec(in)
		// A second command must still work on whatever state is left.
		r2 := l.Exec("status")
		if err := l.Err(); err != nil {
			t.Fatalf("%q: safety violation: %v", line, err)
		}
		for _, res := range []lab.Result{r, r2} {
			if strings.Contains(res.Stderr, "internal error") || strings.Contains(res.Stderr, "panic:") && !strings.HasPrefix(strings.TrimSpace(line), "etcd") {
				t.Fatalf("%q: crashed: %s", line, res.Stderr)
			}
		}
		if r2.Exit != 0 {
			t.Fatalf("%q: status fails afterwards: %+v", line, r2)
		}
		// grep answers "no line matched" with exit 1 and no output (POSIX).
		silentOK := r.Exit == 1 && strings.Contains(line, "grep")
		if r.Exit > 0 && r.Stderr == "" && r.Stdout == "" && !silentOK {
			t.Fatalf("%q: exit %d without a word", line, r.Exit)
		}
	})
}
