package kube

import (
	"fmt"
	"strings"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// Static pod manifests as kubeadm writes them (k/k cmd/kubeadm/app/phases/
// etcd/local.go and controlplane/manifests.go, util/staticpod/utils.go).

// EtcdImage is the etcd image of the lab's version (kubeadm pins
// registry.k8s.io/etcd:<version>-0).
const EtcdImage = "registry.k8s.io/etcd:3.5.17-0"

// APIServerImage is kube-apiserver's image for the Kubernetes version the
// lab's nodes report.
const APIServerImage = "registry.k8s.io/kube-apiserver:" + KubeVersion

// KubeVersion is the Kubernetes version of the lab's nodes.
const KubeVersion = "v1.31.4"

type mount struct {
	_                         [0]func() // not comparable: no generated equality in the page
	Name, MountPath, HostPath string
}

func probe(b *strings.Builder, kind, path string, port int, delay, timeout, failure, period int) {
	scheme := "HTTP"
	if port == APIPort {
		scheme = "HTTPS"
	}
	fmt.Fprintf(b, "    %s:\n      failureThreshold: %d\n      httpGet:\n        host: 127.0.0.1\n        path: %s\n        port: %d\n        scheme: %s\n", kind, failure, path, port, scheme)
	if delay > 0 {
		fmt.Fprintf(b, "      initialDelaySeconds: %d\n", delay)
	}
	fmt.Fprintf(b, "      periodSeconds: %d\n      timeoutSeconds: %d\n", period, timeout)
}

func staticPod(name, component, annotationKey, annotation, image string, command []string, mounts []mount, probes func(b *strings.Builder), requests string) string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n")
	fmt.Fprintf(&b, "    %s: %s\n", annotationKey, yamlScalar(annotation))
	b.WriteString("  creationTimestamp: null\n  labels:\n")
	fmt.Fprintf(&b, "    component: %s\n    tier: control-plane\n  name: %s\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n", component, name)
	for _, a := range command {
		fmt.Fprintf(&b, "    - %s\n", yamlScalar(a))
	}
	fmt.Fprintf(&b, "    image: %s\n    imagePullPolicy: IfNotPresent\n", image)
	probes(&b)
	fmt.Fprintf(&b, "    name: %s\n    resources:\n      requests:\n%s", name, requests)
	b.WriteString("    volumeMounts:\n")
	for _, m := range mounts {
		fmt.Fprintf(&b, "    - mountPath: %s\n      name: %s\n", yamlScalar(m.MountPath), m.Name)
		if m.Name == "k8s-certs" || m.Name == "etcd-certs" && component == "kube-apiserver" {
			b.WriteString("      readOnly: true\n")
		}
	}
	b.WriteString("  hostNetwork: true\n  priority: 2000001000\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  volumes:\n")
	sorted := append([]mount(nil), mounts...)
	ptrsort.Func(sorted, func(a, b *mount) int { return strings.Compare(a.Name, b.Name) })
	for _, m := range sorted {
		fmt.Fprintf(&b, "  - hostPath:\n      path: %s\n      type: DirectoryOrCreate\n    name: %s\n", yamlScalar(m.HostPath), m.Name)
	}
	b.WriteString("status: {}\n")
	return b.String()
}

// EtcdManifest is kubeadm's /etc/kubernetes/manifests/etcd.yaml for a
// stacked member started with args.
func EtcdManifestYAML(args []string, advertiseClientURL string) string {
	return staticPod("etcd", "etcd", "kubeadm.kubernetes.io/etcd.advertise-client-urls", advertiseClientURL, EtcdImage, args,
		[]mount{{Name: "etcd-data", MountPath: StackedDataDir, HostPath: StackedDataDir}, {Name: "etcd-certs", MountPath: EtcdPKIDir, HostPath: EtcdPKIDir}},
		func(b *strings.Builder) {
			probe(b, "livenessProbe", "/livez", 2381, 10, 15, 8, 10)
			probe(b, "readinessProbe", "/readyz", 2381, 0, 15, 3, 1)
			probe(b, "startupProbe", "/readyz", 2381, 10, 15, 24, 10)
		}, "        cpu: 100m\n        memory: 100Mi\n")
}

// APIServerManifestYAML is kubeadm's kube-apiserver.yaml.
func APIServerManifestYAML(args []string, advertise string) string {
	return staticPod("kube-apiserver", "kube-apiserver", "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", fmt.Sprintf("%s:%d", advertise, APIPort), APIServerImage, args,
		[]mount{{Name: "ca-certs", MountPath: "/etc/ssl/certs", HostPath: "/etc/ssl/certs"}, {Name: "k8s-certs", MountPath: PKIDir, HostPath: PKIDir}},
		func(b *strings.Builder) {
			probe(b, "livenessProbe", "/livez", APIPort, 10, 15, 8, 10)
			probe(b, "readinessProbe", "/readyz", APIPort, 0, 15, 3, 1)
			probe(b, "startupProbe", "/livez", APIPort, 10, 15, 24, 10)
		}, "        cpu: 250m\n")
}

// Pod is what the kubelet reads from a static pod manifest.
type Pod struct {
	Name, Namespace string
	Command         []string
	// mounts maps a container path to the host path of its hostPath volume.
	mounts []mount
}

// ParsePod reads a static pod manifest; errors are the kubelet's reasons
// for skipping the file.
func ParsePod(src string) (*Pod, error) {
	doc, err := parseYAML(src)
	if err != nil {
		return nil, err
	}
	if k := ystr(doc, "kind"); k != "Pod" {
		return nil, fmt.Errorf("invalid pod: kind %q, want Pod", k)
	}
	p := &Pod{Name: ystr(doc, "metadata", "name"), Namespace: ystr(doc, "metadata", "namespace")}
	if p.Name == "" {
		return nil, fmt.Errorf("invalid pod: metadata.name: Required value: name or generateName is required")
	}
	if p.Namespace == "" {
		p.Namespace = "default"
	}
	cmd, _ := yget(doc, "spec", "containers", 0, "command").([]any)
	for _, c := range cmd {
		s, ok := c.(string)
		if !ok {
			return nil, fmt.Errorf("invalid pod: spec.containers[0].command: must be a list of strings")
		}
		p.Command = append(p.Command, s)
	}
	if len(p.Command) == 0 {
		return nil, fmt.Errorf("invalid pod: spec.containers[0].command: Required value")
	}
	hostPaths := map[string]string{}
	vols, _ := yget(doc, "spec", "volumes").([]any)
	for _, v := range vols {
		if n := ystr(v, "name"); n != "" {
			hostPaths[n] = ystr(v, "hostPath", "path")
		}
	}
	mounts, _ := yget(doc, "spec", "containers", 0, "volumeMounts").([]any)
	for _, m := range mounts {
		name, mp := ystr(m, "name"), ystr(m, "mountPath")
		hp, ok := hostPaths[name]
		if !ok {
			return nil, fmt.Errorf("invalid pod: spec.containers[0].volumeMounts.name: Not found: %q", name)
		}
		p.mounts = append(p.mounts, mount{Name: name, MountPath: mp, HostPath: hp})
	}
	return p, nil
}

// HostPath maps a path inside the container to the node's path through the
// pod's hostPath volumes (the longest mount that contains it); a path no
// volume holds is the container's own and lost with it.
func (p *Pod) HostPath(inContainer string) (string, bool) {
	best := -1
	for i, m := range p.mounts {
		mp := strings.TrimSuffix(m.MountPath, "/")
		if inContainer == mp || strings.HasPrefix(inContainer, mp+"/") {
			if best < 0 || len(mp) > len(strings.TrimSuffix(p.mounts[best].MountPath, "/")) {
				best = i
			}
		}
	}
	if best < 0 {
		return inContainer, false
	}
	m := p.mounts[best]
	return strings.TrimSuffix(m.HostPath, "/") + strings.TrimPrefix(inContainer, strings.TrimSuffix(m.MountPath, "/")), true
}

// Flag returns the value of --name=value (or --name value) in a command.
func Flag(cmd []string, name string) (string, bool) {
	for i, a := range cmd {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v, true
		}
		if a == "--"+name && i+1 < len(cmd) {
			return cmd[i+1], true
		}
	}
	return "", false
}

// withFlag returns cmd with --name's value replaced.
func withFlag(cmd []string, name, value string) []string {
	out := append([]string(nil), cmd...)
	for i, a := range out {
		if strings.HasPrefix(a, "--"+name+"=") {
			out[i] = "--" + name + "=" + value
			return out
		}
		if a == "--"+name && i+1 < len(out) {
			out[i+1] = value
			return out
		}
	}
	return append(out, "--"+name+"="+value)
}
