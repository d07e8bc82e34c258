package notify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
)

// Notification is one item of a person's inbox.
type Notification struct {
	ID        string      `json:"id"`
	Kind      string      `json:"kind"`
	OrgID     string      `json:"org_id,omitempty"`
	Subject   locale.Text `json:"-"`
	Body      locale.Text `json:"-"`
	Link      string      `json:"link"`
	CreatedAt time.Time   `json:"created_at"`
	ReadAt    time.Time   `json:"-"`
	// Read, SubjectText and BodyText are the JSON view: the texts in the
	// reader's language.
	Read        bool   `json:"read"`
	SubjectText string `json:"subject"`
	BodyText    string `json:"body"`
}

// InboxFilter selects a page of the inbox.
type InboxFilter struct {
	UnreadOnly bool
	Limit      int
	Offset     int
}

var msgNotificationNotFound = locale.T("Không tìm thấy thông báo.", "Notification not found.")

// Inbox returns the signed-in person's notifications, newest first, with
// their texts in the language of ctx.
func (s *Service) Inbox(ctx context.Context, f InboxFilter) ([]Notification, error) {
	p, err := me(ctx)
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := `SELECT id, kind, org_id, subject_vi, subject_en, body_vi, body_en, link, created_at, read_at FROM notifications WHERE person_id = $1`
	if f.UnreadOnly {
		q += ` AND read_at = 0`
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ` + strconv.Itoa(f.Limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	lang := locale.FromContext(ctx)
	return queryAll(ctx, s.db.R, "inbox", q, []any{p.PersonID}, func(sc scanner) (*Notification, error) {
		var n Notification
		var created, read int64
		if err := sc.Scan(&n.ID, &n.Kind, &n.OrgID, &n.Subject.VI, &n.Subject.EN, &n.Body.VI, &n.Body.EN, &n.Link, &created, &read); err != nil {
			return nil, err
		}
		n.CreatedAt = db.Time(created)
		if read != 0 {
			n.ReadAt, n.Read = db.Time(read), true
		}
		n.SubjectText, n.BodyText = n.Subject.In(lang), n.Body.In(lang)
		return &n, nil
	})
}

// Unread counts the signed-in person's unread notifications (0 for
// principals that are not a person).
func (s *Service) Unread(ctx context.Context) (int, error) {
	p, err := me(ctx)
	if err != nil {
		return 0, nil
	}
	var n int
	err = s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND read_at = 0`, p.PersonID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("notify: unread: %w", err)
	}
	return n, nil
}

// MarkRead marks one of the signed-in person's notifications read and
// returns its link. Someone else's notification answers NotFound, so ids
// reveal nothing.
func (s *Service) MarkRead(ctx context.Context, id string) (string, error) {
	p, err := me(ctx)
	if err != nil {
		return "", err
	}
	var link string
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT link FROM notifications WHERE id = $1 AND person_id = $2`, id, p.PersonID).Scan(&link)
		if err == sql.ErrNoRows {
			return errs.New(errs.NotFound, msgNotificationNotFound)
		}
		if err != nil {
			return fmt.Errorf("notify: read %s: %w", id, err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at = 0`, db.Millis(s.now()), id)
		return err
	})
	return link, err
}

// MarkAllRead marks every notification of the signed-in person read and
// returns how many were unread.
func (s *Service) MarkAllRead(ctx context.Context) (int64, error) {
	p, err := me(ctx)
	if err != nil {
		return 0, err
	}
	res, err := s.db.W.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at = 0`, db.Millis(s.now()), p.PersonID)
	if err != nil {
		return 0, fmt.Errorf("notify: read all: %w", err)
	}
	return res.RowsAffected()
}
