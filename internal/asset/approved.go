package asset

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// Approval is one pattern of an approved-software list. Patterns match
// case- and diacritic-insensitively; "*" stands for any run of characters;
// an empty publisher or version pattern matches anything.
type Approval struct {
	ID        string `json:"id"`
	OrgID     string `json:"org_id"`
	OrgName   string `json:"org_name,omitempty"`
	Name      string `json:"name"`
	Publisher string `json:"publisher"`
	Version   string `json:"version"`
	// Source, when set, limits the pattern to programs found there
	// (dpkg, rpm, registry): name "*" with source "dpkg" approves a
	// Debian distribution's packages as a whole.
	Source    string    `json:"source"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
	// Inherited is set on entries of a list above the one asked for (the
	// province-wide default).
	Inherited bool `json:"inherited"`
}

// ApprovalInput adds a pattern to an organisation's list.
type ApprovalInput struct {
	OrgID     string `json:"org"`
	Name      string `json:"name"`
	Publisher string `json:"publisher"`
	Version   string `json:"version"`
	Source    string `json:"source"`
	Note      string `json:"note"`
}

// Matches reports whether the pattern approves a program.
func (a *Approval) Matches(p Software) bool {
	return glob(a.Name, p.Name) && (a.Publisher == "" || glob(a.Publisher, p.Publisher)) && (a.Version == "" || glob(a.Version, p.Version)) &&
		(a.Source == "" || a.Source == p.Source)
}

// Sources are the places an agent finds programs, for approvals by source.
func Sources() []string { return []string{"dpkg", "rpm", "registry"} }

// glob matches s against pattern with "*" wildcards, folded.
func glob(pattern, s string) bool {
	p, t := locale.Fold(pattern), locale.Fold(s)
	parts := strings.Split(p, "*")
	if len(parts) == 1 {
		return p == t
	}
	if !strings.HasPrefix(t, parts[0]) {
		return false
	}
	t = t[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(t, mid)
		if i < 0 {
			return false
		}
		t = t[i+len(mid):]
	}
	return strings.HasSuffix(t, parts[len(parts)-1])
}

// AddApproval adds a pattern to an organisation's approved-software list;
// on the root organisation it is the province-wide default, which only
// those managing assets province-wide (the authority) may change. The
// organisation's software findings are reviewed at once.
func (s *Service) AddApproval(ctx context.Context, in ApprovalInput) (*Approval, error) {
	in.Name, in.Publisher, in.Version, in.Note = strings.TrimSpace(in.Name), strings.TrimSpace(in.Publisher), strings.TrimSpace(in.Version), strings.TrimSpace(in.Note)
	if in.Source != "" && !slices.Contains(Sources(), in.Source) {
		return nil, errs.New(errs.Invalid, locale.T("Nguồn là dpkg, rpm hoặc registry.", "The source is dpkg, rpm or registry."))
	}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 || utf8.RuneCountInString(in.Publisher) > 200 ||
		utf8.RuneCountInString(in.Version) > 100 || utf8.RuneCountInString(in.Note) > 500 {
		return nil, errs.New(errs.Invalid, locale.T("Tên phần mềm là bắt buộc (tối đa 200 ký tự); nhà phát hành tối đa 200, phiên bản 100, ghi chú 500 ký tự.",
			"The software name is required (at most 200 characters); publisher at most 200, version 100, note 500."))
	}
	id := db.NewID()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.dir.Authorize(ctx, directory.PermAssetManage, in.OrgID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO approved_software (id, org_id, name_pattern, publisher_pattern, version_pattern, source, note, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, id, in.OrgID, in.Name, in.Publisher, in.Version, in.Source, in.Note, principal.From(ctx).PersonID, db.Millis(s.now()))
		if err != nil {
			return err
		}
		if err := s.trail.Append(ctx, tx, audit.Event{Action: "software.approve", OrgID: in.OrgID, TargetType: "approved_software", TargetID: id, After: in}); err != nil {
			return err
		}
		return s.reviewUnder(ctx, tx, in.OrgID)
	})
	if err != nil {
		return nil, err
	}
	return &Approval{ID: id, OrgID: in.OrgID, Name: in.Name, Publisher: in.Publisher, Version: in.Version, Source: in.Source, Note: in.Note, CreatedAt: s.now()}, nil
}

// RemoveApproval deletes a pattern; software it approved becomes findings
// again.
func (s *Service) RemoveApproval(ctx context.Context, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var orgID string
		if err := tx.QueryRowContext(ctx, `SELECT org_id FROM approved_software WHERE id = $1`, id).Scan(&orgID); err != nil {
			if err == sql.ErrNoRows {
				return errs.New(errs.Forbidden, errs.MsgForbidden)
			}
			return err
		}
		if err := s.dir.Authorize(ctx, directory.PermAssetManage, orgID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM approved_software WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.trail.Append(ctx, tx, audit.Event{Action: "software.unapprove", OrgID: orgID, TargetType: "approved_software", TargetID: id}); err != nil {
			return err
		}
		return s.reviewUnder(ctx, tx, orgID)
	})
}

// Approvals returns the list in force for an organisation: its own
// patterns and those of every organisation above it (Inherited).
func (s *Service) Approvals(ctx context.Context, orgID string) ([]Approval, error) {
	if err := s.dir.Authorize(ctx, directory.PermAssetRead, orgID); err != nil {
		return nil, err
	}
	return approvalsFor(ctx, s.db.R, orgID)
}

func approvalsFor(ctx context.Context, q db.Querier, orgID string) ([]Approval, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.org_id, o.name, p.name_pattern, p.publisher_pattern, p.version_pattern, p.source, p.note, p.created_at
		FROM approved_software p JOIN organisations o ON o.id = p.org_id
		WHERE (SELECT path FROM organisations WHERE id = $1) LIKE o.path || '%'
		ORDER BY LENGTH(o.path), p.name_pattern`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Approval{}
	for rows.Next() {
		var a Approval
		var created int64
		if err := rows.Scan(&a.ID, &a.OrgID, &a.OrgName, &a.Name, &a.Publisher, &a.Version, &a.Source, &a.Note, &created); err != nil {
			return nil, err
		}
		a.CreatedAt, a.Inherited = db.Time(created), a.OrgID != orgID
		out = append(out, a)
	}
	return out, rows.Err()
}
