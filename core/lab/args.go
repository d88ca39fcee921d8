package lab

// Options given through the Go API are brought into the ranges the console
// accepts, so that no value can make the simulator spin or overflow.

import (
	"math"
	"time"

	"github.com/raftlab/raftlab/core/etcdconf"
)

// sanitize brings options given through the Go API into the range the
// console accepts (etcd's timing limits, rates 0..1, latencies 0..10s), so
// that no Options value can make the simulator spin or overflow.
func sanitize(o Options) Options {
	ms := func(d time.Duration, lo, hi time.Duration) time.Duration {
		return min(max(d.Round(time.Millisecond), lo), hi)
	}
	if o.HeartbeatInterval > 0 || o.ElectionTimeout > 0 {
		hb, et := o.HeartbeatInterval, o.ElectionTimeout
		if hb <= 0 {
			hb = etcdconf.DefaultHeartbeatMs * time.Millisecond
		}
		if et <= 0 {
			et = etcdconf.DefaultElectionMs * time.Millisecond
		}
		maxET := etcdconf.MaxElectionMs * time.Millisecond
		o.HeartbeatInterval = ms(hb, time.Millisecond, maxET/5)
		o.ElectionTimeout = ms(et, 5*o.HeartbeatInterval, maxET)
	}
	rate := func(f float64) float64 {
		if math.IsNaN(f) {
			return 0
		}
		return min(max(f, 0), 1)
	}
	o.DropRate, o.DupRate = rate(o.DropRate), rate(o.DupRate)
	o.Latency = min(max(o.Latency, 0), maxLatency)
	o.Jitter = min(max(o.Jitter, 0), maxLatency)
	return o
}

// maxLatency bounds link latency and jitter (as the console's latency).
const maxLatency = 10 * time.Second
