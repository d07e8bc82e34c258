package directory

import (
	"context"
	"database/sql"
	"errors"

	"attt/internal/errs"
)

// Reachable is the door of every object loaded by id: it returns v when
// the principal holds perm on v's organisation (orgID(v)). A lookup that
// found nothing (errs.NotFound or sql.ErrNoRows) answers Forbidden, like
// an object out of reach, so ids never reveal what exists; other errors
// pass through.
func Reachable[T any](ctx context.Context, dir *Service, perm Perm, v *T, err error, orgID func(*T) string) (*T, error) {
	if errs.Is(err, errs.NotFound) || errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if err != nil {
		return nil, err
	}
	if err := dir.Authorize(ctx, perm, orgID(v)); err != nil {
		return nil, err
	}
	return v, nil
}
