package kube

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/walltime"

	"github.com/raftlab/raftlab/core/etcdconf"
)

// systemd on the external etcd nodes: the note's etcd.service, loaded at
// daemon-reload, started from its ExecStart.

type unit struct {
	name    string
	file    string
	loaded  string // the unit file as of the last daemon-reload
	enabled bool
	active  string // active, inactive, failed
	result  string // why it failed
	pid     int
	since   time.Duration
	journal []string
}

func (u *unit) log(now time.Duration, host, ident, msg string) {
	for _, l := range strings.Split(msg, "\n") {
		u.journal = append(u.journal, journalLine(now, host, ident, l))
	}
	if len(u.journal) > 200 {
		u.journal = u.journal[len(u.journal)-200:]
	}
}

// journalLine is journalctl's short format.
func journalLine(now time.Duration, host, ident, msg string) string {
	return walltime.Journal(Epoch.Add(now)) + " " + host + " " + ident + ": " + msg
}

// execStart reads ExecStart= from a unit file (with continuation lines).
func execStart(unitFile string) (string, error) {
	lines := strings.Split(strings.ReplaceAll(unitFile, "\r\n", "\n"), "\n")
	var out string
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		v, ok := strings.CutPrefix(t, "ExecStart=")
		if !ok {
			continue
		}
		cmd := v
		for strings.HasSuffix(strings.TrimSpace(cmd), `\`) && i+1 < len(lines) {
			i++
			cmd = strings.TrimSuffix(strings.TrimSpace(cmd), `\`) + " " + strings.TrimSpace(lines[i])
		}
		if strings.TrimSpace(cmd) != "" {
			out = cmd
		}
	}
	if out == "" {
		//lint:ignore ST1005 systemd's own message (src/core/service.c), printed as it is
		return "", errors.New("Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.")
	}
	return out, nil
}

func (p *Plane) unitStart(n *Node, u *unit) (string, int) {
	now := p.env.Now()
	if u.active == "active" {
		return "", 0
	}
	cmd, err := execStart(u.loaded)
	if err != nil {
		u.active, u.result = "failed", "resources"
		u.log(now, n.Name, "systemd[1]", u.name+".service: "+err.Error())
		return fmt.Sprintf("Failed to start %s.service: Unit %s.service has a bad unit file setting.\nSee system logs and 'systemctl status %s.service' for details.\n", u.name, u.name, u.name), 1
	}
	u.pid = p.pid()
	ident := fmt.Sprintf("etcd[%d]", u.pid)
	u.log(now, n.Name, "systemd[1]", "Starting etcd.service - etcd...")
	u.log(now, n.Name, ident, etcdLog("info", "Running: ", "args", strings.Fields(strings.ReplaceAll(cmd, `\`, " "))))
	if err := p.env.RunEtcd(n.Name, cmd); err != nil {
		var ee *etcdconf.Error
		msg := err.Error()
		code := 1
		if errors.As(err, &ee) {
			msg = strings.TrimRight(ee.Stderr(), "\n")
			code = ee.ExitCode
		}
		u.log(now, n.Name, ident, msg)
		if code == 0 && ee != nil {
			// etcd runs but never joins: Type=notify waits for READY=1
			// until TimeoutStartSec (90 s).
			u.active, u.result = "failed", "timeout"
			u.log(now, n.Name, "systemd[1]", "etcd.service: start operation timed out. Terminating.")
			u.log(now, n.Name, "systemd[1]", "etcd.service: Failed with result 'timeout'.")
			p.env.StopEtcd(n.Name, false)
			return "Job for etcd.service failed because a timeout was exceeded.\nSee \"systemctl status etcd.service\" and \"journalctl -xeu etcd.service\" for details.\n", 1
		}
		u.active, u.result = "failed", "exit-code"
		status := strconv.Itoa(code) + "/"
		switch code {
		case 1:
			status += "FAILURE"
		case 2:
			status += "INVALIDARGUMENT"
		}
		u.log(now, n.Name, "systemd[1]", "etcd.service: Main process exited, code=exited, status="+status)
		u.log(now, n.Name, "systemd[1]", "etcd.service: Failed with result 'exit-code'.")
		u.log(now, n.Name, "systemd[1]", "Failed to start etcd.service - etcd.")
		return "Job for etcd.service failed because the control process exited with error code.\nSee \"systemctl status etcd.service\" and \"journalctl -xeu etcd.service\" for details.\n", 1
	}
	u.active, u.result, u.since = "active", "", now
	u.log(now, n.Name, "systemd[1]", "Started etcd.service - etcd.")
	return "", 0
}

func (p *Plane) unitStop(n *Node, u *unit) {
	if u.active != "active" {
		u.active = "inactive"
		return
	}
	now := p.env.Now()
	u.log(now, n.Name, "systemd[1]", "Stopping etcd.service - etcd...")
	p.env.StopEtcd(n.Name, true)
	u.active, u.since = "inactive", now
	u.log(now, n.Name, "systemd[1]", "etcd.service: Deactivated successfully.")
	u.log(now, n.Name, "systemd[1]", "Stopped etcd.service - etcd.")
}

// Systemctl is systemctl on host.
func (p *Plane) Systemctl(host string, args []string, stdout, stderr io.Writer) int {
	n := p.byName[host]
	if n == nil || !n.Up {
		fmt.Fprintln(stderr, "System has not been booted with systemd as init system (PID 1). Can't operate.")
		return 1
	}
	var verb string
	var names []string
	for _, a := range args {
		switch {
		case a == "--now" || a == "--no-pager" || a == "-l" || a == "--full" || a == "-q":
		case strings.HasPrefix(a, "-"):
			fmt.Fprintf(stderr, "systemctl: unrecognized option '%s'\n", a)
			return 1
		case verb == "":
			verb = a
		default:
			names = append(names, strings.TrimSuffix(a, ".service"))
		}
	}
	if verb == "" {
		fmt.Fprintln(stderr, "raftlab: systemctl daemon-reload|start|stop|restart|enable|disable|status <unit>")
		return 1
	}
	if verb == "daemon-reload" {
		for _, u := range n.units {
			u.loaded = string(p.env.Files(n.Name)[u.file])
		}
		return 0
	}
	if len(names) == 0 {
		fmt.Fprintf(stderr, "Too few arguments.\n")
		return 1
	}
	code := 0
	for _, name := range names {
		if name == KubeletService && n.ControlPlane {
			code = max(code, p.kubeletctl(n, verb, stdout, stderr))
			continue
		}
		u := n.units[name]
		if u == nil {
			switch verb {
			case "status":
				fmt.Fprintf(stderr, "Unit %s.service could not be found.\n", name)
				code = 4
			default:
				fmt.Fprintf(stderr, "Failed to %s %s.service: Unit %s.service not found.\n", verb, name, name)
				code = 5
			}
			continue
		}
		changed := string(p.env.Files(n.Name)[u.file]) != u.loaded
		warn := func() {
			if changed {
				fmt.Fprintf(stderr, "Warning: The unit file, source configuration file or drop-ins of %s.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n", name)
			}
		}
		switch verb {
		case "start":
			warn()
			msg, c := p.unitStart(n, u)
			fmt.Fprint(stderr, msg)
			code = max(code, c)
		case "stop":
			warn()
			p.unitStop(n, u)
		case "restart":
			warn()
			p.unitStop(n, u)
			msg, c := p.unitStart(n, u)
			fmt.Fprint(stderr, msg)
			code = max(code, c)
		case "enable":
			if !u.enabled {
				u.enabled = true
				fmt.Fprintf(stderr, "Created symlink /etc/systemd/system/multi-user.target.wants/%s.service → %s.\n", name, u.file)
			}
		case "disable":
			if u.enabled {
				u.enabled = false
				fmt.Fprintf(stderr, "Removed \"/etc/systemd/system/multi-user.target.wants/%s.service\".\n", name)
			}
		case "is-active":
			fmt.Fprintln(stdout, u.active)
			if u.active != "active" {
				code = 3
			}
		case "status":
			code = max(code, p.unitStatus(n, u, changed, stdout))
		default:
			fmt.Fprintf(stderr, "Unknown command verb %s.\n", verb)
			return 1
		}
	}
	return code
}

// Stopping reports whether host's etcd unit was stopped but its process
// has not exited yet (a leader hands leadership over first, as etcd does
// on SIGTERM; systemctl stop waits for it).
func (p *Plane) Stopping(host string) bool {
	n := p.byName[host]
	if n == nil {
		return false
	}
	u := n.units["etcd"]
	return u != nil && u.active != "active" && p.env.EtcdRunning(host)
}

// unitStatus is systemctl status (systemd 252's layout, Debian 12).
func (p *Plane) unitStatus(n *Node, u *unit, changed bool, w io.Writer) int {
	now := p.env.Now()
	en := "disabled"
	if u.enabled {
		en = "enabled"
	}
	dot := "●"
	if u.active == "active" {
		dot = "●"
	} else if u.active == "failed" {
		dot = "×"
	} else {
		dot = "○"
	}
	fmt.Fprintf(w, "%s %s.service - etcd\n", dot, u.name)
	fmt.Fprintf(w, "     Loaded: loaded (%s; %s; preset: enabled)\n", u.file, en)
	if changed {
		fmt.Fprintf(w, "    Warning: The unit file, source configuration file or drop-ins of %s.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n", u.name)
	}
	since := walltime.Systemd(Epoch.Add(u.since))
	ago := HumanDuration(now - u.since)
	switch u.active {
	case "active":
		fmt.Fprintf(w, "     Active: active (running) since %s; %s ago\n", since, ago)
	case "failed":
		fmt.Fprintf(w, "     Active: failed (Result: %s) since %s; %s ago\n", u.result, since, ago)
	default:
		fmt.Fprintf(w, "     Active: inactive (dead) since %s; %s ago\n", since, ago)
	}
	fmt.Fprintf(w, "       Docs: https://github.com/coreos\n")
	if u.active == "active" {
		fmt.Fprintf(w, "   Main PID: %d (etcd)\n", u.pid)
	}
	fmt.Fprintln(w)
	tail := u.journal
	if len(tail) > 10 {
		tail = tail[len(tail)-10:]
	}
	for _, l := range tail {
		fmt.Fprintln(w, l)
	}
	if u.active == "active" {
		return 0
	}
	return 3
}

func (p *Plane) kubeletctl(n *Node, verb string, stdout, stderr io.Writer) int {
	switch verb {
	case "restart", "start":
		// A restarted kubelet scans its manifests at once.
		p.startKubelet(n)
		return 0
	case "status":
		fmt.Fprintf(stdout, "● kubelet.service - kubelet: The Kubernetes Node Agent\n     Loaded: loaded (/lib/systemd/system/kubelet.service; enabled; preset: enabled)\n    Drop-In: /usr/lib/systemd/system/kubelet.service.d\n             └─10-kubeadm.conf\n     Active: active (running) since %s; %s ago\n\n",
			walltime.Systemd(Epoch.Add(n.kubeletSince)), HumanDuration(p.env.Now()-n.kubeletSince))
		return 0
	case "enable", "daemon-reload":
		return 0
	}
	fmt.Fprintf(stderr, "raftlab: systemctl %s kubelet is not simulated\n", verb)
	return 1
}

// Journalctl is journalctl -u <unit> on host.
func (p *Plane) Journalctl(host string, args []string, stdout, stderr io.Writer) int {
	n := p.byName[host]
	if n == nil {
		fmt.Fprintln(stdout, "-- No entries --")
		return 0
	}
	name, lines := "", -1
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-u" && i+1 < len(args):
			i++
			name = args[i]
		case strings.HasPrefix(a, "-u"):
			name = strings.TrimPrefix(a, "-u")
		case strings.HasPrefix(a, "--unit="):
			name = strings.TrimPrefix(a, "--unit=")
		case a == "-n" && i+1 < len(args):
			i++
			if n, err := strconv.Atoi(args[i]); err == nil {
				lines = n
			}
		case a == "--no-pager" || a == "-e" || a == "-x" || a == "-xe" || a == "-xeu" && i+1 < len(args):
			if a == "-xeu" {
				i++
				name = args[i]
			}
		case strings.HasPrefix(a, "-"):
			fmt.Fprintf(stderr, "journalctl: unrecognized option '%s'\n", a)
			return 1
		}
	}
	name = strings.TrimSuffix(name, ".service")
	var out []string
	switch {
	case name == KubeletService && n.ControlPlane:
		out = n.kubeletJournal
	case n.units[name] != nil:
		out = n.units[name].journal
	}
	if len(out) == 0 {
		fmt.Fprintln(stdout, "-- No entries --")
		return 0
	}
	if lines >= 0 && len(out) > lines {
		out = out[len(out)-lines:]
	}
	for _, l := range out {
		fmt.Fprintln(stdout, l)
	}
	return 0
}
