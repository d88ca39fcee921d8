package etcdconf

import (
	"strings"

	"github.com/raftlab/raftlab/core/jsonw"
)

// Where an error text comes from (each Error says which).
const (
	// SourceGoFlag: Go's flag package, which etcd's command line uses (flag.ContinueOnError); etcd then
	// prints its usage text and exits 2. Texts confirmed on Debian's etcd 3.4.23 (identical in 3.5).
	SourceGoFlag = "go flag package via etcd 3.5 server/etcdmain/config.go (parse); observed on etcd 3.4.23"
	// SourceEmbedValidate: etcd 3.5 server/embed/config.go (*Config).Validate, logged by
	// server/etcdmain/etcd.go as warn "failed to verify flags", exit 1.
	SourceEmbedValidate = "etcd 3.5 server/embed/config.go Validate; observed on etcd 3.4.23"
	// SourceEtcdmainArgs: etcd 3.5 server/etcdmain/config.go parse (positional arguments).
	SourceEtcdmainArgs = "etcd 3.5 server/etcdmain/config.go parse; observed on etcd 3.4.23"
	// SourceURLsMap: client/pkg/types/urls.go NewURLs via urlsmap.go NewURLsMap, wrapped by
	// server/embed/etcd.go StartEtcd ("error setting up initial cluster: %v"); fatal "discovery failed", exit 1.
	SourceURLsMap = "etcd 3.5 client/pkg/types/urls.go+urlsmap.go, server/embed/etcd.go StartEtcd; observed on etcd 3.4.23"
	// SourceVerifyBootstrap: etcd 3.5 server/config/config.go VerifyBootstrap / VerifyJoinExisting
	// (hasLocalMember, advertiseMatchesCluster with pkg/netutil URLStringsEqual, duplicate URL);
	// fatal "discovery failed", exit 1.
	SourceVerifyBootstrap = "etcd 3.5 server/config/config.go VerifyBootstrap + pkg/netutil/netutil.go; observed on etcd 3.4.23 (resolution text differs, see README)"
	// SourceRafthttp: etcd 3.5 server/etcdserver/api/rafthttp/http.go: peers whose cluster IDs differ
	// reject each other's messages; the processes keep running and no leader is ever elected.
	SourceRafthttp = "etcd 3.5 server/etcdserver/api/rafthttp/http.go; observed on etcd 3.4.23 as \"request cluster ID mismatch (got X want Y)\""
	// SourceJoinExisting: etcd 3.5 server/etcdserver/cluster_util.go GetClusterFromRemotePeers, used by
	// --initial-cluster-state existing when no member of the cluster is running.
	SourceJoinExisting = "etcd 3.5 server/etcdserver/cluster_util.go + server/etcdserver/server.go NewServer"
	// SourceRaftlab: the lab's own text where etcd has no single message.
	SourceRaftlab = "raftlab"
)

// Error is an error etcd 3.5 would report for a configuration: its text, how it is logged and how the
// process ends.
type Error struct {
	_ [0]func() // not comparable: no generated equality in the page
	// Member is the --name of the process that reports the error ("" if it failed before a name was
	// known, e.g. a flag error); Line is the index of its command line in the Parse/NewCluster input.
	Member string
	Line   int
	// Message is etcd's own error text (the zap "error" field, or the flag package's line).
	Message string
	// Log is the zap message etcd 3.5 logs the error under ("failed to verify flags",
	// "discovery failed", "request cluster ID mismatch"); empty for flag-package errors, which are
	// printed plainly followed by etcd's usage text. Level is that log entry's level.
	Log   string
	Level string
	// ExitCode is the process exit status: 2 for flag errors, 1 for validation/bootstrap errors,
	// 0 when the process keeps running but the cluster never forms (ID mismatches).
	ExitCode int
	// Source says where the text comes from.
	Source string
}

func (e *Error) Error() string { return e.Message }

// Stderr is what etcd 3.5 writes to stderr for this error, without timestamps, caller and stack trace
// (the zap fields ts, caller and stacktrace are left out so the output is deterministic). Flag errors
// print the flag package's line then etcd's usage text, of which only the first line is given.
func (e *Error) Stderr() string {
	if e.Log == "" {
		return e.Message + "\nUsage:\n"
	}
	var w jsonw.Writer
	w.Object()
	w.Key("level")
	w.String(e.Level)
	w.Key("msg")
	w.String(e.Log)
	w.Key("error")
	w.String(e.Message)
	w.End()
	return strings.ReplaceAll(string(w.B), `\u0026`, "&") + "\n"
}

func flagErr(line int, msg string) *Error {
	return &Error{Line: line, Message: msg, ExitCode: 2, Source: SourceGoFlag}
}

func verifyErr(line int, name, msg, source string) *Error {
	return &Error{Member: name, Line: line, Message: msg, Log: "failed to verify flags", Level: "warn", ExitCode: 1, Source: source}
}

func startErr(line int, name, msg, source string) *Error {
	return &Error{Member: name, Line: line, Message: msg, Log: "discovery failed", Level: "fatal", ExitCode: 1, Source: source}
}
