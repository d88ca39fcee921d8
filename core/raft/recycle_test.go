package raft

import (
	"reflect"
	"testing"
)

// TestRecycleMsgsDropsEveryReference: recycleMsgs empties a Ready's
// message buffer for reuse by dropping each message's references by name
// (Entries, Snapshot, Context) rather than clearing whole messages; a
// reference field added to Message must be dropped there too, or a reused
// buffer keeps what its last messages pointed to alive.
func TestRecycleMsgsDropsEveryReference(t *testing.T) {
	msgs := []Message{{Entries: []Entry{{Data: []byte("x")}}, Snapshot: &Snapshot{}, Context: []byte("c")}}
	v := reflect.ValueOf(&msgs[0]).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice, reflect.Pointer, reflect.Map, reflect.Interface, reflect.String, reflect.Func, reflect.Chan:
			if f.IsZero() {
				t.Fatalf("set Message.%s in this test", v.Type().Field(i).Name)
			}
		}
	}
	msgs = recycleMsgs(msgs)
	if len(msgs) != 0 {
		t.Fatalf("recycled buffer holds %d messages", len(msgs))
	}
	for i := 0; i < v.NumField(); i++ {
		switch f := v.Field(i); f.Kind() {
		case reflect.Slice, reflect.Pointer, reflect.Map, reflect.Interface, reflect.String, reflect.Func, reflect.Chan:
			if !f.IsZero() {
				t.Errorf("recycleMsgs keeps Message.%s", v.Type().Field(i).Name)
			}
		}
	}
}
