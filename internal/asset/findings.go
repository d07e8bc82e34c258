package asset

import (
	"context"
	"database/sql"
	"errors"
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

// FindingStatus is where a software finding stands.
type FindingStatus string

// The statuses of a software finding.
const (
	FindingOpen     FindingStatus = "open"
	FindingApproved FindingStatus = "approved" // a list now approves it
	FindingRemoved  FindingStatus = "removed"  // uninstalled (reopens if reported again)
	FindingExcepted FindingStatus = "excepted" // allowed until ExpiresAt, for Reason
)

// Label names s for people.
func (s FindingStatus) Label() locale.Text {
	switch s {
	case FindingOpen:
		return locale.T("Chưa xử lý", "Open")
	case FindingApproved:
		return locale.T("Đã cho phép", "Approved")
	case FindingRemoved:
		return locale.T("Đã gỡ bỏ", "Removed")
	case FindingExcepted:
		return locale.T("Ngoại lệ có thời hạn", "Exception")
	}
	return locale.T(string(s), string(s))
}

// Finding is a program installed on an asset that no approved-software
// list in force allows (Đ6.2.f).
type Finding struct {
	ID          string        `json:"id"`
	OrgID       string        `json:"org_id"`
	OrgName     string        `json:"org_name"`
	AssetID     string        `json:"asset_id"`
	AssetName   string        `json:"asset_name"`
	Name        string        `json:"name"`
	Version     string        `json:"version"`
	Publisher   string        `json:"publisher"`
	Status      FindingStatus `json:"status"`
	Reason      string        `json:"reason,omitempty"`
	ExpiresAt   time.Time     `json:"expires_at,omitzero"`
	ResolvedBy  string        `json:"resolved_by,omitempty"`
	ResolvedAt  time.Time     `json:"resolved_at,omitzero"`
	FirstSeenAt time.Time     `json:"first_seen_at"`
	LastSeenAt  time.Time     `json:"last_seen_at"`
}

// reviewUnder reviews the software of every agent-reported asset under an
// organisation (after its list changed).
func (s *Service) reviewUnder(ctx context.Context, tx *sql.Tx, orgID string) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.org_id FROM assets a JOIN organisations o ON o.id = a.org_id
		WHERE o.path LIKE (SELECT path FROM organisations WHERE id = $1) || '%' AND NOT a.retired
		AND EXISTS (SELECT 1 FROM asset_software w WHERE w.asset_id = a.id)`, orgID)
	if err != nil {
		return err
	}
	var ids [][2]string
	for rows.Next() {
		var id, org string
		if err := rows.Scan(&id, &org); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, [2]string{id, org})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, x := range ids {
		if _, err := s.reviewSoftware(ctx, tx, x[1], x[0]); err != nil {
			return err
		}
	}
	return nil
}

// reviewSoftware compares an asset's reported software with the lists in
// force: unapproved programs get (or keep) an open finding, approved ones
// close theirs, uninstalled ones are marked removed, a removed one that is
// reported again and an expired exception reopen. The software control
// follows: done when nothing is open. It answers how many programs became
// open findings.
func (s *Service) reviewSoftware(ctx context.Context, tx *sql.Tx, orgID, assetID string) (opened int, err error) {
	approvals, err := approvalsFor(ctx, tx, orgID)
	if err != nil {
		return 0, err
	}
	installed, err := softwareOf(ctx, tx, assetID)
	if err != nil {
		return 0, err
	}
	known, err := findingsOf(ctx, tx, assetID)
	if err != nil {
		return 0, err
	}
	now := db.Millis(s.now())
	seen := map[string]bool{}
	for _, p := range installed {
		key := p.Name + "\x00" + p.Version
		seen[key] = true
		ok := false
		for i := range approvals {
			if approvals[i].Matches(p) {
				ok = true
				break
			}
		}
		f, has := known[key]
		switch {
		case !has && !ok:
			opened++
			_, err = tx.ExecContext(ctx, `INSERT INTO software_findings (id, org_id, asset_id, name, version, publisher, first_seen_at, last_seen_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$7)`, db.NewID(), orgID, assetID, p.Name, p.Version, p.Publisher, now)
		case has && ok && f.Status != FindingApproved:
			err = setFinding(ctx, tx, f.ID, FindingApproved, "attt", now)
		case has && !ok && (f.Status == FindingApproved || f.Status == FindingRemoved ||
			f.Status == FindingExcepted && db.Millis(f.ExpiresAt) < now):
			opened++
			err = setFinding(ctx, tx, f.ID, FindingOpen, "", 0)
		}
		if err != nil {
			return 0, err
		}
	}
	for key, f := range known {
		if !seen[key] && f.Status != FindingRemoved && f.Status != FindingApproved {
			if err := setFinding(ctx, tx, f.ID, FindingRemoved, "attt", now); err != nil {
				return 0, err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE software_findings SET last_seen_at = $1, org_id = $2 WHERE asset_id = $3`, now, orgID, assetID); err != nil {
		return 0, err
	}
	return opened, s.softwareControl(ctx, tx, orgID, assetID)
}

// softwareControl records the software control as checked by attt.
func (s *Service) softwareControl(ctx context.Context, tx *sql.Tx, orgID, assetID string) error {
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM software_findings WHERE asset_id = $1 AND status = 'open'`, assetID).Scan(&open); err != nil {
		return err
	}
	c := &Control{AssetID: assetID, Kind: CtlSoftware, Done: open == 0, Source: SourceChecked, ObservedAt: s.now(),
		Evidence: locale.Tf("%d phần mềm chưa được phép", "%d unapproved programs", open).VI}
	return putControl(ctx, tx, orgID, c)
}

func setFinding(ctx context.Context, tx *sql.Tx, id string, st FindingStatus, by string, at int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE software_findings SET status = $1, resolved_by = $2, resolved_at = $3 WHERE id = $4`, st, by, at, id)
	return err
}

// softwareOf lists an asset's stored software, by name and version.
func softwareOf(ctx context.Context, q db.Querier, assetID string) ([]Software, error) {
	return queryAll(ctx, q, `SELECT name, version, publisher, source FROM asset_software WHERE asset_id = $1 ORDER BY name, version`, []any{assetID},
		func(sc scanner) (*Software, error) {
			var p Software
			return &p, sc.Scan(&p.Name, &p.Version, &p.Publisher, &p.Source)
		})
}

const findingSelect = `SELECT f.id, f.org_id, o.name, f.asset_id, a.name, f.name, f.version, f.publisher, f.status, f.reason, f.expires_at,
	f.resolved_by, f.resolved_at, f.first_seen_at, f.last_seen_at
	FROM software_findings f JOIN assets a ON a.id = f.asset_id JOIN organisations o ON o.id = f.org_id`

func scanFinding(sc scanner) (*Finding, error) {
	var f Finding
	var exp, resolved, first, last int64
	err := sc.Scan(&f.ID, &f.OrgID, &f.OrgName, &f.AssetID, &f.AssetName, &f.Name, &f.Version, &f.Publisher, &f.Status, &f.Reason, &exp,
		&f.ResolvedBy, &resolved, &first, &last)
	if err != nil {
		return nil, err
	}
	f.ExpiresAt, f.ResolvedAt, f.FirstSeenAt, f.LastSeenAt = db.Time(exp), db.Time(resolved), db.Time(first), db.Time(last)
	return &f, nil
}

func findingsOf(ctx context.Context, tx *sql.Tx, assetID string) (map[string]*Finding, error) {
	list, err := queryAll(ctx, tx, findingSelect+` WHERE f.asset_id = $1`, []any{assetID}, scanFinding)
	out := map[string]*Finding{}
	for i := range list {
		out[list[i].Name+"\x00"+list[i].Version] = &list[i]
	}
	return out, err
}

// FindingFilter narrows ListFindings.
type FindingFilter struct {
	OrgID   string
	AssetID string
	// Status "" lists open findings; "all" every one.
	Status FindingStatus
	Limit  int
}

// ListFindings returns the software findings in the principal's reach,
// newest first.
func (s *Service) ListFindings(ctx context.Context, f FindingFilter) ([]Finding, error) {
	q := db.NewQuery(findingSelect)
	if ok, err := s.dir.RestrictTo(ctx, q, directory.PermAssetRead, "f.org_id", f.OrgID); !ok || err != nil {
		return []Finding{}, err
	}
	switch f.Status {
	case "":
		q.Where("f.status = 'open'")
	case "all":
	default:
		q.Where("f.status = " + q.Arg(string(f.Status)))
	}
	if f.AssetID != "" {
		q.Where("f.asset_id = " + q.Arg(f.AssetID))
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 1000
	}
	return queryAll(ctx, s.db.R, q.SQL()+` ORDER BY f.first_seen_at DESC, a.name, f.name LIMIT `+itoa(limit), q.Args, scanFinding)
}

// Resolution is an officer's decision on a software finding.
type Resolution struct {
	// Action is "approve" (add the program to the agency's list), "remove"
	// (it was uninstalled) or "except" (allowed until Expires, for Reason).
	Action  string    `json:"action"`
	Reason  string    `json:"reason"`
	Expires time.Time `json:"expires,omitzero"`
}

// ResolveFinding applies an officer's decision, audited.
func (s *Service) ResolveFinding(ctx context.Context, id string, r Resolution) (*Finding, error) {
	r.Reason = strings.TrimSpace(r.Reason)
	if utf8.RuneCountInString(r.Reason) > 1000 {
		return nil, errs.New(errs.Invalid, locale.T("Lý do tối đa 1000 ký tự.", "The reason has at most 1000 characters."))
	}
	var out *Finding
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, err := scanFinding(tx.QueryRowContext(ctx, findingSelect+` WHERE f.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		if err != nil {
			return err
		}
		if err := s.dir.Authorize(ctx, directory.PermAssetManage, f.OrgID); err != nil {
			return err
		}
		if err := s.resolve(ctx, tx, f, r); err != nil {
			return err
		}
		if err := s.trail.Append(ctx, tx, audit.Event{Action: "software.finding." + r.Action, OrgID: f.OrgID, TargetType: "asset", TargetID: f.AssetID,
			After: map[string]any{"finding": f.ID, "name": f.Name, "version": f.Version, "reason": r.Reason, "expires": r.Expires}}); err != nil {
			return err
		}
		if err := s.softwareControl(ctx, tx, f.OrgID, f.AssetID); err != nil {
			return err
		}
		out, err = scanFinding(tx.QueryRowContext(ctx, findingSelect+` WHERE f.id = $1`, id))
		return err
	})
	return out, err
}

func (s *Service) resolve(ctx context.Context, tx *sql.Tx, f *Finding, r Resolution) error {
	now, me := db.Millis(s.now()), principal.From(ctx).PersonID
	switch r.Action {
	case "approve":
		_, err := tx.ExecContext(ctx, `INSERT INTO approved_software (id, org_id, name_pattern, publisher_pattern, note, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7)`, db.NewID(), f.OrgID, f.Name, f.Publisher, r.Reason, me, now)
		if err != nil {
			return err
		}
		if err := s.reviewUnder(ctx, tx, f.OrgID); err != nil {
			return err
		}
		return setFinding(ctx, tx, f.ID, FindingApproved, me, now)
	case "remove":
		return setFinding(ctx, tx, f.ID, FindingRemoved, me, now)
	case "except":
		if r.Reason == "" || r.Expires.IsZero() || !r.Expires.After(s.now()) || r.Expires.After(s.now().AddDate(1, 0, 1)) {
			return errs.New(errs.Invalid, locale.T("Ngoại lệ cần lý do và ngày hết hạn trong vòng một năm.",
				"An exception needs a reason and an expiry date within a year."))
		}
		_, err := tx.ExecContext(ctx, `UPDATE software_findings SET status = 'excepted', reason = $1, expires_at = $2, resolved_by = $3, resolved_at = $4 WHERE id = $5`,
			r.Reason, db.Millis(r.Expires), me, now, f.ID)
		return err
	}
	return errs.New(errs.Invalid, locale.T("Hành động là approve, remove hoặc except.", "The action is approve, remove or except."))
}

// ReopenExpired reopens exceptions whose expiry passed (run by Run).
func (s *Service) ReopenExpired(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, org_id, asset_id FROM software_findings WHERE status = 'excepted' AND expires_at < $1`, db.Millis(s.now()))
		if err != nil {
			return err
		}
		var list [][3]string
		for rows.Next() {
			var x [3]string
			if err := rows.Scan(&x[0], &x[1], &x[2]); err != nil {
				rows.Close()
				return err
			}
			list = append(list, x)
		}
		rows.Close()
		for _, x := range list {
			if err := setFinding(ctx, tx, x[0], FindingOpen, "", 0); err != nil {
				return err
			}
			if err := s.softwareControl(ctx, tx, x[1], x[2]); err != nil {
				return err
			}
			if err := s.trail.Append(ctx, tx, audit.Event{Action: "software.finding.reopen", OrgID: x[1], TargetType: "asset", TargetID: x[2],
				ActorLogin: "attt", After: map[string]string{"finding": x[0]}}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
