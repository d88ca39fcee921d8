package etcdconf

import "fmt"

// etcd 3.5's request limits (server/embed/config.go, server/etcdserver/quota.go).
const (
	// DefaultMaxRequestBytes is --max-request-bytes' default (1.5 MiB): a
	// proposal larger than this fails with "etcdserver: request is too large".
	DefaultMaxRequestBytes = 1536 * 1024
	// GRPCOverheadBytes is what etcd adds to --max-request-bytes for the
	// gRPC server's receive limit (embed.grpcOverheadBytes).
	GRPCOverheadBytes = 512 * 1024
	// DefaultQuotaBytes is the backend quota when --quota-backend-bytes is
	// 0 (2 GiB); a negative value disables the quota.
	DefaultQuotaBytes = int64(2 * 1024 * 1024 * 1024)
	// MaxQuotaBytes is the largest quota etcd suggests (8 GiB): above it etcd
	// warns and uses the value given.
	MaxQuotaBytes = int64(8 * 1024 * 1024 * 1024)
	// MaxElectionMs is the longest --election-timeout etcd accepts.
	MaxElectionMs = maxElectionMs
)

// CheckTiming is etcd 3.5's check of --heartbeat-interval and
// --election-timeout (embed.Config.Validate), in whole milliseconds as
// etcd's flags take them, with etcd's error texts. Unlike etcd's
// `5*TickMs > ElectionMs` it cannot overflow: a huge heartbeat fails the
// 5x check instead of wrapping around and passing it.
func CheckTiming(tickMs, electMs uint64) error {
	if tickMs == 0 {
		return fmt.Errorf("--heartbeat-interval must be >0 (set to %dms)", tickMs)
	}
	if electMs == 0 {
		return fmt.Errorf("--election-timeout must be >0 (set to %dms)", electMs)
	}
	if tickMs > electMs/5 {
		return fmt.Errorf("--election-timeout[%vms] should be at least as 5 times as --heartbeat-interval[%vms]", electMs, tickMs)
	}
	if electMs > maxElectionMs {
		return fmt.Errorf("--election-timeout[%vms] is too long, and should be set less than %vms", electMs, maxElectionMs)
	}
	return nil
}

// QuotaBytes is the backend quota etcd enforces for a --quota-backend-bytes
// value (etcdserver.NewBackendQuota): 0 means the 2 GiB default, a negative
// value means no quota (returned as 0).
func QuotaBytes(flag int64) int64 {
	switch {
	case flag < 0:
		return 0
	case flag == 0:
		return DefaultQuotaBytes
	}
	return flag
}
