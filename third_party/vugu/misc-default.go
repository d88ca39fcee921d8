//go:build !tinygo
// +build !tinygo

package vugu

import "reflect"

func rvIsZero(rv reflect.Value) bool {
	return rv.IsZero()
}
