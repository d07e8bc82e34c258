package directory

import (
	"context"

	"attt/internal/db"
	"attt/internal/errs"
)

// Restrict limits q to rows whose organisation (orgColumn, an organisation
// id) lies in the subtrees where the principal holds perm. Every room that
// lists agency data scopes it this way: the subtrees' organisation ids are
// read once by a subquery, so the outer query can walk its own index and
// stop at its LIMIT. It adds nothing for the system principal and a
// condition that matches nothing for a principal without perm anywhere.
func (s *Service) Restrict(ctx context.Context, q *db.Query, perm Perm, orgColumn string) error {
	paths, all, err := s.Scope(ctx, perm)
	if err != nil || all {
		return err
	}
	q.Where(orgColumn + " IN (SELECT id FROM organisations WHERE " + q.AnyPrefix("path", paths) + ")")
	return nil
}

// RestrictTo is Restrict and, when underOrgID is set, RestrictUnder: the
// usual scoping of a list filtered by organisation. ok is false when
// nothing can match.
func (s *Service) RestrictTo(ctx context.Context, q *db.Query, perm Perm, orgColumn, underOrgID string) (ok bool, err error) {
	if err := s.Restrict(ctx, q, perm, orgColumn); err != nil {
		return false, err
	}
	if underOrgID == "" {
		return true, nil
	}
	return s.RestrictUnder(ctx, q, orgColumn, underOrgID)
}

// RestrictUnder limits q to rows whose organisation (orgColumn) lies in the
// subtree of orgID. ok is false when orgID does not exist: callers answer
// with nothing, as for an organisation outside their scope, so existence
// does not leak.
func (s *Service) RestrictUnder(ctx context.Context, q *db.Query, orgColumn, orgID string) (ok bool, err error) {
	path, err := orgPath(ctx, s.db.R, orgID)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	q.Where(orgColumn + " IN (SELECT id FROM organisations WHERE " + q.AnyPrefix("path", []string{path}) + ")")
	return true, nil
}

// scopePaths limits q to organisations (pathColumn, a tree path) in the
// subtrees where the principal holds perm.
func (s *Service) scopePaths(ctx context.Context, q *db.Query, perm Perm, pathColumn string) error {
	paths, all, err := s.Scope(ctx, perm)
	if err != nil || all {
		return err
	}
	q.Where(q.AnyPrefix(pathColumn, paths))
	return nil
}
