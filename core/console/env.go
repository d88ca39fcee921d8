package console

// The shell's environment: exported variables (ETCDCTL_*) and the machine
// the console runs on.

import (
	"fmt"
	"strings"
)

func isAssignment(w string) bool {
	// One pass up to the '=' (a command's name has none: it is read to
	// its end, with no search for '=' first). A byte of a multi-byte
	// character is none of the name's, as the character is not.
	for i := 0; i < len(w); i++ {
		switch r := w[i]; {
		case r == '=':
			return i > 0
		case !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9'):
			return false
		}
	}
	return false
}

func (con *Console) cmdExport(c *Call, args []string) int {
	if len(args) == 0 {
		for _, e := range con.env {
			fmt.Fprintf(c.stdout, "export %s\n", e)
		}
		return 0
	}
	for _, a := range args {
		if !isAssignment(a) {
			return fail(c, 1, "export: `%s': not a valid identifier", a)
		}
		k, _, _ := strings.Cut(a, "=")
		kept := con.env[:0]
		for _, e := range con.env {
			if !strings.HasPrefix(e, k+"=") {
				kept = append(kept, e)
			}
		}
		con.env = append(kept, a)
	}
	return 0
}

func (con *Console) cmdHost(c *Call, args []string) int {
	switch len(args) {
	case 0:
		fmt.Fprintln(c.stdout, con.host)
		return 0
	case 1:
		if !con.isMember(args[0]) {
			return con.memberErr(c, ErrUnknownMember(args[0]))
		}
		con.host = args[0]
		fmt.Fprintf(c.stdout, "now on %s\n", con.host)
		return 0
	}
	return usage(c, args)
}

func (con *Console) isMember(name string) bool {
	if p := con.m.Kube(); p != nil && p.Node(name) != nil {
		return true
	}
	for _, n := range con.m.Names() {
		if n == name {
			return true
		}
	}
	return false
}
