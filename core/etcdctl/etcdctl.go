// Package etcdctl reproduces etcdctl 3.5 (and the snapshot part of etcdutl
// 3.5) on top of raftlab's simulated cluster: same flags, usage texts, output
// formats and exit codes, byte for byte where it matters to a learner.
//
// Run is plain synchronous code (no goroutines, no wall clock, no os.Exit, no
// global state) so that the lab can drive it inside a coroutine.
package etcdctl

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Version is the etcdctl/etcdutl version raftlab mirrors.
const (
	Version    = "3.5.17"
	APIVersion = "3.5"
)

// Call says where and how one RPC goes.
type Call struct {
	// Endpoints as given by --endpoints (member names, host:port, or URLs),
	// tried in order (clientv3 fails over). One entry for per-endpoint
	// commands (endpoint status/health/hashkv, defrag, move-leader probing,
	// snapshot save).
	Endpoints   []string
	Timeout     time.Duration // --command-timeout (what etcdctl puts on its context); 0: the default, ExpiredTimeout: none left, NoTimeout: no deadline
	DialTimeout time.Duration // --dial-timeout
	TLS         TLS           // --cacert, --cert, --key, --insecure-skip-tls-verify, --insecure-transport
	User        string        // --user (user name only)
	Password    string        // from --user name:password or --password
	// Token is what the cluster answered to an *etcdpb.AuthenticateRequest
	// with User and Password (clientv3 authenticates when it is created);
	// every later request carries it.
	Token string
	// Retried, if set, is told of each attempt of the request that failed
	// and that the client tries again (a repeatable RPC whose connection
	// broke in flight): clientv3's retry interceptor logs each one.
	Retried func(c Call, err error)
}

// ExpiredTimeout is a Call's Timeout when --command-timeout is 0 or
// negative: etcdctl's request context is then expired before anything is
// sent, and every request fails with "context deadline exceeded" (etcdctl
// 3.5.17, observed; a watch takes no command timeout).
const ExpiredTimeout time.Duration = -1

// NoTimeout is a Call's Timeout when etcdctl puts no deadline on the
// request's context: snapshot save without --command-timeout waits for
// ever (etcdctl 3.5.17: "if user does not specify --command-timeout flag,
// there will be no timeout for snapshot save command"; observed against a
// stopped endpoint: no answer after 12 s).
const NoTimeout time.Duration = -2

// TLS is the transport security etcdctl was asked for.
type TLS struct {
	CACert, Cert, Key  string
	InsecureSkipVerify bool
	InsecureTransport  bool
	InsecureDiscovery  bool
}

// Client is the simulated cluster as etcdctl's clientv3 sees it: one
// method per RPC of etcd's v3 API, grouped as clientv3 groups them, plus
// the machine etcdctl runs on (files, virtual time).
//
// Every RPC blocks (in virtual time) until the answer or an error with
// etcd's text (core/etcdpb errors, e.g. ErrDeadlineExceeded after c.Timeout;
// a *ConnError when no endpoint could be reached).
type Client interface {
	KV
	Lease
	Cluster
	Maintenance
	Auth
	// DeleteRangeNoWait sends a delete nobody waits for: what etcdctl's
	// lock and elect send when stopped (Ctrl-C) to release their key.
	DeleteRangeNoWait(c Call, r *etcdpb.DeleteRangeRequest)
	// Watch opens a watch stream. Recv returns the responses in order; an
	// error from Recv means the stream closed (the command was cancelled).
	Watch(c Call, req *etcdpb.WatchCreateRequest) (Watcher, error)

	// NameMember tells the environment the name the user gave a member
	// `member add` added: etcd's server never learns it from the client
	// (the new member publishes it when it starts with --name), but the
	// machine that starts the member must.
	NameMember(id uint64, name string)
	// SnapshotRestore is etcdutl's restore, on the local machine: a data
	// directory built from a snapshot file.
	SnapshotRestore(r *SnapshotRestoreRequest) (*SnapshotRestoreResponse, error)
	// SnapshotStatus reads a snapshot file's content as etcdutl's
	// snapshot.Status does: crc32 hash of the db, revision, total keys and
	// size in bytes. An error is printed as "Error: <text>", exit 1.
	SnapshotStatus(data []byte) (hash uint32, rev int64, keys int, size int64, err error)
	// ReadFile and WriteFile use the host's virtual filesystem (snapshot
	// files, certificates).
	ReadFile(name string) ([]byte, error)
	WriteFile(name string, data []byte) error
	// Sleep waits in virtual time (lease keep-alive's loop).
	Sleep(d time.Duration)
	// Now is the virtual time since walltime.Epoch, the wall clock's zero
	// (log lines, "took" durations, lease keep-alives).
	Now() time.Duration
}

// KV is etcd's KV service.
type KV interface {
	Range(c Call, r *etcdpb.RangeRequest) (*etcdpb.RangeResponse, error)
	Put(c Call, r *etcdpb.PutRequest) (*etcdpb.PutResponse, error)
	DeleteRange(c Call, r *etcdpb.DeleteRangeRequest) (*etcdpb.DeleteRangeResponse, error)
	Txn(c Call, r *etcdpb.TxnRequest) (*etcdpb.TxnResponse, error)
	Compact(c Call, r *etcdpb.CompactionRequest) (*etcdpb.CompactionResponse, error)
}

// Lease is etcd's Lease service (LeaseKeepAliveOnce is one round of the
// keep-alive stream, as clientv3's KeepAliveOnce).
type Lease interface {
	LeaseGrant(c Call, r *etcdpb.LeaseGrantRequest) (*etcdpb.LeaseGrantResponse, error)
	LeaseRevoke(c Call, r *etcdpb.LeaseRevokeRequest) (*etcdpb.LeaseRevokeResponse, error)
	LeaseKeepAliveOnce(c Call, r *etcdpb.LeaseKeepAliveRequest) (*etcdpb.LeaseKeepAliveResponse, error)
	LeaseTimeToLive(c Call, r *etcdpb.LeaseTimeToLiveRequest) (*etcdpb.LeaseTimeToLiveResponse, error)
	LeaseLeases(c Call, r *etcdpb.LeaseLeasesRequest) (*etcdpb.LeaseLeasesResponse, error)
}

// Cluster is etcd's Cluster service.
type Cluster interface {
	MemberList(c Call, r *etcdpb.MemberListRequest) (*etcdpb.MemberListResponse, error)
	MemberAdd(c Call, r *etcdpb.MemberAddRequest) (*etcdpb.MemberAddResponse, error)
	MemberRemove(c Call, r *etcdpb.MemberRemoveRequest) (*etcdpb.MemberRemoveResponse, error)
	MemberUpdate(c Call, r *etcdpb.MemberUpdateRequest) (*etcdpb.MemberUpdateResponse, error)
	MemberPromote(c Call, r *etcdpb.MemberPromoteRequest) (*etcdpb.MemberPromoteResponse, error)
}

// Maintenance is etcd's Maintenance service (Snapshot returns the whole
// stream's content).
type Maintenance interface {
	Alarm(c Call, r *etcdpb.AlarmRequest) (*etcdpb.AlarmResponse, error)
	Status(c Call, r *etcdpb.StatusRequest) (*etcdpb.StatusResponse, error)
	HashKV(c Call, r *etcdpb.HashKVRequest) (*etcdpb.HashKVResponse, error)
	Defragment(c Call, r *etcdpb.DefragmentRequest) (*etcdpb.DefragmentResponse, error)
	MoveLeader(c Call, r *etcdpb.MoveLeaderRequest) (*etcdpb.MoveLeaderResponse, error)
	Snapshot(c Call, r *etcdpb.SnapshotRequest) (*etcdpb.SnapshotResponse, error)
}

// Auth is etcd's Auth service. Authenticate answers the token later
// requests carry in Call.Token.
type Auth interface {
	Authenticate(c Call, r *etcdpb.AuthenticateRequest) (*etcdpb.AuthenticateResponse, error)
	AuthEnable(c Call, r *etcdpb.AuthEnableRequest) (*etcdpb.AuthEnableResponse, error)
	AuthDisable(c Call, r *etcdpb.AuthDisableRequest) (*etcdpb.AuthDisableResponse, error)
	AuthStatus(c Call, r *etcdpb.AuthStatusRequest) (*etcdpb.AuthStatusResponse, error)
	UserAdd(c Call, r *etcdpb.AuthUserAddRequest) (*etcdpb.AuthUserAddResponse, error)
	UserDelete(c Call, r *etcdpb.AuthUserDeleteRequest) (*etcdpb.AuthUserDeleteResponse, error)
	UserChangePassword(c Call, r *etcdpb.AuthUserChangePasswordRequest) (*etcdpb.AuthUserChangePasswordResponse, error)
	UserGrantRole(c Call, r *etcdpb.AuthUserGrantRoleRequest) (*etcdpb.AuthUserGrantRoleResponse, error)
	UserRevokeRole(c Call, r *etcdpb.AuthUserRevokeRoleRequest) (*etcdpb.AuthUserRevokeRoleResponse, error)
	UserGet(c Call, r *etcdpb.AuthUserGetRequest) (*etcdpb.AuthUserGetResponse, error)
	UserList(c Call, r *etcdpb.AuthUserListRequest) (*etcdpb.AuthUserListResponse, error)
	RoleAdd(c Call, r *etcdpb.AuthRoleAddRequest) (*etcdpb.AuthRoleAddResponse, error)
	RoleDelete(c Call, r *etcdpb.AuthRoleDeleteRequest) (*etcdpb.AuthRoleDeleteResponse, error)
	RoleGet(c Call, r *etcdpb.AuthRoleGetRequest) (*etcdpb.AuthRoleGetResponse, error)
	RoleList(c Call, r *etcdpb.AuthRoleListRequest) (*etcdpb.AuthRoleListResponse, error)
	RoleGrantPermission(c Call, r *etcdpb.AuthRoleGrantPermissionRequest) (*etcdpb.AuthRoleGrantPermissionResponse, error)
	RoleRevokePermission(c Call, r *etcdpb.AuthRoleRevokePermissionRequest) (*etcdpb.AuthRoleRevokePermissionResponse, error)
}

// Execer is a Client that can run a command on the machine etcdctl runs
// on (lock's exec form): args with env added, writing to etcdctl's own
// stdout and stderr; it returns the exit code.
type Execer interface {
	Exec(args, env []string) int
}

// ConnError is what a Client RPC (or Watch) returns when no endpoint could be
// reached before the timeout: Err is what etcdctl prints as its error
// (etcdpb.ErrDeadlineExceeded), Cause the last connection error clientv3's
// balancer saw, in grpc's words (e.g. `transport: authentication handshake
// failed: tls: failed to verify certificate: x509: certificate signed by
// unknown authority`, `transport: Error while dialing: dial tcp
// 127.0.0.1:2379: connect: connection refused`), which the retry warn line
// shows.
type ConnError struct {
	Err   error
	Cause string
}

func (e *ConnError) Error() string { return e.Err.Error() }
func (e *ConnError) Unwrap() error { return e.Err }

// unwrapConn returns the error etcdctl prints for err and the gRPC status
// description clientv3 logs for it.
func unwrapConn(err error) (error, string) {
	var ce *ConnError
	if errors.As(err, &ce) {
		desc := err.Error()
		if ce.Cause != "" {
			desc = "latest balancer error: last connection error: connection error: desc = " + strconv.Quote(ce.Cause)
		}
		return ce.Err, desc
	}
	if err == nil {
		return nil, ""
	}
	if se, ok := err.(*etcdpb.StatusError); ok {
		return err, se.Desc
	}
	return err, err.Error()
}

// A Client may stop a command in progress (Ctrl-C) by panicking, inside
// one of its methods, with a value that has an Interrupted() method: Run
// and RunEtcdutl let such a panic through instead of reporting a crash.

// Watcher is one open watch stream.
type Watcher interface {
	Recv() (*etcdpb.WatchResponse, error)
	// RecvTimeout is Recv that gives up after d of virtual time with
	// (nil, nil): lock and elect keep their session alive meanwhile.
	RecvTimeout(d time.Duration) (*etcdpb.WatchResponse, error)
	Close()
}

// Exit codes of etcdctl (pkg/cobrautl/error.go).
const (
	ExitSuccess = iota
	ExitError
	ExitBadConnection
	ExitInvalidInput
	ExitBadFeature
	ExitInterrupted
	ExitIO
	ExitBadArgs = 128
)

// exit is panicked to unwind a command, as etcdctl's os.Exit would.
type exit struct{ code int }

type runner struct {
	// runState is what one command sets: tree.reset zeroes it.
	runState
	// What a tree keeps from one command to the next: the flags'
	// variables (their values back to the defaults), the retry logger
	// (a closure over the runner) and the root's TLS flags.
	g       globalFlags
	retried func(Call, error)
	// tlsFlags are the root's --cert, --key and --cacert, whose Changed
	// mustTLS reads for every command (looked up once per tree).
	tlsFlags [3]*pflag.Flag
	// plain are the commands a plain line runs directly (plainLine),
	// and endpoints the root's --endpoints flag, the one flag it sets.
	plain     [3]*cobra.Command
	endpoints *pflag.Flag
	// plainCall is mustCall's Call for a plain line but its endpoints,
	// made at the tree's first (the flags it reads are at their defaults
	// for every plain line).
	plainCall *Call
	// full: every command goes through cobra (Tools.full).
	full bool
}

// runState is a runner's state for one command.
type runState struct {
	cl     Client
	stdout io.Writer
	stderr io.Writer
	stdin  *input
	env    map[string]string

	display *printer
	pr      printer // what display points to (newPrinter)
	// token is the auth token clientv3 refreshed after ErrAuthOldRevision;
	// it replaces the one a Call was made with.
	token string
	// attempt counts the failed attempts of the RPC in progress (the
	// retry warnings' "attempt"); retried logs one (Call.Retried).
	attempt int
	util    bool // running as etcdutl
	// rest is the part of a command that runs off the tree (detach).
	rest func(r *runner)
	// ran is the command that ran and returned (not set when it exited
	// by panic): the one whose flags tree.reset puts back.
	ran *cobra.Command
	// envFlags: the environment may have set inherited flags, through a
	// copy of the flag set (mustCall).
	envFlags bool
	// plainRan: the command ran directly (plainLine), having set no flag
	// but --endpoints, whose value is then endpoint.
	plainRan bool
	endpoint [1]string
}

func (r *runner) exitWithError(code int, err error) {
	fmt.Fprintln(r.stderr, "Error:", err)
	panic(exit{code})
}

func (r *runner) exitCode(code int) { panic(exit{code}) }

func (r *runner) printf(format string, a ...any) { fmt.Fprintf(r.stdout, format, a...) }
func (r *runner) println(a ...any)               { fmt.Fprintln(r.stdout, a...) }

// MaxOutput bounds the unread bytes an Output keeps; past it, what is
// written is counted, not kept. A command that prints without end (a
// watch left running for hours, a get of every key) holds at most that
// much, however rarely its reader drains it.
const MaxOutput = 1 << 20

// Output is etcdctl's standard output or error as a process owns its
// pipe: etcdctl, cobra and the commands write to it, and its reader (the
// console) takes what was written since it last read, after each step of
// the command, so that a long-running command's output streams while
// nothing in etcdctl calls into its reader. The zero value is empty.
type Output struct {
	// Unread is what was written since the last Take, and Dropped how
	// many bytes written meanwhile were not kept (MaxOutput): the reader
	// looks at them to know whether there is anything to take.
	Unread  []byte
	Dropped int64
}

func (o *Output) Write(p []byte) (int, error) {
	keep := min(len(p), MaxOutput-len(o.Unread))
	o.Unread = append(o.Unread, p[:keep]...)
	o.Dropped += int64(len(p) - keep)
	return len(p), nil
}

func (o *Output) WriteString(s string) (int, error) {
	keep := min(len(s), MaxOutput-len(o.Unread))
	o.Unread = append(o.Unread, s[:keep]...)
	o.Dropped += int64(len(s) - keep)
	return len(s), nil
}

// Reset empties o for a reader that copied what it holds: o keeps its
// array for what is written next (up to 64 KiB of it: one command that
// printed a megabyte does not hold it for the session).
func (o *Output) Reset() {
	o.Unread, o.Dropped = o.Unread[:0], 0
	if cap(o.Unread) > 64<<10 {
		o.Unread = nil
	}
}

// Take returns what was written since the last Take, the caller's to
// keep, and how many bytes written meanwhile were not kept.
func (o *Output) Take() (p []byte, dropped int64) {
	p, dropped = o.Unread, o.Dropped
	o.Unread, o.Dropped = nil, 0
	return p, dropped
}

func parseEnv(env []string) map[string]string {
	if len(env) == 0 {
		return nil // read only
	}
	m := map[string]string{}
	for _, kv := range env {
		if i := strings.IndexByte(kv, '='); i > 0 {
			m[kv[:i]] = kv[i+1:]
		}
	}
	return m
}

// Run executes one etcdctl invocation: args without the leading "etcdctl",
// env as KEY=VALUE (ETCDCTL_* variables apply as etcdctl's env handling),
// stdin (e.g. a txn body). It writes what etcdctl would print and returns
// its exit code.
func Run(cl Client, args []string, env []string, stdin string, stdout, stderr io.Writer) (code int) {
	return new(Tools).Run(cl, args, env, stdin, stdout, stderr)
}

// run executes one invocation on root, built by r.newRootCommand.
func (r *runner) run(root *cobra.Command, args []string) (code int) {
	defer r.recoverExit(&code)
	switch api := r.env["ETCDCTL_API"]; api {
	case "", "3":
	case "2":
		r.exitWithError(ExitBadFeature, errors.New("etcdctl v2 API is not supported by raftlab (etcd 3.5 deprecated it; unset ETCDCTL_API)"))
	default:
		fmt.Fprintln(r.stderr, "unsupported API version", api)
		return 1
	}
	if cmd, pos, ok := r.plainLine(args); ok {
		r.plainRan = true
		cmd.Run(cmd, pos)
		r.ran = cmd
		return 0
	}
	root.SetArgs(args)
	ran, err := root.ExecuteC()
	if err != nil {
		r.exitWithError(ExitError, err)
	}
	r.ran = ran
	return 0
}

// plainLine is the command and its arguments for a line that cobra would
// run as them, with no flag set but --endpoints (then set: its value
// given after '=' once, a single endpoint), which a repeated etcdctl put
// or get is (cobra's Find, ParseFlags, help checks and hooks were half of
// the client's work per console put). The line is "--endpoints=<ep>"
// at most once, then get, put or del by name, then arguments that are
// not flags (empty, or not starting with '-'; not cobra's completion
// command); no ETCDCTL_ variable may set a flag (mustCall would read
// which flags the line set). For such a line cobra finds the command by
// its name, parses --endpoints and the arguments into the command's flag
// set, finds no help flag set and no hook, and calls Run with the
// arguments: plainLine's command and arguments, run the same way and the
// flag set back by reset. Those three commands' Run reads its options,
// the global flags' variables and its arguments, nothing of the flag set
// (FuzzPlainLine compares the two paths' output and state).
func (r *runner) plainLine(args []string) (*cobra.Command, []string, bool) {
	if r.full || r.plain[0] == nil || len(args) == 0 {
		return nil, nil, false
	}
	ep, rest := "", args
	if a := args[0]; len(a) > len("--endpoints=") && a[:len("--endpoints=")] == "--endpoints=" {
		ep, rest = a[len("--endpoints="):], args[1:]
		for i := 0; i < len(ep); i++ {
			if csvSpecial[ep[i]] {
				return nil, nil, false // several endpoints, or CSV quoting: pflag's
			}
		}
		if len(rest) == 0 {
			return nil, nil, false
		}
	}
	var cmd *cobra.Command
	switch rest[0] { // r.plain's names (TestPlainNames)
	case "get":
		cmd = r.plain[0]
	case "put":
		cmd = r.plain[1]
	case "del":
		cmd = r.plain[2]
	default:
		return nil, nil, false
	}
	pos := rest[1:]
	for _, a := range pos {
		if a != "" && a[0] == '-' || a == cobra.ShellCompRequestCmd || a == cobra.ShellCompNoDescRequestCmd {
			return nil, nil, false
		}
	}
	if r.etcdctlEnv() {
		return nil, nil, false
	}
	if ep != "" {
		// One CSV field without quotes, the flag's first Set since its
		// Reset: pflag's string slice would take it as it is, with no
		// error, into an array of its own (reset puts it back).
		r.endpoint[0] = ep
		r.g.Endpoints = r.endpoint[:]
		r.endpoints.Changed = true
	}
	return cmd, pos, true
}

// csvSpecial are the bytes that make pflag's CSV reader read a value as
// other than one field as it is.
var csvSpecial = [256]bool{',': true, '"': true, '\r': true, '\n': true}

func (r *runner) recoverExit(code *int) {
	if v := recover(); v != nil {
		if e, ok := v.(exit); ok {
			*code = e.code
			return
		}
		if _, ok := v.(interface{ Interrupted() }); ok {
			// The client interrupts the command (Ctrl-C): let it unwind.
			panic(v)
		}
		// etcdctl itself would crash here (e.g. txn compare with an
		// unknown operator); Go prints the panic and exits with 2.
		fmt.Fprintf(r.stderr, "panic: %v\n", v)
		*code = 2
	}
}
