package etcdctl

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/raftlab/raftlab/core/columns"
	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type globalFlags struct {
	Endpoints          []string
	Debug              bool
	OutputFormat       string
	IsHex              bool
	DialTimeout        time.Duration
	CommandTimeOut     time.Duration
	KeepAliveTime      time.Duration
	KeepAliveTimeout   time.Duration
	Insecure           bool
	InsecureDiscovery  bool
	InsecureSkipVerify bool
	CertFile           string
	KeyFile            string
	TrustedCAFile      string
	User               string
	Password           string
	DiscoverySrv       string
	DiscoverySrvName   string
}

func (r *runner) newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:        "etcdctl",
		Short:      "A simple command line client for etcd3.",
		SuggestFor: []string{"etcdctl"},
	}
	pf := root.PersistentFlags()
	g := &r.g
	pf.StringSliceVar(&g.Endpoints, "endpoints", []string{"127.0.0.1:2379"}, "gRPC endpoints")
	pf.BoolVar(&g.Debug, "debug", false, "enable client-side debug logging")
	pf.StringVarP(&g.OutputFormat, "write-out", "w", "simple", "set the output format (fields, json, protobuf, simple, table)")
	pf.BoolVar(&g.IsHex, "hex", false, "print byte strings as hex encoded strings")
	pf.DurationVar(&g.DialTimeout, "dial-timeout", 2*time.Second, "dial timeout for client connections")
	pf.DurationVar(&g.CommandTimeOut, "command-timeout", 5*time.Second, "timeout for short running command (excluding dial timeout)")
	pf.DurationVar(&g.KeepAliveTime, "keepalive-time", 2*time.Second, "keepalive time for client connections")
	pf.DurationVar(&g.KeepAliveTimeout, "keepalive-timeout", 6*time.Second, "keepalive timeout for client connections")
	pf.BoolVar(&g.Insecure, "insecure-transport", true, "disable transport security for client connections")
	pf.BoolVar(&g.InsecureDiscovery, "insecure-discovery", true, "accept insecure SRV records describing cluster endpoints")
	pf.BoolVar(&g.InsecureSkipVerify, "insecure-skip-tls-verify", false, "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)")
	pf.StringVar(&g.CertFile, "cert", "", "identify secure client using this TLS certificate file")
	pf.StringVar(&g.KeyFile, "key", "", "identify secure client using this TLS key file")
	pf.StringVar(&g.TrustedCAFile, "cacert", "", "verify certificates of TLS-enabled secure servers using this CA bundle")
	pf.StringVar(&g.User, "user", "", "username[:password] for authentication (prompt if password is not supplied)")
	pf.StringVar(&g.Password, "password", "", "password for authentication (if this option is used, --user option shouldn't include password)")
	pf.StringVarP(&g.DiscoverySrv, "discovery-srv", "d", "", "domain name to query for SRV records describing cluster endpoints")
	pf.StringVarP(&g.DiscoverySrvName, "discovery-srv-name", "", "", "service name to query when using DNS discovery")
	r.tlsFlags = [3]*pflag.Flag{pf.Lookup("cert"), pf.Lookup("key"), pf.Lookup("cacert")}
	r.endpoints = pf.Lookup("endpoints")
	r.plain = [3]*cobra.Command{r.newGetCommand(), r.newPutCommand(), r.newDelCommand()}

	root.AddCommand(
		r.plain[0],
		r.plain[1],
		r.plain[2],
		r.newTxnCommand(),
		r.newCompactionCommand(),
		r.newAlarmCommand(),
		r.newDefragCommand(),
		r.newEndpointCommand(),
		r.newMoveLeaderCommand(),
		r.newWatchCommand(),
		r.newVersionCommand(),
		r.newLeaseCommand(),
		r.newMemberCommand(),
		r.newSnapshotCommand(),
		r.newMakeMirrorCommand(),
		r.newLockCommand(),
		r.newElectCommand(),
		r.newAuthCommand(),
		r.newUserCommand(),
		r.newRoleCommand(),
		r.newCheckCommand(),
	)
	r.setupRoot(root, Version)
	return root
}

// setupRoot wires cobra's output as etcdctl's binary has it: the usage
// function writes straight to stdout (through core/columns), cobra's own
// messages ("Error: ...", "Run '... --help' for usage.") go to stderr.
func (r *runner) setupRoot(root *cobra.Command, version string) {
	root.SetOut(r.stderr)
	root.SetErr(r.stderr)
	root.SetIn(strings.NewReader(""))
	root.SetUsageFunc(func(c *cobra.Command) error { return r.usageFunc(c, version, APIVersion) })
	// etcdctl's help template is "{{.UsageString}}": help is the usage text.
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { _ = r.usageFunc(c, version, APIVersion) })
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return err })
}

// prefix matching as etcdctl enables it (cobra.EnablePrefixMatching = true)
// is a process-global in cobra; Run resolves prefixes itself instead.

// writeUsage renders etcdctl's usage text (etcdctl/ctlv3/command/help.go's
// commandUsage template) in plain Go: text/template's reflection would keep
// every method of every type in the wasm binary (about 0.6 MB gzipped).
func writeUsage(w io.Writer, cmd *cobra.Command, localFlags, globalFlags string, subCommands []*cobra.Command, version, apiVersion string) {
	fmt.Fprint(w, "NAME:\n")
	if !cmd.HasParent() {
		fmt.Fprintf(w, "\t%s - %s\n", cmd.Name(), cmd.Short)
	} else {
		fmt.Fprintf(w, "\t%s - %s\n", cmdName(cmd, cmd.Root()), cmd.Short)
	}
	fmt.Fprintf(w, "\nUSAGE:\n\t%s\n", cmd.UseLine())
	if !cmd.HasParent() {
		fmt.Fprintf(w, "\nVERSION:\n\t%s\n", version)
	}
	if cmd.HasSubCommands() {
		fmt.Fprintf(w, "\nAPI VERSION:\n\t%s\n", apiVersion)
		fmt.Fprint(w, "\n\nCOMMANDS:\n")
		for _, sub := range subCommands {
			if sub.Runnable() {
				fmt.Fprintf(w, "\t%s\t%s\n", cmdName(sub, cmd), sub.Short)
			}
		}
	}
	if cmd.Long != "" {
		fmt.Fprint(w, "\nDESCRIPTION:\n")
		for _, line := range strings.Split(strings.Trim(cmd.Long, "\n\t "), "\n") {
			fmt.Fprintf(w, "\t%s\n", line)
		}
	}
	if cmd.HasLocalFlags() {
		fmt.Fprintf(w, "\nOPTIONS:\n%s", localFlags)
	}
	if cmd.HasInheritedFlags() {
		fmt.Fprintf(w, "\nGLOBAL OPTIONS:\n%s", globalFlags)
	}
	fmt.Fprint(w, "\n")
}

// cmdName is the command's name relative to startCmd ("lease grant").
func cmdName(cmd, startCmd *cobra.Command) string {
	parts := []string{cmd.Name()}
	for cmd.HasParent() && cmd.Parent().Name() != startCmd.Name() {
		cmd = cmd.Parent()
		parts = append([]string{cmd.Name()}, parts...)
	}
	return strings.Join(parts, " ")
}

func getSubCommands(cmd *cobra.Command) []*cobra.Command {
	var subCommands []*cobra.Command
	for _, subCmd := range cmd.Commands() {
		subCommands = append(subCommands, subCmd)
		subCommands = append(subCommands, getSubCommands(subCmd)...)
	}
	return subCommands
}

func etcdFlagUsages(flagSet *pflag.FlagSet) string {
	x := new(strings.Builder)
	flagSet.VisitAll(func(flag *pflag.Flag) {
		if len(flag.Deprecated) > 0 || flag.Hidden {
			return
		}
		var format string
		if len(flag.Shorthand) > 0 {
			format = "  -%s, --%s"
		} else {
			format = "   %s   --%s"
		}
		if len(flag.NoOptDefVal) > 0 {
			format = format + "["
		}
		if flag.Value.Type() == "string" {
			format = format + "=%q"
		} else {
			format = format + "=%s"
		}
		if len(flag.NoOptDefVal) > 0 {
			format = format + "]"
		}
		format = format + "\t%s\n"
		fmt.Fprintf(x, format, flag.Shorthand, flag.Name, flag.DefValue, flag.Usage)
	})
	return x.String()
}

func (r *runner) usageFunc(cmd *cobra.Command, version, apiVersion string) error {
	tabOut := columns.New(r.stdout, 0, 8, 1, '\t')
	writeUsage(tabOut, cmd, etcdFlagUsages(cmd.LocalFlags()), etcdFlagUsages(cmd.InheritedFlags()), getSubCommands(cmd), version, apiVersion)
	return tabOut.Flush()
}

// ---- client configuration (global.go) ----

type discardValue struct{}

func (*discardValue) String() string   { return "" }
func (*discardValue) Set(string) error { return nil }
func (*discardValue) Type() string     { return "" }

// flagToEnv is pkg/flags.FlagToEnv.
func flagToEnv(prefix, name string) string {
	return prefix + "_" + strings.ToUpper(strings.Replace(name, "-", "_", -1))
}

// setPflagsFromEnv is pkg/flags.SetPflagsFromEnv: a flag not given on the
// command line takes ETCDCTL_<FLAG> from the environment.
func (r *runner) setPflagsFromEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed {
			return
		}
		key := flagToEnv("ETCDCTL", f.Name)
		if val, ok := r.env[key]; ok && val != "" {
			if serr := fs.Set(f.Name, val); serr != nil {
				err = fmt.Errorf("invalid value %q for %s: %v", val, key, serr)
			}
		}
	})
	return err
}

// etcdctlEnv: some ETCDCTL_ variable is set and not empty, so it may
// set a flag (setPflagsFromEnv ignores empty values).
func (r *runner) etcdctlEnv() bool {
	if len(r.env) == 0 {
		return false // (a range over a nil map still starts an iterator)
	}
	for k, v := range r.env {
		if v != "" && strings.HasPrefix(k, "ETCDCTL_") {
			return true
		}
	}
	return false
}

// mustCall is clientConfigFromCmd + mustClient: it applies the environment,
// validates TLS/auth flags, sets up the printer and returns the Call.
func (r *runner) mustCall(cmd *cobra.Command) Call {
	if r.plainRan && r.plainCall != nil {
		// Every flag at its default but --endpoints, and no ETCDCTL_*
		// variable (plainLine): the Call is the last plain line's.
		c := *r.plainCall
		c.Endpoints = r.g.Endpoints
		r.initDisplay()
		return c
	}
	// Without ETCDCTL_* variables or --debug the flag set below would do
	// nothing: skip building it (it was a tenth of a loaded simulation).
	if r.g.Debug || r.etcdctlEnv() {
		// A copy of the inherited flags: cobra keeps its own set in a
		// reused tree, where the two extra flags would show in the next
		// help text.
		fs := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)
		fs.AddFlagSet(cmd.InheritedFlags())
		fs.AddFlag(&pflag.Flag{Name: "watch-key", Value: &discardValue{}})
		fs.AddFlag(&pflag.Flag{Name: "watch-range-end", Value: &discardValue{}})
		r.envFlags = true
		if err := r.setPflagsFromEnv(fs); err != nil {
			r.exitWithError(ExitError, err)
		}
		if r.g.Debug {
			fs.VisitAll(func(f *pflag.Flag) {
				fmt.Fprintf(r.stderr, "%s=%v\n", flagToEnv("ETCDCTL", f.Name), f.Value)
			})
		}
	}
	c := Call{
		// Not copied: a Set of --endpoints makes a new slice (pflag),
		// its default is never written, and the Call only reads it.
		Endpoints:   r.g.Endpoints,
		Timeout:     r.g.CommandTimeOut,
		DialTimeout: r.g.DialTimeout,
	}
	if c.Timeout <= 0 {
		// --command-timeout=0 (or less): etcdctl's context.WithTimeout is
		// born expired, so every request fails at once.
		c.Timeout = ExpiredTimeout
	}
	if r.g.DiscoverySrv != "" && !r.g.InsecureDiscovery {
		r.exitWithError(ExitError, errors.New("DNS SRV discovery is not supported by raftlab"))
	}
	c.TLS = r.mustTLS()
	c.User, c.Password = r.mustAuth()
	if c.User != "" {
		// clientv3.New authenticates first; a cluster without auth answers
		// ErrAuthNotEnabled and the client goes on without a token.
		// It is not under the command's context, expired or not.
		ac := c
		if ac.Timeout == ExpiredTimeout {
			ac.Timeout = 0
		}
		resp, err := unary(r, ac, r.cl.Authenticate, &pb.AuthenticateRequest{Name: c.User, Password: c.Password})
		switch {
		case err == nil:
			c.Token = resp.Token
		case errors.Is(err, pb.ErrAuthNotEnabled):
		default:
			r.exitWithError(ExitBadConnection, err)
		}
	}
	r.initDisplay()
	if r.plainRan {
		pc := c
		pc.Endpoints = nil
		r.plainCall = &pc
	}
	return c
}

func (r *runner) mustTLS() TLS {
	// Given empty: --cert, --key, --cacert in this order (the flags are
	// the root's, which every command inherits); none given, none is.
	if tf := r.tlsFlags; tf[0].Changed || tf[1].Changed || tf[2].Changed {
		for i, v := range [3]string{r.g.CertFile, r.g.KeyFile, r.g.TrustedCAFile} {
			if f := tf[i]; v == "" && f.Changed {
				r.exitWithError(ExitBadArgs, errors.New("empty string is passed to --"+f.Name+" option"))
			}
		}
	}
	t := TLS{
		CACert: r.g.TrustedCAFile, Cert: r.g.CertFile, Key: r.g.KeyFile,
		InsecureSkipVerify: r.g.InsecureSkipVerify,
		InsecureTransport:  r.g.Insecure,
		InsecureDiscovery:  r.g.InsecureDiscovery,
	}
	// transport.TLSInfo.ClientConfig: a key without a cert (or the other
	// way round) is refused before dialing; files must be readable.
	if t.Cert != "" || t.Key != "" || t.CACert != "" {
		if (t.Cert == "") != (t.Key == "") {
			r.exitWithError(ExitBadArgs, errors.New("KeyFile and CertFile must both be present[key: "+t.Key+", cert: "+t.Cert+"]"))
		}
		for _, name := range []string{t.Cert, t.Key, t.CACert} {
			if name == "" {
				continue
			}
			if _, err := r.cl.ReadFile(name); err != nil {
				r.exitWithError(ExitBadArgs, fmt.Errorf("open %s: no such file or directory", name))
			}
		}
	}
	return t
}

func (r *runner) mustAuth() (user, password string) {
	if r.g.User == "" {
		return "", ""
	}
	if r.g.Password == "" {
		parts := strings.SplitN(r.g.User, ":", 2)
		if len(parts) < 2 {
			// etcdctl asks with speakeasy: without a terminal the
			// prompt goes to stdout, stty complains, the line is read.
			return r.g.User, r.readPassword("Password: ", true)
		}
		return parts[0], parts[1]
	}
	// etcdctl 3.5.17 takes --user as the whole name when --password is
	// given (3.6 refuses a name with a colon there).
	return r.g.User, r.g.Password
}

func (r *runner) initDisplay() {
	if r.display = r.newPrinter(r.g.OutputFormat, r.g.IsHex); r.display == nil {
		r.exitWithError(ExitBadFeature, errors.New("unsupported output format"))
	}
}
