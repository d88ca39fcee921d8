package console

// etcd's tools on the console's host: etcdctl and etcdutl (whose snapshot
// restore writes a data directory here), and the check of what clients saw.

import (
	"fmt"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/clientv3"
	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/etcdid"
	"github.com/raftlab/raftlab/core/etcdserver"
	"github.com/raftlab/raftlab/core/jsonw"
)

func (con *Console) cmdEtcdctl(c *Call, args []string) int {
	defer c.untool()
	return con.etcdctl.Run(con.tool(c), args, c.env, c.stdin, &c.w.etcdOut, &c.w.etcdErr)
}

func (con *Console) cmdEtcdutl(c *Call, args []string) int {
	defer c.untool()
	return etcdctl.RunEtcdutl(con.tool(c), args, c.env, c.stdin, &c.w.etcdOut, &c.w.etcdErr)
}

func (con *Console) cmdCheckLin(c *Call, args []string) int {
	if len(args) != 0 {
		return usage(c, args)
	}
	rep, ok := con.m.CheckHistory(5 * time.Second)
	fmt.Fprintln(c.stdout, rep)
	if !ok {
		return 1
	}
	return 0
}

// tool is what etcdctl and etcdutl see of the console's host: an etcd
// client, the host's files, and virtual time.
type tool struct {
	clientv3.Client
	con *Console
	c   *Call
}

var _ etcdctl.Client = (*tool)(nil)

// tool is an etcd client on the console's host for call c (c's
// Request reads what it waits on). It is the one of the call's worker
// (c.w.own: no allocation of its own), unless the call already runs one:
// lock's exec form runs a command inside the call, whose etcdctl gets a
// new one.
func (con *Console) tool(c *Call) *tool {
	if con.readFile == nil {
		con.readFile = func(host, name string) ([]byte, error) { return con.files.Read(host, name) }
	}
	cfg := con.cluster
	cfg.Host, cfg.ReadFile = con.host, con.readFile
	t := &c.w.own
	if c.client != nil {
		t = new(tool) // its answers are its own, too
	} else {
		if c.w.answers == nil || c.w.answers.Stale() {
			c.w.answers = new(clientv3.Answers)
		}
		cfg.Answers = c.w.answers
	}
	t.Client.Init(&cfg, c.caller()) // t is zero (untool)
	t.con, t.c = con, c
	c.client = &t.Client
	return t
}

// untool forgets the client of the call's etcdctl or etcdutl once it
// returned (what it refers to: the world, the cluster). What it printed
// last stays in its pipes until the call's output is read, the console
// writes to it (Call.drain) or the call finishes (capped.final: mostly
// without a copy).
func (c *Call) untool() {
	if c.client == &c.w.own.Client {
		c.w.own.Client.Release()
		c.w.own = tool{}
	}
	c.client = nil
}

// SnapshotRestore is etcdutl's, on the console's host.
func (t *tool) SnapshotRestore(r *etcdctl.SnapshotRestoreRequest) (*etcdctl.SnapshotRestoreResponse, error) {
	return t.con.restore(r)
}

// Exec runs a console command for etcdctl lock's exec form, with env
// (ETCD_LOCK_KEY, ETCD_LOCK_REV) added, on this call's output, as the
// child process etcdctl starts writes to etcdctl's stdout and stderr.
func (t *tool) Exec(args, env []string) int {
	t.c.drain() // what etcdctl printed comes before what the command prints
	cmd, cenv, stdin, client := t.c.cmd, t.c.env, t.c.stdin, t.c.client
	defer func() { t.c.cmd, t.c.env, t.c.stdin, t.c.client = cmd, cenv, stdin, client }()
	return t.con.run(t.c, append(append([]string(nil), env...), args...), "")
}

// NameMember passes on the name `etcdctl member add` gave a new member.
func (t *tool) NameMember(id uint64, name string) { t.con.m.MemberAdded(id, name) }

func (t *tool) ReadFile(name string) ([]byte, error) { return t.con.files.Read(t.con.host, name) }

func (t *tool) WriteFile(name string, data []byte) error {
	return t.con.files.put(t.con.host, name, data)
}

func (t *tool) Sleep(d time.Duration) { t.c.sleep(d) }

func (t *tool) Now() time.Duration { return t.con.now() }

func (t *tool) SnapshotStatus(data []byte) (uint32, int64, int, int64, error) {
	return etcdserver.SnapshotStatus(data)
}

// restoreMarker describes a data directory written by etcdutl snapshot
// restore, beside the restored db file.
type restoreMarker struct {
	_                   [0]func() // not comparable: no generated equality in the page
	Name                string
	InitialCluster      string
	InitialClusterToken string
	MemberID, ClusterID uint64
}

// EncodeJSON writes the marker as encoding/json does.
func (mk *restoreMarker) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("Name")
	w.String(mk.Name)
	w.Key("InitialCluster")
	w.String(mk.InitialCluster)
	w.Key("InitialClusterToken")
	w.String(mk.InitialClusterToken)
	w.Key("MemberID")
	w.Uint(mk.MemberID)
	w.Key("ClusterID")
	w.Uint(mk.ClusterID)
	w.End()
}

// DataDirDB is where a data directory keeps its keys (etcd's member/snap/db).
func DataDirDB(dataDir string) string { return strings.TrimSuffix(dataDir, "/") + "/member/snap/db" }

func markerPath(dataDir string) string {
	return strings.TrimSuffix(dataDir, "/") + "/member/raftlab-restore.json"
}

// restore is etcdutl snapshot restore: it checks the snapshot and writes a
// new data directory on the console's host whose member and cluster IDs
// come from the new configuration. Starting a cluster from etcd flags whose
// --data-dir names it boots from the restored keys.
func (con *Console) restore(r *etcdctl.SnapshotRestoreRequest) (*etcdctl.SnapshotRestoreResponse, error) {
	check := &etcdserver.ClusterConfig{}
	if !r.SkipHashCheck {
		if err := check.WithSnapshot(r.Data); err != nil {
			return nil, err
		}
	}
	if _, err := con.files.Read(con.host, markerPath(r.DataDir)); err == nil {
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
	b := jsonw.Marshal(&mk)
	if err := con.files.put(con.host, DataDirDB(r.DataDir), r.Data); err != nil {
		return nil, fmt.Errorf("write %s: %v", DataDirDB(r.DataDir), err)
	}
	con.files.Write(con.host, markerPath(r.DataDir), b)
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
