package raft

// Interaction scripts, in the spirit of etcd-io/raft's InteractionEnv and
// its datadriven testdata: testdata/*.txt are readable scripts of inputs
// (tick, campaign, propose, deliver, stabilize, partition...) with every
// Ready, message and event a member produced printed as the expected
// output. `go test ./core/raft -run TestInteraction -rewrite` regenerates
// the expected output after an intended change; review the diff.
//
// A script is a sequence of blocks:
//
//	# a comment
//	command arg key=value
//	----
//	expected output (no blank lines)
//
// and blocks are separated by blank lines.

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of testdata interaction scripts")

func TestInteraction(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no interaction scripts: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) { runScript(t, f) })
	}
}

// block is one command of a script with its expected output.
type block struct {
	comments []string
	cmd      string
	want     string
	line     int
}

func parseScript(t *testing.T, path string) []block {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	var out []block
	var cur block
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.TrimSpace(l) == "":
			continue
		case strings.HasPrefix(l, "#"):
			cur.comments = append(cur.comments, l)
			continue
		}
		cur.cmd, cur.line = l, i+1
		if i+1 >= len(lines) || lines[i+1] != "----" {
			t.Fatalf("%s:%d: %q is not followed by ----", path, i+1, l)
		}
		i += 2
		var want []string
		for ; i < len(lines) && lines[i] != ""; i++ {
			want = append(want, lines[i])
		}
		cur.want = strings.Join(want, "\n")
		out = append(out, cur)
		cur = block{}
	}
	return out
}

func runScript(t *testing.T, path string) {
	blocks := parseScript(t, path)
	env := newInteractionEnv()
	var rewritten bytes.Buffer
	for i, b := range blocks {
		got := strings.TrimRight(env.run(b.cmd), "\n")
		if got == "" {
			got = "ok"
		}
		if *rewrite {
			if i > 0 {
				rewritten.WriteString("\n")
			}
			for _, c := range b.comments {
				rewritten.WriteString(c + "\n")
			}
			fmt.Fprintf(&rewritten, "%s\n----\n%s\n", b.cmd, got)
			continue
		}
		if got != b.want {
			t.Fatalf("%s:%d: %s\n--- want:\n%s\n--- got:\n%s", path, b.line, b.cmd, b.want, got)
		}
	}
	if *rewrite {
		if err := os.WriteFile(path, rewritten.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// interactionEnv is a cluster whose every step is a script command:
// messages wait in a queue until delivered, and nothing happens by itself.
type interactionEnv struct {
	nodes map[uint64]*Node
	disks map[uint64]*Storage
	cfg   Config
	queue []Message
	// cut holds the directed links that drop messages.
	cut map[[2]uint64]bool
	out *strings.Builder
}

func newInteractionEnv() *interactionEnv {
	return &interactionEnv{nodes: map[uint64]*Node{}, disks: map[uint64]*Storage{}, cut: map[[2]uint64]bool{},
		cfg: Config{ElectionTick: 10, HeartbeatTick: 1}}
}

func (e *interactionEnv) printf(format string, args ...any) { fmt.Fprintf(e.out, format, args...) }

// args splits a command into positional ids and key=value options.
type args struct {
	pos []string
	kv  map[string]string
}

func parseArgs(fields []string) args {
	a := args{kv: map[string]string{}}
	for _, f := range fields {
		if k, v, ok := strings.Cut(f, "="); ok {
			a.kv[k] = v
		} else {
			a.pos = append(a.pos, f)
		}
	}
	return a
}

func (a args) id(i int) uint64 {
	if i >= len(a.pos) {
		panic(fmt.Sprintf("missing argument %d", i+1))
	}
	n, err := strconv.ParseUint(a.pos[i], 10, 64)
	if err != nil {
		panic(fmt.Sprintf("bad member id %q", a.pos[i]))
	}
	return n
}

func (a args) ids(from int) []uint64 {
	var out []uint64
	for i := from; i < len(a.pos); i++ {
		out = append(out, a.id(i))
	}
	return out
}

func (a args) num(k string, def int) int {
	if v, ok := a.kv[k]; ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			panic(fmt.Sprintf("bad %s=%q", k, v))
		}
		return n
	}
	return def
}

func (a args) flag(k string, def bool) bool {
	if v, ok := a.kv[k]; ok {
		return v == "true"
	}
	return def
}

// run executes one command line and returns what it printed.
func (e *interactionEnv) run(line string) (out string) {
	var sb strings.Builder
	e.out = &sb
	defer func() {
		if r := recover(); r != nil {
			out = sb.String() + fmt.Sprintf("error: %v", r)
		}
	}()
	f := strings.Fields(line)
	a := parseArgs(f[1:])
	switch f[0] {
	case "add-nodes":
		e.addNodes(a)
	case "new-node":
		// A member with an empty disk (etcd --initial-cluster-state existing).
		id := a.id(0)
		e.disks[id] = NewStorage()
		e.start(id)
		e.printf("%d: started with an empty log\n", id)
	case "campaign":
		e.must(e.nodes[a.id(0)].Campaign())
	case "tick":
		for _, id := range a.ids(0) {
			for i := 0; i < a.num("n", 1); i++ {
				e.nodes[id].Tick()
			}
		}
	case "propose":
		e.must(e.nodes[a.id(0)].Propose([]byte(strings.Join(a.pos[1:], " "))))
	case "propose-conf-change":
		types := map[string]ConfChangeType{"add": ConfChangeAddNode, "add-learner": ConfChangeAddLearnerNode, "remove": ConfChangeRemoveNode}
		typ, ok := types[a.pos[1]]
		if !ok {
			panic("conf change type must be add, add-learner or remove")
		}
		e.must(e.nodes[a.id(0)].ProposeConfChange(ConfChange{Type: typ, NodeID: a.id(2)}))
	case "read-index":
		e.must(e.nodes[a.id(0)].ReadIndex([]byte(a.pos[1])))
	case "transfer-leader":
		e.nodes[a.id(0)].TransferLeader(a.id(1))
	case "process-ready":
		for _, id := range a.ids(0) {
			e.processReady(id)
		}
	case "deliver-msgs":
		for _, id := range a.ids(0) {
			e.deliver(id, a.flag("drop", false))
		}
	case "stabilize":
		e.stabilize(a.ids(0))
	case "isolate":
		id := a.id(0)
		for other := range e.disks {
			if other != id {
				e.cut[[2]uint64{id, other}], e.cut[[2]uint64{other, id}] = true, true
			}
		}
	case "cut":
		e.cut[[2]uint64{a.id(0), a.id(1)}] = true
	case "heal":
		e.cut = map[[2]uint64]bool{}
	case "crash":
		delete(e.nodes, a.id(0))
	case "restart":
		e.start(a.id(0))
	case "compact":
		// The application snapshots its state at index and the log before
		// it is dropped (etcd --snapshot-count; a lagging member then needs
		// the snapshot).
		id, index := a.id(0), uint64(a.id(1))
		cs := e.nodes[id].Status().ConfState
		e.must(e.disks[id].CreateSnapshot(index, cs, []byte("snap@"+strconv.FormatUint(index, 10))))
		e.must(e.disks[id].Compact(index))
		e.printf("%d: log compacted up to %d\n", id, index)
	case "status":
		for _, id := range a.ids(0) {
			e.status(id)
		}
	case "raft-log":
		for _, id := range a.ids(0) {
			e.raftLog(id)
		}
	default:
		panic(fmt.Sprintf("unknown command %q", f[0]))
	}
	return sb.String()
}

func (e *interactionEnv) must(err error) {
	if err != nil {
		e.printf("error: %v\n", err)
	}
}

func (e *interactionEnv) addNodes(a args) {
	n := int(a.id(0))
	e.cfg.PreVote = a.flag("pre-vote", false)
	e.cfg.CheckQuorum = a.flag("check-quorum", false)
	e.cfg.MaxEntriesPerMsg = a.num("max-ents", 0)
	e.cfg.ElectionTick = a.num("election", 10)
	ids := make([]uint64, n)
	for i := range ids {
		ids[i] = uint64(i + 1)
	}
	for _, id := range ids {
		e.disks[id] = NewStorage()
		Bootstrap(e.disks[id], ids)
		e.start(id)
	}
	// Apply the bootstrap entries quietly, as etcd does when it starts a
	// new cluster: a member with committed but unapplied configuration
	// changes does not campaign.
	out := e.out
	e.out = &strings.Builder{}
	e.stabilize(nil)
	e.out = out
	for _, id := range ids {
		st := e.nodes[id].Status()
		e.printf("%d: term=%d commit=%d applied=%d voters=%v\n", id, st.Term, st.Commit, st.Applied, st.ConfState.Voters)
	}
}

func (e *interactionEnv) start(id uint64) {
	c := e.cfg
	c.ID, c.Storage = id, e.disks[id]
	c.Applied = e.disks[id].Snapshot().Metadata.Index
	// Each member's own seeded source: the election timeouts are the same
	// on every run and platform.
	c.Rand = rand.New(rand.NewSource(int64(id)))
	n, err := NewNode(c)
	if err != nil {
		panic(err)
	}
	e.nodes[id] = n
}

// processReady handles one member's Ready as etcd's raftNode does: persist,
// send, apply, Advance; and prints it.
func (e *interactionEnv) processReady(id uint64) bool {
	n := e.nodes[id]
	if n == nil || !n.HasReady() {
		return false
	}
	rd := n.Ready()
	d := e.disks[id]
	e.printf("> %d handling Ready\n", id)
	if rd.SoftState != nil {
		e.printf("  State:%s Lead:%d\n", rd.SoftState.RaftState, rd.SoftState.Lead)
	}
	if !rd.HardState.IsEmpty() {
		e.printf("  HardState Term:%d Vote:%d Commit:%d\n", rd.HardState.Term, rd.HardState.Vote, rd.HardState.Commit)
	}
	if len(rd.Entries) > 0 {
		e.printf("  Entries:\n")
		for _, ent := range rd.Entries {
			e.printf("    %s\n", fmtEntry(ent))
		}
	}
	if !rd.Snapshot.IsEmpty() {
		e.printf("  Snapshot %s\n", fmtSnap(rd.Snapshot))
	}
	if len(rd.CommittedEntries) > 0 {
		e.printf("  CommittedEntries:\n")
		for _, ent := range rd.CommittedEntries {
			e.printf("    %s\n", fmtEntry(ent))
		}
	}
	if len(rd.Messages) > 0 {
		e.printf("  Messages:\n")
		for _, m := range rd.Messages {
			e.printf("    %s\n", fmtMsg(m))
		}
	}
	for _, rs := range rd.ReadStates {
		e.printf("  ReadState Index:%d Ctx:%q\n", rs.Index, rs.RequestCtx)
	}
	header := false
	for _, ev := range rd.Events {
		if ev.Kind == EventTimerReset {
			continue // every heartbeat resets a timer: too many to read
		}
		if !header {
			e.printf("  Events:\n")
			header = true
		}
		e.printf("    %s\n", fmtEvent(ev))
	}
	persist(d, rd)
	e.queue = append(e.queue, rd.Messages...)
	for _, ent := range rd.CommittedEntries {
		if ent.Type == EntryConfChange {
			cc, err := UnmarshalConfChange(ent.Data)
			if err == nil {
				cs := n.ApplyConfChange(cc)
				e.printf("  applied %s %d: voters=%v learners=%v\n", cc.Type, cc.NodeID, cs.Voters, cs.Learners)
			}
		}
	}
	n.Advance(rd)
	if err := logMismatch(n); err != nil {
		panic(err)
	}
	return true
}

// deliver steps every queued message addressed to id, in order; a message
// over a cut link (or with drop) is lost.
func (e *interactionEnv) deliver(id uint64, drop bool) bool {
	var mine, rest []Message
	for _, m := range e.queue {
		if m.To == id {
			mine = append(mine, m)
		} else {
			rest = append(rest, m)
		}
	}
	e.queue = rest
	if len(mine) == 0 {
		return false
	}
	e.printf("> %d receiving messages\n", id)
	for _, m := range mine {
		n := e.nodes[id]
		switch {
		case drop || e.cut[[2]uint64{m.From, m.To}]:
			e.printf("  %s dropped\n", fmtMsg(m))
			if m.Type == MsgSnap && e.nodes[m.From] != nil {
				e.nodes[m.From].ReportSnapshot(id, true)
			}
			continue
		case n == nil:
			e.printf("  %s dropped: %d is down\n", fmtMsg(m), id)
			continue
		}
		e.printf("  %s\n", fmtMsg(m))
		if err := n.Step(m); err != nil {
			e.printf("  error: %v\n", err)
		}
		if m.Type == MsgSnap && e.nodes[m.From] != nil {
			// etcd's transport reports a snapshot it finished sending.
			e.nodes[m.From].ReportSnapshot(id, false)
		}
	}
	return true
}

// stabilize handles Readies and delivers messages among ids (all members
// if none) until nothing is left to do.
func (e *interactionEnv) stabilize(ids []uint64) {
	if len(ids) == 0 {
		for id := range e.disks {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	}
	for {
		done := true
		for _, id := range ids {
			if e.processReady(id) {
				done = false
			}
		}
		for _, id := range ids {
			if e.deliver(id, false) {
				done = false
			}
		}
		if done {
			return
		}
	}
}

func (e *interactionEnv) status(id uint64) {
	n := e.nodes[id]
	if n == nil {
		e.printf("%d: down\n", id)
		return
	}
	st := n.Status()
	e.printf("%d: %s term=%d lead=%d vote=%d commit=%d applied=%d log=%d..%d\n", id, st.Role(), st.Term, st.Lead,
		st.Vote, st.Commit, st.Applied, st.FirstIndex, st.LastIndex)
	var pids []uint64
	for pid := range st.Progress {
		pids = append(pids, pid)
	}
	sort.Slice(pids, func(i, j int) bool { return pids[i] < pids[j] })
	for _, pid := range pids {
		pr := st.Progress[pid]
		learner := ""
		if pr.IsLearner {
			learner = " learner"
		}
		e.printf("  %d: %s match=%d next=%d%s\n", pid, pr.State, pr.Match, pr.Next, learner)
	}
}

func (e *interactionEnv) raftLog(id uint64) {
	d := e.disks[id]
	if snap := d.Snapshot(); !snap.IsEmpty() {
		e.printf("%d: snapshot %s\n", id, fmtSnap(snap))
	}
	ents, err := d.Entries(d.FirstIndex(), d.LastIndex()+1)
	if err != nil {
		panic(err)
	}
	if len(ents) == 0 {
		e.printf("%d: log is empty\n", id)
	}
	for _, ent := range ents {
		e.printf("%d: %s\n", id, fmtEntry(ent))
	}
}

func fmtEntry(e Entry) string {
	if e.Type == EntryConfChange {
		cc, _ := UnmarshalConfChange(e.Data)
		return fmt.Sprintf("%d/%d EntryConfChange %s %d", e.Term, e.Index, cc.Type, cc.NodeID)
	}
	return fmt.Sprintf("%d/%d EntryNormal %q", e.Term, e.Index, e.Data)
}

func fmtSnap(s Snapshot) string {
	return fmt.Sprintf("Index:%d Term:%d Voters:%v Learners:%v", s.Metadata.Index, s.Metadata.Term,
		s.Metadata.ConfState.Voters, s.Metadata.ConfState.Learners)
}

func fmtMsg(m Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d->%d %s Term:%d", m.From, m.To, m.Type, m.Term)
	switch m.Type {
	case MsgApp, MsgAppResp, MsgVote, MsgPreVote, MsgReadIndexResp:
		fmt.Fprintf(&b, " Log:%d/%d", m.LogTerm, m.Index)
	}
	if m.Commit != 0 {
		fmt.Fprintf(&b, " Commit:%d", m.Commit)
	}
	if m.Reject {
		b.WriteString(" Rejected")
		if m.Type == MsgAppResp {
			fmt.Fprintf(&b, " (Hint: %d)", m.RejectHint)
		}
	}
	if len(m.Entries) > 0 {
		var es []string
		for _, e := range m.Entries {
			es = append(es, fmtEntry(e))
		}
		fmt.Fprintf(&b, " Entries:[%s]", strings.Join(es, ", "))
	}
	if m.Snapshot != nil {
		fmt.Fprintf(&b, " Snapshot: %s", fmtSnap(*m.Snapshot))
	}
	if len(m.Context) > 0 {
		fmt.Fprintf(&b, " Context:%q", m.Context)
	}
	return b.String()
}

// fmtEvent prints a typed event's set fields.
func fmtEvent(ev Event) string {
	var b strings.Builder
	b.WriteString(ev.Kind.String())
	fmt.Fprintf(&b, " term=%d", ev.Term)
	if ev.Kind == EventRole {
		fmt.Fprintf(&b, " role=%s lead=%d", ev.Role, ev.Lead)
	}
	if ev.Peer != None {
		fmt.Fprintf(&b, " peer=%d", ev.Peer)
	}
	if ev.Kind == EventVoteIgnored {
		fmt.Fprintf(&b, " lead=%d", ev.Lead)
	}
	if ev.PreVote {
		b.WriteString(" pre-vote")
	}
	if ev.Kind == EventVote {
		fmt.Fprintf(&b, " granted=%v", ev.Granted)
	}
	if ev.Reason != ReasonNone {
		fmt.Fprintf(&b, " reason=%s", ev.Reason)
	}
	if ev.Index != 0 || ev.LogTerm != 0 {
		fmt.Fprintf(&b, " index=%d logterm=%d", ev.Index, ev.LogTerm)
	}
	if ev.Kind == EventAppendRejected {
		fmt.Fprintf(&b, " hint=%d", ev.Hint)
	}
	if ev.Ticks != 0 {
		fmt.Fprintf(&b, " ticks=%d", ev.Ticks)
	}
	return b.String()
}
