package etcdctl

import "testing"

// For the external test that replays the goldens on raftlab (golden_lab_test.go).

type GoldenCase = goldenCase

func ParseGolden(t *testing.T, path string) GoldenCase { return parseGolden(t, path) }
func Normalize(s string) string                        { return normalize(s) }
func SortLines(s string) string                        { return sortLines(s) }
func SqueezeTable(s string) string                     { return squeezeTable(s) }

func (g GoldenCase) Args() string   { return g.args }
func (g GoldenCase) Tool() string   { return g.tool }
func (g GoldenCase) Env() []string  { return g.env }
func (g GoldenCase) Stdin() string  { return g.stdin }
func (g GoldenCase) Stdout() string { return g.stdout }
func (g GoldenCase) Stderr() string { return g.stderr }
func (g GoldenCase) Exit() string   { return g.exit }

func (g GoldenCase) Timeout() string { return g.timeout }
func (g GoldenCase) Sleep() string   { return g.sleep }
func (g GoldenCase) StdoutHex() bool { return g.stdoutHex }
