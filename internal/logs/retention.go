package logs

import (
	"context"
	"time"

	"attt/internal/db"
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
// their expected interval (a rule on "source silent" alerts on them).
func (s *Service) markSilent(ctx context.Context) error {
	now := db.Millis(s.opt.Now())
	_, err := s.db.W.ExecContext(ctx, `UPDATE log_sources SET silent_since = $1
		WHERE org_id IS NOT NULL AND expected_interval_ms > 0 AND silent_since = 0 AND last_seen_at > 0
		AND last_seen_at + expected_interval_ms < $1`, now)
	return err
}
