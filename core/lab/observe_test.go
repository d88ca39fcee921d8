package lab_test

import (
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

// recorder keeps every observed event.
type recorder struct{ evs []lab.Event }

func (r *recorder) add(e lab.Event) { r.evs = append(r.evs, e) }

func (r *recorder) find(ok func(e lab.Event) bool) (lab.Event, bool) {
	for _, e := range r.evs {
		if ok(e) {
			return e, true
		}
	}
	return lab.Event{}, false
}

func (r *recorder) count(ok func(e lab.Event) bool) int {
	n := 0
	for _, e := range r.evs {
		if ok(e) {
			n++
		}
	}
	return n
}

// The first election, as typed events: the winner's pre-election and
// election, the pre-votes and votes it was granted, its messages on the
// wire, its role change; then a forwarded proposal committed and applied.
func TestObserveElectionAndForward(t *testing.T) {
	l := lab.New(lab.Options{Members: 3, Seed: 7})
	var rec recorder
	l.Observe(rec.add)
	require.Equal(t, 0, l.Exec("wait leader").Exit)
	lead := l.Leader()
	require.NotEmpty(t, lead)

	won, ok := rec.find(func(e lab.Event) bool {
		return e.Kind == lab.EventRole && e.Member == lead && e.Role == lab.RoleLeader
	})
	require.True(t, ok, "the leader's role change is observed")
	require.Equal(t, lead, won.Leader)
	term := won.Term
	pre, ok := rec.find(func(e lab.Event) bool {
		return e.Kind == lab.EventCampaign && e.Member == lead && e.PreVote && e.Term == term
	})
	require.True(t, ok, "PreVote is on by default: a pre-election for the term comes first")
	real, ok := rec.find(func(e lab.Event) bool {
		return e.Kind == lab.EventCampaign && e.Member == lead && !e.PreVote && e.Term == term
	})
	require.True(t, ok)
	require.LessOrEqual(t, pre.At, real.At)
	require.LessOrEqual(t, real.At, won.At)
	for _, preVote := range []bool{true, false} {
		require.NotZero(t, rec.count(func(e lab.Event) bool {
			return e.Kind == lab.EventVote && e.Peer == lead && e.Granted && e.PreVote == preVote && e.Term == term
		}), "someone granted %s a vote (pre-vote %v) for term %d", lead, preVote, term)
	}
	// Every delivered vote request was sent first, with the same ID.
	sent := map[uint64]lab.Event{}
	for _, e := range rec.evs {
		switch e.Kind {
		case lab.EventSend:
			sent[e.MsgID] = e
		case lab.EventDeliver, lab.EventDrop:
			s, ok := sent[e.MsgID]
			require.True(t, ok, "message %d delivered or dropped before it was sent", e.MsgID)
			require.Equal(t, s.Msg, e.Msg)
			require.Equal(t, s.Member, e.Member)
			require.Equal(t, s.Peer, e.Peer)
			require.LessOrEqual(t, s.At, e.At)
		}
	}
	require.NotZero(t, rec.count(func(e lab.Event) bool {
		return e.Kind == lab.EventDeliver && e.Msg == lab.MsgVote && e.Member == lead
	}))

	var follower string
	for _, n := range l.Names() {
		if n != lead {
			follower = n
			break
		}
	}
	rec.evs = nil
	require.NoError(t, l.Propose(follower, []byte("x")))
	l.Run(500 * time.Millisecond)
	fwd, ok := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventDeliver && e.Forward })
	require.True(t, ok, "the follower forwards the proposal")
	require.Equal(t, lab.MsgProp, fwd.Msg)
	require.Equal(t, follower, fwd.Member)
	require.Equal(t, lead, fwd.Peer)
	app, ok := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventAppend && e.Member == lead })
	require.True(t, ok)
	commit, ok := rec.find(func(e lab.Event) bool {
		return e.Kind == lab.EventCommit && e.Member == lead && e.Index >= app.Index
	})
	require.True(t, ok, "the leader commits the entry")
	for _, n := range l.Names() {
		require.NotZero(t, rec.count(func(e lab.Event) bool {
			return e.Kind == lab.EventApply && e.Member == n && e.Index == app.Index
		}), "%s applies entry %d", n, app.Index)
	}
	require.GreaterOrEqual(t, commit.At, fwd.At)
}

// A member that stops hearing its leader (a one-way cut) while the others
// write has a shorter log: without CheckQuorum's lease, its pre-votes are
// refused because its log is behind, and the leader's messages to it are
// dropped by the cut.
func TestObserveRefusedPreVoteAndDrops(t *testing.T) {
	l := lab.New(lab.Options{Members: 3, Seed: 3, DisableCheckQuorum: true})
	require.Equal(t, 0, l.Exec("wait leader").Exit)
	lead := l.Leader()
	var lone string
	for _, n := range l.Names() {
		if n != lead {
			lone = n
			break
		}
	}
	var rec recorder
	cancel := l.Observe(rec.add)
	require.NoError(t, l.Cut(lead, lone))
	for i := 0; i < 3; i++ {
		require.NoError(t, l.Propose(lead, []byte("w")))
	}
	l.Run(3 * time.Second)
	drop, ok := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventDrop && e.Peer == lone })
	require.True(t, ok)
	require.Equal(t, lead, drop.Member)
	require.Equal(t, lab.ReasonPartition, drop.Reason)
	to, ok := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventTimeout && e.Member == lone })
	require.True(t, ok, "the cut-off member's election timer fires")
	require.Equal(t, lab.ReasonElectionTimeout, to.Reason)
	require.Positive(t, to.Ticks)
	refused, ok := rec.find(func(e lab.Event) bool {
		return e.Kind == lab.EventVote && e.Peer == lone && e.PreVote && !e.Granted
	})
	require.True(t, ok, "a pre-vote refused")
	require.Equal(t, lab.ReasonLogBehind, refused.Reason)
	require.Equal(t, lead, l.Leader(), "PreVote kept the leader")

	n := len(rec.evs)
	cancel()
	l.Run(time.Second)
	require.Len(t, rec.evs, n, "no events after cancel")
	l.World().Run(time.Second) // run directly: the lab does not take the records
	recs, dropped := l.World().Trace().Kept()
	require.Empty(t, recs, "with no observer and no Events the trace keeps no records")
	require.Zero(t, dropped)
	again := l.Observe(rec.add)
	l.Run(time.Second)
	require.Greater(t, len(rec.evs), n, "a new observer hears again")
	again()
}

// Console commands start and finish as events; a reset is told, and
// observers carry on with the new cluster.
func TestObserveCommandsAndReset(t *testing.T) {
	l := lab.New(lab.Options{Members: 3, Seed: 1})
	var rec recorder
	l.Observe(rec.add)
	l.Exec("frob")
	start, ok := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventCommandStarted })
	require.True(t, ok)
	end, ok := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventCommandFinished })
	require.True(t, ok)
	require.Equal(t, "frob", start.Command)
	require.Equal(t, start.Call, end.Call)
	require.Equal(t, 127, end.Exit)

	require.Equal(t, 0, l.Exec("reset --size 5").Exit)
	l.Run(10 * time.Millisecond)
	_, ok = rec.find(func(e lab.Event) bool { return e.Kind == lab.EventReset })
	require.True(t, ok)
	rec.evs = nil
	require.NoError(t, l.Kill("node-5"))
	l.Run(3 * time.Second)
	_, ok = rec.find(func(e lab.Event) bool { return e.Kind == lab.EventKill && e.Member == "node-5" })
	require.True(t, ok, "events of the new cluster reach the observer")
	_, ok = rec.find(func(e lab.Event) bool { return e.Kind == lab.EventRole && e.Role == lab.RoleLeader })
	require.True(t, ok)
}

// Observing changes nothing: the trace hash is the same with and without.
func TestObserveKeepsDeterminism(t *testing.T) {
	run := func(observe bool) string {
		l := lab.New(lab.Options{Members: 3, Seed: 11, DropRate: 0.05})
		if observe {
			l.Observe(func(lab.Event) {})
		}
		l.Exec("wait leader")
		l.Exec("etcdctl put a 1")
		l.Run(2 * time.Second)
		return l.TraceHash()
	}
	require.Equal(t, run(false), run(true))
}

// Events hands out what an observer registered at its first call sees, in
// the same order, across a reset, with nothing kept before that first call;
// past MaxPendingEvents between two calls it drops the oldest and says how
// many, and the newest are still there.
func TestEventsPullsWhatObserversSee(t *testing.T) {
	l := lab.New(lab.Options{Members: 3, Seed: 7})
	l.Exec("wait leader")
	evs, dropped := l.Events()
	require.Empty(t, evs, "the first call starts keeping")
	require.Zero(t, dropped)
	var rec recorder
	l.Observe(rec.add)
	var pulled []lab.Event
	pull := func() {
		evs, dropped := l.Events()
		require.Zero(t, dropped)
		pulled = append(pulled, evs...)
	}
	for _, line := range []string{"etcdctl put a 1", "kill node-1", "reset --size 5", "wait leader", "etcdctl put b 2"} {
		l.Submit(line)
		pull()
		l.Run(300 * time.Millisecond)
		pull()
	}
	require.NotEmpty(t, pulled)
	require.Equal(t, rec.evs, pulled)
	_, ok := rec.find(func(e lab.Event) bool { return e.Kind == lab.EventReset })
	require.True(t, ok)

	n := len(rec.evs)
	l.Run(30 * time.Second) // a 5-member cluster makes far more than MaxPendingEvents
	evs, dropped = l.Events()
	made := len(rec.evs) - n
	require.Greater(t, made, lab.MaxPendingEvents)
	require.Positive(t, dropped)
	require.LessOrEqual(t, len(evs), lab.MaxPendingEvents)
	require.Equal(t, made, len(evs)+dropped, "every event kept or counted")
	require.Equal(t, rec.evs[len(rec.evs)-len(evs):], evs, "the newest are kept")
}

// A lab only pulled from runs the world without stopping after each event:
// a long run past MaxPendingEvents still keeps the newest events, in time
// order up to the present, and counts the rest as dropped.
func TestEventsAloneBounded(t *testing.T) {
	l := lab.New(lab.Options{Members: 5, Seed: 7})
	l.Events()
	l.Run(30 * time.Second)
	evs, dropped := l.Events()
	require.Positive(t, dropped)
	require.NotEmpty(t, evs)
	require.LessOrEqual(t, len(evs), lab.MaxPendingEvents)
	for i := 1; i < len(evs); i++ {
		require.LessOrEqual(t, evs[i-1].At, evs[i].At)
	}
	require.Greater(t, evs[len(evs)-1].At, l.Now()-time.Second, "the newest are kept")
	l.Exec("etcdctl put a 1")
	evs, dropped = l.Events()
	require.Zero(t, dropped)
	require.Equal(t, lab.EventCommandStarted, evs[0].Kind, "the command's start comes before what it did")
	require.Equal(t, lab.EventCommandFinished, evs[len(evs)-1].Kind)
}

// A command's start and end are told where they happened among the
// simulator's events: a kill between its command's start and end, a put's
// request after its start and its answer before its end.
func TestCommandEventsInPlace(t *testing.T) {
	for _, pulled := range []bool{false, true} {
		l := lab.New(lab.Options{Members: 3, Seed: 7})
		l.Exec("wait leader")
		var rec recorder
		if pulled {
			l.Events()
		} else {
			l.Observe(rec.add)
		}
		l.Exec("kill node-3")
		l.Exec("etcdctl put a 1")
		if pulled {
			rec.evs, _ = l.Events()
		}
		at := func(ok func(e lab.Event) bool) int {
			for i, e := range rec.evs {
				if ok(e) {
					return i
				}
			}
			t.Fatalf("pulled %v: not seen", pulled)
			return -1
		}
		cmd := func(kind lab.EventKind, line string) func(lab.Event) bool {
			return func(e lab.Event) bool { return e.Kind == kind && e.Command == line }
		}
		put := func(reply bool, kind lab.EventKind) func(lab.Event) bool {
			return func(e lab.Event) bool { return e.Kind == kind && e.Method == "Put" && e.Reply == reply }
		}
		require.Less(t, at(cmd(lab.EventCommandStarted, "kill node-3")), at(func(e lab.Event) bool { return e.Kind == lab.EventKill }))
		require.Less(t, at(func(e lab.Event) bool { return e.Kind == lab.EventKill }), at(cmd(lab.EventCommandFinished, "kill node-3")))
		require.Less(t, at(cmd(lab.EventCommandFinished, "kill node-3")), at(cmd(lab.EventCommandStarted, "etcdctl put a 1")))
		require.Less(t, at(cmd(lab.EventCommandStarted, "etcdctl put a 1")), at(put(false, lab.EventPacketSend)))
		require.Less(t, at(put(true, lab.EventPacketDeliver)), at(cmd(lab.EventCommandFinished, "etcdctl put a 1")))
	}
}
