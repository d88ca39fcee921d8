package mvcc

import "github.com/raftlab/raftlab/core/jsonw"

// A snapshot reads itself as encoding/json read it (Snapshot writes it by
// hand, as encoding/json wrote it).

// DecodeJSON reads x as encoding/json does.
func (x *snapshot) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("mvcc.snapshot"); ok && d.Next(); {
		switch {
		case d.Is("rev"):
			d.Int64(&x.Rev)
		case d.Is("compact_rev"):
			d.Int64(&x.CompactRev)
		case d.Is("records"):
			jsonw.Slice(d, "[]mvcc.snapRecord", &x.Records)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *snapRecord) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("mvcc.snapRecord"); ok && d.Next(); {
		switch {
		case d.Is("main"):
			d.Int64(&x.Main)
		case d.Is("sub"):
			d.Int64(&x.Sub)
		case d.Is("tomb"):
			d.Bool(&x.Tomb)
		case d.Is("key"):
			d.Bytes(&x.Key)
		case d.Is("value"):
			d.Bytes(&x.Value)
		case d.Is("create"):
			d.Int64(&x.Create)
		case d.Is("mod"):
			d.Int64(&x.Mod)
		case d.Is("version"):
			d.Int64(&x.Version)
		case d.Is("lease"):
			d.Int64(&x.Lease)
		}
	}
}
