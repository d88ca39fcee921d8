package lab

// The Kubernetes control plane around the cluster (core/kube): the lab is
// its Env, giving it the virtual clock, clientv3 clients on its nodes, the
// nodes' files and the etcd processes.

import (
	"errors"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/console"
	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/kube"
)

// kubeSpec is the control plane opts ask for, if any.
func kubeSpec(opts Options) (kube.Spec, bool) {
	if opts.Topology == "" {
		return kube.Spec{}, false
	}
	t, err := kube.ParseTopology(opts.Topology)
	if err != nil {
		return kube.Spec{}, false
	}
	return kube.Spec{Topology: t, ControlPlanes: opts.ControlPlanes, EtcdMembers: opts.Members}.Normalize(), true
}

// kubeEtcdLines are the etcd command lines of a topology's members:
// kubeadm's static pods (stacked) or the note's TLS units (external).
func kubeEtcdLines(s kube.Spec) []string {
	if s.Topology == kube.External {
		return etcdconf.DefaultTLSLines(s.EtcdMembers)
	}
	var lines []string
	for i := 0; i < s.ControlPlanes; i++ {
		var q []string
		for _, a := range s.StackedEtcdArgs(i) {
			q = append(q, etcdconf.ShellQuote(a))
		}
		lines = append(lines, joinSpace(q))
	}
	return lines
}

func joinSpace(s []string) string {
	out := ""
	for i, w := range s {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

// newKube builds the control plane (before the machines' TLS files, so its
// certificates are kubeadm's); startKube boots it once the lab is final.
func (l *Lab) newKube() {
	spec, ok := kubeSpec(l.opts)
	if !ok {
		return
	}
	var ext []*etcdconf.Member
	for _, m := range l.cluster.Members {
		if m.Config != nil {
			ext = append(ext, m.Config)
		}
	}
	l.kube = kube.New(&kubeEnv{l}, spec, ext)
}

func (l *Lab) startKube() {
	if l.kube != nil {
		l.kube.SetEnv(&kubeEnv{l})
		l.kube.Start()
	}
}

// Kube is the control plane, or nil when the lab runs etcd alone.
func (l *Lab) Kube() *kube.Plane { return l.kube }

// KubeView is what the page draws of the control plane (Kube().View()):
// the topology, the load balancer, each node (KubeNodeView) with its API
// server and the etcd member that API server uses.
type (
	KubeView     = kube.View
	KubeNodeView = kube.NodeView
)

// The control plane's topologies (Options.Topology).
const (
	KubeStacked  = kube.Stacked
	KubeExternal = kube.External
)

// EditableFiles lists, in order, the console host's files a learner edits
// as on a node: kubeadm's static pod manifests and systemd's units.
func (l *Lab) EditableFiles() []string {
	var out []string
	for p := range l.Files() {
		if strings.HasPrefix(p, kube.ManifestDir+"/") || strings.HasPrefix(p, "/etc/systemd/system/") {
			out = append(out, p)
		}
	}
	ptrsort.Strings(out)
	return out
}

type kubeEnv struct{ l *Lab }

func (e *kubeEnv) Now() time.Duration              { return e.l.w.Now() }
func (e *kubeEnv) After(d time.Duration, f func()) { e.l.w.After(d, f) }
func (e *kubeEnv) Latency() time.Duration          { return e.l.w.Net().Latency }
func (e *kubeEnv) Files(host string) map[string][]byte {
	return e.l.con.Files().Host(host)
}
func (e *kubeEnv) Cert(subject, issuer string) []byte { return clientv3.FakeCert(subject, issuer) }
func (e *kubeEnv) Key(subject string) []byte          { return clientv3.FakeKey(subject) }

func etcdCall(c kube.EtcdClient, timeout time.Duration) etcdctl.Call {
	return etcdctl.Call{Endpoints: c.Endpoints, Timeout: timeout, TLS: etcdctl.TLS{CACert: c.CAFile, Cert: c.CertFile, Key: c.Key}}
}

// Etcd is clientv3 on host: each request runs as a coroutine, so it is
// the lab's client traffic (recorded in the history, drawn on the page).
func (e *kubeEnv) Etcd(host string, c kube.EtcdClient, timeout time.Duration) kube.EtcdRPC {
	return &kubeClient{l: e.l, host: host, call: etcdCall(c, timeout)}
}

type kubeClient struct {
	l    *Lab
	host string
	call etcdctl.Call
}

// kubeDo sends one request and answers outside the coroutine (done may
// send the next request). Resp is a pointer to a response: a type
// parameter for the pointer, not for the response it points to, lets Go
// compile one copy for all of them (one per response type was 18 copies).
func kubeDo[Resp any](k *kubeClient, send func(cl *clientv3.Client) (Resp, error), done func(Resp, error, string)) {
	l := k.l
	l.con.Spawn("(kube-apiserver "+k.host+")", func(co clientv3.Caller) {
		cl := l.dial(k.host, co)
		ep := cl.Endpoint(k.call)
		resp, err := send(cl)
		if err != nil {
			var none Resp
			resp = none
		}
		l.w.After(0, func() { done(resp, err, ep) })
	})
}

func (k *kubeClient) Range(r *etcdpb.RangeRequest, done func(*etcdpb.RangeResponse, error, string)) {
	kubeDo(k, func(cl *clientv3.Client) (*etcdpb.RangeResponse, error) { return cl.Range(k.call, r) }, done)
}

func (k *kubeClient) Put(r *etcdpb.PutRequest, done func(*etcdpb.PutResponse, error, string)) {
	kubeDo(k, func(cl *clientv3.Client) (*etcdpb.PutResponse, error) { return cl.Put(k.call, r) }, done)
}

func (k *kubeClient) DeleteRange(r *etcdpb.DeleteRangeRequest, done func(*etcdpb.DeleteRangeResponse, error, string)) {
	kubeDo(k, func(cl *clientv3.Client) (*etcdpb.DeleteRangeResponse, error) { return cl.DeleteRange(k.call, r) }, done)
}

func (k *kubeClient) Txn(r *etcdpb.TxnRequest, done func(*etcdpb.TxnResponse, error, string)) {
	kubeDo(k, func(cl *clientv3.Client) (*etcdpb.TxnResponse, error) { return cl.Txn(k.call, r) }, done)
}

func (k *kubeClient) LeaseGrant(r *etcdpb.LeaseGrantRequest, done func(*etcdpb.LeaseGrantResponse, error, string)) {
	kubeDo(k, func(cl *clientv3.Client) (*etcdpb.LeaseGrantResponse, error) { return cl.LeaseGrant(k.call, r) }, done)
}

func (k *kubeClient) Compact(r *etcdpb.CompactionRequest, done func(*etcdpb.CompactionResponse, error, string)) {
	kubeDo(k, func(cl *clientv3.Client) (*etcdpb.CompactionResponse, error) { return cl.Compact(k.call, r) }, done)
}

type kubeWatch struct {
	l      *Lab
	host   string
	req    etcdctl.Call
	call   *console.Call
	w      etcdctl.Watcher
	closed bool
}

func (s *kubeWatch) Alive() bool { return !s.closed && !s.call.Done() }

// Endpoint is the member the stream is on: clientv3's watcher moves to the
// balancer's first ready endpoint when its member goes.
func (s *kubeWatch) Endpoint() string { return s.l.dial(s.host, clientv3.Caller{}).Endpoint(s.req) }
func (s *kubeWatch) Cancel() {
	s.closed = true
	if s.w != nil {
		s.w.Close()
	}
}

// Watch runs a clientv3 watch stream on host; it resumes on another
// endpoint by itself when its member goes down.
func (e *kubeEnv) Watch(host string, c kube.EtcdClient, req *etcdpb.WatchCreateRequest, send func(*etcdpb.WatchResponse)) (kube.WatchStream, error) {
	l := e.l
	call := etcdCall(c, 0)
	st := &kubeWatch{l: l, host: host, req: call}
	st.call = l.con.Spawn("(kube-apiserver watch "+host+")", func(co clientv3.Caller) {
		cl := l.dial(host, co)
		wt, err := cl.Watch(call, req)
		if err != nil {
			return
		}
		st.w = wt
		for !st.closed {
			r, err := wt.Recv()
			if err != nil || st.closed {
				return
			}
			l.w.After(0, func() {
				if !st.closed {
					send(r)
				}
			})
		}
	})
	return st, nil
}

// RunEtcd starts host's etcd process from a command line. The lab checks
// it as the process would (flags, then bootstrap against the other
// members' configurations). A --data-dir that etcdutl snapshot restore
// wrote makes a new cluster from the snapshot.
func (e *kubeEnv) RunEtcd(host, cmdline string) error {
	l := e.l
	ms, err := etcdconf.Parse(cmdline)
	if err != nil {
		return err
	}
	if len(ms) != 1 {
		return errors.New("raftlab: one etcd command line expected")
	}
	cfg := ms[0]
	cur := l.cluster.Member(host)
	if cur == nil || cfg.Name != host {
		// etcd would bootstrap a member the cluster does not know.
		return &etcdconf.Error{Member: cfg.Name, Message: "member " + cfg.Name + " has already been bootstrapped", Log: "discovery failed", Level: "fatal", ExitCode: 1, Source: etcdconf.SourceRaftlab}
	}
	var cfgs []*etcdconf.Member
	var lines []string
	for _, m := range l.cluster.Members {
		c := m.Config
		if m.Name == host {
			c = cfg
		}
		if c != nil {
			cfgs = append(cfgs, c)
			lines = append(lines, c.CommandLine())
		}
	}
	if _, err := etcdconf.NewCluster(cfgs); err != nil {
		return err
	}
	id := l.byName[host]
	running := map[string]bool{}
	for _, m := range l.cluster.Members {
		if m.Name != host && e.EtcdRunning(m.Name) {
			running[m.Name] = true
		}
	}
	if cur.Config != nil && cfg.DataDir != cur.Config.DataDir && len(running) == 0 {
		if _, err := l.con.Files().Read(host, console.DataDirDB(cfg.DataDir)); err == nil {
			// etcdutl snapshot restore wrote it, and no other member runs:
			// a new cluster starts from the snapshot, its stopped members
			// staying stopped (each starts on the restored data when its
			// etcd starts). A member restored while others run joins them
			// instead (etcd would overwrite or refuse its data).
			o := l.opts.withFlags(lines)
			o.start, o.Lesson = l.w.Now(), ""
			o.LessonStep, o.LessonPassed = 0, nil
			o.stopped = map[string]bool{}
			for _, m := range l.cluster.Members {
				o.stopped[m.Name] = m.Name != host
			}
			n, err := fromEtcdFlags(o, l.con.Files().Clone())
			if err != nil {
				return err
			}
			l.w.After(0, func() { l.rebuild(n) })
			return nil
		}
	}
	l.cluster.Member(host).Config = cfg
	if m := l.w.Member(id); m != nil && !m.Up() {
		l.w.Start(id)
	}
	return nil
}

func (o Options) withFlags(lines []string) Options {
	o.EtcdFlags = lines
	return o
}

func (e *kubeEnv) StopEtcd(host string, graceful bool) {
	id, ok := e.l.byName[host]
	if !ok {
		return
	}
	if graceful {
		e.l.w.Stop(id)
	} else {
		e.l.w.Kill(id)
	}
}

func (e *kubeEnv) EtcdRunning(host string) bool {
	id, ok := e.l.byName[host]
	return ok && e.l.w.Member(id) != nil && e.l.w.Member(id).Up()
}
