package sim

// Randomized chaos for the Raft core: seeded fault schedules over a World
// running the plain LogApp. Every step is checked by the world's safety
// checker (World.Err); after the schedule everything is healed and
// restarted, and the cluster must elect one leader and converge.
//
// CI runs chaosDefaultSeeds seeds (fewer under GOOS=js, where the run is
// about 10x slower). RAFTLAB_CHAOS_SEEDS=N runs seeds 1..N instead and
// RAFTLAB_CHAOS_SEED=s runs only seed s:
//
//	RAFTLAB_CHAOS_SEEDS=2000 go test ./core/sim -run TestChaos
//	RAFTLAB_CHAOS_SEED=1234 go test ./core/sim -run TestChaos -v

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/raftlab/raftlab/core/raft"
	"github.com/stretchr/testify/require"
)

const (
	chaosDefaultSeeds     = 1000 // about 12 s natively on a busy 2-core machine
	chaosDefaultSeedsWasm = 50   // about 10 s under node
)

// chaosSeeds returns the seeds to run: RAFTLAB_CHAOS_SEED, else
// 1..RAFTLAB_CHAOS_SEEDS, else the CI default.
func chaosSeeds(t *testing.T) []int64 {
	if s := os.Getenv("RAFTLAB_CHAOS_SEED"); s != "" {
		seed, err := strconv.ParseInt(s, 10, 64)
		require.NoError(t, err, "RAFTLAB_CHAOS_SEED")
		return []int64{seed}
	}
	n := chaosDefaultSeeds
	if runtime.GOOS == "js" {
		n = chaosDefaultSeedsWasm
	}
	if s := os.Getenv("RAFTLAB_CHAOS_SEEDS"); s != "" {
		v, err := strconv.Atoi(s)
		require.NoError(t, err, "RAFTLAB_CHAOS_SEEDS")
		n = v
	}
	seeds := make([]int64, n)
	for i := range seeds {
		seeds[i] = int64(i + 1)
	}
	return seeds
}

func TestChaos(t *testing.T) {
	seeds := chaosSeeds(t)
	var events uint64
	var virtual time.Duration
	// What the schedules did, to see that every fault is exercised.
	did := map[string]int{}
	for _, seed := range seeds {
		c, err := runChaosOpts(seed, nil)
		events += c.w.Steps()
		virtual += c.w.Now()
		for _, l := range c.log {
			f := strings.Fields(l)
			did[f[1]]++
		}
		did["snapshots installed"] += c.snapsInstalled
		if err != nil {
			t.Fatalf("chaos seed %d failed: %v\nrerun: RAFTLAB_CHAOS_SEED=%d go test ./core/sim -run 'TestChaos$' -v", seed, err, seed)
		}
	}
	t.Logf("%d seeds, %d events, %v of virtual time; %v", len(seeds), events, virtual, did)
	if len(seeds) >= 50 {
		for _, k := range []string{"partition", "isolate", "cut", "kill", "start", "stop", "transfer", "join", "propose", "snapshots installed"} {
			require.Positive(t, did[k], "no %q in any schedule", k)
		}
	}
}

// chaos is one seeded schedule. Its random choices come from its own
// source (derived from the seed), separate from the world's.
type chaos struct {
	w      *World
	r      *rand.Rand
	seed   int64
	nextID uint64
	// pending is the membership change in flight, if any.
	pending  *raft.ConfChange
	pendDead time.Duration
	// joinAfter: learners added to the configuration but not started yet.
	joinAfter []uint64
	proposed  int
	log       []string
	// snapsInstalled counts snapshots installed from a leader's MsgSnap.
	snapsInstalled int
	// steps, when set, gets the trace's hash after every event run.
	steps *[]string
}

func (c *chaos) logf(format string, args ...any) {
	c.log = append(c.log, fmt.Sprintf("%v ", c.w.Now())+fmt.Sprintf(format, args...))
}

// chaosOptions lets a regression test pin parts of a schedule.
type chaosOptions struct {
	Steps int
	// Hashes gets the trace's hash after every event.
	Hashes *[]string
	// NoJitter makes every link's latency fixed.
	NoJitter bool
}

// runChaos runs one seed and returns the first failure: a safety
// violation (World.Err) or a liveness failure after healing.
func runChaos(seed int64, opts *chaosOptions) error {
	_, err := runChaosOpts(seed, opts)
	return err
}

func runChaosOpts(seed int64, opts *chaosOptions) (c *chaos, err error) {
	r := rand.New(rand.NewSource(seed))
	n := []int{3, 3, 5, 5, 4}[r.Intn(5)]
	specs := make([]MemberSpec, n)
	for i := range specs {
		specs[i] = MemberSpec{ID: uint64(i + 1), Name: fmt.Sprintf("m%d", i+1)}
	}
	cfg := Config{
		Seed:        seed,
		PreVote:     r.Intn(4) != 0,
		CheckQuorum: r.Intn(4) != 0,
		Latency:     time.Duration(1+r.Intn(10)) * time.Millisecond,
		Jitter:      time.Duration(r.Intn(30)) * time.Millisecond,
	}
	if opts != nil && opts.NoJitter {
		cfg.Jitter = 0
	}
	snapCount, catchUp := uint64(5+r.Intn(40)), uint64(1+r.Intn(10))
	cfg.MaxEntriesPerMsg = 1 + r.Intn(16)
	cfg.NewApp = func(m *Member) App { return NewLogApp(m, snapCount, catchUp) }
	w := New(cfg, specs)
	w.Net().DropRate = []float64{0, 0, 0.01, 0.05, 0.1}[r.Intn(5)]
	w.Net().DupRate = []float64{0, 0, 0.01, 0.05, 0.1}[r.Intn(5)]
	c = &chaos{w: w, r: r, seed: seed, nextID: uint64(n + 1)}
	if opts != nil {
		c.steps = opts.Hashes
	}
	w.Trace().Keep()
	defer func() {
		if err != nil {
			tail := c.log
			if len(tail) > 25 {
				tail = tail[len(tail)-25:]
			}
			err = fmt.Errorf("%w\nconfig: members=%d prevote=%v checkquorum=%v latency=%v jitter=%v snapcount=%d catchup=%d maxents=%d drop=%v dup=%v\nlast schedule steps:\n  %s",
				err, n, cfg.PreVote, cfg.CheckQuorum, cfg.Latency, cfg.Jitter, snapCount, catchUp, cfg.MaxEntriesPerMsg,
				w.Net().DropRate, w.Net().DupRate, joinLines(tail))
		}
	}()
	steps := 30 + r.Intn(30)
	if opts != nil && opts.Steps > 0 {
		steps = opts.Steps
	}
	c.run(2 * time.Second)
	for i := 0; i < steps && w.Err() == nil; i++ {
		c.step(i)
		// Run a while, proposing at random members as we go.
		d := time.Duration(50+r.Intn(1500)) * time.Millisecond
		for end := w.Now() + d; w.Now() < end && w.Err() == nil; {
			c.propose()
			c.run(time.Duration(10+r.Intn(90)) * time.Millisecond)
		}
	}
	if err := w.Err(); err != nil {
		return c, err
	}
	return c, c.converge()
}

// run advances the world by d, as World.Run, event by event, counting
// the snapshots installed from the trace's kept records (one event's at a
// time: none is dropped). After each event no member up holds a Ready:
// what the app or the chaos stepped in it was taken once it returned
// (World.readyAfter), not left for the member's next event.
func (c *chaos) run(d time.Duration) {
	end := c.w.Now() + d
	for c.w.RunNext(end) {
		for _, m := range c.w.members {
			if m.up && m.Node.HasReady() && c.w.err == nil {
				c.w.fail(fmt.Sprintf("%s holds a Ready after the event at %v (step %d)", m.Name, c.w.Now(), c.w.Steps()))
			}
		}
		if c.steps != nil {
			*c.steps = append(*c.steps, c.w.Trace().Hash())
		}
		recs, _ := c.w.Trace().Kept()
		for _, r := range recs {
			if r.Kind == KindSnapshot && r.Snapshot == SnapshotInstalled {
				c.snapsInstalled++
			}
		}
	}
	c.w.RunUntil(end)
}

func joinLines(s []string) string {
	var b bytes.Buffer
	for i, l := range s {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString(l)
	}
	return b.String()
}

func (c *chaos) up() []*Member {
	var out []*Member
	for _, m := range c.w.Members() {
		if m.Up() {
			out = append(out, m)
		}
	}
	return out
}

func (c *chaos) pick(ms []*Member) *Member {
	if len(ms) == 0 {
		return nil
	}
	return ms[c.r.Intn(len(ms))]
}

func (c *chaos) propose() {
	for k := c.r.Intn(3); k > 0; k-- {
		if m := c.pick(c.up()); m != nil {
			c.proposed++
			_ = m.Propose(fmt.Appendf(nil, "s%d-%d", c.seed, c.proposed))
		}
	}
}

// ids are the members not known to be removed.
func (c *chaos) ids() []uint64 {
	var ids []uint64
	for _, m := range c.w.Members() {
		if !m.Removed() {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

func (c *chaos) step(i int) {
	w, r := c.w, c.r
	ids := c.ids()
	c.membership()
	switch k := r.Intn(16); k {
	case 0, 1: // random groupings
		groups := make([][]uint64, 1+r.Intn(3))
		for _, id := range ids {
			g := r.Intn(len(groups))
			groups[g] = append(groups[g], id)
		}
		w.Net().Partition(groups)
		c.logf("partition %v", groups)
	case 2: // isolate one
		id := ids[r.Intn(len(ids))]
		if r.Intn(2) == 0 && w.Leader() != None {
			id = w.Leader()
		}
		w.Net().Isolate(id, ids)
		c.logf("isolate %x", id)
	case 3: // minority / majority
		p := slices.Clone(ids)
		r.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
		h := len(p) / 2
		w.Net().Partition([][]uint64{p[:h], p[h:]})
		c.logf("partition %v | %v", p[:h], p[h:])
	case 4: // one-way cuts
		for k := 1 + r.Intn(3); k > 0; k-- {
			a, b := ids[r.Intn(len(ids))], ids[r.Intn(len(ids))]
			if a != b {
				w.Net().Cut(a, b)
				c.logf("cut %x -> %x", a, b)
			}
		}
	case 5, 6:
		w.Net().Heal()
		c.logf("heal")
	case 7, 8: // crash
		if m := c.pick(c.up()); m != nil {
			if r.Intn(2) == 0 && w.Leader() != None {
				m = w.Member(w.Leader())
			}
			w.Kill(m.ID)
			c.logf("kill %x", m.ID)
		}
	case 9, 10: // restart
		var down []*Member
		for _, m := range w.Members() {
			if !m.Up() && !m.Removed() && !slices.Contains(c.joinAfter, m.ID) {
				down = append(down, m)
			}
		}
		if m := c.pick(down); m != nil {
			w.Start(m.ID)
			c.logf("start %x", m.ID)
		}
	case 11: // graceful stop
		if lead := w.Leader(); lead != None && r.Intn(2) == 0 {
			w.Stop(lead)
			c.logf("stop leader %x", lead)
		} else if m := c.pick(c.up()); m != nil {
			w.Stop(m.ID)
			c.logf("stop %x", m.ID)
		}
	case 12: // leadership transfer
		if lead := w.Leader(); lead != None {
			to := ids[r.Intn(len(ids))]
			w.Member(lead).TransferLeader(to)
			c.logf("transfer %x -> %x", lead, to)
		}
	case 13: // campaign
		if m := c.pick(c.up()); m != nil {
			m.Campaign()
			c.logf("campaign %x", m.ID)
		}
	case 14, 15: // membership change
		c.changeMembership()
	}
}

// leaderConf is the configuration the current leader has applied.
func (c *chaos) leader() *Member {
	if lead := c.w.Leader(); lead != None {
		return c.w.Member(lead)
	}
	return nil
}

func confHas(cs raft.ConfState, cc raft.ConfChange) bool {
	switch cc.Type {
	case raft.ConfChangeAddNode:
		return slices.Contains(cs.Voters, cc.NodeID)
	case raft.ConfChangeAddLearnerNode:
		return slices.Contains(cs.Learners, cc.NodeID) || slices.Contains(cs.Voters, cc.NodeID)
	case raft.ConfChangeRemoveNode:
		return !slices.Contains(cs.Voters, cc.NodeID) && !slices.Contains(cs.Learners, cc.NodeID)
	}
	return true
}

// membership notices that the pending change was applied at the leader
// and starts a learner that was added.
func (c *chaos) membership() {
	if c.pending == nil {
		return
	}
	lead := c.leader()
	if lead != nil && confHas(lead.ConfState(), *c.pending) {
		if c.pending.Type == raft.ConfChangeAddLearnerNode {
			id := c.pending.NodeID
			c.w.Join(MemberSpec{ID: id, Name: fmt.Sprintf("m%d", id)})
			c.joinAfter = slices.DeleteFunc(c.joinAfter, func(x uint64) bool { return x == id })
			c.logf("join %x", id)
		}
		c.pending = nil
		return
	}
	if c.w.Now() > c.pendDead {
		// Lost (a leader change dropped it, or it still waits to commit):
		// stop waiting; Raft itself refuses overlapping changes.
		c.logf("give up waiting for %v %x", c.pending.Type, c.pending.NodeID)
		c.pending = nil
	}
}

func (c *chaos) changeMembership() {
	lead := c.leader()
	if c.pending != nil || lead == nil {
		return
	}
	cs := lead.ConfState()
	var cc raft.ConfChange
	switch {
	case len(cs.Learners) > 0 && c.r.Intn(3) != 0:
		id := cs.Learners[c.r.Intn(len(cs.Learners))]
		if c.w.Member(id) == nil {
			// Added while we gave up waiting: start it now.
			c.w.Join(MemberSpec{ID: id, Name: fmt.Sprintf("m%d", id)})
			c.logf("join %x", id)
			return
		}
		cc = raft.ConfChange{Type: raft.ConfChangeAddNode, NodeID: id}
	case len(cs.Voters) > 3 && c.r.Intn(2) == 0 || len(c.w.Members()) >= 8:
		if len(cs.Voters) <= 3 {
			return
		}
		cc = raft.ConfChange{Type: raft.ConfChangeRemoveNode, NodeID: cs.Voters[c.r.Intn(len(cs.Voters))]}
	default:
		cc = raft.ConfChange{Type: raft.ConfChangeAddLearnerNode, NodeID: c.nextID}
		c.nextID++
	}
	if err := lead.ProposeConfChange(cc); err != nil {
		return
	}
	c.pending = &cc
	c.pendDead = c.w.Now() + 10*time.Second
	c.logf("propose %v %x at %x", cc.Type, cc.NodeID, lead.ID)
}

// converge heals everything, restarts every member still in the
// configuration, and requires one leader within a few election timeouts
// and every member to converge.
func (c *chaos) converge() error {
	w := c.w
	w.Net().Heal()
	w.Net().DropRate, w.Net().DupRate = 0, 0
	c.logf("final heal, restart all")
	// Restart every member of the latest configuration (that of the member
	// that committed most). One removed while it was down is left down:
	// etcd refuses to start a removed member, and without Pre-Vote and
	// CheckQuorum it would disrupt the cluster (Raft thesis §4.2.3).
	var latest *Member
	for _, m := range w.Members() {
		if !m.Removed() && (latest == nil || m.Disk.HardState().Commit > latest.Disk.HardState().Commit) {
			latest = m
		}
	}
	cs := latest.ConfState()
	restart := func() {
		// A graceful stop still under way kills its member later: keep
		// restarting.
		for _, m := range w.Members() {
			if !m.Up() && !m.Removed() && (slices.Contains(cs.Voters, m.ID) || slices.Contains(cs.Learners, m.ID)) {
				w.Start(m.ID)
			}
		}
	}
	restart()
	et := time.Duration(w.Config().ElectionTicks) * w.Config().TickInterval
	// One leader within a few election timeouts.
	var lead *Member
	for deadline := w.Now() + leaderBound(w.Config())*et; ; {
		c.run(w.Config().TickInterval)
		restart()
		if err := w.Err(); err != nil {
			return err
		}
		if lead = c.stableLeader(); lead != nil {
			break
		}
		if w.Now() > deadline {
			return fmt.Errorf("liveness (seed %d, t=%v): no single leader %v after healing; %s", c.seed, w.Now(), leaderBound(w.Config())*et, c.describe())
		}
	}
	// Learners in the configuration that no one started (added while we
	// stopped waiting): start them too.
	for _, id := range lead.ConfState().Learners {
		if w.Member(id) == nil {
			w.Join(MemberSpec{ID: id, Name: fmt.Sprintf("m%d", id)})
		}
	}
	// The proposal may be refused while a leadership transfer is under
	// way (etcd: ErrProposalDropped); clients retry.
	// A proposal can also be lost with a leader change: propose again
	// every election timeout until one is applied everywhere.
	var nextProposal time.Duration
	for deadline, k := w.Now()+20*et, 0; ; {
		if w.Now() >= nextProposal {
			if lead = c.leader(); lead != nil && lead.Propose(fmt.Appendf(nil, "final-%d", k)) == nil {
				k++
				nextProposal = w.Now() + et
			}
		}
		c.run(w.Config().TickInterval)
		restart()
		if err := w.Err(); err != nil {
			return err
		}
		if c.converged() {
			return nil
		}
		if w.Now() > deadline {
			return fmt.Errorf("liveness (seed %d, t=%v): members did not converge: %s", c.seed, w.Now(), c.describe())
		}
	}
}

// leaderBound is how many election timeouts the healed cluster gets to
// elect a leader. With PreVote or CheckQuorum, 10: a member whose log is
// behind cannot disturb the others. Without both (seed 3784), every vote
// request of a stale member carries a higher term and makes the up-to-date
// members step down and restart their timers (etcd's raft does the same:
// core/raft/raftcmp TestStaleCandidatesLiveness measures both from that
// seed's state, about 0.2% of runs without a leader after 10 election
// timeouts, mean about 2.2 s). A leader emerges in the first round where
// an up-to-date member's timer fires first; with s stale members of n that
// misses with probability about s/n per round, so 10 rounds fail about
// (1/2)^10 of the time with two of four stale, and 40 rounds about 1e-12.
func leaderBound(c Config) time.Duration {
	if !c.PreVote && !c.CheckQuorum {
		return 40
	}
	return 10
}

// inConf is the members in the configuration of the leader (or everyone up).
func (c *chaos) inConf() []*Member {
	lead := c.leader()
	if lead == nil {
		return c.up()
	}
	cs := lead.ConfState()
	var out []*Member
	for _, id := range append(slices.Clone(cs.Voters), cs.Learners...) {
		if m := c.w.Member(id); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// stableLeader is the leader that every voter up agrees on, if any.
func (c *chaos) stableLeader() *Member {
	lead := c.leader()
	if lead == nil {
		return nil
	}
	st := lead.Status()
	for _, m := range c.inConf() {
		if !m.Up() {
			return nil
		}
		ms := m.Status()
		if ms.Lead != lead.ID || ms.Term != st.Term {
			return nil
		}
	}
	return lead
}

func (c *chaos) converged() bool {
	lead := c.stableLeader()
	if lead == nil {
		return false
	}
	want := lead.Status()
	if want.Applied != want.Commit || want.Commit != want.LastIndex {
		return false
	}
	app := lead.App.(*LogApp).Applied
	if len(app) == 0 || !bytes.HasPrefix(app[len(app)-1], []byte("final-")) {
		return false
	}
	for _, m := range c.inConf() {
		st := m.Status()
		if st.Commit != want.Commit || st.Applied != want.Applied {
			return false
		}
		if !slices.EqualFunc(m.App.(*LogApp).Applied, app, bytes.Equal) {
			return false
		}
	}
	return true
}

func (c *chaos) describe() string {
	var b bytes.Buffer
	for _, m := range c.w.Members() {
		st := m.Status()
		fmt.Fprintf(&b, "\n  %x up=%v removed=%v %s term=%d lead=%x commit=%d applied=%d last=%d conf=%v", m.ID, m.Up(), m.Removed(),
			st.Role(), st.Term, st.Lead, st.Commit, st.Applied, st.LastIndex, m.ConfState())
	}
	return b.String()
}

// Messages sent together, due at one time with nothing queued between
// them, share an event (World.batch) and are still delivered one per
// RunNext: each event of a chaos schedule (latency, loss, duplication,
// partitions, crashes, membership changes, snapshots; with jitter too,
// which leaves few messages due together) leaves the trace as it does
// with an event per message, step by step.
func TestMessageBatchesChangeNothing(t *testing.T) {
	defer func() { batchMessages = true }()
	shared := 0
	for seed := int64(1); seed <= 16; seed++ {
		var with, without []string
		batchMessages = true
		opts := &chaosOptions{Hashes: &with, NoJitter: seed > 4}
		cw, errw := runChaosOpts(seed, opts)
		batchMessages = false
		opts.Hashes = &without
		co, erro := runChaosOpts(seed, opts)
		require.NoError(t, errw)
		require.NoError(t, erro)
		require.Equal(t, without, with, "seed %d: the trace after each event", seed)
		require.Equal(t, co.w.Steps(), cw.w.Steps())
		require.Equal(t, co.w.Trace().Hash(), cw.w.Trace().Hash())
		shared += int(co.w.clock.seq - cw.w.clock.seq)
	}
	require.Greater(t, shared, 10000, "messages shared events")
}
