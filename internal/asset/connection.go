package asset

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// ConnStatus is where a data integration centre connection stands.
type ConnStatus string

// The statuses of a connection.
const (
	ConnPending  ConnStatus = "pending"
	ConnApproved ConnStatus = "approved"
	ConnRejected ConnStatus = "rejected"
	ConnChanges  ConnStatus = "changes_requested"
	ConnExpired  ConnStatus = "expired"
)

// Label names s for people.
func (s ConnStatus) Label() locale.Text {
	switch s {
	case ConnPending:
		return locale.T("Chờ thẩm định", "Awaiting review")
	case ConnApproved:
		return locale.T("Đã phê duyệt", "Approved")
	case ConnRejected:
		return locale.T("Từ chối", "Rejected")
	case ConnChanges:
		return locale.T("Yêu cầu bổ sung, chỉnh sửa", "Changes requested")
	case ConnExpired:
		return locale.T("Hết hạn, cần thẩm định lại", "Expired, to be reviewed again")
	}
	return locale.T(string(s), string(s))
}

// ConnectionValidity is how long an approval lasts before the connection
// comes back for review.
const ConnectionValidity = 365 * 24 * time.Hour

// Connection is an agency system connected to the provincial data
// integration centre (Đ9).
type Connection struct {
	ID                 string     `json:"id"`
	OrgID              string     `json:"org_id"`
	OrgName            string     `json:"org_name"`
	AssetID            string     `json:"asset_id,omitempty"`
	Name               string     `json:"name"`
	Purpose            string     `json:"purpose"`
	Endpoints          []string   `json:"endpoints"`
	DataExchanged      string     `json:"data_exchanged"`
	Responsible        string     `json:"responsible"`
	ResponsibleContact string     `json:"responsible_contact"`
	PolicyAckBy        string     `json:"policy_ack_by"`
	PolicyAckAt        time.Time  `json:"policy_ack_at,omitzero"`
	Status             ConnStatus `json:"status"`
	DecisionNote       string     `json:"decision_note,omitempty"`
	DecidedBy          string     `json:"decided_by,omitempty"`
	DecidedAt          time.Time  `json:"decided_at,omitzero"`
	ExpiresAt          time.Time  `json:"expires_at,omitzero"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
}

// ConnectionInput is what an agency registers.
type ConnectionInput struct {
	OrgID              string   `json:"org"`
	AssetID            string   `json:"asset_id"`
	Name               string   `json:"name"`
	Purpose            string   `json:"purpose"`
	Endpoints          []string `json:"endpoints"`
	DataExchanged      string   `json:"data_exchanged"`
	Responsible        string   `json:"responsible"`
	ResponsibleContact string   `json:"responsible_contact"`
	// PolicyAck acknowledges the centre's security policy for connections
	// (Đ9.2); a registration without it is refused.
	PolicyAck bool `json:"policy_ack"`
}

func checkConnection(in *ConnectionInput) error {
	var problems []locale.Text
	for _, f := range []*string{&in.Name, &in.Purpose, &in.DataExchanged, &in.Responsible, &in.ResponsibleContact} {
		*f = strings.TrimSpace(*f)
	}
	in.Endpoints = sortedSet(in.Endpoints)
	if in.Name == "" || in.Purpose == "" || in.Responsible == "" || in.DataExchanged == "" || len(in.Endpoints) == 0 {
		problems = append(problems, locale.T("Cần tên hệ thống, mục đích, điểm kết nối, dữ liệu trao đổi và người chịu trách nhiệm.",
			"The system's name, purpose, endpoints, data exchanged and responsible person are required."))
	}
	if utf8.RuneCountInString(in.Name) > 200 || utf8.RuneCountInString(in.Purpose) > 2000 || utf8.RuneCountInString(in.DataExchanged) > 2000 ||
		utf8.RuneCountInString(in.Responsible) > 200 || utf8.RuneCountInString(in.ResponsibleContact) > 200 || len(in.Endpoints) > 50 {
		problems = append(problems, locale.T("Nội dung quá dài.", "Some text is too long."))
	}
	for _, e := range in.Endpoints {
		if utf8.RuneCountInString(e) > 300 {
			problems = append(problems, locale.T("Mỗi điểm kết nối tối đa 300 ký tự.", "Each endpoint has at most 300 characters."))
			break
		}
	}
	if !in.PolicyAck {
		problems = append(problems, locale.T("Đơn vị phải xác nhận tuân thủ chính sách an toàn thông tin khi kết nối vào Trung tâm tích hợp dữ liệu (Điều 9).",
			"The agency must acknowledge the centre's security policy for connections (Article 9)."))
	}
	if len(problems) > 0 {
		return errs.New(errs.Invalid, locale.T("Hồ sơ kết nối chưa hợp lệ.", "The connection request is not valid."), problems...)
	}
	return nil
}

const connSelect = `SELECT c.id, c.org_id, o.name, c.asset_id, c.name, c.purpose, c.endpoints, c.data_exchanged, c.responsible, c.responsible_contact,
	c.policy_ack_by, c.policy_ack_at, c.status, c.decision_note, c.decided_by, c.decided_at, c.expires_at, c.created_at, c.updated_at
	FROM dc_connections c JOIN organisations o ON o.id = c.org_id`

func scanConnection(sc scanner) (*Connection, error) {
	var c Connection
	var endpoints string
	var ack, decided, expires, created, updated int64
	err := sc.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.AssetID, &c.Name, &c.Purpose, &endpoints, &c.DataExchanged, &c.Responsible, &c.ResponsibleContact,
		&c.PolicyAckBy, &ack, &c.Status, &c.DecisionNote, &c.DecidedBy, &decided, &expires, &created, &updated)
	if err != nil {
		return nil, err
	}
	c.Endpoints = lines(endpoints)
	c.PolicyAckAt, c.DecidedAt, c.ExpiresAt, c.CreatedAt, c.UpdatedAt = db.Time(ack), db.Time(decided), db.Time(expires), db.Time(created), db.Time(updated)
	return &c, nil
}

// connectionFor loads a connection the principal may read (the agency's
// asset readers, or a reviewer); unknown ids answer Forbidden.
func (s *Service) connectionFor(ctx context.Context, q db.Querier, id string, manage bool) (*Connection, error) {
	c, err := scanConnection(q.QueryRowContext(ctx, connSelect+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if err != nil {
		return nil, err
	}
	if manage {
		return c, s.dir.Authorize(ctx, directory.PermAssetManage, c.OrgID)
	}
	if s.dir.Authorize(ctx, directory.PermConnectionReview, c.OrgID) == nil {
		return c, nil
	}
	return c, s.dir.Authorize(ctx, directory.PermAssetRead, c.OrgID)
}

// GetConnection returns one connection.
func (s *Service) GetConnection(ctx context.Context, id string) (*Connection, error) {
	return s.connectionFor(ctx, s.db.R, id, false)
}

// ListConnections returns the connections the principal reads (as the
// agency) or reviews (as the data centre); status "" lists all.
func (s *Service) ListConnections(ctx context.Context, orgID string, status ConnStatus) ([]Connection, error) {
	q := db.NewQuery(connSelect)
	read, _, err := s.dir.Scope(ctx, directory.PermAssetRead)
	if err != nil {
		return nil, err
	}
	review, all, err := s.dir.Scope(ctx, directory.PermConnectionReview)
	if err != nil {
		return nil, err
	}
	if !all {
		paths := append(read, review...)
		if len(paths) == 0 {
			return []Connection{}, nil
		}
		q.Where(q.AnyPrefix("o.path", paths))
	}
	if orgID != "" {
		if ok, err := s.dir.RestrictUnder(ctx, q, "c.org_id", orgID); !ok || err != nil {
			return []Connection{}, err
		}
	}
	if status != "" {
		q.Where("c.status = " + q.Arg(string(status)))
	}
	return queryAll(ctx, s.db.R, q.SQL()+` ORDER BY c.updated_at DESC LIMIT 2000`, q.Args, scanConnection)
}
