package raft

// ReadIndex (Raft thesis §6.4): a linearizable read needs no log entry. The
// leader records its commit index, confirms with a round of heartbeats that
// it is still leader, and then the read may be served once that index is
// applied. A new leader does not know the full commit index until it has
// committed an entry of its own term, so reads wait for that.

type readIndexStatus struct {
	req   Message
	index uint64
	acks  map[uint64]bool
}

type readOnly struct {
	pending map[string]*readIndexStatus
	queue   []string
	// waiting holds requests that arrived before the leader committed an
	// entry of its term.
	waiting []Message
}

func newReadOnly() *readOnly { return &readOnly{pending: map[string]*readIndexStatus{}} }

func (ro *readOnly) recvAck(id uint64, ctx []byte) {
	if rs, ok := ro.pending[string(ctx)]; ok {
		rs.acks[id] = true
	}
}

func (r *raft) committedEntryInCurrentTerm() bool {
	return r.log.zeroTermOnErr(r.log.committed) == r.Term
}

func (r *raft) stepReadIndex(m *Message) {
	if len(m.Entries) != 1 {
		return
	}
	if len(r.trk.Voters()) == 1 && r.trk.IsVoter(r.id) {
		r.answerRead(*m, r.log.committed)
		return
	}
	if !r.committedEntryInCurrentTerm() {
		r.readOnly.waiting = append(r.readOnly.waiting, *m)
		return
	}
	// A request already pending (a follower retries its forward every
	// 500 ms) is not queued twice, but asks for a round of heartbeats all
	// the same, as etcd's raft does: its earlier round's acks may be lost.
	ctx := string(m.Entries[0].Data)
	if _, dup := r.readOnly.pending[ctx]; !dup {
		r.readOnly.pending[ctx] = &readIndexStatus{req: *m, index: r.log.committed, acks: map[uint64]bool{r.id: true}}
		r.readOnly.queue = append(r.readOnly.queue, ctx)
	}
	r.bcastHeartbeat(m.Entries[0].Data)
}

// lastPendingCtx is the newest pending read's context, which the leader's
// periodic heartbeats carry (etcd's lastPendingRequestCtx): a read whose
// own round of acks was lost is confirmed by the next heartbeat round,
// and every read before it with it.
func (ro *readOnly) lastPendingCtx() []byte {
	if len(ro.queue) == 0 {
		return nil
	}
	return ro.pending[ro.queue[len(ro.queue)-1]].req.Entries[0].Data
}

// releasePendingReads starts the reads that waited for this leader's first
// commit.
func (r *raft) releasePendingReads() {
	if len(r.readOnly.waiting) == 0 || !r.committedEntryInCurrentTerm() {
		return
	}
	waiting := r.readOnly.waiting
	r.readOnly.waiting = nil
	for i := range waiting {
		r.stepReadIndex(&waiting[i])
	}
}

// releaseConfirmedReads answers every read up to the newest one a quorum
// has confirmed; heartbeats are answered in order, so earlier reads are
// confirmed too.
func (r *raft) releaseConfirmedReads() {
	last := -1
	for i, ctx := range r.readOnly.queue {
		rs := r.readOnly.pending[ctx]
		if r.quorumAcked(rs.acks) {
			last = i
		}
	}
	if last < 0 {
		return
	}
	for _, ctx := range r.readOnly.queue[:last+1] {
		rs := r.readOnly.pending[ctx]
		delete(r.readOnly.pending, ctx)
		r.answerRead(rs.req, rs.index)
	}
	r.readOnly.queue = r.readOnly.queue[last+1:]
}

func (r *raft) quorumAcked(acks map[uint64]bool) bool {
	n := 0
	for _, id := range r.trk.Voters() {
		if acks[id] {
			n++
		}
	}
	return n >= len(r.trk.Voters())/2+1
}

func (r *raft) answerRead(m Message, index uint64) {
	if m.From == None || m.From == r.id {
		r.readStates = append(r.readStates, ReadState{Index: index, RequestCtx: m.Entries[0].Data})
		return
	}
	r.send(Message{Type: MsgReadIndexResp, To: m.From, Index: index, Entries: m.Entries})
}
