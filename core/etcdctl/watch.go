package etcdctl

import (
	"errors"
	"fmt"
	"strings"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
)

var (
	errBadArgsNum            = errors.New("bad number of arguments")
	errBadArgsNumConflictEnv = errors.New("bad number of arguments (found conflicting environment key)")
	errBadArgsNumSeparator   = errors.New("bad number of arguments (found separator --, but no commands)")
)

type watchOpts struct {
	_                                       [0]func() // not comparable: no generated equality in the page
	rev                                     int64
	prefix, interactive, prevKV, progNotify bool
}

func (r *runner) newWatchCommand() *cobra.Command {
	o := &watchOpts{}
	cmd := &cobra.Command{
		Use:   "watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]",
		Short: "Watches events stream on keys or prefixes",
		Run: func(cmd *cobra.Command, args []string) {
			envKey, envRange := r.env["ETCDCTL_WATCH_KEY"], r.env["ETCDCTL_WATCH_RANGE_END"]
			if envKey == "" && envRange != "" {
				r.exitWithError(ExitBadArgs, fmt.Errorf("ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=%q", envRange))
			}
			if o.interactive {
				r.watchInteractive(cmd, envKey, envRange)
				return
			}
			watchArgs, execArgs := args, []string(nil)
			if d := cmd.ArgsLenAtDash(); d >= 0 {
				watchArgs, execArgs = args[:d], args[d:]
				if len(execArgs) == 0 {
					r.exitWithError(ExitBadArgs, errBadArgsNumSeparator)
				}
			}
			if envKey != "" {
				if len(watchArgs) > 0 {
					r.exitWithError(ExitBadArgs, errBadArgsNumConflictEnv)
				}
				watchArgs = []string{envKey}
				if envRange != "" {
					watchArgs = append(watchArgs, envRange)
				}
			}
			if len(watchArgs) < 1 || len(watchArgs) > 2 {
				r.exitWithError(ExitBadArgs, errBadArgsNum)
			}
			if len(execArgs) > 0 {
				r.exitWithError(ExitBadFeature, fmt.Errorf("watch with an exec command (%s) is not supported by raftlab", strings.Join(execArgs, " ")))
			}
			c := r.mustCall(cmd)
			req, err := watchRequest(o, watchArgs)
			if err != nil {
				r.exitWithError(ExitBadArgs, err)
			}
			// A watch may stay open for the rest of the session.
			r.detach(func(r *runner) {
				w, err := r.cl.Watch(c, req)
				if err != nil {
					r.exitWithError(ExitError, err)
				}
				r.printWatch(w)
				r.exitWithError(ExitInterrupted, fmt.Errorf("watch is canceled by the server"))
			})
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.interactive, "interactive", "i", false, "Interactive mode")
	f.BoolVar(&o.prefix, "prefix", false, "Watch on a prefix if prefix is set")
	f.Int64Var(&o.rev, "rev", 0, "Revision to start watching")
	f.BoolVar(&o.prevKV, "prev-kv", false, "get the previous key-value pair before the event happens")
	f.BoolVar(&o.progNotify, "progress-notify", false, "get periodic watch progress notification from server")
	return cmd
}

func watchRequest(o *watchOpts, args []string) (*pb.WatchCreateRequest, error) {
	if len(args) < 1 {
		return nil, errBadArgsNum
	}
	req := &pb.WatchCreateRequest{Key: []byte(args[0]), StartRevision: o.rev, PrevKv: o.prevKV, ProgressNotify: o.progNotify}
	if len(args) == 2 {
		if o.prefix {
			return nil, fmt.Errorf("`range_end` and `--prefix` are mutually exclusive")
		}
		req.RangeEnd = []byte(args[1])
	}
	if o.prefix {
		if len(req.Key) == 0 {
			req.Key, req.RangeEnd = []byte{0}, []byte{0}
		} else {
			req.RangeEnd = getPrefix(req.Key)
		}
	}
	return req, nil
}

// printWatch is printWatchCh: it returns when the stream closes.
func (r *runner) printWatch(w Watcher) {
	defer w.Close()
	for {
		resp, err := w.Recv()
		if err != nil || resp == nil {
			return
		}
		if resp.Created && !resp.Canceled {
			// clientv3 passes the created response on only to watches
			// opened WithCreatedNotify, which etcdctl does not use.
			continue
		}
		if resp.Canceled {
			fmt.Fprintf(r.stderr, "watch was canceled (%v)\n", watchErr(resp))
		}
		if resp.Header != nil && len(resp.Events) == 0 && !resp.Canceled && !resp.Created && resp.CompactRevision == 0 {
			r.printf("progress notify: %d\n", resp.Header.Revision)
		}
		r.display.Watch(resp)
		if resp.Canceled {
			return
		}
	}
}

// watchErr is clientv3.WatchResponse.Err.
func watchErr(resp *pb.WatchResponse) error {
	switch {
	case resp.CompactRevision != 0:
		return pb.ErrCompacted
	case resp.Canceled && resp.CancelReason != "":
		return errors.New(resp.CancelReason)
	case resp.Canceled:
		return errors.New("mvcc: watcher is canceled")
	}
	return nil
}

// watchInteractive reads "watch ..." lines from stdin. etcdctl starts each
// watch in the background and exits with ExitInvalidInput once stdin ends;
// with raftlab's finite stdin that is what happens, after the lines have
// been validated.
func (r *runner) watchInteractive(cmd *cobra.Command, envKey, envRange string) {
	c := r.mustCall(cmd)
	for {
		l, err := r.stdin.ReadString('\n')
		if err != nil {
			r.exitWithError(ExitInvalidInput, fmt.Errorf("Error reading watch request line: %v", err))
		}
		l = strings.TrimSuffix(l, "\n")
		args := r.argify(l)
		if len(args) < 1 {
			fmt.Fprintf(r.stderr, "Invalid command: %s (watch and progress supported)\n", l)
			continue
		}
		switch args[0] {
		case "watch":
			o := &watchOpts{}
			wc := &cobra.Command{Use: "watch"}
			f := wc.Flags()
			f.BoolVar(&o.prefix, "prefix", false, "")
			f.Int64Var(&o.rev, "rev", 0, "")
			f.BoolVar(&o.prevKV, "prev-kv", false, "")
			f.BoolVar(&o.progNotify, "progress-notify", false, "")
			if err := f.Parse(args[1:]); err != nil {
				fmt.Fprintf(r.stderr, "Invalid command %s (%v)\n", l, err)
				continue
			}
			wargs := f.Args()
			if envKey != "" && len(wargs) == 0 {
				wargs = []string{envKey}
				if envRange != "" {
					wargs = append(wargs, envRange)
				}
			}
			req, err := watchRequest(o, wargs)
			if err != nil {
				fmt.Fprintf(r.stderr, "Invalid command %s (%v)\n", l, err)
				continue
			}
			w, err := r.cl.Watch(c, req)
			if err == nil {
				w.Close()
			}
		case "progress":
		default:
			fmt.Fprintf(r.stderr, "Invalid command %s (only support watch)\n", l)
		}
	}
}
