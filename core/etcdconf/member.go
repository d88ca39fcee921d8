// Package etcdconf turns etcd command lines (as pasted from a systemd unit's ExecStart) into a lab
// cluster, with the errors etcd 3.5 itself reports for a wrong configuration, and exports a cluster
// as systemd units, etcd config files and a kubeadm external-etcd block.
//
// Raft settings: etcd takes --heartbeat-interval, --election-timeout, --pre-vote and --snapshot-count
// per member and runs happily when members differ. The lab runs one setting for the whole cluster:
// the first command line's (node-1 in the defaults). When members differ, NewCluster keeps going and
// says so in Cluster.Warnings; each member's own values stay in its Member.
package etcdconf

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// etcd 3.5 defaults (server/embed/config.go NewConfig).
const (
	DefaultName                = "default"
	DefaultInitialCluster      = "default=http://localhost:2380"
	DefaultInitialClusterToken = "etcd-cluster"
	DefaultClusterState        = "new"
	DefaultListenPeerURL       = "http://localhost:2380"
	DefaultListenClientURL     = "http://localhost:2379"
	DefaultHeartbeatMs         = 100
	DefaultElectionMs          = 1000
	DefaultSnapshotCount       = 100000
	// DefaultSnapshotCatchUpEntries is etcd 3.5's
	// --experimental-snapshot-catchup-entries: entries a member keeps
	// behind its snapshot for slow followers.
	DefaultSnapshotCatchUpEntries = 5000
	DefaultQuotaBackendBytes      = 0
	DefaultAutoCompactionMode     = "periodic"
	DefaultLogLevel               = "info"
	maxElectionMs                 = 50000
)

// Peer is one name=URL pair of --initial-cluster, in the order given.
type Peer struct {
	Name string
	URL  string
}

// Member is one etcd process's configuration: etcd 3.5's defaults overridden by its command line.
// URL lists are canonical (parsed, sorted, without duplicates) as etcd holds them.
type Member struct {
	Program string // the command (e.g. /usr/local/bin/etcd)
	Line    int    // index of the command line in Parse's input

	Name                     string
	DataDir                  string // "" means etcd's default, "<name>.etcd"
	InitialAdvertisePeerURLs []string
	ListenPeerURLs           []string
	ListenClientURLs         []string
	AdvertiseClientURLs      []string
	InitialClusterToken      string
	InitialCluster           []Peer
	InitialClusterState      string
	HeartbeatInterval        time.Duration
	ElectionTimeout          time.Duration
	PreVote                  bool
	SnapshotCount            uint64
	SnapshotCatchUpEntries   uint64

	CertFile, KeyFile, TrustedCAFile             string
	ClientCertAuth, AutoTLS                      bool
	PeerCertFile, PeerKeyFile, PeerTrustedCAFile string
	PeerClientCertAuth, PeerAutoTLS              bool

	// MaxRequestBytes is --max-request-bytes (etcd's default 1.5 MiB);
	// QuotaBackendBytes is --quota-backend-bytes (0: etcd's 2 GiB default,
	// negative: no quota).
	MaxRequestBytes   uint64
	QuotaBackendBytes int64

	// Recorded, not acted on by the lab.
	AutoCompactionMode      string
	AutoCompactionRetention string
	LogLevel                string
	ListenMetricsURLs       []string

	// Flags are the flags exactly as given, in order (name without dashes, value; "true" for a bare
	// boolean flag).
	Flags []Flag

	initialClusterRaw string
	explicit          map[string]bool
	// --heartbeat-interval and --election-timeout as given, in ms.
	tickMs, electMs uint64
}

// Flag is one flag as given on the command line.
type Flag struct {
	_           [0]func() // not comparable: no generated equality in the page
	Name, Value string
}

// IsSet reports whether the flag was given on the command line.
func (m *Member) IsSet(name string) bool { return m.explicit[name] }

func newMember() *Member {
	return &Member{
		Name:                     DefaultName,
		InitialAdvertisePeerURLs: []string{DefaultListenPeerURL},
		ListenPeerURLs:           []string{DefaultListenPeerURL},
		ListenClientURLs:         []string{DefaultListenClientURL},
		AdvertiseClientURLs:      []string{DefaultListenClientURL},
		InitialClusterToken:      DefaultInitialClusterToken,
		initialClusterRaw:        DefaultInitialCluster,
		InitialClusterState:      DefaultClusterState,
		HeartbeatInterval:        DefaultHeartbeatMs * time.Millisecond,
		ElectionTimeout:          DefaultElectionMs * time.Millisecond,
		PreVote:                  true,
		SnapshotCount:            DefaultSnapshotCount,
		SnapshotCatchUpEntries:   DefaultSnapshotCatchUpEntries,
		MaxRequestBytes:          DefaultMaxRequestBytes,
		tickMs:                   DefaultHeartbeatMs,
		electMs:                  DefaultElectionMs,
		AutoCompactionMode:       DefaultAutoCompactionMode,
		AutoCompactionRetention:  "0",
		LogLevel:                 DefaultLogLevel,
		explicit:                 map[string]bool{},
	}
}

// Parse reads one etcd command line per argument (each may span lines, or be a whole systemd unit) and
// returns the members' configurations. It fails, with the *Error etcd 3.5 reports, where etcd itself
// would exit before starting: flag errors (exit 2) and flag validation (exit 1, "failed to verify
// flags"). Problems etcd only finds while bootstrapping are NewCluster's.
func Parse(lines ...string) ([]*Member, error) {
	out := make([]*Member, 0, len(lines))
	for i, text := range lines {
		m, err := parseOne(i, text)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func parseOne(line int, text string) (*Member, error) {
	words, err := splitWords(commandText(text))
	if err != nil {
		return nil, &Error{Line: line, Message: "raftlab: " + err.Error(), ExitCode: 2, Source: SourceRaftlab}
	}
	m := newMember()
	m.Line = line
	if len(words) > 0 && !strings.HasPrefix(words[0], "-") {
		m.Program, words = words[0], words[1:]
	}
	set, rest, ferr := parseFlags(words)
	if ferr != "" {
		return nil, flagErr(line, ferr)
	}
	for _, f := range set {
		m.apply(f.name, f.value)
	}
	name := m.Name
	if len(rest) != 0 {
		return nil, verifyErr(line, name, fmt.Sprintf("'%s' is not a valid flag", rest[0]), SourceEtcdmainArgs)
	}
	if m.IsSet("config-file") {
		return nil, &Error{Member: name, Line: line, Message: "raftlab: --config-file is not read in the lab; paste the flags instead", ExitCode: 1, Source: SourceRaftlab}
	}
	if m.IsSet("discovery") || m.IsSet("discovery-srv") {
		return nil, &Error{Member: name, Line: line, Message: "raftlab: discovery is not simulated; use --initial-cluster", ExitCode: 1, Source: SourceRaftlab}
	}
	// etcdmain: listen-client-urls given without advertise-client-urls drops the default advertise URL.
	if m.IsSet("listen-client-urls") && !m.IsSet("advertise-client-urls") {
		m.AdvertiseClientURLs = nil
	}
	if err := m.validate(); err != nil {
		return nil, verifyErr(line, name, err.Error(), SourceEmbedValidate)
	}
	// etcdmain UpdateDefaultClusterFromName: --name without --initial-cluster means a one-member
	// cluster of this member's advertised peer URLs.
	if m.Name != DefaultName && m.initialClusterRaw == DefaultInitialCluster {
		pairs := make([]string, len(m.InitialAdvertisePeerURLs))
		for i, u := range m.InitialAdvertisePeerURLs {
			pairs[i] = m.Name + "=" + u
		}
		m.initialClusterRaw = strings.Join(pairs, ",")
	}
	m.InitialCluster = splitInitialCluster(m.initialClusterRaw)
	return m, nil
}

func (m *Member) apply(name, v string) {
	m.explicit[name] = true
	m.Flags = append(m.Flags, Flag{Name: name, Value: v})
	b, _ := strconv.ParseBool(v)
	u, _ := strconv.ParseUint(v, 0, 64)
	switch name {
	case "name":
		m.Name = v
	case "data-dir":
		m.DataDir = v
	case "initial-advertise-peer-urls":
		m.InitialAdvertisePeerURLs = uniqueURLs(v)
	case "listen-peer-urls":
		m.ListenPeerURLs = uniqueURLs(v)
	case "listen-client-urls":
		m.ListenClientURLs = uniqueURLs(v)
	case "advertise-client-urls":
		m.AdvertiseClientURLs = uniqueURLs(v)
	case "listen-metrics-urls":
		m.ListenMetricsURLs = uniqueURLs(v)
	case "initial-cluster-token":
		m.InitialClusterToken = v
	case "initial-cluster":
		m.initialClusterRaw = v
	case "initial-cluster-state":
		m.InitialClusterState = v
	case "heartbeat-interval":
		// Kept in ms too: a huge value would overflow the Duration before
		// validate sees it.
		m.tickMs = u
		m.HeartbeatInterval = time.Duration(min(u, maxElectionMs)) * time.Millisecond
	case "election-timeout":
		m.electMs = u
		m.ElectionTimeout = time.Duration(min(u, maxElectionMs+1)) * time.Millisecond
	case "max-request-bytes":
		m.MaxRequestBytes = u
	case "pre-vote":
		m.PreVote = b
	case "snapshot-count":
		m.SnapshotCount = u
	case "experimental-snapshot-catchup-entries":
		m.SnapshotCatchUpEntries = u
	case "cert-file":
		m.CertFile = v
	case "key-file":
		m.KeyFile = v
	case "trusted-ca-file":
		m.TrustedCAFile = v
	case "client-cert-auth":
		m.ClientCertAuth = b
	case "auto-tls":
		m.AutoTLS = b
	case "peer-cert-file":
		m.PeerCertFile = v
	case "peer-key-file":
		m.PeerKeyFile = v
	case "peer-trusted-ca-file":
		m.PeerTrustedCAFile = v
	case "peer-client-cert-auth":
		m.PeerClientCertAuth = b
	case "peer-auto-tls":
		m.PeerAutoTLS = b
	case "quota-backend-bytes":
		m.QuotaBackendBytes, _ = strconv.ParseInt(v, 0, 64)
	case "auto-compaction-mode":
		m.AutoCompactionMode = v
	case "auto-compaction-retention":
		m.AutoCompactionRetention = v
	case "log-level":
		m.LogLevel = v
	}
}

// validate is the part of etcd 3.5's embed.Config.Validate that concerns the lab.
func (m *Member) validate() error {
	if err := checkBindURLs(m.ListenPeerURLs); err != nil {
		return err
	}
	if err := checkBindURLs(m.ListenClientURLs); err != nil {
		return err
	}
	if err := checkBindURLs(m.ListenMetricsURLs); err != nil {
		return err
	}
	if err := checkHostURLs(m.InitialAdvertisePeerURLs); err != nil {
		return fmt.Errorf(`--initial-advertise-peer-urls %q must be "host:port" (%v)`, strings.Join(m.InitialAdvertisePeerURLs, ","), err)
	}
	if err := checkHostURLs(m.AdvertiseClientURLs); err != nil {
		return fmt.Errorf(`--advertise-client-urls %q must be "host:port" (%v)`, strings.Join(m.AdvertiseClientURLs, ","), err)
	}
	if err := CheckTiming(m.tickMs, m.electMs); err != nil {
		return err
	}
	if len(m.ListenClientURLs) > 0 && len(m.AdvertiseClientURLs) == 0 {
		return fmt.Errorf("--advertise-client-urls is required when --listen-client-urls is set explicitly")
	}
	switch m.AutoCompactionMode {
	case "periodic", "revision":
	case "":
		return fmt.Errorf("undefined auto-compaction-mode")
	default:
		return fmt.Errorf("unknown auto-compaction-mode %q", m.AutoCompactionMode)
	}
	return nil
}

func splitHostPort(u string) (string, error) {
	i := strings.Index(u, "://")
	if i < 0 {
		return "", nil
	}
	if strings.HasPrefix(u, "unix") {
		return "", nil
	}
	hp := u[i+3:]
	h, _, err := netSplitHostPort(hp)
	return h, err
}

// checkBindURLs: listen URLs must use IP addresses (or localhost).
func checkBindURLs(urls []string) error {
	for _, u := range urls {
		if strings.HasPrefix(u, "unix") {
			continue
		}
		host, err := splitHostPort(u)
		if err != nil {
			return err
		}
		if host == "localhost" {
			continue
		}
		if !isIP(host) {
			return fmt.Errorf("expected IP in URL for binding (%s)", u)
		}
	}
	return nil
}

func checkHostURLs(urls []string) error {
	for _, u := range urls {
		if strings.HasPrefix(u, "unix") {
			continue
		}
		host, err := splitHostPort(u)
		if err != nil {
			return err
		}
		if host == "" {
			return fmt.Errorf("unexpected empty host (%s)", u)
		}
	}
	return nil
}

// splitInitialCluster splits --initial-cluster as types.NewURLsMap's parse does (comma-separated
// name=value, empty items skipped), keeping the order given. Values are not checked here.
func splitInitialCluster(s string) []Peer {
	var out []Peer
	for _, item := range strings.Split(s, ",") {
		if item == "" {
			continue
		}
		name, value, _ := strings.Cut(item, "=")
		out = append(out, Peer{Name: name, URL: value})
	}
	return out
}

// InitialClusterString is --initial-cluster as given (or as etcd defaulted it).
func (m *Member) InitialClusterString() string { return m.initialClusterRaw }
