package etcdid

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Values from /work/shared/notes/etcd-reference.md (observed on a real etcd 3.5.17 cluster).
func TestReferenceIDs(t *testing.T) {
	a := MemberID([]string{"http://127.0.0.1:2380"}, "etcd-cluster-1")
	b := MemberID([]string{"http://127.0.0.1:22380"}, "etcd-cluster-1")
	c := MemberID([]string{"http://127.0.0.1:32380"}, "etcd-cluster-1")
	require.Equal(t, "bf9071f4639c75cc", Format(a))
	require.Equal(t, "91bc3c398fb3c146", Format(b))
	require.Equal(t, "fd422379fda50e48", Format(c))
	require.Equal(t, "59a05384c9b79ee", Format(ClusterID([]uint64{a, b, c})))
	require.Equal(t, ClusterID([]uint64{c, a, b}), ClusterID([]uint64{a, b, c}), "order-independent")
}

// Values observed on Debian's etcd 3.4.23 (same hashing as 3.5): two members a=:43380, b=:44380
// started with different tokens log
// "request cluster ID mismatch (got c4077f7943b046f want 6cf97adc5fc2a5fe)" and
// "request sent was ignored (cluster ID mismatch: peer[91f4ee1ff8af1fa4]=c4077f7943b046f, local=6cf97adc5fc2a5fe)".
func TestObservedOnEtcd34(t *testing.T) {
	pa, pb := []string{"http://127.0.0.1:43380"}, []string{"http://127.0.0.1:44380"}
	clusterA := ClusterID([]uint64{MemberID(pa, "tokA"), MemberID(pb, "tokA")})
	clusterB := ClusterID([]uint64{MemberID(pa, "tokB"), MemberID(pb, "tokB")})
	require.Equal(t, "6cf97adc5fc2a5fe", Format(clusterA))
	require.Equal(t, "c4077f7943b046f", Format(clusterB))
	require.Equal(t, "91f4ee1ff8af1fa4", Format(MemberID(pb, "tokA")))
	require.Equal(t, "1e184af61f9318f1", Format(MemberID(pa, "tokB")))
}

func TestMultiplePeerURLsSortedAndEmptyToken(t *testing.T) {
	x := MemberID([]string{"http://b:2380", "http://a:2380"}, "t")
	y := MemberID([]string{"http://a:2380", "http://b:2380"}, "t")
	require.Equal(t, x, y)
	require.Equal(t, MemberID([]string{"http://a:2380http://b:2380t"}, ""), x, "joined with no separator, token appended")
	require.NotEqual(t, MemberIDAt([]string{"http://a:2380"}, "t", 1700000000), MemberID([]string{"http://a:2380"}, "t"))
	require.Equal(t, MemberIDAt([]string{"http://a:2380"}, "t", 1700000000), MemberID([]string{"http://a:2380"}, "t1700000000"))
}

func TestFormatParse(t *testing.T) {
	require.Equal(t, "59a05384c9b79ee", Format(0x059a05384c9b79ee))
	require.Equal(t, "0", Format(0))
	id, err := Parse("59a05384c9b79ee")
	require.NoError(t, err)
	require.Equal(t, uint64(0x059a05384c9b79ee), id)
	id, err = Parse("BF9071F4639C75CC")
	require.NoError(t, err)
	require.Equal(t, "bf9071f4639c75cc", Format(id))
	_, err = Parse("0x12")
	require.Error(t, err)
	// etcdctl 3.4.23: `etcdctl member remove zz` → exit 128, this text after "Error: ".
	_, err = ParseMemberArg("zz")
	require.EqualError(t, err, `bad member ID arg (strconv.ParseUint: parsing "zz": invalid syntax), expecting ID in Hex`)
}
