module github.com/raftlab/raftlab

go 1.26

require (
	github.com/anishathalye/porcupine v1.3.1
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/spf13/cobra v1.1.3
	github.com/spf13/pflag v1.0.5
	github.com/stretchr/testify v1.12.1
	github.com/vugu/vugu v0.4.0
	go.etcd.io/etcd/raft/v3 v3.5.17
	go.etcd.io/raft/v3 v3.7.0
)

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/gogo/protobuf v1.3.2 // indirect
	github.com/golang/protobuf v1.5.4 // indirect
	github.com/inconshreveable/mousetrap v1.0.0 // indirect
	github.com/vugu/html v0.0.0-20190914200101-c62dc20b8289 // indirect
	github.com/vugu/xxhash v0.0.0-20191111030615-ed24d0179019 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)

tool github.com/vugu/vugu/cmd/vugugen

replace github.com/spf13/cobra => ./third_party/cobra

replace github.com/spf13/pflag => ./third_party/pflag

replace github.com/anishathalye/porcupine => ./third_party/porcupine

replace github.com/vugu/vugu => ./third_party/vugu
