package incident

import (
	"bytes"
	"context"
	"strings"
	"time"

	"attt/internal/errs"
	"attt/internal/incident/mailin"
	"attt/internal/locale"
	"attt/internal/principal"
)

var msgUnknownSender = locale.T("Địa chỉ email người gửi chưa gắn với tài khoản đang hoạt động nào trong attt; hãy báo cáo qua giao diện web hoặc nhờ cán bộ chuyên trách cập nhật email.",
	"The sender's address belongs to no active attt account; report through the web interface or ask your officer to record your email.")

// ReportEmail files a report that arrived by email (see incident/mailin).
// The sender's address must be the email of exactly one active person, who
// becomes the reporter; attachments pass the intake gate like any upload,
// and a refused one refuses the message so the sender's mail server bounces
// it with the reason. A message whose Message-ID was already recorded from
// the same person is acknowledged again without a second incident, since
// mail servers resend when a reply is lost.
func (s *Service) ReportEmail(ctx context.Context, m *mailin.Message) error {
	personID, err := s.personByEmail(ctx, m.From.Address)
	if err != nil {
		return err
	}
	if m.MessageID != "" {
		var n int
		if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM incidents WHERE source_type = 'email' AND source_id = $1 AND reporter_id = $2`,
			m.MessageID, personID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
	}
	p, err := s.dir.LoadPrincipal(ctx, personID)
	if err != nil {
		return err
	}
	ctx = principal.With(ctx, p)
	in := ReportInput{Title: strings.TrimSpace(m.Subject), Description: m.Text, Contact: m.From.String(), Via: ViaEmail,
		SourceType: "email", SourceID: m.MessageID, DetectedAt: s.now()}
	if in.Title == "" {
		in.Title = "Báo cáo sự cố qua email"
	}
	if !m.Date.IsZero() && m.Date.Before(in.DetectedAt) && in.DetectedAt.Sub(m.Date) < 30*24*time.Hour {
		in.DetectedAt = m.Date
	}
	if r := []rune(in.Title); len(r) > 200 {
		in.Title = string(r[:199]) + "…"
	}
	var files []Upload
	for _, a := range m.Attachments {
		files = append(files, Upload{Name: a.Name, R: bytes.NewReader(a.Data)})
	}
	_, err = s.Report(ctx, in, files)
	return err
}

func (s *Service) personByEmail(ctx context.Context, addr string) (string, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "", errs.New(errs.Forbidden, msgUnknownSender)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id FROM people WHERE LOWER(email) = LOWER($1) AND status = 'active'`, addr)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(ids) != 1 {
		return "", errs.New(errs.Forbidden, msgUnknownSender)
	}
	return ids[0], nil
}
