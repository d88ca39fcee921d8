package web

import (
	"strconv"
	"strings"
	"time"
)

// LinTimeout bounds the linearizability search (porcupine) in the page.
const LinTimeout = 5 * time.Second

// LinCommand is the console's own command that checks the session's
// client history for linearizability (like `clear`, the page handles it;
// core/lab's console has no such command).
const LinCommand = "check-linearizability"

// CheckLinearizability runs the check as the console command LinCommand,
// so it shows in the console with its result.
func (c *Root) CheckLinearizability() { c.S.Issue(LinCommand) }

// checkLin runs l.CheckLinearizability and prints the report.
func (s *Session) checkLin() {
	rep := s.Lab.CheckLinearizability(LinTimeout)
	s.lin = &rep
	s.linGen = s.gen
	s.out(StreamStdout, rep.String())
	if len(rep.SkippedKeys) > 0 {
		s.out(StreamStdout, "skipped keys: "+strings.Join(rep.SkippedKeys, " "))
	}
	code := 0
	if rep.Result != "ok" {
		code = 1
	}
	s.exit(code)
}

// LinRow is one line of the report as the safety panel shows it.
type LinRow struct{ Label, Value, TestID string }

// linResult is the report's verdict in words.
func (c *Root) linResult() string {
	switch c.S.lin.Result {
	case "ok":
		return "✓ " + c.t("linearizable")
	case "violation":
		return "✗ " + c.t("NOT linearizable")
	}
	return "? " + c.t("unknown: the checker ran out of time")
}

func (c *Root) linClass() string {
	switch c.S.lin.Result {
	case "ok":
		return "linreport ok"
	case "violation":
		return "linreport bad"
	}
	return "linreport unknown"
}

func (c *Root) linRows() []LinRow {
	r := c.S.lin
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
func (c *Root) linValid() bool { return c.S.lin != nil && c.S.linGen == c.S.gen }
