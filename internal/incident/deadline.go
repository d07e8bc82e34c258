package incident

import (
	"time"

	"attt/internal/db"
	"attt/internal/locale"
)

// Late is a missed deadline of an incident.
type Late struct {
	// Key names the deadline: "ack", "initial", "closing" or "task:ID".
	Key  string      `json:"key"`
	What locale.Text `json:"what"`
	Due  time.Time   `json:"due"`
}

// overdueCondition keeps open incidents with a missed deadline: not
// acknowledged in time, initial report (Mẫu 03) or closing report (Mẫu 04)
// late, or an open task past its deadline.
func (s *Service) overdueCondition(q *db.Query) {
	now := q.Arg(db.Millis(s.now()))
	ackCut := q.Arg(db.Millis(s.now().Add(-s.cfg.AcknowledgeWithin)))
	q.Where("i.status NOT IN ('closed', 'rejected') AND ((i.acknowledged_at = 0 AND i.created_at < " + ackCut + ")" +
		" OR (i.initial_report_at = 0 AND i.initial_report_due < " + now + ")" +
		" OR (i.resolved_at > 0 AND i.closing_report_at = 0 AND i.closing_report_due < " + now + ")" +
		" OR EXISTS (SELECT 1 FROM incident_tasks t WHERE t.incident_id = i.id AND t.done_at = 0 AND t.due_at > 0 AND t.due_at < " + now + "))")
}

// AckDue is when the report must have been triaged.
func (s *Service) AckDue(inc *Incident) time.Time { return inc.CreatedAt.Add(s.cfg.AcknowledgeWithin) }

// Lateness lists the deadlines an incident has missed at now.
func (s *Service) Lateness(inc *Incident, now time.Time) []Late {
	if !inc.Status.Open() {
		return nil
	}
	var out []Late
	if inc.AcknowledgedAt.IsZero() && now.After(s.AckDue(inc)) {
		out = append(out, Late{"ack", locale.T("Chưa tiếp nhận, phân loại", "Not yet acknowledged"), s.AckDue(inc)})
	}
	if inc.InitialReportAt.IsZero() && now.After(inc.InitialReportDue) {
		out = append(out, Late{"initial", locale.T("Chưa gửi báo cáo ban đầu (Mẫu 03)", "Initial report (Form 03) not filed"), inc.InitialReportDue})
	}
	if !inc.ResolvedAt.IsZero() && inc.ClosingReportAt.IsZero() && now.After(inc.ClosingReportDue) {
		out = append(out, Late{"closing", locale.T("Chưa gửi báo cáo kết thúc (Mẫu 04)", "Closing report (Form 04) not filed"), inc.ClosingReportDue})
	}
	for _, t := range inc.Tasks {
		if t.Overdue(now) {
			out = append(out, Late{"task:" + t.ID, locale.Tf("Công việc quá hạn: %s", "Task overdue: %s", t.Title), t.DueAt})
		}
	}
	return out
}

// TimeToAcknowledge is how long the report waited for triage (so far,
// when it still waits).
func TimeToAcknowledge(inc *Incident, now time.Time) time.Duration {
	if inc.AcknowledgedAt.IsZero() {
		return now.Sub(inc.CreatedAt)
	}
	return inc.AcknowledgedAt.Sub(inc.CreatedAt)
}

// TimeToResolve is how long from the report to the end of the response
// (so far, when still open).
func TimeToResolve(inc *Incident, now time.Time) time.Duration {
	end := inc.ResolvedAt
	if end.IsZero() {
		end = inc.ClosedAt
	}
	if end.IsZero() {
		return now.Sub(inc.CreatedAt)
	}
	return end.Sub(inc.CreatedAt)
}
