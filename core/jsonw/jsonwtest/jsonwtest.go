// Package jsonwtest checks types that write and read themselves through
// core/jsonw against encoding/json, on values filled at random by
// reflection (tests only: the page links none of it).
package jsonwtest

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"testing"

	"github.com/raftlab/raftlab/core/jsonw"
)

var texts = []string{"", "a", "<&>", "\u2028x\u2029", "\xff\xfe", "é한", "\"\\\n\t\x01", "node-1", "http://127.0.0.1:2379"}

// Fill sets every exported field of the value v points to at random
// (pointers and slices nil, empty or filled; nesting bounded).
func Fill(r *rand.Rand, v any) { fill(r, reflect.ValueOf(v).Elem(), 0) }

func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(texts[r.Intn(len(texts))])
	case reflect.Bool:
		v.SetBool(r.Intn(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := []int64{0, 1, -1, 7, 1 << 40, -1 << 62}[r.Intn(6)]
		if v.OverflowInt(n) {
			n = 3
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n := []uint64{0, 1, 255, 1 << 40, 1<<64 - 1}[r.Intn(5)]
		if v.OverflowUint(n) {
			n = 2
		}
		v.SetUint(n)
	case reflect.Float64:
		v.SetFloat([]float64{0, 1.5, -3, 1e21, 1e-7, 123456789}[r.Intn(6)])
	case reflect.Pointer:
		if depth > 3 || r.Intn(3) == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		if depth > 3 || r.Intn(3) == 0 {
			return
		}
		n := r.Intn(3)
		if v.Type().Elem().Kind() == reflect.Uint8 && r.Intn(2) == 0 {
			n = r.Intn(40)
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fill(r, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		if depth > 3 || r.Intn(3) == 0 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := r.Intn(3); i > 0; i-- {
			k := reflect.New(v.Type().Key()).Elem()
			fill(r, k, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			fill(r, e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth+1)
			}
		}
	}
}

// Encoding checks that v, filled at random n times, writes itself as
// encoding/json writes it. new makes a fresh value.
func Encoding[T any, P interface {
	*T
	jsonw.Encoder
}](t *testing.T, n int) {
	t.Helper()
	r := rand.New(rand.NewSource(1))
	for i := 0; i < n; i++ {
		v := P(new(T))
		if i > 0 {
			Fill(r, v)
		}
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonw.Marshal(v); string(got) != string(want) {
			t.Fatalf("%T:\ngot  %s\nwant %s", v, got, want)
		}
	}
}

// Decoding checks that T reads what encoding/json writes of values filled
// at random (and mutations of it: cut, a byte changed) as encoding/json
// reads it: the same value, the same error.
func Decoding[T any, P interface {
	*T
	jsonw.Unmarshaler
}](t *testing.T, n int) {
	t.Helper()
	r := rand.New(rand.NewSource(2))
	for i := 0; i < n; i++ {
		v := P(new(T))
		Fill(r, v)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		Same[T, P](t, b)
		if len(b) > 0 {
			Same[T, P](t, b[:r.Intn(len(b))])
			c := append([]byte(nil), b...)
			const bytes = `{}[]":,0-1.e"ntfa\ `
			c[r.Intn(len(c))] = bytes[r.Intn(len(bytes))]
			Same[T, P](t, c)
		}
	}
}

// Same checks that jsonw.Unmarshal reads data into a T as json.Unmarshal
// does.
func Same[T any, P interface {
	*T
	jsonw.Unmarshaler
}](t *testing.T, data []byte) {
	t.Helper()
	got, want := P(new(T)), P(new(T))
	gerr := jsonw.Unmarshal(data, got)
	werr := json.Unmarshal(data, want)
	if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
		t.Fatalf("%T %q: error %v, encoding/json %v", got, data, gerr, werr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%T %q:\ngot  %+v\nwant %+v", got, data, got, want)
	}
}
