package auth_test

import (
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

func authenticate(t *testing.T, p *fixture.Province, token string) error {
	t.Helper()
	_, _, err := p.Auth.Authenticate(t.Context(), token, "", "")
	return err
}

func TestSessionIdleTimeout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		tok := p.MustLogin(fixture.LoginAStaff).Token
		idle := p.Config.SessionIdle
		for range 3 {
			p.Clock.Advance(idle - time.Minute)
			must(t, authenticate(t, p, tok), "used within the idle limit")
		}
		p.Clock.Advance(idle + time.Second)
		wantCode(t, authenticate(t, p, tok), errs.Unauthenticated, "after idling")
		p.Clock.Advance(-idle)
		wantCode(t, authenticate(t, p, tok), errs.Unauthenticated, "an idle session does not come back")
	})
}

func TestSessionAbsoluteTimeout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		start := p.Clock.Now()
		tok := p.MustLogin(fixture.LoginAStaff).Token
		for p.Clock.Now().Sub(start) < p.Config.SessionAbsolute-20*time.Minute {
			p.Clock.Advance(20 * time.Minute)
			must(t, authenticate(t, p, tok), "active use at "+p.Clock.Now().Sub(start).String())
		}
		p.Clock.Set(start.Add(p.Config.SessionAbsolute + time.Millisecond))
		wantCode(t, authenticate(t, p, tok), errs.Unauthenticated, "past the absolute limit")
	})
}

func TestLogoutEndsOnlyThatSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		one, two := p.MustLogin(fixture.LoginAStaff).Token, p.MustLogin(fixture.LoginAStaff).Token
		must(t, p.Auth.Logout(p.Session(one)), "logout")
		wantCode(t, authenticate(t, p, one), errs.Unauthenticated, "logged-out session")
		must(t, authenticate(t, p, two), "other session")
		if rec := p.LastAudit(); rec.Action != "auth.logout" || rec.TargetID != p.ID(fixture.LoginAStaff) {
			t.Errorf("audit %s", rec.Action)
		}
		must(t, p.Auth.Logout(t.Context()), "logout without a session")
	})
}

func TestPruneSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		p.MustLogin(fixture.LoginAStaff)
		p.Clock.Advance(p.Config.SessionIdle / 2)
		fresh := p.MustLogin(fixture.LoginBStaff).Token
		p.Clock.Advance(p.Config.SessionIdle/2 + time.Second)
		must(t, p.Auth.PruneSessions(t.Context()), "prune")
		var n int
		must(t, d.R.QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n), "count")
		if n != 1 {
			t.Errorf("%d sessions left, want 1", n)
		}
		must(t, authenticate(t, p, fresh), "the fresh session")
	})
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		const next = "Đèn-Lồng#8-Phố~Cổ"
		one, two := p.MustLogin(fixture.LoginAStaff).Token, p.MustLogin(fixture.LoginAStaff).Token
		ctx := p.Session(one)
		wantCode(t, p.Auth.ChangePassword(ctx, "Sai#Mật9-Khẩu~Rồi", next), errs.Invalid, "wrong current password")
		wantCode(t, p.Auth.ChangePassword(ctx, fixture.Password, fixture.Password), errs.Invalid, "same password")
		err := p.Auth.ChangePassword(ctx, fixture.Password, "Matkhau@123")
		wantCode(t, err, errs.Invalid, "weak new password")
		if len(errs.As(err).Details) == 0 {
			t.Error("the weak password's rules are not named")
		}
		must(t, authenticate(t, p, two), "other session survives refusals")

		must(t, p.Auth.ChangePassword(ctx, fixture.Password, next), "change")
		wantCode(t, authenticate(t, p, two), errs.Unauthenticated, "other session")
		must(t, authenticate(t, p, one), "the session that changed it")
		_, err = p.Login(fixture.LoginAStaff, fixture.Password)
		wantCode(t, err, errs.Unauthenticated, "old password")
		_, err = p.Login(fixture.LoginAStaff, next)
		must(t, err, "new password")
		if rec := p.Audit(auditFilter("auth.password.set", p.ID(fixture.LoginAStaff))); len(rec) != 2 {
			t.Errorf("%d password.set records, want 2 (activation and change)", len(rec))
		}
	})
}
