package console

import (
	"testing"

	"github.com/raftlab/raftlab/core/jsonw/jsonwtest"
)

// The restore marker is encoding/json's bytes.
func TestJSONAsEncodingJSON(t *testing.T) {
	jsonwtest.Encoding[restoreMarker](t, 300)
}
