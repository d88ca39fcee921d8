// Package kube is the Kubernetes control plane around the lab's etcd
// cluster: control-plane nodes cp-1..N running kube-apiserver as etcd
// clients, a load balancer in front of them, the kubelet's static pods and
// systemd units that run etcd, the node files a CKA candidate edits, and a
// small kubectl. Topologies are kubeadm's two (kubernetes.io "Options for
// Highly Available Topology"): stacked, each control-plane node running an
// etcd member named after it, and external, a separate etcd cluster
// node-1..N as in the source note.
//
// Everything is driven by the lab's virtual clock through Env: no
// goroutines, no wall clock, no randomness.
package kube

import (
	"fmt"
	"strings"
)

// Topology is kubeadm's choice of where etcd runs.
type Topology string

const (
	// Stacked: each control-plane node runs kube-apiserver and an etcd
	// member (kubeadm's default); the API server talks to its own member.
	Stacked Topology = "stacked"
	// External: the API servers talk to a separate etcd cluster.
	External Topology = "external"
)

// ParseTopology accepts the console's --topology values.
func ParseTopology(s string) (Topology, error) {
	switch Topology(s) {
	case Stacked, External:
		return Topology(s), nil
	}
	return "", fmt.Errorf("invalid --topology %q: want external or stacked", s)
}

// Spec is the shape of a control plane.
type Spec struct {
	Topology Topology
	// ControlPlanes is the number of control-plane nodes cp-1..N (1..7).
	ControlPlanes int
	// EtcdMembers is the number of external etcd members node-1..N; in the
	// stacked topology it equals ControlPlanes.
	EtcdMembers int
}

// Normalize fills defaults: three control-plane nodes, three etcd members.
func (s Spec) Normalize() Spec {
	if s.ControlPlanes <= 0 {
		s.ControlPlanes = 3
	}
	s.ControlPlanes = min(s.ControlPlanes, 7)
	if s.EtcdMembers <= 0 {
		s.EtcdMembers = 3
	}
	s.EtcdMembers = min(s.EtcdMembers, 7)
	if s.Topology == Stacked {
		s.EtcdMembers = s.ControlPlanes
	}
	return s
}

// Addresses. Etcd members keep the source note's 192.168.0.10.. (in the
// stacked topology those are the control-plane nodes); external
// control-plane nodes are at 192.168.0.20.., and the load balancer (kubeadm's
// --control-plane-endpoint) at 192.168.0.100:6443.
const (
	LBAddress  = "192.168.0.100"
	APIPort    = 6443
	EtcdPrefix = "/registry"
)

// CPName is control-plane node i's name (0-based).
func CPName(i int) string { return fmt.Sprintf("cp-%d", i+1) }

// EtcdName is external etcd member i's name (0-based), as in the note.
func EtcdName(i int) string { return fmt.Sprintf("node-%d", i+1) }

// CPIP is control-plane node i's address.
func (s Spec) CPIP(i int) string {
	if s.Topology == Stacked {
		return fmt.Sprintf("192.168.0.%d", 10+i)
	}
	return fmt.Sprintf("192.168.0.%d", 20+i)
}

// EtcdIP is etcd member i's address.
func (s Spec) EtcdIP(i int) string { return fmt.Sprintf("192.168.0.%d", 10+i) }

// ControlPlaneNames are cp-1..N.
func (s Spec) ControlPlaneNames() []string {
	out := make([]string, s.ControlPlanes)
	for i := range out {
		out[i] = CPName(i)
	}
	return out
}

// NodeNames are every machine: control-plane nodes, then external etcd nodes.
func (s Spec) NodeNames() []string {
	out := s.ControlPlaneNames()
	if s.Topology == External {
		for i := 0; i < s.EtcdMembers; i++ {
			out = append(out, EtcdName(i))
		}
	}
	return out
}

// Paths of kubeadm's files.
const (
	ManifestDir        = "/etc/kubernetes/manifests"
	EtcdManifest       = ManifestDir + "/etcd.yaml"
	APIServerManifest  = ManifestDir + "/kube-apiserver.yaml"
	PKIDir             = "/etc/kubernetes/pki"
	EtcdPKIDir         = PKIDir + "/etcd"
	EtcdCA             = EtcdPKIDir + "/ca.crt"
	EtcdServerCert     = EtcdPKIDir + "/server.crt"
	EtcdServerKey      = EtcdPKIDir + "/server.key"
	EtcdPeerCert       = EtcdPKIDir + "/peer.crt"
	EtcdPeerKey        = EtcdPKIDir + "/peer.key"
	EtcdHealthCert     = EtcdPKIDir + "/healthcheck-client.crt"
	EtcdHealthKey      = EtcdPKIDir + "/healthcheck-client.key"
	APIEtcdClientCert  = PKIDir + "/apiserver-etcd-client.crt"
	APIEtcdClientKey   = PKIDir + "/apiserver-etcd-client.key"
	EtcdUnit           = "/etc/systemd/system/etcd.service"
	KubeletService     = "kubelet"
	StackedDataDir     = "/var/lib/etcd"
	etcdCASubject      = "etcd-ca"
	apiEtcdClientCN    = "kube-apiserver-etcd-client"
	kubernetesCASubjct = "kubernetes"
)

// StackedEtcdArgs is the etcd command kubeadm writes into cp node i's
// /etc/kubernetes/manifests/etcd.yaml (k/k cmd/kubeadm/app/phases/etcd
// local.go, Kubernetes 1.29–1.33; flags in alphabetical order). kubeadm
// adds members one by one, so its first member's --initial-cluster names
// only itself; here every member lists all of them (the cluster the joins
// end with), and the members after the first say existing, as kubeadm's
// joined members do.
func (s Spec) StackedEtcdArgs(i int) []string {
	ip := s.CPIP(i)
	var peers []string
	for j := 0; j < s.ControlPlanes; j++ {
		peers = append(peers, fmt.Sprintf("%s=https://%s:2380", CPName(j), s.CPIP(j)))
	}
	// The commands are appended to nil rather than written as []string
	// literals: a literal's [9]string (and [15]string) backing array,
	// allocated, linked that array type's generated equality into the page.
	args := append([]string(nil),
		"etcd",
		"--advertise-client-urls=https://"+ip+":2379",
		"--cert-file="+EtcdServerCert,
		"--client-cert-auth=true",
		"--data-dir="+StackedDataDir,
		"--experimental-initial-corrupt-check=true",
		"--experimental-watch-progress-notify-interval=5s",
		"--initial-advertise-peer-urls=https://"+ip+":2380",
		"--initial-cluster="+strings.Join(peers, ","),
	)
	if i > 0 {
		args = append(args, "--initial-cluster-state=existing")
	}
	args = append(args,
		"--key-file="+EtcdServerKey,
		"--listen-client-urls=https://127.0.0.1:2379,https://"+ip+":2379",
		"--listen-metrics-urls=http://127.0.0.1:2381",
		"--listen-peer-urls=https://"+ip+":2380",
		"--name="+CPName(i),
		"--peer-cert-file="+EtcdPeerCert,
		"--peer-client-cert-auth=true",
		"--peer-key-file="+EtcdPeerKey,
		"--peer-trusted-ca-file="+EtcdCA,
		"--snapshot-count=10000",
		"--trusted-ca-file="+EtcdCA,
	)
	return args
}

// EtcdServers is the --etcd-servers of cp node i's kube-apiserver: its own
// member in the stacked topology (k/k kubeadm controlplane/manifests.go),
// the external cluster's client URLs otherwise (etcd.external.endpoints).
func (s Spec) EtcdServers(i int, external []string) []string {
	if s.Topology == Stacked {
		return []string{"https://127.0.0.1:2379"}
	}
	return external
}

// APIServerArgs is the kube-apiserver command kubeadm writes into cp node
// i's kube-apiserver.yaml (the flags this lab acts on, and the usual ones
// around them, alphabetically).
func (s Spec) APIServerArgs(i int, etcdServers []string, caFile, certFile, keyFile string) []string {
	return append([]string(nil),
		"kube-apiserver",
		"--advertise-address="+s.CPIP(i),
		"--allow-privileged=true",
		"--authorization-mode=Node,RBAC",
		"--client-ca-file="+PKIDir+"/ca.crt",
		"--enable-admission-plugins=NodeRestriction",
		"--enable-bootstrap-token-auth=true",
		"--etcd-cafile="+caFile,
		"--etcd-certfile="+certFile,
		"--etcd-keyfile="+keyFile,
		"--etcd-servers="+strings.Join(etcdServers, ","),
		"--secure-port=6443",
		"--service-cluster-ip-range=10.96.0.0/12",
		"--tls-cert-file="+PKIDir+"/apiserver.crt",
		"--tls-private-key-file="+PKIDir+"/apiserver.key",
	)
}
