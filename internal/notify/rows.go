package notify

import (
	"context"
	"fmt"

	"attt/internal/db"
)

// scanner is a row being read.
type scanner interface{ Scan(...any) error }

// queryAll runs a query and reads every row with scan; what names the
// listing in errors.
func queryAll[T any](ctx context.Context, q db.Querier, what, query string, args []any, scan func(scanner) (*T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("notify: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("notify: %s: %w", what, err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notify: %s: %w", what, err)
	}
	return out, nil
}

// scanString reads a one-column row of text.
func scanString(sc scanner) (*string, error) {
	var v string
	err := sc.Scan(&v)
	return &v, err
}
