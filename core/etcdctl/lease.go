package etcdctl

import (
	"fmt"
	"strconv"
	"time"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
)

func (r *runner) newLeaseCommand() *cobra.Command {
	lc := &cobra.Command{Use: "lease <subcommand>", Short: "Lease related commands"}
	lc.AddCommand(r.newLeaseGrantCommand(), r.newLeaseRevokeCommand(), r.newLeaseTimeToLiveCommand(),
		r.newLeaseListCommand(), r.newLeaseKeepAliveCommand())
	return lc
}

func (r *runner) leaseFromArgs(arg string) int64 {
	id, err := strconv.ParseInt(arg, 16, 64)
	if err != nil {
		r.exitWithError(ExitBadArgs, fmt.Errorf("bad lease ID arg (%v), expecting ID in Hex", err))
	}
	return id
}

func (r *runner) newLeaseGrantCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "grant <ttl>",
		Short: "Creates leases",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 1 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("lease grant command needs TTL argument"))
			}
			ttl, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				r.exitWithError(ExitBadArgs, fmt.Errorf("bad TTL (%v)", err))
			}
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.LeaseGrant, &pb.LeaseGrantRequest{TTL: ttl})
			if err != nil {
				r.exitWithError(ExitError, fmt.Errorf("failed to grant lease (%v)", err))
			}
			r.display.Grant(resp)
		},
	}
}

func (r *runner) newLeaseRevokeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke <leaseID>",
		Short: "Revokes leases",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 1 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("lease revoke command needs 1 argument"))
			}
			id := r.leaseFromArgs(args[0])
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.LeaseRevoke, &pb.LeaseRevokeRequest{ID: id})
			if err != nil {
				r.exitWithError(ExitError, fmt.Errorf("failed to revoke lease (%v)", err))
			}
			r.display.Revoke(id, resp)
		},
	}
}

func (r *runner) newLeaseTimeToLiveCommand() *cobra.Command {
	var keys bool
	cmd := &cobra.Command{
		Use:   "timetolive <leaseID> [options]",
		Short: "Get lease information",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 1 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("lease timetolive command needs lease ID as argument"))
			}
			id := r.leaseFromArgs(args[0])
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.LeaseTimeToLive, &pb.LeaseTimeToLiveRequest{ID: id, Keys: keys})
			if err != nil {
				r.exitWithError(ExitBadConnection, err)
			}
			r.display.TimeToLive(resp, keys)
		},
	}
	cmd.Flags().BoolVar(&keys, "keys", false, "Get keys attached to this lease")
	return cmd
}

func (r *runner) newLeaseListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List all active leases",
		Run: func(cmd *cobra.Command, args []string) {
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.LeaseLeases, &pb.LeaseLeasesRequest{})
			if err != nil {
				r.exitWithError(ExitBadConnection, err)
			}
			r.display.Leases(resp)
		},
	}
}

func (r *runner) newLeaseKeepAliveCommand() *cobra.Command {
	var once bool
	cmd := &cobra.Command{
		Use:   "keep-alive [options] <leaseID>",
		Short: "Keeps leases alive (renew)",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 1 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("lease keep-alive command needs lease ID as argument"))
			}
			id := r.leaseFromArgs(args[0])
			c := r.mustCall(cmd)
			if once {
				// clientv3.KeepAliveOnce: a TTL <= 0 answer is ErrLeaseNotFound.
				resp, err := r.cl.LeaseKeepAliveOnce(c, &pb.LeaseKeepAliveRequest{ID: id})
				if err == nil && resp.TTL <= 0 {
					err = pb.ErrLeaseNotFound
				}
				if err != nil {
					r.exitWithError(ExitBadConnection, err)
				}
				r.display.KeepAlive(resp)
				return
			}
			// clientv3.KeepAlive: a keep-alive right away, then every TTL/3;
			// the stream closes when the lease is gone.
			r.detach(func(r *runner) { r.keepAlive(c, id) })
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "Resets the keep-alive time to its original value and exits immediately")
	return cmd
}

// keepAlive is clientv3.KeepAlive as etcdctl prints it, until the lease is
// gone.
func (r *runner) keepAlive(c Call, id int64) {
	for {
		resp, err := r.cl.LeaseKeepAliveOnce(c, &pb.LeaseKeepAliveRequest{ID: id})
		if err != nil || resp.TTL <= 0 {
			break
		}
		r.display.KeepAlive(resp)
		next := time.Duration(resp.TTL) * time.Second / 3
		if next < 500*time.Millisecond {
			next = 500 * time.Millisecond
		}
		r.cl.Sleep(next)
	}
	if r.display.kind == "simple" {
		r.printf("lease %016x expired or revoked.\n", id)
	}
}
