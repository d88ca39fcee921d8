package etcdctl

import (
	"io"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// raftlab's pflag and cobra changes for reused command trees (0bb3181,
// 4520d41): NFormal counts what VisitAll visits, Annotated tells a flag set
// with a required flag, so cobra still refuses a command without one, and
// a flag set again after its Changed is cleared is listed once.
func TestReusedFlagSetChanges(t *testing.T) {
	var n int
	var x string
	cmd := &cobra.Command{Use: "c", RunE: func(*cobra.Command, []string) error { return nil }, SilenceUsage: true, SilenceErrors: true}
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	f := cmd.Flags()
	f.IntVar(&n, "n", 0, "")
	f.StringVar(&x, "x", "", "")
	visited := 0
	f.VisitAll(func(*pflag.Flag) { visited++ })
	if f.NFormal() != visited || visited != 2 {
		t.Fatalf("NFormal %d, VisitAll %d", f.NFormal(), visited)
	}
	if f.Annotated() {
		t.Fatal("Annotated before any annotation")
	}
	cmd.SetArgs([]string{"--n=1"})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("no required flag: %v", err)
	}

	if err := cmd.MarkFlagRequired("x"); err != nil {
		t.Fatal(err)
	}
	if !f.Annotated() {
		t.Fatal("Annotated after MarkFlagRequired")
	}
	cmd.SetArgs([]string{"--n=2"})
	f.Lookup("x").Changed = false
	if err := cmd.Execute(); err == nil || err.Error() != `required flag(s) "x" not set` {
		t.Fatalf("required flag missing: %v", err)
	}

	for _, v := range []string{"3", "4"} {
		f.Lookup("n").Changed = false
		if err := f.Set("n", v); err != nil {
			t.Fatal(err)
		}
	}
	set := 0
	f.SortFlags = false // Visit in orderedActual's order
	f.Visit(func(*pflag.Flag) { set++ })
	if set != 1 || n != 4 {
		t.Fatalf("set flags listed %d times, n=%d", set, n)
	}
}

// Annotated keeps its answer (a walk over every flag of the set) until the
// set gains a flag or some flag's annotations change: a parent's
// persistent flag marked required after a child merged it (the same *Flag
// in both sets) makes the child refuse a run without it, and a flag added
// already annotated counts.
func TestAnnotatedFollowsSharedFlags(t *testing.T) {
	var p, q string
	root := &cobra.Command{Use: "r", SilenceUsage: true, SilenceErrors: true}
	child := &cobra.Command{Use: "c", RunE: func(*cobra.Command, []string) error { return nil }}
	root.AddCommand(child)
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	root.PersistentFlags().StringVar(&p, "p", "", "")
	root.SetArgs([]string{"c"})
	if err := root.Execute(); err != nil {
		t.Fatalf("nothing required yet: %v", err)
	}
	if child.Flags().Annotated() {
		t.Fatal("child Annotated before any annotation")
	}
	if err := root.MarkPersistentFlagRequired("p"); err != nil {
		t.Fatal(err)
	}
	if !child.Flags().Annotated() {
		t.Fatal("child not Annotated after its parent's merged flag was marked required")
	}
	root.SetArgs([]string{"c"})
	if err := root.Execute(); err == nil || err.Error() != `required flag(s) "p" not set` {
		t.Fatalf("required persistent flag missing: %v", err)
	}

	fs := pflag.NewFlagSet("s", pflag.ContinueOnError)
	fs.StringVar(&q, "q", "", "")
	if fs.Annotated() {
		t.Fatal("Annotated without annotations")
	}
	fs.AddFlag(&pflag.Flag{Name: "a", Value: &discardValue{}, Annotations: map[string][]string{"k": {"v"}}})
	if !fs.Annotated() {
		t.Fatal("not Annotated after adding an annotated flag")
	}
}
