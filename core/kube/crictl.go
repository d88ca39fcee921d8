package kube

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/columns"
	"github.com/raftlab/raftlab/core/internal/keys"
)

// Crictl is crictl on host: ps [-a], logs <container>, pods.
func (p *Plane) Crictl(host string, args []string, stdout, stderr io.Writer) int {
	n := p.byName[host]
	if n == nil || !n.ControlPlane {
		fmt.Fprintln(stderr, `time="2026-01-01T00:00:00Z" level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \"unix:///run/containerd/containerd.sock\": rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory\""`)
		return 1
	}
	if len(args) == 0 {
		fmt.Fprintln(stdout, "usage: crictl ps [-a] | crictl logs CONTAINER-ID | crictl pods")
		return 0
	}
	now := p.env.Now()
	// docker/go-units HumanDuration, as crictl prints CREATED.
	ago := func(t time.Duration) string {
		d := now - t
		switch s, m, h := int(d.Seconds()), int(d.Minutes()), int(d.Hours()+0.5); {
		case s < 1:
			return "Less than a second ago"
		case s == 1:
			return "1 second ago"
		case s < 60:
			return fmt.Sprintf("%d seconds ago", s)
		case m == 1:
			return "About a minute ago"
		case m < 60:
			return fmt.Sprintf("%d minutes ago", m)
		case h == 1:
			return "About an hour ago"
		default:
			return fmt.Sprintf("%d hours ago", h)
		}
	}
	switch args[0] {
	case "ps":
		all := false
		for _, a := range args[1:] {
			switch a {
			case "-a", "--all":
				all = true
			default:
				fmt.Fprintf(stderr, "crictl: flag provided but not defined: %s\n", a)
				return 1
			}
		}
		tw := columns.New(stdout, 20, 1, 3, ' ')
		fmt.Fprintln(tw, "CONTAINER\tIMAGE\tCREATED\tSTATE\tNAME\tATTEMPT\tPOD ID\tPOD")
		for _, c := range p.containers(n) {
			if !all && c.State != "Running" {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", c.ID[:13], c.Image[strings.LastIndexByte(c.Image, '/')+1:], ago(c.Created), c.State, c.Name, c.Attempt, hexID(n.Name, c.Pod)[:13], c.Pod)
		}
		tw.Flush()
		return 0
	case "pods":
		tw := columns.New(stdout, 20, 1, 3, ' ')
		fmt.Fprintln(tw, "POD ID\tCREATED\tSTATE\tNAME\tNAMESPACE\tATTEMPT\tRUNTIME")
		for _, f := range keys.Sorted(n.pods) {
			ps := n.pods[f]
			fmt.Fprintf(tw, "%s\t%s\tReady\t%s\tkube-system\t0\t(default)\n", hexID(n.Name, ps.name)[:13], ago(ps.created), ps.name)
		}
		tw.Flush()
		return 0
	case "logs":
		if len(args) != 2 {
			fmt.Fprintln(stderr, `time="2026-01-01T00:00:00Z" level=fatal msg="ID cannot be empty"`)
			return 1
		}
		id := args[1]
		for _, f := range keys.Sorted(n.pods) {
			ps := n.pods[f]
			if len(id) >= 3 && strings.HasPrefix(ps.container, id) {
				for _, l := range ps.logs {
					fmt.Fprintln(stdout, l)
				}
				return 0
			}
		}
		fmt.Fprintf(stderr, "time=\"2026-01-01T00:00:00Z\" level=fatal msg=\"failed to try resolving symlinks in path \\\"/var/log/pods/%s/log\\\": lstat: no such file or directory\"\n", id)
		return 1
	}
	fmt.Fprintf(stderr, "No help topic for '%s'\n", args[0])
	return 1
}
