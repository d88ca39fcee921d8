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

// Members whose IDs share their low bits (one slot of member's table)
// are all found, and elect and commit as any others.
func TestMembersSharingASlot(t *testing.T) {
	specs := []MemberSpec{{ID: 3, Name: "a"}, {ID: 3 + memberSlots, Name: "b"}, {ID: 3 + 2*memberSlots, Name: "c"}, {ID: 7, Name: "d"}}
	w := New(Config{Seed: 4, PreVote: true, CheckQuorum: true, Latency: 5 * time.Millisecond}, specs)
	for _, s := range specs {
		require.Equal(t, s.Name, w.Member(s.ID).Name)
	}
	require.Nil(t, w.Member(3+3*memberSlots))
	w.Run(3 * time.Second)
	require.NoError(t, w.Err())
	lead := w.Leader()
	require.NotZero(t, lead)
	require.NoError(t, w.Member(lead).Propose([]byte("x")))
	w.Run(time.Second)
	for _, s := range specs {
		require.Equal(t, w.Member(lead).Status().Commit, w.Member(s.ID).Status().Commit)
	}
}
