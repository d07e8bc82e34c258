package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"attt/internal/app"
	"attt/internal/audit"
	"attt/internal/config"
	"attt/internal/demo"
	"attt/internal/errs"
)

const usage = `attt — an toàn thông tin: hệ thống thực thi quy chế an toàn thông tin của tỉnh.

Cách dùng / Usage:
  attt serve [--demo] [--addr 127.0.0.1:8080] [--data DIR | --db postgres://…]
  attt user create --login L --name N --role ROLE [--org CODE] [--email E] [--password-stdin]
  attt user link --login L        (đường dẫn đặt lại mật khẩu / a password reset link)
  attt audit verify
  attt agent --server URL --token T [--once] [--interval 1h] [--backup-marker FILE]
  attt agent --token T --offline-out FILE   (máy soạn thảo tài liệu mật / secret-document computer)
  attt help

Cài đặt chung / Settings (flag, environment variable):
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage+config.Usage())
		return 0
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stdout, stderr, env)
	case "user":
		err = userCmd(ctx, args[1:], stdin, stdout, stderr, env)
	case "agent":
		err = agentCmd(ctx, args[1:], stdout, stderr)
	case "audit":
		return auditCmd(ctx, args[1:], stdout, stderr, env)
	default:
		err = fmt.Errorf("lệnh không tồn tại / unknown command %q (attt help)", args[0])
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "attt:", describe(err))
		return 1
	}
	return 0
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// open loads the configuration of a sub-command and opens the installation.
func open(ctx context.Context, name string, args []string, stdout, stderr io.Writer, env func(string) string, extra func(*flag.FlagSet)) (*app.Main, []string, error) {
	cfg, rest, err := config.Load(name, args, env, extra)
	if err != nil {
		return nil, nil, err
	}
	m, err := app.Open(ctx, cfg, stdout, newLogger(stderr, cfg.LogLevel))
	if err != nil {
		return nil, nil, err
	}
	if _, err := m.EnsureRoot(ctx); err != nil {
		m.Close()
		return nil, nil, err
	}
	return m, rest, nil
}

// serve runs the web UI and API until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) error {
	m, _, err := open(ctx, "serve", args, stdout, stderr, env, nil)
	if err != nil {
		return err
	}
	defer m.Close()
	if m.Cfg.Demo {
		if err := demo.Load(ctx, m); err != nil {
			return err
		}
	}
	if err := m.AnnounceSetup(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", m.Cfg.Addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "attt đang chạy tại / attt is serving at http://%s\n", ln.Addr())
	return m.Serve(ctx, ln)
}

// auditCmd: attt audit verify — exit 0 on an intact trail, 2 naming the
// first broken record otherwise.
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "attt: cách dùng / usage: attt audit verify [--data DIR | --db URL]")
		return 1
	}
	cfg, _, err := config.Load("audit verify", args[1:], env, nil)
	if err != nil {
		fmt.Fprintln(stderr, "attt:", err)
		return 1
	}
	m, err := app.Open(ctx, cfg, stdout, newLogger(stderr, cfg.LogLevel))
	if err != nil {
		fmt.Fprintln(stderr, "attt:", err)
		return 1
	}
	defer m.Close()
	res, err := audit.Verify(ctx, m.DB)
	if err != nil {
		fmt.Fprintln(stderr, "attt:", err)
		return 1
	}
	if !res.OK {
		fmt.Fprintf(stdout, "NHẬT KÝ KIỂM TRA BỊ THAY ĐỔI tại bản ghi %d / AUDIT TRAIL BROKEN at record %d: %s (đã kiểm tra %d bản ghi)\n",
			res.BrokenSeq, res.BrokenSeq, res.Reason, res.Checked)
		return 2
	}
	fmt.Fprintf(stdout, "Nhật ký kiểm tra toàn vẹn / audit trail intact: %d bản ghi / records\n", res.Checked)
	return 0
}

// describe renders an error for the console: the user-facing message and
// its details when there is one, the raw error otherwise.
func describe(err error) string {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code == errs.Internal {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(e.Msg.VI)
	for _, d := range e.Details {
		b.WriteString("\n  - " + d.VI)
	}
	return b.String()
}
