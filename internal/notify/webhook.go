package notify

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/secret"
)

// Webhook is an address that receives signed notifications of an
// organisation subtree.
type Webhook struct {
	ID      string   `json:"id"`
	OrgID   string   `json:"org_id"`
	OrgName string   `json:"org_name,omitempty"`
	Name    string   `json:"name"`
	URL     string   `json:"url"`
	Kinds   []string `json:"kinds"`
	Enabled bool     `json:"enabled"`
	// Secret signs each call; it is only filled in the answer that
	// creates the webhook.
	Secret    string    `json:"secret,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// WebhookInput registers a webhook.
type WebhookInput struct {
	OrgID string   `json:"org_id"`
	Name  string   `json:"name"`
	URL   string   `json:"url"`
	Kinds []string `json:"kinds"`
}

var msgWebhookNotFound = locale.T("Không tìm thấy webhook.", "Webhook not found.")

func (in *WebhookInput) check() error {
	in.Name, in.URL = strings.TrimSpace(in.Name), strings.TrimSpace(in.URL)
	var kinds []string
	for _, k := range in.Kinds {
		kinds = append(kinds, splitKinds(k)...)
	}
	in.Kinds = splitKinds(strings.Join(kinds, ","))
	var bad []locale.Text
	if in.OrgID == "" {
		bad = append(bad, locale.T("Chọn đơn vị.", "Choose an organisation."))
	}
	if in.Name == "" || len(in.Name) > 200 {
		bad = append(bad, locale.T("Tên webhook bắt buộc, tối đa 200 ký tự.", "The name is required, at most 200 characters."))
	}
	u, err := url.Parse(in.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(in.URL) > 2000 {
		bad = append(bad, locale.T("Địa chỉ phải là URL http:// hoặc https:// đầy đủ, không chứa tên đăng nhập.", "The address must be a full http:// or https:// URL without credentials."))
	}
	if len(bad) > 0 {
		return errs.New(errs.Invalid, locale.T("Webhook không hợp lệ.", "The webhook is not valid."), bad...)
	}
	return nil
}

// CreateWebhook registers a webhook on in.OrgID's subtree (officers,
// authority and administrators of that subtree; audited) and returns it
// with its secret, shown this once.
func (s *Service) CreateWebhook(ctx context.Context, in WebhookInput) (*Webhook, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	if err := s.dir.Authorize(ctx, directory.PermWebhookManage, in.OrgID); err != nil {
		return nil, err
	}
	now := s.now()
	h := &Webhook{ID: db.NewID(), OrgID: in.OrgID, Name: in.Name, URL: in.URL, Kinds: in.Kinds, Enabled: true,
		Secret: "whsec_" + secret.New(32), CreatedAt: now, UpdatedAt: now}
	if p := principal.From(ctx); p != nil {
		h.CreatedBy = p.Login
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhooks (id, org_id, name, url, kinds, secret, enabled, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $8, $8)`, h.ID, h.OrgID, h.Name, h.URL, strings.Join(h.Kinds, ","), h.Secret, h.CreatedBy, db.Millis(now)); err != nil {
			return fmt.Errorf("notify: create webhook: %w", err)
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "webhook.create", OrgID: h.OrgID, TargetType: "webhook", TargetID: h.ID, After: h.public()})
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// public is the webhook without its secret, for the trail and listings.
func (h Webhook) public() Webhook {
	h.Secret = ""
	return h
}

const webhookColumns = `SELECT w.id, w.org_id, o.name, w.name, w.url, w.kinds, w.enabled, w.created_by, w.created_at, w.updated_at FROM webhooks w JOIN organisations o ON o.id = w.org_id`

func scanWebhook(sc scanner) (*Webhook, error) {
	var h Webhook
	var kinds string
	var created, updated int64
	if err := sc.Scan(&h.ID, &h.OrgID, &h.OrgName, &h.Name, &h.URL, &kinds, &h.Enabled, &h.CreatedBy, &created, &updated); err != nil {
		return nil, err
	}
	h.Kinds = splitKinds(kinds)
	if h.Kinds == nil {
		h.Kinds = []string{}
	}
	h.CreatedAt, h.UpdatedAt = db.Time(created), db.Time(updated)
	return &h, nil
}

// ListWebhooks returns the webhooks of the subtrees where the caller
// manages webhooks.
func (s *Service) ListWebhooks(ctx context.Context) ([]Webhook, error) {
	paths, all, err := s.dir.Scope(ctx, directory.PermWebhookManage)
	if err != nil {
		return nil, err
	}
	q := db.NewQuery(webhookColumns)
	if !all {
		q.Where(q.AnyPrefix("o.path", paths))
	}
	return queryAll(ctx, s.db.R, "webhooks", q.SQL()+` ORDER BY o.path, w.name`, q.Args, scanWebhook)
}

// GetWebhook returns one webhook the caller manages (Forbidden otherwise,
// NotFound for an unknown id).
func (s *Service) GetWebhook(ctx context.Context, id string) (*Webhook, error) {
	return s.manageHook(ctx, s.db.R, id)
}

func (s *Service) manageHook(ctx context.Context, q db.Querier, id string) (*Webhook, error) {
	h, err := scanWebhook(q.QueryRowContext(ctx, webhookColumns+` WHERE w.id = $1`, id))
	if err == sql.ErrNoRows {
		if principal.From(ctx) == nil {
			return nil, errs.New(errs.Unauthenticated, locale.T("Vui lòng đăng nhập.", "Please sign in."))
		}
		return nil, errs.New(errs.NotFound, msgWebhookNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("notify: webhook %s: %w", id, err)
	}
	if err := s.dir.Authorize(ctx, directory.PermWebhookManage, h.OrgID); err != nil {
		return nil, err
	}
	return h, nil
}

// SetWebhookEnabled turns a webhook on or off (audited).
func (s *Service) SetWebhookEnabled(ctx context.Context, id string, enabled bool) (*Webhook, error) {
	var out *Webhook
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		h, err := s.manageHook(ctx, tx, id)
		if err != nil {
			return err
		}
		before := *h
		h.Enabled, h.UpdatedAt = enabled, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE webhooks SET enabled = $1, updated_at = $2 WHERE id = $3`, enabled, db.Millis(h.UpdatedAt), id); err != nil {
			return fmt.Errorf("notify: webhook %s: %w", id, err)
		}
		action := "webhook.disable"
		if enabled {
			action = "webhook.enable"
		}
		out = h
		return s.trail.Append(ctx, tx, audit.Event{Action: action, OrgID: h.OrgID, TargetType: "webhook", TargetID: id, Before: before, After: *h})
	})
	return out, err
}

// DeleteWebhook removes a webhook (audited). Its past deliveries stay on
// record; pending ones fail with a note that the webhook is gone.
func (s *Service) DeleteWebhook(ctx context.Context, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		h, err := s.manageHook(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = $1`, id); err != nil {
			return fmt.Errorf("notify: delete webhook %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET status = $1, last_error = $2, updated_at = $3 WHERE webhook_id = $4 AND status = $5`,
			StatusFailed, msgHookGone.VI, db.Millis(s.now()), id, StatusPending); err != nil {
			return fmt.Errorf("notify: delete webhook %s: %w", id, err)
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "webhook.delete", OrgID: h.OrgID, TargetType: "webhook", TargetID: id, Before: *h})
	})
}

var msgHookGone = locale.T("Webhook đã bị xóa hoặc tắt.", "The webhook was deleted or disabled.")

// TestWebhook sends a test message to the webhook at once through the
// outbox (audited) and returns the delivery as it stands after the attempt.
func (s *Service) TestWebhook(ctx context.Context, id string) (*Delivery, error) {
	var deliveryID string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		h, err := s.manageHook(ctx, tx, id)
		if err != nil {
			return err
		}
		m := Message{Kind: "webhook.test", OrgID: h.OrgID, Subject: locale.T("Thử webhook attt", "attt webhook test"),
			Body: locale.Tf("Đây là thông báo thử gửi tới webhook “%s”.", "This is a test message for the webhook “%s”.", h.Name), Link: "/webhooks"}
		if deliveryID, err = s.enqueueHook(ctx, tx, h.ID, h.URL, m); err != nil {
			return err
		}
		if _, err := s.claimTx(ctx, tx, deliveryID); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "webhook.test", OrgID: h.OrgID, TargetType: "webhook", TargetID: id, Note: deliveryID})
	})
	if err != nil {
		return nil, err
	}
	if err := s.attempt(ctx, deliveryID); err != nil {
		return nil, err
	}
	return s.delivery(ctx, s.db.R, deliveryID)
}
