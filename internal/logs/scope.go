package logs

import (
	"context"
	"strings"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/logs/store"
	"attt/internal/principal"
)

func actorLogin(ctx context.Context) string {
	if p := principal.From(ctx); p != nil {
		return p.Login
	}
	return ""
}

func actorID(ctx context.Context) string {
	if p := principal.From(ctx); p != nil {
		return p.PersonID
	}
	return ""
}

// provinceWide reports whether the principal holds perm over the whole
// tree: attt itself, or a grant at the root (the province's authority).
func (s *Service) provinceWide(ctx context.Context, perm directory.Perm) (bool, error) {
	paths, all, err := s.dir.Scope(ctx, perm)
	if err != nil || all {
		return all, err
	}
	for _, p := range paths {
		if strings.Count(p, "/") == 2 { // "/rootid/": the root of the tree.
			return true, nil
		}
	}
	return false, nil
}

// scope returns the store query scope of the principal for perm: every
// agency and the unassigned senders province-wide, else the agencies of
// its subtrees. orgID, when set, narrows it to that agency ("-" for the
// unassigned senders), which the principal must be allowed to see.
func (s *Service) scope(ctx context.Context, perm directory.Perm, orgID string) (store.Query, error) {
	all, err := s.provinceWide(ctx, perm)
	if err != nil {
		return store.Query{}, err
	}
	switch {
	case orgID == Unassigned && all:
		return store.Query{Orgs: []string{""}}, nil
	case orgID == Unassigned:
		return store.Query{Orgs: []string{}}, nil
	case orgID != "":
		if err := s.dir.Authorize(ctx, perm, orgID); err != nil {
			return store.Query{}, err
		}
		return store.Query{Orgs: []string{orgID}}, nil
	case all:
		return store.Query{AllOrgs: true}, nil
	}
	paths, _, err := s.dir.Scope(ctx, perm)
	if err != nil {
		return store.Query{}, err
	}
	q := db.NewQuery(`SELECT id FROM organisations`)
	q.Where(q.AnyPrefix("path", paths))
	rows, err := s.db.R.QueryContext(ctx, q.SQL(), q.Args...)
	if err != nil {
		return store.Query{}, err
	}
	defer rows.Close()
	orgs := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return store.Query{}, err
		}
		orgs = append(orgs, id)
	}
	return store.Query{Orgs: orgs}, rows.Err()
}

// Unassigned is the agency filter value that selects the events of
// senders not yet assigned to an agency.
const Unassigned = "-"

// orgCond is the SQL condition on column for the agencies of sc ("" for
// every agency and the unassigned rows, which have NULL there).
func orgCond(q *db.Query, column string, sc store.Query) string {
	if sc.AllOrgs {
		return ""
	}
	var ids []string
	conds := []string{"1 = 0"}
	for _, o := range sc.Orgs {
		if o == "" {
			conds = append(conds, column+" IS NULL")
			continue
		}
		ids = append(ids, q.Arg(o))
	}
	if len(ids) > 0 {
		conds = append(conds, column+" IN ("+strings.Join(ids, ",")+")")
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// queryAll runs a query and scans every row with scan.
func queryAll[T any](ctx context.Context, q db.Querier, sqlText string, args []any, scan func(interface{ Scan(...any) error }) (*T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}
