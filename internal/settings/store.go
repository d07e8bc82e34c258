package settings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"attt/internal/db"
)

// readAll returns every stored setting by key.
func (s *Service) readAll(ctx context.Context) (map[string]stored, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT key, value, updated_by, updated_at FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("settings: read: %w", err)
	}
	defer rows.Close()
	out := map[string]stored{}
	for rows.Next() {
		var key string
		var r stored
		var at int64
		if err := rows.Scan(&key, &r.value, &r.by, &at); err != nil {
			return nil, fmt.Errorf("settings: read: %w", err)
		}
		r.at = db.Time(at)
		out[key] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("settings: read: %w", err)
	}
	return out, nil
}

// readTx returns the stored value of key inside tx; ok is false when none
// is stored.
func readTx(ctx context.Context, tx *sql.Tx, key string) (value string, ok bool, err error) {
	err = tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("settings: read %s: %w", key, err)
	}
	return value, true, nil
}

// writeTx stores value for key inside tx.
func (s *Service) writeTx(ctx context.Context, tx *sql.Tx, key, value, by string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		key, value, by, db.Millis(s.now()))
	if err != nil {
		return fmt.Errorf("settings: write %s: %w", key, err)
	}
	return nil
}

// deleteTx removes the stored value of key inside tx.
func deleteTx(ctx context.Context, tx *sql.Tx, key string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, key); err != nil {
		return fmt.Errorf("settings: delete %s: %w", key, err)
	}
	return nil
}
