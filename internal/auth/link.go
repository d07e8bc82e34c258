package auth

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"attt/internal/audit"
	"attt/internal/auth/password"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/secret"
)

// Purpose says what a one-time link is for.
type Purpose string

// The purposes of one-time links. There is no default password anywhere:
// every account's first password is set by its owner through one of these.
const (
	PurposeSetup    Purpose = "setup"    // create the first administrator
	PurposeActivate Purpose = "activate" // a new account sets its password
	PurposeReset    Purpose = "reset"    // an officer let someone set a new one
)

// Link describes a valid one-time link.
type Link struct {
	Purpose   Purpose
	Person    *directory.Person // nil for setup
	ExpiresAt time.Time
}

var msgLinkInvalid = locale.T("Đường dẫn không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy đề nghị cán bộ chuyên trách cấp đường dẫn mới.",
	"This link is invalid, used or expired. Ask your security officer for a new one.")

// NeedsSetup reports whether there is no active administrator yet.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM grants g JOIN people p ON p.id = g.person_id WHERE g.role = 'admin' AND p.status = 'active'`).Scan(&n)
	return n == 0, err
}

// IssueSetupLink returns a one-time link token that lets its holder create
// the first administrator; only attt itself (at start or from the command
// line) may issue it, and only while there is no administrator.
func (s *Service) IssueSetupLink(ctx context.Context) (string, time.Time, error) {
	if p := principal.From(ctx); p == nil || !p.System {
		return "", time.Time{}, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if need, err := s.NeedsSetup(ctx); err != nil || !need {
		return "", time.Time{}, errs.New(errs.Conflict, locale.T("Đã có quản trị viên.", "An administrator already exists."))
	}
	var token string
	var exp time.Time
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		token, exp, err = s.issueLinkTx(ctx, tx, "", "", PurposeSetup, s.cfg.SetupLinkTTL)
		return err
	})
	return token, exp, err
}

// IssueLink returns a one-time link token for a person to set their password:
// activation for a new account, reset for an active one. The officer
// managing the person issues it and hands it over out of band.
func (s *Service) IssueLink(ctx context.Context, personID string) (string, time.Time, error) {
	person, err := s.dir.ManagePerson(ctx, personID, directory.PermPeopleManage)
	if err != nil {
		return "", time.Time{}, err
	}
	purpose := PurposeReset
	switch person.Status {
	case directory.StatusPending:
		purpose = PurposeActivate
	case directory.StatusActive:
	default:
		return "", time.Time{}, errs.New(errs.Invalid, locale.T("Tài khoản đang bị khóa hoặc đã nghỉ việc.", "The account is suspended or offboarded."))
	}
	var token string
	var exp time.Time
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		token, exp, err = s.issueLinkTx(ctx, tx, personID, person.OrgID, purpose, s.cfg.ActivationTTL)
		return err
	})
	return token, exp, err
}

func (s *Service) issueLinkTx(ctx context.Context, tx *sql.Tx, personID, orgID string, purpose Purpose, ttl time.Duration) (string, time.Time, error) {
	token := secret.New(32)
	now := s.now()
	exp := now.Add(ttl).UTC()
	// A new link replaces any unused one for the same person and purpose.
	if _, err := tx.ExecContext(ctx, `DELETE FROM one_time_links WHERE person_id = $1 AND purpose = $2 AND used_at = 0`, personID, string(purpose)); err != nil {
		return "", time.Time{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO one_time_links (token_hash, person_id, purpose, created_at, expires_at) VALUES ($1,$2,$3,$4,$5)`,
		secret.Hash(token), personID, string(purpose), db.Millis(now), db.Millis(exp)); err != nil {
		return "", time.Time{}, err
	}
	return token, exp, s.trail.Append(ctx, tx, audit.Event{Action: "auth.link.issue", OrgID: orgID, TargetType: "person", TargetID: personID,
		After: map[string]any{"purpose": purpose, "expires_at": exp.UTC()}})
}

// LookupLink returns what a valid link is for, without using it.
func (s *Service) LookupLink(ctx context.Context, token string) (*Link, error) {
	return s.lookupLink(ctx, s.db.R, token)
}

func (s *Service) lookupLink(ctx context.Context, q db.Querier, token string) (*Link, error) {
	var personID, purpose string
	var exp, used int64
	err := q.QueryRowContext(ctx, `SELECT person_id, purpose, expires_at, used_at FROM one_time_links WHERE token_hash = $1`, secret.Hash(token)).
		Scan(&personID, &purpose, &exp, &used)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (used != 0 || s.now().After(db.Time(exp)))) {
		return nil, errs.New(errs.NotFound, msgLinkInvalid)
	}
	if err != nil {
		return nil, err
	}
	l := &Link{Purpose: Purpose(purpose), ExpiresAt: db.Time(exp)}
	if personID != "" {
		sys := principal.With(ctx, principal.SystemPrincipal("link"))
		if l.Person, err = s.dir.GetPerson(sys, personID); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// SetupInput is what the first administrator fills in.
type SetupInput struct {
	Login    string `json:"login"`
	FullName string `json:"full_name"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

// UseLink consumes a one-time link: the person sets their own password and
// their account becomes active. For a setup link, in describes the first
// administrator, created in the root organisation.
func (s *Service) UseLink(ctx context.Context, token string, in SetupInput) (*directory.Person, error) {
	link, err := s.LookupLink(ctx, token)
	if err != nil {
		return nil, err
	}
	person := link.Person
	if person != nil {
		in.Login, in.FullName = person.Login, person.FullName
	}
	if err := s.checker.Check(in.Password, in.Login, in.FullName); err != nil {
		return nil, err
	}
	var hash string
	if err := s.hashing.Do(ctx, func() { hash, err = password.Hash(in.Password, s.cfg.Hash) }); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	sys := principal.With(ctx, principal.SystemPrincipal("link"))
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE one_time_links SET used_at = $1 WHERE token_hash = $2 AND used_at = 0`, db.Millis(s.now()), secret.Hash(token))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.NotFound, msgLinkInvalid)
		}
		if link.Purpose == PurposeSetup {
			// The link creates the first administrator only, even if one
			// was created another way (the command line) since it was issued.
			var admins int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM grants g JOIN people p ON p.id = g.person_id
				WHERE g.role = 'admin' AND p.status = 'active'`).Scan(&admins); err != nil {
				return err
			}
			if admins > 0 {
				return errs.New(errs.Conflict, locale.T("Đã có quản trị viên.", "An administrator already exists."))
			}
			root, err := s.dir.Root(ctx)
			if err != nil {
				return err
			}
			person, err = s.dir.CreatePersonTx(sys, tx, directory.PersonInput{Login: in.Login, FullName: in.FullName, Email: in.Email,
				OrgID: root.ID, Roles: []principal.Role{principal.Admin}})
			if err != nil {
				return err
			}
		}
		ctx := principal.With(ctx, &principal.Principal{PersonID: person.ID, Login: person.Login, OrgID: person.OrgID})
		if err := s.setPasswordTx(ctx, tx, person, hash); err != nil {
			return err
		}
		if person.Status == directory.StatusPending {
			if person, err = s.dir.SetStatusTx(ctx, tx, person.ID, directory.StatusActive, "person.activate"); err != nil {
				return err
			}
		}
		return s.endSessionsTx(ctx, tx, person.ID)
	})
	return person, err
}

// setPasswordTx stores a new hash, clears lockout and records the change.
func (s *Service) setPasswordTx(ctx context.Context, tx *sql.Tx, person *directory.Person, hash string) error {
	now := db.Millis(s.now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO credentials (person_id, password_hash, password_changed_at) VALUES ($1, $2, $3)
		ON CONFLICT (person_id) DO UPDATE SET password_hash = $2, password_changed_at = $3, failed_count = 0, locked_until = 0`,
		person.ID, hash, now); err != nil {
		return err
	}
	return s.trail.Append(ctx, tx, audit.Event{Action: "auth.password.set", OrgID: person.OrgID, TargetType: "person", TargetID: person.ID})
}

func (s *Service) endSessionsTx(ctx context.Context, tx *sql.Tx, personID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, personID)
	return err
}
