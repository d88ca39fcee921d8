package kube

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/digest"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/walltime"
)

// Object is a Kubernetes object as the API server stores it in etcd (as
// JSON here; real clusters store protobuf, --storage-media-type).
type Object struct {
	Kind       string            `json:"kind"`
	APIVersion string            `json:"apiVersion"`
	Metadata   Meta              `json:"metadata"`
	Data       map[string]string `json:"data,omitempty"`
	Spec       map[string]any    `json:"spec,omitempty"`
	Status     map[string]any    `json:"status,omitempty"`
	Subsets    []Subset          `json:"subsets,omitempty"`
}

// Meta is ObjectMeta's fields the lab uses. ResourceVersion is never
// stored: the API server fills it from the key's etcd mod revision.
type Meta struct {
	Name              string            `json:"name"`
	Namespace         string            `json:"namespace,omitempty"`
	UID               string            `json:"uid,omitempty"`
	ResourceVersion   string            `json:"resourceVersion,omitempty"`
	Generation        int64             `json:"generation,omitempty"`
	CreationTimestamp *string           `json:"creationTimestamp"`
	Labels            map[string]string `json:"labels,omitempty"`
}

// Subset is one EndpointSubset.
type Subset struct {
	Addresses []Address `json:"addresses,omitempty"`
	Ports     []Port    `json:"ports,omitempty"`
}

type Address struct {
	IP string `json:"ip"`
}

type Port struct {
	_        [0]func() // not comparable: no generated equality in the page
	Name     string    `json:"name,omitempty"`
	Port     int       `json:"port"`
	Protocol string    `json:"protocol"`
}

// Resource is one kind kubectl and the API server know.
type Resource struct {
	_          [0]func() // not comparable: no generated equality in the page
	Plural     string
	Singular   string
	Kind       string
	APIVersion string
	Short      string
	// Prefix under /registry (k/k pkg/kubeapiserver/default_storage_factory_builder.go:
	// nodes are "minions", endpoints "services/endpoints").
	Prefix     string
	Namespaced bool
}

// Resources the lab serves.
var Resources = []Resource{
	{Plural: "configmaps", Singular: "configmap", Kind: "ConfigMap", APIVersion: "v1", Short: "cm", Prefix: "configmaps", Namespaced: true},
	{Plural: "endpoints", Singular: "endpoints", Kind: "Endpoints", APIVersion: "v1", Short: "ep", Prefix: "services/endpoints", Namespaced: true},
	{Plural: "leases", Singular: "lease", Kind: "Lease", APIVersion: "coordination.k8s.io/v1", Short: "", Prefix: "leases", Namespaced: true},
	{Plural: "namespaces", Singular: "namespace", Kind: "Namespace", APIVersion: "v1", Short: "ns", Prefix: "namespaces", Namespaced: false},
	{Plural: "nodes", Singular: "node", Kind: "Node", APIVersion: "v1", Short: "no", Prefix: "minions", Namespaced: false},
}

// LookupResource finds a resource by kubectl's names (plural, singular,
// short name, Kind, resource.group).
func LookupResource(name string) (Resource, bool) {
	n := strings.ToLower(name)
	if i := strings.IndexByte(n, '.'); i > 0 {
		n = n[:i]
	}
	for _, r := range Resources {
		if n == r.Plural || n == r.Singular || n == r.Short && r.Short != "" || n == strings.ToLower(r.Kind) {
			return r, true
		}
	}
	return Resource{}, false
}

// Key is the etcd key of an object: /registry/<prefix>/[<ns>/]<name>.
func (r Resource) Key(ns, name string) string {
	if r.Namespaced {
		return EtcdPrefix + "/" + r.Prefix + "/" + ns + "/" + name
	}
	return EtcdPrefix + "/" + r.Prefix + "/" + name
}

// ListPrefix is the etcd prefix of a list (a namespace's, or all).
func (r Resource) ListPrefix(ns string) string {
	if r.Namespaced && ns != "" {
		return EtcdPrefix + "/" + r.Prefix + "/" + ns + "/"
	}
	return EtcdPrefix + "/" + r.Prefix + "/"
}

// Epoch is the virtual wall clock at time zero (the lab's).
var Epoch = walltime.Epoch

func timestamp(now time.Duration) *string {
	s := walltime.RFC3339(Epoch.Add(now).Truncate(time.Second))
	return &s
}

// microTime is metav1.MicroTime's JSON form.
func microTime(now time.Duration) string {
	return walltime.Micro(Epoch.Add(now))
}

// uid is a deterministic UUID-shaped ID for an object created at now.
func uid(kind, ns, name string, now time.Duration) string {
	b := digest.FNV128a(fmt.Appendf(nil, "%s/%s/%s@%d", kind, ns, name, now))
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// newObject is a new object of r, as the API server fills metadata on create.
func newObject(r Resource, ns, name string, now time.Duration) *Object {
	o := &Object{Kind: r.Kind, APIVersion: r.APIVersion, Metadata: Meta{Name: name, UID: uid(r.Kind, ns, name, now), CreationTimestamp: timestamp(now)}}
	if r.Namespaced {
		o.Metadata.Namespace = ns
	}
	return o
}

// NewNamespace is a namespace as kubectl create namespace makes it.
func NewNamespace(name string, now time.Duration) *Object {
	r, _ := LookupResource("namespaces")
	o := newObject(r, "", name, now)
	o.Metadata.Labels = map[string]string{"kubernetes.io/metadata.name": name}
	o.Spec = map[string]any{"finalizers": []any{"kubernetes"}}
	o.Status = map[string]any{"phase": "Active"}
	return o
}

// NewConfigMap is a configmap with data.
func NewConfigMap(ns, name string, data map[string]string, now time.Duration) *Object {
	r, _ := LookupResource("configmaps")
	o := newObject(r, ns, name, now)
	o.Data = data
	return o
}

// NewNode is the Node object a kubelet registers.
func NewNode(name, ip string, now time.Duration) *Object {
	r, _ := LookupResource("nodes")
	o := newObject(r, "", name, now)
	o.Metadata.Labels = map[string]string{
		"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
		"node-role.kubernetes.io/control-plane": "",
	}
	// Decoded from JSON text: the same maps as literals would build, with
	// less code in the page.
	o.Spec = jsonMap(`{"taints":[{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane"}]}`)
	o.Status = jsonMap(`{"addresses":[{"address":` + jsonString(ip) + `,"type":"InternalIP"},{"address":` + jsonString(name) +
		`,"type":"Hostname"}],"nodeInfo":{"kubeletVersion":"` + KubeVersion + `","containerRuntimeVersion":"containerd://1.7.24"}}`)
	return o
}

func jsonString(s string) string { return string(jsonw.AppendString(nil, s)) }

// NewNodeLease is the kubelet's Lease in kube-node-lease (renewed every 10 s,
// lasting 40 s: k/k component-helpers lease controller).
func NewNodeLease(node string, now time.Duration) *Object {
	r, _ := LookupResource("leases")
	o := newObject(r, "kube-node-lease", node, now)
	o.Spec = map[string]any{"holderIdentity": node, "leaseDurationSeconds": 40, "renewTime": microTime(now)}
	return o
}

// masterLease is the Endpoints object under /registry/masterleases/<ip>
// (k/k pkg/controlplane/reconcilers/lease.go): no creation timestamp, a
// generation bumped on each refresh.
func masterLease(ip string, gen int64) *Object {
	return &Object{Kind: "Endpoints", APIVersion: "v1", Metadata: Meta{Name: ip, Generation: gen},
		Subsets: []Subset{{Addresses: []Address{{IP: ip}}, Ports: []Port{{Port: APIPort, Protocol: "TCP"}}}}}
}

// kubernetesEndpoints is default/kubernetes listing the API servers' IPs.
func kubernetesEndpoints(ips []string, now time.Duration) *Object {
	r, _ := LookupResource("endpoints")
	o := newObject(r, "default", "kubernetes", now)
	o.Metadata.Labels = map[string]string{"endpointslice.kubernetes.io/skip-mirror": "true"}
	ptrsort.Strings(ips)
	var addrs []Address
	for _, ip := range ips {
		addrs = append(addrs, Address{IP: ip})
	}
	if len(addrs) > 0 {
		o.Subsets = []Subset{{Addresses: addrs, Ports: []Port{{Name: "https", Port: APIPort, Protocol: "TCP"}}}}
	}
	return o
}

// Encode is the stored form of an object (JSON, resourceVersion left out).
func Encode(o *Object) []byte {
	c := *o
	c.Metadata.ResourceVersion = ""
	return jsonw.Marshal(&c)
}

// Decode reads a stored object and sets its resourceVersion.
func Decode(b []byte, modRev int64) (*Object, error) {
	var o Object
	if err := jsonw.Unmarshal(b, &o); err != nil {
		return nil, err
	}
	o.Metadata.ResourceVersion = fmt.Sprint(modRev)
	return &o, nil
}

// HumanDuration is kubectl's AGE column (k8s.io/apimachinery/pkg/util/duration).
func HumanDuration(d time.Duration) string {
	if seconds := int(d.Seconds()); seconds < -1 {
		return "<invalid>"
	} else if seconds < 0 {
		return "0s"
	} else if seconds < 60*2 {
		return units(seconds, "s", 0, "")
	}
	minutes := int(d / time.Minute)
	if minutes < 10 {
		return units(minutes, "m", int(d/time.Second)%60, "s")
	} else if minutes < 60*3 {
		return units(minutes, "m", 0, "")
	}
	hours := int(d / time.Hour)
	if hours < 8 {
		return units(hours, "h", int(d/time.Minute)%60, "m")
	} else if hours < 48 {
		return units(hours, "h", 0, "")
	} else if hours < 24*8 {
		return units(hours/24, "d", hours%24, "h")
	}
	return units(hours/24, "d", 0, "")
}

// units writes a then b with their units, b only when it is not 0 ("5m",
// "5m3s").
func units(a int, ua string, b int, ub string) string {
	s := strconv.Itoa(a) + ua
	if b != 0 {
		s += strconv.Itoa(b) + ub
	}
	return s
}

// age is the time since an object's creation timestamp.
func age(o *Object, now time.Duration) string {
	if o.Metadata.CreationTimestamp == nil {
		return "<unknown>"
	}
	t, ok := walltime.ParseRFC3339(*o.Metadata.CreationTimestamp)
	if !ok {
		return "<invalid>"
	}
	return HumanDuration(Epoch.Add(now).Sub(t))
}
