package raft

import (
	"math/rand"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRecycleMsgsDropsEveryReference: recycleMsgs empties a Ready's
// message buffer for reuse by dropping each message's references by name
// (Entries, Snapshot, Context) rather than clearing whole messages; a
// reference field added to Message must be dropped there too, or a reused
// buffer keeps what its last messages pointed to alive.
func TestRecycleMsgsDropsEveryReference(t *testing.T) {
	msgs := []Message{{Entries: []Entry{{Data: []byte("x")}}, Snapshot: &Snapshot{}, Context: []byte("c")}}
	v := reflect.ValueOf(&msgs[0]).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice, reflect.Pointer, reflect.Map, reflect.Interface, reflect.String, reflect.Func, reflect.Chan:
			if f.IsZero() {
				t.Fatalf("set Message.%s in this test", v.Type().Field(i).Name)
			}
		}
	}
	msgs = recycleMsgs(msgs)
	if len(msgs) != 0 {
		t.Fatalf("recycled buffer holds %d messages", len(msgs))
	}
	for i := 0; i < v.NumField(); i++ {
		switch f := v.Field(i); f.Kind() {
		case reflect.Slice, reflect.Pointer, reflect.Map, reflect.Interface, reflect.String, reflect.Func, reflect.Chan:
			if !f.IsZero() {
				t.Errorf("recycleMsgs keeps Message.%s", v.Type().Field(i).Name)
			}
		}
	}
}

// TestReadyToOverwritesAll: ReadyTo writes a reused Ready field by field
// (f56d717) instead of assigning a whole new one; a Ready left full by an
// earlier use (every field set, a snapshot included) ends exactly as the
// Ready a fresh call returns, at each step of a member's start, election
// and proposal, and a field added to Ready (or Snapshot) that ReadyTo
// forgets fails here.
func TestReadyToOverwritesAll(t *testing.T) {
	disks := map[*Node]*Storage{}
	node := func() *Node {
		s := NewStorage()
		Bootstrap(s, []uint64{1})
		n, err := NewNode(Config{ID: 1, ElectionTick: 10, HeartbeatTick: 1, Storage: s, Rand: rand.New(rand.NewSource(1))})
		if err != nil {
			t.Fatal(err)
		}
		disks[n] = s
		return n
	}
	// One member per used Ready below, and b, driven alike.
	var as [6]*Node
	for i := range as {
		as[i] = node()
	}
	b := node()
	full := func() Ready {
		rd := Ready{SoftState: &SoftState{Lead: 9}, HardState: HardState{Term: 9, Vote: 9, Commit: 9},
			ReadStates: []ReadState{{Index: 9}}, Entries: []Entry{{Index: 9}},
			Snapshot:         Snapshot{Data: []byte("d"), Metadata: SnapshotMetadata{ConfState: ConfState{Voters: []uint64{9}, Learners: []uint64{9}}, Index: 9, Term: 9}},
			CommittedEntries: []Entry{{Index: 9}}, Messages: []Message{{To: 9}}, Events: []Event{{}}, handed: 9}
		for _, v := range []reflect.Value{reflect.ValueOf(rd), reflect.ValueOf(rd.Snapshot), reflect.ValueOf(rd.Snapshot.Metadata), reflect.ValueOf(rd.Snapshot.Metadata.ConfState)} {
			for i := 0; i < v.NumField(); i++ {
				if v.Field(i).IsZero() {
					t.Fatalf("set %s.%s in this test", v.Type().Name(), v.Type().Field(i).Name)
				}
			}
		}
		return rd
	}
	for step, do := range []func(n *Node){
		func(*Node) {},
		func(n *Node) { _ = n.Campaign() },
		func(n *Node) { _ = n.Propose([]byte("x")) },
		func(n *Node) { n.Tick() },
	} {
		for _, a := range as {
			do(a)
		}
		do(b)
		// A Ready left full, and ones whose snapshot has one field set.
		used := []Ready{full()}
		for _, sn := range []Snapshot{{Data: []byte("d")}, {Metadata: SnapshotMetadata{Index: 9}}, {Metadata: SnapshotMetadata{Term: 9}},
			{Metadata: SnapshotMetadata{ConfState: ConfState{Voters: []uint64{9}}}}, {Metadata: SnapshotMetadata{ConfState: ConfState{Learners: []uint64{9}}}}} {
			used = append(used, Ready{Snapshot: sn})
		}
		want := b.Ready()
		if len(used) != len(as) {
			t.Fatalf("%d used Readies, %d members", len(used), len(as))
		}
		rds := make([]Ready, len(used))
		for i, u := range used {
			rd := &rds[i]
			*rd = u
			as[i].ReadyTo(rd)
			if !reflect.DeepEqual(*rd, want) {
				t.Fatalf("step %d: ReadyTo into used Ready %d\n%+v\nwant\n%+v", step, i, *rd, want)
			}
		}
		for _, n := range append(as[:], b) { // persist, as a driver does
			disks[n].Append(want.Entries)
			if want.HardState != (HardState{}) {
				disks[n].SetHardState(want.HardState)
			}
		}
		for i := range rds {
			as[i].AdvanceTo(&rds[i])
		}
		b.Advance(want)
	}
}

// TestSettledHasReady: after an Advance of the whole last Ready with no
// call in between, HasReady answers without looking (the Ready loop's last
// check), and a call that changes the raft (here a proposal, a tick, a
// step) makes it look again. testNet.hasReady compares every answer with
// the full look in all the tests that drive a testNet.
func TestSettledHasReady(t *testing.T) {
	n := newTestNet(t, true, 0, 1, 2, 3)
	n.campaign(1)
	n.propose(1, "x")
	n.deliver()
	require.Positive(t, n.settled, "no HasReady answered from a settled Advance")
	node := n.nodes[1]
	for _, change := range []func(){
		func() { _ = node.Propose([]byte("y")) },
		func() { node.Tick() },
		func() { _ = node.Step(Message{Type: MsgHeartbeatResp, From: 2, To: 1, Term: node.r.Term}) },
	} {
		_ = node.Propose([]byte("w")) // a Ready to take, then nothing
		n.flush(1)
		require.Equal(t, cycleSettled, node.cycle)
		require.False(t, node.HasReady())
		change()
		require.Equal(t, cycleDirty, node.cycle)
		n.flush(1)
		n.deliver()
	}
	// A Ready advanced after a later one was handed out does not settle:
	// only the last Ready handed is known whole.
	_ = node.Propose([]byte("z"))
	old := node.Ready()
	_ = node.Propose([]byte("z2"))
	rd := node.Ready()
	persist(n.disks[1], rd)
	node.Advance(old)
	require.Equal(t, cycleDirty, node.cycle)
	require.Equal(t, node.hasReady(), node.HasReady())
	node.Advance(rd)
	n.flush(1)
	n.deliver()
	// The by-value Ready and Advance settle too (a copy of the last Ready
	// is that Ready), and cost no allocation: a Ready value does not
	// escape to be remembered.
	n.flush(1)
	rd = node.Ready()
	node.Advance(rd)
	require.Equal(t, cycleSettled, node.cycle)
	require.Zero(t, testing.AllocsPerRun(100, func() {
		rd := node.Ready()
		node.Advance(rd)
	}))
}
