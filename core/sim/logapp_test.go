package sim

import (
	"testing"

	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

// A LogApp's snapshot restores the same entries and removed members, and
// a damaged one is an error, never a panic.
func TestLogAppSnapshotRoundTrip(t *testing.T) {
	m := &Member{ID: 1, Disk: raft.NewStorage()}
	a := NewLogApp(m, 0, 0)
	a.Applied = [][]byte{[]byte("x"), make([]byte, 300), []byte("last")}
	a.removed[7], a.removed[3] = true, true
	data := a.state()

	b := NewLogApp(m, 0, 0)
	require.NoError(t, b.Restore(data))
	require.Equal(t, a.Applied, b.Applied)
	require.Equal(t, a.removed, b.removed)
	require.Equal(t, data, b.state())

	empty := NewLogApp(m, 0, 0)
	require.NoError(t, b.Restore(empty.state()))
	require.Empty(t, b.Applied)
	require.Empty(t, b.removed)

	for n := 0; n < len(data); n++ {
		require.Error(t, NewLogApp(m, 0, 0).Restore(data[:n]), "cut at %d", n)
	}
	require.Error(t, NewLogApp(m, 0, 0).Restore(append(data[:len(data):len(data)], 0)), "trailing byte")
	require.Error(t, NewLogApp(m, 0, 0).Restore([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), "huge count")
}
