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
	timerR     = 45.0
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

// timerDash draws a timer arc that drains as the election timeout nears:
// the visible part is the time left.
func timerDash(frac float64) string {
	c := 2 * math.Pi * timerR
	left := c * (1 - frac)
	return num(left) + " " + num(c)
}

// labelDY puts the line under a member below its circle, or above it for
// members in the lower half (so it stays inside the view).
func labelDY(m MemberView) float64 {
	if m.Y > 60 {
		return -54
	}
	return 62
}

func linkClass(l LinkView) string {
	if l.Cut {
		return "link cut"
	}
	return "link"
}

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
	if m.Selected {
		c += " selected"
	}
	if m.Timer >= 0 {
		c += " timed"
	}
	if m.Timer > 0.8 {
		c += " urgent"
	}
	return c
}
