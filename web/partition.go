package web

import (
	"strings"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// GroupEditor is the partition builder: members are dragged (mouse, pen or
// touch, through Pointer Events) or tapped-then-tapped between network
// groups; Apply issues the console command `partition a,b c,d,e`.
type GroupEditor struct {
	Groups [][]string // zone i holds these members (zones may be empty)
	Held   string     // the member picked up (dragged or tapped), "" none
}

// groupZones is how many groups the editor offers.
const groupZones = 3

// NewGroupEditor starts from the current partition: members in the same
// network group share a zone; with no partition, everyone is in the first.
func NewGroupEditor(ms []MemberView) *GroupEditor {
	g := &GroupEditor{Groups: make([][]string, groupZones)}
	zone := map[string]int{}
	for _, m := range ms {
		z := 0
		if m.GroupLabel != "" {
			if zz, ok := zone[m.GroupLabel]; ok {
				z = zz
			} else {
				z = min(len(zone), groupZones-1)
				if m.GroupLabel != "∅" {
					zone[m.GroupLabel] = z
				}
			}
		}
		g.Groups[z] = append(g.Groups[z], m.Name)
	}
	return g
}

// Move puts member name into zone z.
func (g *GroupEditor) Move(name string, z int) {
	if z < 0 || z >= len(g.Groups) {
		return
	}
	for i, grp := range g.Groups {
		for j, n := range grp {
			if n == name {
				g.Groups[i] = append(grp[:j:j], grp[j+1:]...)
			}
		}
	}
	g.Groups[z] = append(g.Groups[z], name)
}

// Command is the console command the groups stand for: `partition` with
// every non-empty group, or `heal` when everyone is in one group.
func (g *GroupEditor) Command() string {
	var parts []string
	for _, grp := range g.Groups {
		if len(grp) > 0 {
			parts = append(parts, strings.Join(grp, ","))
		}
	}
	if len(parts) <= 1 {
		return "heal"
	}
	return "partition " + strings.Join(parts, " ")
}

// ToggleGroups opens or closes the partition builder.
func (c *Root) ToggleGroups() {
	if c.Groups != nil {
		c.Groups = nil
		return
	}
	c.Groups = NewGroupEditor(c.f.Members)
}

// ApplyGroups issues the partition.
func (c *Root) ApplyGroups() {
	if c.Groups == nil {
		return
	}
	c.S.Issue(c.Groups.Command())
	c.Groups.Held = ""
}

func (c *Root) zoneName(z int) string { return c.t("Group") + " " + string(rune('A'+z)) }

func (c *Root) chipClass(name string) string {
	if c.Groups != nil && c.Groups.Held == name {
		return "chip held"
	}
	return "chip"
}

func (c *Root) zoneClass(z int) string {
	if c.Groups != nil && c.Groups.Held != "" {
		return "zone target"
	}
	return "zone"
}

// chipDown picks a member up (pointerdown on its chip).
func (c *Root) chipDown(e vugu.DOMEvent, name string) {
	if c.Groups == nil {
		return
	}
	e.PreventDefault() // no text selection, no scrolling on touch
	if c.Groups.Held == name {
		// a second tap on the same chip puts it down
		c.Groups.Held = ""
		return
	}
	c.Groups.Held = name
}

// chipUp drops the member held on the zone under the pointer (pointerup;
// with touch the pointer is captured by the chip, so the zone is found
// from the coordinates). Released on its own chip it stays held: a tap
// on a zone then moves it.
func (c *Root) chipUp(e vugu.DOMEvent) {
	if c.Groups == nil || c.Groups.Held == "" {
		return
	}
	x, y := e.PropFloat64("clientX"), e.PropFloat64("clientY")
	if z, ok := zoneAt(x, y); ok {
		if c.Groups.Held != "" && !c.onHeldChip(x, y) {
			c.Groups.Move(c.Groups.Held, z)
			c.Groups.Held = ""
		}
	}
}

// zoneClick moves the held member into zone z (tap mode, and keyboard).
func (c *Root) zoneClick(z int) {
	if c.Groups == nil || c.Groups.Held == "" {
		return
	}
	c.Groups.Move(c.Groups.Held, z)
	c.Groups.Held = ""
}

// zoneAt finds the drop zone at viewport point (x, y).
func zoneAt(x, y float64) (int, bool) {
	doc := js.Global().Get("document")
	if !doc.Truthy() {
		return 0, false
	}
	el := doc.Call("elementFromPoint", x, y)
	if !el.Truthy() {
		return 0, false
	}
	z := el.Call("closest", "[data-zone]")
	if !z.Truthy() {
		return 0, false
	}
	n := atoi(z.Get("dataset").Get("zone").String(), -1)
	return n, n >= 0
}

func (c *Root) onHeldChip(x, y float64) bool {
	doc := js.Global().Get("document")
	el := doc.Call("elementFromPoint", x, y)
	if !el.Truthy() {
		return false
	}
	ch := el.Call("closest", "[data-chip]")
	return ch.Truthy() && ch.Get("dataset").Get("chip").String() == c.Groups.Held
}

func (c *Root) chipKey(e vugu.DOMEvent, name string) {
	switch e.PropString("key") {
	case "Enter", " ":
		e.PreventDefault()
		e.StopPropagation()
		if c.Groups.Held == name {
			c.Groups.Held = ""
		} else {
			c.Groups.Held = name
		}
	}
}

func (c *Root) zoneKey(e vugu.DOMEvent, z int) {
	switch e.PropString("key") {
	case "Enter", " ":
		e.PreventDefault()
		c.zoneClick(z)
	}
}
