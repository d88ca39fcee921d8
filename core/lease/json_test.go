package lease

import (
	"testing"

	"github.com/raftlab/raftlab/core/jsonw/jsonwtest"
)

// The snapshot is encoding/json's bytes and reads back as it read them.
func TestJSONAsEncodingJSON(t *testing.T) {
	jsonwtest.Encoding[snapshot](t, 300)
	jsonwtest.Decoding[snapshot](t, 300)
}
