package etcdctl

import (
	"errors"
	"fmt"
	"strconv"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
)

func (r *runner) newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Prints the version of etcdctl",
		Run: func(cmd *cobra.Command, args []string) {
			r.println("etcdctl version:", Version)
			r.println("API version:", APIVersion)
		},
	}
}

// ---- endpoint ----

func (r *runner) newEndpointCommand() *cobra.Command {
	var cluster bool
	ec := &cobra.Command{Use: "endpoint <subcommand>", Short: "Endpoint related commands"}
	ec.PersistentFlags().BoolVar(&cluster, "cluster", false, "use all endpoints from the cluster member list")
	var hashRev int64
	health := &cobra.Command{
		Use:   "health",
		Short: "Checks the healthiness of endpoints specified in `--endpoints` flag",
		Run: func(cmd *cobra.Command, args []string) {
			c := r.mustCall(cmd)
			var hs []epHealth
			failed := false
			for _, ep := range r.endpointsFromCluster(c, cluster) {
				cc := c
				cc.Endpoints = []string{ep}
				st := r.cl.Now()
				// etcd's health check: a linearizable get of "health"
				// (permission denied still counts as healthy), then no
				// active alarms.
				_, err := r.cl.Range(cc, &pb.RangeRequest{Key: []byte("health")})
				h := epHealth{Ep: ep, Health: false}
				if err == nil {
					h.Health = true
				} else {
					// Its client's retry interceptor warns first (etcdctl
					// 3.5.17 with an endpoint down, observed).
					r.warnRetryAs("client", cc, err, 0)
					h.Error = err.Error()
				}
				if h.Health {
					if ar, aerr := r.cl.Alarm(cc, &pb.AlarmRequest{Action: pb.AlarmGet}); aerr == nil && len(ar.Alarms) > 0 {
						h.Health = false
						s := "Active Alarm(s): "
						for i, a := range ar.Alarms {
							if i > 0 {
								s += ","
							}
							s += a.Alarm.String()
						}
						h.Error = s
					} else if aerr != nil {
						h.Health = false
						h.Error = fmt.Sprintf("Unable to fetch the alarm list: %v", aerr)
					}
				}
				h.Took = (r.cl.Now() - st).String()
				if !h.Health {
					failed = true
				}
				hs = append(hs, h)
			}
			r.display.EndpointHealth(hs)
			if failed {
				r.exitWithError(ExitError, errors.New("unhealthy cluster"))
			}
		},
	}
	status := &cobra.Command{
		Use:   "status",
		Short: "Prints out the status of endpoints specified in `--endpoints` flag",
		Long: `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.
`,
		Run: func(cmd *cobra.Command, args []string) {
			c := r.mustCall(cmd)
			var list []epStatus
			failed := false
			for _, ep := range r.endpointsFromCluster(c, cluster) {
				cc := c
				cc.Endpoints = []string{ep}
				resp, err := unary(r, cc, r.cl.Status, &pb.StatusRequest{})
				if err != nil {
					fmt.Fprintf(r.stderr, "Failed to get the status of endpoint %s (%v)\n", ep, err)
					failed = true
					continue
				}
				list = append(list, epStatus{Ep: ep, Resp: resp})
			}
			r.display.EndpointStatus(list)
			if failed {
				r.exitCode(ExitError)
			}
		},
	}
	hashkv := &cobra.Command{
		Use:   "hashkv",
		Short: "Prints the KV history hash for each endpoint in --endpoints",
		Run: func(cmd *cobra.Command, args []string) {
			c := r.mustCall(cmd)
			var list []epHashKV
			failed := false
			for _, ep := range r.endpointsFromCluster(c, cluster) {
				cc := c
				cc.Endpoints = []string{ep}
				resp, err := unary(r, cc, r.cl.HashKV, &pb.HashKVRequest{Revision: hashRev})
				if err != nil {
					fmt.Fprintf(r.stderr, "Failed to get the hash of endpoint %s (%v)\n", ep, err)
					failed = true
					continue
				}
				list = append(list, epHashKV{Ep: ep, Resp: resp})
			}
			r.display.EndpointHashKV(list)
			if failed {
				r.exitCode(ExitError)
			}
		},
	}
	hashkv.Flags().Int64Var(&hashRev, "rev", 0, "maximum revision to hash (default: all revisions)")
	ec.AddCommand(health, status, hashkv)
	return ec
}

// endpointsFromCluster: with --cluster, the client URLs of every member
// (member list through the given endpoints); otherwise --endpoints.
func (r *runner) endpointsFromCluster(c Call, cluster bool) []string {
	if !cluster {
		return c.Endpoints
	}
	cc := c
	cc.User, cc.Password = "", ""
	resp, err := unary(r, cc, r.cl.MemberList, &pb.MemberListRequest{})
	if err != nil {
		r.exitWithError(ExitError, fmt.Errorf("failed to fetch endpoints from etcd cluster member list: %v", err))
	}
	ret := []string{}
	for _, m := range resp.Members {
		ret = append(ret, m.ClientURLs...)
	}
	return ret
}

// ---- move-leader ----

func (r *runner) newMoveLeaderCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "move-leader <transferee-member-id>",
		Short: "Transfers leadership to another etcd cluster member.",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 1 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("move-leader command needs 1 argument"))
			}
			target, err := strconv.ParseUint(args[0], 16, 64)
			if err != nil {
				r.exitWithError(ExitBadArgs, err)
			}
			c := r.mustCall(cmd)
			var leaderCall *Call
			var leaderID uint64
			for _, ep := range c.Endpoints {
				cc := c
				cc.Endpoints = []string{ep}
				resp, serr := unary(r, cc, r.cl.Status, &pb.StatusRequest{})
				if serr != nil {
					r.exitWithError(ExitError, serr)
				}
				if resp.Header != nil && resp.Header.MemberId == resp.Leader {
					leaderCall = &cc
					leaderID = resp.Leader
					break
				}
			}
			if leaderCall == nil {
				r.exitWithError(ExitBadArgs, fmt.Errorf("no leader endpoint given at %v", c.Endpoints))
			}
			resp, err := unary(r, *leaderCall, r.cl.MoveLeader, &pb.MoveLeaderRequest{TargetID: target})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.MoveLeader(leaderID, target, resp)
		},
	}
}

// ---- compaction, defrag, alarm ----

func (r *runner) newCompactionCommand() *cobra.Command {
	var physical bool
	cmd := &cobra.Command{
		Use:   "compaction [options] <revision>",
		Short: "Compacts the event history in etcd",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 1 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("compaction command needs 1 argument"))
			}
			rev, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			c := r.mustCall(cmd)
			if _, err := unary(r, c, r.cl.Compact, &pb.CompactionRequest{Revision: rev, Physical: physical}); err != nil {
				r.exitWithError(ExitError, err)
			}
			r.println("compacted revision", rev)
		},
	}
	cmd.Flags().BoolVar(&physical, "physical", false, "'true' to wait for compaction to physically remove all old revisions")
	return cmd
}

func (r *runner) newDefragCommand() *cobra.Command {
	var cluster bool
	var dataDir string
	cmd := &cobra.Command{
		Use:   "defrag",
		Short: "Defragments the storage of the etcd members with given endpoints",
		Run: func(cmd *cobra.Command, args []string) {
			if len(dataDir) > 0 {
				fmt.Fprintf(r.stderr, "Use `etcdutl defrag` instead. The --data-dir is going to be decomissioned in v3.6.\n\n")
				r.exitWithError(ExitError, errors.New("defragmenting a data directory is not supported by raftlab"))
			}
			c := r.mustCall(cmd)
			failures := 0
			for _, ep := range r.endpointsFromCluster(c, cluster) {
				cc := c
				cc.Endpoints = []string{ep}
				_, err := unary(r, cc, r.cl.Defragment, &pb.DefragmentRequest{})
				if err != nil {
					fmt.Fprintf(r.stderr, "Failed to defragment etcd member[%s] (%v)\n", ep, err)
					failures++
				} else {
					r.printf("Finished defragmenting etcd member[%s]\n", ep)
				}
			}
			if failures != 0 {
				r.exitCode(ExitError)
			}
		},
	}
	cmd.PersistentFlags().BoolVar(&cluster, "cluster", false, "use all endpoints from the cluster member list")
	cmd.Flags().StringVar(&dataDir, "data-dir", "", "Optional. If present, defragments a data directory not in use by etcd.")
	cmd.Flags().MarkDeprecated("data-dir", "use etcdutl defrag instead")
	return cmd
}

func (r *runner) newAlarmCommand() *cobra.Command {
	ac := &cobra.Command{Use: "alarm <subcommand>", Short: "Alarm related commands"}
	ac.AddCommand(&cobra.Command{
		Use:   "disarm",
		Short: "Disarms all alarms",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 0 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("alarm disarm command accepts no arguments"))
			}
			c := r.mustCall(cmd)
			// clientv3.AlarmDisarm with an empty member: list, then
			// deactivate each alarm; the answer is the last deactivation.
			list, err := unary(r, c, r.cl.Alarm, &pb.AlarmRequest{Action: pb.AlarmGet})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			ret := &pb.AlarmResponse{Header: list.Header}
			for _, a := range list.Alarms {
				resp, err := unary(r, c, r.cl.Alarm, &pb.AlarmRequest{Action: pb.AlarmDeactivate, MemberID: a.MemberID, Alarm: a.Alarm})
				if err != nil {
					r.exitWithError(ExitError, err)
				}
				ret.Header = resp.Header
				ret.Alarms = append(ret.Alarms, resp.Alarms...)
			}
			r.display.Alarm(ret)
		},
	}, &cobra.Command{
		Use:   "list",
		Short: "Lists all alarms",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 0 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("alarm list command accepts no arguments"))
			}
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.Alarm, &pb.AlarmRequest{Action: pb.AlarmGet})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.Alarm(resp)
		},
	})
	return ac
}

// ---- commands raftlab lists but does not simulate ----

func (r *runner) stub(use, short string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Run: func(cmd *cobra.Command, args []string) {
			r.exitWithError(ExitBadFeature, fmt.Errorf("%q is not supported by raftlab", cmd.CommandPath()))
		},
	}
}

func (r *runner) group(use, short string, subs ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{Use: use, Short: short}
	c.AddCommand(subs...)
	return c
}

func (r *runner) newMakeMirrorCommand() *cobra.Command {
	return r.stub("make-mirror [options] <destination>", "Makes a mirror at the destination etcd cluster")
}
func (r *runner) newCheckCommand() *cobra.Command {
	return r.group("check <subcommand>", "commands for checking properties of the etcd cluster",
		r.stub("perf [options]", "Check the performance of the etcd cluster"),
		r.stub("datascale [options]", "Check the memory usage of holding data for different workloads on a given server endpoint."))
}
