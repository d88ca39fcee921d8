package kube

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/columns"
	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/raftlab/raftlab/core/walltime"
)

// KubectlHelp is kubectl's help in the lab.
const KubectlHelp = `kubectl controls the Kubernetes cluster manager (raftlab's subset).

 Through the load balancer (https://192.168.0.100:6443) to an API server:
  get (nodes|namespaces|configmaps|leases|endpoints) [NAME] [-n NS|-A] [-o wide|json|yaml|name]
  get --raw /readyz?verbose | /livez[?verbose] | /readyz
  create namespace NAME
  create configmap NAME [--from-literal=key=value]... [-n NS]
  delete (namespace|configmap|lease) NAME [-n NS]
  logs -n kube-system POD        (a static pod's log, from its node's kubelet)
  cluster-info

Objects are stored in etcd under /registry/<resource>/<namespace>/<name>, as JSON in
raftlab (real clusters store protobuf: --storage-media-type=application/vnd.kubernetes.protobuf),
so 'etcdctl get /registry --prefix --keys-only' shows what kubectl did.
`

type kubectlArgs struct {
	verb      string
	pos       []string
	namespace string
	allNS     bool
	output    string
	raw       string
	literals  []string
}

func parseKubectl(args []string) (*kubectlArgs, error) {
	k := &kubectlArgs{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func(name string) (string, error) {
			if v, ok := strings.CutPrefix(a, name+"="); ok {
				return v, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag needs an argument: %s", name)
			}
			i++
			return args[i], nil
		}
		var err error
		switch {
		case a == "-n" || a == "--namespace" || strings.HasPrefix(a, "--namespace=") || strings.HasPrefix(a, "-n="):
			name := "--namespace"
			if strings.HasPrefix(a, "-n") {
				name = "-n"
			}
			k.namespace, err = val(name)
		case strings.HasPrefix(a, "-n") && len(a) > 2 && !strings.HasPrefix(a, "--"):
			k.namespace = a[2:]
		case a == "-A" || a == "--all-namespaces":
			k.allNS = true
		case a == "-o" || a == "--output" || strings.HasPrefix(a, "--output=") || strings.HasPrefix(a, "-o="):
			name := "--output"
			if strings.HasPrefix(a, "-o") {
				name = "-o"
			}
			k.output, err = val(name)
		case strings.HasPrefix(a, "-o") && len(a) > 2 && !strings.HasPrefix(a, "--"):
			k.output = a[2:]
		case a == "--raw" || strings.HasPrefix(a, "--raw="):
			k.raw, err = val("--raw")
		case a == "--from-literal" || strings.HasPrefix(a, "--from-literal="):
			var v string
			v, err = val("--from-literal")
			k.literals = append(k.literals, v)
		case strings.HasPrefix(a, "-") && a != "-":
			name, _, _ := strings.Cut(a, "=")
			if strings.HasPrefix(name, "--") {
				return nil, fmt.Errorf("unknown flag: %s", name)
			}
			return nil, fmt.Errorf("unknown shorthand flag: %q in %s", name[1:2], a)
		case k.verb == "":
			k.verb = a
		default:
			k.pos = append(k.pos, a)
		}
		if err != nil {
			return nil, err
		}
	}
	if k.namespace == "" {
		k.namespace = "default"
	}
	return k, nil
}

// Kubectl runs a kubectl command on host; done gets its exit code once the
// answer came back (through the load balancer and an API server).
func (p *Plane) Kubectl(host string, args []string, stdout, stderr io.Writer, done func(int)) {
	fail := func(format string, a ...any) {
		fmt.Fprintf(stderr, format+"\n", a...)
		done(1)
	}
	k, err := parseKubectl(args)
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\nSee 'kubectl --help' for usage.\n", err)
		done(1)
		return
	}
	switch k.verb {
	case "", "help":
		fmt.Fprint(stdout, KubectlHelp)
		done(0)
		return
	case "get", "create", "delete", "logs", "cluster-info", "version":
	default:
		fail("error: unknown command %q for \"kubectl\"\n\nDid you mean this?\n\tget\n\tcreate\n\tdelete\n\tlogs", k.verb)
		return
	}
	if _, ok := p.env.Files(host)["/etc/kubernetes/admin.conf"]; !ok || p.byName[host] == nil || !p.byName[host].ControlPlane {
		// No kubeconfig: kubectl falls back to localhost:8080.
		p.env.After(0, func() {
			fail("The connection to the server localhost:8080 was refused - did you specify the right host or port?")
		})
		return
	}
	if k.verb == "cluster-info" {
		p.env.After(0, func() {
			fmt.Fprintf(stdout, "Kubernetes control plane is running at https://%s\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n", p.LBAddress())
			done(0)
		})
		return
	}
	if k.verb == "version" {
		p.env.After(0, func() {
			fmt.Fprintf(stdout, "Client Version: %s\nKustomize Version: v5.4.2\nServer Version: %s\n", KubeVersion, KubeVersion)
			done(0)
		})
		return
	}
	lat := p.env.Latency()
	p.viaLB(func(a *APIServer) {
		ep := a.epoch
		reply := func(f func()) {
			// The answer travels back through the load balancer.
			p.env.After(2*lat, f)
		}
		p.serve(a, ep, k, stdout, stderr, func(code int) { reply(func() { done(code) }) })
	}, func() {
		fail("The connection to the server %s was refused - did you specify the right host or port?", p.LBAddress())
	})
}

// resource reads TYPE [NAME...] or TYPE/NAME from the arguments.
func (k *kubectlArgs) resource(stderr io.Writer) (Resource, []string, bool) {
	kind, names := k.pos[0], k.pos[1:]
	if t, n, ok := strings.Cut(kind, "/"); ok {
		kind, names = t, append([]string{n}, names...)
	}
	r, ok := LookupResource(kind)
	if !ok {
		fmt.Fprintf(stderr, "error: the server doesn't have a resource type %q\n", kind)
	}
	return r, names, ok
}

// serverError prints an API error as kubectl does (cmd/util/helpers.go).
func serverError(w io.Writer, err error) {
	se, ok := err.(*StatusError)
	if !ok {
		fmt.Fprintf(w, "error: %v\n", err)
		return
	}
	if se.Reason == "" {
		fmt.Fprintf(w, "Error from server: %s\n", se.Message)
		return
	}
	fmt.Fprintf(w, "Error from server (%s): %s\n", se.Reason, se.Message)
}

func (p *Plane) serve(a *APIServer, ep int, k *kubectlArgs, stdout, stderr io.Writer, done func(int)) {
	failed := func(err error) {
		serverError(stderr, err)
		done(1)
	}
	usage := func(msg string) {
		fmt.Fprintf(stderr, "error: %s\nSee 'kubectl %s -h' for help and examples\n", msg, k.verb)
		done(1)
	}
	switch k.verb {
	case "get":
		if k.raw != "" {
			p.getRaw(a, ep, k.raw, stdout, stderr, done)
			return
		}
		if len(k.pos) == 0 {
			usage("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.")
			return
		}
		r, names, ok := k.resource(stderr)
		if !ok {
			done(1)
			return
		}
		ns := k.namespace
		if k.allNS || !r.Namespaced {
			ns = ""
		}
		if len(names) > 0 {
			var objs []*Object
			var next func(i int)
			next = func(i int) {
				if i == len(names) {
					p.printObjects(r, objs, k, ns, len(names) == 1, stdout)
					done(0)
					return
				}
				a.get(ep, a.key(r.Key(k.namespace, names[i])), func(o *Object, err error) {
					if err != nil {
						failed(err)
						return
					}
					if o == nil {
						if len(objs) > 0 {
							p.printObjects(r, objs, k, ns, false, stdout)
						}
						failed(notFound(r, names[i]))
						return
					}
					objs = append(objs, o)
					next(i + 1)
				})
			}
			next(0)
			return
		}
		a.list(ep, a.key(r.ListPrefix(ns)), func(objs []*Object, err error) {
			if err != nil {
				failed(err)
				return
			}
			if len(objs) == 0 {
				if r.Namespaced && ns != "" {
					fmt.Fprintf(stderr, "No resources found in %s namespace.\n", ns)
				} else {
					fmt.Fprintln(stderr, "No resources found")
				}
				done(0)
				return
			}
			if r.Plural != "nodes" {
				p.printObjects(r, objs, k, ns, false, stdout)
				done(0)
				return
			}
			// Node readiness from the node Leases (the node lifecycle
			// controller's 40 s grace period).
			lr, _ := LookupResource("leases")
			a.list(ep, a.key(lr.ListPrefix("kube-node-lease")), func(leases []*Object, err error) {
				if err != nil {
					failed(err)
					return
				}
				p.markReady(objs, leases)
				p.printObjects(r, objs, k, ns, false, stdout)
				done(0)
			})
		})
	case "create":
		if len(k.pos) < 2 {
			usage("Unexpected args: " + fmt.Sprint(k.pos))
			return
		}
		kind, name := k.pos[0], k.pos[1]
		if msg := validName(name); msg != "" {
			what := "ConfigMap"
			if kind == "namespace" || kind == "ns" {
				what = "Namespace"
			}
			fmt.Fprintf(stderr, "The %s %q is invalid: metadata.name: Invalid value: %q: %s\n", what, name, name, msg)
			done(1)
			return
		}
		var r Resource
		var o *Object
		switch kind {
		case "namespace", "ns":
			r, _ = LookupResource("namespaces")
			o = NewNamespace(name, p.env.Now())
		case "configmap", "cm":
			r, _ = LookupResource("configmaps")
			data := map[string]string{}
			for _, l := range k.literals {
				key, v, ok := strings.Cut(l, "=")
				if !ok || key == "" {
					fmt.Fprintf(stderr, "error: invalid literal source %s, expected key=value\n", l)
					done(1)
					return
				}
				data[key] = v
			}
			if len(data) == 0 {
				data = nil
			}
			o = NewConfigMap(k.namespace, name, data, p.env.Now())
		default:
			fmt.Fprintf(stderr, "error: unknown command %q for \"kubectl create\" (raftlab creates namespace and configmap)\n", kind)
			done(1)
			return
		}
		doCreate := func() {
			a.create(ep, a.key(r.Key(k.namespace, name)), o, func(_ *Object, err error) {
				if err != nil {
					failed(err)
					return
				}
				fmt.Fprintf(stdout, "%s/%s created\n", r.Singular, name)
				done(0)
			})
		}
		if !r.Namespaced || a.cachedNamespace(k.namespace) {
			doCreate()
			return
		}
		// NamespaceLifecycle: not in the informer's cache, so ask storage.
		nr, _ := LookupResource("namespaces")
		a.get(ep, a.key(nr.Key("", k.namespace)), func(ns *Object, err error) {
			if err != nil {
				failed(err)
				return
			}
			if ns == nil {
				failed(notFound(nr, k.namespace))
				return
			}
			doCreate()
		})
	case "delete":
		if len(k.pos) == 0 {
			usage("You must provide one or more resources by argument or filename.")
			return
		}
		r, names, ok := k.resource(stderr)
		if !ok {
			done(1)
			return
		}
		if len(names) == 0 {
			usage("resource(s) were provided, but no name was specified")
			return
		}
		var next func(i int)
		next = func(i int) {
			if i == len(names) {
				done(0)
				return
			}
			name := names[i]
			if r.Plural == "namespaces" && (name == "default" || name == "kube-system" || name == "kube-public") {
				failed(&StatusError{Code: 403, Reason: "Forbidden", Message: fmt.Sprintf("namespaces %q is forbidden: this namespace may not be deleted", name)})
				return
			}
			a.remove(ep, r, a.key(r.Key(k.namespace, name)), name, func(err error) {
				if err != nil {
					failed(err)
					return
				}
				fmt.Fprintf(stdout, "%s %q deleted\n", r.Singular, name)
				if r.Plural == "namespaces" {
					// The namespace controller's job: delete what it held.
					p.deleteNamespaced(a, ep, name)
				}
				next(i + 1)
			})
		}
		next(0)
	case "logs":
		if len(k.pos) != 1 {
			usage("expected POD")
			return
		}
		name := strings.TrimPrefix(k.pos[0], "pod/")
		for _, n := range p.nodes {
			for _, f := range keys.Sorted(n.pods) {
				ps := n.pods[f]
				if ps.name != name || k.namespace != "kube-system" {
					continue
				}
				if !n.Up {
					fmt.Fprintf(stderr, "Error from server: Get \"https://%s:10250/containerLogs/kube-system/%s/%s\": dial tcp %s:10250: connect: no route to host\n", n.IP, name, ps.pod.Name, n.IP)
					done(1)
					return
				}
				for _, l := range ps.logs {
					fmt.Fprintln(stdout, l)
				}
				done(0)
				return
			}
		}
		failed(&StatusError{Code: 404, Reason: "NotFound", Message: fmt.Sprintf("pods %q not found", name)})
	}
}

// deleteNamespaced removes a deleted namespace's objects.
func (p *Plane) deleteNamespaced(a *APIServer, ep int, ns string) {
	for _, r := range Resources {
		if !r.Namespaced {
			continue
		}
		prefix := a.key(r.ListPrefix(ns))
		a.etcd(ReqTimeout).DeleteRange(deleteRange(prefix), answer(a, ep, ReqTimeout, func(*etcdpb.DeleteRangeResponse, error) {}))
	}
}

func validName(name string) string {
	if len(name) > 253 {
		return "must be no more than 253 characters"
	}
	for i, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || (c == '-' || c == '.') && i > 0 && i < len(name)-1) {
			return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
		}
	}
	if name == "" {
		return "name or generateName is required"
	}
	return ""
}

func (p *Plane) markReady(nodes, leases []*Object) {
	now := Epoch.Add(p.env.Now())
	renew := map[string]time.Time{}
	for _, l := range leases {
		if s, ok := l.Spec["renewTime"].(string); ok {
			if t, ok := walltime.ParseMicro(s); ok {
				renew[l.Metadata.Name] = t
			}
		}
	}
	for _, n := range nodes {
		st := "Unknown"
		if t, ok := renew[n.Metadata.Name]; ok && now.Sub(t) <= NodeLeaseSeconds*time.Second {
			st = "True"
		}
		if n.Status == nil {
			n.Status = map[string]any{}
		}
		n.Status["conditions"] = []any{map[string]any{"type": "Ready", "status": st}}
	}
}

func (p *Plane) getRaw(a *APIServer, ep int, raw string, stdout, stderr io.Writer, done func(int)) {
	path, query, _ := strings.Cut(raw, "?")
	verbose := strings.Contains("&"+query+"&", "&verbose&") || strings.Contains(query, "verbose=")
	switch path {
	case "/readyz", "/livez", "/healthz":
		if path == "/healthz" {
			path = "/livez"
		}
		a.health(ep, path, verbose, func(code int, body string) {
			if code != 200 {
				fmt.Fprintf(stderr, "Error from server (InternalError): an error on the server (%q) has prevented the request from succeeding\n", strings.TrimSpace(body))
				done(1)
				return
			}
			fmt.Fprint(stdout, body)
			done(0)
		})
	case "/readyz/etcd", "/livez/etcd":
		a.health(ep, path[:strings.LastIndexByte(path, '/')], false, func(code int, _ string) {
			if code != 200 {
				fmt.Fprintf(stderr, "Error from server (InternalError): an error on the server (%q) has prevented the request from succeeding\n", "internal server error: etcd client connection not yet established")
				done(1)
				return
			}
			fmt.Fprint(stdout, "ok")
			done(0)
		})
	default:
		fmt.Fprintf(stderr, "Error from server (NotFound): the server could not find the requested resource\n")
		done(1)
	}
}

// ---- printing ----

func (p *Plane) printObjects(r Resource, objs []*Object, k *kubectlArgs, ns string, single bool, w io.Writer) {
	sortObjects(objs)
	switch k.output {
	case "json", "yaml":
		var b jsonw.Writer
		if single {
			objs[0].EncodeJSON(&b)
		} else {
			b.Object()
			b.Key("apiVersion")
			b.String("v1")
			b.Key("items")
			jsonw.List(&b, objs)
			b.Key("kind")
			b.String("List")
			b.Key("metadata")
			b.Object()
			b.Key("resourceVersion")
			b.String("")
			b.End()
			b.End()
		}
		generic, _ := jsonw.UnmarshalAny(b.B)
		if k.output == "json" {
			var out jsonw.Writer
			out.Any(generic)
			fmt.Fprintf(w, "%s\n", jsonw.Indent(out.B, "    "))
		} else {
			writeYAML(w, generic, 0, false)
		}
		return
	case "name":
		for _, o := range objs {
			fmt.Fprintf(w, "%s/%s\n", r.Singular, o.Metadata.Name)
		}
		return
	case "", "wide":
	default:
		fmt.Fprintf(w, "error: unable to match a printer suitable for the output format %q, allowed formats are: json,name,wide,yaml\n", k.output)
		return
	}
	tw := columns.New(w, 0, 8, 3, ' ')
	defer tw.Flush()
	now := p.env.Now()
	var header []string
	row := func(o *Object) []string { return nil }
	switch r.Plural {
	case "nodes":
		// Appended to nil, not a []string literal, whose [5]string
		// backing array, allocated, linked that type's generated equality.
		header = append([]string(nil), "NAME", "STATUS", "ROLES", "AGE", "VERSION")
		if k.output == "wide" {
			header = append(header, "INTERNAL-IP")
		}
		row = func(o *Object) []string {
			st := "NotReady"
			if c, ok := o.Status["conditions"].([]any); ok && len(c) > 0 {
				if m, ok := c[0].(map[string]any); ok && m["status"] == "True" {
					st = "Ready"
				}
			}
			out := append([]string(nil), o.Metadata.Name, st, "control-plane", age(o, now), KubeVersion)
			if k.output == "wide" {
				ip := ""
				if as, ok := o.Status["addresses"].([]any); ok && len(as) > 0 {
					ip, _ = as[0].(map[string]any)["address"].(string)
				}
				out = append(out, ip)
			}
			return out
		}
	case "namespaces":
		header = []string{"NAME", "STATUS", "AGE"}
		row = func(o *Object) []string {
			ph, _ := o.Status["phase"].(string)
			return []string{o.Metadata.Name, ph, age(o, now)}
		}
	case "configmaps":
		header = []string{"NAME", "DATA", "AGE"}
		row = func(o *Object) []string { return []string{o.Metadata.Name, strconv.Itoa(len(o.Data)), age(o, now)} }
	case "leases":
		header = []string{"NAME", "HOLDER", "AGE"}
		row = func(o *Object) []string {
			h, _ := o.Spec["holderIdentity"].(string)
			return []string{o.Metadata.Name, h, age(o, now)}
		}
	case "endpoints":
		header = []string{"NAME", "ENDPOINTS", "AGE"}
		row = func(o *Object) []string {
			var eps []string
			for _, s := range o.Subsets {
				for _, ad := range s.Addresses {
					for _, pt := range s.Ports {
						eps = append(eps, fmt.Sprintf("%s:%d", ad.IP, pt.Port))
					}
				}
			}
			list := "<none>"
			if len(eps) > 3 {
				list = strings.Join(eps[:3], ",") + fmt.Sprintf(" + %d more...", len(eps)-3)
			} else if len(eps) > 0 {
				list = strings.Join(eps, ",")
			}
			return []string{o.Metadata.Name, list, age(o, now)}
		}
	}
	withNS := r.Namespaced && k.allNS
	if withNS {
		header = append([]string{"NAMESPACE"}, header...)
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, o := range objs {
		cells := row(o)
		if withNS {
			cells = append([]string{o.Metadata.Namespace}, cells...)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
}

// writeYAML prints a JSON-decoded value as kubectl -o yaml does (keys sorted).
func writeYAML(w io.Writer, v any, indent int, inList bool) {
	pad := strings.Repeat(" ", indent)
	switch t := v.(type) {
	case map[string]any:
		for i, k := range keys.Sorted(t) {
			prefix := pad
			if inList && i == 0 {
				prefix = ""
			}
			switch c := t[k].(type) {
			case map[string]any:
				if len(c) == 0 {
					fmt.Fprintf(w, "%s%s: {}\n", prefix, k)
					continue
				}
				fmt.Fprintf(w, "%s%s:\n", prefix, k)
				writeYAML(w, c, indent+2, false)
			case []any:
				if len(c) == 0 {
					fmt.Fprintf(w, "%s%s: []\n", prefix, k)
					continue
				}
				fmt.Fprintf(w, "%s%s:\n", prefix, k)
				writeYAML(w, c, indent, false)
			default:
				fmt.Fprintf(w, "%s%s: %s\n", prefix, k, yamlValue(c))
			}
		}
	case []any:
		for _, e := range t {
			switch e.(type) {
			case map[string]any:
				fmt.Fprintf(w, "%s- ", pad)
				writeYAML(w, e, indent+2, true)
			default:
				fmt.Fprintf(w, "%s- %s\n", pad, yamlValue(e))
			}
		}
	}
}

func yamlValue(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		if _, err := strconv.ParseFloat(t, 64); err == nil || t == "" || t == "true" || t == "false" || t == "null" {
			return "\"" + t + "\""
		}
		return yamlScalar(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	}
	return fmt.Sprint(v)
}
