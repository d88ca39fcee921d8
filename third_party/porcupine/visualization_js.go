//go:build js

package porcupine

import (
	"errors"
	"io"
)

// Visualize and VisualizePath write nothing in js/wasm (raftlab: the page
// would link encoding/json for them; README.raftlab.md).
func Visualize(model Model, info LinearizationInfo, output io.Writer) error {
	return errors.New("porcupine: no visualization in js/wasm")
}

func VisualizePath(model Model, info LinearizationInfo, path string) error {
	return Visualize(model, info, nil)
}
