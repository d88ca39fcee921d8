package web

import (
	"math"
	"strconv"
)

// Geometry of the cluster ring, in SVG user units (the viewBox is
// -RingBox/2 … RingBox/2 on both axes).
const (
	RingBox    = 400.0
	RingRadius = 130.0
	NodeRadius = 38.0
)

// RingPoint is the centre of member i of n on the ring, starting at the top
// and going clockwise.
func RingPoint(i, n int) (x, y float64) {
	if n <= 1 {
		return 0, 0
	}
	a := 2*math.Pi*float64(i)/float64(n) - math.Pi/2
	return RingRadius * math.Cos(a), RingRadius * math.Sin(a)
}

// num formats an SVG coordinate.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }

// memberClass is the CSS class list of a member's group.
func memberClass(m MemberView) string {
	role := string(m.Role)
	switch m.Role {
	case RoleLeader, RoleFollower, RoleCandidate, RolePreCandidate, RoleLearner:
	default:
		role = "unknown"
	}
	c := "member role-" + role
	if !m.Up {
		c += " down"
	}
	return c
}

// roleLabel is the human-readable role of a member.
func roleLabel(m MemberView) string {
	if !m.Up {
		return "down"
	}
	if m.Role == RoleUnknown {
		return "unknown"
	}
	return string(m.Role)
}

// memberSummary is the accessible description of a member.
func memberSummary(m MemberView) string {
	s := m.Name + ": " + roleLabel(m) + ", term " + strconv.FormatUint(m.Term, 10) +
		", commit " + strconv.FormatUint(m.CommitIndex, 10) + ", applied " + strconv.FormatUint(m.AppliedIndex, 10)
	if m.Note != "" {
		s += ", " + m.Note
	}
	return s
}
