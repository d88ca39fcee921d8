package console

// Clusters: a new one (reset), one from etcd's own command lines and back
// (cluster), and what it looks like now (status).

import (
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
	"github.com/raftlab/raftlab/core/etcdid"
	"github.com/raftlab/raftlab/core/raft/quorum"
)

func (con *Console) cmdReset(c *Call, args []string) int {
	s := con.m.Settings()
	tickMs, electMs := uint64(s.Heartbeat.Milliseconds()), uint64(s.ElectionTimeout.Milliseconds())
	for i := 0; i < len(args); i++ {
		k, v, hasV := strings.Cut(args[i], "=")
		boolFlag := k == "--pre-vote" || k == "--check-quorum"
		if !hasV && !boolFlag {
			if i+1 >= len(args) {
				return fail(c, 2, "reset: flag %s needs a value; usage: %s", k, commands["reset"].usage)
			}
			i++
			v = args[i]
		}
		if !hasV && boolFlag {
			v = "true"
		}
		var err error
		switch k {
		case "--size", "--members":
			s.Members, err = strconv.Atoi(v)
			if err == nil && (s.Members < 1 || s.Members > 7) {
				err = fmt.Errorf("size must be 1..7")
			}
		case "--seed":
			s.Seed, err = strconv.ParseInt(v, 10, 64)
		case "--heartbeat-interval":
			tickMs, err = parseMs(v)
		case "--election-timeout":
			electMs, err = parseMs(v)
		case "--max-request-bytes":
			s.MaxRequestBytes, err = strconv.ParseUint(v, 10, 32)
		case "--quota-backend-bytes":
			s.QuotaBackendBytes, err = strconv.ParseInt(v, 10, 64)
		case "--snapshot-count":
			s.SnapshotCount, err = strconv.ParseUint(v, 10, 64)
		case "--experimental-snapshot-catchup-entries":
			s.SnapshotCatchUpEntries, err = strconv.ParseUint(v, 10, 64)
			s.ZeroSnapshotCatchUpEntries = err == nil && s.SnapshotCatchUpEntries == 0
		case "--pre-vote":
			s.PreVote, err = strconv.ParseBool(v)
		case "--check-quorum":
			s.CheckQuorum, err = strconv.ParseBool(v)
		case "--topology":
			switch v {
			case "external", "stacked":
				s.Topology = v
			case "none", "":
				s.Topology, s.ControlPlanes = "", 0
			default:
				err = fmt.Errorf("want external, stacked or none")
			}
		case "--control-planes":
			s.ControlPlanes, err = strconv.Atoi(v)
			if err == nil && (s.ControlPlanes < 1 || s.ControlPlanes > 7) {
				err = fmt.Errorf("control planes must be 1..7")
			}
		default:
			return fail(c, 2, "reset: unknown flag %s; usage: %s", k, commands["reset"].usage)
		}
		if err != nil {
			return fail(c, 2, "reset: invalid value %q for %s: %v", v, k, err)
		}
	}
	if err := etcdconf.CheckTiming(tickMs, electMs); err != nil {
		return fail(c, 2, "reset: %v", err)
	}
	s.Heartbeat, s.ElectionTimeout = time.Duration(tickMs)*time.Millisecond, time.Duration(electMs)*time.Millisecond
	if s.ControlPlanes != 0 && s.Topology == "" {
		return fail(c, 2, "reset: --control-planes needs --topology external|stacked")
	}
	con.m.Reset(s)
	switch s.Topology {
	case "stacked":
		cp := max(s.ControlPlanes, 0)
		if cp == 0 {
			cp = 3
		}
		fmt.Fprintf(c.stdout, "new cluster: stacked control plane, %d control-plane nodes (cp-1..cp-%d, each with kube-apiserver and an etcd member), seed %d\n", cp, cp, s.Seed)
	case "external":
		cp := s.ControlPlanes
		if cp == 0 {
			cp = 3
		}
		fmt.Fprintf(c.stdout, "new cluster: external etcd, %d control-plane nodes (cp-1..cp-%d) and %d etcd members (node-1..node-%d), seed %d\n", cp, cp, s.Members, s.Members, s.Seed)
	default:
		fmt.Fprintf(c.stdout, "new cluster: %d members, seed %d\n", s.Members, s.Seed)
	}
	return 0
}

func (con *Console) cmdCluster(c *Call, args []string) int {
	if len(args) == 0 {
		return usage(c, args)
	}
	cl := con.m.Cluster()
	switch sub, rest := args[0], args[1:]; sub {
	case "from-flags":
		if len(rest) != 0 {
			return fail(c, 2, "cluster from-flags: takes no arguments; paste each member's etcd command line (or systemd unit) on the following lines")
		}
		lines := splitEtcdLines(c.stdin)
		if len(lines) == 0 {
			return fail(c, 2, "cluster from-flags: no etcd command lines; paste one per member after the command (see 'cluster show')")
		}
		return con.replaceCluster(c, lines)
	case "tls":
		n := len(cl.Members)
		if len(rest) == 2 && (rest[0] == "--size" || rest[0] == "--members") {
			rest = []string{rest[0] + "=" + rest[1]}
		}
		if len(rest) == 1 {
			v, ok := strings.CutPrefix(rest[0], "--size=")
			if !ok {
				v, ok = strings.CutPrefix(rest[0], "--members=")
			}
			var err error
			if n, err = strconv.Atoi(v); !ok || err != nil || n < 1 || n > 7 {
				return fail(c, 2, "cluster tls: invalid %q; usage: cluster tls [--size N] (N from 1 to 7)", rest[0])
			}
		} else if len(rest) != 0 {
			return fail(c, 2, "usage: cluster tls [--size N]")
		}
		if n < 1 || n > 7 {
			n = 3
		}
		return con.replaceCluster(c, etcdconf.DefaultTLSLines(n))
	case "show":
		if len(rest) != 0 {
			return fail(c, 2, "usage: cluster show")
		}
		for i, m := range cl.Members {
			if i > 0 {
				fmt.Fprintln(c.stdout)
			}
			if m.Config == nil {
				fmt.Fprintf(c.stdout, "==> %s: no command line (never started) <==\n", m.Name)
				continue
			}
			fmt.Fprintf(c.stdout, "==> %s <==\n%s\n", m.Name, m.Config.CommandLine())
		}
		return 0
	case "export":
		if len(rest) != 1 {
			return fail(c, 2, "usage: cluster export systemd|yaml|kubeadm")
		}
		// Each member with a command line, in member order: its unit or its config file.
		path, text := "/etc/systemd/system/etcd.service", (*etcdconf.Member).Unit
		switch rest[0] {
		case "systemd":
		case "yaml":
			path, text = "/etc/etcd/etcd.conf.yml (etcd --config-file /etc/etcd/etcd.conf.yml)", (*etcdconf.Member).ConfigYAML
		case "kubeadm":
			fmt.Fprint(c.stdout, cl.KubeadmExternal())
			return 0
		default:
			return fail(c, 2, "cluster export: unknown format %q; want systemd, yaml or kubeadm", rest[0])
		}
		for _, m := range cl.Members {
			if m.Config != nil {
				fmt.Fprintf(c.stdout, "==> %s: %s <==\n%s\n", m.Name, path, text(m.Config))
			}
		}
		return 0
	default:
		return fail(c, 2, "cluster: unknown subcommand %q; usage: %s", sub, commands["cluster"].usage)
	}
}

// replaceCluster starts the cluster etcd command lines describe, after
// this command (like reset); the hosts keep their files. A wrong
// configuration prints what etcd prints and changes nothing.
func (con *Console) replaceCluster(c *Call, lines []string) int {
	n, err := con.m.ReplaceCluster(lines)
	if err != nil {
		var e *etcdconf.Error
		if !errors.As(err, &e) {
			return fail(c, 1, "raftlab: %v", err)
		}
		fmt.Fprint(c.stderr, e.Stderr())
		who := fmt.Sprintf("etcd command line %d", e.Line+1)
		if e.Line < 0 {
			who = "etcd"
		}
		if e.Member != "" {
			who += " (" + e.Member + ")"
		}
		if e.ExitCode == 0 {
			fmt.Fprintf(c.stderr, "raftlab: %s keeps running but the cluster never elects a leader; cluster unchanged\n", who)
			return 1
		}
		fmt.Fprintf(c.stderr, "raftlab: %s exits with status %d; cluster unchanged\n", who, e.ExitCode)
		return e.ExitCode
	}
	names := make([]string, 0, len(n.Members))
	for _, m := range n.Members {
		names = append(names, m.Name)
	}
	scheme := "http"
	if TLS(n) {
		scheme = "https"
	}
	fmt.Fprintf(c.stdout, "new cluster from etcd flags: %d members (%s), %s, cluster ID %s\n",
		len(names), strings.Join(names, ", "), scheme, etcdid.Format(n.ClusterID))
	for _, w := range n.Warnings {
		fmt.Fprintf(c.stdout, "note: %s\n", w)
	}
	return 0
}

// TLS reports whether a cluster's members serve clients over TLS.
func TLS(cl *etcdconf.Cluster) bool {
	for _, m := range cl.Members {
		if m.Config != nil && m.Config.CertFile != "" {
			return true
		}
	}
	return false
}

// splitEtcdLines splits pasted text into one etcd command line per member:
// a member starts at each ExecStart= line and at each line that starts an
// etcd command, and ends at a blank line (not inside a backslash
// continuation). When systemd units are pasted, the other parts of the
// units ([Unit], [Install]) are skipped.
func splitEtcdLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	units := strings.Contains(text, "ExecStart=")
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			chunk := strings.Join(cur, "\n")
			first, _, _ := strings.Cut(strings.TrimSpace(cur[0]), " ")
			if !units || strings.Contains(chunk, "ExecStart=") || path.Base(first) == "etcd" {
				out = append(out, chunk)
			}
		}
		cur = nil
	}
	cont := false
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if !cont && (strings.HasPrefix(t, "==>") || strings.HasPrefix(t, "#")) {
			// cluster show's headers and comments
			flush()
			continue
		}
		if !cont {
			first, _, _ := strings.Cut(t, " ")
			if t == "" || strings.HasPrefix(t, "ExecStart=") || path.Base(first) == "etcd" || strings.HasPrefix(t, "[") {
				flush()
			}
		}
		if t != "" {
			cur = append(cur, line)
		}
		cont = strings.HasSuffix(t, `\`)
	}
	flush()
	return out
}

func (con *Console) cmdStatus(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	st := con.m.Summary()
	up, voters := 0, 0
	for _, s := range st.Members {
		if s.Up {
			up++
		}
		if !s.Removed {
			voters++
		}
	}
	q := quorum.Size(voters)
	fmt.Fprintf(c.stdout, "time %v  members %d  quorum %d  tolerates %d  up %d  leader %s\n",
		con.now().Round(time.Millisecond), voters, q, quorum.Tolerated(voters), up, orDash(st.Leader))
	for _, s := range st.Members {
		fmt.Fprintf(c.stdout, "%-8s %-13s term %-3d leader %-8s commit %-4d applied %-4d last %d\n",
			s.Name, s.Role, s.Term, orDash(s.Leader), s.Commit, s.Applied, s.Last)
	}
	if st.Partitioned {
		fmt.Fprintln(c.stdout, "network: partitioned")
	}
	if st.CompactionAdvised {
		// etcd keeps every revision until told otherwise; so does the lab,
		// in the browser's memory.
		fmt.Fprintf(c.stdout, "store: %d revisions kept since the last compaction (%.1f MB); etcd keeps every revision until compacted: "+
			"etcdctl compaction <revision>, then etcdctl defrag (kube-apiserver compacts every 5 minutes)\n", st.Revisions, float64(st.DBSize)/1e6)
	}
	return 0
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
