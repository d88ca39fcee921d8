// Package lease is etcd's lessor (server/lease) as pure, deterministic logic.
//
// Time is virtual: every call that needs "now" takes a time.Duration since
// the start of the simulation. Nothing runs in the background: the server
// asks Expired(now) on the leader and proposes a LeaseRevoke through Raft for
// each ID, so that every member deletes the attached keys at the same
// revision (etcd's revokeExpiredLeases / expiredC loop).
package lease

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
	"github.com/raftlab/raftlab/core/jsonw"
)

const (
	// MaxLeaseTTL is etcd's lease.MaxLeaseTTL (seconds).
	MaxLeaseTTL = 9000000000
	// DefaultMinTTL is etcd 3.5's minimum lease TTL with the default
	// heartbeat (100 ms) and election timeout (1 s):
	// minTTL = ceil((3*electionTicks)/2 * heartbeat) = ceil(1.5 s) = 2 s.
	DefaultMinTTL = 2
	// ExpiredLeaseRetryInterval is etcd's defaultExpiredleaseRetryInterval:
	// an expired lease reported by Expired is reported again only after this
	// much time if it is still not revoked (the revoke proposal may be lost).
	ExpiredLeaseRetryInterval = 3 * time.Second
)

// ErrNotPrimary is etcd's lease.ErrNotPrimary: keep-alives are served by the
// leader only; a follower's etcd server forwards them. It is internal (never
// shown to a client), so its text is etcd's internal one.
var ErrNotPrimary = errors.New("not a primary lessor")

// forever stands for etcd's zero expiry: a lease that never expires on this
// member because it is not the primary.
const forever = time.Duration(math.MaxInt64)

// Lease is one granted lease.
type Lease struct {
	ID  int64
	TTL int64 // granted TTL in seconds, after raising to the minimum

	expiry  time.Duration // virtual time; forever when not primary
	retryAt time.Duration // next time Expired may report it again
	keys    map[string]struct{}
}

// Keys returns the attached keys, sorted (etcd returns map order; sorting
// keeps raftlab deterministic).
func (l *Lease) Keys() [][]byte {
	ks := make([]string, 0, len(l.keys))
	for k := range l.keys {
		ks = append(ks, k)
	}
	ptrsort.Strings(ks)
	out := make([][]byte, len(ks))
	for i, k := range ks {
		out[i] = []byte(k)
	}
	return out
}

// Remaining is etcd's Lease.Remaining: time left until expiry, or the
// maximum duration when the lease has no expiry (not primary).
func (l *Lease) Remaining(now time.Duration) time.Duration {
	if l.expiry == forever {
		return forever
	}
	return l.expiry - now
}

// Lessor owns the leases of one member.
type Lessor struct {
	minTTL  int64
	primary bool
	leases  map[int64]*Lease
	items   map[string]int64 // key -> lease (etcd's itemMap)
}

// New returns an empty lessor that is not primary. minTTL <= 0 means
// DefaultMinTTL.
func New(minTTL int64) *Lessor {
	if minTTL <= 0 {
		minTTL = DefaultMinTTL
	}
	return &Lessor{minTTL: minTTL, leases: map[int64]*Lease{}, items: map[string]int64{}}
}

// MinTTL is the minimum TTL granted.
func (le *Lessor) MinTTL() int64 { return le.minTTL }

// IsPrimary reports whether this lessor expires leases (its member leads).
func (le *Lessor) IsPrimary() bool { return le.primary }

// Grant creates a lease. Like etcd: ID 0 is refused (the server assigns an
// ID before proposing), the TTL check comes before the existence check, and
// TTLs below the minimum are raised. On the primary the lease expires at
// now+TTL; elsewhere it never expires until Promote.
func (le *Lessor) Grant(id int64, ttl int64, now time.Duration) (*Lease, error) {
	if id == 0 {
		return nil, etcdpb.ErrLeaseNotFound
	}
	if ttl > MaxLeaseTTL {
		return nil, etcdpb.ErrLeaseTTLTooLarge
	}
	if _, ok := le.leases[id]; ok {
		return nil, etcdpb.ErrLeaseExist
	}
	if ttl < le.minTTL {
		ttl = le.minTTL
	}
	l := &Lease{ID: id, TTL: ttl, keys: map[string]struct{}{}, expiry: forever}
	if le.primary {
		l.expiry = now + time.Duration(ttl)*time.Second
	}
	le.leases[id] = l
	return l, nil
}

// Lookup returns the lease or nil.
func (le *Lessor) Lookup(id int64) *Lease { return le.leases[id] }

// Exists reports whether the lease exists (used by mvcc to refuse puts with
// an unknown lease: etcd's ErrLeaseNotFound).
func (le *Lessor) Exists(id int64) bool { return le.leases[id] != nil }

// Revoke removes the lease and returns its keys sorted: etcd sorts them "so
// deletes are in same order among all members"; the server deletes them in
// one write transaction (one revision).
func (le *Lessor) Revoke(id int64) ([][]byte, error) {
	l := le.leases[id]
	if l == nil {
		return nil, etcdpb.ErrLeaseNotFound
	}
	keys := l.Keys()
	for k := range l.keys {
		if le.items[k] == id {
			delete(le.items, k)
		}
	}
	delete(le.leases, id)
	return keys, nil
}

// Attach attaches key to the lease (etcd's Attach; ErrLeaseNotFound if the
// lease does not exist).
func (le *Lessor) Attach(id int64, key []byte) error {
	l := le.leases[id]
	if l == nil {
		return etcdpb.ErrLeaseNotFound
	}
	l.keys[string(key)] = struct{}{}
	le.items[string(key)] = id
	return nil
}

// Detach detaches key from the lease (ErrLeaseNotFound if it does not exist).
func (le *Lessor) Detach(id int64, key []byte) error {
	l := le.leases[id]
	if l == nil {
		return etcdpb.ErrLeaseNotFound
	}
	delete(l.keys, string(key))
	if le.items[string(key)] == id {
		delete(le.items, string(key))
	}
	return nil
}

// GetLease returns the lease a key is attached to, or 0.
func (le *Lessor) GetLease(key []byte) int64 { return le.items[string(key)] }

// Renew is a keep-alive: only the primary serves it (ErrNotPrimary
// otherwise). etcd makes a keep-alive on an expired lease wait until the
// revoke is applied and then answers ErrLeaseNotFound; raftlab answers
// ErrLeaseNotFound at once. Returns the granted TTL.
func (le *Lessor) Renew(id int64, now time.Duration) (int64, error) {
	if !le.primary {
		return -1, ErrNotPrimary
	}
	l := le.leases[id]
	if l == nil {
		return -1, etcdpb.ErrLeaseNotFound
	}
	if l.Remaining(now) <= 0 {
		return -1, etcdpb.ErrLeaseNotFound
	}
	l.expiry = now + time.Duration(l.TTL)*time.Second
	l.retryAt = 0
	return l.TTL, nil
}

// Promote makes this lessor primary (its member became leader): every
// lease's expiry becomes now + extend + TTL. This is why a leader change
// never expires a live lease early: the new leader gives every lease a full
// TTL again, plus extend (etcd passes the election timeout).
//
// etcd also spreads expiries when more than 1000 leases would expire in the
// same second (leaseRevokeRate); raftlab does not.
func (le *Lessor) Promote(now, extend time.Duration) {
	le.primary = true
	for _, l := range le.leases {
		l.expiry = now + extend + time.Duration(l.TTL)*time.Second
		l.retryAt = 0
	}
}

// Demote makes this lessor non-primary: expiries become forever, since only
// the primary expires leases.
func (le *Lessor) Demote() {
	le.primary = false
	for _, l := range le.leases {
		l.expiry = forever
		l.retryAt = 0
	}
}

// Expired returns the IDs (sorted) of leases whose expiry has passed, on the
// primary only. Like etcd, a lease reported once is reported again only
// after ExpiredLeaseRetryInterval if it is still there.
func (le *Lessor) Expired(now time.Duration) []int64 {
	if !le.primary || len(le.leases) == 0 {
		return nil // every tick on the leader: Leases would sort
	}
	var ids []int64
	for _, id := range le.Leases() {
		l := le.leases[id]
		if l.Remaining(now) <= 0 && now >= l.retryAt {
			ids = append(ids, id)
			l.retryAt = now + ExpiredLeaseRetryInterval
		}
	}
	return ids
}

// TimeToLive answers LeaseTimeToLive as etcd's leader does: the granted TTL,
// the remaining seconds as int64(Remaining().Seconds()) (truncated toward
// zero, so 9.9 s left shows as 9), and the attached keys (sorted). On a
// non-primary the remaining time is "forever" (etcd forwards the request to
// the leader). A missing lease is ErrLeaseNotFound; etcd's gRPC layer turns
// that into TTL -1, which etcdctl prints as "already expired".
func (le *Lessor) TimeToLive(id int64, now time.Duration) (granted, remaining int64, keys [][]byte, err error) {
	l := le.leases[id]
	if l == nil {
		return 0, 0, nil, etcdpb.ErrLeaseNotFound
	}
	return l.TTL, int64(l.Remaining(now).Seconds()), l.Keys(), nil
}

// Leases returns all lease IDs sorted (etcd sorts by expiry, which is
// undefined on followers; raftlab sorts by ID).
func (le *Lessor) Leases() []int64 {
	ls := make([]*Lease, 0, len(le.leases))
	for _, l := range le.leases {
		ls = append(ls, l)
	}
	// etcd sorts by remaining time (leasesByExpiry); equal ones (all of
	// them on a member that is not primary) by ID, to stay deterministic.
	// (Sorting the leases, not their IDs, shares the page's one sort of
	// pointers.)
	slices.SortFunc(ls, func(a, b *Lease) int {
		if c := cmp.Compare(a.expiry, b.expiry); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	ids := make([]int64, len(ls))
	for i, l := range ls {
		ids[i] = l.ID
	}
	return ids
}

type snapLease struct {
	ID   int64    `json:"id"`
	TTL  int64    `json:"ttl"`
	Keys [][]byte `json:"keys,omitempty"`
}

type snapshot struct {
	Leases []snapLease `json:"leases"`
}

// Snapshot encodes the leases (ID, TTL, attached keys) deterministically.
// Expiries are volatile, as in etcd, which persists only ID and TTL: after a
// restore the lessor is not primary and Promote sets expiries.
func (le *Lessor) Snapshot() []byte {
	s := snapshot{Leases: []snapLease{}}
	for _, id := range le.Leases() {
		l := le.leases[id]
		s.Leases = append(s.Leases, snapLease{ID: id, TTL: l.TTL, Keys: l.Keys()})
	}
	return jsonw.Marshal(&s)
}

// Restore replaces the lessor's state by a snapshot's. The lessor becomes
// non-primary (expiries forever), like etcd's Recover. TTLs below the
// minimum are raised, as etcd's initAndRecover does.
func (le *Lessor) Restore(b []byte) error {
	var s snapshot
	if err := jsonw.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("lease: bad snapshot: %w", err)
	}
	leases := map[int64]*Lease{}
	items := map[string]int64{}
	for _, sl := range s.Leases {
		if sl.ID == 0 {
			return fmt.Errorf("lease: bad snapshot: lease ID 0")
		}
		if _, dup := leases[sl.ID]; dup {
			return fmt.Errorf("lease: bad snapshot: duplicate lease %d", sl.ID)
		}
		ttl := sl.TTL
		if ttl < le.minTTL {
			ttl = le.minTTL
		}
		l := &Lease{ID: sl.ID, TTL: ttl, expiry: forever, keys: map[string]struct{}{}}
		for _, k := range sl.Keys {
			l.keys[string(k)] = struct{}{}
			items[string(k)] = sl.ID
		}
		leases[sl.ID] = l
	}
	le.leases, le.items, le.primary = leases, items, false
	return nil
}
