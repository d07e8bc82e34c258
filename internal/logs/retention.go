package logs

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/logs/rules"
)

// ApplyRetention deletes events older than their agency's retention (the
// log_retention table, else the default). It runs in the background and
// does not hold up ingest.
func (s *Service) ApplyRetention(ctx context.Context) (int, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT org_id, retention_ms FROM log_retention`)
	if err != nil {
		return 0, err
	}
	per := map[string]time.Duration{}
	for rows.Next() {
		var org string
		var ms int64
		if err := rows.Scan(&org, &ms); err != nil {
			rows.Close()
			return 0, err
		}
		per[org] = time.Duration(ms) * time.Millisecond
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return s.store.Retain(ctx, s.opt.Now(), func(org string) time.Duration {
		if d, ok := per[org]; ok && d > 0 {
			return d
		}
		return s.opt.Retention
	})
}

// markSilent flags the assigned sources that have been quiet longer than
// their expected interval and, when a "silent" rule is loaded, raises an
// alert for each one newly silent.
func (s *Service) markSilent(ctx context.Context) error {
	now := s.opt.Now()
	var silentRule *rules.Rule
	for _, r := range s.opt.Rules {
		if r.Kind == rules.KindSilent {
			silentRule = r
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, org_id, name, last_seen_at FROM log_sources
			WHERE org_id IS NOT NULL AND expected_interval_ms > 0 AND silent_since = 0 AND last_seen_at > 0
			AND last_seen_at + expected_interval_ms < $1`, db.Millis(now))
		if err != nil {
			return err
		}
		type quiet struct {
			id, org, name string
			last          int64
		}
		var qs []quiet
		for rows.Next() {
			var q quiet
			if err := rows.Scan(&q.id, &q.org, &q.name, &q.last); err != nil {
				rows.Close()
				return err
			}
			qs = append(qs, q)
		}
		rows.Close()
		for _, q := range qs {
			if _, err := tx.ExecContext(ctx, `UPDATE log_sources SET silent_since = $1 WHERE id = $2`, db.Millis(now), q.id); err != nil {
				return err
			}
			if silentRule == nil {
				continue
			}
			ev := AlertEvent{Time: db.Time(q.last), Host: q.name, App: "attt",
				Message: locale.Tf("Nguồn log “%s” không gửi sự kiện nào từ %s.", "Log source “%s” has sent nothing since %s.", q.name, locale.DateTime(db.Time(q.last))).VI}
			if _, err := s.saveHit(ctx, tx, silentRule, q.org, "source="+q.id, now, now, 1, []AlertEvent{ev}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Retention is how long one agency's events are kept.
type Retention struct {
	OrgID string `json:"org_id"`
	Days  int    `json:"days"`
	// Default is true when the agency keeps the configured default.
	Default bool `json:"default"`
}

// MaxRetentionDays bounds a retention (ten years).
const MaxRetentionDays = 3650

// RetentionOf returns the retention of org (log.read on it).
func (s *Service) RetentionOf(ctx context.Context, org string) (Retention, error) {
	if err := s.dir.Authorize(ctx, directory.PermLogRead, org); err != nil {
		return Retention{}, err
	}
	var ms int64
	err := s.db.R.QueryRowContext(ctx, `SELECT retention_ms FROM log_retention WHERE org_id = $1`, org).Scan(&ms)
	if errors.Is(err, sql.ErrNoRows) {
		return Retention{OrgID: org, Days: int(s.opt.Retention / (24 * time.Hour)), Default: true}, nil
	}
	return Retention{OrgID: org, Days: int(time.Duration(ms) * time.Millisecond / (24 * time.Hour))}, err
}

// SetRetention sets how many days org's events are kept (0 returns to
// the default); log.manage on org, audited. The hourly job applies it.
func (s *Service) SetRetention(ctx context.Context, org string, days int) (Retention, error) {
	if days < 0 || days > MaxRetentionDays {
		return Retention{}, errs.New(errs.Invalid, locale.Tf("Thời gian lưu phải từ 1 đến %d ngày (0 để dùng mặc định).", "Retention must be 1 to %d days (0 for the default).", MaxRetentionDays))
	}
	if err := s.dir.Authorize(ctx, directory.PermLogManage, org); err != nil {
		return Retention{}, err
	}
	before, err := s.RetentionOf(ctx, org)
	if err != nil {
		return Retention{}, err
	}
	now := db.Millis(s.opt.Now())
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if days == 0 {
			_, err = tx.ExecContext(ctx, `DELETE FROM log_retention WHERE org_id = $1`, org)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO log_retention (org_id, retention_ms, updated_at) VALUES ($1, $2, $3)
				ON CONFLICT (org_id) DO UPDATE SET retention_ms = excluded.retention_ms, updated_at = excluded.updated_at`,
				org, (time.Duration(days) * 24 * time.Hour).Milliseconds(), now)
		}
		if err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "log.retention", OrgID: org, TargetType: "organisation", TargetID: org, Before: before, After: days})
	})
	if err != nil {
		return Retention{}, err
	}
	return s.RetentionOf(ctx, org)
}
