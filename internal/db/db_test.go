package db_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"attt/internal/db"
	"attt/internal/db/dbtest"
)

func TestMigrateAndAuditGuard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := d.Migrate(ctx); err != nil {
			t.Fatalf("second migrate must be a no-op: %v", err)
		}
		_, err := d.W.ExecContext(ctx, `INSERT INTO audit_events (seq, id, at, action, prev_hash, hash) VALUES (1, 'a', 1, 'x', '', 'h')`)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `UPDATE audit_events SET action = 'y'`); err == nil {
			t.Fatal("update of audit_events must be refused")
		}
		if _, err := d.W.ExecContext(ctx, `DELETE FROM audit_events`); err == nil {
			t.Fatal("delete of audit_events beyond the anchor must be refused")
		}
		if _, err := d.W.ExecContext(ctx, `INSERT INTO audit_anchor (seq, hash, pruned_at) VALUES (1, 'h', 2)`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `DELETE FROM audit_events WHERE seq <= 1`); err != nil {
			t.Fatalf("delete up to the anchor must pass: %v", err)
		}
	})
}

func TestTxRollsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_ = d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, "k", "v", 1); err != nil {
				t.Fatal(err)
			}
			return errors.New("boom")
		})
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("rollback failed: n=%d err=%v", n, err)
		}
	})
}
