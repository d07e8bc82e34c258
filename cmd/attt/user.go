package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/principal"
)

// userCmd: attt user create … | attt user link --login L
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	if len(args) == 0 {
		return errors.New("cách dùng / usage: attt user create|link …")
	}
	var login, name, role, org, email string
	var fromStdin bool
	flags := func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "tên đăng nhập / login")
		fs.StringVar(&name, "name", "", "họ và tên / full name")
		fs.StringVar(&role, "role", "staff", "vai trò / role: "+roleNames())
		fs.StringVar(&org, "org", "", "mã đơn vị / organisation code (default: the root, the province)")
		fs.StringVar(&email, "email", "", "thư điện tử / email")
		fs.BoolVar(&fromStdin, "password-stdin", false, "đọc mật khẩu từ đầu vào chuẩn / read the password from standard input")
	}
	m, _, err := open(ctx, "user "+args[0], args[1:], stdout, stderr, env, flags)
	if err != nil {
		return err
	}
	defer m.Close()
	sys := m.System(ctx, "cli")
	switch args[0] {
	case "create":
		return userCreate(sys, m.Dir, m.Auth, userInput{login, name, role, org, email, fromStdin}, stdin, stdout, m.Cfg.URL())
	case "link":
		p, err := m.Dir.PersonByLogin(sys, login)
		if err != nil {
			return err
		}
		return printLink(sys, m.Auth, p, stdout, m.Cfg.URL())
	}
	return fmt.Errorf("lệnh không tồn tại / unknown command: user %s", args[0])
}

type userInput struct {
	login, name, role, org, email string
	fromStdin                     bool
}

func roleNames() string {
	var names []string
	for _, r := range principal.Roles() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

// userCreate creates an account non-interactively. With --password-stdin the
// password (first line of standard input) must pass the policy and the
// account is active at once; otherwise a one-time activation link is
// printed. Nothing is created when the password is refused.
func userCreate(ctx context.Context, dir *directory.Service, accounts *auth.Service, in userInput, stdin io.Reader, stdout io.Writer, base string) error {
	var orgID string
	if in.org == "" {
		root, err := dir.Root(ctx)
		if err != nil {
			return err
		}
		orgID = root.ID
	} else {
		o, err := dir.GetOrgByCode(ctx, in.org)
		if err != nil {
			return err
		}
		orgID = o.ID
	}
	var pw string
	if in.fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		pw = strings.TrimRight(line, "\r\n")
		if err := accounts.CheckPassword(pw, in.login, in.name); err != nil {
			return err
		}
	}
	var roles []principal.Role
	for _, r := range strings.Split(in.role, ",") {
		if r = strings.TrimSpace(r); r != "" && r != string(principal.Staff) {
			roles = append(roles, principal.Role(r))
		}
	}
	p, err := accounts.CreateAccount(ctx, directory.PersonInput{Login: in.login, FullName: in.name, Email: in.email, OrgID: orgID, Roles: roles}, pw)
	if err != nil {
		return err
	}
	if pw != "" {
		fmt.Fprintf(stdout, "Đã tạo tài khoản / account created: %s (%s)\n", p.Login, p.ID)
		return nil
	}
	return printLink(ctx, accounts, p, stdout, base)
}

func printLink(ctx context.Context, accounts *auth.Service, p *directory.Person, stdout io.Writer, base string) error {
	token, exp, err := accounts.IssueLink(ctx, p.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đường dẫn dùng một lần cho %s (hết hạn %s) / one-time link:\n    %s/link/%s\n", p.Login, exp.Format("02/01/2006 15:04 MST"), base, token)
	return nil
}
