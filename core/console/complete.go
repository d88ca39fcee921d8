package console

import (
	"strings"

	"github.com/raftlab/raftlab/core/etcdctl"
	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// Completion is what Tab does to a console line: the line with its last
// word completed as far as it is unambiguous, and the choices when it is
// ambiguous (a second Tab lists them, as bash does).
type Completion struct {
	Line    string
	Choices []string
}

// Keys for completion are read from the host's store, at most this many.
const maxCompleteKeys = 5000

// memberArgs reports whether a console command's arguments are members.
func memberArgs(cmd string) bool {
	switch cmd {
	case "kill", "stop", "start", "isolate", "timeout-now", "transfer", "cut", "host", "propose":
		return true
	}
	return false
}

// fileArgs reports whether a command's arguments are files on the host.
func fileArgs(cmd string) bool { return cmd == "cat" || cmd == "rm" || cmd == "ls" }

// Complete completes the last word of line: console commands, etcdctl's
// subcommands and flags, member names (also in --endpoints= and partition
// groups), files on the console's host and existing keys.
func (con *Console) Complete(line string) Completion {
	// Only the last word is completed; quotes and pipes are left alone.
	start := strings.LastIndexAny(line, " \t") + 1
	word := line[start:]
	words := strings.Fields(line[:start])
	var cands []string
	// Skip VAR=value prefixes, as the console does.
	for len(words) > 0 && isAssignment(words[0]) {
		words = words[1:]
	}
	switch {
	case len(words) == 0:
		for n := range commands {
			cands = append(cands, n)
		}
	case words[0] == "etcdctl":
		cands = con.completeEtcdctl(words[1:], word)
	case memberArgs(words[0]):
		cands = con.m.Names()
	case words[0] == "partition":
		// a,b,c groups: complete the member after the last comma
		i := strings.LastIndexByte(word, ',') + 1
		for _, n := range con.m.Names() {
			cands = append(cands, word[:i]+n)
		}
	case fileArgs(words[0]) || words[0] == "etcdutl":
		cands = con.fileNames(word)
	}
	return complete(line[:start], word, cands)
}

func (con *Console) completeEtcdctl(args []string, word string) []string {
	var path []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		path = append(path, a)
	}
	comp := etcdctl.Complete(path)
	switch {
	case strings.HasPrefix(word, "--endpoints="):
		var out []string
		pre := word[:strings.LastIndexAny(word, "=,")+1]
		for _, n := range con.m.Names() {
			out = append(out, pre+n)
		}
		return out
	case strings.HasPrefix(word, "-"):
		return comp.Flags
	case len(comp.Path) < len(path):
		// Arguments are already typed: only a snapshot's file is known.
		if len(comp.Path) > 0 && comp.Path[0] == "snapshot" {
			return con.fileNames(word)
		}
	case len(comp.Subcommands) > 0:
		return comp.Subcommands
	case comp.TakesKey:
		return con.m.Keys(con.host, maxCompleteKeys)
	}
	return nil
}

// fileNames are the files on the console's host, relative to its working
// directory (/root) unless word is an absolute path.
func (con *Console) fileNames(word string) []string {
	var out []string
	for p := range con.files.Host(con.host) {
		if !strings.HasPrefix(word, "/") {
			rel, ok := strings.CutPrefix(p, "/root/")
			if !ok {
				continue
			}
			p = rel
		}
		out = append(out, p)
	}
	return out
}

// complete extends word to the longest prefix shared by the candidates it
// starts; one candidate also gets a space after it.
func complete(before, word string, cands []string) Completion {
	var match []string
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, word) && !seen[c] {
			seen[c] = true
			match = append(match, c)
		}
	}
	ptrsort.Strings(match)
	switch len(match) {
	case 0:
		return Completion{Line: before + word}
	case 1:
		return Completion{Line: before + match[0] + " "}
	}
	p := match[0]
	for _, m := range match[1:] {
		for !strings.HasPrefix(m, p) {
			p = p[:len(p)-1]
		}
	}
	return Completion{Line: before + p, Choices: match}
}
