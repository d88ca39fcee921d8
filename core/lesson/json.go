package lesson

import "github.com/raftlab/raftlab/core/jsonw"

// Lesson files are read as encoding/json read them (a json.Decoder with
// DisallowUnknownFields: the same lessons, the same errors), through
// core/jsonw.

// DecodeJSON reads a text ({"en": ..., "ko": ...}).
func (t *Text) DecodeJSON(d *jsonw.Decoder) { d.StringMap((*map[string]string)(t), "lesson.Text") }

// DecodeJSON reads a line from a string (Console) or an object (Comment),
// as its UnmarshalJSON method did (an error in it ends the decoding).
func (l *Line) DecodeJSON(d *jsonw.Decoder) {
	*l = Line{}
	d.Hard(func() {
		if d.Peek() == '{' {
			l.Comment.DecodeJSON(d)
		} else {
			d.String(&l.Console)
		}
	})
}

// DecodeJSON reads a step's solution lines.
func (ls *Lines) DecodeJSON(d *jsonw.Decoder) { jsonw.Slice(d, "lesson.Lines", (*[]Line)(ls)) }

// bundle is the site's lessons.json: {"<file name>": <lesson>, ...}, each
// lesson's text kept to be read as its file.
type bundle map[string][]byte

func (b *bundle) DecodeJSON(d *jsonw.Decoder) {
	if d.Null() {
		*b = nil
		return
	}
	if !d.Map("map[string]json.RawMessage") {
		return
	}
	if *b == nil {
		*b = bundle{}
	}
	for d.Next() {
		k := d.Key()
		var v []byte
		d.Raw(&v)
		(*b)[k] = v
	}
}

func intPointer(d *jsonw.Decoder, p **int) {
	if d.Null() {
		*p = nil
		return
	}
	if *p == nil {
		*p = new(int)
	}
	d.Int(*p)
}

// DecodeJSON reads x as encoding/json does.
func (x *Lesson) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lesson.Lesson"); ok && d.Next(); {
		switch {
		case d.Is("id"):
			d.String(&x.ID)
		case d.Is("order"):
			d.Int(&x.Order)
		case d.Is("title"):
			x.Title.DecodeJSON(d)
		case d.Is("concept"):
			d.String(&x.Concept)
		case d.Is("setup"):
			x.Setup.DecodeJSON(d)
		case d.Is("intro"):
			jsonw.Slice(d, "[]lesson.Page", &x.Intro)
		case d.Is("steps"):
			jsonw.Slice(d, "[]lesson.Step", &x.Steps)
		case d.Is("tests"):
			x.Tests.DecodeJSON(d)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Tests) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lesson.Tests"); ok && d.Next(); {
		switch {
		case d.Is("alt"):
			jsonw.Elems(d, "[][]string", &x.Alt, (*jsonw.Decoder).Strings)
		case d.Is("wrong"):
			jsonw.Elems(d, "[][]string", &x.Wrong, (*jsonw.Decoder).Strings)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Setup) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lesson.Setup"); ok && d.Next(); {
		switch {
		case d.Is("members"):
			d.Int(&x.Members)
		case d.Is("seed"):
			d.Int64(&x.Seed)
		case d.Is("seeds"):
			jsonw.Elems(d, "[]int64", &x.Seeds, (*jsonw.Decoder).Int64)
		case d.Is("heartbeat_ms"):
			d.Int(&x.HeartbeatMS)
		case d.Is("election_ms"):
			d.Int(&x.ElectionMS)
		case d.Is("no_pre_vote"):
			d.Bool(&x.NoPreVote)
		case d.Is("until_ms"):
			d.Int(&x.UntilMS)
		case d.Is("script"):
			d.Strings(&x.Script)
		case d.Is("topology"):
			d.String(&x.Topology)
		case d.Is("control_planes"):
			d.Int(&x.ControlPlanes)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Page) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lesson.Page"); ok && d.Next(); {
		switch {
		case d.Is("text"):
			x.Text.DecodeJSON(d)
		case d.Is("demo"):
			d.String(&x.Demo)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Step) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lesson.Step"); ok && d.Next(); {
		switch {
		case d.Is("goal"):
			x.Goal.DecodeJSON(d)
		case d.Is("checks"):
			jsonw.Slice(d, "[]lesson.Check", &x.Checks)
		case d.Is("hints"):
			jsonw.Slice(d, "[]lesson.Hint", &x.Hints)
		case d.Is("solution"):
			x.Solution.DecodeJSON(d)
		case d.Is("explain"):
			x.Explain.DecodeJSON(d)
		case d.Is("source"):
			d.String(&x.Source)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Hint) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lesson.Hint"); ok && d.Next(); {
		switch {
		case d.Is("text"):
			x.Text.DecodeJSON(d)
		case d.Is("after"):
			d.Int(&x.After)
		case d.Is("after_s"):
			d.Float64(&x.AfterSec)
		case d.Is("on_error"):
			d.String(&x.OnError)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Check) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lesson.Check"); ok && d.Next(); {
		switch {
		case d.Is("id"):
			d.String(&x.ID)
		case d.Is("label"):
			x.Label.DecodeJSON(d)
		case d.Is("kind"):
			d.String(&x.Kind)
		case d.Is("member"):
			d.String(&x.Member)
		case d.Is("not"):
			d.String(&x.Not)
		case d.Is("role"):
			d.String(&x.Role)
		case d.Is("side"):
			d.String(&x.Side)
		case d.Is("min"):
			intPointer(d, &x.Min)
		case d.Is("tol"):
			intPointer(d, &x.Tol)
		case d.Is("even"):
			d.Bool(&x.Even)
		case d.Is("max"):
			intPointer(d, &x.Max)
		case d.Is("key"):
			d.String(&x.Key)
		case d.Is("value"):
			d.String(&x.Value)
		case d.Is("cmd"):
			d.String(&x.Cmd)
		case d.Is("exit"):
			intPointer(d, &x.Exit)
		case d.Is("failed"):
			d.Bool(&x.Failed)
		case d.Is("output"):
			d.String(&x.Output)
		case d.Is("host"):
			d.String(&x.Host)
		case d.Is("path"):
			d.String(&x.Path)
		case d.Is("event"):
			d.String(&x.Event)
		case d.Is("msg"):
			d.String(&x.Msg)
		case d.Is("dropped"):
			d.Bool(&x.Dropped)
		case d.Is("from"):
			d.String(&x.From)
		case d.Is("to"):
			d.String(&x.To)
		case d.Is("sizes"):
			jsonw.Elems(d, "[]int", &x.Sizes, (*jsonw.Decoder).Int)
		case d.Is("healed"):
			d.Bool(&x.Healed)
		case d.Is("quorum"):
			d.String(&x.Quorum)
		case d.Is("func"):
			d.String(&x.Func)
		case d.Is("within"):
			d.String(&x.Within)
		case d.Is("after"):
			d.String(&x.After)
		case d.Is("with"):
			d.Strings(&x.With)
		case d.Is("never"):
			d.Bool(&x.Never)
		}
	}
}
