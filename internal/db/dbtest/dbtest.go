// Package dbtest gives each test its own migrated database: a fresh SQLite
// file in t.TempDir(), and — when ATTT_TEST_POSTGRES holds a URL — a fresh
// PostgreSQL schema dropped when the test ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"attt/internal/db"
)

// EnvPostgres names the variable holding the test PostgreSQL URL.
const EnvPostgres = "ATTT_TEST_POSTGRES"

// Each runs fn once on SQLite and once on PostgreSQL (when configured), as
// subtests named "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated SQLite database in a temporary directory.
func SQLite(tb testing.TB) *db.DB {
	tb.Helper()
	return open(tb, db.Options{DataDir: tb.TempDir()})
}

// Postgres returns a migrated database in a fresh PostgreSQL schema, or skips
// the test when ATTT_TEST_POSTGRES is not set.
func Postgres(tb testing.TB) *db.DB {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		tb.Skip(EnvPostgres + " not set")
	}
	return open(tb, db.Options{URL: NewSchemaURL(tb, base)})
}

// NewSchemaURL creates a fresh schema on the server at base and returns a URL
// whose connections use it; the schema is dropped when tb ends.
func NewSchemaURL(tb testing.TB, base string) string {
	tb.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		tb.Fatalf("dbtest: create schema: %v", err)
	}
	tb.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

func open(tb testing.TB, o db.Options) *db.DB {
	tb.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, o)
	if err != nil {
		tb.Fatalf("dbtest: open: %v", err)
	}
	tb.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		tb.Fatalf("dbtest: migrate: %v", err)
	}
	return d
}
