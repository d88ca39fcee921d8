package mvcc

import (
	"testing"

	"github.com/raftlab/raftlab/core/jsonw/jsonwtest"
)

// A snapshot reads back as encoding/json read it (TestSnapshotIsJSON:
// Snapshot writes encoding/json's bytes).
func TestJSONAsEncodingJSON(t *testing.T) {
	jsonwtest.Decoding[snapshot](t, 300)
}
