package web

import (
	"strconv"
	"strings"

	"github.com/raftlab/raftlab/core/lab"
)

// LinCommand is the console's command that checks the session's client
// history for linearizability; the safety panel shows its last report.
const LinCommand = "check-linearizability"

// CheckLinearizability runs the console's check, so it shows in the console
// with its result.
func (c *Root) CheckLinearizability() { c.S.Issue(LinCommand) }

// lin is the last check's report on the current cluster, or nil.
func (c *Root) lin() *lab.LinearizabilityReport { return c.S.Lab.LastLinearizability() }

// LinRow is one line of the report as the safety panel shows it.
type LinRow struct{ Label, Value, TestID string }

// linResult is the report's verdict in words.
func (c *Root) linResult() string {
	switch c.lin().Result {
	case "ok":
		return "✓ " + c.t("linearizable")
	case "violation":
		return "✗ " + c.t("NOT linearizable")
	}
	return "? " + c.t("unknown: the checker ran out of time")
}

func (c *Root) linClass() string {
	switch c.lin().Result {
	case "ok":
		return "linreport ok"
	case "violation":
		return "linreport bad"
	}
	return "linreport unknown"
}

func (c *Root) linRows() []LinRow {
	r := c.lin()
	skipped := c.t("none")
	if len(r.SkippedKeys) > 0 {
		const show = 8
		ks := r.SkippedKeys
		more := ""
		if len(ks) > show {
			ks, more = ks[:show], " … +"+strconv.Itoa(len(r.SkippedKeys)-show)
		}
		skipped = clip(strings.Join(ks, ", ") + more)
	}
	rows := []LinRow{
		{c.t("Operations checked"), strconv.Itoa(r.Operations), "lin-ops"},
		{c.t("of client requests"), strconv.Itoa(r.Requests), "lin-requests"},
		{c.t("Keys"), strconv.Itoa(r.Keys), "lin-keys"},
		{c.t("Outcome unknown (timed out)"), strconv.Itoa(r.Unknown), "lin-unknown"},
		{c.t("Serializable reads (not checked)"), strconv.Itoa(r.Serializable), "lin-serializable"},
		{c.t("Skipped keys"), skipped, "lin-skipped"},
	}
	if r.Dropped > 0 {
		rows = append(rows, LinRow{c.t("Requests past the history bound"), strconv.Itoa(r.Dropped), "lin-dropped"})
	}
	return rows
}

// linValid reports whether the shown report belongs to the current cluster.
func (c *Root) linValid() bool { return c.lin() != nil }
