// Package db opens attt's database — embedded SQLite by default, PostgreSQL
// when a postgres:// URL is given — applies the embedded migrations and runs
// transactions. Both databases are used through one database/sql code path
// with $1 placeholders; times are stored as Unix milliseconds (BIGINT) and ids
// are program-generated text, so the same SQL serves both.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database in use.
type Dialect string

// The dialects attt runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open attt database. On SQLite, W is a one-connection writer pool
// and R a reader pool; on PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	W       *sql.DB
	R       *sql.DB
	// Where describes the database for logs, without credentials.
	Where string
}

// Options says which database to open: URL (postgres://…) when set, else the
// SQLite file attt.db inside DataDir.
type Options struct {
	DataDir string
	URL     string
}

// Open opens the database described by o. It does not migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	if o.URL != "" {
		if !strings.HasPrefix(o.URL, "postgres://") && !strings.HasPrefix(o.URL, "postgresql://") {
			return nil, fmt.Errorf("db: unsupported database URL (want postgres://…)")
		}
		return openPostgres(ctx, o.URL)
	}
	return openSQLite(ctx, o.DataDir)
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pingWithin(ctx, pool, 10*time.Second); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect postgres: %w", err)
	}
	return &DB{Dialect: Postgres, W: pool, R: pool, Where: redact(url)}, nil
}

func openSQLite(ctx context.Context, dir string) (*DB, error) {
	if dir == "" {
		dir = "attt-data"
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("db: data directory: %w", err)
	}
	path := filepath.Join(dir, "attt.db")
	pragmas := "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=case_sensitive_like(1)"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	r.SetMaxOpenConns(4)
	d := &DB{Dialect: SQLite, W: w, R: r, Where: path}
	if err := pingWithin(ctx, w, 10*time.Second); err != nil {
		d.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	return d, nil
}

func pingWithin(ctx context.Context, pool *sql.DB, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return pool.PingContext(ctx)
}

// redact drops the password from a database URL.
func redact(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 {
		return url
	}
	return url[:scheme+3] + "…" + url[at:]
}

// Close closes both pools.
func (d *DB) Close() error {
	err := d.W.Close()
	if d.R != d.W {
		err = errors.Join(err, d.R.Close())
	}
	return err
}

// Ping checks that the database answers, for readiness probes.
func (d *DB) Ping(ctx context.Context) error { return pingWithin(ctx, d.W, 2*time.Second) }

// Tx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise. Only exported service methods call Tx; helpers take
// the *sql.Tx.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Querier is what read helpers need: a pool or a transaction.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

var (
	_ Querier = (*sql.DB)(nil)
	_ Querier = (*sql.Tx)(nil)
)

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either database.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Savepoint runs fn inside a savepoint of tx: when fn fails, only its own
// statements are undone and tx stays usable. PostgreSQL aborts a whole
// transaction after any failed statement, so callers that carry on after a
// row's error (imports) need this on both databases.
func Savepoint(ctx context.Context, tx *sql.Tx, fn func() error) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT row_step"); err != nil {
		return fmt.Errorf("db: savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT row_step"); rerr != nil {
			return errors.Join(err, rerr)
		}
		_, _ = tx.ExecContext(ctx, "RELEASE SAVEPOINT row_step")
		return err
	}
	if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT row_step"); err != nil {
		return fmt.Errorf("db: savepoint: %w", err)
	}
	return nil
}
