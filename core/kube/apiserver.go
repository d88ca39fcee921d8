package kube

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/mvcc"
	"github.com/spf13/pflag"
)

// kube-apiserver's timings against etcd.
const (
	// MasterLeaseInterval and MasterLeaseTTL: the lease endpoint reconciler
	// (DefaultEndpointReconcilerInterval 10 s, TTL 15 s).
	MasterLeaseInterval = 10 * time.Second
	MasterLeaseTTL      = 15
	// CompactionInterval is --etcd-compaction-interval's default.
	CompactionInterval = 5 * time.Minute
	// ReqTimeout is how long etcd 3.5 lets a request wait for its quorum
	// before answering "etcdserver: request timed out" (5 s plus two
	// election timeouts, server/config ReqTimeout); the API server's
	// context (60 s) is longer, so that error is what it sees.
	ReqTimeout = 7 * time.Second
	// HealthTimeout is --etcd-healthcheck-timeout (2 s).
	HealthTimeout = 2 * time.Second
	// watchCheck is how often the API server notices a broken watch stream
	// (gRPC keepalive).
	watchCheck = time.Second
	// compactRevKey is compact.go's key, outside the /registry prefix.
	compactRevKey = "compact_rev_key"
)

// APIServer is one kube-apiserver: an etcd client with a watch cache.
type APIServer struct {
	p    *Plane
	Node string
	IP   string

	client     EtcdClient
	prefix     string
	compaction time.Duration

	running bool
	epoch   int
	started time.Duration

	// The watch cache: every object under the prefix, as of cacheRev,
	// filled by a list then a watch (the reflector's list-and-watch).
	cache    map[string]*etcdpb.KeyValue
	cacheRev int64
	stream   WatchStream
	synced   bool

	leaseGen    int64
	compactTime int64 // compact.go's "t": the version of compact_rev_key seen
	compactRev  int64 // the revision seen one interval ago

	// What the page draws: the etcd endpoint of the last answer, and
	// whether etcd answered the last request.
	Endpoint  string
	EtcdOK    bool
	lastError string
	Requests  int
	Failures  int
}

// Status is what the page shows of an API server.
type APIServerStatus struct {
	Node, IP  string
	Running   bool
	EtcdOK    bool
	Endpoint  string
	Endpoints []string
	CacheRev  int64
	Cached    int
	Requests  int
	Failures  int
	LastError string
}

func (a *APIServer) Status() APIServerStatus {
	return APIServerStatus{Node: a.Node, IP: a.IP, Running: a.running, EtcdOK: a.running && a.EtcdOK, Endpoint: a.Endpoint,
		Endpoints: a.client.Endpoints, CacheRev: a.cacheRev, Cached: len(a.cache), Requests: a.Requests, Failures: a.Failures, LastError: a.lastError}
}

// parseAPIServerArgs reads kube-apiserver's command line (pflag, as the
// real binary); errors are its own texts.
func parseAPIServerArgs(args []string) (EtcdClient, string, time.Duration, error) {
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	fs.SetOutput(&bytes.Buffer{})
	servers := new([]string)
	fs.StringSliceVar(servers, "etcd-servers", nil, "")
	ca := fs.String("etcd-cafile", "", "")
	cert := fs.String("etcd-certfile", "", "")
	key := fs.String("etcd-keyfile", "", "")
	prefix := fs.String("etcd-prefix", EtcdPrefix, "")
	compaction := fs.Duration("etcd-compaction-interval", CompactionInterval, "")
	for _, s := range []string{"advertise-address", "authorization-mode", "client-ca-file", "enable-admission-plugins",
		"secure-port", "service-cluster-ip-range", "tls-cert-file", "tls-private-key-file", "kubelet-client-certificate",
		"kubelet-client-key", "kubelet-preferred-address-types", "proxy-client-cert-file", "proxy-client-key-file",
		"requestheader-allowed-names", "requestheader-client-ca-file", "requestheader-extra-headers-prefix",
		"requestheader-group-headers", "requestheader-username-headers", "service-account-issuer",
		"service-account-key-file", "service-account-signing-key-file", "endpoint-reconciler-type",
		"storage-media-type", "etcd-healthcheck-timeout", "request-timeout"} {
		fs.String(s, "", "")
	}
	fs.Bool("allow-privileged", false, "")
	fs.Bool("enable-bootstrap-token-auth", false, "")
	fs.Bool("watch-cache", true, "")
	if len(args) > 0 {
		args = args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return EtcdClient{}, "", 0, err
	}
	if len(*servers) == 0 {
		return EtcdClient{}, "", 0, errors.New("[--etcd-servers must be specified]")
	}
	return EtcdClient{Endpoints: *servers, CAFile: *ca, CertFile: *cert, Key: *key}, *prefix, *compaction, nil
}

// start runs the API server process from its command line.
func (a *APIServer) start(args []string) error {
	c, prefix, compaction, err := parseAPIServerArgs(args)
	if err != nil {
		return err
	}
	a.stop()
	a.client, a.prefix, a.compaction = c, strings.TrimSuffix(prefix, "/"), compaction
	a.running, a.started = true, a.p.env.Now()
	a.cache, a.cacheRev, a.synced = map[string]*etcdpb.KeyValue{}, 0, false
	a.compactTime, a.compactRev = 0, 0
	a.Endpoint, a.EtcdOK, a.lastError = "", true, ""
	ep := a.epoch
	a.listAndWatch(ep)
	a.bootstrap(ep)
	a.refreshLease(ep)
	if a.compaction > 0 {
		a.after(ep, a.compaction, func() { a.compact(ep) })
	}
	return nil
}

// stop ends the process: pending answers and timers are dropped.
func (a *APIServer) stop() {
	a.epoch++
	a.running = false
	if a.stream != nil {
		a.stream.Cancel()
		a.stream = nil
	}
}

func (a *APIServer) after(ep int, d time.Duration, f func()) {
	a.p.env.After(d, func() {
		if a.running && a.epoch == ep {
			f()
		}
	})
}

// etcd is the process's etcd client for requests of this timeout.
func (a *APIServer) etcd(timeout time.Duration) EtcdRPC {
	a.Requests++
	return a.p.env.Etcd(a.Node, a.client, timeout)
}

// answer wraps done for a request: it runs only if this process still
// runs, and a request its member never answered becomes etcd's own
// timeout. Resp is a pointer to a response (one compiled copy for all, as
// lab's kubeDo).
func answer[Resp any](a *APIServer, ep int, timeout time.Duration, done func(Resp, error)) func(Resp, error, string) {
	return func(resp Resp, err error, endpoint string) {
		if !a.running || a.epoch != ep {
			return
		}
		if endpoint != "" {
			a.Endpoint = endpoint
		}
		if err != nil {
			if errors.Is(err, etcdpb.ErrDeadlineExceeded) && endpoint != "" && timeout >= ReqTimeout {
				// Connected, never answered: etcd's own timeout fires.
				err = etcdpb.ErrTimeout
			}
			a.Failures++
			a.EtcdOK, a.lastError = false, err.Error()
		} else {
			a.EtcdOK, a.lastError = true, ""
		}
		var none Resp
		if err == nil && any(resp) == any(none) { // a nil pointer
			err = errors.New("unexpected response from etcd")
		}
		done(resp, err)
	}
}

func (a *APIServer) key(k string) string { return a.prefix + strings.TrimPrefix(k, EtcdPrefix) }

// ---- list and watch (the watch cache's reflector) ----

func (a *APIServer) listAndWatch(ep int) {
	if a.stream != nil {
		a.stream.Cancel()
		a.stream = nil
	}
	prefix := []byte(a.prefix + "/")
	a.etcd(ReqTimeout).Range(&etcdpb.RangeRequest{Key: prefix, RangeEnd: mvcc.PrefixEnd(prefix)}, answer(a, ep, ReqTimeout, func(r *etcdpb.RangeResponse, err error) {
		if err != nil {
			a.after(ep, time.Second, func() { a.listAndWatch(ep) })
			return
		}
		a.cache = map[string]*etcdpb.KeyValue{}
		for _, kv := range r.Kvs {
			a.cache[string(kv.Key)] = kv
		}
		a.cacheRev = r.Header.Revision
		a.synced = true
		a.watch(ep)
	}))
}

func (a *APIServer) watch(ep int) {
	prefix := []byte(a.prefix + "/")
	s, err := a.p.env.Watch(a.Node, a.client, &etcdpb.WatchCreateRequest{Key: prefix, RangeEnd: mvcc.PrefixEnd(prefix), StartRevision: a.cacheRev + 1}, func(r *etcdpb.WatchResponse) {
		if !a.running || a.epoch != ep {
			return
		}
		if r.Canceled {
			// Compacted past the cache's revision: list again.
			a.after(ep, 0, func() { a.listAndWatch(ep) })
			return
		}
		for _, ev := range r.Events {
			if ev.Type == etcdpb.DELETE {
				delete(a.cache, string(ev.Kv.Key))
			} else {
				a.cache[string(ev.Kv.Key)] = ev.Kv
			}
			a.cacheRev = max(a.cacheRev, ev.Kv.ModRevision)
		}
	})
	if err != nil {
		a.after(ep, time.Second, func() { a.listAndWatch(ep) })
		return
	}
	a.stream = s
	a.checkWatch(ep)
}

func (a *APIServer) checkWatch(ep int) {
	a.after(ep, watchCheck, func() {
		if a.stream == nil {
			return
		}
		if !a.stream.Alive() {
			// The member under the stream went away: the reflector
			// re-watches from the last revision it saw.
			a.stream.Cancel()
			a.stream = nil
			a.watch(ep)
			return
		}
		a.Endpoint = a.stream.Endpoint()
		a.checkWatch(ep)
	})
}

// ---- the API server's own writes ----

// bootstrap is the bootstrap controller's system namespaces (default,
// kube-system, kube-public, kube-node-lease): created if missing.
func (a *APIServer) bootstrap(ep int) {
	var missing []string
	for _, ns := range []string{"default", "kube-node-lease", "kube-public", "kube-system"} {
		ns := ns
		r, _ := LookupResource("namespaces")
		a.create(ep, r.Key("", ns), NewNamespace(ns, a.p.env.Now()), func(_ *Object, err error) {
			var se *StatusError
			if err != nil && !(errors.As(err, &se) && se.Reason == "AlreadyExists") {
				missing = append(missing, ns)
			}
		})
	}
	a.after(ep, 10*time.Second, func() {
		if len(missing) > 0 {
			a.bootstrap(ep)
		}
	})
}

// refreshLease is the lease endpoint reconciler: a TTL'd key under
// /registry/masterleases/<ip>, its generation bumped to force the write,
// then default/kubernetes rewritten to the IPs the leases list.
func (a *APIServer) refreshLease(ep int) {
	a.after(ep, MasterLeaseInterval, func() { a.refreshLease(ep) })
	a.etcd(ReqTimeout).LeaseGrant(&etcdpb.LeaseGrantRequest{TTL: MasterLeaseTTL}, answer(a, ep, ReqTimeout, func(g *etcdpb.LeaseGrantResponse, err error) {
		if err != nil {
			return
		}
		a.leaseGen++
		key := a.key(EtcdPrefix + "/masterleases/" + a.IP)
		a.etcd(ReqTimeout).Put(&etcdpb.PutRequest{Key: []byte(key), Value: Encode(masterLease(a.IP, a.leaseGen)), Lease: g.ID}, answer(a, ep, ReqTimeout, func(_ *etcdpb.PutResponse, err error) {
			if err == nil {
				a.reconcileEndpoints(ep)
			}
		}))
	}))
}

func (a *APIServer) reconcileEndpoints(ep int) {
	prefix := []byte(a.key(EtcdPrefix + "/masterleases/"))
	a.etcd(ReqTimeout).Range(&etcdpb.RangeRequest{Key: prefix, RangeEnd: mvcc.PrefixEnd(prefix)}, answer(a, ep, ReqTimeout, func(r *etcdpb.RangeResponse, err error) {
		if err != nil {
			return
		}
		var ips []string
		for _, kv := range r.Kvs {
			ips = append(ips, strings.TrimPrefix(string(kv.Key), string(prefix)))
		}
		res, _ := LookupResource("endpoints")
		key := a.key(res.Key("default", "kubernetes"))
		a.etcd(ReqTimeout).Range(&etcdpb.RangeRequest{Key: []byte(key)}, answer(a, ep, ReqTimeout, func(cur *etcdpb.RangeResponse, err error) {
			if err != nil {
				return
			}
			want := kubernetesEndpoints(ips, a.p.env.Now())
			if len(cur.Kvs) == 1 {
				if old, err := Decode(cur.Kvs[0].Value, 0); err == nil {
					if fmt.Sprint(old.Subsets) == fmt.Sprint(want.Subsets) {
						return
					}
					want.Metadata.UID, want.Metadata.CreationTimestamp = old.Metadata.UID, old.Metadata.CreationTimestamp
				}
				a.update(ep, key, cur.Kvs[0].ModRevision, want, func(*Object, error) {})
				return
			}
			a.create(ep, key, want, func(*Object, error) {})
		}))
	}))
}

// compact is k/k storage/etcd3/compact.go: one txn elects the compactor
// cluster-wide (the compact_rev_key version), then it compacts to the
// revision seen one interval earlier.
func (a *APIServer) compact(ep int) {
	a.after(ep, a.compaction, func() { a.compact(ep) })
	t, rev := a.compactTime, a.compactRev
	txn := &etcdpb.TxnRequest{
		Compare: []*etcdpb.Compare{{Key: []byte(compactRevKey), Target: etcdpb.CompareVersion, Result: etcdpb.CompareEqual, Version: t}},
		Success: []*etcdpb.RequestOp{{RequestPut: &etcdpb.PutRequest{Key: []byte(compactRevKey), Value: []byte(strconv.FormatInt(rev, 10))}}},
		Failure: []*etcdpb.RequestOp{{RequestRange: &etcdpb.RangeRequest{Key: []byte(compactRevKey)}}},
	}
	a.etcd(ReqTimeout).Txn(txn, answer(a, ep, ReqTimeout, func(r *etcdpb.TxnResponse, err error) {
		if err != nil {
			return
		}
		cur := r.Header.Revision
		if !r.Succeeded {
			if len(r.Responses) == 1 {
				if rr := r.Responses[0].GetResponseRange(); rr != nil && len(rr.Kvs) == 1 {
					a.compactTime = rr.Kvs[0].Version
				}
			}
			a.compactRev = cur
			return
		}
		a.compactTime = t + 1
		a.compactRev = cur
		if rev == 0 {
			return
		}
		a.etcd(ReqTimeout).Compact(&etcdpb.CompactionRequest{Revision: rev}, answer(a, ep, ReqTimeout, func(*etcdpb.CompactionResponse, error) {}))
	}))
}

// ---- storage operations (k/k storage/etcd3/store.go) ----

// StatusError is a metav1.Status error as kubectl prints it.
type StatusError struct {
	_       [0]func() // not comparable: no generated equality in the page
	Code    int
	Reason  string // "" for an unknown reason (etcd's errors)
	Message string
}

func (e *StatusError) Error() string { return e.Message }

func storageError(err error) error {
	var se *StatusError
	if errors.As(err, &se) {
		return err
	}
	// apiserver's ErrorToAPIStatus: an error it does not know is a 500
	// with no reason, its text as the message.
	return &StatusError{Code: 500, Message: err.Error()}
}

func notFound(r Resource, name string) error {
	return &StatusError{Code: 404, Reason: "NotFound", Message: fmt.Sprintf("%s %q not found", r.Plural, name)}
}

func (a *APIServer) get(ep int, key string, done func(*Object, error)) {
	a.etcd(ReqTimeout).Range(&etcdpb.RangeRequest{Key: []byte(key)}, answer(a, ep, ReqTimeout, func(r *etcdpb.RangeResponse, err error) {
		if err != nil {
			done(nil, storageError(err))
			return
		}
		if len(r.Kvs) == 0 {
			done(nil, nil)
			return
		}
		o, err := Decode(r.Kvs[0].Value, r.Kvs[0].ModRevision)
		done(o, err)
	}))
}

// create: Txn(If(CreateRevision(key) == 0), Then(Put)).
func (a *APIServer) create(ep int, key string, o *Object, done func(*Object, error)) {
	cmp := &etcdpb.Compare{Key: []byte(key), Target: etcdpb.CompareCreate, Result: etcdpb.CompareEqual, CreateRevision: 0}
	a.guardedPut(ep, key, cmp, o, func(plural string) error {
		return &StatusError{Code: 409, Reason: "AlreadyExists", Message: fmt.Sprintf("%s %q already exists", plural, o.Metadata.Name)}
	}, done)
}

// update: Txn(If(ModRevision(key) == rev), Then(Put)) (kube-apiserver adds Else(Get) to retry with the current object; the lab's callers re-read instead).
func (a *APIServer) update(ep int, key string, rev int64, o *Object, done func(*Object, error)) {
	cmp := &etcdpb.Compare{Key: []byte(key), Target: etcdpb.CompareMod, Result: etcdpb.CompareEqual, ModRevision: rev}
	a.guardedPut(ep, key, cmp, o, func(plural string) error {
		return &StatusError{Code: 409, Reason: "Conflict", Message: fmt.Sprintf("Operation cannot be fulfilled on %s %q: the object has been modified; please apply your changes to the latest version and try again", plural, o.Metadata.Name)}
	}, done)
}

// guardedPut writes o at key if cmp holds, else answers failed's error.
func (a *APIServer) guardedPut(ep int, key string, cmp *etcdpb.Compare, o *Object, failed func(plural string) error, done func(*Object, error)) {
	txn := &etcdpb.TxnRequest{
		Compare: []*etcdpb.Compare{cmp},
		Success: []*etcdpb.RequestOp{{RequestPut: &etcdpb.PutRequest{Key: []byte(key), Value: Encode(o)}}},
	}
	a.etcd(ReqTimeout).Txn(txn, answer(a, ep, ReqTimeout, func(r *etcdpb.TxnResponse, err error) {
		if err != nil {
			done(nil, storageError(err))
			return
		}
		if !r.Succeeded {
			res, _ := LookupResource(o.Kind)
			done(nil, failed(res.Plural))
			return
		}
		c := *o
		c.Metadata.ResourceVersion = fmt.Sprint(r.Header.Revision)
		done(&c, nil)
	}))
}

// remove: Get, then Txn(If(ModRevision(key) == rev), Then(Delete)).
func (a *APIServer) remove(ep int, r Resource, key, name string, done func(error)) {
	a.get(ep, key, func(o *Object, err error) {
		if err != nil {
			done(err)
			return
		}
		if o == nil {
			done(notFound(r, name))
			return
		}
		rev, _ := strconv.ParseInt(o.Metadata.ResourceVersion, 10, 64)
		txn := &etcdpb.TxnRequest{
			Compare: []*etcdpb.Compare{{Key: []byte(key), Target: etcdpb.CompareMod, Result: etcdpb.CompareEqual, ModRevision: rev}},
			Success: []*etcdpb.RequestOp{{RequestDeleteRange: &etcdpb.DeleteRangeRequest{Key: []byte(key)}}},
		}
		a.etcd(ReqTimeout).Txn(txn, answer(a, ep, ReqTimeout, func(t *etcdpb.TxnResponse, err error) {
			switch {
			case err != nil:
				done(storageError(err))
			case !t.Succeeded:
				a.remove(ep, r, key, name, done)
			default:
				done(nil)
			}
		}))
	})
}

// list is a consistent list (resourceVersion unset): a quorum range read.
func (a *APIServer) list(ep int, prefix string, done func([]*Object, error)) {
	p := []byte(prefix)
	a.etcd(ReqTimeout).Range(&etcdpb.RangeRequest{Key: p, RangeEnd: mvcc.PrefixEnd(p)}, answer(a, ep, ReqTimeout, func(r *etcdpb.RangeResponse, err error) {
		if err != nil {
			done(nil, storageError(err))
			return
		}
		var out []*Object
		for _, kv := range r.Kvs {
			if o, err := Decode(kv.Value, kv.ModRevision); err == nil {
				out = append(out, o)
			}
		}
		done(out, nil)
	}))
}

// cachedNamespace reports whether the watch cache holds the namespace
// (the NamespaceLifecycle admission plugin reads its informer first).
func (a *APIServer) cachedNamespace(ns string) bool {
	r, _ := LookupResource("namespaces")
	_, ok := a.cache[a.key(r.Key("", ns))]
	return ok
}

// ---- health ----

var readyzChecks = []string{"ping", "log", "etcd", "informer-sync",
	"poststarthook/start-apiserver-admission-initializer", "poststarthook/generic-apiserver-start-informers",
	"poststarthook/start-system-namespaces-controller", "poststarthook/bootstrap-controller",
	"poststarthook/start-kube-apiserver-identity-lease-controller", "shutdown"}

// health answers /readyz or /livez (k/k apiserver/pkg/server/healthz): each
// check's line with ?verbose, "ok" or a 500 whose body lists the checks.
func (a *APIServer) health(ep int, path string, verbose bool, done func(code int, body string)) {
	name := strings.TrimPrefix(path, "/")
	a.etcd(HealthTimeout).Range(&etcdpb.RangeRequest{Key: []byte(a.key(EtcdPrefix + "/health"))}, answer(a, ep, HealthTimeout, func(_ *etcdpb.RangeResponse, err error) {
		var b strings.Builder
		failed := false
		for _, c := range readyzChecks {
			if name == "livez" && (c == "informer-sync" || c == "shutdown") {
				continue
			}
			if c == "etcd" && err != nil {
				failed = true
				fmt.Fprintf(&b, "[-]%s failed: reason withheld\n", c)
				continue
			}
			if c == "informer-sync" && !a.synced {
				failed = true
				fmt.Fprintf(&b, "[-]%s failed: reason withheld\n", c)
				continue
			}
			fmt.Fprintf(&b, "[+]%s ok\n", c)
		}
		if failed {
			fmt.Fprintf(&b, "%s check failed\n", name)
			done(500, b.String())
			return
		}
		if !verbose {
			done(200, "ok")
			return
		}
		fmt.Fprintf(&b, "%s check passed\n", name)
		done(200, b.String())
	}))
}

// sortObjects orders a list as etcd returns it (by key).
func sortObjects(objs []*Object) {
	ptrsort.StableFunc(objs, func(a, b **Object) int {
		if c := strings.Compare((*a).Metadata.Namespace, (*b).Metadata.Namespace); c != 0 {
			return c
		}
		return strings.Compare((*a).Metadata.Name, (*b).Metadata.Name)
	})
}

func deleteRange(prefix string) *etcdpb.DeleteRangeRequest {
	return &etcdpb.DeleteRangeRequest{Key: []byte(prefix), RangeEnd: mvcc.PrefixEnd([]byte(prefix))}
}
