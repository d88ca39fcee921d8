package web

import (
	"errors"
	"strconv"

	"github.com/raftlab/raftlab/core/jsonw"
	"github.com/vugu/vugu"
)

// Vugu writes the JS properties the templates set (.value, .checked) as
// JSON with the page's one JSON writer, core/jsonw (vugu.PropJSON).
func init() { vugu.PropJSON = propJSON }

var errPropType = errors.New("web: a JS property's value must be a string or a bool")

// propJSON is json.Marshal's output for a property's value: the templates
// set strings and bools only.
func propJSON(v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return jsonw.AppendString(nil, v), nil
	case bool:
		return strconv.AppendBool(nil, v), nil
	}
	return nil, errPropType
}
