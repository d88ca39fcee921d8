package etcdconf

import (
	"strings"

	"github.com/raftlab/raftlab/core/neturl"
)

// Package net is not imported: only these two of its functions are used,
// and importing it links its initialisation (the resolver's tables, DNS
// messages) into the page: about 10 kB of gzipped wasm with pflag's IP
// flags gone too (third_party/pflag). TestNetTwins checks both against net.

// netSplitHostPort is net.SplitHostPort (Go 1.26, net/ipsock.go) with its
// error texts (net.AddrError's).
func netSplitHostPort(hostport string) (host, port string, err error) {
	const (
		missingPort   = "missing port in address"
		tooManyColons = "too many colons in address"
	)
	addrErr := func(addr, why string) (host, port string, err error) {
		return "", "", &addrError{err: why, addr: addr}
	}
	j, k := 0, 0
	// The port starts after the last colon.
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 {
		return addrErr(hostport, missingPort)
	}
	if hostport[0] == '[' {
		// Expect the first ']' just before the last ':'.
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return addrErr(hostport, "missing ']' in address")
		}
		switch end + 1 {
		case len(hostport):
			// There can't be a ':' behind the ']' now.
			return addrErr(hostport, missingPort)
		case i:
			// The expected result.
		default:
			// Either ']' isn't followed by a colon, or it is
			// followed by a colon that is not the last one.
			if hostport[end+1] == ':' {
				return addrErr(hostport, tooManyColons)
			}
			return addrErr(hostport, missingPort)
		}
		host = hostport[1:end]
		j, k = 1, end+1 // there can't be a '[' resp. ']' before these positions
	} else {
		host = hostport[:i]
		if strings.IndexByte(host, ':') >= 0 {
			return addrErr(hostport, tooManyColons)
		}
	}
	if strings.IndexByte(hostport[j:], '[') >= 0 {
		return addrErr(hostport, "unexpected '[' in address")
	}
	if strings.IndexByte(hostport[k:], ']') >= 0 {
		return addrErr(hostport, "unexpected ']' in address")
	}
	port = hostport[i+1:]
	return host, port, nil
}

// addrError is net.AddrError's text.
type addrError struct{ err, addr string }

func (e *addrError) Error() string {
	if e.addr != "" {
		return "address " + e.addr + ": " + e.err
	}
	return e.err
}

// isIP is net.ParseIP(h) != nil (neturl: package net/netip linked
// package unique into the page).
func isIP(h string) bool { return neturl.IsIP(h) }
