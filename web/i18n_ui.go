package web

// Korean for the strings of the cluster view's geography, the legend, the
// console's terminal habits and the big-text viewer.
var koUI = map[string]string{
	"Copy":                "복사",
	"Console here (host)": "여기서 콘솔 실행 (host)",
	"console host":        "콘솔 호스트",
	"Console host":        "콘솔 호스트",
	"its writes commit":   "쓰기 커밋 가능",
	"This session cannot be shared as a link:": "이 세션은 링크로 공유할 수 없습니다:",
	"bytes":                   "바이트",
	"show all":                "전체 보기",
	"Console output":          "콘솔 출력",
	"no match in the history": "기록에 일치하는 명령이 없습니다",
	"Enter runs; Shift-Enter adds a line (standard input); ↑ ↓ history; Tab completes; Ctrl-C cancels; Ctrl-L clears; Ctrl-R searches.": "Enter 실행, Shift-Enter 줄 추가 (표준 입력), ↑ ↓ 기록, Tab 자동 완성, Ctrl-C 취소, Ctrl-L 화면 지우기, Ctrl-R 기록 검색.",
	"quorum":                     "쿼럼",
	"no quorum":                  "쿼럼 없음",
	"pre-vote":                   "사전 투표",
	"Side":                       "구역",
	"up":                         "동작 중",
	"no quorum: cannot commit":   "쿼럼 없음: 커밋 불가",
	"holds a quorum: can commit": "쿼럼 확보: 커밋 가능",
	"the console is here":        "콘솔이 여기 있음",
	"The session forks here: later commands dropped:": "여기서 세션이 갈라집니다. 이후 명령 삭제:",
	"timer":                      "타이머",
	"time →":                     "시간 →",
	"candidate (asks for votes)": "후보자 (투표 요청)",
	"pre-vote: a pre-candidate asking whether it could win (PreVote)": "사전 투표: 이길 수 있는지 먼저 묻는 사전 후보자 (PreVote)",
	"learner (a non-voting member)":                                   "learner (투표권 없는 멤버)",
	"down (crashed or stopped)":                                       "중단됨 (강제 종료 또는 정지)",
	"t3: the member's term":                                           "t3: 노드의 term",
	"2✓: votes a candidate has":                                       "2✓: 후보자가 받은 표",
	"timer 1500 ms: the member's randomized election timeout; its arc drains as the timeout nears": "타이머 1500 ms: 노드의 무작위 선거 타임아웃, 타임아웃이 다가올수록 원호가 줄어듦",
	"$: the console's host (where your commands run)":                                              "$: 콘솔 호스트 (명령이 실행되는 곳)",
	"Append (log entries)":             "Append (로그 항목)",
	"Vote request":                     "투표 요청",
	"PreVote request":                  "사전 투표 요청",
	"Proposal forwarded to the leader": "리더로 전달된 제안",
	"ReadIndex (linearizable read)":    "ReadIndex (선형적 읽기)",
	"Snapshot":                         "스냅샷",
	"smaller dot: a reply":             "작은 점: 응답",
	"falling dot: a dropped message":   "떨어지는 점: 유실된 메시지",
	"dashed divide: a network partition; each side shows its size and whether it holds a quorum": "점선 경계: 네트워크 파티션, 각 구역에 크기와 쿼럼 여부 표시",
	"✕: a link cut both ways":                                                "✕: 양방향으로 끊긴 링크",
	"arrow: a one-way link (the way back is cut)":                            "화살표: 단방향 링크 (반대 방향은 끊김)",
	"chart: time →, term ↑; colour: the leader then; grey dashes: no leader": "차트: 가로 시간, 세로 term, 색: 그때의 리더, 회색 점선: 리더 없음",
}

func init() {
	for k, v := range koUI {
		ko[k] = v
	}
}
