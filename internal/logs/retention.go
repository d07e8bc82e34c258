package logs

import (
	"context"
	"database/sql"
	"time"

	"attt/internal/db"
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
