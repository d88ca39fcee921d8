package web

// kubeUIKeys are the strings the control-plane component shows.
var kubeUIKeys = []string{"Control plane", "load balancer", "Kubernetes control plane", "none (etcd alone)",
	"external etcd (the note)", "stacked etcd (kubeadm default)", "Control-plane nodes", "etcd failing", "down",
	"Edit a file on", "choose…", "Edit", "Save", "Close", "Saving runs edit FILE in the console with the new text, as on the node.",
	"leader", "follower", "candidate", "pre-candidate", "learner"}
