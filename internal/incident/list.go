package incident

import (
	"context"
	"fmt"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/locale"
)

// Filter selects incidents. Zero fields do not filter.
type Filter struct {
	Status   []Status   `json:"status"`
	Severity []Severity `json:"severity"`
	Category []Category `json:"category"`
	// OrgID limits to an organisation's subtree.
	OrgID string `json:"org"`
	// From and To bound the detection time.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Open keeps incidents not closed or rejected.
	Open bool `json:"open"`
	// Overdue keeps incidents with a missed deadline.
	Overdue bool `json:"overdue"`
	// Escalated keeps escalated incidents.
	Escalated bool `json:"escalated"`
	// Q searches the reference, title and description, with or without
	// diacritics.
	Q      string `json:"q"`
	Limit  int    `json:"limit"`
	Offset int    `json:"offset"`
}

// List returns the incidents the principal may see, newest detection
// first, and how many match in all.
func (s *Service) List(ctx context.Context, f Filter) ([]Incident, int, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	// The page is chosen on the narrow rows (ids, times, the organisation
	// for filters); only its rows are then read whole with their people.
	q, err := s.listQuery(ctx, "SELECT i.id", " JOIN organisations o ON o.id = i.org_id", f)
	if err != nil {
		return nil, 0, err
	}
	const order = " ORDER BY i.detected_at DESC, i.id DESC"
	page := q.SQL() + order + " LIMIT " + q.Arg(f.Limit) + " OFFSET " + q.Arg(f.Offset)
	sqlText := "SELECT " + incidentColumns + incidentFrom + " WHERE i.id IN (" + page + ")" + order
	rows, err := s.db.R.QueryContext(ctx, sqlText, q.Args...)
	if err != nil {
		return nil, 0, fmt.Errorf("incident: list: %w", err)
	}
	defer rows.Close()
	out := []Incident{}
	for rows.Next() {
		inc, _, err := scanIncident(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *inc)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	// A short page is the last: the total needs no second query.
	if len(out) < f.Limit && (len(out) > 0 || f.Offset == 0) {
		return out, f.Offset + len(out), nil
	}
	q, _ = s.listQuery(ctx, "SELECT COUNT(*)", " JOIN organisations o ON o.id = i.org_id", f)
	var total int
	if err := s.db.R.QueryRowContext(ctx, q.SQL(), q.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("incident: count: %w", err)
	}
	return out, total, nil
}

// listQuery builds a listing: columns, then the visible incidents i, then
// joins, then f's conditions.
func (s *Service) listQuery(ctx context.Context, columns, joins string, f Filter) (*db.Query, error) {
	q := db.NewQuery("")
	from, err := s.visibleFrom(ctx, q)
	if err != nil {
		return nil, err
	}
	q.SetBase(columns + from + joins)
	inList(q, "i.status", f.Status)
	inList(q, "i.severity", f.Severity)
	inList(q, "i.category", f.Category)
	if f.OrgID != "" {
		q.Where("o.path LIKE (SELECT path FROM organisations WHERE id = " + q.Arg(f.OrgID) + ") || '%'")
	}
	if !f.From.IsZero() {
		q.Where("i.detected_at >= " + q.Arg(db.Millis(f.From)))
	}
	if !f.To.IsZero() {
		q.Where("i.detected_at < " + q.Arg(db.Millis(f.To)))
	}
	if f.Open {
		q.Where("i.status NOT IN ('closed', 'rejected')")
	}
	if f.Escalated {
		q.Where("i.escalated_at > 0")
	}
	if f.Overdue {
		s.overdueCondition(q)
	}
	for _, term := range strings.Fields(locale.Fold(f.Q)) {
		q.Where("i.search_text LIKE " + q.Arg("%"+escapeLike(term)+"%") + " ESCAPE '\\'")
	}
	return q, nil
}

// inList adds "column IN (values)" when values is not empty.
func inList[T ~string](q *db.Query, column string, values []T) {
	if len(values) == 0 {
		return
	}
	in := make([]string, len(values))
	for i, v := range values {
		in[i] = q.Arg(string(v))
	}
	q.Where(column + " IN (" + strings.Join(in, ", ") + ")")
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
