package webmon

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/webmon/analyze"
)

// FindingStatus is where a finding stands.
type FindingStatus string

// The statuses of a finding.
const (
	FindingOpen      FindingStatus = "open"
	FindingAccepted  FindingStatus = "accepted"  // the change is legitimate: new baseline
	FindingConfirmed FindingStatus = "confirmed" // a defacement or injection, handled as an incident
	FindingResolved  FindingStatus = "resolved"  // the condition ended by itself (site back up)
)

// Finding is something a check saw that a person must look at.
type Finding struct {
	ID        string           `json:"id"`
	MonitorID string           `json:"monitor_id"`
	Monitor   string           `json:"monitor"`
	OrgID     string           `json:"org_id"`
	PageURL   string           `json:"page_url"`
	Severity  analyze.Severity `json:"severity"`
	Kinds     []string         `json:"kinds"`
	Summary   string           `json:"summary"`
	Evidence  Evidence         `json:"evidence"`
	Status    FindingStatus    `json:"status"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	// ResolvedBy and Note record who accepted or confirmed it and why.
	ResolvedBy string `json:"resolved_by,omitempty"`
	Note       string `json:"note,omitempty"`
	// IncidentID is the incident a confirmation opened.
	IncidentID string `json:"incident_id,omitempty"`
}

// Evidence is what a finding shows: the diff against the baseline, the
// suspicious signs, and what each fetched variant looked like.
type Evidence struct {
	Change   *analyze.Change            `json:"change,omitempty"`
	Signs    []analyze.Sign             `json:"signs"`
	Variants map[analyze.Variant]Sample `json:"variants,omitempty"`
	// Down describes an availability finding.
	Down *Outage `json:"down,omitempty"`
}

// Sample is a short view of one fetched variant, side by side in the UI.
type Sample struct {
	Status   int    `json:"status"`
	FinalURL string `json:"final_url"`
	Title    string `json:"title"`
	Redirect string `json:"redirect,omitempty"`
	Excerpt  string `json:"excerpt"`
	Err      string `json:"error,omitempty"`
}

// Outage is the evidence of an availability finding.
type Outage struct {
	Since    time.Time `json:"since"`
	Failures int       `json:"failures"`
	Status   int       `json:"status"`
	Error    string    `json:"error,omitempty"`
}

const findingSelect = `SELECT f.id, f.monitor_id, m.name, f.org_id, f.page_url, f.severity, f.kinds, f.summary, f.evidence_json, f.status,
	f.created_at, f.updated_at, f.resolved_by, f.note, f.incident_id FROM findings f JOIN monitors m ON m.id = f.monitor_id`

func scanFinding(sc interface{ Scan(...any) error }) (*Finding, error) {
	var f Finding
	var kinds, evidence, sev, status string
	var created, updated int64
	if err := sc.Scan(&f.ID, &f.MonitorID, &f.Monitor, &f.OrgID, &f.PageURL, &sev, &kinds, &f.Summary, &evidence, &status,
		&created, &updated, &f.ResolvedBy, &f.Note, &f.IncidentID); err != nil {
		return nil, err
	}
	f.Severity, f.Status, f.Kinds = analyze.Severity(sev), FindingStatus(status), strings.Split(kinds, ",")
	f.CreatedAt, f.UpdatedAt = db.Time(created), db.Time(updated)
	if err := json.Unmarshal([]byte(evidence), &f.Evidence); err != nil {
		return nil, err
	}
	return &f, nil
}

// FindingFilter narrows ListFindings.
type FindingFilter struct {
	MonitorID string
	OrgID     string
	Status    FindingStatus // default: open
	Limit     int
}

// ListFindings returns findings the principal may see, newest first.
func (s *Service) ListFindings(ctx context.Context, f FindingFilter) ([]Finding, error) {
	q := db.NewQuery(findingSelect)
	if ok, err := s.dir.RestrictTo(ctx, q, directory.PermMonitorRead, "f.org_id", f.OrgID); !ok || err != nil {
		return nil, err
	}
	if f.MonitorID != "" {
		q.Where("f.monitor_id = " + q.Arg(f.MonitorID))
	}
	if f.Status == "" {
		f.Status = FindingOpen
	}
	if f.Status != "all" {
		q.Where("f.status = " + q.Arg(string(f.Status)))
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+" ORDER BY f.created_at DESC LIMIT "+itoa(limit), q.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		fd, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *fd)
	}
	return out, rows.Err()
}

// GetFinding returns one finding the principal may see.
func (s *Service) GetFinding(ctx context.Context, id string) (*Finding, error) {
	return s.findingFor(ctx, s.db.R, id, directory.PermMonitorRead)
}

func (s *Service) findingFor(ctx context.Context, q db.Querier, id string, perm directory.Perm) (*Finding, error) {
	f, err := scanFinding(q.QueryRowContext(ctx, findingSelect+` WHERE f.id = $1`, id))
	return directory.Reachable(ctx, s.dir, perm, f, err, func(f *Finding) string { return f.OrgID })
}

// AcceptFinding records that a change is legitimate: the page's latest
// snapshot becomes its approved baseline (audited), and other open content
// findings of that page close with it.
func (s *Service) AcceptFinding(ctx context.Context, id, note string) (*Finding, error) {
	return s.closeFinding(ctx, id, FindingAccepted, note, "monitor.finding.accept")
}

// ConfirmFinding records that a finding is a real defacement or injection
// and, in the same transaction, opens an incident of the monitor's agency
// that links back to it (S6: a confirmed defacement opens an incident).
func (s *Service) ConfirmFinding(ctx context.Context, id, note string) (*Finding, error) {
	return s.closeFinding(ctx, id, FindingConfirmed, note, "monitor.finding.confirm")
}

func (s *Service) closeFinding(ctx context.Context, id string, status FindingStatus, note, action string) (*Finding, error) {
	var out *Finding
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, err := s.findingFor(ctx, tx, id, directory.PermMonitorManage)
		if err != nil {
			return err
		}
		if f.Status != FindingOpen {
			return errs.New(errs.Conflict, locale.T("Phát hiện này đã được xử lý.", "This finding has already been handled."))
		}
		now := db.Millis(s.now())
		who := principal.From(ctx).Login
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = $1, resolved_by = $2, note = $3, updated_at = $4 WHERE id = $5`,
			string(status), who, strings.TrimSpace(note), now, id); err != nil {
			return err
		}
		if status == FindingConfirmed && s.incidents != nil {
			if err := s.openIncident(ctx, tx, f, note); err != nil {
				return err
			}
		}
		if status == FindingAccepted {
			if err := s.rebase(ctx, tx, f.MonitorID, f.PageURL); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = 'accepted', resolved_by = $1, updated_at = $2
				WHERE monitor_id = $3 AND page_url = $4 AND status = 'open' AND kinds <> 'down'`, who, now, f.MonitorID, f.PageURL); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE monitors SET changes_in_row = 0, noisy = FALSE WHERE id = $1`, f.MonitorID); err != nil {
				return err
			}
		}
		if out, err = s.findingFor(ctx, tx, id, directory.PermMonitorRead); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: action, OrgID: f.OrgID, TargetType: "finding", TargetID: id,
			Before: map[string]any{"status": f.Status, "severity": f.Severity, "page": f.PageURL}, After: map[string]any{"status": status, "note": note}})
	})
	return out, err
}

// rebase makes a page's latest snapshot its approved baseline, keeping the
// volatile lines learnt at setup.
func (s *Service) rebase(ctx context.Context, tx *sql.Tx, monitorID, page string) error {
	var last, base string
	err := tx.QueryRowContext(ctx, `SELECT last_json, baseline_json FROM monitor_pages WHERE monitor_id = $1 AND url = $2`, monitorID, page).Scan(&last, &base)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && last == "") {
		return nil
	}
	if err != nil {
		return err
	}
	var b *analyze.Baseline
	if base != "" {
		b = new(analyze.Baseline)
		if err := json.Unmarshal([]byte(base), b); err != nil {
			return err
		}
	}
	var cur analyze.Snapshot
	if err := json.Unmarshal([]byte(last), &cur); err != nil {
		return err
	}
	b = analyze.Rebase(b, &cur)
	_, err = tx.ExecContext(ctx, `UPDATE monitor_pages SET baseline_json = $1, baseline_at = $2 WHERE monitor_id = $3 AND url = $4`,
		mustJSON(b), db.Millis(s.now()), monitorID, page)
	return err
}
