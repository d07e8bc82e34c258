package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"time"

	"attt/internal/agent"
)

// agentCmd: attt agent --server URL --token T [--once] — the endpoint
// agent. It needs no database or configuration file: only the server, the
// enrolment token the first time, and a state file for its identity.
func agentCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("agent", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o agent.Options
	var once bool
	var offlineOut, caFile, backupMatch string
	fs.StringVar(&o.Server, "server", "", "địa chỉ attt / attt base URL (https://…)")
	fs.StringVar(&o.Token, "token", "", "mã đăng ký dùng một lần / one-time enrolment token (or ATTT_AGENT_TOKEN)")
	fs.StringVar(&o.State, "state", agent.DefaultStatePath(), "tệp định danh của tác tử / agent identity file")
	fs.DurationVar(&o.Interval, "interval", time.Hour, "chu kỳ báo cáo / report interval")
	fs.BoolVar(&once, "once", false, "báo cáo một lần rồi thoát / report once and exit")
	fs.StringVar(&o.Collect.BackupMarker, "backup-marker", "", "tệp đánh dấu sao lưu thành công / backup success marker file")
	fs.StringVar(&o.Collect.BackupLog, "backup-log", "", "nhật ký của công cụ sao lưu / backup tool log (latest success line)")
	fs.StringVar(&backupMatch, "backup-log-match", "", "biểu thức chính quy cho dòng báo thành công / regexp of a success line")
	fs.StringVar(&offlineOut, "offline-out", "", "máy không nối mạng: ghi báo cáo ký số vào tệp này / off-network machine: write the signed report to this file")
	fs.StringVar(&caFile, "ca", "", "chứng thư CA riêng (PEM) / private CA certificate (PEM)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.Token == "" {
		o.Token = os.Getenv("ATTT_AGENT_TOKEN")
	}
	if backupMatch != "" {
		re, err := regexp.Compile(backupMatch)
		if err != nil {
			return fmt.Errorf("agent: --backup-log-match: %w", err)
		}
		o.Collect.BackupMatch = re
	}
	if offlineOut != "" {
		if err := agent.WriteOffline(ctx, o.Token, offlineOut, o.Collect); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Đã ghi báo cáo ngoại tuyến / offline report written: %s\n", offlineOut)
		return nil
	}
	if o.Server == "" {
		return errors.New("agent: --server is required")
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("agent: no certificate in %s", caFile)
		}
		o.TLS = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	o.Log = slog.New(slog.NewJSONHandler(stderr, nil))
	if once {
		if err := agent.Once(ctx, o); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Đã gửi báo cáo / report sent")
		return nil
	}
	return agent.Run(ctx, o)
}
