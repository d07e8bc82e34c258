package directory

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// GrantRecord is a stored role grant, with names for display.
type GrantRecord struct {
	ID        string         `json:"id"`
	PersonID  string         `json:"person_id"`
	OrgID     string         `json:"org_id"`
	OrgName   string         `json:"org_name"`
	Role      principal.Role `json:"role"`
	CreatedAt time.Time      `json:"created_at"`
}

// RoleLabel names a role for people.
func RoleLabel(r principal.Role) locale.Text {
	switch r {
	case principal.Staff:
		return locale.T("Cán bộ, công chức", "Staff")
	case principal.Officer:
		return locale.T("Cán bộ chuyên trách ATTT", "Security officer")
	case principal.Head:
		return locale.T("Thủ trưởng đơn vị", "Head of agency")
	case principal.Authority:
		return locale.T("Cơ quan quản lý ATTT của tỉnh", "Provincial authority")
	case principal.Datacenter:
		return locale.T("Trung tâm tích hợp dữ liệu", "Data integration centre")
	case principal.Police:
		return locale.T("Công an tỉnh", "Provincial police")
	case principal.Provider:
		return locale.T("Doanh nghiệp cung cấp dịch vụ", "Service provider")
	case principal.Leader:
		return locale.T("Lãnh đạo UBND tỉnh", "Provincial leadership")
	case principal.Admin:
		return locale.T("Quản trị hệ thống", "System administrator")
	}
	return locale.T(string(r), string(r))
}

// mayGrant reports whether the principal may hand out role: nobody grants a
// role more powerful than the ones they hold themselves.
func mayGrant(p *principal.Principal, role principal.Role) bool {
	switch role {
	case principal.Admin:
		return p.HasRole(principal.Admin)
	case principal.Authority, principal.Leader, principal.Datacenter, principal.Police, principal.Provider:
		return p.HasRole(principal.Admin, principal.Authority)
	}
	return true
}

// Grant gives person the role on the subtree of orgID.
func (s *Service) Grant(ctx context.Context, personID, orgID string, role principal.Role) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.authorize(ctx, tx, PermRolesGrant, orgID); err != nil {
			return err
		}
		if _, err := s.visiblePerson(ctx, tx, personID); err != nil {
			return err
		}
		return s.grantTx(ctx, tx, personID, orgID, role)
	})
}

// grantTx stores a grant; the caller has checked the principal's right on
// orgID (PermRolesGrant, or PermPeopleManage for the staff role of a new
// person).
func (s *Service) grantTx(ctx context.Context, tx *sql.Tx, personID, orgID string, role principal.Role) error {
	if !role.Valid() {
		return errs.New(errs.Invalid, locale.Tf("Vai trò “%s” không tồn tại.", "Unknown role “%s”.", role))
	}
	if !mayGrant(principal.From(ctx), role) {
		return errs.New(errs.Forbidden, locale.T("Bạn không thể cấp vai trò cao hơn vai trò của mình.", "You cannot grant a role above your own."))
	}
	p, err := getPerson(ctx, tx, personID)
	if err != nil {
		return err
	}
	id := db.NewID()
	// ON CONFLICT DO NOTHING rather than catching the unique violation:
	// callers ignore Conflict and carry on in the same transaction, which
	// PostgreSQL aborts after any failed statement.
	res, err := tx.ExecContext(ctx, `INSERT INTO grants (id, person_id, org_id, role, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6)
		ON CONFLICT DO NOTHING`, id, personID, orgID, string(role), principal.From(ctx).PersonID, db.Millis(s.now()))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errs.Wrap(errs.Conflict, locale.T("Người này đã có vai trò đó trên đơn vị này.", "This person already holds that role there."), err)
	}
	return s.trail.Append(ctx, tx, audit.Event{Action: "role.grant", OrgID: orgID, TargetType: "person", TargetID: personID,
		After: map[string]string{"grant_id": id, "role": string(role), "org_id": orgID, "login": p.Login}})
}

// Revoke removes a grant.
func (s *Service) Revoke(ctx context.Context, grantID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var personID, orgID, role string
		err := tx.QueryRowContext(ctx, `SELECT person_id, org_id, role FROM grants WHERE id = $1`, grantID).Scan(&personID, &orgID, &role)
		if err == sql.ErrNoRows {
			return errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		if err != nil {
			return err
		}
		if err := s.authorize(ctx, tx, PermRolesGrant, orgID); err != nil {
			return err
		}
		if !mayGrant(principal.From(ctx), principal.Role(role)) {
			return errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE id = $1`, grantID); err != nil {
			return err
		}
		if role == string(principal.Officer) {
			if _, err := tx.ExecContext(ctx, `UPDATE organisations SET officer_id = '' WHERE id = $1 AND officer_id = $2`, orgID, personID); err != nil {
				return err
			}
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "role.revoke", OrgID: orgID, TargetType: "person", TargetID: personID,
			Before: map[string]string{"grant_id": grantID, "role": role, "org_id": orgID}})
	})
}

// visiblePerson loads a person whose agency the principal reads people of.
// Unknown and out-of-scope people are both Forbidden, so that a grant or a
// designation aimed outside one's subtrees neither succeeds nor tells
// whether the person exists.
func (s *Service) visiblePerson(ctx context.Context, q db.Querier, id string) (*Person, error) {
	return s.personWith(ctx, q, id, PermPeopleRead)
}

// personWith loads a person after checking the principal holds perm on
// their agency; unknown people are Forbidden like out-of-scope ones.
func (s *Service) personWith(ctx context.Context, q db.Querier, id string, perm Perm) (*Person, error) {
	p, err := getPerson(ctx, q, id)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, q, perm, p.OrgID); err != nil {
		return nil, err
	}
	return p, nil
}

// ListGrants returns a person's grants, if the principal may see the person.
func (s *Service) ListGrants(ctx context.Context, personID string) ([]GrantRecord, error) {
	if _, err := s.GetPerson(ctx, personID); err != nil {
		return nil, err
	}
	return listGrants(ctx, s.db.R, personID)
}

func listGrants(ctx context.Context, q db.Querier, personID string) ([]GrantRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.id, g.person_id, g.org_id, o.name, g.role, g.created_at
		FROM grants g JOIN organisations o ON o.id = g.org_id WHERE g.person_id = $1 ORDER BY o.path, g.role`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GrantRecord
	for rows.Next() {
		var g GrantRecord
		var role string
		var created int64
		if err := rows.Scan(&g.ID, &g.PersonID, &g.OrgID, &g.OrgName, &role, &created); err != nil {
			return nil, err
		}
		g.Role, g.CreatedAt = principal.Role(role), db.Time(created)
		out = append(out, g)
	}
	return out, rows.Err()
}

// DesignateOfficer names the agency's security officer (Đ6.1.b). The person
// must belong to the agency or one of its units; they are given the officer
// role on it if they do not hold it yet.
func (s *Service) DesignateOfficer(ctx context.Context, orgID, personID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.designateTx(ctx, tx, orgID, personID) })
}

func (s *Service) designateTx(ctx context.Context, tx *sql.Tx, orgID, personID string) error {
	if err := s.authorize(ctx, tx, PermOfficerAssign, orgID); err != nil {
		return err
	}
	org, err := getOrg(ctx, tx, orgID)
	if err != nil {
		return err
	}
	p, err := s.visiblePerson(ctx, tx, personID)
	if err != nil {
		return err
	}
	personOrgPath, err := orgPath(ctx, tx, p.OrgID)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(personOrgPath, org.Path) {
		return errs.New(errs.Invalid, locale.T("Cán bộ chuyên trách phải thuộc chính đơn vị này.", "The security officer must belong to this organisation."))
	}
	if p.Status == StatusOffboarded || p.Status == StatusSuspended {
		return errs.New(errs.Invalid, locale.T("Không thể chỉ định người đã nghỉ việc hoặc đang bị khóa.", "A suspended or offboarded person cannot be designated."))
	}
	if err := s.grantTx(ctx, tx, personID, orgID, principal.Officer); err != nil && !errs.Is(err, errs.Conflict) {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE organisations SET officer_id = $1, updated_at = $2 WHERE id = $3`, personID, db.Millis(s.now()), orgID); err != nil {
		return err
	}
	return s.trail.Append(ctx, tx, audit.Event{Action: "org.officer", OrgID: orgID, TargetType: "org", TargetID: orgID,
		Before: map[string]string{"officer_id": org.OfficerID}, After: map[string]string{"officer_id": personID, "login": p.Login}})
}

// OrgsWithoutOfficer lists the active agencies in the principal's scope that
// have no designated, active security officer (Đ6.1.b), for the dashboard.
func (s *Service) OrgsWithoutOfficer(ctx context.Context) ([]Org, error) {
	q := db.NewQuery(orgColumns + ` FROM organisations o LEFT JOIN people p ON p.id = o.officer_id AND p.status = 'active'`)
	if err := s.scopePaths(ctx, q, PermOrgRead, "o.path"); err != nil {
		return nil, err
	}
	q.Where("o.active")
	q.Where("p.id IS NULL")
	// The province itself is a container and enterprises are not state
	// agencies: Đ6.1.b binds the agencies and units.
	q.Where("o.type NOT IN ('province', 'provider')")
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+" ORDER BY o.path", q.Args...)
	if err != nil {
		return nil, err
	}
	return collectOrgs(rows)
}

// Transfer moves a person to another agency (chuyển công tác) keeping their
// history: the old membership is closed, grants on the old agency's subtree
// end, staff is granted on the new one, and everything they created stays
// where it was.
func (s *Service) Transfer(ctx context.Context, personID, newOrgID string) (*Person, error) {
	var after *Person
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.personForManage(ctx, tx, personID)
		if err != nil {
			return err
		}
		if err := s.authorize(ctx, tx, PermPeopleManage, newOrgID); err != nil {
			return err
		}
		if before.OrgID == newOrgID {
			return errs.New(errs.Invalid, locale.T("Người này đã thuộc đơn vị đó.", "This person already belongs there."))
		}
		now := db.Millis(s.now())
		// Every grant ends: roles belong to a post in an agency, and the
		// new agency grants what the new post needs.
		stmts := []struct {
			q    string
			args []any
		}{
			{`UPDATE memberships SET to_at = $1 WHERE person_id = $2 AND to_at = 0`, []any{now, personID}},
			{`INSERT INTO memberships (id, person_id, org_id, from_at) VALUES ($1,$2,$3,$4)`, []any{db.NewID(), personID, newOrgID, now}},
			{`DELETE FROM grants WHERE person_id = $1`, []any{personID}},
			{`UPDATE organisations SET officer_id = '' WHERE officer_id = $1`, []any{personID}},
			{`UPDATE people SET org_id = $1, updated_at = $2 WHERE id = $3`, []any{newOrgID, now, personID}},
		}
		for _, st := range stmts {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				return err
			}
		}
		if err := s.grantTx(ctx, tx, personID, newOrgID, principal.Staff); err != nil && !errs.Is(err, errs.Conflict) {
			return err
		}
		if after, err = getPerson(ctx, tx, personID); err != nil {
			return err
		}
		// Recorded on both sides, so each agency's trail shows the move.
		for _, e := range []struct{ action, org string }{{"person.transfer", before.OrgID}, {"person.transfer", newOrgID}} {
			if err := s.trail.Append(ctx, tx, audit.Event{Action: e.action, OrgID: e.org, TargetType: "person", TargetID: personID,
				Before: map[string]string{"org_id": before.OrgID}, After: map[string]string{"org_id": newOrgID}}); err != nil {
				return err
			}
		}
		return nil
	})
	return after, err
}

// Membership is one period a person spent in an organisation.
type Membership struct {
	OrgID   string    `json:"org_id"`
	OrgName string    `json:"org_name"`
	From    time.Time `json:"from"`
	To      time.Time `json:"to,omitzero"`
}

// History lists where a person has worked, newest first.
func (s *Service) History(ctx context.Context, personID string) ([]Membership, error) {
	if _, err := s.GetPerson(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT m.org_id, o.name, m.from_at, m.to_at FROM memberships m
		JOIN organisations o ON o.id = m.org_id WHERE m.person_id = $1 ORDER BY m.from_at DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		var from, to int64
		if err := rows.Scan(&m.OrgID, &m.OrgName, &from, &to); err != nil {
			return nil, err
		}
		m.From, m.To = db.Time(from), db.Time(to)
		out = append(out, m)
	}
	return out, rows.Err()
}

// LoadPrincipal builds the principal for a signed-in person: identity and
// every grant with its organisation's current tree path. Grants on
// deactivated organisations still apply to their records.
func (s *Service) LoadPrincipal(ctx context.Context, personID string) (*principal.Principal, error) {
	p, err := getPerson(ctx, s.db.R, personID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT g.role, g.org_id, o.path FROM grants g JOIN organisations o ON o.id = g.org_id WHERE g.person_id = $1`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	pr := &principal.Principal{PersonID: p.ID, Login: p.Login, Name: p.FullName, OrgID: p.OrgID}
	for rows.Next() {
		var g principal.Grant
		var role string
		if err := rows.Scan(&role, &g.OrgID, &g.OrgPath); err != nil {
			return nil, err
		}
		g.Role = principal.Role(role)
		pr.Grants = append(pr.Grants, g)
	}
	return pr, rows.Err()
}

func itoa(n int) string { return strconv.Itoa(n) }

// EndGrantsTx removes every role a person holds and their security-officer
// designations, inside the caller's transaction (offboarding). Their records
// stay where they are.
func (s *Service) EndGrantsTx(ctx context.Context, tx *sql.Tx, personID string) error {
	p, err := s.personForManage(ctx, tx, personID)
	if err != nil {
		return err
	}
	grants, err := listGrants(ctx, tx, personID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM grants WHERE person_id = $1`, personID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE organisations SET officer_id = '' WHERE officer_id = $1`, personID); err != nil {
		return err
	}
	return s.trail.Append(ctx, tx, audit.Event{Action: "role.revoke_all", OrgID: p.OrgID, TargetType: "person", TargetID: personID, Before: grants})
}
