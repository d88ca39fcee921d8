package console

// The Kubernetes control plane's commands (core/kube): kubectl through the
// load balancer, and what a CKA candidate runs on a node: systemctl,
// journalctl, crictl, and editing files with sed, edit, mv and cp.

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/internal/keys"
	"github.com/raftlab/raftlab/core/kube"
	"github.com/raftlab/raftlab/core/posixre"
)

// kubeCommandTable is the commands of the control plane and of the
// nodes' files (console.go's init adds them to commands).
var kubeCommandTable = [...]namedCommand{
	{"kubectl", command{"kubectl get|create|delete|logs ... (kubectl help)", "Kubernetes' client, through the load balancer to an API server (with a control plane: reset --topology)", (*Console).cmdKubectl}},
	{"systemctl", command{"systemctl daemon-reload|start|stop|restart|enable|disable|status <unit>", "systemd on the console's host (etcd.service on external etcd nodes, kubelet)", (*Console).cmdSystemctl}},
	{"journalctl", command{"journalctl -u <unit> [-n N]", "a unit's log on the console's host (etcd, kubelet)", (*Console).cmdJournalctl}},
	{"crictl", command{"crictl ps [-a] | logs <container> | pods", "the container runtime on a control-plane node (static pods)", (*Console).cmdCrictl}},
	{"sed", command{"sed [-i] [-E] 's/old/new/[g]' <file>...", "edit files on the console's host (sed's s command)", (*Console).cmdSed}},
	{"edit", command{"edit <file>", "replace a file with the lines that follow (the page opens it in a text area)", (*Console).cmdEdit}},
	{"mv", command{"mv <source> <dest>", "move a file or directory on the console's host", (*Console).cmdMv}},
	{"cp", command{"cp [-r] <source> <dest>", "copy a file or directory on the console's host", (*Console).cmdCp}},
	{"scp", command{"scp <file> <host>:<path> | scp <host>:<path> <file>", "copy a file between the console's host and another machine", (*Console).cmdScp}},
	{"grep", command{"grep [-i] [-v] [-n] [-E] <pattern> <file>...", "print the lines of files that match a pattern", (*Console).cmdGrep}},
}

// needKube answers commands that need a control plane when there is none.
func (con *Console) needKube(c *Call, tool string) (*kube.Plane, bool) {
	p := con.m.Kube()
	if p == nil {
		fmt.Fprintf(c.stderr, "raftlab: %s: no Kubernetes control plane; start one with: reset --topology external|stacked\n", tool)
		return nil, false
	}
	return p, true
}

func (con *Console) cmdKubectl(c *Call, args []string) int {
	p, ok := con.needKube(c, "kubectl")
	if !ok {
		if len(args) == 0 || args[0] == "help" {
			c.stdout.WriteString(kube.KubectlHelp)
			return 0
		}
		return 1
	}
	exit := -1
	c.wait(func(wake func()) {
		p.Kubectl(con.host, args, c.stdout, c.stderr, func(code int) {
			exit = code
			wake()
		})
	})
	return exit
}

func (con *Console) cmdSystemctl(c *Call, args []string) int {
	p, ok := con.needKube(c, "systemctl")
	if !ok {
		return 1
	}
	verb := -1
	for i, a := range args {
		if !strings.HasPrefix(a, "-") {
			verb = i
			break
		}
	}
	if verb < 0 || args[verb] != "stop" && args[verb] != "restart" {
		return p.Systemctl(con.host, args, c.stdout, c.stderr)
	}
	// systemctl stop waits for the process to exit: a leader etcd hands
	// leadership over first. restart is stop, then start.
	restart := args[verb] == "restart"
	stop := append([]string(nil), args...)
	stop[verb] = "stop"
	var errb bytes.Buffer
	code := p.Systemctl(con.host, stop, c.stdout, &errb)
	for i := 0; i < 500 && p.Stopping(con.host); i++ {
		c.sleep(10 * time.Millisecond)
	}
	if !restart || code != 0 {
		c.stderr.Write(errb.Bytes())
		return code
	}
	start := append([]string(nil), args...)
	start[verb] = "start"
	var startErr bytes.Buffer
	code = p.Systemctl(con.host, start, c.stdout, &startErr)
	if !strings.Contains(startErr.String(), errb.String()) {
		c.stderr.Write(errb.Bytes())
	}
	c.stderr.Write(startErr.Bytes())
	return code
}

func (con *Console) cmdJournalctl(c *Call, args []string) int {
	p, ok := con.needKube(c, "journalctl")
	if !ok {
		return 1
	}
	return p.Journalctl(con.host, args, c.stdout, c.stderr)
}

func (con *Console) cmdCrictl(c *Call, args []string) int {
	p, ok := con.needKube(c, "crictl")
	if !ok {
		return 1
	}
	return p.Crictl(con.host, args, c.stdout, c.stderr)
}

// sedScript is one s/regexp/replacement/flags command.
type sedScript struct {
	_      [0]func() // not comparable: no generated equality in the page
	re     *posixre.Regexp
	repl   string
	global bool
}

// parseSed reads sed's s command; BRE unless ere (-E), as GNU sed.
func parseSed(script string, ere bool) (*sedScript, error) {
	if len(script) < 2 || script[0] != 's' {
		return nil, fmt.Errorf("-e expression #1, char %d: unknown command: `%c'", 1, firstByte(script))
	}
	delim := script[1]
	var parts []string
	var cur strings.Builder
	for i := 2; i < len(script); i++ {
		ch := script[i]
		if ch == '\\' && i+1 < len(script) {
			if script[i+1] == delim {
				cur.WriteByte(delim)
			} else {
				cur.WriteByte('\\')
				cur.WriteByte(script[i+1])
			}
			i++
			continue
		}
		if ch == delim {
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(ch)
	}
	if len(parts) < 2 {
		return nil, fmt.Errorf("-e expression #1, char %d: unterminated `s' command", len(script))
	}
	flags := cur.String()
	if len(parts) > 2 {
		return nil, fmt.Errorf("-e expression #1, char %d: unknown option to `s'", len(script))
	}
	s := &sedScript{repl: parts[1]}
	for _, f := range flags {
		switch f {
		case 'g':
			s.global = true
		default:
			return nil, fmt.Errorf("-e expression #1, char %d: unknown option to `s'", len(script))
		}
	}
	re, err := posixre.Compile(parts[0], ere, false)
	if err != nil {
		return nil, fmt.Errorf("-e expression #1, char %d: Invalid regular expression", len(script))
	}
	s.re = re
	return s, nil
}

func firstByte(s string) byte {
	if s == "" {
		return ' '
	}
	return s[0]
}

// apply runs the command on each line, as sed does (text ending in a
// newline has no empty line after it). Its output stops short of limit
// bytes: past it, apply fills in no more replacements (a short script can
// multiply its input: s/a/&&&&/g) and reports false with what it made.
func (s *sedScript) apply(text string, limit int) (string, bool) {
	lines := strings.SplitAfter(text, "\n")
	size, over := 0, false
	for i, l := range lines {
		if l == "" {
			continue
		}
		if over {
			lines = lines[:i]
			break
		}
		body, nl := strings.CutSuffix(l, "\n")
		grown := 0
		lines[i] = s.re.ReplaceAll(body, s.global, func(m []int) (string, bool) {
			sub := make([]string, len(m)/2)
			for k := range sub {
				if m[2*k] >= 0 {
					sub[k] = body[m[2*k]:m[2*k+1]]
				}
			}
			r := expandSed(s.repl, sub)
			if grown += len(r) - (m[1] - m[0]); size+len(l)+grown > limit {
				over = true
				return "", false
			}
			return r, true
		})
		if over {
			lines = lines[:i] // this line's replacements were left out
			break
		}
		if nl {
			lines[i] += "\n"
		}
		size += len(lines[i])
		over = size > limit
	}
	out := strings.Join(lines, "")
	return out[:min(len(out), limit)], !over
}

// expandSed fills & and \1..\9 in a replacement.
func expandSed(repl string, sub []string) string {
	var b strings.Builder
	for i := 0; i < len(repl); i++ {
		ch := repl[i]
		switch {
		case ch == '&':
			if len(sub) > 0 {
				b.WriteString(sub[0])
			}
		case ch == '\\' && i+1 < len(repl):
			i++
			n := repl[i]
			switch {
			case n >= '1' && n <= '9':
				if int(n-'0') < len(sub) {
					b.WriteString(sub[n-'0'])
				}
			case n == 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(n)
			}
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

func (con *Console) cmdSed(c *Call, args []string) int {
	inPlace, ere := false, false
	var script string
	var files []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-i" || a == "--in-place":
			inPlace = true
		case a == "-E" || a == "-r" || a == "--regexp-extended":
			ere = true
		case a == "-e" && i+1 < len(args):
			i++
			script = args[i]
		case a == "-iE" || a == "-Ei" || a == "-ri" || a == "-ir":
			inPlace, ere = true, true
		case strings.HasPrefix(a, "-") && a != "-":
			return fail(c, 1, "sed: invalid option -- '%s'\nUsage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...", strings.TrimLeft(a, "-"))
		case script == "":
			script = a
		default:
			files = append(files, a)
		}
	}
	if script == "" {
		return fail(c, 1, "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...")
	}
	s, err := parseSed(script, ere)
	if err != nil {
		return fail(c, 1, "sed: %v", err)
	}
	if len(files) == 0 {
		if inPlace {
			return fail(c, 1, "sed: no input files")
		}
		out, ok := s.apply(c.stdin, MaxOutput)
		c.stdout.WriteString(out)
		if !ok {
			return sedTooLong(c)
		}
		return 0
	}
	code := 0
	for _, f := range files {
		b, err := con.files.Read(con.host, f)
		if err != nil {
			fmt.Fprintf(c.stderr, "sed: can't read %s: No such file or directory\n", f)
			code = 2
			continue
		}
		if !inPlace {
			out, ok := s.apply(string(b), MaxOutput)
			c.stdout.WriteString(out)
			if !ok {
				return sedTooLong(c)
			}
			continue
		}
		// GNU sed -i writes a new file and renames it over the old one:
		// with no room, the old file stays.
		room := con.files.room(con.host, f)
		out, ok := s.apply(string(b), room)
		if !ok { // GNU sed: ck_fflush's "couldn't flush"
			fmt.Fprintf(c.stderr, "sed: couldn't flush %s: No space left on device\n", f)
			return 4
		}
		con.files.Write(con.host, f, []byte(out))
	}
	return code
}

// sedTooLong ends a sed whose output passes what the console keeps of a
// command's: the rest is neither made nor kept.
func sedTooLong(c *Call) int {
	fmt.Fprintf(c.stderr, "raftlab: output truncated: sed's output passes the %d bytes the console keeps per command; the rest was not made\n", MaxOutput)
	return 0
}

// cmdEdit replaces a file with its standard input (the page's text area
// sends the edited file this way, so the edit is in the journal).
func (con *Console) cmdEdit(c *Call, args []string) int {
	if len(args) != 1 {
		return usage(c, args)
	}
	if c.stdin == "" {
		b, err := con.files.Read(con.host, args[0])
		if err != nil {
			return fail(c, 1, "edit: %s: No such file or directory", args[0])
		}
		c.stdout.Write(b)
		fmt.Fprintf(c.stderr, "edit: the page opens %s in a text area; in a script, give the new content on the lines after the command\n", args[0])
		return 0
	}
	text := c.stdin
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if err := con.files.put(con.host, args[0], []byte(text)); err != nil {
		return fail(c, 1, "edit: %s: No space left on device", args[0])
	}
	return 0
}

// moveOrCopy moves (or copies) a file or a directory's files.
func (con *Console) moveOrCopy(c *Call, tool string, args []string, move bool) int {
	var names []string
	for _, a := range args {
		if a == "-r" || a == "-R" || a == "-f" || a == "-a" {
			continue
		}
		names = append(names, a)
	}
	if len(names) != 2 {
		return fail(c, 1, "%s: missing destination file operand after '%s'", tool, strings.Join(names, " "))
	}
	files := con.files.Host(con.host)
	src, dst := Abs(names[0]), Abs(names[1])
	if con.files.isDir(con.host, dst) || strings.HasSuffix(names[1], "/") {
		dst = strings.TrimSuffix(dst, "/") + "/" + src[strings.LastIndexByte(src, '/')+1:]
	}
	// A copy takes room (a move on one machine does not).
	copyTo := func(to, from string) bool {
		if !move && len(files[from]) > con.files.room(con.host, to) {
			fmt.Fprintf(c.stderr, "%s: error writing '%s': No space left on device\n", tool, to)
			return false
		}
		files[to] = bytes.Clone(files[from])
		if move {
			delete(files, from)
		}
		return true
	}
	if _, ok := files[src]; ok {
		if !copyTo(dst, src) {
			return 1
		}
		return 0
	}
	if !con.files.isDir(con.host, src) {
		return fail(c, 1, "%s: cannot stat '%s': No such file or directory", tool, names[0])
	}
	prefix := strings.TrimSuffix(src, "/") + "/"
	for _, f := range keys.Sorted(files) {
		if rest, ok := strings.CutPrefix(f, prefix); ok {
			if !copyTo(dst+"/"+rest, f) {
				return 1
			}
		}
	}
	return 0
}

func (con *Console) cmdMv(c *Call, args []string) int { return con.moveOrCopy(c, "mv", args, true) }
func (con *Console) cmdCp(c *Call, args []string) int { return con.moveOrCopy(c, "cp", args, false) }

func (con *Console) cmdGrep(c *Call, args []string) int {
	var fold, invert, number, ere bool
	var pattern string
	var files []string
	for _, a := range args {
		switch {
		case strings.HasPrefix(a, "-") && len(a) > 1 && pattern == "":
			for _, f := range a[1:] {
				switch f {
				case 'i':
					fold = true
				case 'v':
					invert = true
				case 'n':
					number = true
				case 'E':
					ere = true
				default:
					return fail(c, 2, "grep: invalid option -- '%c'\nUsage: grep [OPTION]... PATTERNS [FILE]...", f)
				}
			}
		case pattern == "":
			pattern = a
		default:
			files = append(files, a)
		}
	}
	if pattern == "" {
		return fail(c, 2, "Usage: grep [OPTION]... PATTERNS [FILE]...")
	}
	re, err := posixre.Compile(pattern, ere, fold)
	if err != nil {
		return fail(c, 2, "grep: Invalid regular expression")
	}
	type input struct {
		_          [0]func() // not comparable: no generated equality in the page
		name, text string
	}
	var ins []input
	if len(files) == 0 {
		ins = append(ins, input{name: "(standard input)", text: c.stdin})
	}
	code := 1
	for _, f := range files {
		b, err := con.files.Read(con.host, f)
		if err != nil {
			fmt.Fprintf(c.stderr, "grep: %s: No such file or directory\n", f)
			code = 2
			continue
		}
		ins = append(ins, input{name: f, text: string(b)})
	}
	found := false
	for _, in := range ins {
		for i, line := range strings.Split(strings.TrimSuffix(in.text, "\n"), "\n") {
			if re.MatchString(line) == invert {
				continue
			}
			found = true
			if len(files) > 1 {
				fmt.Fprintf(c.stdout, "%s:", in.name)
			}
			if number {
				fmt.Fprintf(c.stdout, "%d:", i+1)
			}
			fmt.Fprintln(c.stdout, line)
		}
	}
	if found && code != 2 {
		return 0
	}
	return code
}

// cmdScp copies a file between machines (host:path on either side).
func (con *Console) cmdScp(c *Call, args []string) int {
	var names []string
	for _, a := range args {
		if a != "-r" && a != "-p" && a != "-q" {
			names = append(names, a)
		}
	}
	if len(names) != 2 {
		return fail(c, 1, "usage: scp <file> <host>:<path> | scp <host>:<path> <file>")
	}
	split := func(s string) (string, string, error) {
		h, p, ok := strings.Cut(s, ":")
		if !ok {
			return con.host, s, nil
		}
		h = h[strings.IndexByte(h, '@')+1:]
		if !con.isMember(h) {
			return "", "", fmt.Errorf("ssh: Could not resolve hostname %s: Name or service not known", h)
		}
		if p == "" {
			p = "/root/"
		}
		return h, p, nil
	}
	sh, sp, err := split(names[0])
	if err == nil {
		var dh, dp string
		if dh, dp, err = split(names[1]); err == nil {
			b, rerr := con.files.Read(sh, sp)
			if rerr != nil {
				return fail(c, 1, "scp: %s: No such file or directory", sp)
			}
			if strings.HasSuffix(dp, "/") || con.files.isDir(dh, Abs(dp)) {
				dp = strings.TrimSuffix(dp, "/") + "/" + sp[strings.LastIndexByte(sp, '/')+1:]
			}
			if con.files.put(dh, dp, b) != nil {
				return fail(c, 1, "scp: %s: No space left on device", dp)
			}
			return 0
		}
	}
	return fail(c, 255, "%v\nscp: Connection closed", err)
}
