package directory

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// OrgType classifies an organisation; the tree's shape is data, so these are
// labels, not levels.
type OrgType string

// The organisation types of SPEC §1.
const (
	TypeProvince   OrgType = "province"
	TypeDepartment OrgType = "department"
	TypeCommune    OrgType = "commune"
	TypeUnit       OrgType = "unit"
	TypePolice     OrgType = "police"
	TypeDatacenter OrgType = "datacenter"
	TypeProvider   OrgType = "provider"
	TypeOther      OrgType = "other"
)

// OrgTypes lists every type in display order.
func OrgTypes() []OrgType {
	return []OrgType{TypeProvince, TypeDepartment, TypeCommune, TypeUnit, TypePolice, TypeDatacenter, TypeProvider, TypeOther}
}

// Label names the type for people.
func (t OrgType) Label() locale.Text {
	switch t {
	case TypeProvince:
		return locale.T("Tỉnh", "Province")
	case TypeDepartment:
		return locale.T("Sở, ban, ngành", "Department")
	case TypeCommune:
		return locale.T("Xã, phường", "Commune / ward")
	case TypeUnit:
		return locale.T("Đơn vị sự nghiệp", "Public service unit")
	case TypePolice:
		return locale.T("Công an", "Police")
	case TypeDatacenter:
		return locale.T("Trung tâm tích hợp dữ liệu", "Data integration centre")
	case TypeProvider:
		return locale.T("Doanh nghiệp cung cấp dịch vụ", "Service provider")
	}
	return locale.T("Khác", "Other")
}

func (t OrgType) valid() bool {
	for _, v := range OrgTypes() {
		if v == t {
			return true
		}
	}
	return false
}

// Org is an organisation: an agency or a part of one.
type Org struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Type      OrgType   `json:"type"`
	ParentID  string    `json:"parent_id,omitempty"`
	Path      string    `json:"-"`
	Email     string    `json:"email"`
	Phone     string    `json:"phone"`
	Address   string    `json:"address"`
	Active    bool      `json:"active"`
	OfficerID string    `json:"officer_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Depth is 0 for the root.
	Depth int `json:"depth"`
}

// OrgInput is what a person fills in to create or edit an organisation.
type OrgInput struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Type     OrgType `json:"type"`
	ParentID string  `json:"parent_id"`
	Email    string  `json:"email"`
	Phone    string  `json:"phone"`
	Address  string  `json:"address"`
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

var (
	msgOrgNotFound  = locale.T("Không tìm thấy đơn vị.", "Organisation not found.")
	msgOrgCodeTaken = locale.T("Mã đơn vị đã được dùng.", "This organisation code is already used.")
)

func (in *OrgInput) check() error {
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	var problems []locale.Text
	if !codePattern.MatchString(in.Code) {
		problems = append(problems, locale.T("Mã đơn vị gồm 1–64 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.",
			"The code has 1–64 letters without diacritics, digits, dots, hyphens or underscores."))
	}
	if in.Name == "" || len([]rune(in.Name)) > 300 {
		problems = append(problems, locale.T("Tên đơn vị không được để trống (tối đa 300 ký tự).", "The name is required (at most 300 characters)."))
	}
	if !in.Type.valid() {
		problems = append(problems, locale.Tf("Loại đơn vị “%s” không hợp lệ.", "Unknown organisation type “%s”.", in.Type))
	}
	if len(problems) > 0 {
		return errs.New(errs.Invalid, locale.T("Thông tin đơn vị chưa hợp lệ.", "The organisation details are not valid."), problems...)
	}
	return nil
}

// CreateOrg adds an organisation under in.ParentID. The first organisation
// (the root, the province) can only be created by attt itself at setup.
func (s *Service) CreateOrg(ctx context.Context, in OrgInput) (*Org, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var org *Org
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		org, err = s.createOrg(ctx, tx, in)
		return err
	})
	return org, err
}

func (s *Service) createOrg(ctx context.Context, tx *sql.Tx, in OrgInput) (*Org, error) {
	parentPath := "/"
	if in.ParentID == "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations`).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 || !principal.From(ctx).HasRole(principal.Admin) {
			return nil, errs.New(errs.Invalid, locale.T("Hãy chọn đơn vị cấp trên.", "Choose the parent organisation."))
		}
	} else {
		if err := s.authorize(ctx, tx, PermOrgManage, in.ParentID); err != nil {
			return nil, err
		}
		var err error
		if parentPath, err = orgPath(ctx, tx, in.ParentID); err != nil {
			return nil, err
		}
	}
	now := s.now().UTC()
	org := &Org{ID: db.NewID(), Code: in.Code, Name: in.Name, Type: in.Type, ParentID: in.ParentID, Email: in.Email,
		Phone: in.Phone, Address: in.Address, Active: true, CreatedAt: now, UpdatedAt: now}
	org.Path = parentPath + org.ID + "/"
	org.Depth = strings.Count(org.Path, "/") - 2
	_, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, code, name, type, parent_id, path, email, phone, address, active, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,TRUE,$10,$10)`,
		org.ID, org.Code, org.Name, string(org.Type), nullable(org.ParentID), org.Path, org.Email, org.Phone, org.Address, db.Millis(now))
	if db.IsUniqueViolation(err) {
		return nil, errs.New(errs.Conflict, msgOrgCodeTaken)
	}
	if err != nil {
		return nil, err
	}
	return org, s.trail.Append(ctx, tx, audit.Event{Action: "org.create", OrgID: org.ID, TargetType: "org", TargetID: org.ID, After: org})
}

// UpdateOrg changes an organisation's code, name, type and contacts.
func (s *Service) UpdateOrg(ctx context.Context, id string, in OrgInput) (*Org, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var after *Org
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.authorize(ctx, tx, PermOrgManage, id); err != nil {
			return err
		}
		before, err := getOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE organisations SET code=$1, name=$2, type=$3, email=$4, phone=$5, address=$6, updated_at=$7 WHERE id=$8`,
			in.Code, in.Name, string(in.Type), in.Email, in.Phone, in.Address, db.Millis(s.now()), id)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, msgOrgCodeTaken)
		}
		if err != nil {
			return err
		}
		if after, err = getOrg(ctx, tx, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "org.update", OrgID: id, TargetType: "org", TargetID: id, Before: before, After: after})
	})
	return after, err
}

// MoveOrg puts an organisation and its whole subtree under a new parent. The
// principal must manage both the organisation and the new parent.
func (s *Service) MoveOrg(ctx context.Context, id, newParentID string) (*Org, error) {
	var after *Org
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.authorize(ctx, tx, PermOrgManage, id); err != nil {
			return err
		}
		if err := s.authorize(ctx, tx, PermOrgManage, newParentID); err != nil {
			return err
		}
		before, err := getOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.ParentID == "" {
			return errs.New(errs.Invalid, locale.T("Không thể chuyển đơn vị gốc.", "The root organisation cannot be moved."))
		}
		parentPath, err := orgPath(ctx, tx, newParentID)
		if err != nil {
			return err
		}
		if strings.HasPrefix(parentPath, before.Path) {
			return errs.New(errs.Invalid, locale.T("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
				"An organisation cannot be moved under itself or one of its own units."))
		}
		newPath := parentPath + id + "/"
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET path = $1 || SUBSTR(path, $2) WHERE path LIKE $3`,
			newPath, len(before.Path)+1, before.Path+"%"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET parent_id = $1, updated_at = $2 WHERE id = $3`, newParentID, db.Millis(s.now()), id); err != nil {
			return err
		}
		if after, err = getOrg(ctx, tx, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "org.move", OrgID: id, TargetType: "org", TargetID: id,
			Before: map[string]string{"parent_id": before.ParentID}, After: map[string]string{"parent_id": newParentID}})
	})
	return after, err
}

// SetOrgActive deactivates or reactivates an organisation. An organisation
// with active units or active people cannot be deactivated: move or offboard
// them first, so nobody is left in an agency that no longer exists.
func (s *Service) SetOrgActive(ctx context.Context, id string, active bool) (*Org, error) {
	var after *Org
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.authorize(ctx, tx, PermOrgManage, id); err != nil {
			return err
		}
		before, err := getOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		if !active {
			var units, people int
			if err := tx.QueryRowContext(ctx, `SELECT
				(SELECT COUNT(*) FROM organisations WHERE parent_id = $1 AND active),
				(SELECT COUNT(*) FROM people WHERE org_id = $1 AND status IN ('pending','active','suspended'))`, id).Scan(&units, &people); err != nil {
				return err
			}
			if units > 0 || people > 0 {
				return errs.New(errs.Conflict, locale.Tf("Đơn vị còn %d đơn vị trực thuộc và %d người đang hoạt động; hãy chuyển hoặc cho nghỉ trước khi ngừng hoạt động.",
					"The organisation still has %d active units and %d active people; move or offboard them first.", units, people))
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET active = $1, updated_at = $2 WHERE id = $3`, active, db.Millis(s.now()), id); err != nil {
			return err
		}
		if after, err = getOrg(ctx, tx, id); err != nil {
			return err
		}
		action := "org.deactivate"
		if active {
			action = "org.activate"
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: action, OrgID: id, TargetType: "org", TargetID: id, Before: before, After: after})
	})
	return after, err
}

// GetOrg returns one organisation the principal may read.
func (s *Service) GetOrg(ctx context.Context, id string) (*Org, error) {
	if err := s.Authorize(ctx, PermOrgRead, id); err != nil {
		return nil, err
	}
	return getOrg(ctx, s.db.R, id)
}

// GetOrgByCode returns the organisation with code, if the principal may read it.
func (s *Service) GetOrgByCode(ctx context.Context, code string) (*Org, error) {
	var id string
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM organisations WHERE code = $1`, code).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, errs.New(errs.NotFound, msgOrgNotFound)
	}
	if err != nil {
		return nil, err
	}
	return s.GetOrg(ctx, id)
}

// Root returns the root organisation (the province), NotFound before setup.
// It needs no principal: the root's name is shown on the sign-in page.
func (s *Service) Root(ctx context.Context) (*Org, error) {
	var id string
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM organisations WHERE parent_id IS NULL ORDER BY created_at LIMIT 1`).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, errs.New(errs.NotFound, msgOrgNotFound)
	}
	if err != nil {
		return nil, err
	}
	return getOrg(ctx, s.db.R, id)
}

// OrgFilter narrows ListOrgs.
type OrgFilter struct {
	Under          string // subtree root id
	Text           string // in code or name
	IncludeRetired bool
	// Limit and Offset page the list; Limit 0 means the whole tree.
	Limit, Offset int
}

// ListOrgs returns the organisations the principal may read, in tree order.
func (s *Service) ListOrgs(ctx context.Context, f OrgFilter) ([]Org, error) {
	q, ok, err := s.orgsQuery(ctx, orgColumns+` FROM organisations o`, f)
	if !ok || err != nil {
		return nil, err
	}
	page := ""
	if f.Limit > 0 {
		page = " LIMIT " + itoa(f.Limit) + " OFFSET " + itoa(max(f.Offset, 0))
	}
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+" ORDER BY o.path"+page, q.Args...)
	if err != nil {
		return nil, err
	}
	return collectOrgs(rows)
}

// CountOrgs counts what ListOrgs would list for f, without paging.
func (s *Service) CountOrgs(ctx context.Context, f OrgFilter) (int, error) {
	q, ok, err := s.orgsQuery(ctx, `SELECT COUNT(*) FROM organisations o`, f)
	if !ok || err != nil {
		return 0, err
	}
	var n int
	err = s.db.R.QueryRowContext(ctx, q.SQL(), q.Args...).Scan(&n)
	return n, err
}

// orgsQuery builds the scoped, filtered query of ListOrgs and CountOrgs;
// ok is false when nothing can match.
func (s *Service) orgsQuery(ctx context.Context, base string, f OrgFilter) (*db.Query, bool, error) {
	q := db.NewQuery(base)
	if err := s.scopePaths(ctx, q, PermOrgRead, "o.path"); err != nil {
		return nil, false, err
	}
	if f.Under != "" {
		if ok, err := s.RestrictUnder(ctx, q, "o.id", f.Under); !ok || err != nil {
			return nil, false, err
		}
	}
	if !f.IncludeRetired {
		q.Where("o.active")
	}
	if f.Text != "" {
		x := q.Arg("%" + strings.ToLower(f.Text) + "%")
		q.Where("(LOWER(o.code) LIKE " + x + " OR LOWER(o.name) LIKE " + x + ")")
	}
	return q, true, nil
}

const orgColumns = `SELECT o.id, o.code, o.name, o.type, COALESCE(o.parent_id, ''), o.path, o.email, o.phone, o.address, o.active, o.officer_id, o.created_at, o.updated_at`

func scanOrg(sc interface{ Scan(...any) error }) (*Org, error) {
	var o Org
	var created, updated int64
	var typ string
	if err := sc.Scan(&o.ID, &o.Code, &o.Name, &typ, &o.ParentID, &o.Path, &o.Email, &o.Phone, &o.Address, &o.Active, &o.OfficerID, &created, &updated); err != nil {
		return nil, err
	}
	o.Type, o.CreatedAt, o.UpdatedAt = OrgType(typ), db.Time(created), db.Time(updated)
	o.Depth = strings.Count(o.Path, "/") - 2
	return &o, nil
}

func collectOrgs(rows *sql.Rows) ([]Org, error) {
	defer rows.Close()
	var out []Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *o)
	}
	return out, rows.Err()
}

func getOrg(ctx context.Context, q db.Querier, id string) (*Org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, orgColumns+` FROM organisations o WHERE o.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, errs.New(errs.NotFound, msgOrgNotFound)
	}
	return o, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
