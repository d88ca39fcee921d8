package etcdctl

import (
	"testing"

	"github.com/raftlab/raftlab/core/jsonw/jsonwtest"
)

// `-w json` prints etcdctl's own types as encoding/json writes them (the
// etcdpb messages: etcdpb's TestJSONAsEncodingJSON).
func TestJSONAsEncodingJSON(t *testing.T) {
	const n = 300
	jsonwtest.Encoding[leaseGrantResponse](t, n)
	jsonwtest.Encoding[leaseKeepAliveResponse](t, n)
	jsonwtest.Encoding[leaseTimeToLiveResponse](t, n)
	jsonwtest.Encoding[leaseLeasesResponse](t, n)
	jsonwtest.Encoding[watchResponse](t, n)
	jsonwtest.Encoding[epHealth](t, n)
	jsonwtest.Encoding[epStatus](t, n)
	jsonwtest.Encoding[epHashKV](t, n)
	jsonwtest.Encoding[snapshotStatus](t, n)
}
