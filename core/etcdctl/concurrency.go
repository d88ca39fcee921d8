package etcdctl

import (
	"errors"
	"fmt"
	"strings"
	"time"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
)

// etcdctl's lock and elect over clientv3's concurrency recipes
// (client/v3/concurrency: Session, Mutex, Election), as one coroutine: the
// session's keep-alive (every TTL/3, as clientv3's KeepAlive loop) runs
// between the waits on watches.

var errSessionExpired = errors.New("session expired")

// session is concurrency.Session: a lease kept alive until the command
// ends; it expires TTL after the last keep-alive if the command stops
// (Ctrl-C) or cannot reach the cluster.
type session struct {
	r     *runner
	c     Call
	lease int64
	ttl   int64
	next  time.Duration // next keep-alive (the client's Now)
	// deadline is when the lease runs out without another keep-alive:
	// clientv3 closes the keep-alive channel then (the session is Done).
	deadline time.Duration
	expired  bool
}

func (r *runner) newSession(c Call, ttl int64) (*session, error) {
	resp, err := unary(r, c, r.cl.LeaseGrant, &pb.LeaseGrantRequest{TTL: ttl})
	if err != nil {
		return nil, err
	}
	s := &session{r: r, c: c, lease: resp.ID, ttl: resp.TTL}
	s.renewed(resp.TTL)
	return s, nil
}

// keepAlive sends a keep-alive when one is due; a lease the cluster no
// longer has ends the session.
func (s *session) keepAlive() {
	if s.expired || s.r.cl.Now() < s.next {
		return
	}
	resp, err := s.r.cl.LeaseKeepAliveOnce(s.c, &pb.LeaseKeepAliveRequest{ID: s.lease})
	switch {
	case err == nil && resp.TTL > 0:
		s.renewed(resp.TTL)
	case err == nil || errors.Is(err, pb.ErrLeaseNotFound):
		s.expired = true
	case s.r.cl.Now() >= s.deadline:
		s.expired = true
	default:
		// unreachable for now: clientv3 retries after a second
		s.next = min(s.r.cl.Now()+time.Second, s.deadline)
	}
}

func (s *session) renewed(ttl int64) {
	now := s.r.cl.Now()
	s.next = now + time.Duration(ttl)*time.Second/3
	s.deadline = now + time.Duration(ttl)*time.Second
}

// untilKeepAlive is how long the command may wait before the next one.
func (s *session) untilKeepAlive() time.Duration {
	return max(s.next-s.r.cl.Now(), time.Millisecond)
}

// hold waits, keeping the lease alive, until the session expires.
func (s *session) hold() {
	for !s.expired {
		s.r.cl.Sleep(s.untilKeepAlive())
		s.keepAlive()
	}
}

// recv is the next watch response, keeping the session alive meanwhile;
// nil when the session expired.
func (s *session) recv(w Watcher) (*pb.WatchResponse, error) {
	for !s.expired {
		resp, err := w.RecvTimeout(s.untilKeepAlive())
		if err != nil || resp != nil {
			return resp, err
		}
		s.keepAlive()
	}
	return nil, errSessionExpired
}

// waitDelete is concurrency's waitDelete: watch key from rev until it is
// deleted.
func (s *session) waitDelete(key string, rev int64) error {
	w, err := s.r.cl.Watch(s.c, &pb.WatchCreateRequest{Key: []byte(key), StartRevision: rev})
	if err != nil {
		return err
	}
	defer w.Close()
	for {
		resp, err := s.recv(w)
		if err != nil {
			return err
		}
		if resp.Canceled {
			return watchErr(resp)
		}
		for _, ev := range resp.Events {
			if ev.Type == pb.DELETE {
				return nil
			}
		}
	}
}

// firstCreate is clientv3.WithFirstCreate (order ascend) or
// WithLastCreate (descend) on a prefix: the oldest or newest key.
func topCreate(pfx string, order pb.SortOrder, maxCreateRev int64) *pb.RangeRequest {
	return &pb.RangeRequest{Key: []byte(pfx), RangeEnd: getPrefix([]byte(pfx)), Limit: 1,
		SortOrder: order, SortTarget: pb.SortByCreate, MaxCreateRevision: maxCreateRev}
}

// createTxn is the recipes' first step (Mutex.tryAcquire, Election.Campaign):
// put key (with the session's lease) if it does not exist, else read it;
// also, if set, is read after either.
func createTxn(key, value []byte, lease int64, also *pb.RangeRequest) *pb.TxnRequest {
	t := &pb.TxnRequest{
		Compare: []*pb.Compare{{Key: key, Target: pb.CompareCreate, Result: pb.CompareEqual}},
		Success: []*pb.RequestOp{{RequestPut: &pb.PutRequest{Key: key, Value: value, Lease: lease}}},
		Failure: []*pb.RequestOp{{RequestRange: &pb.RangeRequest{Key: key}}},
	}
	if also != nil {
		t.Success = append(t.Success, &pb.RequestOp{RequestRange: also})
		t.Failure = append(t.Failure, &pb.RequestOp{RequestRange: also})
	}
	return t
}

// waitDeletes is concurrency's waitDeletes: wait until no key under pfx
// created at or before maxCreateRev is left, newest first.
func (s *session) waitDeletes(pfx string, maxCreateRev int64) error {
	for {
		resp, err := unary(s.r, s.c, s.r.cl.Range, topCreate(pfx, pb.SortDescend, maxCreateRev))
		if err != nil {
			return err
		}
		if len(resp.Kvs) == 0 {
			return nil
		}
		if err := s.waitDelete(string(resp.Kvs[0].Key), resp.Header.Revision); err != nil {
			return err
		}
	}
}

// onInterrupt runs release if the command is stopped (Ctrl-C) while fn
// runs, then lets the stop go on: etcdctl's signal handler cancels the
// context and the recipe deletes its key.
func (r *runner) onInterrupt(release func(), fn func()) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(interface{ Interrupted() }); ok {
				release()
			}
			panic(v)
		}
	}()
	fn()
}

// ---- lock ----

func (r *runner) newLockCommand() *cobra.Command {
	var ttl int
	cmd := &cobra.Command{
		Use:   "lock <lockname> [exec-command arg1 arg2 ...]",
		Short: "Acquires a named lock",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) == 0 {
				r.exitWithError(ExitBadArgs, errors.New("lock takes a lock name argument and an optional command to execute"))
			}
			var ex Execer
			if len(args) > 1 {
				var ok bool
				if ex, ok = r.cl.(Execer); !ok {
					r.exitWithError(ExitBadFeature, fmt.Errorf("lock with an exec command (%s) is not supported here", strings.Join(args[1:], " ")))
				}
			}
			c := r.mustCall(cmd)
			ttl := int64(ttl)
			// A held lock waits until Ctrl-C.
			r.detach(func(r *runner) {
				if err := r.lockUntilSignal(c, args[0], ttl, ex, args[1:]); err != nil {
					r.exitWithError(ExitError, err)
				}
			})
		},
	}
	cmd.Flags().IntVar(&ttl, "ttl", 10, "timeout for session")
	return cmd
}

// lockUntilSignal is etcdctl's: take the mutex (concurrency.Mutex.Lock),
// then either run the command (with ETCD_LOCK_KEY and ETCD_LOCK_REV) and
// unlock, or print the lock key and hold it until Ctrl-C (then unlock) or
// the session expires.
func (r *runner) lockUntilSignal(c Call, name string, ttl int64, ex Execer, cmdArgs []string) error {
	s, err := r.newSession(c, ttl)
	if err != nil {
		return err
	}
	pfx := name + "/"
	myKey := fmt.Sprintf("%s%x", pfx, s.lease)
	unlock := func() { r.cl.DeleteRangeNoWait(c, &pb.DeleteRangeRequest{Key: []byte(myKey)}) }
	var lockErr error
	r.onInterrupt(unlock, func() {
		// tryAcquire: put my key unless it exists; the oldest key holds the lock.
		resp, err := unary(r, c, r.cl.Txn, createTxn([]byte(myKey), nil, s.lease, topCreate(pfx, pb.SortAscend, 0)))
		if err != nil {
			lockErr = err
			return
		}
		myRev := resp.Header.Revision
		if !resp.Succeeded {
			myRev = resp.Responses[0].GetResponseRange().Kvs[0].CreateRevision
		}
		owner := resp.Responses[1].GetResponseRange().Kvs
		lockRev := resp.Header.Revision // m.Header().Revision
		if len(owner) > 0 && owner[0].CreateRevision != myRev {
			if err := s.waitDeletes(pfx, myRev-1); err != nil {
				unlock()
				lockErr = err
				return
			}
			g, err := unary(r, c, r.cl.Range, &pb.RangeRequest{Key: []byte(myKey)})
			if err != nil {
				unlock()
				lockErr = err
				return
			}
			if len(g.Kvs) == 0 {
				lockErr = errSessionExpired
				return
			}
			lockRev = g.Header.Revision
		}
		if ex != nil {
			code := ex.Exec(cmdArgs, []string{"ETCD_LOCK_KEY=" + myKey, fmt.Sprintf("ETCD_LOCK_REV=%d", lockRev)})
			_, uerr := unary(r, c, r.cl.DeleteRange, &pb.DeleteRangeRequest{Key: []byte(myKey)})
			switch {
			case code != 0:
				lockErr = fmt.Errorf("exit status %d", code)
			default:
				lockErr = uerr
			}
			return
		}
		k, err := unary(r, c, r.cl.Range, &pb.RangeRequest{Key: []byte(myKey)})
		if err != nil {
			lockErr = err
			return
		}
		if len(k.Kvs) == 0 {
			lockErr = errors.New("lock lost on init")
			return
		}
		r.display.Get(k)
		s.hold()
		lockErr = errSessionExpired
	})
	return lockErr
}

// ---- elect ----

func (r *runner) newElectCommand() *cobra.Command {
	var listen bool
	cmd := &cobra.Command{
		Use:   "elect <election-name> [proposal]",
		Short: "Observes and participates in leader election",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 1 && len(args) != 2 {
				r.exitWithError(ExitBadArgs, errors.New("elect takes one election name argument and an optional proposal argument"))
			}
			c := r.mustCall(cmd)
			if !listen && len(args) != 2 {
				r.exitWithError(ExitBadArgs, errors.New("no proposal argument but -l not set"))
			}
			listen := listen
			// A leader, or an observer, waits until Ctrl-C.
			r.detach(func(r *runner) {
				var err error
				if listen {
					err = r.observe(c, args[0])
				} else {
					err = r.campaign(c, args[0], args[1])
				}
				if err != nil {
					r.exitWithError(ExitError, err)
				}
			})
		},
	}
	cmd.Flags().BoolVarP(&listen, "listen", "l", false, "observation mode")
	return cmd
}

// sessionTTL is concurrency's default session TTL (elect sets none).
const sessionTTL = 60

// campaign is etcdctl's: concurrency.Election.Campaign, print the leader
// key once elected, hold it until Ctrl-C (then resign) or the session
// expires.
func (r *runner) campaign(c Call, election, prop string) error {
	s, err := r.newSession(c, sessionTTL)
	if err != nil {
		return err
	}
	pfx := election + "/"
	key := fmt.Sprintf("%s%x", pfx, s.lease)
	var leaderRev int64
	resign := func() {
		if leaderRev != 0 {
			r.cl.DeleteRangeNoWait(c, &pb.DeleteRangeRequest{Key: []byte(key)})
		}
	}
	var campErr error
	r.onInterrupt(resign, func() {
		resp, err := unary(r, c, r.cl.Txn, createTxn([]byte(key), []byte(prop), s.lease, nil))
		if err != nil {
			campErr = err
			return
		}
		leaderRev = resp.Header.Revision
		if !resp.Succeeded {
			kv := resp.Responses[0].GetResponseRange().Kvs[0]
			leaderRev = kv.CreateRevision
			if string(kv.Value) != prop {
				// Proclaim: the new value, if the key is still ours.
				if _, err := unary(r, c, r.cl.Txn, &pb.TxnRequest{
					Compare: []*pb.Compare{{Key: []byte(key), Target: pb.CompareCreate, Result: pb.CompareEqual, CreateRevision: leaderRev}},
					Success: []*pb.RequestOp{{RequestPut: &pb.PutRequest{Key: []byte(key), Value: []byte(prop), Lease: s.lease}}},
				}); err != nil {
					campErr = err
					return
				}
			}
		}
		if err := s.waitDeletes(pfx, leaderRev-1); err != nil {
			campErr = err
			return
		}
		g, err := unary(r, c, r.cl.Range, &pb.RangeRequest{Key: []byte(key)})
		if err != nil {
			campErr = err
			return
		}
		r.display.Get(g)
		s.hold()
		campErr = errors.New("elect: session expired")
	})
	return campErr
}

// observe is etcdctl's elect --listen: print the leader's key and value
// (concurrency.Election.Observe) every time the leadership or its
// proclamation changes, until Ctrl-C.
func (r *runner) observe(c Call, election string) error {
	s, err := r.newSession(c, sessionTTL)
	if err != nil {
		return err
	}
	pfx := election + "/"
	for {
		resp, err := unary(r, c, r.cl.Range, topCreate(pfx, pb.SortAscend, 0))
		if err != nil {
			return errors.New("elect: observer lost")
		}
		var kv *pb.KeyValue
		hdr := resp.Header
		if len(resp.Kvs) == 0 {
			// wait for the first key put on the prefix
			w, err := r.cl.Watch(c, &pb.WatchCreateRequest{Key: []byte(pfx), RangeEnd: getPrefix([]byte(pfx)), StartRevision: hdr.Revision})
			if err != nil {
				return errors.New("elect: observer lost")
			}
			for kv == nil {
				wr, err := s.recv(w)
				if err != nil || wr.Canceled {
					w.Close()
					return errors.New("elect: observer lost")
				}
				for _, ev := range wr.Events {
					if ev.Type == pb.PUT {
						h := *wr.Header
						h.Revision = ev.Kv.ModRevision
						hdr, kv = &h, ev.Kv
						break
					}
				}
			}
			w.Close()
		} else {
			kv = resp.Kvs[0]
		}
		r.display.Get(&pb.RangeResponse{Header: hdr, Kvs: []*pb.KeyValue{kv}, Count: 1})
		w, err := r.cl.Watch(c, &pb.WatchCreateRequest{Key: kv.Key, StartRevision: hdr.Revision + 1})
		if err != nil {
			return errors.New("elect: observer lost")
		}
		for deleted := false; !deleted; {
			wr, err := s.recv(w)
			if err != nil || wr.Canceled {
				w.Close()
				return errors.New("elect: observer lost")
			}
			for _, ev := range wr.Events {
				if ev.Type == pb.DELETE {
					deleted = true
					break
				}
				r.display.Get(&pb.RangeResponse{Header: wr.Header, Kvs: []*pb.KeyValue{ev.Kv}, Count: 1})
			}
		}
		w.Close()
	}
}
