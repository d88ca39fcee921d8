// Package etcdid computes etcd's member and cluster identities exactly as etcd 3.5 does.
//
// Member ID (server/etcdserver/api/membership/member.go, computeMemberId): SHA-1 over the member's peer
// URLs, sorted and joined with no separator, followed by the cluster token (--initial-cluster-token);
// the first 8 bytes of the digest, big-endian. etcd appends a Unix time only for members added at
// runtime (`member add`); bootstrap members get none, and neither do the IDs computed here.
//
// Cluster ID (membership/cluster.go, genID): SHA-1 over the member IDs sorted ascending, each as 8
// big-endian bytes; the first 8 bytes of the digest, big-endian.
package etcdid

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/digest"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// MemberID is the ID etcd gives a bootstrap member with these peer URLs and cluster token.
// The peer URLs must be in etcd's canonical form (url.URL.String of the parsed URL); their order does
// not matter.
func MemberID(peerURLs []string, token string) uint64 {
	s := slices.Clone(peerURLs)
	ptrsort.Strings(s)
	b := []byte(strings.Join(s, ""))
	b = append(b, token...)
	h := digest.SHA1(b)
	return binary.BigEndian.Uint64(h[:8])
}

// MemberIDAt is the ID etcd gives a member added at runtime (`etcdctl member add`), whose hash also
// covers the Unix time of the addition in decimal.
func MemberIDAt(peerURLs []string, token string, unixSeconds int64) uint64 {
	return MemberID(peerURLs, token+strconv.FormatInt(unixSeconds, 10))
}

// ClusterID is the cluster ID etcd derives from the member IDs (in any order).
func ClusterID(memberIDs []uint64) uint64 {
	ids := slices.Clone(memberIDs)
	ptrsort.Uint64s(ids)
	b := make([]byte, 8*len(ids))
	for i, id := range ids {
		binary.BigEndian.PutUint64(b[8*i:], id)
	}
	h := digest.SHA1(b)
	return binary.BigEndian.Uint64(h[:8])
}

// Format prints an ID as etcd does in text output (types.ID.String): lower-case hex, no leading zeros.
func Format(id uint64) string { return strconv.FormatUint(id, 16) }

// Parse reads a hex ID as etcdctl does (strconv.ParseUint(s, 16, 64)); the error text is strconv's,
// which etcdctl prints as `Error: bad member ID arg (…), expecting ID in Hex`.
func Parse(s string) (uint64, error) { return strconv.ParseUint(s, 16, 64) }

// ParseMemberArg parses a member ID argument the way etcdctl's member commands do and returns the
// error text etcdctl prints (without the leading "Error: ").
func ParseMemberArg(s string) (uint64, error) {
	id, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("bad member ID arg (%v), expecting ID in Hex", err)
	}
	return id, nil
}
