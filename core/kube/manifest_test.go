package kube

import (
	"strings"
	"testing"
	"time"
)

func TestManifestsReadBack(t *testing.T) {
	s := Spec{Topology: Stacked, ControlPlanes: 3}.Normalize()
	args := s.StackedEtcdArgs(1)
	pod, err := ParsePod(EtcdManifestYAML(args, "https://192.168.0.11:2379"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(pod.Command, " ") != strings.Join(args, " ") || pod.Name != "etcd" || pod.Namespace != "kube-system" {
		t.Fatalf("read back %+v", pod)
	}
	if hp, ok := pod.HostPath("/var/lib/etcd"); !ok || hp != "/var/lib/etcd" {
		t.Fatalf("data dir maps to %q", hp)
	}
	edited := strings.Replace(EtcdManifestYAML(args, "x"), "path: /var/lib/etcd\n", "path: /var/lib/etcd-from-backup\n", 1)
	pod, err = ParsePod(edited)
	if err != nil {
		t.Fatal(err)
	}
	if hp, _ := pod.HostPath("/var/lib/etcd"); hp != "/var/lib/etcd-from-backup" {
		t.Fatalf("edited hostPath: data dir maps to %q", hp)
	}
	if got := etcdCommandForHost(pod); !strings.Contains(strings.Join(got, " "), "--data-dir=/var/lib/etcd-from-backup") {
		t.Fatalf("host command %v", got)
	}
	api, err := ParsePod(APIServerManifestYAML(s.APIServerArgs(0, s.EtcdServers(0, nil), EtcdCA, APIEtcdClientCert, APIEtcdClientKey), s.CPIP(0)))
	if err != nil {
		t.Fatal(err)
	}
	c, _, _, err := parseAPIServerArgs(api.Command)
	if err != nil || strings.Join(c.Endpoints, ",") != "https://127.0.0.1:2379" || c.CAFile != EtcdCA {
		t.Fatalf("apiserver flags %+v %v", c, err)
	}
}

func TestBadManifests(t *testing.T) {
	for src, want := range map[string]string{
		"kind: Pod\n\tmetadata: x\n":                                 "cannot start any token",
		"kind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n": "command: Required value",
		"kind: Deployment\n":                                         "kind \"Deployment\"",
		"kind: Pod\nmetadata:\n  name: 'x\n":                         "unexpected end",
		"kind: Pod\nmetadata:\n  name: x\n   bad: y\n":               "not allowed",
	} {
		if _, err := ParsePod(src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePod(%q) = %v, want %q", src, err, want)
		}
	}
	if _, _, _, err := parseAPIServerArgs([]string{"kube-apiserver", "--etcd-servers=x", "--bogus"}); err == nil || err.Error() != "unknown flag: --bogus" {
		t.Errorf("unknown flag: %v", err)
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[int]string{-2: "<invalid>", -1: "0s", 0: "0s", 119: "119s",
		120: "2m", 150: "2m30s", 599: "9m59s", 600: "10m", 125 * 60: "125m", 3 * 3600: "3h", 7500 * 2: "4h10m",
		8*3600 - 1: "7h59m", 9 * 3600: "9h", 48 * 3600: "2d", 50 * 3600: "2d2h", 8 * 86400: "8d", 400 * 86400: "400d"} {
		if got := HumanDuration(secs(d)); got != want {
			t.Errorf("%ds: %s, want %s", d, got, want)
		}
	}
}

func secs(n int) (d time.Duration) { return time.Duration(n) * 1e9 }
