package kube

import "github.com/raftlab/raftlab/core/jsonw"

// Objects are stored as encoding/json wrote them, and read back as it read
// them, through core/jsonw.

// EncodeJSON writes o as encoding/json does.
func (o *Object) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("kind")
	w.String(o.Kind)
	w.Key("apiVersion")
	w.String(o.APIVersion)
	w.Key("metadata")
	o.Metadata.EncodeJSON(w)
	if len(o.Data) > 0 {
		w.Key("data")
		w.StringMap(o.Data)
	}
	if len(o.Spec) > 0 {
		w.Key("spec")
		w.Any(o.Spec)
	}
	if len(o.Status) > 0 {
		w.Key("status")
		w.Any(o.Status)
	}
	if len(o.Subsets) > 0 {
		w.Key("subsets")
		jsonw.Values(w, o.Subsets)
	}
	w.End()
}

// DecodeJSON reads o as encoding/json does.
func (o *Object) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("kube.Object"); ok && d.Next(); {
		switch {
		case d.Is("kind"):
			d.String(&o.Kind)
		case d.Is("apiVersion"):
			d.String(&o.APIVersion)
		case d.Is("metadata"):
			o.Metadata.DecodeJSON(d)
		case d.Is("data"):
			d.StringMap(&o.Data, "map[string]string")
		case d.Is("spec"):
			d.AnyMap(&o.Spec)
		case d.Is("status"):
			d.AnyMap(&o.Status)
		case d.Is("subsets"):
			jsonw.Slice(d, "[]kube.Subset", &o.Subsets)
		}
	}
}

// EncodeJSON writes m as encoding/json does.
func (m *Meta) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("name")
	w.String(m.Name)
	w.OmitString("namespace", m.Namespace)
	w.OmitString("uid", m.UID)
	w.OmitString("resourceVersion", m.ResourceVersion)
	w.OmitInt("generation", m.Generation)
	w.Key("creationTimestamp")
	if m.CreationTimestamp == nil {
		w.Null()
	} else {
		w.String(*m.CreationTimestamp)
	}
	if len(m.Labels) > 0 {
		w.Key("labels")
		w.StringMap(m.Labels)
	}
	w.End()
}

// DecodeJSON reads m as encoding/json does.
func (m *Meta) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("kube.Meta"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&m.Name)
		case d.Is("namespace"):
			d.String(&m.Namespace)
		case d.Is("uid"):
			d.String(&m.UID)
		case d.Is("resourceVersion"):
			d.String(&m.ResourceVersion)
		case d.Is("generation"):
			d.Int64(&m.Generation)
		case d.Is("creationTimestamp"):
			if d.Null() {
				m.CreationTimestamp = nil
			} else {
				if m.CreationTimestamp == nil {
					m.CreationTimestamp = new(string)
				}
				d.String(m.CreationTimestamp)
			}
		case d.Is("labels"):
			d.StringMap(&m.Labels, "map[string]string")
		}
	}
}

// EncodeJSON writes s as encoding/json does.
func (s *Subset) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	if len(s.Addresses) > 0 {
		w.Key("addresses")
		jsonw.Values(w, s.Addresses)
	}
	if len(s.Ports) > 0 {
		w.Key("ports")
		jsonw.Values(w, s.Ports)
	}
	w.End()
}

// DecodeJSON reads s as encoding/json does.
func (s *Subset) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("kube.Subset"); ok && d.Next(); {
		switch {
		case d.Is("addresses"):
			jsonw.Slice(d, "[]kube.Address", &s.Addresses)
		case d.Is("ports"):
			jsonw.Slice(d, "[]kube.Port", &s.Ports)
		}
	}
}

// EncodeJSON writes a as encoding/json does.
func (a *Address) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.Key("ip")
	w.String(a.IP)
	w.End()
}

// DecodeJSON reads a as encoding/json does.
func (a *Address) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("kube.Address"); ok && d.Next(); {
		if d.Is("ip") {
			d.String(&a.IP)
		}
	}
}

// EncodeJSON writes p as encoding/json does.
func (p *Port) EncodeJSON(w *jsonw.Writer) {
	w.Object()
	w.OmitString("name", p.Name)
	w.Key("port")
	w.Int(int64(p.Port))
	w.Key("protocol")
	w.String(p.Protocol)
	w.End()
}

// DecodeJSON reads p as encoding/json does.
func (p *Port) DecodeJSON(d *jsonw.Decoder) {
	for ok := d.Object("kube.Port"); ok && d.Next(); {
		switch {
		case d.Is("name"):
			d.String(&p.Name)
		case d.Is("port"):
			d.Int(&p.Port)
		case d.Is("protocol"):
			d.String(&p.Protocol)
		}
	}
}

// jsonMap is the map a JSON object text decodes to (nil for anything
// else).
func jsonMap(s string) map[string]any {
	v, _ := jsonw.UnmarshalAny([]byte(s))
	m, _ := v.(map[string]any)
	return m
}
