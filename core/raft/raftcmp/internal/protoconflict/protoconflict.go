// Package protoconflict lets etcd 3.5's raft and go.etcd.io/raft/v3 live in
// one test binary: both register the protobuf message "raftpb.Entry", which
// google.golang.org/protobuf refuses (panics) unless told to ignore it.
// Imported for its side effect by raftcmp's tests; Go initializes it before
// either raftpb because it depends on neither and its import path sorts
// first (Go spec, package initialization).
package protoconflict

import "os"

func init() {
	if os.Getenv("GOLANG_PROTOBUF_REGISTRATION_CONFLICT") == "" {
		_ = os.Setenv("GOLANG_PROTOBUF_REGISTRATION_CONFLICT", "ignore")
	}
}
