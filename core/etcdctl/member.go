package etcdctl

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
)

func (r *runner) newMemberCommand() *cobra.Command {
	mc := &cobra.Command{Use: "member <subcommand>", Short: "Membership related commands"}
	mc.AddCommand(r.newMemberAddCommand(), r.newMemberRemoveCommand(), r.newMemberUpdateCommand(),
		r.newMemberListCommand(), r.newMemberPromoteCommand())
	return mc
}

func (r *runner) memberID(args []string) uint64 {
	if len(args) != 1 {
		r.exitWithError(ExitBadArgs, fmt.Errorf("member ID is not provided"))
	}
	id, err := strconv.ParseUint(args[0], 16, 64)
	if err != nil {
		r.exitWithError(ExitBadArgs, fmt.Errorf("bad member ID arg (%v), expecting ID in Hex", err))
	}
	return id
}

func (r *runner) newMemberAddCommand() *cobra.Command {
	var peerURLs string
	var learner bool
	cmd := &cobra.Command{
		Use:   "add <memberName> [options]",
		Short: "Adds a member into the cluster",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) < 1 {
				r.exitWithError(ExitBadArgs, errors.New("member name not provided"))
			}
			if len(args) > 1 {
				ev := "too many arguments"
				for _, s := range args {
					if strings.HasPrefix(strings.ToLower(s), "http") {
						ev += fmt.Sprintf(`, did you mean --peer-urls=%s`, s)
					}
				}
				r.exitWithError(ExitBadArgs, errors.New(ev))
			}
			newMemberName := args[0]
			if len(peerURLs) == 0 {
				r.exitWithError(ExitBadArgs, errors.New("member peer urls not provided"))
			}
			urls := strings.Split(peerURLs, ",")
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.MemberAdd, &pb.MemberAddRequest{PeerURLs: urls, IsLearner: learner})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			if resp.Member == nil {
				resp.Member = &pb.Member{}
			}
			newID := resp.Member.ID
			r.cl.NameMember(newID, newMemberName)
			r.display.MemberAdd(resp)
			if r.display.kind == "simple" {
				members := resp.Members
				// etcdctl 3.5 re-reads the member list from the member
				// that served the add.
				if lr, lerr := r.cl.MemberList(c, &pb.MemberListRequest{}); lerr == nil {
					members = lr.Members
				}
				conf := []string{}
				for _, memb := range members {
					for _, u := range memb.PeerURLs {
						n := memb.Name
						if memb.ID == newID {
							n = newMemberName
						}
						conf = append(conf, fmt.Sprintf("%s=%s", n, u))
					}
				}
				r.printf("\n")
				r.printf("ETCD_NAME=%q\n", newMemberName)
				r.printf("ETCD_INITIAL_CLUSTER=%q\n", strings.Join(conf, ","))
				r.printf("ETCD_INITIAL_ADVERTISE_PEER_URLS=%q\n", strings.Join(resp.Member.PeerURLs, ","))
				r.printf("ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n")
			}
		},
	}
	cmd.Flags().StringVar(&peerURLs, "peer-urls", "", "comma separated peer URLs for the new member.")
	cmd.Flags().BoolVar(&learner, "learner", false, "indicates if the new member is raft learner")
	return cmd
}

func (r *runner) newMemberRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove <memberID>",
		Short: "Removes a member from the cluster",
		Run: func(cmd *cobra.Command, args []string) {
			id := r.memberID(args)
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.MemberRemove, &pb.MemberRemoveRequest{ID: id})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.MemberRemove(id, resp)
		},
	}
}

func (r *runner) newMemberUpdateCommand() *cobra.Command {
	var peerURLs string
	cmd := &cobra.Command{
		Use:   "update <memberID> [options]",
		Short: "Updates a member in the cluster",
		Run: func(cmd *cobra.Command, args []string) {
			id := r.memberID(args)
			if len(peerURLs) == 0 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("member peer urls not provided"))
			}
			urls := strings.Split(peerURLs, ",")
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.MemberUpdate, &pb.MemberUpdateRequest{ID: id, PeerURLs: urls})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.MemberUpdate(id, resp)
		},
	}
	cmd.Flags().StringVar(&peerURLs, "peer-urls", "", "comma separated peer URLs for the updated member.")
	return cmd
}

func (r *runner) newMemberListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "Lists all members in the cluster",
		Long: `When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.
The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.
`,
		Run: func(cmd *cobra.Command, args []string) {
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.MemberList, &pb.MemberListRequest{})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.MemberList(resp)
		},
	}
}

func (r *runner) newMemberPromoteCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "promote <memberID>",
		Short: "Promotes a non-voting member in the cluster",
		Long: `Promotes a non-voting learner member to a voting one in the cluster.
`,
		Run: func(cmd *cobra.Command, args []string) {
			id := r.memberID(args)
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.MemberPromote, &pb.MemberPromoteRequest{ID: id})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.MemberPromote(id, resp)
		},
	}
}
