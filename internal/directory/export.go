package directory

import (
	"context"

	"attt/internal/audit"
	"attt/internal/errs"
	"attt/internal/principal"
)

// ExportPeople returns every person ListPeople would show for f (without
// its paging: at most audit.MaxExportRows, by name) and records
// "people.export" with the filter, the format and the row count (Đ7.8).
//
// Errors: Unauthenticated without a principal; Forbidden when the principal
// reads people nowhere, or f.OrgID is outside their scope (unlike
// ListPeople, which answers nothing: an export is recorded with its filter,
// and the record must only name what its author may see).
func (s *Service) ExportPeople(ctx context.Context, f PersonFilter, format string) ([]Person, error) {
	if err := s.mayExport(ctx, PermPeopleRead, f.OrgID); err != nil {
		return nil, err
	}
	q, err := s.peopleQuery(ctx, personColumns, f)
	if err != nil {
		return nil, err
	}
	var out []Person
	if q != nil {
		rows, err := s.db.R.QueryContext(ctx, q.SQL()+" ORDER BY p.full_name, p.login LIMIT "+itoa(audit.MaxExportRows), q.Args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPerson(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, *p)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	filter := map[string]string{}
	setIf(filter, "org", f.OrgID)
	setIf(filter, "status", string(f.Status))
	setIf(filter, "q", f.Text)
	sum := audit.ExportSummary{Format: format, Filter: filter, Rows: len(out)}
	if err := s.trail.AppendNow(ctx, audit.ExportEvent(ctx, "people.export", "people", f.OrgID, sum)); err != nil {
		return nil, err
	}
	return out, nil
}

// ExportOrgs returns every organisation ListOrgs would show for f (the
// whole tree in scope, in tree order, ignoring its paging) and records
// "org.export" with the filter, the format and the row count.
//
// Errors: Unauthenticated without a principal; Forbidden when f.Under is
// outside the principal's scope.
func (s *Service) ExportOrgs(ctx context.Context, f OrgFilter, format string) ([]Org, error) {
	if err := s.mayExport(ctx, PermOrgRead, f.Under); err != nil {
		return nil, err
	}
	f.Limit, f.Offset = 0, 0
	orgs, err := s.ListOrgs(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(orgs) > audit.MaxExportRows {
		orgs = orgs[:audit.MaxExportRows]
	}
	filter := map[string]string{}
	setIf(filter, "under", f.Under)
	setIf(filter, "q", f.Text)
	if f.IncludeRetired {
		filter["retired"] = "true"
	}
	sum := audit.ExportSummary{Format: format, Filter: filter, Rows: len(orgs)}
	if err := s.trail.AppendNow(ctx, audit.ExportEvent(ctx, "org.export", "org", f.Under, sum)); err != nil {
		return nil, err
	}
	return orgs, nil
}

// mayExport checks that the principal holds perm somewhere, and on orgID
// when the filter names one.
func (s *Service) mayExport(ctx context.Context, perm Perm, orgID string) error {
	p := principal.From(ctx)
	if p == nil {
		return errs.New(errs.Unauthenticated, msgSignIn)
	}
	if !p.HasRole(rolesFor(perm)...) {
		return errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if orgID != "" {
		return s.Authorize(ctx, perm, orgID)
	}
	return nil
}

func setIf(m map[string]string, k, v string) {
	if v != "" {
		m[k] = v
	}
}
