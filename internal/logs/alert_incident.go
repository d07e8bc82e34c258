package logs

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/locale"
)

// UseIncidents lets alerts open incidents through o.
func (s *Service) UseIncidents(o incident.Opener) { s.incidents = o }

// maxIncidentEvents bounds how many triggering events an incident's
// description lists; the alert keeps them all.
const maxIncidentEvents = 20

// OpenIncident turns an open alert into an incident of its agency in one
// action: the incident names the rule, the group and the triggering events
// (linked back through its source), and the alert is acknowledged with a
// reason naming the incident — all in one transaction, audited. It needs
// log.manage on the alert's agency; an alert of no agency cannot become an
// incident until its source is assigned.
func (s *Service) OpenIncident(ctx context.Context, id, note string) (*Alert, error) {
	if s.incidents == nil {
		return nil, errs.New(errs.Unavailable, locale.T("Chức năng sự cố chưa sẵn sàng.", "Incidents are not available."))
	}
	var after *Alert
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.getAlert(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.mayRead(ctx, a.OrgID); err != nil {
			return errs.New(errs.NotFound, msgAlertGone)
		}
		if err := s.mayManage(ctx, &Source{OrgID: a.OrgID}); err != nil {
			return err
		}
		if a.OrgID == "" {
			return errs.New(errs.Conflict, locale.T("Cảnh báo chưa thuộc đơn vị nào; hãy gán nguồn nhật ký trước.", "The alert belongs to no agency yet; assign its log source first."))
		}
		if a.IncidentID != "" {
			return errs.New(errs.Conflict, locale.T("Cảnh báo này đã mở sự cố.", "This alert already opened an incident."))
		}
		incID, err := s.incidents.OpenTx(ctx, tx, incidentFromAlert(a, note))
		if err != nil {
			return err
		}
		now := db.Millis(s.opt.Now())
		status := a.Status
		if status == AlertOpen {
			status = AlertAcknowledged
		}
		reason := strings.TrimSpace("Đã mở sự cố. " + note)
		if _, err := tx.ExecContext(ctx, `UPDATE log_alerts SET status = $1, reason = CASE WHEN reason = '' THEN $2 ELSE reason END,
			decided_by = CASE WHEN decided_by = '' THEN $3 ELSE decided_by END, decided_at = CASE WHEN decided_at = 0 THEN $4 ELSE decided_at END,
			incident_id = $5, updated_at = $4 WHERE id = $6`, status, reason, actorLogin(ctx), now, incID, id); err != nil {
			return err
		}
		if after, err = s.getAlert(ctx, tx, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "log_alert.incident", OrgID: a.OrgID, TargetType: "log_alert", TargetID: id,
			Note: note, After: map[string]string{"incident": incID, "rule": a.RuleID}})
	})
	return after, err
}

// incidentFromAlert is the report an alert makes.
func incidentFromAlert(a *Alert, note string) incident.ReportInput {
	lines := []string{
		fmt.Sprintf("Cảnh báo từ nhật ký tập trung: %s (quy tắc %s, mức %s).", a.Title, a.RuleID, a.Level),
		fmt.Sprintf("Nhóm: %s · %d lần khớp từ %s đến %s.", a.Group, a.Hits, locale.DateTime(a.FirstAt), locale.DateTime(a.LastAt)),
	}
	if note = strings.TrimSpace(note); note != "" {
		lines = append(lines, "Ghi chú: "+note)
	}
	lines = append(lines, "Sự kiện kích hoạt:")
	for i, e := range a.Events {
		if i == maxIncidentEvents {
			lines = append(lines, fmt.Sprintf("… và %d sự kiện khác (xem cảnh báo).", len(a.Events)-i))
			break
		}
		lines = append(lines, fmt.Sprintf("- %s %s %s: %s", locale.DateTime(e.Time), e.Host, e.App, e.Message))
	}
	hosts := map[string]bool{}
	var affected []string
	for _, e := range a.Events {
		if e.Host != "" && !hosts[e.Host] && len(affected) < 10 {
			hosts[e.Host] = true
			affected = append(affected, e.Host)
		}
	}
	title := []rune("Cảnh báo nhật ký: " + a.Title)
	if len(title) > 200 {
		title = append(title[:199], '…')
	}
	return incident.ReportInput{OrgID: a.OrgID, Title: string(title), Description: strings.Join(lines, "\n"),
		Affected: strings.Join(affected, ", "), DetectedAt: a.FirstAt, DetectionMethod: "Quy tắc phát hiện trên nhật ký tập trung (attt)",
		Via: incident.ViaLogs, SourceType: "log_alert", SourceID: a.ID}
}
