package directory

import (
	"context"
	"database/sql"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// Status is where an account stands in its lifecycle (Đ7.4).
type Status string

// The lifecycle: created (pending) → activated → suspended ↔ active → offboarded.
const (
	StatusPending    Status = "pending"
	StatusActive     Status = "active"
	StatusSuspended  Status = "suspended"
	StatusOffboarded Status = "offboarded"
)

// Label names the status for people.
func (s Status) Label() locale.Text {
	switch s {
	case StatusPending:
		return locale.T("Chờ kích hoạt", "Awaiting activation")
	case StatusActive:
		return locale.T("Đang hoạt động", "Active")
	case StatusSuspended:
		return locale.T("Tạm khóa", "Suspended")
	}
	return locale.T("Đã nghỉ việc / chuyển công tác", "Offboarded")
}

// Person is someone with an account in attt.
type Person struct {
	ID        string    `json:"id"`
	Login     string    `json:"login"`
	FullName  string    `json:"full_name"`
	Email     string    `json:"email"`
	Phone     string    `json:"phone"`
	Title     string    `json:"title"`
	OrgID     string    `json:"org_id"`
	Status    Status    `json:"status"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// OrgName is filled by listings for display.
	OrgName string `json:"org_name,omitempty"`
}

// PersonInput is what an officer fills in to create or edit a person.
type PersonInput struct {
	Login    string           `json:"login"`
	FullName string           `json:"full_name"`
	Email    string           `json:"email"`
	Phone    string           `json:"phone"`
	Title    string           `json:"title"`
	OrgID    string           `json:"org_id"`
	Roles    []principal.Role `json:"roles"`
}

var (
	loginPattern      = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)
	msgPersonNotFound = locale.T("Không tìm thấy người dùng.", "Person not found.")
	msgLoginTaken     = locale.T("Tên đăng nhập đã được dùng.", "This login is already used.")
)

func (in *PersonInput) check(creating bool) error {
	in.Login = strings.ToLower(strings.TrimSpace(in.Login))
	in.FullName, in.Email, in.Phone, in.Title = strings.TrimSpace(in.FullName), strings.TrimSpace(in.Email), strings.TrimSpace(in.Phone), strings.TrimSpace(in.Title)
	var problems []locale.Text
	if creating && !loginPattern.MatchString(in.Login) {
		problems = append(problems, locale.T("Tên đăng nhập gồm 3–64 chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.",
			"The login has 3–64 lower-case letters without diacritics, digits, dots, hyphens or underscores."))
	}
	if in.FullName == "" || len([]rune(in.FullName)) > 200 {
		problems = append(problems, locale.T("Họ và tên không được để trống (tối đa 200 ký tự).", "The full name is required (at most 200 characters)."))
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			problems = append(problems, locale.T("Địa chỉ thư điện tử không hợp lệ.", "The email address is not valid."))
		}
	}
	for _, r := range in.Roles {
		if !r.Valid() {
			problems = append(problems, locale.Tf("Vai trò “%s” không tồn tại.", "Unknown role “%s”.", r))
		}
	}
	if len(problems) > 0 {
		return errs.New(errs.Invalid, locale.T("Thông tin người dùng chưa hợp lệ.", "The person's details are not valid."), problems...)
	}
	return nil
}

// CreatePerson adds a person to in.OrgID with status pending; they hold the
// staff role on their agency plus in.Roles there. The account has no
// password until its owner sets one through a one-time link.
func (s *Service) CreatePerson(ctx context.Context, in PersonInput) (*Person, error) {
	if err := in.check(true); err != nil {
		return nil, err
	}
	var p *Person
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = s.CreatePersonTx(ctx, tx, in)
		return err
	})
	return p, err
}

// CreatePersonTx is CreatePerson inside the caller's transaction, for imports
// and setup that create many things at once.
func (s *Service) CreatePersonTx(ctx context.Context, tx *sql.Tx, in PersonInput) (*Person, error) {
	if err := in.check(true); err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, tx, PermPeopleManage, in.OrgID); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	actor := principal.From(ctx)
	p := &Person{ID: db.NewID(), Login: in.Login, FullName: in.FullName, Email: in.Email, Phone: in.Phone, Title: in.Title,
		OrgID: in.OrgID, Status: StatusPending, CreatedBy: actor.PersonID, CreatedAt: now, UpdatedAt: now}
	_, err := tx.ExecContext(ctx, `INSERT INTO people (id, login, full_name, email, phone, title, org_id, status, created_by, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10)`, p.ID, p.Login, p.FullName, p.Email, p.Phone, p.Title, p.OrgID, string(p.Status), p.CreatedBy, db.Millis(now))
	if db.IsUniqueViolation(err) {
		return nil, errs.New(errs.Conflict, msgLoginTaken)
	}
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (id, person_id, org_id, from_at) VALUES ($1,$2,$3,$4)`, db.NewID(), p.ID, p.OrgID, db.Millis(now)); err != nil {
		return nil, err
	}
	if err := s.trail.Append(ctx, tx, audit.Event{Action: "person.create", OrgID: p.OrgID, TargetType: "person", TargetID: p.ID, After: p}); err != nil {
		return nil, err
	}
	roles := append([]principal.Role{principal.Staff}, in.Roles...)
	for _, r := range roles {
		if r != principal.Staff {
			if err := s.authorize(ctx, tx, PermRolesGrant, p.OrgID); err != nil {
				return nil, err
			}
		}
		if err := s.grantTx(ctx, tx, p.ID, p.OrgID, r); err != nil && !errs.Is(err, errs.Conflict) {
			return nil, err
		}
	}
	return p, nil
}

// UpdatePerson changes a person's name, contacts and title.
func (s *Service) UpdatePerson(ctx context.Context, id string, in PersonInput) (*Person, error) {
	if err := in.check(false); err != nil {
		return nil, err
	}
	var after *Person
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.personForManage(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET full_name=$1, email=$2, phone=$3, title=$4, updated_at=$5 WHERE id=$6`,
			in.FullName, in.Email, in.Phone, in.Title, db.Millis(s.now()), id); err != nil {
			return err
		}
		if after, err = getPerson(ctx, tx, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "person.update", OrgID: after.OrgID, TargetType: "person", TargetID: id, Before: before, After: after})
	})
	return after, err
}

// personForManage loads a person the principal may manage with
// PermPeopleManage; see ManagePerson.
func (s *Service) personForManage(ctx context.Context, q db.Querier, id string) (*Person, error) {
	return s.managePerson(ctx, q, id, PermPeopleManage)
}

// ManagePerson loads a person on whom the principal may act with perm (reset
// their password, suspend, offboard, unlock, reset their second factor).
// Holding perm on the person's agency is not enough: the principal must also
// cover every grant the person holds — the organisation of each grant within
// their own perm scope, and each role one they could grant — so an agency's
// officer cannot take over a province administrator who sits in that agency.
// Unknown and out-of-reach people are both Forbidden.
func (s *Service) ManagePerson(ctx context.Context, id string, perm Perm) (*Person, error) {
	return s.managePerson(ctx, s.db.R, id, perm)
}

func (s *Service) managePerson(ctx context.Context, q db.Querier, id string, perm Perm) (*Person, error) {
	p, err := s.personWith(ctx, q, id, perm)
	if err != nil {
		return nil, err
	}
	actor := principal.From(ctx)
	if actor.System {
		return p, nil
	}
	grants, err := listGrants(ctx, q, id)
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		if g.Role == principal.Staff {
			continue
		}
		if !mayGrant(actor, g.Role) || s.authorize(ctx, q, perm, g.OrgID) != nil {
			return nil, errs.New(errs.Forbidden, locale.T("Người này có vai trò ngoài phạm vi quản lý của bạn; hãy đề nghị cấp có thẩm quyền thực hiện.",
				"This person holds a role beyond your reach; ask someone with authority over it."))
		}
	}
	return p, nil
}

// SetStatusTx moves a person to status inside tx, recording action in the
// trail. The accounts room calls it for activation, suspension and
// offboarding; it checks PermPeopleManage unless the person acts on
// themselves (activating their own account).
func (s *Service) SetStatusTx(ctx context.Context, tx *sql.Tx, id string, status Status, action string) (*Person, error) {
	before, err := getPerson(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	// Only activation (pending → active, through one's own link) may be
	// done by the person themselves; suspending or offboarding oneself is
	// an officer's decision.
	selfActivation := before.Status == StatusPending && status == StatusActive
	if p := principal.From(ctx); p == nil || p.PersonID != id || !selfActivation {
		if _, err := s.personForManage(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET status=$1, updated_at=$2 WHERE id=$3`, string(status), db.Millis(s.now()), id); err != nil {
		return nil, err
	}
	after := *before
	after.Status = status
	return &after, s.trail.Append(ctx, tx, audit.Event{Action: action, OrgID: before.OrgID, TargetType: "person", TargetID: id,
		Before: map[string]Status{"status": before.Status}, After: map[string]Status{"status": status}})
}

// GetPerson returns a person the principal may see: themselves, or anyone in
// a subtree where they read people.
func (s *Service) GetPerson(ctx context.Context, id string) (*Person, error) {
	p, err := getPerson(ctx, s.db.R, id)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if err != nil {
		return nil, err
	}
	if me := principal.From(ctx); me != nil && me.PersonID == id {
		return p, nil
	}
	if err := s.Authorize(ctx, PermPeopleRead, p.OrgID); err != nil {
		return nil, err
	}
	return p, nil
}

// PersonByLogin finds a person by login without a permission check, for
// sign-in and the command line only. NotFound when there is none.
func (s *Service) PersonByLogin(ctx context.Context, login string) (*Person, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	if !loginPattern.MatchString(login) {
		// No account has such a login; and PostgreSQL refuses some of
		// what a sign-in form may carry (NUL, invalid UTF-8).
		return nil, errs.New(errs.NotFound, msgPersonNotFound)
	}
	p, err := scanPerson(s.db.R.QueryRowContext(ctx, personColumns+` FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.login = $1`, login))
	if err == sql.ErrNoRows {
		return nil, errs.New(errs.NotFound, msgPersonNotFound)
	}
	return p, err
}

// PersonFilter narrows ListPeople.
type PersonFilter struct {
	OrgID  string // subtree
	Status Status
	Text   string // login, name or email
	// Limit (default 500, at most 5000) and Offset page the list.
	Limit, Offset int
}

// ListPeople returns the people the principal may see, by name.
func (s *Service) ListPeople(ctx context.Context, f PersonFilter) ([]Person, error) {
	q, err := s.peopleQuery(ctx, personColumns, f)
	if q == nil || err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 500
	}
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+" ORDER BY p.full_name, p.login LIMIT "+itoa(limit)+" OFFSET "+itoa(max(f.Offset, 0)), q.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// CountPeople counts the people ListPeople would return without paging.
func (s *Service) CountPeople(ctx context.Context, f PersonFilter) (int, error) {
	q, err := s.peopleQuery(ctx, "SELECT COUNT(*)", f)
	if q == nil || err != nil {
		return 0, err
	}
	var n int
	err = s.db.R.QueryRowContext(ctx, q.SQL(), q.Args...).Scan(&n)
	return n, err
}

// peopleQuery builds the scoped, filtered query behind ListPeople and
// CountPeople; nil means nothing can match.
func (s *Service) peopleQuery(ctx context.Context, columns string, f PersonFilter) (*db.Query, error) {
	q := db.NewQuery(columns + ` FROM people p JOIN organisations o ON o.id = p.org_id`)
	if ok, err := s.RestrictTo(ctx, q, PermPeopleRead, "p.org_id", f.OrgID); !ok || err != nil {
		return nil, err
	}
	if f.Status != "" {
		q.Where("p.status = " + q.Arg(string(f.Status)))
	}
	if f.Text != "" {
		x := q.Arg("%" + strings.ToLower(f.Text) + "%")
		q.Where("(p.login LIKE " + x + " OR LOWER(p.full_name) LIKE " + x + " OR LOWER(p.email) LIKE " + x + ")")
	}
	return q, nil
}

const personColumns = `SELECT p.id, p.login, p.full_name, p.email, p.phone, p.title, p.org_id, p.status, p.created_by, p.created_at, p.updated_at, o.name`

func scanPerson(sc interface{ Scan(...any) error }) (*Person, error) {
	var p Person
	var status string
	var created, updated int64
	if err := sc.Scan(&p.ID, &p.Login, &p.FullName, &p.Email, &p.Phone, &p.Title, &p.OrgID, &status, &p.CreatedBy, &created, &updated, &p.OrgName); err != nil {
		return nil, err
	}
	p.Status, p.CreatedAt, p.UpdatedAt = Status(status), db.Time(created), db.Time(updated)
	return &p, nil
}

func getPerson(ctx context.Context, q db.Querier, id string) (*Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, personColumns+` FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, errs.New(errs.NotFound, msgPersonNotFound)
	}
	return p, err
}
