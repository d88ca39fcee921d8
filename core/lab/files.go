package lab

// The console's file commands, on the host's virtual filesystem.

import (
	"fmt"
	"sort"
	"strings"
)

func (l *Lab) cmdLs(c *Call, args []string) int {
	long := false
	var dirs []string
	for _, a := range args {
		switch {
		case a == "-l" || a == "-la" || a == "-al" || a == "-a":
			long = long || strings.Contains(a, "l")
		case strings.HasPrefix(a, "-"):
			return fail(c, 2, "ls: invalid option %q; usage: %s", a, commands["ls"].usage)
		default:
			dirs = append(dirs, a)
		}
	}
	if len(dirs) == 0 {
		dirs = []string{"/root"}
	}
	code := 0
	for i, d := range dirs {
		p := l.abs(d)
		files := l.hostFiles(l.host)
		if b, ok := files[p]; ok {
			l.lsEntry(c, long, d, len(b), false)
			continue
		}
		entries := map[string]int{}
		isDir := map[string]bool{}
		prefix := strings.TrimSuffix(p, "/") + "/"
		for f, b := range files {
			rest, ok := strings.CutPrefix(f, prefix)
			if !ok {
				continue
			}
			name, _, sub := strings.Cut(rest, "/")
			entries[name] += len(b)
			isDir[name] = isDir[name] || sub
		}
		if len(entries) == 0 && p != "/root" {
			fmt.Fprintf(&c.stderr, "ls: cannot access '%s': No such file or directory\n", d)
			code = 2
			continue
		}
		if len(dirs) > 1 {
			if i > 0 {
				fmt.Fprintln(&c.stdout)
			}
			fmt.Fprintf(&c.stdout, "%s:\n", d)
		}
		names := make([]string, 0, len(entries))
		for n := range entries {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			l.lsEntry(c, long, n, entries[n], isDir[n])
		}
	}
	return code
}

func (l *Lab) lsEntry(c *Call, long bool, name string, size int, dir bool) {
	if !long {
		if dir {
			name += "/"
		}
		fmt.Fprintln(&c.stdout, name)
		return
	}
	mode := "-rw-------"
	if dir {
		mode, name = "drwx------", name+"/"
	}
	fmt.Fprintf(&c.stdout, "%s 1 root root %9d %s\n", mode, size, name)
}

func (l *Lab) cmdCat(c *Call, args []string) int {
	if len(args) == 0 {
		return usage(c, args)
	}
	code := 0
	for _, a := range args {
		b, ok := l.hostFiles(l.host)[l.abs(a)]
		if !ok {
			if l.isDir(l.abs(a)) {
				fmt.Fprintf(&c.stderr, "cat: %s: Is a directory\n", a)
			} else {
				fmt.Fprintf(&c.stderr, "cat: %s: No such file or directory\n", a)
			}
			code = 1
			continue
		}
		c.stdout.Write(b)
	}
	return code
}

func (l *Lab) isDir(p string) bool {
	prefix := strings.TrimSuffix(p, "/") + "/"
	for f := range l.hostFiles(l.host) {
		if strings.HasPrefix(f, prefix) {
			return true
		}
	}
	return false
}

func (l *Lab) cmdRm(c *Call, args []string) int {
	recursive := false
	var names []string
	for _, a := range args {
		switch a {
		case "-r", "-rf", "-fr", "-R", "-f":
			recursive = recursive || a != "-f"
		default:
			if strings.HasPrefix(a, "-") {
				return fail(c, 1, "rm: invalid option %q; usage: %s", a, commands["rm"].usage)
			}
			names = append(names, a)
		}
	}
	if len(names) == 0 {
		return usage(c, args)
	}
	code := 0
	files := l.hostFiles(l.host)
	for _, a := range names {
		p := l.abs(a)
		if _, ok := files[p]; ok {
			delete(files, p)
			continue
		}
		if l.isDir(p) {
			if !recursive {
				fmt.Fprintf(&c.stderr, "rm: cannot remove '%s': Is a directory\n", a)
				code = 1
				continue
			}
			prefix := strings.TrimSuffix(p, "/") + "/"
			for f := range files {
				if strings.HasPrefix(f, prefix) {
					delete(files, f)
				}
			}
			continue
		}
		fmt.Fprintf(&c.stderr, "rm: cannot remove '%s': No such file or directory\n", a)
		code = 1
	}
	return code
}

// ---- members added with etcdctl member add ----
