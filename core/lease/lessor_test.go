package lease

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/stretchr/testify/require"
)

const s = time.Second

func TestGrant(t *testing.T) {
	tests := []struct {
		name    string
		id, ttl int64
		wantTTL int64
		wantErr error
	}{
		{"normal", 1, 60, 60, nil},
		{"below min raised", 2, 1, 2, nil},
		{"zero raised", 3, 0, 2, nil},
		{"negative raised", 4, -5, 2, nil},
		{"max ok", 5, MaxLeaseTTL, MaxLeaseTTL, nil},
		{"too large", 6, MaxLeaseTTL + 1, 0, etcdpb.ErrLeaseTTLTooLarge},
		{"id zero", 0, 10, 0, etcdpb.ErrLeaseNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			le := New(0)
			l, err := le.Grant(tt.id, tt.ttl, 0)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.Nil(t, l)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.wantTTL, l.TTL)
		})
	}
}

func TestGrantExisting(t *testing.T) {
	le := New(2)
	_, err := le.Grant(7, 10, 0)
	require.NoError(t, err)
	_, err = le.Grant(7, 10, 0)
	require.ErrorIs(t, err, etcdpb.ErrLeaseExist)
	// TTL too large is checked before existence, as in etcd.
	_, err = le.Grant(7, MaxLeaseTTL+1, 0)
	require.ErrorIs(t, err, etcdpb.ErrLeaseTTLTooLarge)
}

func TestCustomMinTTL(t *testing.T) {
	le := New(5)
	require.Equal(t, int64(5), le.MinTTL())
	l, err := le.Grant(1, 3, 0)
	require.NoError(t, err)
	require.Equal(t, int64(5), l.TTL)
}

func TestExpiryOnlyOnPrimary(t *testing.T) {
	le := New(2)
	_, err := le.Grant(1, 10, 0)
	require.NoError(t, err)
	require.Empty(t, le.Expired(100*s), "a follower never expires leases")

	le.Promote(100*s, 1*s)
	require.True(t, le.IsPrimary())
	require.Empty(t, le.Expired(110*s))
	require.Equal(t, []int64{1}, le.Expired(111*s))
	// reported again only after the retry interval
	require.Empty(t, le.Expired(112*s))
	require.Equal(t, []int64{1}, le.Expired(114*s))

	le.Demote()
	require.False(t, le.IsPrimary())
	require.Empty(t, le.Expired(1000*s))
}

func TestGrantOnPrimaryExpires(t *testing.T) {
	le := New(2)
	le.Promote(0, 0)
	for _, id := range []int64{3, 1, 2} {
		_, err := le.Grant(id, 5, 10*s)
		require.NoError(t, err)
	}
	require.Empty(t, le.Expired(14*s+999*time.Millisecond))
	require.Equal(t, []int64{1, 2, 3}, le.Expired(15*s), "sorted IDs")
}

func TestPromoteGivesFullTTL(t *testing.T) {
	// A lease about to expire on the old leader gets a full TTL + extend on
	// the new one: a leader change never expires a live lease early.
	le := New(2)
	le.Promote(0, 0)
	_, err := le.Grant(1, 10, 0)
	require.NoError(t, err)
	le.Demote()
	le.Promote(9*s, 2*s)
	require.Empty(t, le.Expired(20*s))
	require.Equal(t, []int64{1}, le.Expired(21*s))
}

func TestRenew(t *testing.T) {
	le := New(2)
	_, err := le.Grant(1, 10, 0)
	require.NoError(t, err)
	_, err = le.Renew(1, 0)
	require.ErrorIs(t, err, ErrNotPrimary)

	le.Promote(0, 0)
	_, err = le.Renew(99, 1*s)
	require.ErrorIs(t, err, etcdpb.ErrLeaseNotFound)

	ttl, err := le.Renew(1, 8*s)
	require.NoError(t, err)
	require.Equal(t, int64(10), ttl)
	require.Empty(t, le.Expired(17*s))
	require.Equal(t, []int64{1}, le.Expired(18*s))
	_, err = le.Renew(1, 18*s)
	require.ErrorIs(t, err, etcdpb.ErrLeaseNotFound, "expired lease cannot be renewed")
}

func TestAttachDetachRevoke(t *testing.T) {
	le := New(2)
	_, err := le.Grant(1, 10, 0)
	require.NoError(t, err)
	require.ErrorIs(t, le.Attach(2, []byte("a")), etcdpb.ErrLeaseNotFound)
	require.ErrorIs(t, le.Detach(2, []byte("a")), etcdpb.ErrLeaseNotFound)
	for _, k := range []string{"c", "a", "b"} {
		require.NoError(t, le.Attach(1, []byte(k)))
	}
	require.Equal(t, int64(1), le.GetLease([]byte("a")))
	require.NoError(t, le.Detach(1, []byte("b")))
	require.Equal(t, int64(0), le.GetLease([]byte("b")))
	require.True(t, le.Exists(1))

	keys, err := le.Revoke(1)
	require.NoError(t, err)
	require.Equal(t, [][]byte{[]byte("a"), []byte("c")}, keys)
	require.False(t, le.Exists(1))
	require.Equal(t, int64(0), le.GetLease([]byte("a")))
	_, err = le.Revoke(1)
	require.ErrorIs(t, err, etcdpb.ErrLeaseNotFound)
}

func TestTimeToLive(t *testing.T) {
	le := New(2)
	le.Promote(0, 0)
	_, err := le.Grant(1, 60, 0)
	require.NoError(t, err)
	require.NoError(t, le.Attach(1, []byte("k2")))
	require.NoError(t, le.Attach(1, []byte("k1")))

	tests := []struct {
		now  time.Duration
		want int64
	}{
		{0, 60},
		{500 * time.Millisecond, 59}, // 59.5 s truncated, like int64(Remaining().Seconds())
		{1 * s, 59},
		{59*s + 1, 0},
		{60 * s, 0},
		{61*s + 500*time.Millisecond, -1},
	}
	for _, tt := range tests {
		g, r, keys, err := le.TimeToLive(1, tt.now)
		require.NoError(t, err)
		require.Equal(t, int64(60), g)
		require.Equal(t, tt.want, r, "now=%v", tt.now)
		require.Equal(t, [][]byte{[]byte("k1"), []byte("k2")}, keys)
	}
	_, _, _, err = le.TimeToLive(2, 0)
	require.ErrorIs(t, err, etcdpb.ErrLeaseNotFound)

	le.Demote()
	_, r, _, err := le.TimeToLive(1, 0)
	require.NoError(t, err)
	require.Greater(t, r, int64(MaxLeaseTTL), "non-primary has no expiry")
}

func TestLeasesSorted(t *testing.T) {
	le := New(2)
	for _, id := range []int64{5, 1, 3} {
		_, err := le.Grant(id, 10, 0)
		require.NoError(t, err)
	}
	require.Equal(t, []int64{1, 3, 5}, le.Leases())
}

func TestSnapshotRestore(t *testing.T) {
	le := New(2)
	le.Promote(0, 0)
	for _, id := range []int64{5, 1, 3} {
		_, err := le.Grant(id, id*10, 0)
		require.NoError(t, err)
	}
	require.NoError(t, le.Attach(3, []byte("x")))
	require.NoError(t, le.Attach(3, []byte("a")))
	b := le.Snapshot()
	require.Equal(t, b, le.Snapshot(), "deterministic")

	le2 := New(2)
	require.NoError(t, le2.Restore(b))
	require.False(t, le2.IsPrimary())
	require.Equal(t, []int64{1, 3, 5}, le2.Leases())
	require.Equal(t, int64(30), le2.Lookup(3).TTL)
	require.Equal(t, int64(3), le2.GetLease([]byte("x")))
	require.Equal(t, b, le2.Snapshot())
	require.Empty(t, le2.Expired(1000*s), "expiries are volatile: forever until Promote")
	le2.Promote(1000*s, 0)
	require.Equal(t, []int64{1}, le2.Expired(1010*s))

	require.Error(t, le2.Restore([]byte("garbage")))
	require.Error(t, le2.Restore([]byte(`{"leases":[{"id":0,"ttl":5}]}`)))
	require.Error(t, le2.Restore([]byte(`{"leases":[{"id":1,"ttl":5},{"id":1,"ttl":5}]}`)))
	require.Equal(t, []int64{1, 3, 5}, le2.Leases(), "failed restore leaves state alone")
}

func TestIDGenerator(t *testing.T) {
	now := time.UnixMilli(0x12_3456_789a)
	g := NewIDGenerator(0xbf9071f4639c75cc, now)
	// prefix = low 16 bits of member ID; suffix = ms timestamp << 8, then +1.
	require.Equal(t, uint64(0x75cc_1234_5678_9a01), g.Next())
	require.Equal(t, uint64(0x75cc_1234_5678_9a02), g.Next())

	// the counter carries into the timestamp; the suffix wraps within 48 bits
	g2 := NewIDGenerator(1, time.UnixMilli(int64(1<<40-1)))
	for i := 0; i < 255; i++ {
		g2.Next()
	}
	require.Equal(t, uint64(1)<<48, g2.Next())
	require.Equal(t, uint64(1)<<48|1, g2.Next())

	// lease IDs have the top bit cleared and are never 0
	g3 := NewIDGenerator(0xffff, time.UnixMilli(5))
	id := g3.NextLeaseID()
	require.Positive(t, id)
	require.Equal(t, int64(0x7fff_0000_0000_0501), id)

	g4 := NewIDGenerator(0, time.UnixMilli(int64(1<<40-1)))
	for i := 0; i < 254; i++ {
		g4.Next()
	}
	require.Equal(t, uint64(0xffff_ffff_ffff), g4.Next())
	require.Equal(t, int64(1), g4.NextLeaseID(), "skips ID 0")
}
