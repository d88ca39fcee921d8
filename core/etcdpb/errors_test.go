package etcdpb

import (
	"errors"
	"testing"
)

// TestGRPCCode: the errors carry etcd's gRPC codes (api/v3rpc/rpctypes);
// an error with the same text is not one of them.
func TestGRPCCode(t *testing.T) {
	for _, c := range []struct {
		err  error
		code string
	}{
		{ErrCompacted, "OutOfRange"}, {ErrNoSpace, "ResourceExhausted"}, {ErrKeyNotFound, "InvalidArgument"},
		{ErrPermissionDenied, "PermissionDenied"}, {ErrInvalidAuthToken, "Unauthenticated"},
		{ErrUserNotFound, "FailedPrecondition"}, {ErrMemberNotFound, "NotFound"}, {ErrNotLeader, "FailedPrecondition"},
		{ErrCorrupt, "DataLoss"}, {ErrNoLeader, "Unavailable"}, {ErrTimeout, "Unavailable"},
		{ErrDeadlineExceeded, "DeadlineExceeded"},
	} {
		if got, ok := GRPCCode(c.err); !ok || got != c.code {
			t.Errorf("GRPCCode(%v) = %q, %v; want %q", c.err, got, ok, c.code)
		}
	}
	if got, ok := GRPCCode(errors.New(ErrTimeout.Error())); ok {
		t.Errorf("a copy of ErrTimeout's text has code %q", got)
	}
	if ErrKeyNotFound == ErrEmptyKey || errors.Is(ErrTimeout, ErrTimeoutDueToLeaderFail) {
		t.Error("distinct errors compare equal")
	}
}
