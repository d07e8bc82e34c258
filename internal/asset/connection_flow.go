package asset

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/principal"
)

// RegisterConnection records an agency's request to connect a system to
// the data integration centre; the datacenter role is told.
func (s *Service) RegisterConnection(ctx context.Context, in ConnectionInput) (*Connection, error) {
	if err := checkConnection(&in); err != nil {
		return nil, err
	}
	id := db.NewID()
	var out *Connection
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.dir.Authorize(ctx, directory.PermAssetManage, in.OrgID); err != nil {
			return err
		}
		if err := s.checkConnAsset(ctx, tx, in); err != nil {
			return err
		}
		now, me := db.Millis(s.now()), principal.From(ctx).PersonID
		_, err := tx.ExecContext(ctx, `INSERT INTO dc_connections (id, org_id, asset_id, name, purpose, endpoints, data_exchanged, responsible,
			responsible_contact, policy_ack_by, policy_ack_at, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$10,$11,$11)`,
			id, in.OrgID, in.AssetID, in.Name, in.Purpose, strings.Join(in.Endpoints, "\n"), in.DataExchanged, in.Responsible, in.ResponsibleContact, me, now)
		if err != nil {
			return err
		}
		if out, err = s.connectionFor(ctx, tx, id, true); err != nil {
			return err
		}
		if err := s.trail.Append(ctx, tx, audit.Event{Action: "connection.register", OrgID: in.OrgID, TargetType: "dc_connection", TargetID: id, After: in}); err != nil {
			return err
		}
		return s.tellReviewers(ctx, tx, out, locale.Tf("Đề nghị kết nối Trung tâm tích hợp dữ liệu: %s", "Request to connect to the data integration centre: %s", out.Name))
	})
	return out, err
}

// checkConnAsset refuses a linked asset of another organisation.
func (s *Service) checkConnAsset(ctx context.Context, tx *sql.Tx, in ConnectionInput) error {
	if in.AssetID == "" {
		return nil
	}
	var org string
	if err := tx.QueryRowContext(ctx, `SELECT org_id FROM assets WHERE id = $1`, in.AssetID).Scan(&org); err != nil || org != in.OrgID {
		return errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	return nil
}

// UpdateConnection changes a request the agency was asked to change, or an
// expired or rejected one; it goes back to review.
func (s *Service) UpdateConnection(ctx context.Context, id string, in ConnectionInput) (*Connection, error) {
	if err := checkConnection(&in); err != nil {
		return nil, err
	}
	var out *Connection
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.connectionFor(ctx, tx, id, true)
		if err != nil {
			return err
		}
		in.OrgID = before.OrgID
		if err := s.checkConnAsset(ctx, tx, in); err != nil {
			return err
		}
		now, me := db.Millis(s.now()), principal.From(ctx).PersonID
		_, err = tx.ExecContext(ctx, `UPDATE dc_connections SET asset_id=$1, name=$2, purpose=$3, endpoints=$4, data_exchanged=$5, responsible=$6,
			responsible_contact=$7, policy_ack_by=$8, policy_ack_at=$9, status='pending', updated_at=$9 WHERE id=$10`,
			in.AssetID, in.Name, in.Purpose, strings.Join(in.Endpoints, "\n"), in.DataExchanged, in.Responsible, in.ResponsibleContact, me, now, id)
		if err != nil {
			return err
		}
		if out, err = s.connectionFor(ctx, tx, id, true); err != nil {
			return err
		}
		if err := s.trail.Append(ctx, tx, audit.Event{Action: "connection.update", OrgID: before.OrgID, TargetType: "dc_connection", TargetID: id, Before: before, After: in}); err != nil {
			return err
		}
		return s.tellReviewers(ctx, tx, out, locale.Tf("Hồ sơ kết nối được cập nhật: %s", "Connection request updated: %s", out.Name))
	})
	return out, err
}

// Decision is the datacenter role's answer to a connection request.
type Decision struct {
	// Action is approve, reject or changes (ask for changes).
	Action string `json:"action"`
	Note   string `json:"note"`
}

// DecideConnection approves (for a year), rejects or asks for changes to a
// pending connection; the agency is told.
func (s *Service) DecideConnection(ctx context.Context, id string, d Decision) (*Connection, error) {
	d.Note = strings.TrimSpace(d.Note)
	status := map[string]ConnStatus{"approve": ConnApproved, "reject": ConnRejected, "changes": ConnChanges}[d.Action]
	if status == "" || utf8.RuneCountInString(d.Note) > 2000 || (status != ConnApproved && d.Note == "") {
		return nil, errs.New(errs.Invalid, locale.T("Chọn phê duyệt, từ chối hoặc yêu cầu chỉnh sửa; từ chối và yêu cầu chỉnh sửa cần nêu lý do.",
			"Choose approve, reject or changes; a rejection or a request for changes needs a reason."))
	}
	var out *Connection
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.connectionFor(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if err := s.dir.Authorize(ctx, directory.PermConnectionReview, c.OrgID); err != nil {
			return err
		}
		if c.Status != ConnPending {
			return errs.New(errs.Conflict, locale.T("Chỉ thẩm định được hồ sơ đang chờ.", "Only a pending request can be decided."))
		}
		now := s.now()
		var expires int64
		if status == ConnApproved {
			expires = db.Millis(now.Add(ConnectionValidity))
		}
		_, err = tx.ExecContext(ctx, `UPDATE dc_connections SET status=$1, decision_note=$2, decided_by=$3, decided_at=$4, expires_at=$5, reminded_at=0, updated_at=$4 WHERE id=$6`,
			status, d.Note, principal.From(ctx).PersonID, db.Millis(now), expires, id)
		if err != nil {
			return err
		}
		if out, err = s.connectionFor(ctx, tx, id, false); err != nil {
			return err
		}
		if err := s.trail.Append(ctx, tx, audit.Event{Action: "connection." + d.Action, OrgID: c.OrgID, TargetType: "dc_connection", TargetID: id, After: d}); err != nil {
			return err
		}
		subject := locale.T(fmt.Sprintf("Kết nối Trung tâm tích hợp dữ liệu “%s”: %s", out.Name, status.Label().VI),
			fmt.Sprintf("Data integration centre connection “%s”: %s", out.Name, status.Label().EN))
		return s.tellAgency(ctx, tx, out, "connection.decided", subject, d.Note)
	})
	return out, err
}

// ReviewConnections reminds the agency and the centre 30 days before an
// approval expires, and marks expired approvals for review again.
func (s *Service) ReviewConnections(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		soon := db.Millis(now.Add(30 * 24 * time.Hour))
		list, err := s.connectionsWhere(ctx, tx, `c.status = 'approved' AND c.expires_at < $1 AND (c.reminded_at = 0 OR c.expires_at < $2)`, soon, db.Millis(now))
		if err != nil {
			return err
		}
		for i := range list {
			c := &list[i]
			expired := !c.ExpiresAt.After(now)
			if expired {
				if _, err := tx.ExecContext(ctx, `UPDATE dc_connections SET status='expired', updated_at=$1 WHERE id=$2`, db.Millis(now), c.ID); err != nil {
					return err
				}
				if err := s.trail.Append(ctx, tx, audit.Event{Action: "connection.expire", OrgID: c.OrgID, TargetType: "dc_connection", TargetID: c.ID, ActorLogin: "attt"}); err != nil {
					return err
				}
			} else if _, err := tx.ExecContext(ctx, `UPDATE dc_connections SET reminded_at=$1 WHERE id=$2`, db.Millis(now), c.ID); err != nil {
				return err
			}
			subject := locale.Tf("Kết nối “%s” hết hạn phê duyệt ngày %s: cần thẩm định lại", "Connection “%s” approval expires on %s: review it again",
				c.Name, locale.Date(c.ExpiresAt))
			if err := s.tellAgency(ctx, tx, c, "connection.review_due", subject, ""); err != nil {
				return err
			}
			if err := s.tellReviewers(ctx, tx, c, subject); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

func (s *Service) connectionsWhere(ctx context.Context, tx *sql.Tx, cond string, args ...any) ([]Connection, error) {
	return queryAll(ctx, tx, connSelect+` WHERE `+cond, args, scanConnection)
}

// tellReviewers notifies everyone holding the datacenter role over the
// connection's agency.
func (s *Service) tellReviewers(ctx context.Context, tx *sql.Tx, c *Connection, subject locale.Text) error {
	if s.notify == nil {
		return nil
	}
	to, err := directory.HoldersOver(ctx, tx, c.OrgID, principal.Datacenter)
	if err != nil {
		return err
	}
	return s.notify.SendTx(ctx, tx, notify.Message{Kind: "connection.review", OrgID: c.OrgID, To: to, Link: "/connections/" + c.ID, Subject: subject,
		Body: locale.Tf("%s — %s. Mục đích: %s", "%s — %s. Purpose: %s", c.OrgName, c.Name, c.Purpose)})
}

// tellAgency notifies the agency's designated officer and the person who
// registered the connection.
func (s *Service) tellAgency(ctx context.Context, tx *sql.Tx, c *Connection, kind string, subject locale.Text, note string) error {
	if s.notify == nil {
		return nil
	}
	var officer, creator string
	if err := tx.QueryRowContext(ctx, `SELECT o.officer_id, c.created_by FROM dc_connections c JOIN organisations o ON o.id = c.org_id WHERE c.id = $1`, c.ID).
		Scan(&officer, &creator); err != nil {
		return err
	}
	body := locale.T(c.Name, c.Name)
	if note != "" {
		body = locale.T(c.Name+" — "+note, c.Name+" — "+note)
	}
	return s.notify.SendTx(ctx, tx, notify.Message{Kind: kind, OrgID: c.OrgID, To: []string{officer, creator}, Link: "/connections/" + c.ID,
		Subject: subject, Body: body})
}
