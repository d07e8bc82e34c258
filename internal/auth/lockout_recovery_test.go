package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/testutil/fixture"
)

// The failure counter is raised before the password is checked. These tests
// check that attempts which never reach a check cannot leave the counter
// past the threshold with no lock to expire: the account would be refused
// for ever, until an officer unlocks it.

func TestSuspendedAccountAttemptsDoNotOutliveReactivation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		officer, id := p.As(fixture.LoginAOfficer), p.ID(fixture.LoginAStaff)
		must(t, p.Auth.Suspend(officer, id, "tạm đình chỉ"), "suspend")
		fail(t, p, fixture.LoginAStaff, 2*p.Config.LockoutThreshold)
		must(t, p.Auth.Reactivate(officer, id), "reactivate")
		if _, err := p.Login(fixture.LoginAStaff, fixture.Password); err != nil {
			t.Errorf("right password after reactivation: %v (failures %d, locked_until %d)", err,
				readCredentials(t, d, id).Failed, readCredentials(t, d, id).LockedUntil)
		}
	})
}

// busy is an Admitter whose queue is always full.
type busy struct{}

func (busy) Do(context.Context, func()) error {
	return errs.Wrap(errs.Unavailable, locale.T("Bận.", "Busy."), errors.New("queue full"))
}

func TestRejectedHashingDoesNotCount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		flooded := p.NewAuth(p.Config, busy{})
		for range 2 * p.Config.LockoutThreshold {
			_, err := flooded.Login(t.Context(), loginRequest(fixture.LoginAStaff, wrongPassword))
			wantCode(t, err, errs.Unavailable, "login while the queue is full")
		}
		if _, err := p.Login(fixture.LoginAStaff, fixture.Password); err != nil {
			c := readCredentials(t, d, p.ID(fixture.LoginAStaff))
			t.Errorf("right password once the flood is over: %v (failures %d, locked_until %d)", err, c.Failed, c.LockedUntil)
		}
	})
}

func TestTOTPFailuresDoNotJamThePasswordCounter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		secret := enrolTOTP(t, p, fixture.LoginAStaff)
		p.Clock.Advance(30 * time.Second)
		fail(t, p, fixture.LoginAStaff, 3)
		_, err := login(p, fixture.LoginAStaff, fixture.Password, "")
		wantCode(t, err, errs.TOTPRequired, "password only")
		_, err = login(p, fixture.LoginAStaff, fixture.Password, wrongCode(t, secret, p.Clock.Now()))
		wantCode(t, err, errs.TOTPRequired, "one mistyped code")
		if _, err := login(p, fixture.LoginAStaff, fixture.Password, code(t, secret, p.Clock.Now())); err != nil {
			c := readCredentials(t, d, p.ID(fixture.LoginAStaff))
			t.Errorf("right password and code: %v (failures %d, totp failures %d, locked_until %d)", err, c.Failed, c.TOTPFailed, c.LockedUntil)
		}
	})
}
