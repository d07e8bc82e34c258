package notify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// Delivery is one outbound email or webhook call and where it stands.
type Delivery struct {
	ID        string    `json:"id"`
	Channel   string    `json:"channel"`
	OrgID     string    `json:"org_id"`
	Kind      string    `json:"kind"`
	PersonID  string    `json:"person_id,omitempty"`
	WebhookID string    `json:"webhook_id,omitempty"`
	Recipient string    `json:"recipient"`
	Subject   string    `json:"subject"`
	Link      string    `json:"link"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	NextAt    time.Time `json:"next_attempt_at"`
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	SentAt    time.Time `json:"sent_at,omitzero"`
	body      string
}

// StatusLabel names a delivery status for people.
func StatusLabel(status string) locale.Text {
	switch status {
	case StatusPending:
		return locale.T("Đang chờ gửi", "Pending")
	case StatusSent:
		return locale.T("Đã gửi", "Sent")
	case StatusFailed:
		return locale.T("Thất bại", "Failed")
	case StatusNotConfigured:
		return locale.T("Chưa cấu hình máy chủ thư", "Email not configured")
	}
	return locale.T(status, status)
}

// DeliveryFilter selects deliveries.
type DeliveryFilter struct {
	Status  string
	Channel string
	Limit   int
	Offset  int
}

const deliveryColumns = `SELECT d.id, d.channel, d.org_id, d.kind, d.person_id, d.webhook_id, d.recipient, d.subject, d.body, d.link, d.status,
	d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.updated_at, d.sent_at FROM deliveries d`

func scanDelivery(sc scanner) (*Delivery, error) {
	var d Delivery
	var next, created, updated, sent int64
	if err := sc.Scan(&d.ID, &d.Channel, &d.OrgID, &d.Kind, &d.PersonID, &d.WebhookID, &d.Recipient, &d.Subject, &d.body, &d.Link, &d.Status,
		&d.Attempts, &next, &d.LastError, &created, &updated, &sent); err != nil {
		return nil, err
	}
	d.NextAt, d.CreatedAt, d.UpdatedAt = db.Time(next), db.Time(created), db.Time(updated)
	if sent != 0 {
		d.SentAt = db.Time(sent)
	}
	return &d, nil
}

// ListDeliveries returns the outbound deliveries of the subtrees the
// caller administers, newest first.
func (s *Service) ListDeliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error) {
	paths, all, err := s.dir.Scope(ctx, directory.PermDeliveries)
	if err != nil {
		return nil, err
	}
	q := db.NewQuery(deliveryColumns + ` JOIN organisations o ON o.id = d.org_id`)
	if !all {
		q.Where(q.AnyPrefix("o.path", paths))
	}
	if f.Status != "" {
		q.Where("d.status = " + q.Arg(f.Status))
	}
	if f.Channel != "" {
		q.Where("d.channel = " + q.Arg(f.Channel))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	return queryAll(ctx, s.db.R, "deliveries", q.SQL()+` ORDER BY d.created_at DESC, d.id DESC LIMIT `+strconv.Itoa(f.Limit)+` OFFSET `+strconv.Itoa(max(f.Offset, 0)), q.Args, scanDelivery)
}

var msgDeliveryNotFound = locale.T("Không tìm thấy lượt gửi.", "Delivery not found.")

func (s *Service) delivery(ctx context.Context, q db.Querier, id string) (*Delivery, error) {
	d, err := scanDelivery(q.QueryRowContext(ctx, deliveryColumns+` WHERE d.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, errs.New(errs.NotFound, msgDeliveryNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("notify: delivery %s: %w", id, err)
	}
	return d, nil
}

// GetDelivery returns one delivery the caller administers.
func (s *Service) GetDelivery(ctx context.Context, id string) (*Delivery, error) {
	d, err := s.delivery(ctx, s.db.R, id)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		return nil, err
	}
	if err := s.dir.Authorize(ctx, directory.PermDeliveries, d.OrgID); err != nil {
		return nil, err
	}
	return d, nil
}

// RetryDelivery puts a pending, failed or not-configured delivery back in
// the queue to be tried at once (audited), and tries it.
func (s *Service) RetryDelivery(ctx context.Context, id string) (*Delivery, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := s.delivery(ctx, tx, id)
		if errs.Is(err, errs.NotFound) {
			return errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		if err != nil {
			return err
		}
		if err := s.dir.Authorize(ctx, directory.PermDeliveries, d.OrgID); err != nil {
			return err
		}
		if d.Status == StatusSent {
			return errs.New(errs.Conflict, locale.T("Lượt gửi này đã thành công.", "This delivery has already been sent."))
		}
		claimed, err := s.claimTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !claimed {
			return errs.New(errs.Conflict, locale.T("Lượt gửi này đang được gửi, vui lòng xem lại sau ít phút.", "This delivery is being sent right now; look again in a few minutes."))
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "delivery.retry", OrgID: d.OrgID, TargetType: "delivery", TargetID: id,
			Before: map[string]any{"status": d.Status, "attempts": d.Attempts, "last_error": d.LastError}})
	})
	if err != nil {
		return nil, err
	}
	if err := s.attempt(ctx, id); err != nil {
		return nil, err
	}
	return s.delivery(ctx, s.db.R, id)
}
