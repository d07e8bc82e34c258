package incident

import (
	"context"
	"database/sql"
	"strings"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
)

// EndInput is what the closing report (Mẫu 04) says about the response.
type EndInput struct {
	Cause        string `json:"cause"`
	Impact       string `json:"impact"`
	ActionsTaken string `json:"actions_taken"`
	Lessons      string `json:"lessons"`
	// Damage is the estimated damage in đồng.
	Damage int64 `json:"damage"`
}

// EndResponse records that the response has ended, with its outcome; the
// closing report is due within ClosingReportWithin from now.
func (s *Service) EndResponse(ctx context.Context, id string, in EndInput) (*Incident, error) {
	in.Cause, in.Impact = strings.TrimSpace(in.Cause), strings.TrimSpace(in.Impact)
	in.ActionsTaken, in.Lessons = strings.TrimSpace(in.ActionsTaken), strings.TrimSpace(in.Lessons)
	if in.ActionsTaken == "" {
		return nil, errs.New(errs.Invalid, locale.T("Hãy ghi các biện pháp đã thực hiện.", "Describe the actions taken."))
	}
	if in.Damage < 0 {
		return nil, errs.New(errs.Invalid, locale.T("Thiệt hại ước tính không được âm.", "The estimated damage cannot be negative."))
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needManage)
		if err != nil {
			return err
		}
		if inc.Status != StatusTriaged && inc.Status != StatusResponding {
			return errs.New(errs.Conflict, msgWrongStatus)
		}
		now := s.now()
		_, err = tx.ExecContext(ctx, `UPDATE incidents SET status = $1, cause = $2, impact = $3, actions_taken = $4, lessons = $5,
			resolved_at = $6, closing_report_due = $7, updated_at = $6, damage = $9 WHERE id = $8`,
			StatusResolved, in.Cause, in.Impact, in.ActionsTaken, in.Lessons, db.Millis(now), db.Millis(now.Add(s.cfg.ClosingReportWithin)), id, in.Damage)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, inc, "resolve", in.ActionsTaken, true, in)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// Close closes an incident whose closing report (Mẫu 04) has been filed.
func (s *Service) Close(ctx context.Context, id string) (*Incident, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needManage)
		if err != nil {
			return err
		}
		if inc.Status != StatusResolved {
			return errs.New(errs.Conflict, locale.T("Chỉ đóng được sự cố đã xử lý xong.", "Only an incident whose response has ended can be closed."))
		}
		if inc.ClosingReportAt.IsZero() {
			return errs.New(errs.Conflict, locale.T("Hãy lập báo cáo kết thúc (Mẫu 04) trước khi đóng sự cố.", "File the closing report (Form 04) before closing the incident."))
		}
		now := db.Millis(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET status = $1, closed_at = $2, updated_at = $2 WHERE id = $3`, StatusClosed, now, id); err != nil {
			return err
		}
		return s.record(ctx, tx, inc, "close", StatusClosed.Label().VI, true, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}
