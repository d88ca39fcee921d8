package lab_test

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

func TestSmoke(t *testing.T) {
	l := lab.New(lab.Options{Members: 5, Seed: 42})
	l.Run(2 * time.Second)
	require.NoError(t, l.Err())
	st := l.Status()
	require.Len(t, st, 5)
	require.Equal(t, "node-1", st[0].Name)
	require.NotEmpty(t, l.Leader())
	t.Log(st)
}
