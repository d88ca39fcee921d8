package lab_test

// Linearizability of the simulated etcd under chaos, checked with
// porcupine. Several clients at once run etcdctl commands through the
// console (l.Submit: puts, gets at both consistency levels, deletes and
// compare-and-set txns at random endpoints) while a seeded schedule
// partitions, cuts, crashes, restarts, stops, transfers leadership,
// compacts, and adds and removes members, over a network that drops,
// duplicates and reorders. Each call's Start and End are its invocation
// and response times. A write that failed (timeout, leader lost...) has an
// unknown outcome: it gets an infinite return time and the model lets it
// take effect (porcupine may then place it after everything, which is the
// same as never).
//
// Also checked per history: serializable reads never go back in revision
// on one member while it stays up; after healing, every member converges
// to the same data (and the final linearizable reads, part of the checked
// history, show that no acknowledged write was lost).
// Leases (expire once across leader changes, keep-alive through one) are
// covered by core/etcdserver's lease tests and not repeated here.
//
// CI runs linDefaultSeeds histories (linDefaultSeedsWasm under GOOS=js);
// RAFTLAB_LIN_SEEDS=N runs seeds 1..N, RAFTLAB_LIN_SEED=s only seed s.

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/raftlab/raftlab/core/lab"
	"github.com/stretchr/testify/require"
)

const (
	linDefaultSeeds     = 500 // about 30 s natively on a busy 2-core machine
	linDefaultSeedsWasm = 20
)

func linSeeds(t *testing.T) []int64 {
	if s := os.Getenv("RAFTLAB_LIN_SEED"); s != "" {
		seed, err := strconv.ParseInt(s, 10, 64)
		require.NoError(t, err, "RAFTLAB_LIN_SEED")
		return []int64{seed}
	}
	n := linDefaultSeeds
	if runtime.GOOS == "js" {
		n = linDefaultSeedsWasm
	}
	if s := os.Getenv("RAFTLAB_LIN_SEEDS"); s != "" {
		v, err := strconv.Atoi(s)
		require.NoError(t, err, "RAFTLAB_LIN_SEEDS")
		n = v
	}
	seeds := make([]int64, n)
	for i := range seeds {
		seeds[i] = int64(i + 1)
	}
	for _, s := range linRegressionSeeds {
		if s > int64(n) {
			seeds = append(seeds, s)
		}
	}
	return seeds
}

// linRegressionSeeds run every time, past the default range: each once
// failed. 1837: two serializable reads at one member on the wire at once,
// answered out of order (a false alarm of the check, now comparing only
// reads that did not overlap).
var linRegressionSeeds = []int64{1837}

// etcdctl's -w json output, as much as we need.
type jsonHeader struct {
	MemberID uint64 `json:"member_id"`
	Revision int64  `json:"revision"`
}

type jsonResp struct {
	Header jsonHeader `json:"header"`
	Kvs    []struct {
		Value []byte `json:"value"`
	} `json:"kvs"`
	Deleted   int64 `json:"deleted"`
	Succeeded bool  `json:"succeeded"`
}

// linClient is one client: a sequence of operations, one at a time.
type linClient struct {
	id     int
	call   *lab.Call
	in     lab.KVInput
	serial bool  // the current get is serializable
	inc    []int // each member's incarnation when the call started
	next   time.Duration
	n      int
}

type linRun struct {
	t       *testing.T
	l       *lab.Lab
	r       *rand.Rand
	seed    int64
	keys    []string
	names   []string // members that exist (may grow)
	removed map[string]bool
	joining string            // added but not started yet
	seen    map[string]string // the last value read or written per key
	casOK   int
	// incarnation of each member: bumped whenever it may have restarted.
	inc map[string]int
	ops []porcupine.Operation
	// serialReads are the serializable reads answered so far, by (member,
	// incarnation).
	serialReads map[[2]uint64][]serialRead
	maxRev      int64
	faults      []string
	serials     int
	unknown     int // writes of unknown outcome
}

// runLin runs one history and checks it. It returns the number of
// operations checked.
func runLin(t *testing.T, seed int64) *linRun {
	r := rand.New(rand.NewSource(seed))
	n := []int{3, 3, 5}[r.Intn(3)]
	l := lab.New(lab.Options{
		Members: n, Seed: seed,
		Jitter:         time.Duration(r.Intn(20)) * time.Millisecond,
		DropRate:       []float64{0, 0, 0.01, 0.05}[r.Intn(4)],
		DupRate:        []float64{0, 0, 0.01, 0.05}[r.Intn(4)],
		SnapshotCount:  uint64(10 + r.Intn(40)),
		CatchUpEntries: uint64(2 + r.Intn(10)),
	})
	lr := &linRun{t: t, l: l, r: r, seed: seed, names: l.Names(), removed: map[string]bool{},
		inc: map[string]int{}, seen: map[string]string{}, serialReads: map[[2]uint64][]serialRead{}}
	for i := 0; i < 1+r.Intn(3); i++ {
		lr.keys = append(lr.keys, fmt.Sprintf("k%d", i))
	}
	l.Run(2 * time.Second)

	clients := make([]*linClient, 3+r.Intn(3))
	for i := range clients {
		clients[i] = &linClient{id: i}
	}
	length := time.Duration(8+r.Intn(8)) * time.Second
	end := l.Now() + length
	nextFault := l.Now() + time.Duration(300+r.Intn(1500))*time.Millisecond
	for l.Now() < end {
		require.NoError(t, l.Err(), "seed %d", seed)
		if l.Now() >= nextFault {
			lr.fault()
			nextFault = l.Now() + time.Duration(300+r.Intn(1500))*time.Millisecond
		}
		for _, c := range clients {
			lr.client(c, true)
		}
		l.Run(10 * time.Millisecond)
	}
	// Let the last calls finish, without starting new ones.
	for busy := true; busy; {
		busy = false
		for _, c := range clients {
			lr.client(c, false)
			busy = busy || c.call != nil
		}
		l.Run(10 * time.Millisecond)
	}
	lr.heal()
	require.NoError(t, l.Err(), "seed %d", seed)

	res, info := porcupine.CheckOperationsVerbose(lab.KVModel, lr.ops, 20*time.Second)
	if res != porcupine.Ok {
		file := fmt.Sprintf("%s/lin-seed-%d.html", os.TempDir(), seed)
		if f, err := os.Create(file); err == nil {
			_ = porcupine.Visualize(lab.KVModel, info, f)
			f.Close()
		}
		if os.Getenv("RAFTLAB_LIN_DUMP") != "" {
			ops := slices.Clone(lr.ops)
			slices.SortFunc(ops, func(a, b porcupine.Operation) int { return int(a.Call - b.Call) })
			for _, op := range ops {
				ret := "inf"
				if op.Return != math.MaxInt64 {
					ret = time.Duration(op.Return).String()
				}
				t.Logf("c%d %v..%s %s", op.ClientId, time.Duration(op.Call), ret, lab.KVModel.DescribeOperation(op.Input, op.Output))
			}
			for _, part := range info.PartialLinearizationsOperations() {
				longest := []porcupine.Operation{}
				for _, lin := range part {
					if len(lin) > len(longest) {
						longest = lin
					}
				}
				if len(longest) > 0 {
					last := longest[len(longest)-1]
					t.Logf("longest partial linearization: %d ops, ends with c%d %v %s", len(longest), last.ClientId, time.Duration(last.Call), lab.KVModel.DescribeOperation(last.Input, last.Output))
				}
			}
		}
		t.Fatalf("seed %d: history of %d operations is %v (visualization: %s)\nfaults: %s\nrerun: RAFTLAB_LIN_SEED=%d go test ./core/lab -run 'TestLinearizability$' -v",
			seed, len(lr.ops), res, file, strings.Join(lr.faults, "; "), seed)
	}
	return lr
}

func (lr *linRun) endpoint() string {
	var live []string
	for _, n := range lr.names {
		if !lr.removed[n] {
			live = append(live, n)
		}
	}
	eps := []string{live[lr.r.Intn(len(live))]}
	if lr.r.Intn(3) == 0 {
		eps = append(eps, live[lr.r.Intn(len(live))])
	}
	return strings.Join(eps, ",")
}

// client records a finished call and, if start, issues the next one.
func (lr *linRun) client(c *linClient, start bool) {
	l, r := lr.l, lr.r
	if c.call != nil {
		if !c.call.Done() {
			return
		}
		failed := lr.record(c)
		c.call = nil
		c.next = l.Now() + time.Duration(r.Intn(100))*time.Millisecond
		if failed {
			// Back off after a failure, as a real client would: each
			// write of unknown outcome multiplies porcupine's search.
			c.next += time.Duration(500+r.Intn(1000)) * time.Millisecond
		}
	}
	if !start || l.Now() < c.next {
		return
	}
	c.n++
	key := lr.keys[r.Intn(len(lr.keys))]
	val := fmt.Sprintf("c%d-%d", c.id, c.n)
	cmd := fmt.Sprintf("etcdctl --endpoints=%s --command-timeout=%dms -w json ", lr.endpoint(), 500+r.Intn(2000))
	c.serial = false
	switch k := r.Intn(10); {
	case k < 3:
		c.in = lab.KVInput{Op: 'p', Key: key, Value: val}
		cmd += fmt.Sprintf("put %s %s", key, val)
	case k < 6:
		c.in = lab.KVInput{Op: 'g', Key: key}
		cmd += "get " + key
		if r.Intn(3) == 0 {
			c.serial = true
			cmd += " --consistency=s"
		}
	case k < 7:
		c.in = lab.KVInput{Op: 'd', Key: key}
		cmd += "del " + key
	default:
		// Compare-and-set from a value some client wrote.
		exp := fmt.Sprintf("c%d-%d", r.Intn(c.id+1), 1+r.Intn(c.n))
		if v := lr.seen[key]; v != "" && r.Intn(4) != 0 {
			exp = v // most often the latest value seen, so that some succeed
		}
		c.in = lab.KVInput{Op: 'c', Key: key, Value: val, Expect: exp}
		cmd += fmt.Sprintf("txn\nvalue(\"%s\") = \"%s\"\n\nput %s %s\n\n\n", key, exp, key, val)
	}
	c.inc = make([]int, len(lr.names))
	for i, n := range lr.names {
		c.inc[i] = lr.inc[n]
	}
	c.call = l.Submit(cmd)
}

// record adds a finished call to the history; it reports whether it failed.
func (lr *linRun) record(c *linClient) bool {
	res := c.call.Result()
	if os.Getenv("RAFTLAB_LIN_DUMP") == "trace" && c.call.Start() < 2400*time.Millisecond {
		lr.t.Logf("%v..%v %q -> %s%s", c.call.Start(), c.call.End(), c.call.Line, res.Stdout, res.Stderr)
	}
	var out lab.KVOutput
	var resp jsonResp
	if res.Exit == 0 {
		require.NoError(lr.t, json.Unmarshal([]byte(res.Stdout), &resp), "seed %d: %s: %q", lr.seed, c.call.Line, res.Stdout)
		lr.maxRev = max(lr.maxRev, resp.Header.Revision)
		if len(resp.Kvs) > 0 {
			out.Value = string(resp.Kvs[0].Value)
		}
		out.Deleted, out.Succeeded = resp.Deleted, resp.Succeeded
		switch {
		case c.in.Op == 'g' && out.Value != "":
			lr.seen[c.in.Key] = out.Value
		case c.in.Op == 'p' || c.in.Op == 'c' && out.Succeeded:
			lr.seen[c.in.Key] = c.in.Value
		}
		if c.in.Op == 'c' && out.Succeeded {
			lr.casOK++
		}
	} else {
		out.Unknown = true
		lines := strings.Split(strings.TrimSpace(res.Stderr), "\n")
		linErrors[lines[len(lines)-1]]++
	}
	if c.serial {
		// Not linearizable: checked only for going back in revision on
		// one member that stayed up during the call.
		if res.Exit == 0 {
			lr.serials++
			lr.checkSerial(c, resp.Header)
		}
		return res.Exit != 0
	}
	ret := int64(c.call.End())
	if out.Unknown {
		if c.in.Op == 'g' {
			return true // a failed read has no effect
		}
		lr.unknown++
		ret = math.MaxInt64
	}
	lr.ops = append(lr.ops, porcupine.Operation{ClientId: c.id, Input: c.in, Call: int64(c.call.Start()), Output: out, Return: ret})
	return out.Unknown
}

func (lr *linRun) checkSerial(c *linClient, h jsonHeader) {
	var name string
	for _, st := range lr.l.Status() {
		if st.ID == h.MemberID {
			name = st.Name
		}
	}
	i := slices.Index(lr.names, name)
	require.GreaterOrEqual(lr.t, i, 0, "seed %d: answer from unknown member %x", lr.seed, h.MemberID)
	if i >= len(c.inc) || c.inc[i] != lr.inc[name] {
		return // the member restarted during the call
	}
	key := [2]uint64{h.MemberID, uint64(lr.inc[name])}
	// Only a read that began after another had its answer must not see an
	// older revision: two reads on the wire at once may be answered in
	// either order (their connections are separate, with their own jitter).
	start := c.call.Start()
	for _, r := range lr.serialReads[key] {
		if r.end < start {
			require.GreaterOrEqual(lr.t, h.Revision, r.rev, "seed %d: serializable read at %s went back in revision (%s)", lr.seed, name, c.call.Line)
		}
	}
	lr.serialReads[key] = append(lr.serialReads[key], serialRead{end: c.call.End(), rev: h.Revision})
}

// serialRead is when a serializable read's answer came and the revision
// it saw.
type serialRead struct {
	end time.Duration
	rev int64
}

func (lr *linRun) exec(line string) lab.Result {
	lr.faults = append(lr.faults, fmt.Sprintf("%v %s", lr.l.Now(), line))
	return lr.l.Exec(line)
}

func (lr *linRun) pickMember() string {
	var live []string
	for _, n := range lr.names {
		if !lr.removed[n] {
			live = append(live, n)
		}
	}
	return live[lr.r.Intn(len(live))]
}

// fault applies one random fault through the console.
func (lr *linRun) fault() {
	l, r := lr.l, lr.r
	note := func(s string) { lr.faults = append(lr.faults, fmt.Sprintf("%v %s", l.Now(), s)) }
	k := r.Intn(14)
	up := 0
	for _, st := range l.Status() {
		if st.Up {
			up++
		}
	}
	if up <= (len(lr.names)-len(lr.removed))/2+1 && r.Intn(2) == 0 {
		k = 8 // keep a quorum up most of the time
	}
	switch k {
	case 0, 1:
		var a, b []string
		for _, n := range lr.names {
			if r.Intn(2) == 0 {
				a = append(a, n)
			} else {
				b = append(b, n)
			}
		}
		require.NoError(lr.t, l.Partition(a, b))
		note(fmt.Sprintf("partition %v %v", a, b))
	case 2:
		m := lr.pickMember()
		require.NoError(lr.t, l.Isolate(m))
		note("isolate " + m)
	case 3:
		a, b := lr.pickMember(), lr.pickMember()
		if a != b {
			require.NoError(lr.t, l.Cut(a, b))
			note("cut " + a + " " + b)
		}
	case 4, 5:
		l.Heal()
		note("heal")
	case 6, 7:
		m := lr.pickMember()
		if r.Intn(2) == 0 && l.Leader() != "" {
			m = l.Leader()
		}
		lr.inc[m]++
		if r.Intn(3) == 0 {
			require.NoError(lr.t, l.Stop(m))
			note("stop " + m)
		} else {
			require.NoError(lr.t, l.Kill(m))
			note("kill " + m)
		}
	case 8, 9:
		for _, st := range l.Status() {
			if !st.Up && !lr.removed[st.Name] {
				lr.inc[st.Name]++
				require.NoError(lr.t, l.Start(st.Name))
				note("start " + st.Name)
				break
			}
		}
	case 10:
		m := lr.pickMember()
		if l.TransferLeadership(m) == nil {
			note("transfer to " + m)
		}
	case 11:
		if lr.maxRev > 2 {
			lr.exec(fmt.Sprintf("etcdctl --endpoints=%s --command-timeout=1s compaction %d", lr.endpoint(), 1+r.Int63n(lr.maxRev-1)))
		}
	case 12:
		// Add a member (at most two), then start it as
		// --initial-cluster-state existing.
		if lr.joining != "" {
			// Its start failed (the member we asked had not applied the
			// addition yet): try again.
			if lr.exec("start "+lr.joining).Exit == 0 {
				lr.names = append(lr.names, lr.joining)
				lr.joining = ""
			}
		} else if len(lr.names) < len(lr.removed)+5 && len(lr.names) < 7 {
			name := fmt.Sprintf("node-%d", len(lr.names)+1)
			res := lr.exec(fmt.Sprintf("etcdctl --endpoints=%s --command-timeout=2s member add %s --peer-urls=http://192.168.0.%d:2380", lr.endpoint(), name, 9+len(lr.names)+1))
			if res.Exit == 0 {
				lr.joining = name
				if lr.exec("start "+name).Exit == 0 {
					lr.names = append(lr.names, name)
					lr.joining = ""
				}
			}
		}
	case 13:
		// Remove a member, keeping at least three.
		if len(lr.names)-len(lr.removed) > 3 {
			m := lr.pickMember()
			var id uint64
			for _, st := range l.Status() {
				if st.Name == m {
					id = st.ID
				}
			}
			res := lr.exec(fmt.Sprintf("etcdctl --endpoints=%s --command-timeout=2s member remove %x", lr.endpoint(), id))
			if res.Exit == 0 {
				lr.removed[m] = true
				lr.inc[m]++
			}
		}
	}
}

// heal ends the chaos: heal the network, restart every member, wait for
// the cluster to settle, then read every key linearizably (added to the
// history: no acknowledged write may be lost) and serializably at every
// member (all must agree).
func (lr *linRun) heal() {
	l, t := lr.l, lr.t
	l.Heal()
	l.World().Net().DropRate, l.World().Net().DupRate = 0, 0
	for _, st := range l.Status() {
		if !st.Up && !lr.removed[st.Name] && !st.Removed {
			require.NoError(t, l.Start(st.Name))
		}
	}
	l.Run(5 * time.Second)
	for _, st := range l.Status() {
		if !st.Up && !lr.removed[st.Name] && !st.Removed {
			require.NoError(t, l.Start(st.Name)) // a graceful stop still under way
		}
	}
	l.Run(5 * time.Second)
	require.NotEmpty(t, l.Leader(), "seed %d: no leader after healing; faults: %s", lr.seed, strings.Join(lr.faults, "; "))
	for _, k := range lr.keys {
		c := l.Submit(fmt.Sprintf("etcdctl --endpoints=%s --command-timeout=5s -w json get %s", l.Leader(), k))
		for !c.Done() {
			l.Run(10 * time.Millisecond)
		}
		res := c.Result()
		require.Equal(t, 0, res.Exit, "seed %d: final read: %s", lr.seed, res.Stderr)
		var resp jsonResp
		require.NoError(t, json.Unmarshal([]byte(res.Stdout), &resp))
		out := lab.KVOutput{}
		if len(resp.Kvs) > 0 {
			out.Value = string(resp.Kvs[0].Value)
		}
		lr.ops = append(lr.ops, porcupine.Operation{ClientId: 1000, Input: lab.KVInput{Op: 'g', Key: k}, Call: int64(c.Start()), Output: out, Return: int64(c.End())})
	}
	l.Run(2 * time.Second)
	// Every member still in the cluster answers the same revision and
	// values. (A member whose removal timed out at the client may still
	// have been removed: ask the leader.)
	ml := l.Exec(fmt.Sprintf("etcdctl --endpoints=%s member list", l.Leader()))
	require.Equal(t, 0, ml.Exit, "seed %d: member list: %s", lr.seed, ml.Stderr)
	var want string
	for _, st := range l.Status() {
		if !st.Up || st.Removed || !strings.Contains(ml.Stdout, fmt.Sprintf("%x, started, %s,", st.ID, st.Name)) {
			continue
		}
		res := l.Exec(fmt.Sprintf("etcdctl --endpoints=%s --command-timeout=2s -w json get k --prefix --consistency=s", st.Name))
		require.Equal(t, 0, res.Exit, "seed %d: %s: %s", lr.seed, st.Name, res.Stderr)
		var resp struct {
			Header jsonHeader `json:"header"`
			Kvs    []any      `json:"kvs"`
		}
		require.NoError(t, json.Unmarshal([]byte(res.Stdout), &resp))
		b, _ := json.Marshal([]any{resp.Header.Revision, resp.Kvs})
		if want == "" {
			want = string(b)
		}
		require.Equal(t, want, string(b), "seed %d: %s differs after healing\n%s\nfaults: %s", lr.seed, st.Name, l.Exec("status").Stdout, strings.Join(lr.faults, "; "))
	}
}

// linErrors tallies why calls failed, for the summary.
var linErrors = map[string]int{}

func TestLinearizability(t *testing.T) {
	seeds := linSeeds(t)
	start := time.Now()
	ops, unknown, serials, casOK := 0, 0, 0, 0
	for _, seed := range seeds {
		if !t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			lr := runLin(t, seed)
			ops, unknown, serials, casOK = ops+len(lr.ops), unknown+lr.unknown, serials+lr.serials, casOK+lr.casOK
		}) {
			t.Fatalf("rerun: RAFTLAB_LIN_SEED=%d go test ./core/lab -run 'TestLinearizability$' -v", seed)
		}
	}
	t.Logf("%d histories, %d operations checked as linearizable (%d writes of unknown outcome), %d serializable reads checked for monotonic revisions, in %v",
		len(seeds), ops, unknown, serials, time.Since(start).Round(time.Millisecond))
	t.Logf("compare-and-set txns that succeeded: %d; failed calls: %v", casOK, linErrors)
}

// Regression: a duplicated MsgProp (network dup of a follower's forwarded
// proposal) applied a delete twice: acknowledged as deleting nothing, it
// later deleted a put and a successful compare-and-set made after it.
func TestLinearizabilityRegressSeed2989DuplicatedProposal(t *testing.T) {
	runLin(t, 2989)
}
