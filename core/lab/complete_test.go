package lab

import (
	"strings"
	"testing"
	"time"
)

func TestComplete(t *testing.T) {
	l := New(Options{Members: 3, Seed: 1})
	l.Run(2 * time.Second)
	l.Exec("etcdctl put greeting hello")
	l.Exec("etcdctl put greenhouse x")
	for _, c := range []struct{ in, want, choices string }{
		{"etcd", "etcd", "etcdctl etcdutl"},
		{"etcdc", "etcdctl ", ""},
		{"etcdctl mem", "etcdctl member ", ""},
		{"etcdctl member li", "etcdctl member list ", ""},
		{"etcdctl get --prefix --wri", "etcdctl get --prefix --write-out ", ""},
		{"etcdctl get gree", "etcdctl get gree", "greenhouse greeting"},
		{"etcdctl get greet", "etcdctl get greeting ", ""},
		{"etcdctl put greeting hel", "etcdctl put greeting hel", ""},
		{"kill node-", "kill node-", "node-1 node-2 node-3"},
		{"host node-2", "host node-2 ", ""},
		{"partition node-1,no", "partition node-1,node-", "node-1,node-1 node-1,node-2 node-1,node-3"},
		{"etcdctl --endpoints=node-1,node-3 g", "etcdctl --endpoints=node-1,node-3 get ", ""},
		{"etcdctl --endpoints=no", "etcdctl --endpoints=node-", "--endpoints=node-1 --endpoints=node-2 --endpoints=node-3"},
		{"ETCDCTL_API=3 etcdctl ver", "ETCDCTL_API=3 etcdctl version ", ""},
	} {
		got := l.Complete(c.in)
		if got.Line != c.want || strings.Join(got.Choices, " ") != c.choices {
			t.Errorf("Complete(%q) = %q %q, want %q %q", c.in, got.Line, got.Choices, c.want, c.choices)
		}
	}
	l.Exec("etcdctl snapshot save snap.db")
	if got := l.Complete("cat sn").Line; got != "cat snap.db " {
		t.Errorf("file completion: %q", got)
	}
	if got := l.Complete("cat /root/sn").Line; got != "cat /root/snap.db " {
		t.Errorf("absolute file completion: %q", got)
	}
}
