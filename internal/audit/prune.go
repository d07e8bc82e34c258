package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"attt/internal/db"
)

// Prune deletes records older than before (the retention setting, S3
// default 2 years). It first stores the last deleted record's hash as the
// new anchor, so Verify starts from there, and records the pruning itself in
// the chain. It returns how many records were deleted.
func (t *Trail) Prune(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := t.db.Tx(ctx, func(tx *sql.Tx) error {
		var seq int64
		var hash string
		err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_events WHERE at < $1 ORDER BY seq DESC LIMIT 1`, db.Millis(before)).Scan(&seq, &hash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_anchor (seq, hash, pruned_at) VALUES ($1, $2, $3)`, seq, hash, db.Millis(t.now())); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM audit_events WHERE seq <= $1`, seq)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return t.Append(ctx, tx, Event{Action: "audit.prune", After: map[string]any{"anchor_seq": seq, "deleted": n, "before": before.UTC()}})
	})
	if err != nil {
		return 0, fmt.Errorf("audit: prune: %w", err)
	}
	return n, nil
}
