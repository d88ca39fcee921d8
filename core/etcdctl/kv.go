package etcdctl

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"time"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/walltime"
	"github.com/spf13/cobra"
)

// grpcCode is the gRPC status code etcd's server attaches to an error
// (api/v3rpc/rpctypes), as shown in clientv3's retry log line.
func grpcCode(err error) string {
	if se, ok := err.(*pb.StatusError); ok {
		return se.Code
	}
	if code, ok := pb.GRPCCode(err); ok {
		return code
	}
	switch err.Error() {
	case "etcdserver: rpc not supported for learner", "etcdserver: request timed out, leader transfer took too long":
		return "Unavailable"
	}
	return "Unknown"
}

// zapTime is the time encoder of etcd 3.5's default zap config
// (logutil.DefaultZapLoggerConfig: UTC, microseconds), which clientv3,
// etcdctl's snapshot code and etcdutl log with.
func zapTime(now time.Duration) string { return walltime.Micro(walltime.At(now)) }

// authority is clientv3's authority(): the endpoint without its scheme.
func authority(ep string) string {
	if i := strings.Index(ep, "://"); i >= 0 {
		return ep[i+3:]
	}
	return ep
}

// unary sends one RPC through send. On failure clientv3 3.5's retry
// interceptor logs a warning to stderr before the command prints its own
// error. Resp is always a pointer to a response; its constraint is any, not
// comparable, so that Go compiles one copy for every pointer type (with
// comparable it compiled one per response type: 36 copies, 2.7 kB of
// gzipped wasm).
func unary[Req, Resp any](r *runner, c Call, send func(Call, Req) (Resp, error), req Req) (Resp, error) {
	var none Resp
	if r.token != "" && c.User != "" {
		c.Token = r.token // refreshed after an auth change
	}
	if r.retried == nil {
		r.retried = func(c Call, err error) {
			r.warnRetry(c, err)
			r.attempt++
		}
	}
	r.attempt, c.Retried = 0, r.retried
	resp, err := send(c, req)
	if err != nil {
		r.warnRetry(c, err)
		if errors.Is(err, pb.ErrAuthOldRevision) && c.User != "" {
			// clientv3 refreshes its token after an auth change and
			// tries again.
			if ar, aerr := r.cl.Authenticate(c, &pb.AuthenticateRequest{Name: c.User, Password: c.Password}); aerr == nil {
				c.Token, r.token = ar.Token, ar.Token
				r.attempt = 0
				resp, err = send(c, req)
				if err != nil {
					r.warnRetry(c, err)
				}
			}
		}
		if err != nil {
			err, _ = unwrapConn(err)
			return none, err
		}
	}
	if any(resp) == any(none) { // a nil pointer
		return none, errors.New("raftlab: empty response")
	}
	return resp, nil
}

// warnRetry is clientv3's retry interceptor's warning for a failed RPC
// (its attempt: the failed attempts before it, Call.Retried).
func (r *runner) warnRetry(c Call, err error) { r.warnRetryAs("etcd-client", c, err, r.attempt) }

// warnRetryAs is the warning from a client whose zap logger is named
// logger (endpoint health's clients log as "client") for its attempt.
func (r *runner) warnRetryAs(logger string, c Call, err error, attempt int) {
	err, desc := unwrapConn(err)
	target := ""
	if len(c.Endpoints) > 0 {
		target = authority(c.Endpoints[0])
	}
	fmt.Fprintf(r.stderr, `{"level":"warn","ts":"%s","logger":%q,"caller":"v3@v%s/retry_interceptor.go:63","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc000184000/%s","attempt":%d,"error":%s}`+"\n",
		zapTime(r.cl.Now()), logger, Version, target, attempt, strconv.Quote("rpc error: code = "+grpcCode(err)+" desc = "+desc))
}

// getPrefix is clientv3.GetPrefixRangeEnd.
func getPrefix(key []byte) []byte {
	end := make([]byte, len(key))
	copy(end, key)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i] = end[i] + 1
			end = end[:i+1]
			return end
		}
	}
	return []byte{0}
}

// ---- put ----

type putOpts struct {
	_           [0]func() // not comparable: no generated equality in the page
	lease       string
	prevKV      bool
	ignoreVal   bool
	ignoreLease bool
}

func (r *runner) newPutCommand() *cobra.Command { return r.putCommand(&putOpts{}) }

func (r *runner) putCommand(o *putOpts) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "put [options] <key> <value> (<value> can also be given from stdin)",
		Short: "Puts the given key into the store",
		Long: `
Puts the given key into the store.

When <value> begins with '-', <value> is interpreted as a flag.
Insert '--' for workaround:

$ put <key> -- <value>
$ put -- <key> <value>

If <value> isn't given as a command line argument and '--ignore-value' is not specified,
this command tries to read the value from standard input.

If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
this command tries to read the value from standard input.

For example,
$ cat file | put <key>
will store the content of the file to <key>.
`,
		Run: func(cmd *cobra.Command, args []string) {
			req := r.getPutOp(o, args, r.stdin)
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.Put, req)
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.Put(resp)
		},
	}
	cmd.Flags().StringVar(&o.lease, "lease", "0", "lease ID (in hexadecimal) to attach to the key")
	cmd.Flags().BoolVar(&o.prevKV, "prev-kv", false, "return the previous key-value pair before modification")
	cmd.Flags().BoolVar(&o.ignoreVal, "ignore-value", false, "updates the key using its current value")
	cmd.Flags().BoolVar(&o.ignoreLease, "ignore-lease", false, "updates the key using its current lease")
	return cmd
}

func argOrStdin(args []string, stdin io.Reader, i int) (string, error) {
	if i < len(args) {
		return args[i], nil
	}
	bytes, err := io.ReadAll(stdin)
	if string(bytes) == "" || err != nil {
		return "", errors.New("no available argument and stdin")
	}
	return string(bytes), nil
}

func (r *runner) getPutOp(o *putOpts, args []string, stdin io.Reader) *pb.PutRequest {
	if len(args) == 0 {
		r.exitWithError(ExitBadArgs, fmt.Errorf("put command needs 1 argument and input from stdin or 2 arguments"))
	}
	key := args[0]
	if o.ignoreVal && len(args) > 1 {
		r.exitWithError(ExitBadArgs, fmt.Errorf("put command needs only 1 argument when 'ignore-value' is set"))
	}
	var value string
	var err error
	if !o.ignoreVal {
		value, err = argOrStdin(args, stdin, 1)
		if err != nil {
			r.exitWithError(ExitBadArgs, fmt.Errorf("put command needs 1 argument and input from stdin or 2 arguments"))
		}
	}
	var id int64 // --lease's default "0": no lease
	if o.lease != "0" {
		if id, err = strconv.ParseInt(o.lease, 16, 64); err != nil {
			r.exitWithError(ExitBadArgs, fmt.Errorf("bad lease ID (%v), expecting ID in Hex", err))
		}
	}
	// The key's and the value's bytes in one array: the client's
	// (clientv3 lends one, reused once nothing refers to it), or one
	// allocation. Natively only: the page's puts come from a person (the
	// lending cost it 0.9 kB gzipped), a loaded simulation's one every
	// 10 ms.
	n := len(key) + len(value)
	var req *pb.PutRequest
	var b []byte
	if runtime.GOOS != "js" {
		if l, ok := r.cl.(putLender); ok {
			req, b = l.PutSpace(n)
		}
	}
	if req == nil {
		req, b = new(pb.PutRequest), make([]byte, n)
	}
	copy(b, key)
	copy(b[len(key):], value)
	*req = pb.PutRequest{Key: b[:len(key):len(key)], Value: b[len(key):n:n], Lease: id, PrevKv: o.prevKV, IgnoreValue: o.ignoreVal, IgnoreLease: o.ignoreLease}
	return req
}

// putLender is a Client that lends put its request and the array of its
// key and value (clientv3.Client.PutSpace): n bytes.
type putLender interface {
	PutSpace(n int) (*pb.PutRequest, []byte)
}

// ---- get ----

type getOpts struct {
	_                                  [0]func() // not comparable: no generated equality in the page
	consistency, sortOrder, sortTarget string
	limit, rev                         int64
	prefix, fromKey, keysOnly          bool
	countOnly, printValueOnly          bool
}

func (r *runner) newGetCommand() *cobra.Command { return r.getCommand(&getOpts{}) }

func (r *runner) getCommand(o *getOpts) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "get [options] <key> [range_end]",
		Short: "Gets the key or a range of keys",
		Run: func(cmd *cobra.Command, args []string) {
			req := r.getGetOp(o, args)
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.Range, req)
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			if o.countOnly && r.display.kind != "fields" {
				r.exitWithError(ExitBadArgs, fmt.Errorf("--count-only is only for `--write-out=fields`"))
			}
			if o.printValueOnly {
				if r.display.kind != "simple" {
					r.exitWithError(ExitBadArgs, fmt.Errorf("print-value-only is only for `--write-out=simple`"))
				}
				r.display.valueOnly = true
			}
			r.display.Get(resp)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.consistency, "consistency", "l", "Linearizable(l) or Serializable(s)")
	f.StringVar(&o.sortOrder, "order", "", "Order of results; ASCEND or DESCEND (ASCEND by default)")
	f.StringVar(&o.sortTarget, "sort-by", "", "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION")
	f.Int64Var(&o.limit, "limit", 0, "Maximum number of results")
	f.BoolVar(&o.prefix, "prefix", false, "Get keys with matching prefix")
	f.BoolVar(&o.fromKey, "from-key", false, "Get keys that are greater than or equal to the given key using byte compare")
	f.Int64Var(&o.rev, "rev", 0, "Specify the kv revision")
	f.BoolVar(&o.keysOnly, "keys-only", false, "Get only the keys")
	f.BoolVar(&o.countOnly, "count-only", false, "Get only the count")
	f.BoolVar(&o.printValueOnly, "print-value-only", false, `Only write values when using the "simple" output format`)
	return cmd
}

func (r *runner) getGetOp(o *getOpts, args []string) *pb.RangeRequest {
	if len(args) == 0 {
		r.exitWithError(ExitBadArgs, fmt.Errorf("get command needs one argument as key and an optional argument as range_end"))
	}
	if o.prefix && o.fromKey {
		r.exitWithError(ExitBadArgs, fmt.Errorf("`--prefix` and `--from-key` cannot be set at the same time, choose one"))
	}
	if o.keysOnly && o.countOnly {
		r.exitWithError(ExitBadArgs, fmt.Errorf("`--keys-only` and `--count-only` cannot be set at the same time, choose one"))
	}
	req := &pb.RangeRequest{}
	switch o.consistency {
	case "s":
		req.Serializable = true
	case "l":
	default:
		r.exitWithError(ExitBadFeature, fmt.Errorf("unknown consistency flag %q", o.consistency))
	}
	key := args[0]
	if len(args) > 1 {
		if o.prefix || o.fromKey {
			r.exitWithError(ExitBadArgs, fmt.Errorf("too many arguments, only accept one argument when `--prefix` or `--from-key` is set"))
		}
		req.RangeEnd = []byte(args[1])
	}
	req.Limit = o.limit
	if o.rev > 0 {
		req.Revision = o.rev
	}
	sortOrder := pb.SortNone
	switch strings.ToUpper(o.sortOrder) {
	case "ASCEND":
		sortOrder = pb.SortAscend
	case "DESCEND":
		sortOrder = pb.SortDescend
	case "":
	default:
		r.exitWithError(ExitBadFeature, fmt.Errorf("bad sort order %v", o.sortOrder))
	}
	sortTarget := pb.SortByKey
	switch strings.ToUpper(o.sortTarget) {
	case "CREATE":
		sortTarget = pb.SortByCreate
	case "KEY":
		sortTarget = pb.SortByKey
	case "MODIFY":
		sortTarget = pb.SortByMod
	case "VALUE":
		sortTarget = pb.SortByValue
	case "VERSION":
		sortTarget = pb.SortByVersion
	case "":
	default:
		r.exitWithError(ExitBadFeature, fmt.Errorf("bad sort target %v", o.sortTarget))
	}
	// clientv3.WithSort: ascending by key is the server's default order.
	if sortTarget == pb.SortByKey && sortOrder == pb.SortAscend {
		sortOrder = pb.SortNone
	}
	req.SortOrder, req.SortTarget = sortOrder, sortTarget
	if o.prefix {
		if len(key) == 0 {
			key = "\x00"
			req.RangeEnd = []byte{0}
		} else {
			req.RangeEnd = getPrefix([]byte(key))
		}
	}
	if o.fromKey {
		if len(key) == 0 {
			key = "\x00"
		}
		req.RangeEnd = []byte{0}
	}
	req.Key = []byte(key)
	req.KeysOnly = o.keysOnly
	req.CountOnly = o.countOnly
	return req
}

// ---- del ----

type delOpts struct{ prefix, prevKV, fromKey, rangeOK bool }

func (r *runner) newDelCommand() *cobra.Command { return r.delCommand(&delOpts{}) }

func (r *runner) delCommand(o *delOpts) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "del [options] <key> [range_end]",
		Short: "Removes the specified key or range of keys [key, range_end)",
		Run: func(cmd *cobra.Command, args []string) {
			req := r.getDelOp(o, args)
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.DeleteRange, req)
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.Del(resp)
		},
	}
	cmd.Flags().BoolVar(&o.prefix, "prefix", false, "delete keys with matching prefix")
	cmd.Flags().BoolVar(&o.prevKV, "prev-kv", false, "return deleted key-value pairs")
	cmd.Flags().BoolVar(&o.fromKey, "from-key", false, "delete keys that are greater than or equal to the given key using byte compare")
	cmd.Flags().BoolVar(&o.rangeOK, "range", false, "delete range of keys")
	return cmd
}

func (r *runner) getDelOp(o *delOpts, args []string) *pb.DeleteRangeRequest {
	if len(args) == 0 || len(args) > 2 {
		r.exitWithError(ExitBadArgs, fmt.Errorf("del command needs one argument as key and an optional argument as range_end"))
	}
	if o.prefix && o.fromKey {
		r.exitWithError(ExitBadArgs, fmt.Errorf("`--prefix` and `--from-key` cannot be set at the same time, choose one"))
	}
	req := &pb.DeleteRangeRequest{}
	key := args[0]
	if len(args) > 1 {
		if o.prefix || o.fromKey {
			r.exitWithError(ExitBadArgs, fmt.Errorf("too many arguments, only accept one argument when `--prefix` or `--from-key` is set"))
		}
		req.RangeEnd = []byte(args[1])
		if !o.rangeOK {
			// etcdctl 3.5.17 warns of 3.6's pause before deleting a range.
			fmt.Fprintf(r.stderr, "In etcd v3.6, the operation will be suspended for a few seconds to provide the user time to verify range.\n")
		}
	}
	if o.prefix {
		if len(key) == 0 {
			key = "\x00"
			req.RangeEnd = []byte{0}
		} else {
			req.RangeEnd = getPrefix([]byte(key))
		}
	}
	req.PrevKv = o.prevKV
	if o.fromKey {
		if len(key) == 0 {
			key = "\x00"
		}
		req.RangeEnd = []byte{0}
	}
	req.Key = []byte(key)
	return req
}

// ---- txn ----

func (r *runner) newTxnCommand() *cobra.Command {
	var interactive bool
	cmd := &cobra.Command{
		Use:   "txn [options]",
		Short: "Txn processes all the requests in one transaction",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 0 {
				r.exitWithError(ExitBadArgs, fmt.Errorf("txn command does not accept argument"))
			}
			c := r.mustCall(cmd)
			prompt := func(s string) {
				if interactive {
					r.println(s)
				}
			}
			req := &pb.TxnRequest{}
			prompt("compares:")
			req.Compare = r.readCompares()
			prompt("success requests (get, put, del):")
			req.Success = r.readOps()
			prompt("failure requests (get, put, del):")
			req.Failure = r.readOps()
			resp, err := unary(r, c, r.cl.Txn, req)
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			r.display.Txn(resp)
		},
	}
	cmd.Flags().BoolVarP(&interactive, "interactive", "i", false, "Input transaction in interactive mode")
	return cmd
}

func (r *runner) readCompares() (cmps []*pb.Compare) {
	for {
		line, err := r.stdin.ReadString('\n')
		if err != nil {
			r.exitWithError(ExitInvalidInput, err)
		}
		line = strings.TrimSpace(line)
		if len(line) == 0 {
			break
		}
		cmp, err := parseCompare(line)
		if err != nil {
			r.exitWithError(ExitInvalidInput, err)
		}
		cmps = append(cmps, cmp)
	}
	return cmps
}

func (r *runner) readOps() (ops []*pb.RequestOp) {
	for {
		line, err := r.stdin.ReadString('\n')
		if err != nil {
			r.exitWithError(ExitInvalidInput, err)
		}
		line = strings.TrimSpace(line)
		if len(line) == 0 {
			break
		}
		op, err := r.parseRequestUnion(line)
		if err != nil {
			r.exitWithError(ExitInvalidInput, err)
		}
		ops = append(ops, op)
	}
	return ops
}

// argifySplit finds the words of a txn line as etcdctl's argify does with
// the regular expression `"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?`:
// a double-quoted string with escapes, a single-quoted string, or a run of
// non-space characters that does not start with a quote; an unmatched quote
// is skipped. (Written out by hand: package regexp costs the wasm build
// over 100 kB; argify_test.go checks it against the expression.)
func argifySplit(s string) []string {
	var out []string
	for p := 0; p < len(s); {
		switch c := s[p]; {
		case c == '"':
			if end := closingQuote(s, p+1); end >= 0 {
				out = append(out, s[p:end+1])
				p = end + 1
			} else {
				p++
			}
		case c == '\'':
			if j := strings.IndexByte(s[p+1:], '\''); j >= 0 {
				out = append(out, s[p:p+j+2])
				p += j + 2
			} else {
				p++
			}
		case isRESpace(c):
			p++
		default:
			q := p
			for q < len(s) && !isRESpace(s[q]) {
				q++
			}
			out = append(out, s[p:q])
			p = q
		}
	}
	return out
}

// closingQuote returns the index of the unescaped '"' ending a string that
// starts at i, or -1. An escape never takes a newline (regexp's '.').
func closingQuote(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '"':
			return i
		case '\\':
			if i+1 >= len(s) || s[i+1] == '\n' {
				return -1
			}
			i += 2
		default:
			i++
		}
	}
	return -1
}

// isRESpace is regexp's \s: [\t\n\f\r ].
func isRESpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func (r *runner) argify(s string) []string {
	args := argifySplit(s)
	for i := range args {
		if len(args[i]) == 0 {
			continue
		}
		if args[i][0] == '\'' {
			// etcdctl slices with len(args) here (sic).
			args[i] = args[i][1 : len(args)-1]
		} else if args[i][0] == '"' {
			if err := sscanQuoted(args[i], &args[i]); err != nil {
				r.exitWithError(ExitInvalidInput, err)
			}
		}
	}
	return args
}

func (r *runner) parseRequestUnion(line string) (*pb.RequestOp, error) {
	args := r.argify(line)
	if len(args) < 2 {
		return nil, fmt.Errorf("invalid txn compare request: %s", line)
	}
	var op *pb.RequestOp
	po, gopt, do := &putOpts{}, &getOpts{}, &delOpts{}
	put := r.putCommand(po)
	put.Run = func(cmd *cobra.Command, args []string) {
		// etcdctl reads a missing value from os.Stdin, which the txn
		// reader has already drained.
		op = &pb.RequestOp{RequestPut: r.getPutOp(po, args, strings.NewReader(""))}
	}
	get := r.getCommand(gopt)
	get.Run = func(cmd *cobra.Command, args []string) {
		op = &pb.RequestOp{RequestRange: r.getGetOp(gopt, args)}
	}
	del := r.delCommand(do)
	del.Run = func(cmd *cobra.Command, args []string) {
		op = &pb.RequestOp{RequestDeleteRange: r.getDelOp(do, args)}
	}
	// etcdctl's txn builds a bare cobra root here, so a bad line prints
	// cobra's default usage to stderr, and -h cobra's default help to
	// stdout (after which etcdctl 3.5.17 waits forever for the op; raftlab
	// reports the line invalid).
	cmds := &cobra.Command{SilenceErrors: true}
	cmds.SetOut(r.stderr)
	cmds.SetErr(r.stderr)
	cmds.SetHelpFunc(func(c *cobra.Command, _ []string) { cobra.WriteHelp(r.stdout, c) })
	cmds.AddCommand(put, get, del)
	cmds.SetArgs(args)
	if err := cmds.Execute(); err != nil || op == nil {
		return nil, fmt.Errorf("invalid txn request: %s", line)
	}
	return op, nil
}

func parseCompare(line string) (*pb.Compare, error) {
	var key, op, val string
	lparenSplit := strings.SplitN(line, "(", 2)
	if len(lparenSplit) != 2 {
		return nil, fmt.Errorf("malformed comparison: %s", line)
	}
	target := lparenSplit[0]
	n, serr := sscanCompare(lparenSplit[1], &key, &op, &val) // fmt.Sscanf(lparenSplit[1], "%q) %s %q", ...)
	if n != 3 {
		return nil, fmt.Errorf("malformed comparison: %s; got %s(%q) %s %q", line, target, key, op, val)
	}
	if serr != nil {
		return nil, fmt.Errorf("malformed comparison: %s (%v)", line, serr)
	}
	var (
		v   int64
		err error
		cmp = &pb.Compare{Key: []byte(key)}
	)
	switch target {
	case "ver", "version":
		if v, err = strconv.ParseInt(val, 10, 64); err == nil {
			cmp.Target, cmp.Version = pb.CompareVersion, v
		}
	case "c", "create":
		if v, err = strconv.ParseInt(val, 10, 64); err == nil {
			cmp.Target, cmp.CreateRevision = pb.CompareCreate, v
		}
	case "m", "mod":
		if v, err = strconv.ParseInt(val, 10, 64); err == nil {
			cmp.Target, cmp.ModRevision = pb.CompareMod, v
		}
	case "val", "value":
		cmp.Target, cmp.Value = pb.CompareValue, []byte(val)
	case "lease":
		if v, err = strconv.ParseInt(val, 16, 64); err == nil {
			cmp.Target, cmp.Lease = pb.CompareLease, v
		}
	default:
		return nil, fmt.Errorf("malformed comparison: %s (unknown target %s)", line, target)
	}
	if err != nil {
		return nil, fmt.Errorf("invalid txn compare request: %s", line)
	}
	switch op {
	case "=":
		cmp.Result = pb.CompareEqual
	case "!=":
		cmp.Result = pb.CompareNotEqual
	case ">":
		cmp.Result = pb.CompareGreater
	case "<":
		cmp.Result = pb.CompareLess
	default:
		// clientv3.Compare panics on an unknown operator.
		panic("Unknown result op")
	}
	return cmp, nil
}
