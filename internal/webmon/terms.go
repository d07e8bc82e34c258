package webmon

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/webmon/analyze"
)

// Terms returns the spam vocabulary checks look for: the shipped list until
// the province edits it. Anyone who may see monitors may read it.
func (s *Service) Terms(ctx context.Context) ([]string, error) {
	if p := principal.From(ctx); p == nil || !p.HasRole(directory.RolesFor(directory.PermMonitorRead)...) {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	return s.loadTerms(ctx)
}

func (s *Service) loadTerms(ctx context.Context) ([]string, error) {
	var edited int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM monitor_terms_state`).Scan(&edited); err != nil {
		return nil, err
	}
	if edited == 0 {
		return analyze.DefaultTerms(), nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT term FROM monitor_terms ORDER BY term`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetTerms replaces the spam vocabulary (audited with before and after).
// Only those who manage monitors for the whole province (the root
// organisation) may change it: it applies to every agency's checks.
func (s *Service) SetTerms(ctx context.Context, terms []string) ([]string, error) {
	root, err := s.dir.Root(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.dir.Authorize(ctx, directory.PermMonitorManage, root.ID); err != nil {
		return nil, err
	}
	clean := cleanList(terms, func(t string) string { return strings.Join(strings.Fields(strings.ToLower(t)), " ") })
	slices.Sort(clean)
	clean = slices.Compact(clean)
	for _, t := range clean {
		if len([]rune(t)) > 100 {
			return nil, errs.New(errs.Invalid, locale.Tf("Từ khóa “%s…” quá dài (tối đa 100 ký tự).", "Term “%s…” is too long (at most 100 characters).", string([]rune(t)[:20])))
		}
	}
	before, err := s.loadTerms(ctx)
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Millis(s.now())
		if _, err := tx.ExecContext(ctx, `DELETE FROM monitor_terms`); err != nil {
			return err
		}
		for _, t := range clean {
			if _, err := tx.ExecContext(ctx, `INSERT INTO monitor_terms (term, added_by, added_at) VALUES ($1, $2, $3)`, t, principal.From(ctx).Login, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO monitor_terms_state (id, edited_at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET edited_at = $1`, now); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "monitor.terms", OrgID: root.ID, TargetType: "monitor_terms",
			Before: before, After: clean})
	})
	return clean, err
}
