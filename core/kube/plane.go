package kube

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/digest"
	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/internal/keys"
)

// Plane is the control plane: its nodes, their kubelets and systemd units,
// the API servers and the load balancer in front of them.
type Plane struct {
	env  Env
	Spec Spec
	// External etcd's client URLs (--etcd-servers in the external topology).
	etcdURLs []string

	nodes   []*Node
	byName  map[string]*Node
	rr      int
	pids    int
	started bool
	adopted bool
}

// Node is one machine.
type Node struct {
	Name, IP string
	// ControlPlane nodes run a kubelet with static pods; external etcd
	// nodes run etcd under systemd, as in the source note.
	ControlPlane bool
	Up           bool

	API   *APIServer
	pods  map[string]*podState // by manifest path
	units map[string]*unit     // systemd units by name ("etcd")

	kubeletEpoch   int
	kubeletSince   time.Duration
	kubeletJournal []string
	leaseBackoff   time.Duration
}

// New builds the control plane for spec over env, writing each node's files
// (kept when already there: a restored or edited file stays). external are
// the external etcd members' configurations. Start boots the nodes.
func New(env Env, spec Spec, external []*etcdconf.Member) *Plane {
	spec = spec.Normalize()
	p := &Plane{env: env, Spec: spec, byName: map[string]*Node{}}
	for _, m := range external {
		p.etcdURLs = append(p.etcdURLs, m.AdvertiseClientURLs...)
	}
	for i := 0; i < spec.ControlPlanes; i++ {
		n := &Node{Name: CPName(i), IP: spec.CPIP(i), ControlPlane: true, pods: map[string]*podState{}, units: map[string]*unit{}}
		n.API = &APIServer{p: p, Node: n.Name, IP: n.IP}
		p.add(n)
		p.writeControlPlaneFiles(i)
	}
	if spec.Topology == External {
		for i, m := range external {
			n := &Node{Name: m.Name, IP: spec.EtcdIP(i), pods: map[string]*podState{}, units: map[string]*unit{}}
			p.add(n)
			files := env.Files(n.Name)
			if _, ok := files[EtcdUnit]; !ok {
				files[EtcdUnit] = []byte(m.Unit())
			}
			n.units["etcd"] = &unit{name: "etcd", file: EtcdUnit, enabled: true, active: "inactive"}
		}
	}
	return p
}

// SetEnv moves the control plane to another Env (the lab it belongs to
// after a cluster replacement).
func (p *Plane) SetEnv(env Env) { p.env = env }

// Start boots every node that is up: systemd starts the etcd units (whose
// members the lab already runs), kubelets start their static pods.
func (p *Plane) Start() {
	if p.started {
		return
	}
	p.started = true
	for _, n := range p.nodes {
		if n.Up && p.adopted {
			p.resume(n)
		} else if n.Up {
			p.boot(n)
		}
	}
}

// Adopt takes over the machines of the control plane this one replaces
// when the etcd cluster under it was restored from a snapshot: the nodes
// keep their power, their systemd units (state and journal), their static
// pods and kubelet log. Start then resumes them instead of booting.
func (p *Plane) Adopt(old *Plane) {
	if old == nil || old.Spec != p.Spec {
		return
	}
	p.adopted = true
	p.rr, p.pids = old.rr, old.pids
	for _, n := range p.nodes {
		o := old.byName[n.Name]
		if o == nil {
			continue
		}
		n.Up, n.units, n.pods = o.Up, o.units, o.pods
		n.kubeletJournal, n.kubeletSince = o.kubeletJournal, o.kubeletSince
	}
}

// resume runs an adopted node's processes again: its API server
// reconnects (a new watch cache), crashed containers retry now, the
// kubelet goes on.
func (p *Plane) resume(n *Node) {
	for _, f := range keys.Sorted(n.pods) {
		ps := n.pods[f]
		ps.backingOff = false
		if ps.running && ps.comp == "kube-apiserver" && n.API != nil {
			if err := n.API.start(ps.pod.Command); err != nil {
				ps.running = false
			}
		}
	}
	if n.ControlPlane {
		p.startKubelet(n)
	}
}

func (p *Plane) add(n *Node) {
	n.Up = true
	p.nodes = append(p.nodes, n)
	p.byName[n.Name] = n
}

func (p *Plane) pid() int {
	p.pids++
	return 1000 + 37*p.pids
}

// writeControlPlaneFiles puts kubeadm's files on cp node i: the static
// pod manifests, the etcd certificates and the API server's client
// certificate for etcd, and admin.conf for kubectl.
func (p *Plane) writeControlPlaneFiles(i int) {
	s := p.Spec
	files := p.env.Files(CPName(i))
	put := func(name string, b []byte) {
		if _, ok := files[name]; !ok {
			files[name] = b
		}
	}
	// The etcd CA signs the members' and the API server's certificates
	// (kubeadm's etcd/ca); in the external topology it is the note's CA
	// (CN=Kubernetes, as etcd's hosts carry it), copied to the cp nodes.
	ca := etcdCASubject
	if s.Topology == External {
		ca = "Kubernetes"
	}
	put(EtcdCA, p.env.Cert(ca, ca))
	put(APIEtcdClientCert, p.env.Cert(apiEtcdClientCN, ca))
	put(APIEtcdClientKey, p.env.Key(apiEtcdClientCN))
	put(PKIDir+"/ca.crt", p.env.Cert(kubernetesCASubjct, kubernetesCASubjct))
	put("/etc/kubernetes/admin.conf", []byte(fmt.Sprintf("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: (raftlab: not real cryptography)\n    server: https://%s:%d\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: kubernetes-admin\n  name: kubernetes-admin@kubernetes\ncurrent-context: kubernetes-admin@kubernetes\nkind: Config\nusers:\n- name: kubernetes-admin\n", LBAddress, APIPort)))
	if s.Topology == Stacked {
		put(EtcdServerCert, p.env.Cert(CPName(i), ca))
		put(EtcdServerKey, p.env.Key(CPName(i)))
		put(EtcdPeerCert, p.env.Cert(CPName(i), ca))
		put(EtcdPeerKey, p.env.Key(CPName(i)))
		put(EtcdHealthCert, p.env.Cert("kube-etcd-healthcheck-client", ca))
		put(EtcdHealthKey, p.env.Key("kube-etcd-healthcheck-client"))
		put(EtcdManifest, []byte(EtcdManifestYAML(s.StackedEtcdArgs(i), "https://"+s.CPIP(i)+":2379")))
	}
	args := s.APIServerArgs(i, s.EtcdServers(i, p.etcdURLs), EtcdCA, APIEtcdClientCert, APIEtcdClientKey)
	put(APIServerManifest, []byte(APIServerManifestYAML(args, s.CPIP(i))))
}

// Nodes lists every node: control-plane nodes, then external etcd nodes.
func (p *Plane) Nodes() []*Node { return append([]*Node(nil), p.nodes...) }

// Node returns a node by name, or nil.
func (p *Plane) Node(name string) *Node { return p.byName[name] }

// LBAddress is the load balancer kubectl talks to.
func (p *Plane) LBAddress() string { return fmt.Sprintf("%s:%d", LBAddress, APIPort) }

// EtcdServers are the external etcd client URLs (nil when stacked).
func (p *Plane) EtcdServers() []string { return append([]string(nil), p.etcdURLs...) }

// ---- node faults ----

// Crash powers a node off: everything on it stops at once.
func (p *Plane) Crash(name string) error { return p.down(name, false) }

// Shutdown stops a node gracefully: its etcd member hands over
// leadership first, as on SIGTERM.
func (p *Plane) Shutdown(name string) error { return p.down(name, true) }

func (p *Plane) down(name string, graceful bool) error {
	n := p.byName[name]
	if n == nil {
		return fmt.Errorf("unknown node %q", name)
	}
	if !n.Up {
		return nil
	}
	n.Up = false
	n.kubeletEpoch++
	// In manifest order: each stop may reach the network (a watch
	// cancel), and map order would make runs differ.
	for _, f := range keys.Sorted(n.pods) {
		p.stopPod(n, n.pods[f], graceful)
	}
	for _, u := range n.units {
		if u.active == "active" {
			p.env.StopEtcd(n.Name, graceful)
		}
		u.active = "inactive"
	}
	if n.API != nil {
		n.API.stop()
	}
	return nil
}

// Boot powers a node on: systemd starts its enabled units, the kubelet
// its static pods.
func (p *Plane) Boot(name string) error {
	n := p.byName[name]
	if n == nil {
		return fmt.Errorf("unknown node %q", name)
	}
	if n.Up {
		return nil
	}
	n.Up = true
	// A node powered on runs no container yet: the kubelet starts its
	// static pods afresh.
	n.pods = map[string]*podState{}
	p.boot(n)
	return nil
}

func (p *Plane) boot(n *Node) {
	for _, u := range n.units {
		u.loaded = string(p.env.Files(n.Name)[u.file])
		if u.enabled {
			p.unitStart(n, u)
		}
	}
	if n.ControlPlane {
		p.startKubelet(n)
	}
}

// ---- the load balancer ----

// pickAPIServer is the load balancer's choice: round robin over the API
// servers that accept connections (a TCP health check, as a cloud load
// balancer or kube-vip does; it does not look at /readyz).
func (p *Plane) pickAPIServer() *APIServer {
	var up []*APIServer
	for _, n := range p.nodes {
		if n.Up && n.API != nil && n.API.running {
			up = append(up, n.API)
		}
	}
	if len(up) == 0 {
		return nil
	}
	p.rr++
	return up[p.rr%len(up)]
}

// APIServers reports every API server, in node order.
func (p *Plane) APIServers() []APIServerStatus {
	var out []APIServerStatus
	for _, n := range p.nodes {
		if n.API != nil {
			st := n.API.Status()
			st.Running = st.Running && n.Up
			out = append(out, st)
		}
	}
	return out
}

// ---- ids ----

func hexID(parts ...any) string {
	h := digest.FNV64a(fmt.Append(nil, parts...))
	h2 := digest.FNV64a(fmt.Append(nil, "x", parts))
	return fmt.Sprintf("%016x%016x", h, h2)
}

// hostDataDir is the node path of the etcd data dir a pod's --data-dir names.
func etcdCommandForHost(pod *Pod) []string {
	cmd := append([]string(nil), pod.Command...)
	if dir, ok := Flag(cmd, "data-dir"); ok {
		if hp, ok := pod.HostPath(dir); ok {
			cmd = withFlag(cmd, "data-dir", hp)
		}
	}
	return cmd
}

func joinCommand(cmd []string) string {
	q := make([]string, len(cmd))
	for i, a := range cmd {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func component(cmd []string) string {
	if len(cmd) == 0 {
		return ""
	}
	return path.Base(cmd[0])
}

// NodeView is what the page draws of one node.
type NodeView struct {
	Name, IP     string
	ControlPlane bool
	Up           bool
	// API is the node's API server (control-plane nodes).
	API *APIServerStatus
	// Etcd names the etcd member the node runs ("" for none): stacked
	// control-plane nodes and external etcd nodes.
	Etcd string
}

// View is the control plane as the page draws it.
type View struct {
	Topology Topology
	LB       string
	Nodes    []NodeView
}

// View reports every node, in order: control-plane nodes, then external
// etcd nodes.
func (p *Plane) View() View {
	v := View{Topology: p.Spec.Topology, LB: p.LBAddress()}
	for _, n := range p.nodes {
		nv := NodeView{Name: n.Name, IP: n.IP, ControlPlane: n.ControlPlane, Up: n.Up}
		if n.API != nil {
			st := n.API.Status()
			st.Running = st.Running && n.Up
			st.EtcdOK = st.EtcdOK && n.Up
			nv.API = &st
		}
		if !n.ControlPlane || p.Spec.Topology == Stacked {
			nv.Etcd = n.Name
		}
		v.Nodes = append(v.Nodes, nv)
	}
	return v
}
