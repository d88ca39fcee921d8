package etcdctl

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// FuzzFindPlain: cobra's findPlain (raftlab), which ExecuteC takes
// instead of find's walk down the tree when it applies, finds what find
// finds on etcdctl's tree, for every argument list it takes: the same
// command, the same arguments left for its flags to parse, no error, and
// the same effects (the command called as the same name, the same flags
// merged into every command's set). The args are the fuzzed text split at
// spaces (so empty arguments occur too). TestFindPlainTakesTheUsualLines
// checks that it applies to the usual lines.
func FuzzFindPlain(f *testing.F) {
	for _, s := range []string{
		"--endpoints=node-1 put k v", "put k v", "get k", "get --prefix k", "--endpoints=a,b -w=json get k --keys-only",
		"lease grant 10", "member list -w table", "lease", "", "--endpoints node-1 put k v", "put -- k -v", "help put",
		"-w=json", "put  k", "lease  grant", "__complete put", "put __complete", "pu k v", "--=x put k", "-=x get k",
		"role grant-permission r readwrite k", "endpoint status --cluster", "snapshot save x.db", "--help", "put --help",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, " ")
		plainTree, findTree := newTestTree(), newTestTree()
		pc, pa, ok := plainTree.FindPlain(args)
		if !ok {
			return
		}
		fc, fa, err := findTree.Find(args)
		if err != nil {
			t.Fatalf("%q: findPlain found %q, find failed: %v", args, pc.CommandPath(), err)
		}
		if pc.CommandPath() != fc.CommandPath() || !slices.Equal(pa, fa) {
			t.Fatalf("%q: findPlain found %q %q, find %q %q", args, pc.CommandPath(), pa, fc.CommandPath(), fa)
		}
		if p, f := treeState(plainTree), treeState(findTree); p != f {
			t.Fatalf("%q: after findPlain the tree is\n%s\nafter find\n%s", args, p, f)
		}
		// Again on the same trees: the second findPlain takes the names
		// found last (findNamed).
		pc2, pa2, ok := plainTree.FindPlain(args)
		fc2, fa2, _ := findTree.Find(args)
		if !ok || pc2 != pc || fc2 != fc || !slices.Equal(pa2, fa2) {
			t.Fatalf("%q: second findPlain %v %q %q, find %q %q", args, ok, pc2.CommandPath(), pa2, fc2.CommandPath(), fa2)
		}
		if p, f := treeState(plainTree), treeState(findTree); p != f {
			t.Fatalf("%q: after a second findPlain the tree is\n%s\nafter find\n%s", args, p, f)
		}
	})
}

// The usual lines take findPlain, and lines find alone can read do not.
func TestFindPlainTakesTheUsualLines(t *testing.T) {
	root := newTestTree()
	for line, want := range map[string]bool{
		"--endpoints=node-1 put k v": true, "put k v": true, "get k --prefix": true, "lease grant 10": true,
		"member list -w table": true, "-w=json get k": true,
		"--endpoints node-1 put k v": false, "lease": false, "pu k v": false, "put  k": true, "lease  grant": false, "-w json get k": false,
	} {
		if _, _, ok := root.FindPlain(strings.Split(line, " ")); ok != want {
			t.Errorf("%q: findPlain took it: %v, want %v", line, ok, want)
		}
	}
}

// newTestTree is etcdctl's command tree after a first run (cobra adds its
// help command then).
func newTestTree() *cobra.Command {
	root := (&runner{}).newRootCommand()
	root.InitDefaultHelpCmd()
	return root
}

// treeState lists what find's walk may change in each command: the name
// it was called as and the number of flags in its set.
func treeState(c *cobra.Command) string {
	var b strings.Builder
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		called := reflect.ValueOf(c).Elem().FieldByName("commandCalledAs").FieldByName("name").String()
		b.WriteString(c.CommandPath() + " as " + called + " flags " + strconv.Itoa(c.Flags().NFormal()) + "\n")
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(c)
	return b.String()
}
