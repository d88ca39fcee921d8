package lab_test

import (
	"testing"

	"github.com/raftlab/raftlab/core/lab"
)

func TestConsoleSmoke(t *testing.T) {
	l := lab.New(lab.Options{Seed: 1})
	for _, line := range []string{"wait leader", "etcdctl put foo bar", "etcdctl get foo", "ETCDCTL_API=3 etcdctl --endpoints=192.168.0.11:2379 get foo -w json",
		"etcdctl member list", "etcdctl member list -w table", "etcdctl endpoint status --cluster -w table", "kill node-1", "etcdctl get foo", "etcdctl --endpoints=node-2,node-3 get foo --consistency=s",
		"etcdctl --endpoints=node-2 put a b", "status", "frob", "etcdctl frob", "etcdctl txn\nput x 1\n\nput y 2\n"} {
		r := l.Exec(line)
		t.Logf("$ %s [%v]\n%s%s(exit %d)", line, l.Now(), r.Stdout, r.Stderr, r.Exit)
	}
}
