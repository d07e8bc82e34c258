package auth

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"fmt"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

const totpPeriod = 30

var (
	msgTOTPRequired = locale.T("Nhập mã xác thực 6 chữ số từ ứng dụng xác thực.", "Enter the 6-digit code from your authenticator app.")
	msgTOTPWrong    = locale.T("Mã xác thực không đúng hoặc đã được dùng.", "The code is wrong or has already been used.")
)

// checkTOTP verifies the second factor of a sign-in whose password was right.
// Its failures have their own counter; reaching the threshold locks the
// account like password failures do. A code's time step is accepted once.
func (s *Service) checkTOTP(ctx context.Context, p *directory.Person, cred *credential, req LoginRequest) error {
	if req.TOTP == "" {
		return errs.New(errs.TOTPRequired, msgTOTPRequired)
	}
	step, ok := matchTOTP(cred.totpSecret, req.TOTP, s.now(), cred.totpLastStep)
	if ok {
		res, err := s.db.W.ExecContext(ctx, `UPDATE credentials SET totp_last_step = $1, totp_failed_count = 0 WHERE person_id = $2 AND totp_last_step < $1`, step, p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
	}
	var fails int
	if err := s.db.W.QueryRowContext(ctx, `UPDATE credentials SET totp_failed_count = totp_failed_count + 1 WHERE person_id = $1 RETURNING totp_failed_count`, p.ID).Scan(&fails); err != nil {
		return err
	}
	_ = s.trail.AppendNow(ctx, audit.Event{Action: "auth.totp.failure", OrgID: p.OrgID, TargetType: "person", TargetID: p.ID, ActorLogin: p.Login, IP: req.IP, UserAgent: req.UserAgent})
	if fails >= s.conf().LockoutThreshold {
		if err := s.lock(ctx, p, "totp"); err != nil {
			return err
		}
		return errs.New(errs.Unauthenticated, msgBadCredentials)
	}
	return errs.New(errs.TOTPRequired, msgTOTPWrong)
}

// matchTOTP accepts code for the current step or one step either side, only
// if that step is later than the last one used.
func matchTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	for _, skew := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(skew*totpPeriod) * time.Second)
		step := t.Unix() / totpPeriod
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// TOTPEnrolment is a secret awaiting confirmation.
type TOTPEnrolment struct {
	Secret string `json:"secret"`
	URL    string `json:"otpauth_url"`
}

// BeginTOTP creates a new secret for the signed-in person; it replaces the
// current one (if any) only once ConfirmTOTP receives a valid code from it.
func (s *Service) BeginTOTP(ctx context.Context, issuer string) (*TOTPEnrolment, error) {
	p := principal.From(ctx)
	if p == nil || p.PersonID == "" {
		return nil, errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: p.Login, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, fmt.Errorf("auth: totp: %w", err)
	}
	if _, err := s.db.W.ExecContext(ctx, `UPDATE credentials SET totp_pending = $1 WHERE person_id = $2`, key.Secret(), p.PersonID); err != nil {
		return nil, err
	}
	return &TOTPEnrolment{Secret: key.Secret(), URL: key.URL()}, nil
}

// ConfirmTOTP turns two-factor sign-in on after checking one code, and lifts
// the enrol-only restriction of the current session.
func (s *Service) ConfirmTOTP(ctx context.Context, code string) error {
	p := principal.From(ctx)
	if p == nil || p.PersonID == "" {
		return errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	cred, err := s.credentials(ctx, s.db.R, p.PersonID)
	if err != nil {
		return err
	}
	step, ok := matchTOTP(cred.totpPending, code, s.now(), 0)
	if cred.totpPending == "" || !ok {
		return errs.New(errs.Invalid, msgTOTPWrong)
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE credentials SET totp_secret = totp_pending, totp_pending = '', totp_enabled = TRUE, totp_last_step = $1
			WHERE person_id = $2`, step, p.PersonID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET mfa_pending = FALSE WHERE person_id = $1`, p.PersonID); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "auth.totp.enable", OrgID: p.OrgID, TargetType: "person", TargetID: p.PersonID})
	})
}

// DisableTOTP turns two-factor sign-in off for a person: themselves (not
// allowed when their role requires it) or, after a lost phone, an officer
// who manages them.
func (s *Service) DisableTOTP(ctx context.Context, personID string) error {
	me := principal.From(ctx)
	if me == nil {
		return errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	person, err := s.dir.GetPerson(ctx, personID)
	if err != nil {
		return err
	}
	if me.PersonID == personID {
		if roles := s.conf().TOTPRoles; len(roles) > 0 && me.HasRole(roles...) {
			return errs.New(errs.Forbidden, locale.T("Vai trò của bạn bắt buộc xác thực hai yếu tố.", "Your role requires two-factor sign-in."))
		}
	} else if _, err := s.dir.ManagePerson(ctx, personID, directory.PermAccountUnlock); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE credentials SET totp_enabled = FALSE, totp_secret = '', totp_pending = '' WHERE person_id = $1`, personID); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "auth.totp.disable", OrgID: person.OrgID, TargetType: "person", TargetID: personID})
	})
}

// TOTPEnabled reports whether the person uses two-factor sign-in.
func (s *Service) TOTPEnabled(ctx context.Context, personID string) (bool, error) {
	c, err := s.credentials(ctx, s.db.R, personID)
	if err != nil {
		return false, err
	}
	return c.totpEnabled, nil
}
