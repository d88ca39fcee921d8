package sim

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

func newTestWorld(n int, seed int64) *World {
	specs := make([]MemberSpec, n)
	for i := range specs {
		specs[i] = MemberSpec{ID: uint64(i + 1), Name: string(rune('a' + i))}
	}
	return New(Config{Seed: seed, PreVote: true, CheckQuorum: true, Latency: 5 * time.Millisecond}, specs)
}

func TestSmokeElectionAndCommit(t *testing.T) {
	w := newTestWorld(3, 1)
	w.Run(3 * time.Second)
	require.NoError(t, w.Err())
	lead := w.Leader()
	require.NotZero(t, lead)
	st := w.Member(lead).Status()
	require.Equal(t, uint64(2), st.Term, "first leader of a new etcd cluster is at term 2")
	for i := 0; i < 10; i++ {
		require.NoError(t, w.Member(lead).Propose([]byte{byte(i)}))
	}
	w.Run(time.Second)
	require.NoError(t, w.Err())
	for _, m := range w.Members() {
		require.Len(t, m.App.(*LogApp).Applied, 10, m.Name)
	}
	require.Equal(t, raft.StateLeader, w.Member(lead).Status().State)
}
