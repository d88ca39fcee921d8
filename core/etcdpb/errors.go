package etcdpb

// Errors with the texts etcd's clients print (etcd's api/v3rpc/rpctypes).
// etcdctl shows them as "Error: " + text.
var (
	ErrCompacted                  error = &rpcError{"etcdserver: mvcc: required revision has been compacted", "OutOfRange"}
	ErrFutureRev                  error = &rpcError{"etcdserver: mvcc: required revision is a future revision", "OutOfRange"}
	ErrNoSpace                    error = &rpcError{"etcdserver: mvcc: database space exceeded", "ResourceExhausted"}
	ErrEmptyKey                   error = &rpcError{"etcdserver: key is not provided", "InvalidArgument"}
	ErrKeyNotFound                error = &rpcError{"etcdserver: key not found", "InvalidArgument"}
	ErrValueProvided              error = &rpcError{"etcdserver: value is provided", "InvalidArgument"}
	ErrLeaseProvided              error = &rpcError{"etcdserver: lease is provided", "InvalidArgument"}
	ErrTooManyOps                 error = &rpcError{"etcdserver: too many operations in txn request", "InvalidArgument"}
	ErrDuplicateKey               error = &rpcError{"etcdserver: duplicate key given in txn request", "InvalidArgument"}
	ErrLeaseNotFound              error = &rpcError{"etcdserver: requested lease not found", "NotFound"}
	ErrLeaseExist                 error = &rpcError{"etcdserver: lease already exists", "FailedPrecondition"}
	ErrLeaseTTLTooLarge           error = &rpcError{"etcdserver: too large lease TTL", "OutOfRange"}
	ErrMemberExist                error = &rpcError{"etcdserver: member ID already exist", "FailedPrecondition"}
	ErrPeerURLExist               error = &rpcError{"etcdserver: Peer URLs already exists", "FailedPrecondition"}
	ErrMemberNotEnoughStarted     error = &rpcError{"etcdserver: re-configuration failed due to not enough started members", "FailedPrecondition"}
	ErrMemberBadURLs              error = &rpcError{"etcdserver: given member URLs are invalid", "InvalidArgument"}
	ErrMemberNotFound             error = &rpcError{"etcdserver: member not found", "NotFound"}
	ErrMemberNotLearner           error = &rpcError{"etcdserver: can only promote a learner member", "FailedPrecondition"}
	ErrLearnerNotReady            error = &rpcError{"etcdserver: can only promote a learner member which is in sync with leader", "FailedPrecondition"}
	ErrTooManyLearners            error = &rpcError{"etcdserver: too many learner members in cluster", "FailedPrecondition"}
	ErrRequestTooLarge            error = &rpcError{"etcdserver: request is too large", "InvalidArgument"}
	ErrNoLeader                   error = &rpcError{"etcdserver: no leader", "Unavailable"}
	ErrNotLeader                  error = &rpcError{"etcdserver: not leader", "FailedPrecondition"}
	ErrLeaderChanged              error = &rpcError{"etcdserver: leader changed", "Unavailable"}
	ErrNotCapable                 error = &rpcError{"etcdserver: not capable", "Unavailable"}
	ErrStopped                    error = &rpcError{"etcdserver: server stopped", "Unavailable"}
	ErrTimeout                    error = &rpcError{"etcdserver: request timed out", "Unavailable"}
	ErrTimeoutDueToLeaderFail     error = &rpcError{"etcdserver: request timed out, possibly due to previous leader failure", "Unavailable"}
	ErrTimeoutDueToConnectionLost error = &rpcError{"etcdserver: request timed out, possibly due to connection lost", "Unavailable"}
	ErrTimeoutWaitAppliedIndex    error = &rpcError{"etcdserver: request timed out, waiting for the applied index took too long", "Unavailable"}
	ErrUnhealthy                  error = &rpcError{"etcdserver: unhealthy cluster", "Unavailable"}
	ErrCorrupt                    error = &rpcError{"etcdserver: corrupt cluster", "DataLoss"}
	ErrBadLeaderTransferee        error = &rpcError{"etcdserver: bad leader transferee", "FailedPrecondition"}
	ErrClusterIDMismatch          error = &rpcError{"etcdserver: cluster ID mismatch", "FailedPrecondition"}

	// ErrDeadlineExceeded is what a client sees when its command timeout
	// passes first (context.DeadlineExceeded).
	ErrDeadlineExceeded error = &rpcError{"context deadline exceeded", "DeadlineExceeded"}
)

// rpcError is errors.New's error (compared by identity, as etcd's
// rpctypes errors are) with its gRPC code, written as a literal so that
// these variables are static data: each errors.New call ran in the
// package's initialisation, 10 kB of code (1.9 kB of gzipped wasm).
type rpcError struct{ s, code string }

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
