package etcdconf

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Timing limits: etcd's texts, and no wrap-around where etcd's uint
// arithmetic (5*TickMs) would overflow.
func TestTimingLimits(t *testing.T) {
	e := parseErr(t, base+"--heartbeat-interval 0")
	require.Equal(t, "--heartbeat-interval must be >0 (set to 0ms)", e.Message)
	e = parseErr(t, base+"--election-timeout 0")
	require.Equal(t, "--election-timeout must be >0 (set to 0ms)", e.Message)
	// 5 * 3689348814741910324 wraps to a small number in uint64.
	e = parseErr(t, base+"--heartbeat-interval 3689348814741910324 --election-timeout 1000")
	require.Equal(t, "--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[3689348814741910324ms]", e.Message)
	e = parseErr(t, base+"--heartbeat-interval 10000 --election-timeout 18446744073709551615")
	require.Equal(t, "--election-timeout[18446744073709551615ms] is too long, and should be set less than 50000ms", e.Message)
	require.NoError(t, CheckTiming(1, 5))
	require.NoError(t, CheckTiming(10000, 50000))
	require.Error(t, CheckTiming(10001, 50000))
}

func TestRequestLimitFlags(t *testing.T) {
	ms, err := Parse(base)
	require.NoError(t, err)
	require.Equal(t, uint64(DefaultMaxRequestBytes), ms[0].MaxRequestBytes)
	require.Equal(t, DefaultQuotaBytes, QuotaBytes(ms[0].QuotaBackendBytes))
	ms, err = Parse(base + "--max-request-bytes 4096 --quota-backend-bytes -1")
	require.NoError(t, err)
	require.Equal(t, uint64(4096), ms[0].MaxRequestBytes)
	require.Equal(t, int64(0), QuotaBytes(ms[0].QuotaBackendBytes), "negative: no quota")
	e := parseErr(t, base+"--max-request-bytes NaN")
	require.Equal(t, `invalid value "NaN" for flag -max-request-bytes: parse error`, e.Message)
}
