package lease

import "github.com/raftlab/raftlab/core/jsonw"

// The lessor's snapshot is encoding/json's bytes, written and read through
// core/jsonw.

// EncodeJSON writes s as encoding/json does.
func (s *snapshot) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("leases")
	if s.Leases == nil {
		w.Null()
	} else {
		w.Array()
		for i := range s.Leases {
			l := &s.Leases[i]
			w.Object()
			w.Key("id")
			w.Int(l.ID)
			w.Key("ttl")
			w.Int(l.TTL)
			if len(l.Keys) > 0 {
				w.Key("keys")
				w.Array()
				for _, k := range l.Keys {
					w.Bytes(k)
				}
				w.EndArray()
			}
			w.End()
		}
		w.EndArray()
	}
	w.End()
}

// DecodeJSON reads s as encoding/json does.
func (s *snapshot) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lease.snapshot"); ok && d.Next(); {
		if d.Is("leases") {
			jsonw.Slice(d, "[]lease.snapLease", &s.Leases)
		}
	}
}

// DecodeJSON reads l as encoding/json does.
func (l *snapLease) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("lease.snapLease"); ok && d.Next(); {
		switch {
		case d.Is("id"):
			d.Int64(&l.ID)
		case d.Is("ttl"):
			d.Int64(&l.TTL)
		case d.Is("keys"):
			if d.Null() {
				l.Keys = nil
			} else if d.Array("[][]uint8") {
				ks := l.Keys[:0]
				if ks == nil {
					ks = [][]byte{}
				}
				for d.Next() {
					var k []byte
					d.Bytes(&k)
					ks = append(ks, k)
				}
				l.Keys = ks
			}
		}
	}
}
