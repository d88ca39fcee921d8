package lab

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/etcdid"
	"github.com/raftlab/raftlab/core/etcdserver"
)

// restoreMarker describes a data directory written by etcdutl snapshot
// restore, beside the restored db file.
type restoreMarker struct {
	Name                string
	InitialCluster      string
	InitialClusterToken string
	MemberID, ClusterID uint64
}

func dbPath(dataDir string) string { return strings.TrimSuffix(dataDir, "/") + "/member/snap/db" }

func markerPath(dataDir string) string {
	return strings.TrimSuffix(dataDir, "/") + "/member/raftlab-restore.json"
}

// restore is etcdutl snapshot restore: it checks the snapshot and writes a
// new data directory on the console's host whose member and cluster IDs
// come from the new configuration. Starting a cluster from etcd flags whose
// --data-dir names it boots from the restored keys.
func (l *Lab) restore(r *etcdctl.SnapshotRestoreRequest) (*etcdctl.SnapshotRestoreResponse, error) {
	check := &etcdserver.ClusterConfig{}
	if !r.SkipHashCheck {
		if err := check.WithSnapshot(r.Data); err != nil {
			return nil, err
		}
	}
	if _, err := l.readFile(markerPath(r.DataDir)); err == nil {
		return nil, fmt.Errorf("data-dir %q not empty or could not be read", r.DataDir)
	}
	urlsmap, err := parseInitialCluster(r.InitialCluster)
	if err != nil {
		return nil, err
	}
	var ids []uint64
	var self uint64
	for _, nu := range urlsmap {
		id := etcdid.MemberID(nu.urls, r.InitialClusterToken)
		ids = append(ids, id)
		if nu.name == r.Name {
			self = id
		}
	}
	if self == 0 {
		return nil, fmt.Errorf("couldn't find local name %q in the initial cluster configuration", r.Name)
	}
	mk := restoreMarker{Name: r.Name, InitialCluster: r.InitialCluster, InitialClusterToken: r.InitialClusterToken,
		MemberID: self, ClusterID: etcdid.ClusterID(ids)}
	b, _ := json.Marshal(mk)
	_ = l.writeFile(dbPath(r.DataDir), r.Data)
	_ = l.writeFile(markerPath(r.DataDir), b)
	return &etcdctl.SnapshotRestoreResponse{MemberID: mk.MemberID, ClusterID: mk.ClusterID}, nil
}

type nameURLs struct {
	name string
	urls []string
}

func parseInitialCluster(s string) ([]nameURLs, error) {
	var out []nameURLs
	for _, kv := range strings.Split(s, ",") {
		name, u, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("invalid value %q for flag -initial-cluster", s)
		}
		found := false
		for i := range out {
			if out[i].name == name {
				out[i].urls = append(out[i].urls, u)
				found = true
			}
		}
		if !found {
			out = append(out, nameURLs{name: name, urls: []string{u}})
		}
	}
	return out, nil
}

// restoredData returns the snapshot a member's --data-dir holds after
// etcdutl snapshot restore on its host, if any.
func (l *Lab) restoredData() []byte {
	for _, m := range l.cluster.Members {
		if m.Config == nil || m.Config.DataDir == "" {
			continue
		}
		if b, ok := l.hostFiles(m.Name)[l.abs(dbPath(m.Config.DataDir))]; ok {
			return b
		}
	}
	return nil
}
