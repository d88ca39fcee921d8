//go:build js
// +build js

package js

// raftlab: in the browser this package is syscall/js itself, by type
// aliases: each of its types and functions the same as syscall/js's, where
// it wrapped every one (a Value type of its own converted at each call,
// FuncOf's arguments copied into a new slice at each call, Call's
// arguments converted by fixArgsToSjs): those wrappers were about 1 kB of
// gzipped wasm, and a cost at every crossing into JavaScript. Values and
// Funcs passed in any argument are now accepted as syscall/js accepts them.
// (README.raftlab.md.)

import sjs "syscall/js"

// Error is syscall/js's Error.
type Error = sjs.Error

// Func is syscall/js's Func.
type Func = sjs.Func

// FuncOf is syscall/js's FuncOf.
func FuncOf(fn func(this Value, args []Value) interface{}) Func { return sjs.FuncOf(fn) }

// Type is syscall/js's Type.
type Type = sjs.Type

// The types of JavaScript values, as syscall/js's.
const (
	TypeUndefined = sjs.TypeUndefined
	TypeNull      = sjs.TypeNull
	TypeBoolean   = sjs.TypeBoolean
	TypeNumber    = sjs.TypeNumber
	TypeString    = sjs.TypeString
	TypeSymbol    = sjs.TypeSymbol
	TypeObject    = sjs.TypeObject
	TypeFunction  = sjs.TypeFunction
)

// Undefined is syscall/js's Undefined.
func Undefined() Value { return sjs.Undefined() }

// Null is syscall/js's Null.
func Null() Value { return sjs.Null() }

// Global is syscall/js's Global.
func Global() Value { return sjs.Global() }

// ValueOf is syscall/js's ValueOf.
func ValueOf(x interface{}) Value { return sjs.ValueOf(x) }

// CopyBytesToGo is syscall/js's CopyBytesToGo.
func CopyBytesToGo(dst []byte, src Value) int { return sjs.CopyBytesToGo(dst, src) }

// CopyBytesToJS is syscall/js's CopyBytesToJS.
func CopyBytesToJS(dst Value, src []byte) int { return sjs.CopyBytesToJS(dst, src) }

// ValueError is syscall/js's ValueError.
type ValueError = sjs.ValueError

// Value is syscall/js's Value.
type Value = sjs.Value
