package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// The email modes a person chooses from. In-app notifications are always on.
const (
	EmailImmediate = "immediate"
	EmailDigest    = "digest"
	EmailOff       = "off"
)

// Prefs are how a person wants to be told.
type Prefs struct {
	// Email is immediate, digest (one email a day at DigestHour) or off.
	Email string `json:"email"`
	// Lang is the language of their email: vi or en.
	Lang string `json:"lang"`
	// DigestHour is the installation's digest hour (read only).
	DigestHour int `json:"digest_hour"`
}

// defaultPrefs is what a person who never chose gets: email at once, in
// Vietnamese.
func defaultPrefs() Prefs { return Prefs{Email: EmailImmediate, Lang: string(locale.VI)} }

func prefsOf(ctx context.Context, q db.Querier, personID string) (Prefs, error) {
	p := defaultPrefs()
	err := q.QueryRowContext(ctx, `SELECT email_mode, lang FROM notify_prefs WHERE person_id = $1`, personID).Scan(&p.Email, &p.Lang)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("notify: preferences: %w", err)
	}
	return p, nil
}

// me returns the signed-in person's id: Unauthenticated without a
// principal, Forbidden for principals that are not a person.
func me(ctx context.Context) (*principal.Principal, error) {
	p := principal.From(ctx)
	if p == nil {
		return nil, errs.New(errs.Unauthenticated, locale.T("Vui lòng đăng nhập.", "Please sign in."))
	}
	if p.PersonID == "" {
		return nil, errs.New(errs.Forbidden, locale.T("Chỉ người dùng mới có hộp thông báo.", "Only people have a notification inbox."))
	}
	return p, nil
}

// MyPrefs returns the signed-in person's preferences.
func (s *Service) MyPrefs(ctx context.Context) (Prefs, error) {
	p, err := me(ctx)
	if err != nil {
		return Prefs{}, err
	}
	pr, err := prefsOf(ctx, s.db.R, p.PersonID)
	pr.DigestHour = s.cfg.DigestHour
	return pr, err
}

// SetMyPrefs stores the signed-in person's preferences (audited). It
// returns Invalid for an unknown mode or language. Turning email off drops
// the items waiting for a digest from it (they stay in the inbox); other
// changes keep them for the next digest, so nothing is lost.
func (s *Service) SetMyPrefs(ctx context.Context, in Prefs) (Prefs, error) {
	p, err := me(ctx)
	if err != nil {
		return Prefs{}, err
	}
	if in.Lang == "" {
		in.Lang = string(locale.VI)
	}
	var bad []locale.Text
	if in.Email != EmailImmediate && in.Email != EmailDigest && in.Email != EmailOff {
		bad = append(bad, locale.T("Cách nhận thư phải là: ngay lập tức, tổng hợp hằng ngày hoặc không nhận.", "Email must be immediate, a daily digest or off."))
	}
	if in.Lang != string(locale.VI) && in.Lang != string(locale.EN) {
		bad = append(bad, locale.T("Ngôn ngữ phải là vi hoặc en.", "The language must be vi or en."))
	}
	if len(bad) > 0 {
		return Prefs{}, errs.New(errs.Invalid, locale.T("Thiết lập thông báo không hợp lệ.", "The notification preferences are not valid."), bad...)
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := prefsOf(ctx, tx, p.PersonID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notify_prefs (person_id, email_mode, lang, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (person_id) DO UPDATE SET email_mode = excluded.email_mode, lang = excluded.lang, updated_at = excluded.updated_at`,
			p.PersonID, in.Email, in.Lang, db.Millis(s.now())); err != nil {
			return fmt.Errorf("notify: save preferences: %w", err)
		}
		if in.Email == EmailOff {
			// No email at all: items waiting for a digest stay in the
			// inbox only.
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET digest = '' WHERE person_id = $1 AND digest = 'pending'`, p.PersonID); err != nil {
				return fmt.Errorf("notify: save preferences: %w", err)
			}
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "notify.prefs", OrgID: p.OrgID, TargetType: "person", TargetID: p.PersonID,
			Before: before, After: Prefs{Email: in.Email, Lang: in.Lang}})
	})
	in.DigestHour = s.cfg.DigestHour
	return in, err
}
