package incident

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/notify"
)

// TriageInput is the officer's assessment; every field is replaced.
type TriageInput struct {
	Title            string   `json:"title"`
	Description      string   `json:"description"`
	Category         Category `json:"category"`
	Severity         Severity `json:"severity"`
	SeriousChecks    []string `json:"serious_checks"`
	OwnerID          string   `json:"owner_id"`
	Containment      string   `json:"containment"`
	SupportRequested string   `json:"support_requested"`
	Systems          []System `json:"systems"`
}

func checkTriage(in *TriageInput) error {
	var problems []locale.Text
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	if in.Title == "" || len([]rune(in.Title)) > 200 {
		problems = append(problems, locale.T("Tiêu đề bắt buộc, tối đa 200 ký tự.", "A title is required, at most 200 characters."))
	}
	if !in.Category.valid() {
		problems = append(problems, locale.T("Hãy chọn loại sự cố theo Thông tư 20/2017/TT-BTTTT.", "Choose the incident type of Circular 20/2017/TT-BTTTT."))
	}
	if !slices.Contains(Severities(), in.Severity) {
		problems = append(problems, locale.T("Hãy chọn mức độ.", "Choose a severity."))
	}
	for _, c := range in.SeriousChecks {
		if checkGroup(c) == "" {
			problems = append(problems, locale.Tf("Tiêu chí “%s” không có trong danh sách.", "Criterion “%s” is not in the checklist.", c))
		}
	}
	slices.Sort(in.SeriousChecks)
	in.SeriousChecks = slices.Compact(in.SeriousChecks)
	if len(in.Systems) > 50 {
		problems = append(problems, locale.T("Tối đa 50 hệ thống.", "At most 50 systems."))
	}
	systems := in.Systems[:0]
	for _, sys := range in.Systems {
		sys.Name = strings.TrimSpace(sys.Name)
		if sys.Name == "" {
			continue
		}
		if sys.Level < 0 || sys.Level > 5 {
			problems = append(problems, locale.Tf("Cấp độ của hệ thống “%s” phải từ 1 đến 5.", "The level of system “%s” must be 1 to 5.", sys.Name))
		}
		systems = append(systems, sys)
	}
	in.Systems = systems
	if len(problems) > 0 {
		return errs.New(errs.Invalid, locale.T("Thông tin phân loại chưa hợp lệ.", "The triage details are not valid."), problems...)
	}
	return nil
}

// Triage records the officer's assessment. The first triage acknowledges
// the report (time-to-acknowledge stops) and moves it to "triaged"; the
// owner, when changed, is told.
func (s *Service) Triage(ctx context.Context, id string, in TriageInput) (*Incident, error) {
	if err := checkTriage(&in); err != nil {
		return nil, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needManage)
		if err != nil {
			return err
		}
		if in.OwnerID != "" {
			if err := s.checkOwner(ctx, tx, inc, in.OwnerID); err != nil {
				return err
			}
		}
		now := db.Millis(s.now())
		status, ack := inc.Status, optMillis(inc.AcknowledgedAt)
		if status == StatusReported {
			status, ack = StatusTriaged, now
		}
		_, err = tx.ExecContext(ctx, `UPDATE incidents SET title=$1, description=$2, search_text=$3, category=$4, severity=$5,
			serious_checks=$6, owner_id=$7, containment=$8, support_requested=$9, status=$10, acknowledged_at=$11, updated_at=$12 WHERE id=$13`,
			in.Title, in.Description, locale.Fold(inc.Ref+" "+in.Title+" "+in.Description), in.Category, in.Severity,
			strings.Join(in.SeriousChecks, ","), in.OwnerID, in.Containment, in.SupportRequested, status, ack, now, id)
		if err != nil {
			return fmt.Errorf("incident: triage %s: %w", id, err)
		}
		if err := replaceSystems(ctx, tx, id, in.Systems); err != nil {
			return err
		}
		body := fmt.Sprintf("%s · %s", in.Category.Label().VI, in.Severity.Label().VI)
		if Serious(in.SeriousChecks, in.Systems) {
			body += " · sự cố nghiêm trọng (QĐ 05/2017/QĐ-TTg)"
		}
		if err := s.record(ctx, tx, inc, "triage", body, true, in); err != nil {
			return err
		}
		if in.OwnerID == "" || in.OwnerID == inc.OwnerID {
			return nil
		}
		return s.tell(ctx, tx, notify.Message{Kind: "incident.assigned", OrgID: inc.OrgID, To: without([]string{in.OwnerID}, personOf(ctx)),
			Link: "/incidents/" + id, Subject: locale.Tf("[%s] Anh/chị được giao xử lý sự cố", "[%s] You are in charge of an incident", inc.Ref),
			Body: locale.Tf("Sự cố “%s” được giao cho anh/chị xử lý.", "Incident “%s” was assigned to you.", in.Title)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// checkOwner accepts as owner someone who may manage the incident: an
// officer or head over its organisation, or one of its coordinators.
func (s *Service) checkOwner(ctx context.Context, q db.Querier, inc *Incident, personID string) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM grants g JOIN organisations go ON go.id = g.org_id JOIN people p ON p.id = g.person_id
		JOIN organisations io ON io.id = $1
		WHERE g.person_id = $2 AND p.status = 'active' AND g.role IN ('officer', 'head', 'authority') AND io.path LIKE go.path || '%'`,
		inc.OrgID, personID).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		if ok, err := isCoordinator(ctx, q, inc.ID, personID); err != nil || ok {
			return err
		}
		return errs.New(errs.Invalid, locale.T("Người được giao phải là cán bộ chuyên trách, thủ trưởng hoặc điều phối viên của sự cố.",
			"The owner must be an officer, a head or a coordinator of the incident."))
	}
	return nil
}

func replaceSystems(ctx context.Context, tx *sql.Tx, id string, systems []System) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM incident_systems WHERE incident_id = $1`, id); err != nil {
		return err
	}
	for i, sys := range systems {
		_, err := tx.ExecContext(ctx, `INSERT INTO incident_systems (id, incident_id, position, name, level, operator, owner, domain, ips, os, services, protections)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
			db.NewID(), id, i, sys.Name, sys.Level, sys.Operator, sys.Owner, sys.Domain, sys.IPs, sys.OS, sys.Services, sys.Protections)
		if err != nil {
			return fmt.Errorf("incident: systems %s: %w", id, err)
		}
	}
	return nil
}
