package db

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrations embed.FS

// Migrate applies every pending migration: the portable ones in
// migrations/common and the dialect's own in migrations/sqlite or
// migrations/postgres, ordered by version number across both.
func (d *DB) Migrate(ctx context.Context) error {
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	fsys := layered{fsys: migrations, dirs: []string{"migrations/common", "migrations/" + string(d.Dialect)}}
	p, err := goose.NewProvider(dialect, d.W, fsys)
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	return nil
}

// layered presents several directories of one FS as a single flat root, so
// goose sees common and dialect migrations side by side.
type layered struct {
	fsys fs.FS
	dirs []string
}

func (l layered) Open(name string) (fs.File, error) {
	if name == "." {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	for _, dir := range l.dirs {
		f, err := l.fsys.Open(dir + "/" + name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (l layered) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	var all []fs.DirEntry
	for _, dir := range l.dirs {
		entries, err := fs.ReadDir(l.fsys, dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		all = append(all, entries...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name() < all[j].Name() })
	return all, nil
}
