package incident

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"attt/internal/db"
	"attt/internal/docreg"
	"attt/internal/errs"
	"attt/internal/locale"
)

var msgIncidentNotFound = locale.T("Không tìm thấy sự cố.", "Incident not found.")

// incidentColumns are read by scanIncident, from incidents i joined with
// organisations o and the reporter and owner people r and w.
const incidentColumns = `i.id, i.ref, i.org_id, o.name, o.path, i.title, i.description, i.affected, i.occurred_at, i.detected_at,
	i.detection_method, i.reported_via, i.reporter_id, COALESCE(r.full_name, ''), i.reporter_contact, i.source_type, i.source_id,
	i.category, i.severity, i.serious_checks, i.status, i.owner_id, COALESCE(w.full_name, ''), i.containment, i.cause, i.impact,
	i.actions_taken, i.lessons, i.damage, i.support_requested, i.acknowledged_at, i.escalated_at, i.escalated_by, i.escalation_reason,
	i.resolved_at, i.closed_at, i.initial_report_due, i.initial_report_at, i.closing_report_due, i.closing_report_at,
	i.created_at, i.updated_at`

// incidentJoins add the organisation, reporter and owner of incidents i.
const incidentJoins = ` JOIN organisations o ON o.id = i.org_id
	LEFT JOIN people r ON r.id = i.reporter_id LEFT JOIN people w ON w.id = i.owner_id`

const incidentFrom = ` FROM incidents i` + incidentJoins

func scanIncident(sc interface{ Scan(...any) error }) (*Incident, string, error) {
	var i Incident
	var path, checks string
	var occurred, detected, ack, esc, resolved, closed, initDue, initAt, closeDue, closeAt, created, updated int64
	err := sc.Scan(&i.ID, &i.Ref, &i.OrgID, &i.OrgName, &path, &i.Title, &i.Description, &i.Affected, &occurred, &detected,
		&i.DetectionMethod, &i.ReportedVia, &i.ReporterID, &i.ReporterName, &i.ReporterContact, &i.SourceType, &i.SourceID,
		&i.Category, &i.Severity, &checks, &i.Status, &i.OwnerID, &i.OwnerName, &i.Containment, &i.Cause, &i.Impact,
		&i.ActionsTaken, &i.Lessons, &i.Damage, &i.SupportRequested, &ack, &esc, &i.EscalatedBy, &i.EscalationReason,
		&resolved, &closed, &initDue, &initAt, &closeDue, &closeAt, &created, &updated)
	if err != nil {
		return nil, "", err
	}
	i.SeriousChecks = splitList(checks)
	i.OccurredAt, i.DetectedAt, i.AcknowledgedAt, i.EscalatedAt = optTime(occurred), db.Time(detected), optTime(ack), optTime(esc)
	i.ResolvedAt, i.ClosedAt = optTime(resolved), optTime(closed)
	i.InitialReportDue, i.InitialReportAt = optTime(initDue), optTime(initAt)
	i.ClosingReportDue, i.ClosingReportAt = optTime(closeDue), optTime(closeAt)
	i.CreatedAt, i.UpdatedAt = db.Time(created), db.Time(updated)
	return &i, path, nil
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// getIncident reads one incident and its organisation's path.
func getIncident(ctx context.Context, q db.Querier, id string) (*Incident, string, error) {
	inc, path, err := scanIncident(q.QueryRowContext(ctx, `SELECT `+incidentColumns+incidentFrom+` WHERE i.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", errs.New(errs.NotFound, msgIncidentNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("incident: get %s: %w", id, err)
	}
	return inc, path, nil
}

// loadParts fills the systems, tasks, timeline, files, shares,
// coordinators and documents the view allows.
func loadParts(ctx context.Context, q db.Querier, inc *Incident, orgID string) error {
	var err error
	if inc.Systems, err = loadSystems(ctx, q, inc.ID); err != nil {
		return err
	}
	v := inc.View
	if inc.Tasks, err = loadTasks(ctx, q, inc.ID, v, orgID); err != nil {
		return err
	}
	if inc.Entries, err = loadEntries(ctx, q, inc.ID, v, orgID); err != nil {
		return err
	}
	if inc.Files, err = loadFiles(ctx, q, inc.ID, v, orgID); err != nil {
		return err
	}
	inc.Shares, inc.Coordinators, inc.Documents = []Share{}, []Person{}, []Document{}
	if !v.Full {
		return nil
	}
	if inc.Shares, err = loadShares(ctx, q, inc.ID); err != nil {
		return err
	}
	if inc.Coordinators, err = loadCoordinators(ctx, q, inc.ID); err != nil {
		return err
	}
	docs, err := docreg.ListFor(ctx, q, "incident", inc.ID)
	if err != nil {
		return err
	}
	for _, d := range docs {
		inc.Documents = append(inc.Documents, Document{ID: d.ID, Form: d.Form, Number: d.Number, Summary: d.Summary, IssuedAt: d.IssuedAt})
	}
	return nil
}

func loadSystems(ctx context.Context, q db.Querier, id string) ([]System, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, level, operator, owner, domain, ips, os, services, protections
		FROM incident_systems WHERE incident_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []System{}
	for rows.Next() {
		var s System
		if err := rows.Scan(&s.Name, &s.Level, &s.Operator, &s.Owner, &s.Domain, &s.IPs, &s.OS, &s.Services, &s.Protections); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// limited is the condition of what a limited viewer sees of a part:
// shared items and their own; an invited party also sees its own
// organisation's.
func limited(v View, q *db.Query, orgColumn, personColumn, orgID, personID string) {
	switch {
	case v.Full:
	case v.Guest:
		q.Where("(shared OR " + orgColumn + " = " + q.Arg(orgID) + " OR " + personColumn + " = " + q.Arg(personID) + ")")
	default:
		q.Where("(shared OR " + personColumn + " = " + q.Arg(personID) + ")")
	}
}

func loadTasks(ctx context.Context, q db.Querier, id string, v View, orgID string) ([]Task, error) {
	qq := db.NewQuery(`SELECT t.id, t.title, t.owner_id, COALESCE(p.full_name, ''), t.org_id, t.due_at, t.done_at, t.shared, t.created_at
		FROM incident_tasks t LEFT JOIN people p ON p.id = t.owner_id`)
	qq.Where("t.incident_id = " + qq.Arg(id))
	limited(v, qq, "t.org_id", "t.owner_id", orgID, personOf(ctx))
	rows, err := q.QueryContext(ctx, qq.SQL()+` ORDER BY t.created_at, t.id`, qq.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Task{}
	for rows.Next() {
		var t Task
		var due, done, created int64
		if err := rows.Scan(&t.ID, &t.Title, &t.OwnerID, &t.OwnerName, &t.OrgID, &due, &done, &t.Shared, &created); err != nil {
			return nil, err
		}
		t.DueAt, t.DoneAt, t.CreatedAt = optTime(due), optTime(done), db.Time(created)
		out = append(out, t)
	}
	return out, rows.Err()
}

func loadEntries(ctx context.Context, q db.Querier, id string, v View, orgID string) ([]Entry, error) {
	qq := db.NewQuery(`SELECT e.id, e.at, e.actor_id, COALESCE(p.full_name, ''), e.kind, e.body, e.shared
		FROM incident_entries e LEFT JOIN people p ON p.id = e.actor_id`)
	qq.Where("e.incident_id = " + qq.Arg(id))
	limited(v, qq, "e.actor_org_id", "e.actor_id", orgID, personOf(ctx))
	rows, err := q.QueryContext(ctx, qq.SQL()+` ORDER BY e.at, e.id`, qq.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e Entry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Kind, &e.Body, &e.Shared); err != nil {
			return nil, err
		}
		e.At = db.Time(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

func loadFiles(ctx context.Context, q db.Querier, id string, v View, orgID string) ([]File, error) {
	qq := db.NewQuery(`SELECT f.id, f.name, f.type, f.size, f.sha256, f.shared, COALESCE(p.full_name, ''), f.created_at
		FROM incident_files f LEFT JOIN people p ON p.id = f.uploaded_by`)
	qq.Where("f.incident_id = " + qq.Arg(id))
	limited(v, qq, "f.org_id", "f.uploaded_by", orgID, personOf(ctx))
	rows, err := q.QueryContext(ctx, qq.SQL()+` ORDER BY f.created_at, f.id`, qq.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []File{}
	for rows.Next() {
		var f File
		var at int64
		if err := rows.Scan(&f.ID, &f.Name, &f.Type, &f.Size, &f.SHA256, &f.Shared, &f.UploadedBy, &at); err != nil {
			return nil, err
		}
		f.CreatedAt = db.Time(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

func loadShares(ctx context.Context, q db.Querier, id string) ([]Share, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.org_id, o.name, s.note, COALESCE(p.full_name, ''), s.invited_at
		FROM incident_shares s JOIN organisations o ON o.id = s.org_id LEFT JOIN people p ON p.id = s.invited_by
		WHERE s.incident_id = $1 AND s.ended_at = 0 ORDER BY s.invited_at`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Share{}
	for rows.Next() {
		var s Share
		var at int64
		if err := rows.Scan(&s.ID, &s.OrgID, &s.OrgName, &s.Note, &s.InvitedBy, &at); err != nil {
			return nil, err
		}
		s.InvitedAt = db.Time(at)
		out = append(out, s)
	}
	return out, rows.Err()
}

func loadCoordinators(ctx context.Context, q db.Querier, id string) ([]Person, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.full_name FROM incident_coordinators c JOIN people p ON p.id = c.person_id
		WHERE c.incident_id = $1 ORDER BY c.assigned_at`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Person{}
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.FullName); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
