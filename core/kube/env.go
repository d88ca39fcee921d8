package kube

import (
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
)

// Env is what the control plane needs from the lab: its virtual clock, its
// etcd client (so API server traffic is the lab's client traffic), the
// nodes' files and the etcd processes.
type Env interface {
	Now() time.Duration
	// After runs f after d of virtual time.
	After(d time.Duration, f func())
	// Latency is one network hop (kubectl to the load balancer, and on).
	Latency() time.Duration
	// Etcd is clientv3 on host with c's endpoints and TLS files: each
	// request goes to the first ready endpoint, fails over, and gives up
	// after timeout.
	Etcd(host string, c EtcdClient, timeout time.Duration) EtcdRPC
	// Watch opens a watch stream from host on the first ready endpoint.
	Watch(host string, c EtcdClient, req *etcdpb.WatchCreateRequest, send func(*etcdpb.WatchResponse)) (WatchStream, error)
	// Files is host's filesystem (absolute paths), to read and write.
	Files(host string) map[string][]byte
	// RunEtcd starts the etcd process on host from a command line, as etcd
	// starts: a configuration etcd rejects returns its *etcdconf.Error.
	RunEtcd(host string, cmdline string) error
	// StopEtcd stops host's etcd process (graceful: SIGTERM; else SIGKILL).
	StopEtcd(host string, graceful bool)
	// EtcdRunning reports whether host's etcd process runs.
	EtcdRunning(host string) bool
	// Cert and Key are certificate files in the lab's (fake) format.
	Cert(subject, issuer string) []byte
	Key(subject string) []byte
}

// EtcdClient is an API server's etcd client configuration
// (--etcd-servers, --etcd-cafile, --etcd-certfile, --etcd-keyfile).
type EtcdClient struct {
	Endpoints             []string
	CAFile, CertFile, Key string
}

// EtcdRPC is etcd's v3 API as kube-apiserver uses it. Each done is called
// once, later in virtual time, with the member that answered ("" if none).
type EtcdRPC interface {
	Range(r *etcdpb.RangeRequest, done func(*etcdpb.RangeResponse, error, string))
	Put(r *etcdpb.PutRequest, done func(*etcdpb.PutResponse, error, string))
	DeleteRange(r *etcdpb.DeleteRangeRequest, done func(*etcdpb.DeleteRangeResponse, error, string))
	Txn(r *etcdpb.TxnRequest, done func(*etcdpb.TxnResponse, error, string))
	LeaseGrant(r *etcdpb.LeaseGrantRequest, done func(*etcdpb.LeaseGrantResponse, error, string))
	Compact(r *etcdpb.CompactionRequest, done func(*etcdpb.CompactionResponse, error, string))
}

// WatchStream is an open etcd watch.
type WatchStream interface {
	// Alive reports whether the stream still delivers (its member is up).
	Alive() bool
	Cancel()
	Endpoint() string
}
