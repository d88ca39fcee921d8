package web

import (
	"math"
	"strconv"
	"time"
)

// Geometry of the cluster view, in SVG user units (the viewBox is
// -RingBox/2 … RingBox/2 on both axes).
//
// A whole network is a ring. A partition is geography: each side of it is
// a column of its own (its members in a grid, sides separated by a dashed
// divide and captioned with their size and whether they hold a quorum);
// members glide between the two pictures (Session.glide). Every label has
// its own place: the browser test TestNoOverlaps measures that no text
// overlaps other text or another member's circle for every size 1..7.
const (
	RingBox    = 400.0
	RingRadius = 125.0
	NodeRadius = 34.0 // up to 5 members; 30 for 6 and 7
	timerGap   = 7.0  // the election timer's arc, outside the circle
	colWidth   = 86.0 // one column of members in a partition
	sideGap    = 26.0 // between the sides of a partition
	rowGap     = 100.0
	captionY   = -182.0
)

// nodeRadius is the members' circle radius for a cluster of n.
func nodeRadius(n int) float64 {
	if n >= 6 {
		return 30
	}
	return NodeRadius
}

// RingPoint is the centre of member i of n on the ring, starting at the top
// and going clockwise.
func RingPoint(i, n int) (x, y float64) {
	if n <= 1 {
		return 0, 0
	}
	a := 2*math.Pi*float64(i)/float64(n) - math.Pi/2
	return RingRadius * math.Cos(a), RingRadius * math.Sin(a)
}

// sideLayout places members by side: side[i] is member i's side, 0..k-1.
// It returns each member's centre, each side's centre x, and the x of the
// divides between sides; ok is false when the sides do not fit in columns
// (more than three sides), and the caller keeps the ring.
func sideLayout(side []int, k int) (pts [][2]float64, centres, divides []float64, ok bool) {
	if k < 2 || k > 3 {
		return nil, nil, nil, false
	}
	members := make([][]int, k)
	for i, s := range side {
		members[s] = append(members[s], i)
	}
	cols := make([]int, k)
	width := sideGap * float64(k-1)
	for s, ms := range members {
		cols[s] = max(1, (len(ms)+2)/3)
		width += float64(cols[s]) * colWidth
	}
	if width > RingBox-8 {
		return nil, nil, nil, false
	}
	pts = make([][2]float64, len(side))
	x := -width / 2
	for s, ms := range members {
		w := float64(cols[s]) * colWidth
		centres = append(centres, x+w/2)
		// Column-major: the first column takes ceil(k/cols) members.
		per := (len(ms) + cols[s] - 1) / cols[s]
		for j, i := range ms {
			c, r := j/per, j%per
			inCol := min(per, len(ms)-c*per)
			pts[i] = [2]float64{x + (float64(c)+0.5)*colWidth, (float64(r) - float64(inCol-1)/2) * rowGap}
		}
		x += w
		if s < k-1 {
			divides = append(divides, x+sideGap/2)
			x += sideGap
		}
	}
	return pts, centres, divides, true
}

// labelY is where the line under a member goes: below its circle, or above
// it on the upper half of the ring (away from the ring's centre).
func labelY(m MemberView, r float64, ring bool) float64 {
	if ring && m.TY < -1 {
		return -(r + timerGap + 8)
	}
	return r + timerGap + 16
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
	if m.Selected {
		c += " selected"
	}
	if m.Timer >= 0 {
		c += " timed"
	}
	if m.Timer > 0.8 {
		c += " urgent"
	}
	if m.Host {
		c += " host"
	}
	return c
}

// glideTime is how long members take to reach a new place (a partition,
// a heal): long enough to see the sides move apart and back.
const glideTime = 450 * time.Millisecond

// glide moves each member's drawn position towards its layout position by
// the real time since the last frame, and reports whether any is still on
// its way. Natively (tests) members are at once where the layout puts them.
func (s *Session) glide(ms []MemberView) bool {
	now := s.wall()
	dt := now - s.glideAt
	s.glideAt = now
	if s.pos == nil || len(s.pos) != len(ms) {
		s.pos = make([][2]float64, len(ms))
		dt = -1
	}
	moving := false
	for i := range ms {
		m := &ms[i]
		p := &s.pos[i]
		if dt > 100*time.Millisecond { // after an idle spell or a slow frame
			dt = 50 * time.Millisecond
		}
		if dt < 0 || !LiveDOM {
			*p = [2]float64{m.TX, m.TY}
		} else {
			a := 1 - math.Exp(-float64(dt)/float64(glideTime/4))
			p[0] += (m.TX - p[0]) * a
			p[1] += (m.TY - p[1]) * a
			if math.Abs(m.TX-p[0]) < 0.3 && math.Abs(m.TY-p[1]) < 0.3 {
				*p = [2]float64{m.TX, m.TY}
			} else {
				moving = true
			}
		}
		m.X, m.Y = p[0], p[1]
	}
	return moving
}
