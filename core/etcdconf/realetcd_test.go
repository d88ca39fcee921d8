//go:build !js

package etcdconf

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/raftlab/raftlab/core/etcdid"
)

// ensureEtcd finds etcd and etcdctl, installing Debian's etcd-server and etcd-client when running as
// root with apt-get (as on CI); it skips the test only if that is impossible.
func ensureEtcd(t *testing.T) (string, string) {
	t.Helper()
	etcd, err1 := exec.LookPath("etcd")
	ctl, err2 := exec.LookPath("etcdctl")
	if err1 == nil && err2 == nil {
		return etcd, ctl
	}
	apt, err := exec.LookPath("apt-get")
	if err != nil || os.Geteuid() != 0 {
		t.Skip("etcd/etcdctl not installed and cannot install them (need root and apt-get)")
	}
	install := func() error {
		cmd := exec.Command(apt, "install", "-y", "etcd-server", "etcd-client")
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Logf("apt-get install: %v\n%s", err, out)
		}
		return err
	}
	if install() != nil {
		upd := exec.Command(apt, "update")
		if out, err := upd.CombinedOutput(); err != nil {
			t.Logf("apt-get update: %v\n%s", err, out)
		}
		if install() != nil {
			t.Skip("could not install etcd-server/etcd-client")
		}
	}
	etcd, err1 = exec.LookPath("etcd")
	ctl, err2 = exec.LookPath("etcdctl")
	if err1 != nil || err2 != nil {
		t.Skip("etcd/etcdctl still missing after apt-get install")
	}
	return etcd, ctl
}

// freeBase finds a port p such that p+1, p+2 (client, peer) for 3 members at step 10 are all free.
func freeBase(t *testing.T) int {
	for p := 41000; p < 60000; p += 97 {
		ok := true
		for i := 0; i < 3 && ok; i++ {
			for _, port := range []int{p + 10*i, p + 1 + 10*i} {
				l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
				if err != nil {
					ok = false
					break
				}
				l.Close()
			}
		}
		if ok {
			return p
		}
	}
	t.Fatal("no free ports")
	return 0
}

type memberListJSON struct {
	Header struct {
		ClusterID uint64 `json:"cluster_id"`
	} `json:"header"`
	Members []struct {
		ID       uint64   `json:"ID"`
		Name     string   `json:"name"`
		PeerURLs []string `json:"peerURLs"`
	} `json:"members"`
}

type endpointStatusJSON []struct {
	Endpoint string `json:"Endpoint"`
	Status   struct {
		Header struct {
			ClusterID uint64 `json:"cluster_id"`
			MemberID  uint64 `json:"member_id"`
		} `json:"header"`
		Leader uint64 `json:"leader"`
	} `json:"Status"`
}

// etcd3517Dir is where etcd and etcdctl v3.5.17, built from Go modules, are kept between runs.
func etcd3517Dir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "raftlab", "etcd-v3.5.17")
}

// ensureEtcd3517 returns etcd and etcdctl v3.5.17 from etcd3517Dir. With RAFTLAB_ETCD3517=build it
// first builds them there from the Go module proxy, as a scratch module that requires
// go.etcd.io/etcd/server/v3 and etcdctl/v3 at v3.5.17 (`go install` refuses them: their go.mod
// files carry replace directives). A cold build takes minutes on two cores, more than the test
// budget allows, so by default the test only uses binaries already built; ok false says why not.
func ensureEtcd3517(t *testing.T) (etcd, ctl string, ok bool) {
	t.Helper()
	dir := etcd3517Dir()
	etcd, ctl = filepath.Join(dir, "etcd"), filepath.Join(dir, "etcdctl")
	have := func() bool {
		_, e1 := os.Stat(etcd)
		_, e2 := os.Stat(ctl)
		return e1 == nil && e2 == nil
	}
	if have() {
		return etcd, ctl, true
	}
	if os.Getenv("RAFTLAB_ETCD3517") != "build" {
		t.Logf("etcd 3.5.17 not built in %s (RAFTLAB_ETCD3517=build builds it, minutes when cold): Debian's etcd only", dir)
		return "", "", false
	}
	src := t.TempDir()
	gomod := "module raftlab-etcd3517\n\ngo 1.23\n"
	tools := "//go:build tools\n\npackage tools\n\nimport (\n\t_ \"go.etcd.io/etcd/etcdctl/v3\"\n\t_ \"go.etcd.io/etcd/server/v3\"\n)\n"
	require.NoError(t, os.WriteFile(filepath.Join(src, "go.mod"), []byte(gomod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "tools.go"), []byte(tools), 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	run := func(args ...string) error {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Logf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return err
	}
	if run("get", "go.etcd.io/etcd/server/v3@v3.5.17", "go.etcd.io/etcd/etcdctl/v3@v3.5.17") != nil {
		return "", "", false
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	if run("build", "-o", etcd, "go.etcd.io/etcd/server/v3") != nil || run("build", "-o", ctl, "go.etcd.io/etcd/etcdctl/v3") != nil {
		return "", "", false
	}
	return etcd, ctl, true
}

// TestRealEtcdMatchesIDs exports the note's 3-member cluster, moved to loopback ports, as etcd config
// files, starts three real etcd processes from them and checks that the member and cluster IDs etcd
// reports are core/etcdid's: with Debian's etcd (3.4.23), and with etcd 3.5.17 when it is built
// (ensureEtcd3517).
func TestRealEtcdMatchesIDs(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real etcd processes")
	}
	t.Run("debian", func(t *testing.T) {
		etcdBin, ctlBin := ensureEtcd(t)
		bootRealEtcd(t, etcdBin, ctlBin)
	})
	t.Run("v3.5.17", func(t *testing.T) {
		etcdBin, ctlBin, ok := ensureEtcd3517(t)
		if !ok {
			t.Skip("etcd 3.5.17 not available (see the log); Debian's etcd was the fallback")
		}
		out, err := exec.Command(etcdBin, "--version").Output()
		require.NoError(t, err)
		require.Contains(t, string(out), "etcd Version: 3.5.17")
		bootRealEtcd(t, etcdBin, ctlBin)
	})
}

func bootRealEtcd(t *testing.T, etcdBin, ctlBin string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	dir := t.TempDir()
	p := freeBase(t)
	c, err := Default().Loopback(p, p+1, 10)
	require.NoError(t, err)
	c, err = c.Rewrite(func(i int, m *Member) { m.DataDir = filepath.Join(dir, m.Name+".etcd") })
	require.NoError(t, err)

	var procs []*exec.Cmd
	t.Cleanup(func() {
		for _, cmd := range procs {
			_ = cmd.Process.Kill() // by PID; only processes this test started
			_ = cmd.Wait()
		}
	})
	for name, y := range c.ConfigFiles() {
		f := filepath.Join(dir, name+".yaml")
		require.NoError(t, os.WriteFile(f, []byte(y), 0o600))
		logf, err := os.Create(filepath.Join(dir, name+".log"))
		require.NoError(t, err)
		cmd := exec.Command(etcdBin, "--config-file", f)
		cmd.Stdout, cmd.Stderr = logf, logf
		require.NoError(t, cmd.Start())
		procs = append(procs, cmd)
	}
	dumpLogs := func() {
		for _, cm := range c.Members {
			b, _ := os.ReadFile(filepath.Join(dir, cm.Name+".log"))
			lines := strings.Split(string(b), "\n")
			if len(lines) > 15 {
				lines = lines[len(lines)-15:]
			}
			t.Logf("%s log tail:\n%s", cm.Name, strings.Join(lines, "\n"))
		}
	}
	endpoints := strings.Join(c.ClientEndpoints(), ",")
	ctl := func(args ...string) ([]byte, error) {
		cctx, ccancel := context.WithTimeout(ctx, 5*time.Second)
		defer ccancel()
		cmd := exec.CommandContext(cctx, ctlBin, append([]string{"--endpoints", endpoints, "--dial-timeout", "2s", "--command-timeout", "3s"}, args...)...)
		cmd.Env = append(os.Environ(), "ETCDCTL_API=3")
		return cmd.Output()
	}

	var ml memberListJSON
	var es endpointStatusJSON
	for {
		if ctx.Err() != nil {
			dumpLogs()
			t.Fatal("cluster did not form within 60 s")
		}
		ml, es = memberListJSON{}, nil
		out, err := ctl("member", "list", "-w", "json")
		if err == nil && json.Unmarshal(out, &ml) == nil && len(ml.Members) == 3 {
			out, err = ctl("endpoint", "status", "-w", "json")
			if err == nil && json.Unmarshal(out, &es) == nil && len(es) == 3 && allHaveLeader(es) && allNamed(ml) {
				break
			}
		}
		time.Sleep(200 * time.Millisecond)
	}

	require.Equal(t, etcdid.Format(c.ClusterID), etcdid.Format(ml.Header.ClusterID))
	got := map[string]uint64{}
	for _, m := range ml.Members {
		got[m.Name] = m.ID
	}
	want := map[string]uint64{}
	for _, cm := range c.Members {
		want[cm.Name] = cm.ID
	}
	require.Equal(t, want, got)
	var statusIDs []string
	for _, s := range es {
		require.Equal(t, c.ClusterID, s.Status.Header.ClusterID, s.Endpoint)
		statusIDs = append(statusIDs, etcdid.Format(s.Status.Header.MemberID))
	}
	var wantIDs []string
	for _, cm := range c.Members {
		wantIDs = append(wantIDs, etcdid.Format(cm.ID))
	}
	sort.Strings(statusIDs)
	sort.Strings(wantIDs)
	require.Equal(t, wantIDs, statusIDs)
	t.Logf("real etcd cluster %s members %v", etcdid.Format(ml.Header.ClusterID), wantIDs)
}

func allHaveLeader(es endpointStatusJSON) bool {
	for _, s := range es {
		if s.Status.Leader == 0 {
			return false
		}
	}
	return true
}

func allNamed(ml memberListJSON) bool {
	for _, m := range ml.Members {
		if m.Name == "" {
			return false
		}
	}
	return true
}
