package web

import (
	"fmt"
	"strings"
	"time"
)

// FakeLab is a stand-in Lab with a static cluster, used until core/lab lands
// and in tests of the UI shell.
type FakeLab struct {
	members []MemberView
	simTime time.Duration
}

// NewFakeLab returns a fake cluster of n members; the first is the leader.
func NewFakeLab(n int) *FakeLab {
	f := &FakeLab{}
	for i := range n {
		m := MemberView{
			ID:          fmt.Sprintf("%016x", 0x8e9e05c52164694d+uint64(i)*0x1111),
			Name:        fmt.Sprintf("infra%d", i+1),
			Role:        RoleFollower,
			Term:        2,
			Up:          true,
			CommitIndex: 8,
		}
		m.AppliedIndex = m.CommitIndex
		if i == 0 {
			m.Role = RoleLeader
		}
		f.members = append(f.members, m)
	}
	return f
}

// Cluster implements Lab.
func (f *FakeLab) Cluster() ClusterView {
	return ClusterView{Members: append([]MemberView(nil), f.members...), SimTime: f.simTime}
}

// Step implements Lab; the fake never runs by itself.
func (f *FakeLab) Step(time.Duration) bool { return false }

// Exec implements Lab with a few canned commands.
func (f *FakeLab) Exec(line string) []ConsoleLine {
	args := strings.Fields(line)
	if len(args) == 0 {
		return nil
	}
	out := func(format string, a ...any) ConsoleLine {
		return ConsoleLine{Stream: StreamStdout, Text: fmt.Sprintf(format, a...)}
	}
	switch {
	case args[0] == "help":
		return []ConsoleLine{
			out("This is a placeholder cluster; the real lab is not wired in yet."),
			out("Commands: help, member list, stop NAME, start NAME, clear"),
		}
	case len(args) == 2 && args[0] == "member" && args[1] == "list":
		var lines []ConsoleLine
		for _, m := range f.members {
			status := "started"
			if !m.Up {
				status = "stopped"
			}
			lines = append(lines, out("%s, %s, %s, http://%s:2380, http://%s:2379, false", m.ID, status, m.Name, m.Name, m.Name))
		}
		return lines
	case len(args) == 2 && (args[0] == "stop" || args[0] == "start"):
		for i := range f.members {
			if f.members[i].Name == args[1] {
				f.members[i].Up = args[0] == "start"
				past := map[string]string{"stop": "stopped", "start": "started"}[args[0]]
				return []ConsoleLine{out("%s: %s", args[1], past)}
			}
		}
		return []ConsoleLine{{Stream: StreamStderr, Text: fmt.Sprintf("Error: no member named %q", args[1])}}
	}
	return []ConsoleLine{{Stream: StreamStderr, Text: fmt.Sprintf("Error: unknown command %q (try \"help\")", args[0])}}
}
