package auth_test

import (
	"strings"
	"testing"
	"time"

	"attt/internal/auth"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

// enrolTOTP turns two-factor sign-in on for login and returns the secret.
// The clock is left in the step whose code confirmed the enrolment.
func enrolTOTP(t *testing.T, p *fixture.Province, login string) string {
	t.Helper()
	ctx := p.Session(p.MustLogin(login).Token)
	e, err := p.Auth.BeginTOTP(ctx, "attt Hưng Yên")
	must(t, err, "begin totp")
	must(t, p.Auth.ConfirmTOTP(ctx, code(t, e.Secret, p.Clock.Now())), "confirm totp")
	return e.Secret
}

func TestTOTPEnrolAndLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		id := p.ID(fixture.LoginAStaff)
		ctx := p.Session(p.MustLogin(fixture.LoginAStaff).Token)
		e, err := p.Auth.BeginTOTP(ctx, "attt")
		must(t, err, "begin")
		if e.Secret == "" || !strings.HasPrefix(e.URL, "otpauth://totp/") || !strings.Contains(e.URL, "a.staff") {
			t.Errorf("enrolment %+v", e)
		}
		if on, _ := p.Auth.TOTPEnabled(ctx, id); on {
			t.Error("enabled before confirmation")
		}
		p.MustLogin(fixture.LoginAStaff) // no code asked until confirmed
		wantCode(t, p.Auth.ConfirmTOTP(ctx, wrongCode(t, e.Secret, p.Clock.Now())), errs.Invalid, "confirm with a wrong code")
		_, err = p.Auth.BeginTOTP(p.System(t.Context()), "attt")
		wantCode(t, err, errs.Unauthenticated, "begin without a person")

		confirm := code(t, e.Secret, p.Clock.Now())
		must(t, p.Auth.ConfirmTOTP(ctx, confirm), "confirm")
		if on, _ := p.Auth.TOTPEnabled(ctx, id); !on {
			t.Fatal("not enabled after confirmation")
		}
		if rec := p.LastAudit(); rec.Action != "auth.totp.enable" || rec.TargetID != id {
			t.Errorf("audit %s", rec.Action)
		}

		_, err = login(p, fixture.LoginAStaff, fixture.Password, "")
		wantCode(t, err, errs.TOTPRequired, "password without code")
		_, err = login(p, fixture.LoginAStaff, fixture.Password, confirm)
		wantCode(t, err, errs.TOTPRequired, "the code used to confirm")

		p.Clock.Advance(30 * time.Second)
		now := code(t, e.Secret, p.Clock.Now())
		res, err := login(p, fixture.LoginAStaff, fixture.Password, now)
		must(t, err, "password and code")
		if _, _, err := p.Auth.Authenticate(t.Context(), res.Token, "", ""); err != nil {
			t.Errorf("session: %v", err)
		}
		_, err = login(p, fixture.LoginAStaff, fixture.Password, now)
		wantCode(t, err, errs.TOTPRequired, "same code twice")
		// A code for a step before the last one used is refused too.
		p.Clock.Advance(30 * time.Second)
		_, err = login(p, fixture.LoginAStaff, fixture.Password, code(t, e.Secret, p.Clock.Now().Add(-60*time.Second)))
		wantCode(t, err, errs.TOTPRequired, "an older code")
		_, err = login(p, fixture.LoginAStaff, fixture.Password, code(t, e.Secret, p.Clock.Now()))
		must(t, err, "next step's code")
		_, err = login(p, fixture.LoginAStaff, "Sai#Mật9-Khẩu~Rồi", code(t, e.Secret, p.Clock.Now().Add(30*time.Second)))
		refused(t, uniformFailure(t, p), err, "wrong password with a good code")
	})
}

func TestTOTPFailuresLockTheAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		failure := uniformFailure(t, p)
		secret := enrolTOTP(t, p, fixture.LoginAStaff)
		p.Clock.Advance(30 * time.Second)
		bad := wrongCode(t, secret, p.Clock.Now())
		for i := 1; i < p.Config.LockoutThreshold; i++ {
			_, err := login(p, fixture.LoginAStaff, fixture.Password, bad)
			wantCode(t, err, errs.TOTPRequired, "wrong code")
		}
		if !lockedUntil(t, p, fixture.LoginAStaff).IsZero() {
			t.Fatal("locked before the threshold")
		}
		_, err := login(p, fixture.LoginAStaff, fixture.Password, bad)
		refused(t, failure, err, "the threshold's wrong code")
		if lockedUntil(t, p, fixture.LoginAStaff).IsZero() {
			t.Fatal("not locked after the threshold")
		}
		_, err = login(p, fixture.LoginAStaff, fixture.Password, code(t, secret, p.Clock.Now()))
		refused(t, failure, err, "right password and code while locked")
		if n := p.AuditCount("auth.totp.failure"); n != p.Config.LockoutThreshold {
			t.Errorf("%d totp failures recorded", n)
		}
		if rec := p.Audit(auditFilter("auth.lockout", "")); len(rec) != 1 || !strings.Contains(rec[0].After, `"factor":"totp"`) {
			t.Errorf("lockout records %+v", rec)
		}
		p.Clock.Advance(15 * time.Minute)
		_, err = login(p, fixture.LoginAStaff, fixture.Password, code(t, secret, p.Clock.Now()))
		must(t, err, "after the lock")
	})
}

func TestTOTPRequiredByRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.NewWith(t, d, fixture.Options{Config: func(c *auth.Config) {
			c.TOTPRoles = []principal.Role{principal.Officer, principal.Admin}
		}})
		if res := p.MustLogin(fixture.LoginAStaff); res.EnrolTOTP {
			t.Error("staff asked to enrol")
		}
		res := p.MustLogin(fixture.LoginAOfficer)
		if !res.EnrolTOTP {
			t.Fatal("officer not asked to enrol")
		}
		pr, sess, err := p.Auth.Authenticate(t.Context(), res.Token, "", "")
		must(t, err, "authenticate")
		if !sess.EnrolTOTP {
			t.Error("the session is not restricted to enrolment")
		}
		ctx := principal.With(t.Context(), pr)
		e, err := p.Auth.BeginTOTP(ctx, "attt")
		must(t, err, "begin")
		must(t, p.Auth.ConfirmTOTP(ctx, code(t, e.Secret, p.Clock.Now())), "confirm")
		if _, sess, err = p.Auth.Authenticate(t.Context(), res.Token, "", ""); err != nil || sess.EnrolTOTP {
			t.Errorf("after enrolment: restricted %v, %v", sess != nil && sess.EnrolTOTP, err)
		}
		wantCode(t, p.Auth.DisableTOTP(ctx, pr.PersonID), errs.Forbidden, "officer turns off a required factor")

		p.Clock.Advance(30 * time.Second)
		_, err = login(p, fixture.LoginAOfficer, fixture.Password, "")
		wantCode(t, err, errs.TOTPRequired, "next sign-in")
		res, err = login(p, fixture.LoginAOfficer, fixture.Password, code(t, e.Secret, p.Clock.Now()))
		if err != nil || res.EnrolTOTP {
			t.Errorf("sign-in with code: enrol %v, %v", res != nil && res.EnrolTOTP, err)
		}

		// A lost phone: the officer turns a staff member's factor off.
		enrolTOTP(t, p, fixture.LoginAStaff)
		staffID := p.ID(fixture.LoginAStaff)
		wantCode(t, p.Auth.DisableTOTP(p.As(fixture.LoginBOfficer), staffID), errs.Forbidden, "another agency's officer")
		must(t, p.Auth.DisableTOTP(p.As(fixture.LoginAOfficer), staffID), "own officer")
		p.MustLogin(fixture.LoginAStaff)
		if p.AuditCount("auth.totp.disable") != 1 {
			t.Error("disable not audited")
		}
	})
}

// TestTOTPReenrolKeepsFactorUntilConfirmed: starting a new enrolment and
// abandoning it leaves the current second factor in force.
func TestTOTPReenrolKeepsFactorUntilConfirmed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		secret := enrolTOTP(t, p, fixture.LoginAStaff)
		p.Clock.Advance(time.Minute)
		res, err := login(p, fixture.LoginAStaff, fixture.Password, code(t, secret, p.Clock.Now()))
		must(t, err, "sign in with the first factor's code")
		_, err = p.Auth.BeginTOTP(p.Session(res.Token), "attt")
		must(t, err, "begin a new enrolment")
		p.Clock.Advance(time.Minute)
		_, err = login(p, fixture.LoginAStaff, fixture.Password, "")
		wantCode(t, err, errs.TOTPRequired, "an abandoned re-enrolment must not switch two-factor sign-in off")
		_, err = login(p, fixture.LoginAStaff, fixture.Password, code(t, secret, p.Clock.Now()))
		must(t, err, "the old secret still works until the new one is confirmed")
	})
}
