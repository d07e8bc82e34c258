package incident

import (
	"context"
	"database/sql"
	"strings"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/principal"
)

// EscalateInput says why the incident is beyond the agency and what help
// it asks for.
type EscalateInput struct {
	Reason           string `json:"reason"`
	SupportRequested string `json:"support_requested"`
}

// Escalate reports an incident beyond the agency's capacity to the
// superior agency and the authority, in writing (Đ7.9, Đ11.3): in one
// transaction it issues the công văn and the initial report (Mẫu 03) in
// the agency's yearly numbering, makes the initial report due at once,
// opens the incident to the authority and tells the superior agency's
// heads and officers and the authority's people.
func (s *Service) Escalate(ctx context.Context, id string, in EscalateInput) (*Incident, error) {
	in.Reason, in.SupportRequested = strings.TrimSpace(in.Reason), strings.TrimSpace(in.SupportRequested)
	if in.Reason == "" {
		return nil, errs.New(errs.Invalid, locale.T("Hãy nêu lý do vượt quá khả năng xử lý của đơn vị.", "Say why it is beyond the agency's capacity."))
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needManage)
		if err != nil {
			return err
		}
		if !inc.EscalatedAt.IsZero() {
			return errs.New(errs.Conflict, locale.T("Sự cố đã được báo cáo lên cấp trên.", "The incident was already escalated."))
		}
		if inc.Category == "" || inc.Severity == "" {
			return errs.New(errs.Invalid, locale.T("Hãy phân loại sự cố (loại, mức độ) trước khi báo cáo lên cấp trên.", "Triage the incident (type, severity) before escalating it."))
		}
		now := db.Millis(s.now())
		support := in.SupportRequested
		if support == "" {
			support = inc.SupportRequested
		}
		status := inc.Status
		if status == StatusTriaged {
			status = StatusResponding
		}
		_, err = tx.ExecContext(ctx, `UPDATE incidents SET escalated_at = $1, escalated_by = $2, escalation_reason = $3, support_requested = $4,
			status = $5, initial_report_due = CASE WHEN initial_report_at = 0 THEN $1 ELSE initial_report_due END, updated_at = $1 WHERE id = $6`,
			now, personOf(ctx), in.Reason, support, status, id)
		if err != nil {
			return err
		}
		inc.EscalatedAt, inc.EscalationReason, inc.SupportRequested = s.now(), in.Reason, support
		if err := s.record(ctx, tx, inc, "escalate", in.Reason, true, in); err != nil {
			return err
		}
		if err := s.issueEscalationTx(ctx, tx, inc.ID); err != nil {
			return err
		}
		to, err := s.escalationRecipients(ctx, tx, inc.OrgID)
		if err != nil {
			return err
		}
		return s.tell(ctx, tx, notify.Message{Kind: "incident.escalated", OrgID: inc.OrgID, To: without(to, personOf(ctx)),
			Link: "/incidents/" + id, Subject: locale.Tf("[%s] Sự cố vượt quá khả năng xử lý: %s", "[%s] Incident beyond the agency's capacity: %s", inc.Ref, inc.Title),
			Body: locale.Tf("%s báo cáo sự cố vượt quá khả năng xử lý và đề nghị hỗ trợ: %s", "%s reports an incident beyond its capacity and asks for support: %s", inc.OrgName, in.Reason)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// escalationRecipients are the heads and officers of the superior agency
// and the authority's people over the organisation.
func (s *Service) escalationRecipients(ctx context.Context, q db.Querier, orgID string) ([]string, error) {
	var parentID string
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(parent_id, '') FROM organisations WHERE id = $1`, orgID).Scan(&parentID); err != nil {
		return nil, err
	}
	var out []string
	if parentID != "" {
		superior, err := directory.NearestHolders(ctx, q, parentID, principal.Head, principal.Officer)
		if err != nil {
			return nil, err
		}
		out = append(out, superior...)
	}
	authority, err := directory.NearestHolders(ctx, q, orgID, principal.Authority)
	if err != nil {
		return nil, err
	}
	return append(out, authority...), nil
}
