package web

import (
	"fmt"
	"strconv"
	"time"

	"github.com/raftlab/raftlab/core/lab"
)

type evKind int

const (
	evCommand evKind = iota
	evKill
	evStart
	evStopping
	evRemoved
	evLeader
	evFollow
	evVoteGranted
	evVoteRejected
	evCommit
	evSnapshot
	evTimeout    // timer fired, then a (pre-)campaign: one sentence
	evTimeoutNow // told to time out by the leader (transfer)
	evCampaign   // a campaign without a timeout (after winning a pre-vote)
	evLost
	evStepDown
	evIgnored
	evTransfer
	evAppendRejected
)

// Event is one thing worth telling, kept as data and put into words in the
// language chosen at render time.
type Event struct {
	At   time.Duration
	Kind evKind
	M, P int // member and peer ring indexes (-1: none)
	Term uint64
	N    uint64
	D    time.Duration
	Pre  bool
	S    string
	// Reason is why a vote was refused.
	Reason lab.Reason
}

// reasonText is a refused vote's reason, as an English key of ko.
var reasonText = map[lab.Reason]string{
	lab.ReasonAlreadyVoted: "already voted",
	lab.ReasonLogBehind:    "its log is behind",
	lab.ReasonStaleTerm:    "its term is older",
}

// EventView is an event as the log shows it.
type EventView struct {
	Key   string
	At    string
	Text  string
	Class string
}

// fmtDur formats virtual time as seconds, e.g. "1.43 s".
func fmtDur(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s"
}

func (t *tracker) name(i int) string {
	if i < 0 || i >= len(t.names) {
		return "?"
	}
	return t.names[i]
}

// Sentence puts an event into words.
func (t *tracker) Sentence(e Event, lang Lang) string {
	m, p := t.name(e.M), t.name(e.P)
	ko := lang == Korean
	term := e.Term
	switch e.Kind {
	case evCommand:
		if ko {
			return "명령: " + e.S
		}
		return "command: " + e.S
	case evKill:
		if ko {
			return m + " 프로세스가 강제 종료되었습니다 (디스크는 남음)"
		}
		return m + " was killed; its disk survives"
	case evStart:
		if ko {
			return m + " 가 디스크에서 다시 시작했습니다"
		}
		return m + " restarted from its disk"
	case evStopping:
		if ko {
			return m + " 가 정상 종료 중: 먼저 리더 자리를 넘깁니다"
		}
		return m + " is stopping gracefully: it hands leadership over first"
	case evRemoved:
		if ko {
			return m + " 가 클러스터에서 제거되었습니다"
		}
		return m + " was removed from the cluster"
	case evLeader:
		if ko {
			return fmt.Sprintf("%s 가 과반수(쿼럼) 표를 얻어 term %d 의 리더가 되었습니다", m, term)
		}
		return fmt.Sprintf("%s won a quorum of votes and became leader for term %d", m, term)
	case evFollow:
		if ko {
			return fmt.Sprintf("%s 는 term %d 에서 %s 를 리더로 따르는 팔로워입니다", m, term, p)
		}
		return fmt.Sprintf("%s follows %s in term %d", m, p, term)
	case evVoteGranted:
		if e.Pre {
			if ko {
				return fmt.Sprintf("%s 가 %s 에게 term %d 사전 투표(PreVote)를 찬성했습니다", m, p, term)
			}
			return fmt.Sprintf("%s granted %s a pre-vote for term %d", m, p, term)
		}
		if ko {
			return fmt.Sprintf("%s 가 term %d 에서 %s 에게 투표했습니다", m, term, p)
		}
		return fmt.Sprintf("%s voted for %s in term %d", m, p, term)
	case evVoteRejected:
		kind, kkind := "vote", "투표"
		if e.Pre {
			kind, kkind = "pre-vote", "사전 투표"
		}
		if ko {
			return fmt.Sprintf("%s 가 %s 의 term %d %s 요청을 거절했습니다 (%s)", m, p, term, kkind, tr(lang, reasonText[e.Reason]))
		}
		return fmt.Sprintf("%s refused %s a %s for term %d (%s)", m, p, kind, term, reasonText[e.Reason])
	case evCommit:
		if ko {
			return fmt.Sprintf("리더 %s: 인덱스 %d 까지 과반수에 기록되어 커밋되었습니다", m, e.N)
		}
		return fmt.Sprintf("leader %s committed up to index %d: a majority has stored it", m, e.N)
	case evSnapshot:
		if ko {
			return fmt.Sprintf("%s 가 인덱스 %d 의 스냅샷을 설치했습니다", m, e.N)
		}
		return fmt.Sprintf("%s installed a snapshot at index %d", m, e.N)
	case evTimeout:
		if e.Pre {
			if ko {
				return fmt.Sprintf("%s 가 %s 동안 Heartbeat를 받지 못해 term %d 사전 선거(PreVote)를 시작했습니다", m, fmtDur(e.D), term)
			}
			return fmt.Sprintf("%s heard no heartbeat for %s and started a pre-election for term %d", m, fmtDur(e.D), term)
		}
		if ko {
			return fmt.Sprintf("%s 가 %s 동안 Heartbeat를 받지 못해 후보자가 되어 term %d 선거를 시작했습니다", m, fmtDur(e.D), term)
		}
		return fmt.Sprintf("%s heard no heartbeat for %s and started an election for term %d", m, fmtDur(e.D), term)
	case evTimeoutNow:
		if ko {
			return fmt.Sprintf("%s 가 리더 %s 의 지시로 즉시 term %d 선거를 시작했습니다", m, p, term)
		}
		return fmt.Sprintf("%s was told by leader %s to time out now and started an election for term %d", m, p, term)
	case evCampaign:
		if e.Pre {
			if ko {
				return fmt.Sprintf("%s 가 term %d 사전 선거를 시작했습니다", m, term)
			}
			return fmt.Sprintf("%s started a pre-election for term %d", m, term)
		}
		if ko {
			return fmt.Sprintf("%s 가 후보자가 되어 term %d 선거를 시작했습니다", m, term)
		}
		return fmt.Sprintf("%s became a candidate and started an election for term %d", m, term)
	case evLost:
		if ko {
			return fmt.Sprintf("%s 가 term %d 선거에서 졌습니다: 과반수가 거절했습니다", m, term)
		}
		return fmt.Sprintf("%s lost the election for term %d: a majority refused", m, term)
	case evStepDown:
		if ko {
			return fmt.Sprintf("리더 %s 가 선거 타임아웃 동안 쿼럼의 응답을 받지 못해 물러났습니다 (CheckQuorum)", m)
		}
		return fmt.Sprintf("leader %s stepped down: it heard from no quorum within the election timeout (CheckQuorum)", m)
	case evIgnored:
		if ko {
			return fmt.Sprintf("%s 는 %s 의 투표 요청을 무시했습니다: 리더가 살아 있습니다", m, p)
		}
		return fmt.Sprintf("%s ignored %s's vote request: its leader is alive", m, p)
	case evTransfer:
		if ko {
			return fmt.Sprintf("리더 %s 가 %s 에게 리더 자리를 넘기는 중입니다", m, p)
		}
		return fmt.Sprintf("leader %s is handing leadership to %s", m, p)
	case evAppendRejected:
		if ko {
			return fmt.Sprintf("%s 가 %s 의 로그 추가를 거절했습니다 (일관성 검사 실패, 되돌아가 다시 보냄)", m, p)
		}
		return fmt.Sprintf("%s rejected an append from %s (consistency check failed; the leader backs up)", m, p)
	}
	return ""
}

func (e Event) class() string {
	switch e.Kind {
	case evCommand:
		return "ev ev-command"
	case evKill, evRemoved, evStepDown, evLost:
		return "ev ev-bad"
	case evLeader:
		return "ev ev-leader"
	case evTimeout, evTimeoutNow, evCampaign:
		return "ev ev-election"
	case evVoteGranted, evVoteRejected, evIgnored:
		return "ev ev-vote"
	case evCommit:
		return "ev ev-commit"
	}
	return "ev"
}

// RecentEvents returns up to n of the newest events, newest first, in lang.
func (s *Session) RecentEvents(n int, lang Lang, hideCommits bool) []EventView {
	t := s.tr
	out := make([]EventView, 0, n)
	for i := len(t.events) - 1; i >= 0 && len(out) < n; i-- {
		e := t.events[i]
		if hideCommits && e.Kind == evCommit {
			continue
		}
		out = append(out, EventView{
			Key:   strconv.Itoa(i) + "@" + strconv.FormatInt(int64(e.At), 10),
			At:    fmtDur(e.At),
			Text:  t.Sentence(e, lang),
			Class: e.class(),
		})
	}
	return out
}
