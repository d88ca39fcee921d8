package console

// Every machine's files (snapshots, certificates, restored data
// directories), and the console's file commands on its host's.

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/raftlab/raftlab/core/internal/ptrsort"
)

// Files are the machines' filesystems: host → absolute path → content.
// Relative names are under /root, the console's working directory.
type Files map[string]map[string][]byte

// Abs is the absolute path of a name given on the console.
func Abs(name string) string {
	if !strings.HasPrefix(name, "/") {
		name = "/root/" + name
	}
	return path.Clean(name)
}

// Host is one machine's filesystem (created empty if need be).
func (f Files) Host(host string) map[string][]byte {
	if f[host] == nil {
		f[host] = map[string][]byte{}
	}
	return f[host]
}

// Read returns a copy of a file on host.
func (f Files) Read(host, name string) ([]byte, error) {
	b, ok := f[host][Abs(name)]
	if !ok {
		return nil, fmt.Errorf("open %s: no such file or directory", name)
	}
	return bytes.Clone(b), nil
}

// Write stores a copy of data as a file on host.
func (f Files) Write(host, name string, data []byte) {
	f.Host(host)[Abs(name)] = bytes.Clone(data)
}

// MaxFilesBytes bounds what the machines' files hold in all: what people
// write (sed, cp, scp, edit, snapshots, restores) past it fails with "No
// space left on device". Without it a few short commands (sed doubling a
// file, cp over and over) would fill the page's memory.
const MaxFilesBytes = 32 << 20

// errNoSpace is ENOSPC as Go's os package words it.
var errNoSpace = errors.New("no space left on device")

// room is how many bytes a file host:name may hold within MaxFilesBytes
// (the file it replaces counts as free).
func (f Files) room(host, name string) int {
	used := 0
	for _, fs := range f {
		for _, b := range fs {
			used += len(b)
		}
	}
	return MaxFilesBytes - used + len(f[host][Abs(name)])
}

// put is Write within MaxFilesBytes: errNoSpace, and nothing written, past it.
func (f Files) put(host, name string, data []byte) error {
	if len(data) > f.room(host, name) {
		return errNoSpace
	}
	f.Write(host, name, data)
	return nil
}

// Clone copies the filesystems (file contents are never changed in place).
func (f Files) Clone() Files {
	out := make(Files, len(f))
	for h, fs := range f {
		out[h] = make(map[string][]byte, len(fs))
		for p, b := range fs {
			out[h][p] = b
		}
	}
	return out
}

// isDir reports whether any file on host is under p.
func (f Files) isDir(host, p string) bool {
	prefix := strings.TrimSuffix(p, "/") + "/"
	for name := range f[host] {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

func (con *Console) cmdLs(c *Call, args []string) int {
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
	files := con.files.Host(con.host)
	for i, d := range dirs {
		p := Abs(d)
		if b, ok := files[p]; ok {
			lsEntry(c, long, d, len(b), false)
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
			fmt.Fprintf(c.stderr, "ls: cannot access '%s': No such file or directory\n", d)
			code = 2
			continue
		}
		if len(dirs) > 1 {
			if i > 0 {
				fmt.Fprintln(c.stdout)
			}
			fmt.Fprintf(c.stdout, "%s:\n", d)
		}
		names := make([]string, 0, len(entries))
		for n := range entries {
			names = append(names, n)
		}
		ptrsort.Strings(names)
		for _, n := range names {
			lsEntry(c, long, n, entries[n], isDir[n])
		}
	}
	return code
}

func lsEntry(c *Call, long bool, name string, size int, dir bool) {
	if !long {
		if dir {
			name += "/"
		}
		fmt.Fprintln(c.stdout, name)
		return
	}
	mode := "-rw-------"
	if dir {
		mode, name = "drwx------", name+"/"
	}
	fmt.Fprintf(c.stdout, "%s 1 root root %9d %s\n", mode, size, name)
}

func (con *Console) cmdCat(c *Call, args []string) int {
	if len(args) == 0 {
		return usage(c, args)
	}
	code := 0
	for _, a := range args {
		b, ok := con.files.Host(con.host)[Abs(a)]
		if !ok {
			if con.files.isDir(con.host, Abs(a)) {
				fmt.Fprintf(c.stderr, "cat: %s: Is a directory\n", a)
			} else {
				fmt.Fprintf(c.stderr, "cat: %s: No such file or directory\n", a)
			}
			code = 1
			continue
		}
		c.stdout.Write(b)
	}
	return code
}

func (con *Console) cmdRm(c *Call, args []string) int {
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
	files := con.files.Host(con.host)
	for _, a := range names {
		p := Abs(a)
		if _, ok := files[p]; ok {
			delete(files, p)
			continue
		}
		if con.files.isDir(con.host, p) {
			if !recursive {
				fmt.Fprintf(c.stderr, "rm: cannot remove '%s': Is a directory\n", a)
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
		fmt.Fprintf(c.stderr, "rm: cannot remove '%s': No such file or directory\n", a)
		code = 1
	}
	return code
}
