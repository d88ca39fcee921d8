package kube

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/jsonw"
)

// The kubelet: it scans /etc/kubernetes/manifests, runs each static pod's
// container, restarts a pod whose manifest changed, stops one whose
// manifest left the directory, restarts crashed containers with back-off,
// and renews its node's Lease.

const (
	// FileCheckFrequency is how often the kubelet scans the manifest
	// directory (--file-check-frequency, 20 s).
	FileCheckFrequency = 20 * time.Second
	// NodeLeaseRenew is the node Lease renew interval (a quarter of its
	// 40 s duration).
	NodeLeaseRenew   = 10 * time.Second
	NodeLeaseSeconds = 40
	maxBackoff       = 5 * time.Minute
)

type podState struct {
	file     string
	manifest string
	pod      *Pod
	name     string // mirror pod name: <pod>-<node>
	comp     string

	running   bool
	exitCode  int
	attempt   int
	container string
	created   time.Duration
	logs      []string
	backoff   time.Duration
	// backingOff: a crashed container waits for its back-off to restart.
	backingOff bool
	epoch      int
}

func (p *Plane) startKubelet(n *Node) {
	n.kubeletEpoch++
	n.kubeletSince = p.env.Now()
	n.leaseBackoff = 0
	ep := n.kubeletEpoch
	p.scan(n)
	p.kubeletLoop(n, ep)
	p.registerNode(n, ep)
}

func (p *Plane) kubeletAfter(n *Node, ep int, d time.Duration, f func()) {
	p.env.After(d, func() {
		if n.Up && n.kubeletEpoch == ep {
			f()
		}
	})
}

func (p *Plane) kubeletLoop(n *Node, ep int) {
	p.kubeletAfter(n, ep, FileCheckFrequency, func() {
		p.scan(n)
		p.kubeletLoop(n, ep)
	})
}

// scan syncs the running static pods with the manifest directory.
func (p *Plane) scan(n *Node) {
	files := p.env.Files(n.Name)
	seen := map[string]bool{}
	for _, f := range keys.Sorted(files) {
		dir, base := f[:strings.LastIndexByte(f, '/')], f[strings.LastIndexByte(f, '/')+1:]
		if dir != ManifestDir || strings.HasPrefix(base, ".") || !(strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".json")) {
			continue
		}
		seen[f] = true
		content := string(files[f])
		ps := n.pods[f]
		if ps != nil && ps.manifest == content {
			if !ps.running && !ps.backingOff {
				// A container that is not running (after the kubelet
				// restarted) is started again.
				p.startPod(n, ps)
			}
			continue
		}
		pod, err := ParsePod(content)
		if err != nil {
			n.kubeletLog(p.env.Now(), fmt.Sprintf("E file.go:%d] \"Could not process manifest file\" err=\"%s: %v\" path=%q", 208, f, err, f))
			continue
		}
		if ps != nil {
			p.stopPod(n, ps, true)
			delete(n.pods, f)
		}
		ps = &podState{file: f, manifest: content, pod: pod, name: pod.Name + "-" + n.Name, comp: component(pod.Command)}
		n.pods[f] = ps
		p.startPod(n, ps)
	}
	for _, f := range keys.Sorted(n.pods) {
		if !seen[f] {
			p.stopPod(n, n.pods[f], true)
			delete(n.pods, f)
		}
	}
}

func (n *Node) kubeletLog(now time.Duration, msg string) {
	n.kubeletJournal = append(n.kubeletJournal, journalLine(now, n.Name, "kubelet[900]", msg))
	if len(n.kubeletJournal) > 200 {
		n.kubeletJournal = n.kubeletJournal[len(n.kubeletJournal)-200:]
	}
}

// startPod runs the pod's container from its command.
func (p *Plane) startPod(n *Node, ps *podState) {
	now := p.env.Now()
	ps.epoch++
	ps.container = hexID(n.Name, ps.name, ps.attempt, now)
	ps.created = now
	ps.logs = nil
	var err error
	switch ps.comp {
	case "etcd":
		cmd := etcdCommandForHost(ps.pod)
		ps.logs = append(ps.logs, etcdLog("info", "Running: ", "args", ps.pod.Command))
		err = p.env.RunEtcd(n.Name, joinCommand(cmd))
		if err == nil {
			addr := "127.0.0.1:2379"
			if u, ok := Flag(ps.pod.Command, "advertise-client-urls"); ok {
				addr = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
			}
			ps.logs = append(ps.logs, etcdLog("info", "serving client traffic securely", "address", addr))
		}
	case "kube-apiserver":
		if n.API != nil {
			err = n.API.start(ps.pod.Command)
		}
		if err == nil {
			ps.logs = append(ps.logs, fmt.Sprintf("I0101 server.go:%d] \"Serving securely on [::]:%d\"", 171, APIPort))
		}
	}
	ps.backingOff = false
	if err == nil {
		ps.running = true
		ps.backoff = 0
		n.kubeletLog(now, fmt.Sprintf("I kubelet.go:%d] \"SyncLoop ADD\" source=\"file\" pods=[\"kube-system/%s\"]", 2421, ps.name))
		return
	}
	ps.running, ps.exitCode = false, 1
	var ee *etcdconf.Error
	switch {
	case errors.As(err, &ee):
		ps.logs = append(ps.logs, strings.Split(strings.TrimRight(ee.Stderr(), "\n"), "\n")...)
		ps.exitCode = ee.ExitCode
	case ps.comp == "kube-apiserver":
		ps.logs = append(ps.logs, "Error: "+err.Error())
	default:
		ps.logs = append(ps.logs, err.Error())
	}
	// CrashLoopBackOff: 10 s doubling to 5 min.
	ps.backoff = min(max(2*ps.backoff, 10*time.Second), maxBackoff)
	n.kubeletLog(now, fmt.Sprintf("E pod_workers.go:%d] \"Error syncing pod, skipping\" err=\"failed to \\\"StartContainer\\\" for \\\"%s\\\" with CrashLoopBackOff: \\\"back-off %s restarting failed container=%s pod=%s_kube-system\\\"\"", 1301, ps.pod.Name, ps.backoff, ps.pod.Name, ps.name))
	ep, pep := n.kubeletEpoch, ps.epoch
	ps.backingOff = true
	p.kubeletAfter(n, ep, ps.backoff, func() {
		if n.pods[ps.file] == ps && ps.epoch == pep && !ps.running {
			ps.backingOff = false
			ps.attempt++
			p.startPod(n, ps)
		}
	})
}

func (p *Plane) stopPod(n *Node, ps *podState, graceful bool) {
	if !ps.running {
		return
	}
	ps.running = false
	ps.exitCode = 0
	ps.epoch++
	switch ps.comp {
	case "etcd":
		p.env.StopEtcd(n.Name, graceful)
	case "kube-apiserver":
		if n.API != nil {
			n.API.stop()
		}
	}
}

// etcdLog is one of etcd's zap JSON lines (level, msg, then one field;
// no timestamp, as the lab's etcd errors print).
func etcdLog(level, msg, key string, value any) string {
	var w jsonw.Writer
	w.Object()
	w.Key("level")
	w.String(level)
	w.Key("msg")
	w.String(msg)
	w.Key(key)
	w.Any(value)
	w.End()
	return string(w.B)
}

// ---- node registration and the node Lease ----

func (p *Plane) registerNode(n *Node, ep int) {
	r, _ := LookupResource("nodes")
	p.viaLB(func(a *APIServer) {
		a.create(a.epoch, a.key(r.Key("", n.Name)), NewNode(n.Name, n.IP, p.env.Now()), func(_ *Object, err error) {
			var se *StatusError
			if err != nil && !(errors.As(err, &se) && se.Reason == "AlreadyExists") {
				p.kubeletAfter(n, ep, time.Second, func() { p.registerNode(n, ep) })
				return
			}
			p.renewLease(n, ep)
		})
	}, func() { p.kubeletAfter(n, ep, time.Second, func() { p.registerNode(n, ep) }) })
}

// renewLease updates (or creates) kube-node-lease/<node> every 10 s,
// retrying from 200 ms doubling to 7 s on failure.
func (p *Plane) renewLease(n *Node, ep int) {
	retry := func() {
		n.leaseBackoff = min(max(2*n.leaseBackoff, 200*time.Millisecond), 7*time.Second)
		p.kubeletAfter(n, ep, n.leaseBackoff, func() { p.renewLease(n, ep) })
	}
	ok := func() {
		n.leaseBackoff = 0
		p.kubeletAfter(n, ep, NodeLeaseRenew, func() { p.renewLease(n, ep) })
	}
	r, _ := LookupResource("leases")
	p.viaLB(func(a *APIServer) {
		key := a.key(r.Key("kube-node-lease", n.Name))
		a.get(a.epoch, key, func(cur *Object, err error) {
			if err != nil {
				retry()
				return
			}
			now := p.env.Now()
			if cur == nil {
				a.create(a.epoch, key, NewNodeLease(n.Name, now), func(_ *Object, err error) {
					if err != nil {
						retry()
						return
					}
					ok()
				})
				return
			}
			rev, _ := strconv.ParseInt(cur.Metadata.ResourceVersion, 10, 64) // ours: decimal
			next := *cur
			next.Spec = map[string]any{}
			for k, v := range cur.Spec {
				next.Spec[k] = v
			}
			next.Spec["renewTime"] = microTime(now)
			a.update(a.epoch, key, rev, &next, func(_ *Object, err error) {
				if err != nil {
					retry()
					return
				}
				ok()
			})
		})
	}, retry)
}

// viaLB sends a request through the load balancer to an API server after
// one network hop (or calls refused when no API server accepts).
func (p *Plane) viaLB(f func(a *APIServer), refused func()) {
	a := p.pickAPIServer()
	if a == nil {
		p.env.After(p.env.Latency(), refused)
		return
	}
	ep := a.epoch
	p.env.After(2*p.env.Latency(), func() {
		if !a.running || a.epoch != ep {
			refused()
			return
		}
		f(a)
	})
}

// ---- crictl ----

// Containers lists a node's static pod containers (crictl ps -a).
type Container struct {
	_                           [0]func() // not comparable: no generated equality in the page
	ID, Image, Name, Pod, State string
	Attempt                     int
	Created                     time.Duration
}

func (p *Plane) containers(n *Node) []Container {
	var out []Container
	for _, f := range keys.Sorted(n.pods) {
		ps := n.pods[f]
		img := EtcdImage
		if ps.comp == "kube-apiserver" {
			img = APIServerImage
		}
		st := "Running"
		if !ps.running {
			st = "Exited"
		}
		out = append(out, Container{ID: ps.container, Image: img, Name: ps.pod.Name, Pod: ps.name, State: st, Attempt: ps.attempt, Created: ps.created})
	}
	ptrsort.StableFunc(out, func(a, b *Container) int { return cmp.Compare(b.Created, a.Created) })
	return out
}
