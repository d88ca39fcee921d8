package lease

import "time"

// IDGenerator is etcd's pkg/idutil.Generator: the high 2 bytes are the low
// 16 bits of the member ID, the next 5 bytes the start time in ms, the last
// byte a counter; Next increments the 6-byte suffix (the counter may carry
// into the timestamp, as in etcd). IDs are unique across members and
// restarts, and deterministic given the member ID and the start time.
type IDGenerator struct {
	prefix uint64
	suffix uint64
}

const (
	tsLen     = 5 * 8
	cntLen    = 8
	suffixLen = tsLen + cntLen
)

func lowbit(x uint64, n uint) uint64 { return x & (^uint64(0) >> (64 - n)) }

// NewIDGenerator is idutil.NewGenerator(uint16(memberID), now).
func NewIDGenerator(memberID uint64, now time.Time) *IDGenerator {
	prefix := uint64(uint16(memberID)) << suffixLen
	unixMilli := uint64(now.UnixNano()) / uint64(time.Millisecond)
	return &IDGenerator{prefix: prefix, suffix: lowbit(unixMilli, tsLen) << cntLen}
}

// Next returns the next ID.
func (g *IDGenerator) Next() uint64 {
	g.suffix++
	return g.prefix | lowbit(g.suffix, suffixLen)
}

// NextLeaseID is what etcd's LeaseGrant does when the client passes ID 0:
// `for r.ID == 0 { r.ID = int64(reqIDGen.Next() & ((1 << 63) - 1)) }`.
func (g *IDGenerator) NextLeaseID() int64 {
	for {
		if id := int64(g.Next() & ((1 << 63) - 1)); id != 0 {
			return id
		}
	}
}
