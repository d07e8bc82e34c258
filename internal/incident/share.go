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

// Share invites an outside organisation — VNCERT/CC, the police, the
// network provider — to the incident (Đ12.5, Đ13, Đ14.3). Its police,
// provider, officer and head people then see the summary, the shared
// timeline entries and files, and can add findings and tasks. Audited.
func (s *Service) Share(ctx context.Context, id, orgID, note string) (*Incident, error) {
	note = strings.TrimSpace(note)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needManage)
		if err != nil {
			return err
		}
		var name, path, incPath string
		err = tx.QueryRowContext(ctx, `SELECT o.name, o.path, io.path FROM organisations o JOIN organisations io ON io.id = $2 WHERE o.id = $1 AND o.active`, orgID, inc.OrgID).
			Scan(&name, &path, &incPath)
		if err == sql.ErrNoRows {
			return errs.New(errs.Invalid, locale.T("Đơn vị được mời không tồn tại.", "The invited organisation does not exist."))
		}
		if err != nil {
			return err
		}
		if strings.HasPrefix(path, incPath) {
			return errs.New(errs.Invalid, locale.T("Đơn vị này đã thuộc đơn vị có sự cố; không cần mời.", "This organisation already belongs to the incident's agency."))
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM incident_shares WHERE incident_id = $1 AND org_id = $2 AND ended_at = 0`, id, orgID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errs.New(errs.Conflict, locale.T("Đơn vị này đã được mời.", "This organisation is already invited."))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO incident_shares (id, incident_id, org_id, note, invited_by, invited_at) VALUES ($1,$2,$3,$4,$5,$6)`,
			db.NewID(), id, orgID, note, personOf(ctx), db.Millis(s.now()))
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, inc, "share", name, false, map[string]string{"org": orgID, "note": note}); err != nil {
			return err
		}
		to, err := directory.NearestHolders(ctx, tx, orgID, directory.RolesFor(directory.PermIncidentGuest)...)
		if err != nil {
			return err
		}
		return s.tell(ctx, tx, notify.Message{Kind: "incident.shared", OrgID: orgID, To: without(to, personOf(ctx)), Link: "/incidents/" + id,
			Subject: locale.Tf("[%s] Đề nghị phối hợp xử lý sự cố", "[%s] Request to help with an incident", inc.Ref),
			Body:    locale.Tf("%s mời đơn vị anh/chị phối hợp xử lý sự cố “%s”. %s", "%s invites your organisation to help with incident “%s”. %s", inc.OrgName, inc.Title, note)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// Unshare ends an invitation; the organisation no longer sees the
// incident. Audited.
func (s *Service) Unshare(ctx context.Context, id, shareID string) (*Incident, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needManage)
		if err != nil {
			return err
		}
		var name string
		err = tx.QueryRowContext(ctx, `SELECT o.name FROM incident_shares s JOIN organisations o ON o.id = s.org_id
			WHERE s.id = $1 AND s.incident_id = $2 AND s.ended_at = 0`, shareID, id).Scan(&name)
		if err == sql.ErrNoRows {
			return errs.New(errs.NotFound, locale.T("Không tìm thấy lời mời.", "Invitation not found."))
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE incident_shares SET ended_at = $1, ended_by = $2 WHERE id = $3`, db.Millis(s.now()), personOf(ctx), shareID); err != nil {
			return err
		}
		return s.record(ctx, tx, inc, "unshare", name, false, map[string]string{"share": shareID})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// AssignCoordinator makes a person of the authority's own organisations a
// coordinator of an escalated incident (Đ12.5).
func (s *Service) AssignCoordinator(ctx context.Context, id, personID string) (*Incident, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needCoordinate)
		if err != nil {
			return err
		}
		var name, path string
		err = tx.QueryRowContext(ctx, `SELECT p.full_name, o.path FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.id = $1 AND p.status IN ('active', 'pending')`, personID).
			Scan(&name, &path)
		if err == sql.ErrNoRows {
			return errs.New(errs.Invalid, locale.T("Không tìm thấy người được phân công.", "The person to assign was not found."))
		}
		if err != nil {
			return err
		}
		if !principal.From(ctx).Has(path, directory.RolesFor(directory.PermIncidentCoordinate)...) {
			return errs.New(errs.Invalid, locale.T("Điều phối viên phải thuộc đơn vị trong phạm vi điều phối của anh/chị.", "The coordinator must belong to an organisation you coordinate."))
		}
		if ok, err := isCoordinator(ctx, tx, id, personID); err != nil || ok {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO incident_coordinators (incident_id, person_id, assigned_by, assigned_at) VALUES ($1,$2,$3,$4)`,
			id, personID, personOf(ctx), db.Millis(s.now())); err != nil {
			return err
		}
		if err := s.record(ctx, tx, inc, "coordinator", name, true, map[string]string{"person": personID}); err != nil {
			return err
		}
		return s.tell(ctx, tx, notify.Message{Kind: "incident.coordinator", OrgID: inc.OrgID, To: without([]string{personID}, personOf(ctx)), Link: "/incidents/" + id,
			Subject: locale.Tf("[%s] Anh/chị được phân công điều phối sự cố", "[%s] You coordinate an incident", inc.Ref),
			Body:    locale.Tf("Anh/chị được phân công điều phối xử lý sự cố “%s” của %s.", "You were assigned to coordinate incident “%s” of %s.", inc.Title, inc.OrgName)})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// RemoveCoordinator ends a coordinator's assignment.
func (s *Service) RemoveCoordinator(ctx context.Context, id, personID string) (*Incident, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		inc, _, err := s.act(ctx, tx, id, needCoordinate)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM incident_coordinators WHERE incident_id = $1 AND person_id = $2`, id, personID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, locale.T("Người này không phải điều phối viên của sự cố.", "This person does not coordinate the incident."))
		}
		return s.record(ctx, tx, inc, "coordinator_removed", personID, false, map[string]string{"person": personID})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}
