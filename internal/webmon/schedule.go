package webmon

import (
	"context"
	"log/slog"
	"time"

	"attt/internal/db"
	"attt/internal/principal"
)

// Run checks due monitors until ctx ends, at most cfg.Workers at once.
// Several attt nodes may run it on one PostgreSQL database: a monitor is
// claimed by moving its next_check_at with a compare-and-set, so exactly one
// node checks it each time.
func (s *Service) Run(ctx context.Context, log *slog.Logger) {
	ctx = principal.With(ctx, principal.SystemPrincipal("webmon"))
	slots := make(chan struct{}, max(s.cfg.Workers, 1))
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			for i := 0; i < cap(slots); i++ { // wait for running checks
				slots <- struct{}{}
			}
			return
		case <-prune.C:
			if err := s.pruneStats(ctx); err != nil {
				log.Warn("webmon: prune stats", "err", err)
			}
		case <-tick.C:
			free := cap(slots) - len(slots)
			if free == 0 {
				continue
			}
			ids, err := s.claimDue(ctx, free)
			if err != nil {
				log.Warn("webmon: claim due monitors", "err", err)
				continue
			}
			for _, id := range ids {
				slots <- struct{}{}
				go func() {
					defer func() { <-slots }()
					if _, err := s.runCheck(ctx, id); err != nil && ctx.Err() == nil {
						log.Warn("webmon: check", "monitor", id, "err", err)
					}
				}()
			}
		}
	}
}

// claimDue claims up to n monitors whose check is due.
func (s *Service) claimDue(ctx context.Context, n int) ([]string, error) {
	now := s.now()
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, next_check_at, interval_seconds FROM monitors
		WHERE enabled AND next_check_at <= $1 ORDER BY next_check_at LIMIT `+itoa(n), db.Millis(now))
	if err != nil {
		return nil, err
	}
	type due struct {
		id       string
		next     int64
		interval int
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.next, &d.interval); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var claimed []string
	for _, d := range list {
		next := db.Millis(now.Add(time.Duration(d.interval) * time.Second))
		res, err := s.db.W.ExecContext(ctx, `UPDATE monitors SET next_check_at = $1 WHERE id = $2 AND next_check_at = $3`, next, d.id, d.next)
		if err != nil {
			return claimed, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			claimed = append(claimed, d.id)
		}
	}
	return claimed, nil
}
