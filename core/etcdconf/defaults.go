package etcdconf

import (
	"fmt"
	"strings"
)

// The source note's TLS files (Kubernetes the Hard Way layout).
const (
	NoteCertFile = "/etc/etcd/kubernetes.pem"
	NoteKeyFile  = "/etc/etcd/kubernetes-key.pem"
	NoteCAFile   = "/etc/etcd/ca.pem"
	NoteToken    = "etcd-cluster-1"
	NoteDataDir  = "/var/lib/etcd"
	NoteProgram  = "/usr/local/bin/etcd"
)

// NoteIP is member i's address (0-based) in the source note's style: 192.168.0.10+i.
func NoteIP(i int) string { return fmt.Sprintf("192.168.0.%d", 10+i) }

// DefaultLines is the n-member (1..7) cluster in the source note's style, one systemd-style command
// line per member: node-1..node-n at 192.168.0.10.., token etcd-cluster-1, state new.
func DefaultLines(n int) []string { return noteLines(n, false) }

// DefaultTLSLines is DefaultLines with TLS as Kubernetes the Hard Way and the note's certificates set
// it up: https URLs, client and peer certificates, client-cert-auth on both sides.
func DefaultTLSLines(n int) []string { return noteLines(n, true) }

func noteLines(n int, tls bool) []string {
	if n < 1 || n > 7 {
		panic(fmt.Sprintf("etcdconf: %d members; etcd recommends 1..7", n))
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	peers := make([]string, n)
	for i := range peers {
		peers[i] = fmt.Sprintf("node-%d=%s://%s:2380", i+1, scheme, NoteIP(i))
	}
	lines := make([]string, n)
	for i := range lines {
		ip := NoteIP(i)
		args := []string{"--name node-" + fmt.Sprint(i+1)}
		if tls {
			args = append(args,
				"--cert-file="+NoteCertFile, "--key-file="+NoteKeyFile,
				"--peer-cert-file="+NoteCertFile, "--peer-key-file="+NoteKeyFile,
				"--trusted-ca-file="+NoteCAFile, "--peer-trusted-ca-file="+NoteCAFile,
				"--peer-client-cert-auth", "--client-cert-auth")
		}
		args = append(args,
			"--data-dir "+NoteDataDir,
			fmt.Sprintf("--initial-advertise-peer-urls %s://%s:2380", scheme, ip),
			fmt.Sprintf("--listen-peer-urls %s://%s:2380", scheme, ip),
			fmt.Sprintf("--listen-client-urls %s://%s:2379,%s://127.0.0.1:2379", scheme, ip, scheme),
			fmt.Sprintf("--advertise-client-urls %s://%s:2379", scheme, ip),
			"--initial-cluster-token "+NoteToken,
			"--initial-cluster "+strings.Join(peers, ","),
			"--initial-cluster-state new")
		lines[i] = "ExecStart=" + NoteProgram + " \\\n  " + strings.Join(args, " \\\n  ")
	}
	return lines
}

// Default is the source note's cluster: node-1..node-3 at http://192.168.0.10..12.
func Default() *Cluster { return mustCluster(DefaultLines(3)) }

// DefaultN is the note-style cluster of n (1..7) members.
func DefaultN(n int) *Cluster { return mustCluster(DefaultLines(n)) }

// DefaultTLS is the note-style cluster of n (1..7) members with TLS.
func DefaultTLS(n int) *Cluster { return mustCluster(DefaultTLSLines(n)) }

func mustCluster(lines []string) *Cluster {
	ms, err := Parse(lines...)
	if err != nil {
		panic(err)
	}
	c, err := NewCluster(ms)
	if err != nil {
		panic(err)
	}
	return c
}
