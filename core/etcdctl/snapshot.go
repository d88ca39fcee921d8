package etcdctl

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
)

// SnapshotRestoreRequest is what etcdutl snapshot restore asks the lab to
// do: build a member data directory from a snapshot file. Flags are parsed
// and validated; Data is the file's content (read through Client.ReadFile).
type SnapshotRestoreRequest struct {
	SnapshotPath        string
	Data                []byte
	Name                string // --name, default "default"
	DataDir             string // --data-dir, default "<name>.etcd"
	WALDir              string // --wal-dir, default "<data-dir>/member/wal"
	InitialCluster      string // --initial-cluster
	InitialClusterToken string // --initial-cluster-token
	PeerURLs            []string
	SkipHashCheck       bool
	MarkCompacted       bool
	BumpRevision        uint64
}

// SnapshotRestoreResponse is the lab's answer: the restored member and
// cluster IDs (for etcdutl's log lines).
type SnapshotRestoreResponse struct {
	MemberID  uint64
	ClusterID uint64
}

func (r *runner) newSnapshotCommand() *cobra.Command {
	sc := &cobra.Command{Use: "snapshot <subcommand>", Short: "Manages etcd node snapshots"}
	save := &cobra.Command{
		Use:   "save <filename>",
		Short: "Stores an etcd node backend snapshot to a given file",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 1 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("snapshot save expects one argument"))
			}
			c := r.mustCall(cmd)
			if !cmd.Flags().Changed("command-timeout") {
				// no timeout unless --command-timeout is given
				c.Timeout = NoTimeout
			}
			r.snapshotSave(c, args[0])
		},
	}
	status := &cobra.Command{
		Use:   "status <filename>",
		Short: "[deprecated] Gets backend snapshot status of a given file",
		Long: `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are hash, revision, total keys, total size.

Moved to 'etcdutl snapshot status ...'
`,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintf(r.stderr, "Deprecated: Use `etcdutl snapshot status` instead.\n\n")
			r.snapshotStatus(args)
		},
	}
	ro := &restoreOpts{}
	restore := &cobra.Command{
		Use:   "restore <filename> [options]",
		Short: "Restores an etcd member snapshot to an etcd directory",
		Long:  "Moved to `etcdutl snapshot restore ...`\n",
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintf(r.stderr, "Deprecated: Use `etcdutl snapshot restore` instead.\n\n")
			r.snapshotRestore(cmd, ro, args)
		},
	}
	ro.flags(restore, false)
	sc.AddCommand(save, restore, status)
	return sc
}

func (r *runner) zapInfo(ts time.Duration, caller, msg, fields string) {
	fmt.Fprintf(r.stderr, `{"level":"info","ts":"%s","caller":"%s","msg":"%s"%s}`+"\n", zapTime(ts), caller, msg, fields)
}

func (r *runner) clientInfo(ts time.Duration, caller, msg string) {
	fmt.Fprintf(r.stderr, `{"level":"info","ts":"%s","logger":"client","caller":"%s","msg":"%s"}`+"\n", zapTime(ts), caller, msg)
}

// snapshotSave is clientv3/snapshot.SaveWithVersion as etcdctl 3.5 runs it.
func (r *runner) snapshotSave(c Call, path string) {
	if len(c.Endpoints) != 1 {
		r.exitWithError(ExitInterrupted, fmt.Errorf("snapshot must be requested to one selected node, not multiple %v", c.Endpoints))
	}
	ep := c.Endpoints[0]
	partpath := path + ".part"
	r.zapInfo(r.cl.Now(), "snapshot/v3_snapshot.go:65", "created temporary db file", fmt.Sprintf(`,"path":%q`, partpath))
	start := r.cl.Now()
	resp, err := r.cl.Snapshot(c, &pb.SnapshotRequest{})
	if err != nil {
		r.exitWithError(ExitInterrupted, err)
	}
	r.clientInfo(r.cl.Now(), "v3@v"+Version+"/maintenance.go:212", "opened snapshot stream; downloading")
	r.zapInfo(r.cl.Now(), "snapshot/v3_snapshot.go:73", "fetching snapshot", fmt.Sprintf(`,"endpoint":%q`, ep))
	if err := r.cl.WriteFile(path, resp.Data); err != nil {
		// etcdctl copies the stream into the .part file (io.Copy), which
		// fails when the disk is full: it stops there, before the stream's
		// end, and removes the .part file (observed on a full tmpfs:
		// "Error: write <path>.part: no space left on device", exit 5).
		r.exitWithError(ExitInterrupted, fmt.Errorf("write %s: %v", partpath, err))
	}
	r.clientInfo(r.cl.Now(), "v3@v"+Version+"/maintenance.go:220", "completed snapshot read; closing")
	_ = start
	r.zapInfo(r.cl.Now(), "snapshot/v3_snapshot.go:88", "fetched snapshot",
		fmt.Sprintf(`,"endpoint":%q,"size":%q,"took":"now"`, ep, humanizeBytes(uint64(len(resp.Data)))))
	r.zapInfo(r.cl.Now(), "snapshot/v3_snapshot.go:97", "saved", fmt.Sprintf(`,"path":%q`, path))
	r.printf("Snapshot saved at %s\n", path)
}

// snapshotStatus is etcdutl's SnapshotStatusCommandFunc.
func (r *runner) snapshotStatus(args []string) {
	if len(args) != 1 {
		r.exitWithError(ExitBadArgs, fmt.Errorf("snapshot status requires exactly one argument"))
	}
	r.initDisplay()
	data, err := r.cl.ReadFile(args[0])
	if err != nil {
		r.exitWithError(ExitError, fmt.Errorf("stat %s: no such file or directory", args[0]))
	}
	hash, rev, keys, size, err := r.cl.SnapshotStatus(data)
	if err != nil {
		r.exitWithError(ExitError, err)
	}
	r.display.DBStatus(snapshotStatus{Hash: hash, Revision: rev, TotalKey: keys, TotalSize: size})
}

type restoreOpts struct {
	_                                         [0]func() // not comparable: no generated equality in the page
	name, dataDir, walDir                     string
	initialCluster, initialClusterToken, urls string
	skipHashCheck, markCompacted              bool
	bumpRevision                              uint64
}

func (o *restoreOpts) flags(cmd *cobra.Command, etcdutl bool) {
	f := cmd.Flags()
	f.StringVar(&o.dataDir, "data-dir", "", "Path to the data directory")
	f.StringVar(&o.walDir, "wal-dir", "", "Path to the WAL directory (use --data-dir if none given)")
	f.StringVar(&o.initialCluster, "initial-cluster", "default=http://localhost:2380", "Initial cluster configuration for restore bootstrap")
	f.StringVar(&o.initialClusterToken, "initial-cluster-token", "etcd-cluster", "Initial cluster token for the etcd cluster during restore bootstrap")
	f.StringVar(&o.urls, "initial-advertise-peer-urls", "http://localhost:2380", "List of this member's peer URLs to advertise to the rest of the cluster")
	f.StringVar(&o.name, "name", "default", "Human-readable name for this member")
	f.BoolVar(&o.skipHashCheck, "skip-hash-check", false, "Ignore snapshot integrity hash value (required if copied from data directory)")
	if etcdutl {
		f.Uint64Var(&o.bumpRevision, "bump-revision", 0, "How much to increase the latest revision after restore")
		f.BoolVar(&o.markCompacted, "mark-compacted", false, "Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)")
	}
}

// parseInitialCluster is types.NewURLsMap over "name=url,..." as etcdutl
// validates it.
func parseInitialCluster(s string) (map[string][]string, error) {
	m := map[string][]string{}
	for _, kv := range strings.Split(s, ",") {
		if kv == "" {
			continue
		}
		i := strings.IndexByte(kv, '=')
		if i < 0 {
			return nil, fmt.Errorf("parse %s: missing '=' in initial cluster", kv)
		}
		u := kv[i+1:]
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "unix://") && !strings.HasPrefix(u, "unixs://") {
			return nil, fmt.Errorf("URL scheme must be http, https, unix, or unixs: %s", u)
		}
		m[kv[:i]] = append(m[kv[:i]], u)
	}
	return m, nil
}

func (r *runner) snapshotRestore(cmd *cobra.Command, o *restoreOpts, args []string) {
	if len(args) != 1 {
		r.exitWithError(ExitBadArgs, fmt.Errorf("snapshot restore requires exactly one argument"))
	}
	if o.markCompacted != (o.bumpRevision > 0) {
		if o.bumpRevision == 0 {
			r.exitWithError(ExitBadArgs, fmt.Errorf("--mark-compacted requires --bump-revision"))
		}
		r.exitWithError(ExitBadArgs, fmt.Errorf("--bump-revision requires --mark-compacted"))
	}
	peerURLs := strings.Split(o.urls, ",")
	for _, u := range peerURLs {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "unix://") && !strings.HasPrefix(u, "unixs://") {
			r.exitWithError(ExitError, fmt.Errorf("URL scheme must be http, https, unix, or unixs: %s", u))
		}
	}
	ic, err := parseInitialCluster(o.initialCluster)
	if err != nil {
		r.exitWithError(ExitError, err)
	}
	mine, ok := ic[o.name]
	if !ok {
		r.exitWithError(ExitError, fmt.Errorf("couldn't find local name %q in the initial cluster configuration", o.name))
	}
	if !sameURLs(mine, peerURLs) {
		r.exitWithError(ExitError, fmt.Errorf("--initial-cluster has %s=%s but missing from --initial-advertise-peer-urls=%s (%s)",
			o.name, strings.Join(mine, ","), strings.Join(peerURLs, ","), "resolved urls: \""+strings.Join(mine, ",")+"\" != \""+strings.Join(peerURLs, ",")+"\""))
	}
	dataDir := o.dataDir
	if dataDir == "" {
		dataDir = o.name + ".etcd"
	}
	walDir := o.walDir
	if walDir == "" {
		walDir = dataDir + "/member/wal"
	}
	data, err := r.cl.ReadFile(args[0])
	if err != nil {
		r.exitWithError(ExitError, fmt.Errorf("stat %s: no such file or directory", args[0]))
	}
	if _, err := r.cl.ReadFile(dataDir); err == nil {
		r.exitWithError(ExitError, fmt.Errorf("data-dir %q exists", dataDir))
	}
	req := &SnapshotRestoreRequest{
		SnapshotPath: args[0], Data: data, Name: o.name, DataDir: dataDir, WALDir: walDir,
		InitialCluster: o.initialCluster, InitialClusterToken: o.initialClusterToken, PeerURLs: peerURLs,
		SkipHashCheck: o.skipHashCheck, MarkCompacted: o.markCompacted, BumpRevision: o.bumpRevision,
	}
	resp, err := r.cl.SnapshotRestore(req)
	if err != nil {
		r.exitWithError(ExitError, err)
	}
	// etcdutl logs the restore at info level (zap production encoder).
	now := r.cl.Now()
	paths := fmt.Sprintf(`,"path":%q,"wal-dir":%q,"data-dir":%q,"snap-dir":%q`, args[0], walDir, dataDir, dataDir+"/member/snap")
	r.zapInfo(now, "snapshot/v3_snapshot.go:251", "restoring snapshot", paths)
	r.zapInfo(now, "membership/store.go:141", "Trimming membership information from the backend...", "")
	r.zapInfo(now, "snapshot/v3_snapshot.go:272", "restored snapshot", paths)
	_ = resp
}

func sameURLs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
		if m[x] < 0 {
			return false
		}
	}
	return true
}

// RunEtcdutl executes one etcdutl 3.5 invocation (snapshot status, snapshot
// restore, version); args without the leading "etcdutl".
func RunEtcdutl(cl Client, args []string, env []string, stdin string, stdout, stderr io.Writer) (code int) {
	r := &runner{runState: runState{cl: cl, stdout: stdout, stderr: stderr, stdin: &input{s: stdin}, env: parseEnv(env), util: true}}
	defer r.recoverExit(&code)
	root := &cobra.Command{
		Use:        "etcdutl",
		Short:      "An administrative command line tool for etcd3.",
		SuggestFor: []string{"etcdutl"},
	}
	root.PersistentFlags().StringVarP(&r.g.OutputFormat, "write-out", "w", "simple", "set the output format (fields, json, protobuf, simple, table)")
	root.PersistentFlags().BoolVar(&r.g.IsHex, "hex", false, "print byte strings as hex encoded strings")
	sc := &cobra.Command{Use: "snapshot <subcommand>", Short: "Manages etcd node snapshots"}
	ro := &restoreOpts{}
	restore := &cobra.Command{
		Use:   "restore <filename> --data-dir {output dir} [options]",
		Short: "Restores an etcd member snapshot to an etcd directory",
		Run:   func(cmd *cobra.Command, args []string) { r.snapshotRestore(cmd, ro, args) },
	}
	ro.flags(restore, true)
	sc.AddCommand(&cobra.Command{
		Use:   "status <filename>",
		Short: "Gets backend snapshot status of a given file",
		Long: `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are hash, revision, total keys, total size.
`,
		Run: func(cmd *cobra.Command, args []string) { r.snapshotStatus(args) },
	}, restore)
	root.AddCommand(sc, &cobra.Command{
		Use:   "version",
		Short: "Prints the version of etcdutl",
		Run: func(cmd *cobra.Command, args []string) {
			r.println("etcdutl version:", Version)
			r.println("API version:", APIVersion)
		},
	}, r.stub("defrag", "Defragments the storage of the etcd"), r.stub("backup", "[legacy] offline backup of etcd directory"))
	r.setupRoot(root, Version)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		r.exitWithError(ExitError, err)
	}
	return 0
}

var _ = errors.New
