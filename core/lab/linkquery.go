package lab

import "github.com/raftlab/raftlab/core/neturl"

// The page's share links are URL queries. It encodes and decodes them as
// net/url does, through these (core/neturl: package net/url linked
// internal/godebug, internal/bisect and net/netip into main.wasm).

// Values is url.Values.
type Values = neturl.Values

// ParseQuery is url.ParseQuery.
func ParseQuery(query string) (Values, error) { return neturl.ParseQuery(query) }

// QueryEscape is url.QueryEscape.
func QueryEscape(s string) string { return neturl.QueryEscape(s) }
