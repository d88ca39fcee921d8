package etcdpb

// Errors with the texts etcd's clients print (etcd's api/v3rpc/rpctypes).
// etcdctl shows them as "Error: " + text.
var (
	ErrCompacted                  error = &rpcError{"etcdserver: mvcc: required revision has been compacted"}
	ErrFutureRev                  error = &rpcError{"etcdserver: mvcc: required revision is a future revision"}
	ErrNoSpace                    error = &rpcError{"etcdserver: mvcc: database space exceeded"}
	ErrEmptyKey                   error = &rpcError{"etcdserver: key is not provided"}
	ErrKeyNotFound                error = &rpcError{"etcdserver: key not found"}
	ErrValueProvided              error = &rpcError{"etcdserver: value is provided"}
	ErrLeaseProvided              error = &rpcError{"etcdserver: lease is provided"}
	ErrTooManyOps                 error = &rpcError{"etcdserver: too many operations in txn request"}
	ErrDuplicateKey               error = &rpcError{"etcdserver: duplicate key given in txn request"}
	ErrLeaseNotFound              error = &rpcError{"etcdserver: requested lease not found"}
	ErrLeaseExist                 error = &rpcError{"etcdserver: lease already exists"}
	ErrLeaseTTLTooLarge           error = &rpcError{"etcdserver: too large lease TTL"}
	ErrMemberExist                error = &rpcError{"etcdserver: member ID already exist"}
	ErrPeerURLExist               error = &rpcError{"etcdserver: Peer URLs already exists"}
	ErrMemberNotEnoughStarted     error = &rpcError{"etcdserver: re-configuration failed due to not enough started members"}
	ErrMemberBadURLs              error = &rpcError{"etcdserver: given member URLs are invalid"}
	ErrMemberNotFound             error = &rpcError{"etcdserver: member not found"}
	ErrMemberNotLearner           error = &rpcError{"etcdserver: can only promote a learner member"}
	ErrLearnerNotReady            error = &rpcError{"etcdserver: can only promote a learner member which is in sync with leader"}
	ErrTooManyLearners            error = &rpcError{"etcdserver: too many learner members in cluster"}
	ErrRequestTooLarge            error = &rpcError{"etcdserver: request is too large"}
	ErrNoLeader                   error = &rpcError{"etcdserver: no leader"}
	ErrNotLeader                  error = &rpcError{"etcdserver: not leader"}
	ErrLeaderChanged              error = &rpcError{"etcdserver: leader changed"}
	ErrNotCapable                 error = &rpcError{"etcdserver: not capable"}
	ErrStopped                    error = &rpcError{"etcdserver: server stopped"}
	ErrTimeout                    error = &rpcError{"etcdserver: request timed out"}
	ErrTimeoutDueToLeaderFail     error = &rpcError{"etcdserver: request timed out, possibly due to previous leader failure"}
	ErrTimeoutDueToConnectionLost error = &rpcError{"etcdserver: request timed out, possibly due to connection lost"}
	ErrTimeoutWaitAppliedIndex    error = &rpcError{"etcdserver: request timed out, waiting for the applied index took too long"}
	ErrUnhealthy                  error = &rpcError{"etcdserver: unhealthy cluster"}
	ErrCorrupt                    error = &rpcError{"etcdserver: corrupt cluster"}
	ErrBadLeaderTransferee        error = &rpcError{"etcdserver: bad leader transferee"}
	ErrClusterIDMismatch          error = &rpcError{"etcdserver: cluster ID mismatch"}

	// ErrDeadlineExceeded is what a client sees when its command timeout
	// passes first (context.DeadlineExceeded).
	ErrDeadlineExceeded error = &rpcError{"context deadline exceeded"}
)

// rpcError is errors.New's error (compared by identity, as etcd's
// rpctypes errors are), written as a literal so that these variables are
// static data: each errors.New call ran in the package's initialisation,
// 10 kB of code (1.9 kB of gzipped wasm).
type rpcError struct{ s string }

func (e *rpcError) Error() string { return e.s }
