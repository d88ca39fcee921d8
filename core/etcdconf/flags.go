package etcdconf

import (
	"errors"
	"fmt"
	url "github.com/raftlab/raftlab/core/neturl"
	"strconv"
	"strings"
	"time"
)

type kind int

const (
	kString kind = iota
	kBool
	kUint   // flag.UintVar
	kUint64 // flag.Uint64Var
	kInt    // flag.IntVar
	kInt64  // flag.Int64Var
	kDur    // flag.DurationVar
	kURLs   // flags.UniqueURLs (types.NewURLs)
	kState  // flags.SelectiveStringValue("new", "existing")
	kFallback
	kStrings
	kIgnored // flags.IgnoredFlag (accepted, ignored)
)

// etcdFlags are the flags etcd 3.5's command line defines (server/embed/config.go AddFlags and
// server/etcdmain/config.go newConfig), with the kind of value each takes.
var etcdFlags = map[string]kind{
	// member
	"name": kString, "data-dir": kString, "wal-dir": kString, "snapshot-count": kUint64,
	"heartbeat-interval": kUint, "election-timeout": kUint, "initial-election-tick-advance": kBool,
	"max-snapshots": kUint, "max-wals": kUint, "quota-backend-bytes": kInt64,
	"backend-bbolt-freelist-type": kString, "backend-batch-interval": kDur, "backend-batch-limit": kInt,
	"max-txn-ops": kUint, "max-request-bytes": kUint, "max-concurrent-streams": kUint,
	"grpc-keepalive-min-time": kDur, "grpc-keepalive-interval": kDur, "grpc-keepalive-timeout": kDur,
	"socket-reuse-port": kBool, "socket-reuse-address": kBool,
	"listen-peer-urls": kURLs, "listen-client-urls": kURLs, "listen-client-http-urls": kURLs,
	"listen-metrics-urls": kURLs, "cors": kStrings, "host-whitelist": kStrings,
	// clustering
	"initial-advertise-peer-urls": kURLs, "advertise-client-urls": kURLs,
	"discovery": kString, "discovery-fallback": kFallback, "discovery-proxy": kString,
	"discovery-srv": kString, "discovery-srv-name": kString,
	"initial-cluster": kString, "initial-cluster-token": kString, "initial-cluster-state": kState,
	"strict-reconfig-check": kBool, "enable-v2": kBool, "pre-vote": kBool, "v2-deprecation": kString,
	// security
	"cert-file": kString, "key-file": kString, "client-cert-file": kString, "client-key-file": kString,
	"client-cert-auth": kBool, "client-crl-file": kString, "client-cert-allowed-hostname": kString,
	"trusted-ca-file": kString, "auto-tls": kBool,
	"peer-cert-file": kString, "peer-key-file": kString, "peer-client-cert-file": kString,
	"peer-client-key-file": kString, "peer-client-cert-auth": kBool, "peer-trusted-ca-file": kString,
	"peer-auto-tls": kBool, "self-signed-cert-validity": kUint, "peer-crl-file": kString,
	"peer-cert-allowed-cn": kString, "peer-cert-allowed-hostname": kString, "cipher-suites": kStrings,
	"tls-min-version": kString, "tls-max-version": kString,
	"experimental-peer-skip-client-san-verification": kBool,
	// logging
	"logger": kString, "log-outputs": kStrings, "log-level": kString, "enable-log-rotation": kBool,
	"log-rotation-config-json": kString,
	// v2 proxy
	"proxy": kString, "proxy-failure-wait": kUint, "proxy-refresh-interval": kUint,
	"proxy-dial-timeout": kUint, "proxy-write-timeout": kUint, "proxy-read-timeout": kUint,
	// other
	"version": kBool, "config-file": kString, "auto-compaction-retention": kString,
	"auto-compaction-mode": kString, "enable-pprof": kBool, "metrics": kString,
	"enable-grpc-gateway": kBool, "auth-token": kString, "bcrypt-cost": kUint, "auth-token-ttl": kUint,
	"unsafe-no-fsync": kBool, "force-new-cluster": kBool,
	// experimental (3.5)
	"experimental-initial-corrupt-check": kBool, "experimental-corrupt-check-time": kDur,
	"experimental-compact-hash-check-enabled": kBool, "experimental-compact-hash-check-time": kDur,
	"experimental-enable-v2v3": kString, "experimental-enable-lease-checkpoint": kBool,
	"experimental-enable-lease-checkpoint-persist": kBool, "experimental-compaction-batch-limit": kInt,
	"experimental-compaction-sleep-interval": kDur, "experimental-watch-progress-notify-interval": kDur,
	"experimental-warning-apply-duration": kDur, "experimental-bootstrap-defrag-threshold-megabytes": kUint,
	"experimental-memory-mlock": kBool, "experimental-txn-mode-write-with-shared-buffer": kBool,
	"experimental-downgrade-check-time": kDur, "experimental-enable-distributed-tracing": kBool,
	"experimental-distributed-tracing-address": kString, "experimental-distributed-tracing-service-name": kString,
	"experimental-distributed-tracing-instance-id": kString, "experimental-distributed-tracing-sampling-rate": kInt,
	"experimental-max-learners": kInt, "experimental-wait-cluster-ready-timeout": kDur,
	"experimental-warning-unary-request-duration": kDur, "experimental-snapshot-catchup-entries": kUint64,
	"experimental-stop-grpc-service-on-defrag": kBool,
	// ignored legacy flags (server/etcdmain/config.go "ignored")
	"cluster-active-size": kIgnored, "cluster-remove-delay": kIgnored, "cluster-sync-interval": kIgnored,
	"config": kIgnored, "force": kIgnored, "max-result-buffer": kIgnored, "max-retry-attempts": kIgnored,
	"peer-heartbeat-interval": kIgnored, "peer-election-timeout": kIgnored, "retry-interval": kIgnored,
	"snapshot": kIgnored, "v": kIgnored, "vv": kIgnored,
}

var (
	errParse = errors.New("parse error")
	errRange = errors.New("value out of range")
)

func numError(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		if ne.Err == strconv.ErrSyntax {
			return errParse
		}
		if ne.Err == strconv.ErrRange {
			return errRange
		}
	}
	return err
}

// checkValue validates a flag value as the flag's Set method would, returning its error.
func checkValue(k kind, v string) error {
	switch k {
	case kBool:
		_, err := strconv.ParseBool(v)
		return numError(err)
	case kUint:
		_, err := strconv.ParseUint(v, 0, strconv.IntSize)
		return numError(err)
	case kUint64:
		_, err := strconv.ParseUint(v, 0, 64)
		return numError(err)
	case kInt:
		_, err := strconv.ParseInt(v, 0, strconv.IntSize)
		return numError(err)
	case kInt64:
		_, err := strconv.ParseInt(v, 0, 64)
		return numError(err)
	case kDur:
		if _, err := time.ParseDuration(v); err != nil {
			return errParse
		}
	case kURLs:
		_, err := newURLs(strings.Split(v, ","))
		return err
	case kState:
		if v != "new" && v != "existing" {
			return errors.New("invalid value")
		}
	case kFallback:
		if v != "exit" && v != "proxy" {
			return errors.New("invalid value")
		}
	}
	return nil
}

// newURLs is etcd's types.NewURLs: parse, check, sort, returning canonical strings.
func newURLs(strs []string) ([]string, error) {
	if len(strs) == 0 {
		return nil, errors.New("no valid URLs given")
	}
	out := make([]string, 0, len(strs))
	for _, in := range strs {
		in = strings.TrimSpace(in)
		u, err := url.Parse(in)
		if err != nil {
			return nil, err
		}
		switch u.Scheme {
		case "http", "https":
			if _, _, err := netSplitHostPort(u.Host); err != nil {
				return nil, fmt.Errorf(`URL address does not have the form "host:port": %s`, in)
			}
			if u.Path != "" {
				return nil, fmt.Errorf("URL must not contain a path: %s", in)
			}
		case "unix", "unixs":
		default:
			return nil, fmt.Errorf("URL scheme must be http, https, unix, or unixs: %s", in)
		}
		out = append(out, u.String())
	}
	sortStrings(out)
	return out, nil
}

// uniqueURLs is flags.UniqueURLs.Set: newURLs, then duplicates dropped.
func uniqueURLs(v string) []string {
	us, _ := newURLs(strings.Split(v, ","))
	out := us[:0]
	seen := map[string]bool{}
	for _, u := range us {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

type setFlag struct {
	_ [0]func() // not comparable: no generated equality in the page

	name, value string
}

// parseFlags is Go's flag.FlagSet.Parse (ContinueOnError) over etcd's flags. It returns the flags in
// the order given (later settings of a flag win when applied), the positional arguments left over,
// and the flag package's error text.
func parseFlags(args []string) ([]setFlag, []string, string) {
	var set []setFlag
	for len(args) > 0 {
		s := args[0]
		if len(s) < 2 || s[0] != '-' {
			break
		}
		minus := 1
		if s[1] == '-' {
			minus++
			if len(s) == 2 {
				args = args[1:]
				break
			}
		}
		name := s[minus:]
		if len(name) == 0 || name[0] == '-' || name[0] == '=' {
			return nil, nil, "bad flag syntax: " + s
		}
		args = args[1:]
		hasValue, value := false, ""
		if i := strings.IndexByte(name[1:], '='); i >= 0 {
			value, name, hasValue = name[i+2:], name[:i+1], true
		}
		k, ok := etcdFlags[name]
		if !ok {
			if name == "help" || name == "h" {
				return nil, nil, "flag: help requested"
			}
			return nil, nil, "flag provided but not defined: -" + name
		}
		if k == kBool || k == kIgnored {
			if !hasValue {
				value = "true"
			} else if err := checkValue(kBool, value); err != nil && k == kBool {
				return nil, nil, fmt.Sprintf("invalid boolean value %q for -%s: %v", value, name, err)
			}
		} else {
			if !hasValue && len(args) > 0 {
				hasValue, value, args = true, args[0], args[1:]
			}
			if !hasValue {
				return nil, nil, "flag needs an argument: -" + name
			}
			if err := checkValue(k, value); err != nil {
				return nil, nil, fmt.Sprintf("invalid value %q for flag -%s: %v", value, name, err)
			}
		}
		set = append(set, setFlag{name: name, value: value})
	}
	return set, args, ""
}
