package auth

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/auth/password"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// ChangePassword lets the signed-in person replace their password after
// proving the current one. Their other sessions end.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	me := principal.From(ctx)
	if me == nil || me.PersonID == "" {
		return errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	person, err := s.dir.GetPerson(ctx, me.PersonID)
	if err != nil {
		return err
	}
	cred, err := s.credentials(ctx, s.db.R, me.PersonID)
	if err != nil {
		return err
	}
	var ok bool
	if err := s.hashing.Do(ctx, func() { ok, _, _ = password.Verify(current, cred.hash, s.cfg.Hash) }); err != nil {
		return err
	}
	if !ok {
		return errs.New(errs.Invalid, locale.T("Mật khẩu hiện tại không đúng.", "The current password is wrong."))
	}
	if current == next {
		return errs.New(errs.Invalid, locale.T("Mật khẩu mới phải khác mật khẩu hiện tại.", "The new password must differ from the current one."))
	}
	if err := s.checker.Check(next, person.Login, person.FullName); err != nil {
		return err
	}
	var hash string
	if err := s.hashing.Do(ctx, func() { hash, err = password.Hash(next, s.cfg.Hash) }); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.setPasswordTx(ctx, tx, person, hash); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1 AND id_hash <> $2`, me.PersonID, me.SessionID)
		return err
	})
}

// Suspend locks an account until it is reactivated, ending its access.
// Offboarding is final: an offboarded account cannot be suspended and then
// reactivated back to life.
func (s *Service) Suspend(ctx context.Context, personID, reason string) error {
	person, err := s.dir.GetPerson(ctx, personID)
	if err != nil {
		return err
	}
	if person.Status != directory.StatusActive && person.Status != directory.StatusPending {
		return errs.New(errs.Invalid, locale.T("Tài khoản đang tạm khóa hoặc đã nghỉ việc.", "The account is already suspended or offboarded."))
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.dir.SetStatusTx(ctx, tx, personID, directory.StatusSuspended, "person.suspend"); err != nil {
			return err
		}
		return s.endAccessTx(ctx, tx, personID)
	})
}

// Reactivate lifts a suspension.
func (s *Service) Reactivate(ctx context.Context, personID string) error {
	person, err := s.dir.GetPerson(ctx, personID)
	if err != nil {
		return err
	}
	if person.Status != directory.StatusSuspended {
		return errs.New(errs.Invalid, locale.T("Chỉ mở lại được tài khoản đang tạm khóa.", "Only a suspended account can be reactivated."))
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := s.dir.SetStatusTx(ctx, tx, personID, directory.StatusActive, "person.reactivate")
		return err
	})
}

// DefaultOffboardingItems lists the devices recovered at offboarding (Đ7.4:
// keys, ID badge, digital-signature
// token and other equipment).
func DefaultOffboardingItems() []OffboardingItem {
	return []OffboardingItem{
		{Item: "keys", Label: "Chìa khóa phòng làm việc, tủ hồ sơ"},
		{Item: "badge", Label: "Thẻ nhận dạng, thẻ ra vào"},
		{Item: "signature_token", Label: "Thiết bị, chứng thư ký số (USB token)"},
		{Item: "computer", Label: "Máy tính, thiết bị được cấp"},
	}
}

// OffboardInput is the guided offboarding form.
type OffboardInput struct {
	Reason string `json:"reason"` // "leave" (nghỉ việc) or "transfer" (chuyển công tác)
	Note   string `json:"note"`
	// Extra lists further devices to recover, one label each.
	Extra []string `json:"extra"`
}

// Offboarding is one departure and its recovery checklist.
type Offboarding struct {
	ID          string            `json:"id"`
	PersonID    string            `json:"person_id"`
	PersonName  string            `json:"person_name"`
	PersonLogin string            `json:"person_login"`
	OrgID       string            `json:"org_id"`
	Reason      string            `json:"reason"`
	Note        string            `json:"note"`
	CreatedBy   string            `json:"created_by"`
	CreatedAt   time.Time         `json:"created_at"`
	Items       []OffboardingItem `json:"items"`
}

// OffboardingItem is one device to recover.
type OffboardingItem struct {
	ID          string    `json:"id"`
	Item        string    `json:"item"`
	Label       string    `json:"label"`
	RecoveredAt time.Time `json:"recovered_at,omitzero"`
	RecoveredBy string    `json:"recovered_by,omitempty"`
	Note        string    `json:"note,omitempty"`
}

// Done reports whether every device has been recovered.
func (o *Offboarding) Done() bool {
	for _, it := range o.Items {
		if it.RecoveredAt.IsZero() {
			return false
		}
	}
	return true
}

// Offboard is the one guided action of Đ7.4: the account is locked, every
// session and API token ends at once, a checklist of devices to recover is
// opened, and everything the person created stays with their agency (nothing
// is deleted; the person record remains for history).
func (s *Service) Offboard(ctx context.Context, personID string, in OffboardInput) (*Offboarding, error) {
	if in.Reason != "leave" && in.Reason != "transfer" {
		return nil, errs.New(errs.Invalid, locale.T("Chọn lý do: nghỉ việc hoặc chuyển công tác.", "Choose a reason: leaving or transfer."))
	}
	if p, err := s.dir.GetPerson(ctx, personID); err != nil {
		return nil, err
	} else if p.Status == directory.StatusOffboarded {
		return nil, errs.New(errs.Invalid, locale.T("Người này đã nghỉ việc / chuyển công tác.", "This person is already offboarded."))
	}
	var off *Offboarding
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		person, err := s.dir.SetStatusTx(ctx, tx, personID, directory.StatusOffboarded, "person.offboard")
		if err != nil {
			return err
		}
		if err := s.endAccessTx(ctx, tx, personID); err != nil {
			return err
		}
		if err := s.dir.EndGrantsTx(ctx, tx, personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE credentials SET totp_enabled = FALSE, totp_secret = '', totp_pending = '' WHERE person_id = $1`, personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM one_time_links WHERE person_id = $1`, personID); err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Millisecond)
		off = &Offboarding{ID: db.NewID(), PersonID: personID, PersonName: person.FullName, PersonLogin: person.Login, OrgID: person.OrgID,
			Reason: in.Reason, Note: strings.TrimSpace(in.Note), CreatedBy: principal.From(ctx).Login, CreatedAt: now}
		if _, err := tx.ExecContext(ctx, `INSERT INTO offboardings (id, person_id, org_id, reason, note, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
			off.ID, personID, person.OrgID, in.Reason, off.Note, off.CreatedBy, db.Millis(now)); err != nil {
			return err
		}
		items := DefaultOffboardingItems()
		for _, label := range in.Extra {
			if label = strings.TrimSpace(label); label != "" {
				items = append(items, OffboardingItem{Item: "other", Label: label})
			}
		}
		for i, it := range items {
			it.ID = db.NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO offboarding_items (id, offboarding_id, item, label, position) VALUES ($1,$2,$3,$4,$5)`,
				it.ID, off.ID, it.Item, it.Label, i); err != nil {
				return err
			}
			off.Items = append(off.Items, it)
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "person.offboard.checklist", OrgID: person.OrgID, TargetType: "offboarding", TargetID: off.ID, After: off})
	})
	return off, err
}

// Offboardings lists departures in the subtree of orgID ("" for the whole
// scope), newest first, with their checklists.
func (s *Service) Offboardings(ctx context.Context, orgID string) ([]Offboarding, error) {
	q := db.NewQuery(`SELECT f.id, f.person_id, p.full_name, p.login, f.org_id, f.reason, f.note, f.created_by, f.created_at
		FROM offboardings f JOIN people p ON p.id = f.person_id`)
	if ok, err := s.dir.RestrictTo(ctx, q, directory.PermPeopleManage, "f.org_id", orgID); !ok || err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+" ORDER BY f.created_at DESC LIMIT 500", q.Args...)
	if err != nil {
		return nil, err
	}
	var out []Offboarding
	for rows.Next() {
		var o Offboarding
		var created int64
		if err := rows.Scan(&o.ID, &o.PersonID, &o.PersonName, &o.PersonLogin, &o.OrgID, &o.Reason, &o.Note, &o.CreatedBy, &created); err != nil {
			rows.Close()
			return nil, err
		}
		o.CreatedAt = db.Time(created)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Items, err = s.offboardingItems(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Service) offboardingItems(ctx context.Context, offID string) ([]OffboardingItem, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, item, label, recovered_at, recovered_by, note FROM offboarding_items WHERE offboarding_id = $1 ORDER BY position, id`, offID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OffboardingItem
	for rows.Next() {
		var it OffboardingItem
		var at int64
		if err := rows.Scan(&it.ID, &it.Item, &it.Label, &at, &it.RecoveredBy, &it.Note); err != nil {
			return nil, err
		}
		it.RecoveredAt = db.Time(at)
		out = append(out, it)
	}
	return out, rows.Err()
}

// RecoverItem ticks off one device of an offboarding checklist.
func (s *Service) RecoverItem(ctx context.Context, itemID, note string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var orgID, offID string
		var at int64
		err := tx.QueryRowContext(ctx, `SELECT f.org_id, f.id, i.recovered_at FROM offboarding_items i JOIN offboardings f ON f.id = i.offboarding_id WHERE i.id = $1`, itemID).
			Scan(&orgID, &offID, &at)
		if err == sql.ErrNoRows {
			return errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		if err != nil {
			return err
		}
		if err := s.dir.Authorize(ctx, directory.PermPeopleManage, orgID); err != nil {
			return err
		}
		if at != 0 {
			return errs.New(errs.Conflict, locale.T("Thiết bị này đã được ghi nhận thu hồi.", "This device is already recorded as recovered."))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE offboarding_items SET recovered_at = $1, recovered_by = $2, note = $3 WHERE id = $4`,
			db.Millis(s.now()), principal.From(ctx).Login, strings.TrimSpace(note), itemID); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "person.offboard.recover", OrgID: orgID, TargetType: "offboarding", TargetID: offID,
			After: map[string]string{"item_id": itemID, "note": note}})
	})
}

// LockedAccount is an account locked by failed sign-ins.
type LockedAccount struct {
	PersonID    string    `json:"person_id"`
	Login       string    `json:"login"`
	FullName    string    `json:"full_name"`
	OrgName     string    `json:"org_name"`
	LockedUntil time.Time `json:"locked_until"`
	LockCount   int       `json:"lock_count"`
}

// LockedAccounts lists accounts in the principal's unlock scope that are
// locked now.
func (s *Service) LockedAccounts(ctx context.Context) ([]LockedAccount, error) {
	q := db.NewQuery(`SELECT p.id, p.login, p.full_name, o.name, c.locked_until, c.lock_count FROM credentials c
		JOIN people p ON p.id = c.person_id JOIN organisations o ON o.id = p.org_id`)
	q.Where("c.locked_until > " + q.Arg(db.Millis(s.now())))
	if err := s.dir.Restrict(ctx, q, directory.PermAccountUnlock, "p.org_id"); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+" ORDER BY c.locked_until DESC", q.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LockedAccount
	for rows.Next() {
		var a LockedAccount
		var until int64
		if err := rows.Scan(&a.PersonID, &a.Login, &a.FullName, &a.OrgName, &until, &a.LockCount); err != nil {
			return nil, err
		}
		a.LockedUntil = db.Time(until)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Unlock lifts a lockout before it expires (audited).
func (s *Service) Unlock(ctx context.Context, personID string) error {
	person, err := s.dir.ManagePerson(ctx, personID, directory.PermAccountUnlock)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var until int64
		if err := tx.QueryRowContext(ctx, `SELECT locked_until FROM credentials WHERE person_id = $1`, personID).Scan(&until); err != nil && err != sql.ErrNoRows {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE credentials SET locked_until = 0, failed_count = 0, totp_failed_count = 0 WHERE person_id = $1`, personID); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "auth.unlock", OrgID: person.OrgID, TargetType: "person", TargetID: personID,
			Before: map[string]any{"locked_until": db.Time(until)}})
	})
}

// AccountState is what an officer sees of a person's account.
type AccountState struct {
	HasPassword       bool      `json:"has_password"`
	PasswordChangedAt time.Time `json:"password_changed_at,omitzero"`
	TOTPEnabled       bool      `json:"totp_enabled"`
	LockedUntil       time.Time `json:"locked_until,omitzero"`
	FailedCount       int       `json:"failed_count"`
	LastLoginAt       time.Time `json:"last_login_at,omitzero"`
}

// State returns a person's account state, for those who may see the person.
func (s *Service) State(ctx context.Context, personID string) (*AccountState, error) {
	if _, err := s.dir.GetPerson(ctx, personID); err != nil {
		return nil, err
	}
	c, err := s.credentials(ctx, s.db.R, personID)
	if err != nil {
		return nil, err
	}
	st := &AccountState{HasPassword: c.hash != "", PasswordChangedAt: c.passwordSetAt, TOTPEnabled: c.totpEnabled, FailedCount: c.failedCount, LastLoginAt: c.lastLoginAt}
	if c.lockedUntil.After(s.now()) {
		st.LockedUntil = c.lockedUntil
	}
	return st, nil
}
