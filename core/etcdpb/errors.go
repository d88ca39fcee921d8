package etcdpb

// Errors with the texts etcd's clients print (etcd's api/v3rpc/rpctypes).
// etcdctl shows them as "Error: " + text.
var (
	ErrCompacted                  error = &rpcError{s: "etcdserver: mvcc: required revision has been compacted", code: "OutOfRange"}
	ErrFutureRev                  error = &rpcError{s: "etcdserver: mvcc: required revision is a future revision", code: "OutOfRange"}
	ErrNoSpace                    error = &rpcError{s: "etcdserver: mvcc: database space exceeded", code: "ResourceExhausted"}
	ErrEmptyKey                   error = &rpcError{s: "etcdserver: key is not provided", code: "InvalidArgument"}
	ErrKeyNotFound                error = &rpcError{s: "etcdserver: key not found", code: "InvalidArgument"}
	ErrValueProvided              error = &rpcError{s: "etcdserver: value is provided", code: "InvalidArgument"}
	ErrLeaseProvided              error = &rpcError{s: "etcdserver: lease is provided", code: "InvalidArgument"}
	ErrTooManyOps                 error = &rpcError{s: "etcdserver: too many operations in txn request", code: "InvalidArgument"}
	ErrDuplicateKey               error = &rpcError{s: "etcdserver: duplicate key given in txn request", code: "InvalidArgument"}
	ErrLeaseNotFound              error = &rpcError{s: "etcdserver: requested lease not found", code: "NotFound"}
	ErrLeaseExist                 error = &rpcError{s: "etcdserver: lease already exists", code: "FailedPrecondition"}
	ErrLeaseTTLTooLarge           error = &rpcError{s: "etcdserver: too large lease TTL", code: "OutOfRange"}
	ErrMemberExist                error = &rpcError{s: "etcdserver: member ID already exist", code: "FailedPrecondition"}
	ErrPeerURLExist               error = &rpcError{s: "etcdserver: Peer URLs already exists", code: "FailedPrecondition"}
	ErrMemberNotEnoughStarted     error = &rpcError{s: "etcdserver: re-configuration failed due to not enough started members", code: "FailedPrecondition"}
	ErrMemberBadURLs              error = &rpcError{s: "etcdserver: given member URLs are invalid", code: "InvalidArgument"}
	ErrMemberNotFound             error = &rpcError{s: "etcdserver: member not found", code: "NotFound"}
	ErrMemberNotLearner           error = &rpcError{s: "etcdserver: can only promote a learner member", code: "FailedPrecondition"}
	ErrLearnerNotReady            error = &rpcError{s: "etcdserver: can only promote a learner member which is in sync with leader", code: "FailedPrecondition"}
	ErrTooManyLearners            error = &rpcError{s: "etcdserver: too many learner members in cluster", code: "FailedPrecondition"}
	ErrRequestTooLarge            error = &rpcError{s: "etcdserver: request is too large", code: "InvalidArgument"}
	ErrNoLeader                   error = &rpcError{s: "etcdserver: no leader", code: "Unavailable"}
	ErrNotLeader                  error = &rpcError{s: "etcdserver: not leader", code: "FailedPrecondition"}
	ErrLeaderChanged              error = &rpcError{s: "etcdserver: leader changed", code: "Unavailable"}
	ErrNotCapable                 error = &rpcError{s: "etcdserver: not capable", code: "Unavailable"}
	ErrStopped                    error = &rpcError{s: "etcdserver: server stopped", code: "Unavailable"}
	ErrTimeout                    error = &rpcError{s: "etcdserver: request timed out", code: "Unavailable"}
	ErrTimeoutDueToLeaderFail     error = &rpcError{s: "etcdserver: request timed out, possibly due to previous leader failure", code: "Unavailable"}
	ErrTimeoutDueToConnectionLost error = &rpcError{s: "etcdserver: request timed out, possibly due to connection lost", code: "Unavailable"}
	ErrTimeoutWaitAppliedIndex    error = &rpcError{s: "etcdserver: request timed out, waiting for the applied index took too long", code: "Unavailable"}
	ErrUnhealthy                  error = &rpcError{s: "etcdserver: unhealthy cluster", code: "Unavailable"}
	ErrCorrupt                    error = &rpcError{s: "etcdserver: corrupt cluster", code: "DataLoss"}
	ErrBadLeaderTransferee        error = &rpcError{s: "etcdserver: bad leader transferee", code: "FailedPrecondition"}
	ErrClusterIDMismatch          error = &rpcError{s: "etcdserver: cluster ID mismatch", code: "FailedPrecondition"}

	// ErrDeadlineExceeded is what a client sees when its command timeout
	// passes first (context.DeadlineExceeded).
	ErrDeadlineExceeded error = &rpcError{s: "context deadline exceeded", code: "DeadlineExceeded"}
)

// rpcError is errors.New's error (compared by identity, as etcd's
// rpctypes errors are) with its gRPC code, written as a literal so that
// these variables are static data: each errors.New call ran in the
// package's initialisation, 10 kB of code (1.9 kB of gzipped wasm).
type rpcError struct {
	_       [0]func() // not comparable: no generated equality in the page
	s, code string
}

func (e *rpcError) Error() string { return e.s }

// GRPCCode is the gRPC status code etcd's server attaches to err, one of
// the errors above (api/v3rpc/rpctypes: each is status.New(code, text)),
// as clientv3's retry log line shows it; false for any other error and for
// the errors that reach clients with code Unknown.
func GRPCCode(err error) (string, bool) {
	if e, ok := err.(*rpcError); ok && e.code != "" {
		return e.code, true
	}
	return "", false
}
