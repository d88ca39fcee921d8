package web

// Lang is the UI language.
type Lang int

// Languages: every UI string exists in both. Korean reuses the source
// note's terms (리더, 팔로워, 후보자, 쿼럼, 내결함성...).
const (
	English Lang = iota
	Korean
)

// ko holds the Korean for every English UI string. tr falls back to the
// English key (TestEveryStringTranslated keeps the table complete).
var ko = map[string]string{
	"An etcd cluster in your browser": "브라우저 안의 etcd 클러스터",
	"Cluster":                         "클러스터",
	"Console":                         "콘솔",
	"Quorum":                          "쿼럼",
	"Events":                          "이벤트",
	"Raft logs":                       "Raft 로그",
	"Data":                            "데이터",
	"Safety":                          "안전성",
	"Time":                            "시간",
	"Settings":                        "설정",
	"Share":                           "공유",
	"Help":                            "도움말",
	"leader":                          "리더",
	"follower":                        "팔로워",
	"candidate":                       "후보자",
	"pre-candidate":                   "사전 후보자",
	"learner":                         "learner(학습자)",
	"down":                            "중단됨",
	"unknown":                         "알 수 없음",
	"term":                            "term",
	"none":                            "없음",
	"already voted":                   "이미 다른 후보자에게 투표함",
	"its log is behind":               "후보자의 로그가 뒤처짐",
	"its term is older":               "후보자의 term이 더 오래됨",
	"members up":                      "동작 중인 노드",
	"leader:":                         "리더:",
	"voted":                           "투표",
	"Kill":                            "강제 종료",
	"Stop gracefully":                 "정상 종료",
	"Restart":                         "재시작",
	"Isolate":                         "네트워크 격리",
	"Time out now":                    "즉시 타임아웃",
	"Make leader":                     "리더로 지정",
	"Write here":                      "여기에 쓰기",
	"Close":                           "닫기",
	"Partition 3:2":                   "3:2 분리",
	"Partition 3:3":                   "3:3 분리",
	"Split in half":                   "반으로 분리",
	"Isolate the leader":              "리더 격리",
	"Heal network":                    "네트워크 복구",
	"Play":                            "재생",
	"Pause":                           "일시정지",
	"Step":                            "한 단계",
	"Speed":                           "속도",
	"Timeline":                        "타임라인",
	"Terms and leaders over time":     "시간에 따른 term과 리더",
	"moved to":                        "이동:",
	"Members":                         "전체 노드 수",
	"Quorum (needed)":                 "쿼럼 (필요 노드 수)",
	"Failures tolerated":              "내결함성 (허용 장애 수)",
	"Members up":                      "동작 중인 노드",
	"Largest connected group":         "연결된 가장 큰 그룹",
	"Can commit writes":               "쓰기 커밋 가능",
	"yes":                             "예",
	"no":                              "아니오",
	"Total members":                   "전체 노드 수",
	"Note":                            "비고",
	"Service stops on any failure":    "장애 시 서비스 중단",
	"One failure stops it (quorum 2)": "1대 장애 시 쿼럼(2) 미달로 중단",
	"Minimum recommended":             "최소 권장 구성",
	"Same tolerance as 3 (wasteful)":  "3노드와 동일한 내결함성 (비효율적)",
	"Recommended for production":      "안정적인 운영 권장",
	"Same tolerance as 5":             "5노드와 동일한 내결함성",
	"Stable":                          "안정적",
	"Member":                          "노드",
	"Key":                             "키",
	"Value":                           "값",
	"create rev":                      "생성 리비전",
	"mod rev":                         "수정 리비전",
	"version":                         "버전",
	"No keys yet. Try: etcdctl put greeting hello": "아직 키가 없습니다. 예: etcdctl put greeting hello",
	"This member is down: it serves no reads.":     "이 노드는 중단되어 읽기를 처리하지 않습니다.",
	"store revision": "저장소 리비전",
	"commit":         "커밋",
	"applied":        "적용",
	"match":          "match",
	"next":           "next",
	"entries before": "개 이전 항목",
	"Raft invariants, checked after every step":                    "매 단계마다 검사하는 Raft 불변식",
	"Election Safety: at most one leader per term":                 "선거 안전성: term 당 리더는 최대 하나",
	"Leader Append-Only: a leader never overwrites its log":        "리더 추가 전용: 리더는 자기 로그를 덮어쓰지 않음",
	"Log Matching: same index and term, same entries before":       "로그 일치: 같은 인덱스와 term이면 그 앞의 항목도 같음",
	"Leader Completeness: a leader holds every committed entry":    "리더 완전성: 리더는 커밋된 모든 항목을 가짐",
	"State Machine Safety: every member applies the same sequence": "상태 머신 안전성: 모든 노드가 같은 순서로 적용",
	"Term, vote and commit never go backwards on disk":             "디스크의 term, 투표, 커밋은 되돌아가지 않음",
	"holding":               "유지됨",
	"VIOLATED":              "위반됨",
	"steps checked":         "검사한 단계",
	"trace hash":            "트레이스 해시",
	"Check linearizability": "선형성 검사",
	"Linearizability":       "선형성",
	"Checks every put, get, delete and compare-and-set the clients made in this session against one register per key (porcupine).": "이 세션에서 클라이언트가 보낸 모든 put, get, delete, compare-and-set을 키마다 하나의 레지스터 모델로 검사합니다 (porcupine).",
	"linearizable":                         "선형적 (linearizable)",
	"NOT linearizable":                     "선형적이지 않음 (위반)",
	"unknown: the checker ran out of time": "알 수 없음: 검사 시간이 초과되었습니다",
	"Operations checked":                   "검사한 연산",
	"Keys":                                 "키",
	"Outcome unknown (timed out)":          "결과를 알 수 없는 연산 (타임아웃)",
	"Serializable reads (not checked)":     "직렬화 읽기 (검사 안 함)",
	"Skipped keys":                         "건너뛴 키",
	"Requests past the history bound":      "기록 한도를 넘은 요청",
	"revision":                             "리비전",
	"keys":                                 "개 키",
	"behind the newest member by":          "가장 앞선 노드보다 뒤처짐:",
	"revisions":                            "리비전",
	"first keys shown:":                    "표시한 앞쪽 키:",
	"Drag into groups…":                    "그룹으로 끌어 나누기…",
	"Drag members between groups (or tap a member, then a group), then apply: members in different groups cannot reach each other.": "노드를 그룹 사이로 끌어 놓거나 (노드를 누른 뒤 그룹을 누름) 적용하세요: 다른 그룹의 노드끼리는 통신할 수 없습니다.",
	"Apply partition":         "파티션 적용",
	"Group":                   "그룹",
	"Cluster size":            "클러스터 크기",
	"Heartbeat interval (ms)": "Heartbeat 간격 (ms)",
	"Election timeout (ms)":   "선거 타임아웃 (ms)",
	"Link latency (ms)":       "링크 지연 (ms)",
	"Message loss (%)":        "메시지 손실 (%)",
	"Seed":                    "시드",
	"Apply and restart":       "적용하고 재시작",
	"Changing settings starts a fresh cluster.": "설정을 바꾸면 새 클러스터가 시작됩니다.",
	"Copy share link": "공유 링크 복사",
	"This link reproduces this session exactly: seed, settings and every command at its time.": "이 링크는 시드, 설정, 모든 명령과 그 시각을 담아 이 세션을 그대로 재현합니다.",
	"Keyboard shortcuts":                 "키보드 단축키",
	"play / pause":                       "재생 / 일시정지",
	"step to the next event":             "다음 이벤트로 한 단계",
	"slower / faster":                    "느리게 / 빠르게",
	"select member 1..7":                 "노드 1..7 선택",
	"kill the selected member":           "선택한 노드 강제 종료",
	"restart the selected member":        "선택한 노드 재시작",
	"heal the network":                   "네트워크 복구",
	"switch language":                    "언어 전환",
	"this help":                          "이 도움말",
	"close menus":                        "메뉴 닫기",
	"Show commits":                       "커밋 표시",
	"Legend":                             "범례",
	"Heartbeat":                          "Heartbeat",
	"Append":                             "Append",
	"Vote":                               "투표",
	"PreVote":                            "사전 투표",
	"Proposal":                           "제안",
	"dropped":                            "유실",
	"election timer":                     "선거 타이머",
	"cut link":                           "끊긴 링크",
	"Click or tap a member for actions.": "노드를 클릭하거나 탭하면 동작을 고를 수 있습니다.",
	"Output appears here. Try \"help\".": "출력이 여기에 나타납니다. \"help\"를 입력해 보세요.",
	"Type a command, e.g. help":          "명령 입력, 예: help",
	"Run":                                "실행",
	"Enter runs; ↑ and ↓ walk the history.": "Enter로 실행, ↑ ↓로 기록 탐색.",
	"Read as seen by":                   "이 노드가 보는 데이터:",
	"election timeout":                  "선거 타임아웃",
	"votes":                             "득표",
	"paused":                            "일시정지됨",
	"running":                           "실행 중",
	"Logs":                              "로그",
	"Log entries are coloured by term.": "로그 항목은 term별로 색이 다릅니다.",
	"Skip to console":                   "콘솔로 건너뛰기",
	"Network":                           "네트워크",
	"group":                             "그룹",
}

// tr returns the UI string key in lang.
func tr(lang Lang, key string) string {
	if lang == Korean {
		if s, ok := ko[key]; ok {
			return s
		}
	}
	return key
}

// RoleLabel is a role in lang.
func RoleLabel(lang Lang, m MemberView) string {
	if !m.Up {
		return tr(lang, "down")
	}
	switch m.Role {
	case RoleLeader, RoleFollower, RoleCandidate, RolePreCandidate, RoleLearner:
		return tr(lang, string(m.Role))
	}
	return tr(lang, "unknown")
}
