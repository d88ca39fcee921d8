package sim

import (
	"encoding/json"

	"github.com/raftlab/raftlab/core/raft"
)

// LogApp is the simplest state machine: the list of applied data entries.
// The core's own tests run on it; etcd's server replaces it in the lab.
type LogApp struct {
	Applied [][]byte
}

func (a *LogApp) Apply(e raft.Entry) {
	if e.Type == raft.EntryNormal && len(e.Data) > 0 {
		a.Applied = append(a.Applied, e.Data)
	}
}

func (a *LogApp) State() []byte {
	b, _ := json.Marshal(a.Applied)
	return b
}

func (a *LogApp) Restore(data []byte) error {
	a.Applied = nil
	return json.Unmarshal(data, &a.Applied)
}
