package jsonw

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// sample is a struct of every kind the readers and writers handle, read
// and written by hand below and by encoding/json through its tags.
type sample struct {
	S   string            `json:"s"`
	I   int64             `json:"i,omitempty"`
	N   int               `json:"n"`
	U   uint64            `json:"u,omitempty"`
	U32 uint32            `json:"u32"`
	E   int32             `json:"e,omitempty"`
	F   float64           `json:"f"`
	B   bool              `json:"b,omitempty"`
	Bs  []byte            `json:"bs"`
	Ss  []string          `json:"ss,omitempty"`
	M   map[string]string `json:"m,omitempty"`
	P   *sample           `json:"p,omitempty"`
	L   []sample          `json:"l,omitempty"`
	Ps  []*sample         `json:"ps,omitempty"`
	R   json.RawMessage   `json:"r,omitempty"`
	A   any               `json:"a,omitempty"`
}

func (x *sample) EncodeJSON(w *Writer) {
	w.Object()
	w.Key("s")
	w.String(x.S)
	w.OmitInt("i", x.I)
	w.Key("n")
	w.Int(int64(x.N))
	w.OmitUint("u", x.U)
	w.Key("u32")
	w.Uint(uint64(x.U32))
	w.OmitInt("e", int64(x.E))
	w.Key("f")
	w.Float(x.F)
	w.OmitBool("b", x.B)
	w.Key("bs")
	w.Bytes(x.Bs)
	w.OmitStrings("ss", x.Ss)
	if len(x.M) > 0 {
		w.Key("m")
		w.StringMap(x.M)
	}
	if x.P != nil {
		w.Key("p")
		x.P.EncodeJSON(w)
	}
	if len(x.L) > 0 {
		w.Key("l")
		w.Array()
		for i := range x.L {
			x.L[i].EncodeJSON(w)
		}
		w.EndArray()
	}
	if len(x.Ps) > 0 {
		w.Key("ps")
		w.Array()
		for _, p := range x.Ps {
			if p == nil {
				w.Null()
			} else {
				p.EncodeJSON(w)
			}
		}
		w.EndArray()
	}
	if len(x.R) > 0 {
		w.Key("r")
		w.Raw(x.R)
	}
	if x.A != nil {
		w.Key("a")
		w.Any(x.A)
	}
	w.End()
}

func (x *sample) DecodeJSON(d *Decoder) {
	for ok := d.Object("jsonw.sample"); ok && d.Next(); {
		switch {
		case d.Is("s"):
			d.String(&x.S)
		case d.Is("i"):
			d.Int64(&x.I)
		case d.Is("n"):
			d.Int(&x.N)
		case d.Is("u"):
			d.Uint64(&x.U)
		case d.Is("u32"):
			d.Uint32(&x.U32)
		case d.Is("e"):
			if v, ok := d.Integer("int32", 32); ok {
				x.E = int32(v)
			}
		case d.Is("f"):
			d.Float64(&x.F)
		case d.Is("b"):
			d.Bool(&x.B)
		case d.Is("bs"):
			d.Bytes(&x.Bs)
		case d.Is("ss"):
			d.Strings(&x.Ss)
		case d.Is("m"):
			d.StringMap(&x.M, "map[string]string")
		case d.Is("p"):
			Pointer(d, &x.P)
		case d.Is("l"):
			Slice(d, "[]jsonw.sample", &x.L)
		case d.Is("ps"):
			Pointers(d, "[]*jsonw.sample", &x.Ps)
		case d.Is("r"):
			d.Raw((*[]byte)(&x.R))
		case d.Is("a"):
			x.A = d.Any()
		}
	}
}

func TestWriteAsEncodingJSON(t *testing.T) {
	for _, x := range []*sample{
		{},
		{S: "<a&b>\u2028\u2029\x00\x1f\t\n\r\b\f\"\\ \xff\xfe é 한", I: -5, N: 1 << 40, U: math.MaxUint64, U32: 7, E: -1, F: 1e21,
			B: true, Bs: []byte{0, 1, 2, 255}, Ss: []string{"", "x"}, M: map[string]string{"b": "1", "a": "2", "<": ""},
			P: &sample{F: 1e-7}, L: []sample{{F: 123456789.125}, {F: -0.000001}}, Ps: []*sample{nil, {S: "q"}},
			R: json.RawMessage(`{"x":[1,2]}`), A: map[string]any{"z": []any{1.5, "s", nil, true}, "a": 2.0}},
		{F: 5e-324, Bs: []byte{}},
		{F: math.MaxFloat64},
	} {
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := Marshal(x); string(got) != string(want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

// decodeBoth decodes data with Unmarshal and encoding/json and fails on
// any difference in result or error.
func decodeBoth(t *testing.T, data []byte) {
	t.Helper()
	var got, want sample
	gerr := Unmarshal(data, &got)
	werr := json.Unmarshal(data, &want)
	if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
		t.Fatalf("%q: error %v, encoding/json %v", data, gerr, werr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\ngot  %#v\nwant %#v", data, got, want)
	}
}

var decodeCases = []string{
	`{}`, `null`, ` {"s":"x"} `, `{"S":"x","s":"y"}`, `{"\u212a":1}`, `{"ſ":"long s"}`, `{"i":1.5}`, `{"i":1e3}`,
	`{"n":"1"}`, `{"e":2147483648}`, `{"e":-2147483648}`, `{"u":-1}`, `{"u32":4294967296}`, `{"f":1e400}`,
	`{"b":"true"}`, `{"b":null}`, `{"bs":"AAEC"}`, `{"bs":"AAE"}`, `{"bs":"AA\nEC"}`, `{"bs":[1,2,300]}`,
	`{"bs":null}`, `{"ss":[]}`, `{"ss":["a",1,"b"]}`, `{"ss":{}}`, `{"m":{"a":"1","a":"2","b":null}}`,
	`{"m":null}`, `{"m":[]}`, `{"p":5}`, `{"p":{"s":5}}`, `{"p":null}`, `{"l":[{"n":1},{"n":"x"}]}`,
	`{"l":[]}`, `{"ps":[null,{"s":"x"}]}`, `{"r":  [1, 2] }`, `{"r":null}`, `{"a":{"x":[1,"2",null,true,{}]}}`,
	`{"a":1e999}`, `{"a":{"x":{"y":1},"z":{"w":[{"v":2}]}},"m":{"q":"1"}}`, `{"unknown":{"deep":[1,{"x":2}]},"s":"after"}`, `"str"`, `[1]`, `5`, `{"p":{"p":{"i":"z"}}}`,
	`{"s":"\ud800\udc00 \ud800 \udc00x \u00e9 \/"}`, `{"s":"\xff\xfe"}`, `{"s":"a`, `{"s" 1}`, `{"s":1 "n":2}`,
	`[1 2]`, `-`, `1.`, `1e`, `1e+`, `01`, `tru`, `nul`, `falsy`, `{"a":"\x01"}`, `{"a":"\q"}`, `{"a":"\u12x4"}`,
	`{"a":"\`, `{"a":"\u12`, `{,}`, `{"a":1,}`, `[,]`, `[1,]`, `{"a":1}}`, "\x00", `'`, `"`, "\xe9", ``, ` `,
	`{"ps":[1]}`, `{"l":[5]}`, `{"i":null,"n":null,"f":null,"s":null,"u":null}`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001), strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
}

func TestDecodeAsEncodingJSON(t *testing.T) {
	for _, c := range decodeCases {
		decodeBoth(t, []byte(c))
	}
}

func FuzzDecode(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) { decodeBoth(t, data) })
}

func FuzzWrite(f *testing.F) {
	f.Add("<&>\u2028", int64(-1), 1.5, []byte{1})
	f.Add("\xff", int64(0), 1e-7, []byte(nil))
	f.Fuzz(func(t *testing.T, s string, i int64, fl float64, b []byte) {
		if math.IsNaN(fl) || math.IsInf(fl, 0) {
			return
		}
		x := &sample{S: s, I: i, F: fl, Bs: b, Ss: []string{s}, M: map[string]string{s: s, "k": s}, A: s}
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := Marshal(x); string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
		// and back
		var y sample
		if err := Unmarshal(want, &y); err != nil {
			t.Fatal(err)
		}
		var z sample
		_ = json.Unmarshal(want, &z)
		if !reflect.DeepEqual(y, z) {
			t.Fatalf("read back %#v, encoding/json %#v", y, z)
		}
	})
}

func TestDecodeFirstAsDecoder(t *testing.T) {
	for _, c := range append(decodeCases, `{"s":"x"} trailing`, `{"zz":1}`, `{"p":{"zz":1}}`, `{"m":{"zz":"1"}}`, "  ", `{"a":`) {
		var got, want sample
		gerr := DecodeFirst([]byte(c), &got, true)
		dec := json.NewDecoder(strings.NewReader(c))
		dec.DisallowUnknownFields()
		werr := dec.Decode(&want)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("%q: error %v, encoding/json %v", c, gerr, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ngot  %#v\nwant %#v", c, got, want)
		}
	}
}

func TestIndentAsEncodingJSON(t *testing.T) {
	for _, c := range []string{`{}`, `[]`, `{"b":[1,{"x":[]},{}],"a":{"c":"<"}}`, `[[],[[]]]`, `"s"`} {
		var v any
		if err := json.Unmarshal([]byte(c), &v); err != nil {
			t.Fatal(err)
		}
		want, _ := json.MarshalIndent(v, "", "    ")
		var w Writer
		w.Any(v)
		if got := Indent(w.B, "    "); string(got) != string(want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}
