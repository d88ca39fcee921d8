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

// FactRow is one line of a list of facts (dl.facts): the linearizability
// report, the session size.
type FactRow struct {
	_                    noEqual
	Label, Value, TestID string
}

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

func (c *Root) linRows() []FactRow {
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
	rows := []FactRow{
		{Label: c.t("Operations checked"), Value: strconv.Itoa(r.Operations), TestID: "lin-ops"},
		{Label: c.t("of client requests"), Value: strconv.Itoa(r.Requests), TestID: "lin-requests"},
		{Label: c.t("Keys"), Value: strconv.Itoa(r.Keys), TestID: "lin-keys"},
		{Label: c.t("Outcome unknown (timed out)"), Value: strconv.Itoa(r.Unknown), TestID: "lin-unknown"},
		{Label: c.t("Serializable reads (not checked)"), Value: strconv.Itoa(r.Serializable), TestID: "lin-serializable"},
		{Label: c.t("Skipped keys"), Value: skipped, TestID: "lin-skipped"},
	}
	if r.Dropped > 0 {
		rows = append(rows, FactRow{Label: c.t("Requests past the history bound"), Value: strconv.Itoa(r.Dropped), TestID: "lin-dropped"})
	}
	return rows
}

// linValid reports whether the shown report belongs to the current cluster.
func (c *Root) linValid() bool { return c.lin() != nil }
