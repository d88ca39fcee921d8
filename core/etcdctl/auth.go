package etcdctl

import (
	"errors"
	"fmt"
	"strings"

	pb "github.com/raftlab/raftlab/core/etcdpb"
	"github.com/spf13/cobra"
)

// etcdctl 3.5's auth, user and role commands (ctlv3/command/auth_command.go,
// user_command.go, role_command.go) and their printers.

func (r *runner) newAuthCommand() *cobra.Command {
	ac := &cobra.Command{Use: "auth <enable or disable>", Short: "Enable or disable authentication"}
	ac.AddCommand(&cobra.Command{
		Use:   "enable",
		Short: "Enables authentication",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 0 {
				r.exitWithError(ExitBadArgs, errors.New("auth enable command does not accept any arguments"))
			}
			c := r.mustCall(cmd)
			// etcdctl creates the root role and grants it to root when
			// the server says root lacks it, then tries again.
			for {
				_, err := unary(r, c, r.cl.AuthEnable, &pb.AuthEnableRequest{})
				if err == nil {
					break
				}
				if errors.Is(err, pb.ErrRootRoleNotExist) {
					if _, err = unary(r, c, r.cl.RoleAdd, &pb.AuthRoleAddRequest{Name: "root"}); err == nil {
						if _, err = unary(r, c, r.cl.UserGrantRole, &pb.AuthUserGrantRoleRequest{User: "root", Role: "root"}); err == nil {
							continue
						}
					}
				}
				r.exitWithError(ExitError, err)
			}
			r.println("Authentication Enabled")
		},
	}, &cobra.Command{
		Use:   "disable",
		Short: "Disables authentication",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 0 {
				r.exitWithError(ExitBadArgs, errors.New("auth disable command does not accept any arguments"))
			}
			c := r.mustCall(cmd)
			if _, err := unary(r, c, r.cl.AuthDisable, &pb.AuthDisableRequest{}); err != nil {
				r.exitWithError(ExitError, err)
			}
			r.println("Authentication Disabled")
		},
	}, &cobra.Command{
		Use:   "status",
		Short: "Returns authentication status",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) != 0 {
				r.exitWithError(ExitBadArgs, errors.New("auth status command does not accept any arguments"))
			}
			c := r.mustCall(cmd)
			resp, err := unary(r, c, r.cl.AuthStatus, &pb.AuthStatusRequest{})
			if err != nil {
				r.exitWithError(ExitError, err)
			}
			p := r.display
			switch {
			case p.rpc(resp):
			case p.kind == "fields":
				p.hdr(resp.Header)
				r.println(`"Enabled" :`, resp.Enabled)
				r.println(`"AuthRevision" :`, resp.AuthRevision)
			default:
				r.println("Authentication Status:", resp.Enabled)
				r.println("AuthRevision:", resp.AuthRevision)
			}
		},
	})
	return ac
}

// authDo sends one auth request and exits on error, as etcdctl's commands.
func authDo[Req, Resp any](r *runner, cmd *cobra.Command, send func(Call, Req) (Resp, error), req Req) Resp {
	return authDoCall(r, r.mustCall(cmd), send, req)
}

func authDoCall[Req, Resp any](r *runner, c Call, send func(Call, Req) (Resp, error), req Req) Resp {
	resp, err := unary(r, c, send, req)
	if err != nil {
		r.exitWithError(ExitError, err)
	}
	return resp
}

// authPrint prints an auth response: the RPC for json, the header for
// fields, else the simple line.
func (r *runner) authPrint(resp any, h *pb.ResponseHeader, simple func()) {
	p := r.display
	switch {
	case p.rpc(resp):
	case p.kind == "fields":
		p.hdr(h)
	default:
		simple()
	}
}

func (r *runner) needArgs(args []string, n int, msg string) {
	if len(args) != n {
		r.exitWithError(ExitBadArgs, errors.New(msg))
	}
}

// readPassword is etcdctl's password input: with --interactive (the
// default) speakeasy prompts on stdout and, stdin being no terminal, stty
// complains twice on stderr before the line is read; otherwise one word
// is read from stdin (fmt.Scanf("%s")).
func (r *runner) readPassword(prompt string, interactive bool) string {
	if !interactive {
		line, _ := r.stdin.ReadString('\n')
		f := strings.Fields(line)
		if len(f) == 0 {
			return ""
		}
		return f[0]
	}
	r.printf("%s", prompt)
	fmt.Fprintln(r.stderr, "stty: 'standard input': Inappropriate ioctl for device")
	fmt.Fprintln(r.stderr, "stty: 'standard input': Inappropriate ioctl for device")
	line, _ := r.stdin.ReadString('\n')
	r.println()
	return strings.TrimRight(line, "\r\n")
}

// readPasswordInteractive asks twice (ctlv3's readPasswordInteractive).
func (r *runner) readPasswordInteractive(name string) string {
	p1 := r.readPassword(fmt.Sprintf("Password of %s: ", name), true)
	if p1 == "" {
		r.exitWithError(ExitBadArgs, errors.New("empty password"))
	}
	p2 := r.readPassword(fmt.Sprintf("Type password of %s again for confirmation: ", name), true)
	if p1 != p2 {
		r.exitWithError(ExitBadArgs, errors.New("given passwords are different"))
	}
	return p1
}

func (r *runner) newUserCommand() *cobra.Command {
	uc := &cobra.Command{Use: "user <subcommand>", Short: "User related commands"}
	var interactive, noPassword, detail bool
	var newPassword string
	add := &cobra.Command{
		Use:   "add <user name or user:password> [options]",
		Short: "Adds a new user",
		Run: func(cmd *cobra.Command, args []string) {
			r.needArgs(args, 1, "user add command requires user name as its argument")
			var user, password string
			if newPassword != "" {
				user, password = args[0], newPassword
			} else if name, pw, ok := strings.Cut(args[0], ":"); ok {
				if name == "" {
					r.exitWithError(ExitBadArgs, errors.New("empty user name is not allowed"))
				}
				user, password = name, pw
			} else {
				user = args[0]
				if !noPassword {
					if interactive {
						password = r.readPasswordInteractive(user)
					} else {
						password = r.readPassword("", false)
					}
				}
			}
			req := &pb.AuthUserAddRequest{Name: user, Password: password}
			if noPassword {
				req.Options = &pb.UserAddOptions{NoPassword: true}
			}
			resp := authDo(r, cmd, r.cl.UserAdd, req)
			r.authPrint(resp, resp.Header, func() { r.printf("User %s created\n", user) })
		},
	}
	add.Flags().BoolVar(&interactive, "interactive", true, "Read password from stdin instead of interactive terminal")
	add.Flags().StringVar(&newPassword, "new-user-password", "", "Supply password from the command line flag")
	add.Flags().BoolVar(&noPassword, "no-password", false, "Create a user without password (CN based auth only)")

	get := &cobra.Command{
		Use:   "get <user name> [options]",
		Short: "Gets detailed information of a user",
		Run: func(cmd *cobra.Command, args []string) {
			r.needArgs(args, 1, "user get command requires user name as its argument")
			name := args[0]
			c := r.mustCall(cmd)
			resp := authDoCall(r, c, r.cl.UserGet, &pb.AuthUserGetRequest{Name: name})
			if detail {
				r.printf("User: %s\n", name)
				for _, role := range resp.Roles {
					r.println()
					rr := authDoCall(r, c, r.cl.RoleGet, &pb.AuthRoleGetRequest{Role: role})
					r.printRoleGet(role, rr)
				}
				return
			}
			p := r.display
			switch {
			case p.rpc(resp):
			case p.kind == "fields":
				p.hdr(resp.Header)
				r.printf("\"User\" : %q\n", name)
				r.printf(`"Roles" :`)
				for _, role := range resp.Roles {
					r.printf(" %q", role)
				}
				r.println()
			default:
				r.printf("User: %s\n", name)
				r.printf("Roles:")
				for _, role := range resp.Roles {
					r.printf(" %s", role)
				}
				r.println()
			}
		},
	}
	get.Flags().BoolVar(&detail, "detail", false, "Show permissions of roles granted to the user")

	var pwInteractive bool
	passwd := &cobra.Command{
		Use:   "passwd <user name> [options]",
		Short: "Changes password of user",
		Run: func(cmd *cobra.Command, args []string) {
			r.needArgs(args, 1, "user passwd command requires user name as its argument")
			var password string
			if pwInteractive {
				password = r.readPasswordInteractive(args[0])
			} else {
				password = r.readPassword("", false)
			}
			resp := authDo(r, cmd, r.cl.UserChangePassword, &pb.AuthUserChangePasswordRequest{Name: args[0], Password: password})
			r.authPrint(resp, resp.Header, func() { r.println("Password updated") })
		},
	}
	passwd.Flags().BoolVar(&pwInteractive, "interactive", true, "If true, read password from stdin instead of interactive terminal")

	uc.AddCommand(add,
		&cobra.Command{
			Use:   "delete <user name>",
			Short: "Deletes a user",
			Run: func(cmd *cobra.Command, args []string) {
				r.needArgs(args, 1, "user delete command requires user name as its argument")
				resp := authDo(r, cmd, r.cl.UserDelete, &pb.AuthUserDeleteRequest{Name: args[0]})
				r.authPrint(resp, resp.Header, func() { r.printf("User %s deleted\n", args[0]) })
			},
		},
		get,
		&cobra.Command{
			Use:   "list",
			Short: "Lists all users",
			Run: func(cmd *cobra.Command, args []string) {
				if len(args) != 0 {
					r.exitWithError(ExitBadArgs, errors.New("user list command requires no arguments"))
				}
				resp := authDo(r, cmd, r.cl.UserList, &pb.AuthUserListRequest{})
				r.printNames(resp, resp.Header, `"Users" :`, resp.Users)
			},
		},
		passwd,
		&cobra.Command{
			Use:   "grant-role <user name> <role name>",
			Short: "Grants a role to a user",
			Run: func(cmd *cobra.Command, args []string) {
				r.needArgs(args, 2, "user grant command requires user name and role name as its argument")
				resp := authDo(r, cmd, r.cl.UserGrantRole, &pb.AuthUserGrantRoleRequest{User: args[0], Role: args[1]})
				r.authPrint(resp, resp.Header, func() { r.printf("Role %s is granted to user %s\n", args[1], args[0]) })
			},
		},
		&cobra.Command{
			Use:   "revoke-role <user name> <role name>",
			Short: "Revokes a role from a user",
			Run: func(cmd *cobra.Command, args []string) {
				r.needArgs(args, 2, "user revoke-role requires user name and role name arguments")
				resp := authDo(r, cmd, r.cl.UserRevokeRole, &pb.AuthUserRevokeRoleRequest{Name: args[0], Role: args[1]})
				r.authPrint(resp, resp.Header, func() { r.printf("Role %s is revoked from user %s\n", args[1], args[0]) })
			},
		})
	return uc
}

// printNames prints user list / role list.
func (r *runner) printNames(resp any, h *pb.ResponseHeader, field string, names []string) {
	p := r.display
	switch {
	case p.rpc(resp):
	case p.kind == "fields":
		p.hdr(h)
		r.printf("%s", field)
		for _, n := range names {
			r.printf(" %q", n)
		}
		r.println()
	default:
		for _, n := range names {
			r.printf("%s\n", n)
		}
	}
}

func (r *runner) newRoleCommand() *cobra.Command {
	rc := &cobra.Command{Use: "role <subcommand>", Short: "Role related commands"}
	var prefix, fromKey bool
	grant := &cobra.Command{
		Use:   "grant-permission [options] <role name> <permission type> <key> [endkey]",
		Short: "Grants a key to a role",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) < 3 {
				r.exitWithError(ExitBadArgs, errors.New("role grant command requires role name, permission type, and key [endkey] as its argument"))
			}
			var typ pb.PermType
			switch strings.ToUpper(args[1]) {
			case "READ":
				typ = pb.PermRead
			case "WRITE":
				typ = pb.PermWrite
			case "READWRITE":
				typ = pb.PermReadWrite
			default:
				r.exitWithError(ExitBadArgs, fmt.Errorf("invalid permission type: %s", args[1]))
			}
			key, end := r.permRange(args[2:], prefix, fromKey)
			resp := authDo(r, cmd, r.cl.RoleGrantPermission, &pb.AuthRoleGrantPermissionRequest{
				Name: args[0], Perm: &pb.Permission{PermType: typ, Key: []byte(key), RangeEnd: []byte(end)}})
			r.authPrint(resp, resp.Header, func() { r.printf("Role %s updated\n", args[0]) })
		},
	}
	grant.Flags().BoolVar(&prefix, "prefix", false, "grant a prefix permission")
	grant.Flags().BoolVar(&fromKey, "from-key", false, "grant a permission of keys that are greater than or equal to the given key using byte compare")

	var rprefix, rfromKey bool
	revoke := &cobra.Command{
		Use:   "revoke-permission <role name> <key> [endkey]",
		Short: "Revokes a key from a role",
		Run: func(cmd *cobra.Command, args []string) {
			if len(args) < 2 {
				r.exitWithError(ExitBadArgs, errors.New("role revoke-permission command requires role name and key [endkey] as its argument"))
			}
			key, end := r.permRange(args[1:], rprefix, rfromKey)
			resp := authDo(r, cmd, r.cl.RoleRevokePermission, &pb.AuthRoleRevokePermissionRequest{
				Role: args[0], Key: []byte(key), RangeEnd: []byte(end)})
			r.authPrint(resp, resp.Header, func() {
				switch {
				case end == "":
					r.printf("Permission of key %s is revoked from role %s\n", key, args[0])
				case end != "\x00":
					r.printf("Permission of range [%s, %s) is revoked from role %s\n", key, end, args[0])
				default:
					r.printf("Permission of range [%s, <open ended> is revoked from role %s\n", key, args[0])
				}
			})
		},
	}
	revoke.Flags().BoolVar(&rprefix, "prefix", false, "revoke a prefix permission")
	revoke.Flags().BoolVar(&rfromKey, "from-key", false, "revoke a permission of keys that are greater than or equal to the given key using byte compare")

	rc.AddCommand(
		&cobra.Command{
			Use:   "add <role name>",
			Short: "Adds a new role",
			Run: func(cmd *cobra.Command, args []string) {
				r.needArgs(args, 1, "role add command requires role name as its argument")
				resp := authDo(r, cmd, r.cl.RoleAdd, &pb.AuthRoleAddRequest{Name: args[0]})
				r.authPrint(resp, resp.Header, func() { r.printf("Role %s created\n", args[0]) })
			},
		},
		&cobra.Command{
			Use:   "delete <role name>",
			Short: "Deletes a role",
			Run: func(cmd *cobra.Command, args []string) {
				r.needArgs(args, 1, "role delete command requires role name as its argument")
				resp := authDo(r, cmd, r.cl.RoleDelete, &pb.AuthRoleDeleteRequest{Role: args[0]})
				r.authPrint(resp, resp.Header, func() { r.printf("Role %s deleted\n", args[0]) })
			},
		},
		&cobra.Command{
			Use:   "get <role name>",
			Short: "Gets detailed information of a role",
			Run: func(cmd *cobra.Command, args []string) {
				r.needArgs(args, 1, "role get command requires role name as its argument")
				resp := authDo(r, cmd, r.cl.RoleGet, &pb.AuthRoleGetRequest{Role: args[0]})
				r.printRoleGet(args[0], resp)
			},
		},
		&cobra.Command{
			Use:   "list",
			Short: "Lists all roles",
			Run: func(cmd *cobra.Command, args []string) {
				if len(args) != 0 {
					r.exitWithError(ExitBadArgs, errors.New("role list command requires no arguments"))
				}
				resp := authDo(r, cmd, r.cl.RoleList, &pb.AuthRoleListRequest{})
				r.printNames(resp, resp.Header, `"Roles" :`, resp.Roles)
			},
		},
		grant, revoke)
	return rc
}

// permRange is etcdctl's permRange: key and range end from the arguments
// and --prefix / --from-key.
func (r *runner) permRange(args []string, prefix, fromKey bool) (key, end string) {
	key = args[0]
	if len(args) > 1 {
		if prefix || fromKey {
			r.exitWithError(ExitBadArgs, errors.New("unexpected endkey argument with --prefix or --from-key"))
		}
		return key, args[1]
	}
	if prefix && fromKey {
		r.exitWithError(ExitBadArgs, errors.New("--from-key and --prefix flags are mutually exclusive"))
	}
	switch {
	case prefix:
		if key == "" {
			return "\x00", "\x00"
		}
		return key, string(getPrefix([]byte(key)))
	case fromKey:
		if key == "" {
			key = "\x00"
		}
		return key, "\x00"
	}
	return key, ""
}

// printRoleGet is the printers' RoleGet.
func (r *runner) printRoleGet(role string, resp *pb.AuthRoleGetResponse) {
	p := r.display
	switch {
	case p.rpc(resp):
		return
	case p.kind == "fields":
		p.hdr(resp.Header)
		for _, pm := range resp.Perm {
			r.println(`"PermType" :`, pm.PermType.String())
			r.printf("\"Key\" : %q\n", string(pm.Key))
			r.printf("\"RangeEnd\" : %q\n", string(pm.RangeEnd))
		}
		return
	}
	r.printf("Role %s\n", role)
	printRange := func(pm *pb.Permission) {
		k, e := string(pm.Key), string(pm.RangeEnd)
		if e != "\x00" {
			r.printf("\t[%s, %s)", k, e)
		} else {
			r.printf("\t[%s, <open ended>", k)
		}
		if string(getPrefix(pm.Key)) == e {
			r.printf(" (prefix %s)", k)
		}
		r.println()
	}
	for _, section := range []struct {
		title string
		ok    func(pb.PermType) bool
	}{
		{"KV Read:", func(t pb.PermType) bool { return t == pb.PermRead || t == pb.PermReadWrite }},
		{"KV Write:", func(t pb.PermType) bool { return t == pb.PermWrite || t == pb.PermReadWrite }},
	} {
		r.println(section.title)
		for _, pm := range resp.Perm {
			if !section.ok(pm.PermType) {
				continue
			}
			if len(pm.RangeEnd) == 0 {
				r.printf("\t%s\n", string(pm.Key))
			} else {
				printRange(pm)
			}
		}
	}
}
