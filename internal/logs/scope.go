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
