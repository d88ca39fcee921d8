package web

// Korean for the control plane's drawing, its settings and the editor.
var koKube = map[string]string{
	"Control plane":                  "컨트롤 플레인",
	"load balancer":                  "로드 밸런서",
	"Kubernetes control plane":       "쿠버네티스 컨트롤 플레인",
	"none (etcd alone)":              "없음 (etcd만)",
	"external etcd (the note)":       "External etcd (노트의 토폴로지)",
	"stacked etcd (kubeadm default)": "Stacked etcd (kubeadm 기본값)",
	"Control-plane nodes":            "컨트롤 플레인 노드 수",
	"etcd failing":                   "etcd 요청 실패",
	"Edit a file on":                 "파일 편집:",
	"choose…":                        "선택…",
	"Edit":                           "편집",
	"Save":                           "저장",
	"Saving runs edit FILE in the console with the new text, as on the node.": "저장하면 콘솔에서 새 내용으로 edit FILE 을 실행합니다 (노드에서 편집하듯이).",
	"leader":        "리더",
	"follower":      "팔로워",
	"candidate":     "후보자",
	"pre-candidate": "사전 후보자",
	"learner":       "learner(학습자)",
}

// kubeUIKeys are the strings the control-plane component shows.
var kubeUIKeys = []string{"Control plane", "load balancer", "Kubernetes control plane", "none (etcd alone)",
	"external etcd (the note)", "stacked etcd (kubeadm default)", "Control-plane nodes", "etcd failing", "down",
	"Edit a file on", "choose…", "Edit", "Save", "Close", "Saving runs edit FILE in the console with the new text, as on the node.",
	"leader", "follower", "candidate", "pre-candidate", "learner"}

func init() {
	for k, v := range koKube {
		if _, ok := ko[k]; !ok {
			ko[k] = v
		}
	}
}
