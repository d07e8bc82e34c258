package incident

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/notify"
)

// Comment adds a comment to the timeline. Comments of invited parties and
// reporters are seen by every participant; others choose whether outside
// parties see theirs.
func (s *Service) Comment(ctx context.Context, id, body string, shared bool) (*Incident, error) {
	body = strings.TrimSpace(body)
	if body == "" || len([]rune(body)) > 10000 {
		return nil, errs.New(errs.Invalid, locale.T("Ý kiến không được để trống và tối đa 10.000 ký tự.", "A comment is required, at most 10,000 characters."))
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, v, err := s.act(ctx, tx, id, needContribute)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, inc, "comment", body, shared || !v.Full, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// TaskInput is a new task.
type TaskInput struct {
	Title   string    `json:"title"`
	OwnerID string    `json:"owner_id"`
	DueAt   time.Time `json:"due_at,omitzero"`
	Shared  bool      `json:"shared"`
}

// AddTask plans a piece of the response. An invited party's tasks belong
// to its own organisation and are shared.
func (s *Service) AddTask(ctx context.Context, id string, in TaskInput) (*Incident, error) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || len([]rune(in.Title)) > 500 {
		return nil, errs.New(errs.Invalid, locale.T("Tên công việc bắt buộc, tối đa 500 ký tự.", "A task title is required, at most 500 characters."))
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, v, err := s.act(ctx, tx, id, needContribute)
		if err != nil {
			return err
		}
		if !v.Manage && !v.Guest {
			return errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		org := inc.OrgID
		if !v.Full {
			org, in.Shared = orgOf(ctx), true
		}
		if in.OwnerID != "" {
			if err := s.checkTaskOwner(ctx, tx, inc, org, in.OwnerID); err != nil {
				return err
			}
		}
		taskID := db.NewID()
		_, err = tx.ExecContext(ctx, `INSERT INTO incident_tasks (id, incident_id, title, owner_id, org_id, due_at, shared, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, taskID, id, in.Title, in.OwnerID, org, optMillis(in.DueAt), in.Shared, personOf(ctx), db.Millis(s.now()))
		if err != nil {
			return fmt.Errorf("incident: task: %w", err)
		}
		body := in.Title
		if !in.DueAt.IsZero() {
			body += " (hạn " + locale.DateTime(in.DueAt) + ")"
		}
		if err := s.record(ctx, tx, inc, "task", body, in.Shared, in); err != nil {
			return err
		}
		return s.tell(ctx, tx, notify.Message{Kind: "incident.task", OrgID: inc.OrgID, To: without([]string{in.OwnerID}, personOf(ctx)),
			Link: "/incidents/" + id, Subject: locale.Tf("[%s] Công việc mới: %s", "[%s] New task: %s", inc.Ref, in.Title),
			Body: locale.Tf("Anh/chị được giao công việc “%s” trong xử lý sự cố “%s”.", "You were given the task “%s” in incident “%s”.", in.Title, inc.Title)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// checkTaskOwner accepts an active person of the task's organisation
// subtree or a coordinator of the incident.
func (s *Service) checkTaskOwner(ctx context.Context, q db.Querier, inc *Incident, orgID, personID string) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM people p JOIN organisations po ON po.id = p.org_id JOIN organisations t ON t.id = $1
		WHERE p.id = $2 AND p.status = 'active' AND po.path LIKE t.path || '%'`, orgID, personID).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if ok, err := isCoordinator(ctx, q, inc.ID, personID); err != nil || ok {
		return err
	}
	return errs.New(errs.Invalid, locale.T("Người thực hiện phải thuộc đơn vị giao việc hoặc là điều phối viên.", "The task owner must belong to the organisation or be a coordinator."))
}

// CompleteTask marks a task done: its owner, a manager, or the invited
// party the task belongs to.
func (s *Service) CompleteTask(ctx context.Context, id, taskID string) (*Incident, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, v, err := s.act(ctx, tx, id, needContribute)
		if err != nil {
			return err
		}
		var title, owner, org string
		var done int64
		err = tx.QueryRowContext(ctx, `SELECT title, owner_id, org_id, done_at FROM incident_tasks WHERE id = $1 AND incident_id = $2`, taskID, id).
			Scan(&title, &owner, &org, &done)
		if err == sql.ErrNoRows {
			return errs.New(errs.NotFound, locale.T("Không tìm thấy công việc.", "Task not found."))
		}
		if err != nil {
			return err
		}
		if !v.Manage && owner != personOf(ctx) && !(v.Guest && org == orgOf(ctx)) {
			return errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		if done != 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE incident_tasks SET done_at = $1, done_by = $2 WHERE id = $3`, db.Millis(s.now()), personOf(ctx), taskID); err != nil {
			return err
		}
		return s.record(ctx, tx, inc, "task_done", title, true, map[string]string{"task": taskID})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// StartResponse moves a triaged incident to "responding".
func (s *Service) StartResponse(ctx context.Context, id string) (*Incident, error) {
	return s.transition(ctx, id, []Status{StatusTriaged, StatusResolved}, StatusResponding, "respond", "")
}

// Reject ends a report that is not an incident, with the reason.
func (s *Service) Reject(ctx context.Context, id, reason string) (*Incident, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, errs.New(errs.Invalid, locale.T("Hãy ghi lý do không phải sự cố.", "Give the reason it is not an incident."))
	}
	return s.transition(ctx, id, []Status{StatusReported, StatusTriaged}, StatusRejected, "reject", reason)
}

var msgWrongStatus = locale.T("Không thể thực hiện ở trạng thái hiện tại của sự cố.", "This cannot be done in the incident's current status.")

func (s *Service) transition(ctx context.Context, id string, from []Status, to Status, kind, note string) (*Incident, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needManage)
		if err != nil {
			return err
		}
		if !slices.Contains(from, inc.Status) {
			return errs.New(errs.Conflict, msgWrongStatus)
		}
		now := db.Millis(s.now())
		q := `UPDATE incidents SET status = $1, updated_at = $2 WHERE id = $3`
		if to == StatusRejected {
			q = `UPDATE incidents SET status = $1, updated_at = $2, closed_at = $2, acknowledged_at = CASE WHEN acknowledged_at = 0 THEN $2 ELSE acknowledged_at END WHERE id = $3`
		}
		if _, err := tx.ExecContext(ctx, q, to, now, id); err != nil {
			return err
		}
		body := to.Label().VI
		if note != "" {
			body += ": " + note
		}
		return s.record(ctx, tx, inc, kind, body, true, map[string]string{"from": string(inc.Status), "to": string(to), "note": note})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}
