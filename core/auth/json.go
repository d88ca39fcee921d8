package auth

import (
	"github.com/raftlab/raftlab/core/jsonw"
)

// The store's snapshot is encoding/json's bytes, written and read through
// core/jsonw.

// EncodeJSON writes x as encoding/json does.
func (x *User) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("name")
	w.String(x.Name)
	w.OmitBytes("password", x.Password)
	w.OmitStrings("roles", x.Roles)
	w.OmitBool("no_password", x.NoPassword)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *Role) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("name")
	w.String(x.Name)
	jsonw.OmitList(w, "perm", x.Perm)
	w.End()
}

// EncodeJSON writes x as encoding/json does.
func (x *snapshot) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitBool("flag_set", x.FlagSet)
	w.OmitBool("enabled", x.Enabled)
	w.Key("revision")
	w.Uint(x.Revision)
	jsonw.OmitList(w, "users", x.Users)
	jsonw.OmitList(w, "roles", x.Roles)
	w.End()
}

// DecodeJSON reads x as encoding/json does.
func (x *User) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("auth.User"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		case d.Is("password"):
			d.Bytes(&x.Password)
		case d.Is("roles"):
			d.Strings(&x.Roles)
		case d.Is("no_password"):
			d.Bool(&x.NoPassword)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *Role) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("auth.Role"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&x.Name)
		case d.Is("perm"):
			jsonw.Pointers(d, "[]*etcdpb.Permission", &x.Perm)
		}
	}
}

// DecodeJSON reads x as encoding/json does.
func (x *snapshot) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("auth.snapshot"); ok && d.Next(); {
		switch {
		case d.Is("flag_set"):
			d.Bool(&x.FlagSet)
		case d.Is("enabled"):
			d.Bool(&x.Enabled)
		case d.Is("revision"):
			d.Uint64(&x.Revision)
		case d.Is("users"):
			jsonw.Pointers(d, "[]*auth.User", &x.Users)
		case d.Is("roles"):
			jsonw.Pointers(d, "[]*auth.Role", &x.Roles)
		}
	}
}
