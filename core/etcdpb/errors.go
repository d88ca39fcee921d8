package etcdpb

import "errors"

// Errors with the texts etcd's clients print (etcd's api/v3rpc/rpctypes).
// etcdctl shows them as "Error: " + text.
var (
	ErrCompacted                  = errors.New("etcdserver: mvcc: required revision has been compacted")
	ErrFutureRev                  = errors.New("etcdserver: mvcc: required revision is a future revision")
	ErrNoSpace                    = errors.New("etcdserver: mvcc: database space exceeded")
	ErrEmptyKey                   = errors.New("etcdserver: key is not provided")
	ErrKeyNotFound                = errors.New("etcdserver: key not found")
	ErrValueProvided              = errors.New("etcdserver: value is provided")
	ErrLeaseProvided              = errors.New("etcdserver: lease is provided")
	ErrTooManyOps                 = errors.New("etcdserver: too many operations in txn request")
	ErrDuplicateKey               = errors.New("etcdserver: duplicate key given in txn request")
	ErrLeaseNotFound              = errors.New("etcdserver: requested lease not found")
	ErrLeaseExist                 = errors.New("etcdserver: lease already exists")
	ErrLeaseTTLTooLarge           = errors.New("etcdserver: too large lease TTL")
	ErrMemberExist                = errors.New("etcdserver: member ID already exist")
	ErrPeerURLExist               = errors.New("etcdserver: Peer URLs already exists")
	ErrMemberNotEnoughStarted     = errors.New("etcdserver: re-configuration failed due to not enough started members")
	ErrMemberBadURLs              = errors.New("etcdserver: given member URLs are invalid")
	ErrMemberNotFound             = errors.New("etcdserver: member not found")
	ErrMemberNotLearner           = errors.New("etcdserver: can only promote a learner member")
	ErrLearnerNotReady            = errors.New("etcdserver: can only promote a learner member which is in sync with leader")
	ErrTooManyLearners            = errors.New("etcdserver: too many learner members in cluster")
	ErrRequestTooLarge            = errors.New("etcdserver: request is too large")
	ErrNoLeader                   = errors.New("etcdserver: no leader")
	ErrNotLeader                  = errors.New("etcdserver: not leader")
	ErrLeaderChanged              = errors.New("etcdserver: leader changed")
	ErrNotCapable                 = errors.New("etcdserver: not capable")
	ErrStopped                    = errors.New("etcdserver: server stopped")
	ErrTimeout                    = errors.New("etcdserver: request timed out")
	ErrTimeoutDueToLeaderFail     = errors.New("etcdserver: request timed out, possibly due to previous leader failure")
	ErrTimeoutDueToConnectionLost = errors.New("etcdserver: request timed out, possibly due to connection lost")
	ErrTimeoutWaitAppliedIndex    = errors.New("etcdserver: request timed out, waiting for the applied index took too long")
	ErrUnhealthy                  = errors.New("etcdserver: unhealthy cluster")
	ErrCorrupt                    = errors.New("etcdserver: corrupt cluster")
	ErrBadLeaderTransferee        = errors.New("etcdserver: bad leader transferee")
	ErrClusterIDMismatch          = errors.New("etcdserver: cluster ID mismatch")

	// ErrDeadlineExceeded is what a client sees when its command timeout
	// passes first (context.DeadlineExceeded).
	ErrDeadlineExceeded = errors.New("context deadline exceeded")
)
