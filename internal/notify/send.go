package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// The channels of a delivery.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// The states of a delivery.
const (
	StatusPending       = "pending"
	StatusSent          = "sent"
	StatusFailed        = "failed"
	StatusNotConfigured = "not_configured"
)

// Send stores m in its own transaction; see SendTx.
func (s *Service) Send(ctx context.Context, m Message) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.SendTx(ctx, tx, m) })
}

// SendTx stores m inside the caller's transaction tx, so the notification
// exists exactly when the change it announces commits: one in-app
// notification per active recipient (duplicate, unknown and departed ids
// are skipped), an email delivery for each person who wants email at once
// (a digest mark for those who want it daily), and one webhook delivery per
// enabled webhook whose subtree holds m.OrgID and whose kinds match. It
// returns Invalid when m lacks a kind, a subject or a link.
func (s *Service) SendTx(ctx context.Context, tx *sql.Tx, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	people, err := s.dir.Contacts(ctx, tx, dedupe(m.To))
	if err != nil {
		return fmt.Errorf("notify: recipients: %w", err)
	}
	for _, p := range people {
		if p.Status != directory.StatusActive {
			continue
		}
		if err := s.tell(ctx, tx, m, p); err != nil {
			return err
		}
	}
	return s.enqueueHooks(ctx, tx, m)
}

func (m Message) check() error {
	var bad []locale.Text
	if strings.TrimSpace(m.Kind) == "" {
		bad = append(bad, locale.T("Thiếu loại thông báo.", "The kind is missing."))
	}
	if strings.TrimSpace(m.Subject.VI) == "" {
		bad = append(bad, locale.T("Thiếu tiêu đề thông báo.", "The subject is missing."))
	}
	if !strings.HasPrefix(m.Link, "/") || strings.HasPrefix(m.Link, "//") || strings.ContainsAny(m.Link, "\\\r\n") {
		bad = append(bad, locale.T("Thông báo phải dẫn tới đối tượng (đường dẫn bắt đầu bằng “/”).", "A notification must link to its object (a path starting with “/”)."))
	}
	if len(bad) > 0 {
		return errs.New(errs.Invalid, locale.T("Thông báo không hợp lệ.", "The notification is not valid."), bad...)
	}
	return nil
}

// dedupe drops empty and repeated ids, keeping the first order.
func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// tell writes p's notification and, by their preference, an email now or a
// digest mark.
func (s *Service) tell(ctx context.Context, tx *sql.Tx, m Message, p directory.Contact) error {
	pref, err := prefsOf(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	digest := ""
	if pref.Email == EmailDigest {
		digest = "pending"
	}
	now := db.Millis(s.now())
	id := db.NewID()
	_, err = tx.ExecContext(ctx, `INSERT INTO notifications (id, person_id, org_id, kind, subject_vi, subject_en, body_vi, body_en, link, created_at, digest)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		id, p.ID, m.OrgID, m.Kind, m.Subject.VI, m.Subject.EN, m.Body.VI, m.Body.EN, m.Link, now, digest)
	if err != nil {
		return fmt.Errorf("notify: store notification: %w", err)
	}
	if pref.Email != EmailImmediate {
		return nil
	}
	org := m.OrgID
	if org == "" {
		org = p.OrgID
	}
	lang := locale.Lang(pref.Lang)
	return s.enqueueEmail(ctx, tx, outbound{org: org, kind: m.Kind, person: p.ID, to: p.Email,
		subject: m.Subject.In(lang), body: emailBody(lang, m.Body.In(lang), s.absolute(m.Link)), link: s.absolute(m.Link)})
}

// outbound is one delivery to write.
type outbound struct {
	org, kind, person, hook, to, subject, body, link string
}

// enqueueEmail writes an email delivery; a person without an address gets
// a failed one, so the gap shows on the deliveries page.
func (s *Service) enqueueEmail(ctx context.Context, tx *sql.Tx, o outbound) error {
	status, lastErr := StatusPending, ""
	if strings.TrimSpace(o.to) == "" {
		status, lastErr = StatusFailed, msgNoAddress.VI
	}
	_, err := s.insertDelivery(ctx, tx, ChannelEmail, o, status, lastErr)
	return err
}

var msgNoAddress = locale.T("Người nhận chưa có địa chỉ thư điện tử.", "The recipient has no email address.")

func (s *Service) insertDelivery(ctx context.Context, tx *sql.Tx, channel string, o outbound, status, lastErr string) (string, error) {
	now := db.Millis(s.now())
	id := db.NewID()
	_, err := tx.ExecContext(ctx, `INSERT INTO deliveries (id, channel, org_id, kind, person_id, webhook_id, recipient, subject, body, link, status, next_attempt_at, last_error, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $12)`,
		id, channel, o.org, o.kind, o.person, o.hook, o.to, o.subject, o.body, o.link, status, now, lastErr)
	if err != nil {
		return "", fmt.Errorf("notify: enqueue %s: %w", channel, err)
	}
	return id, nil
}

// hookPayload is the JSON body of a webhook call. Subject and body are
// Vietnamese, with English beside them.
type hookPayload struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	OrgID     string `json:"org_id"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	SubjectEN string `json:"subject_en,omitempty"`
	BodyEN    string `json:"body_en,omitempty"`
	Link      string `json:"link"`
	SentAt    string `json:"sent_at"`
}

// enqueueHooks writes a delivery for every enabled webhook whose subtree
// holds m.OrgID and whose kinds match m.Kind.
func (s *Service) enqueueHooks(ctx context.Context, tx *sql.Tx, m Message) error {
	if m.OrgID == "" {
		return nil
	}
	type hook struct{ id, url, kinds string }
	hooks, err := queryAll(ctx, tx, "webhooks", `SELECT w.id, w.url, w.kinds FROM webhooks w
		JOIN organisations o ON o.id = w.org_id
		JOIN organisations t ON t.id = $1
		WHERE w.enabled AND t.path LIKE o.path || '%'`, []any{m.OrgID}, func(sc scanner) (*hook, error) {
		var h hook
		return &h, sc.Scan(&h.id, &h.url, &h.kinds)
	})
	if err != nil {
		return err
	}
	for _, h := range hooks {
		if !kindMatches(splitKinds(h.kinds), m.Kind) {
			continue
		}
		if _, err := s.enqueueHook(ctx, tx, h.id, h.url, m); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) enqueueHook(ctx context.Context, tx *sql.Tx, hookID, url string, m Message) (string, error) {
	body, err := json.Marshal(hookPayload{Kind: m.Kind, OrgID: m.OrgID, Subject: m.Subject.VI, Body: m.Body.VI,
		SubjectEN: m.Subject.EN, BodyEN: m.Body.EN, Link: s.absolute(m.Link)})
	if err != nil {
		return "", fmt.Errorf("notify: webhook payload: %w", err)
	}
	return s.insertDelivery(ctx, tx, ChannelWebhook, outbound{org: m.OrgID, kind: m.Kind, hook: hookID, to: url,
		subject: m.Subject.VI, body: string(body), link: s.absolute(m.Link)}, StatusPending, "")
}

// kindMatches reports whether kind is selected by a webhook's filter: an
// empty filter takes everything, "incident.*" a family.
func kindMatches(filter []string, kind string) bool {
	if len(filter) == 0 {
		return true
	}
	for _, f := range filter {
		if f == kind || f == "*" || (strings.HasSuffix(f, ".*") && strings.HasPrefix(kind, strings.TrimSuffix(f, "*"))) {
			return true
		}
	}
	return false
}

func splitKinds(s string) []string {
	var out []string
	for _, k := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// emailBody is the text of one notification email in lang.
func emailBody(lang locale.Lang, body, link string) string {
	var b strings.Builder
	if body != "" {
		b.WriteString(body)
		b.WriteString("\n\n")
	}
	b.WriteString(locale.T("Xem chi tiết: ", "Details: ").In(lang))
	b.WriteString(link)
	b.WriteString("\n\n-- \n")
	b.WriteString(locale.T("attt — hệ thống đảm bảo an toàn thông tin. Thay đổi cách nhận thư tại trang Tài khoản › Thông báo.",
		"attt — information security system. Change how you receive email under Account › Notifications.").In(lang))
	b.WriteString("\n")
	return b.String()
}
