package web

import (
	"strconv"

	"github.com/raftlab/raftlab/core/lab"
)

// Lang is the UI language (lab.Lang): the message catalog behind it holds
// every UI string and event sentence in English and Korean under one key.
// New strings go into core/catalog/messages.go (TestEveryUsedKeyInCatalog
// fails for a key the page uses that the catalog lacks).
type Lang = lab.Lang

// The page's languages.
const (
	English = lab.English
	Korean  = lab.Korean
)

// tr returns the UI string key in lang.
func tr(lang Lang, key string) string { return lang.Text(key) }

// trv is tr for the templates, whose vg-content and bound attributes take
// an interface: converting the string here, once, spares every one of the
// templates' calls its own conversion (code in a Build; the page's gzipped
// main.wasm is smaller, see boolv).
func trv(lang Lang, key string) any { return lang.Text(key) }

// boolv is strconv.FormatBool for the templates' bound attributes (as trv):
// "true" or "false", never nil, so the attribute is always set.
func boolv(b bool) any { return strconv.FormatBool(b) }

// RoleLabel is a role in lang.
func RoleLabel(lang Lang, m MemberView) string {
	if !m.Up {
		return tr(lang, "down")
	}
	switch m.Role {
	case RoleLeader, RoleFollower, RoleCandidate, RolePreCandidate, RoleLearner:
		return tr(lang, string(m.Role))
	}
	return tr(lang, "unknown")
}
