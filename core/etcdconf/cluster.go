package etcdconf

import (
	"fmt"
	"strings"
	"time"

	url "github.com/raftlab/raftlab/core/neturl"

	"github.com/raftlab/raftlab/core/etcdid"
	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// ClusterMember is one member of the bootstrapped cluster.
type ClusterMember struct {
	Name       string
	ID         uint64
	PeerURLs   []string // canonical, sorted
	ClientURLs []string // the member's --advertise-client-urls (nil if it has no command line)
	// Config is the member's command line, nil when --initial-cluster names a member no command line
	// starts (it stays down, as a machine nobody started).
	Config *Member
}

// Cluster is the cluster a set of etcd command lines bootstraps.
type Cluster struct {
	Token     string
	ClusterID uint64
	Members   []ClusterMember // in --initial-cluster order of the first command line

	// Raft settings the lab runs with: the first command line's (see the package comment).
	HeartbeatInterval time.Duration
	ElectionTimeout   time.Duration
	PreVote           bool
	SnapshotCount     uint64
	// SnapshotCatchUpEntries is --experimental-snapshot-catchup-entries.
	SnapshotCatchUpEntries uint64
	// Request limits, also the first command line's.
	MaxRequestBytes   uint64
	QuotaBackendBytes int64

	// Warnings are deviations the lab accepts (differing Raft settings, members without a command
	// line, members joining with --initial-cluster-state existing).
	Warnings []string
}

// Member returns the member with that name, or nil. A name's last byte is
// compared before the rest: a cluster's names mostly differ only there
// (node-1 … node-5), and a comparison of strings of one length calls
// memequal (an etcd client looks its endpoint and host up on every
// request).
func (c *Cluster) Member(name string) *ClusterMember {
	for i := range c.Members {
		if n := c.Members[i].Name; len(n) == len(name) && (n == "" || n[len(n)-1] == name[len(n)-1]) && n == name {
			return &c.Members[i]
		}
	}
	return nil
}

// view is what one process computes while bootstrapping.
type view struct {
	m         *Member
	urlsmap   map[string][]string // name → canonical sorted peer URLs
	ids       map[string]uint64
	clusterID uint64
}

// NewCluster bootstraps the cluster the members' command lines describe, as the etcd processes
// started from them would: each process's own bootstrap checks first (etcd 3.5 embed.StartEtcd and
// etcdserver bootstrap; fatal "discovery failed", exit 1), then what the processes find when they talk
// to each other (peers computing different cluster IDs reject each other and never elect a leader).
func NewCluster(cfgs []*Member) (*Cluster, error) {
	if len(cfgs) == 0 {
		return nil, &Error{Line: -1, Message: "raftlab: no etcd command lines", ExitCode: 1, Source: SourceRaftlab}
	}
	names := map[string]int{}
	views := make([]*view, len(cfgs))
	for i, m := range cfgs {
		if j, dup := names[m.Name]; dup {
			return nil, &Error{Member: m.Name, Line: m.Line, Message: fmt.Sprintf("raftlab: command lines %d and %d both start member %q", j+1, i+1, m.Name), ExitCode: 1, Source: SourceRaftlab}
		}
		names[m.Name] = i
		v, err := bootstrap(m)
		if err != nil {
			return nil, err
		}
		views[i] = v
	}
	newCount := 0
	for _, v := range views {
		if v.m.InitialClusterState == "new" {
			newCount++
		}
	}
	if newCount == 0 {
		m := cfgs[0]
		return nil, startErr(m.Line, m.Name, "cannot fetch cluster info from peer urls: could not retrieve cluster information from the given URLs", SourceJoinExisting)
	}
	first := views[0]
	for _, v := range views[1:] {
		if v.clusterID != first.clusterID {
			return nil, &Error{
				Member: v.m.Name, Line: v.m.Line,
				Message: fmt.Sprintf("request cluster ID mismatch: %s (cluster %s, --initial-cluster-token %q) and %s (cluster %s, --initial-cluster-token %q) compute different cluster IDs from their --initial-cluster and --initial-cluster-token; they reject each other's messages and no leader is elected",
					v.m.Name, etcdid.Format(v.clusterID), v.m.InitialClusterToken, first.m.Name, etcdid.Format(first.clusterID), first.m.InitialClusterToken),
				Log: "request cluster ID mismatch", Level: "warn", ExitCode: 0, Source: SourceRafthttp,
			}
		}
	}
	c := &Cluster{
		Token:                  first.m.InitialClusterToken,
		ClusterID:              first.clusterID,
		HeartbeatInterval:      first.m.HeartbeatInterval,
		ElectionTimeout:        first.m.ElectionTimeout,
		PreVote:                first.m.PreVote,
		SnapshotCount:          first.m.SnapshotCount,
		SnapshotCatchUpEntries: first.m.SnapshotCatchUpEntries,
		MaxRequestBytes:        first.m.MaxRequestBytes,
		QuotaBackendBytes:      first.m.QuotaBackendBytes,
	}
	seen := map[string]bool{}
	for _, p := range first.m.InitialCluster {
		if seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		cm := ClusterMember{Name: p.Name, ID: first.ids[p.Name], PeerURLs: first.urlsmap[p.Name]}
		if i, ok := names[p.Name]; ok {
			cm.Config = cfgs[i]
			cm.ClientURLs = append([]string(nil), cfgs[i].AdvertiseClientURLs...)
		} else {
			c.Warnings = append(c.Warnings, fmt.Sprintf("member %s is in --initial-cluster but no command line starts it", p.Name))
		}
		c.Members = append(c.Members, cm)
	}
	for _, v := range views[1:] {
		m := v.m
		if m.HeartbeatInterval != c.HeartbeatInterval || m.ElectionTimeout != c.ElectionTimeout || m.PreVote != c.PreVote || m.SnapshotCount != c.SnapshotCount {
			c.Warnings = append(c.Warnings, fmt.Sprintf("member %s has --heartbeat-interval=%d --election-timeout=%d --pre-vote=%t --snapshot-count=%d; the lab uses %s's (%d, %d, %t, %d) for every member",
				m.Name, m.HeartbeatInterval.Milliseconds(), m.ElectionTimeout.Milliseconds(), m.PreVote, m.SnapshotCount,
				first.m.Name, c.HeartbeatInterval.Milliseconds(), c.ElectionTimeout.Milliseconds(), c.PreVote, c.SnapshotCount))
		}
		if m.InitialClusterState == "existing" {
			c.Warnings = append(c.Warnings, fmt.Sprintf("member %s uses --initial-cluster-state existing; it joins the members started with \"new\"", m.Name))
		}
	}
	if first.m.InitialClusterState == "existing" {
		c.Warnings = append(c.Warnings, fmt.Sprintf("member %s uses --initial-cluster-state existing; it joins the members started with \"new\"", first.m.Name))
	}
	return c, nil
}

// bootstrap runs one process's bootstrap checks, in etcd 3.5's order.
func bootstrap(m *Member) (*view, error) {
	// embed.StartEtcd: PeerURLsMapAndToken → types.NewURLsMap.
	urlsmap := map[string][]string{}
	for _, p := range m.InitialCluster {
		us, err := newURLs([]string{p.URL})
		if err != nil {
			return nil, startErr(m.Line, m.Name, "error setting up initial cluster: "+err.Error(), SourceURLsMap)
		}
		urlsmap[p.Name] = append(urlsmap[p.Name], us...)
	}
	for n := range urlsmap {
		sortStrings(urlsmap[n])
	}
	// config.VerifyBootstrap (new) / VerifyJoinExisting (existing).
	if urlsmap[m.Name] == nil {
		return nil, startErr(m.Line, m.Name, fmt.Sprintf("couldn't find local name %q in the initial cluster configuration", m.Name), SourceVerifyBootstrap)
	}
	if m.InitialClusterState == "new" {
		if err := advertiseMatchesCluster(m.Name, m.InitialAdvertisePeerURLs, urlsmap[m.Name]); err != nil {
			return nil, startErr(m.Line, m.Name, err.Error(), SourceVerifyBootstrap)
		}
	}
	seen := map[string]bool{}
	for _, n := range keys.Sorted(urlsmap) {
		for _, u := range urlsmap[n] {
			if seen[u] {
				return nil, startErr(m.Line, m.Name, fmt.Sprintf("initial cluster %s has duplicate url", urlsMapString(urlsmap)), SourceVerifyBootstrap)
			}
			seen[u] = true
		}
	}
	v := &view{m: m, urlsmap: urlsmap, ids: map[string]uint64{}}
	ids := make([]uint64, 0, len(urlsmap))
	for n, us := range urlsmap {
		id := etcdid.MemberID(us, m.InitialClusterToken)
		v.ids[n] = id
		ids = append(ids, id)
	}
	v.clusterID = etcdid.ClusterID(ids)
	return v, nil
}

// urlsMapString is types.URLsMap.String: sorted name=url pairs joined by commas.
func urlsMapString(m map[string][]string) string {
	var pairs []string
	for n, us := range m {
		for _, u := range us {
			pairs = append(pairs, n+"="+u)
		}
	}
	ptrsort.Strings(pairs)
	return strings.Join(pairs, ",")
}

// advertiseMatchesCluster is etcd 3.5's ServerConfig.advertiseMatchesCluster with
// netutil.URLStringsEqual. Host names resolve deterministically in the lab: "localhost" to 127.0.0.1,
// anything else to itself.
func advertiseMatchesCluster(name string, advertised, initial []string) error {
	apurls := append([]string(nil), advertised...)
	urls := append([]string(nil), initial...)
	ptrsort.Strings(apurls)
	ptrsort.Strings(urls)
	ok, cmpErr := urlStringsEqual(apurls, urls)
	if ok {
		return nil
	}
	initMap, apMap := map[string]bool{}, map[string]bool{}
	for _, u := range advertised {
		apMap[u] = true
	}
	for _, u := range initial {
		initMap[u] = true
	}
	var missing []string
	for _, u := range urls {
		if !apMap[u] {
			missing = append(missing, name+"="+u)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("--initial-cluster has %s but missing from --initial-advertise-peer-urls=%s (%v)", strings.Join(missing, ","), strings.Join(apurls, ","), cmpErr)
	}
	umap := urlsMapString(map[string][]string{name: advertised})
	for _, u := range apurls {
		if !initMap[u] {
			missing = append(missing, u)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("--initial-advertise-peer-urls has %s but missing from --initial-cluster=%s", strings.Join(missing, ","), umap)
	}
	return fmt.Errorf("failed to resolve %s to match --initial-cluster=%s (%v)", strings.Join(apurls, ","), umap, cmpErr)
}

func urlStringsEqual(a, b []string) (bool, error) {
	if len(a) != len(b) {
		return false, fmt.Errorf("len(%q) != len(%q)", a, b)
	}
	ra, rb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ra[i], rb[i] = resolve(a[i]), resolve(b[i])
	}
	ptrsort.Strings(ra)
	ptrsort.Strings(rb)
	for i := range ra {
		if ra[i] != rb[i] {
			return false, fmt.Errorf("%q(resolved from %q) != %q(resolved from %q)", ra[i], a[i], rb[i], b[i])
		}
	}
	return true, nil
}

func resolve(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "unix" || u.Scheme == "unixs" {
		return s
	}
	if u.Hostname() == "localhost" {
		u.Host = "127.0.0.1:" + u.Port()
	}
	return u.String()
}
