package etcdconf

import (
	"encoding/json"
	"strings"
	"testing"
)

// Stderr's zap line is encoding/json's bytes (with & unescaped, as zap
// writes it).
func TestStderrLineAsEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "a", "<&>", "\u2028", "\xff", "é\"\\\n"} {
		e := &Error{Level: "fatal", Log: "msg " + s, Message: s + "err"}
		b, _ := json.Marshal(struct {
			Level string `json:"level"`
			Msg   string `json:"msg"`
			Error string `json:"error"`
		}{e.Level, e.Log, e.Message})
		if want := strings.ReplaceAll(string(b), `\u0026`, "&") + "\n"; e.Stderr() != want {
			t.Errorf("got %q, want %q", e.Stderr(), want)
		}
	}
}
