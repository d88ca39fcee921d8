package lab_test

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/etcdpb"
	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

func TestGoClient(t *testing.T) {
	l := newLab(t, lab.Options{Members: 3, Seed: 4})
	l.Exec("wait leader")
	c := l.Client("node-2", "node-3")
	put, err := c.Put("k", "v1")
	require.NoError(t, err)
	require.Equal(t, int64(2), put.Header.Revision)
	require.Equal(t, l.Cluster().ClusterID, put.Header.ClusterId)
	get, err := c.Get("k", false)
	require.NoError(t, err)
	require.Equal(t, "v1", string(get.Kvs[0].Value))

	// The first endpoint down: the client fails over to the second.
	l.Exec("kill node-2")
	l.Exec("wait leader")
	_, err = c.Put("k", "v2")
	require.NoError(t, err)

	// Concurrent operations have start and end times for histories.
	a := c.Go(&etcdpb.PutRequest{Key: []byte("a"), Value: []byte("1")})
	b := c.Go(&etcdpb.RangeRequest{Key: []byte("a")})
	require.False(t, a.Done())
	l.Run(time.Second)
	require.True(t, a.Done() && b.Done())
	require.NoError(t, a.Err())
	require.LessOrEqual(t, a.Start(), a.End())
	// Each answer is its request's own response type.
	require.Equal(t, "1", string(b.Resp().(*etcdpb.RangeResponse).Kvs[0].Value))
	resp, err := c.Do(&etcdpb.PutRequest{Key: []byte("a"), Value: []byte("2"), PrevKv: true})
	require.NoError(t, err)
	require.Equal(t, "1", string(resp.(*etcdpb.PutResponse).PrevKv.Value))
	resp, err = c.Do(&etcdpb.RequestOp{RequestTxn: &etcdpb.TxnRequest{Success: []*etcdpb.RequestOp{{RequestDeleteRange: &etcdpb.DeleteRangeRequest{Key: []byte("a")}}}}})
	require.NoError(t, err)
	txn := resp.(*etcdpb.TxnResponse)
	require.True(t, txn.Succeeded)
	require.Equal(t, int64(1), txn.Responses[0].KV().(*etcdpb.DeleteRangeResponse).Deleted)
	for _, bad := range []etcdpb.KVRequest{nil, (*etcdpb.PutRequest)(nil), (*etcdpb.RequestOp)(nil), &etcdpb.RequestOp{}} {
		resp, err = c.Do(bad)
		require.Error(t, err, "%#v", bad)
		require.Nil(t, resp)
	}

	// No endpoint reachable: context deadline exceeded after the timeout.
	l.Exec("kill node-3")
	c.Timeout = 2 * time.Second
	start := l.Now()
	_, err = c.Get("k", false)
	require.ErrorIs(t, err, etcdpb.ErrDeadlineExceeded)
	require.Equal(t, 2*time.Second, l.Now()-start)
	resp, err = c.Do(&etcdpb.RangeRequest{Key: []byte("k")})
	require.ErrorIs(t, err, etcdpb.ErrDeadlineExceeded)
	require.Nil(t, resp, "no response on error")
	// With no leader, a serializable read still answers from a member.
	sr, err := l.Client("node-1").Get("k", true)
	require.NoError(t, err)
	require.Equal(t, "v2", string(sr.Kvs[0].Value))
}
