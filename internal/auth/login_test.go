package auth_test

import (
	"strings"
	"testing"

	"attt/internal/auth/password"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/testutil/fixture"
)

func TestLoginGivesSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		res, err := p.Login(" A.Staff ", fixture.Password)
		must(t, err, "login with untidy login")
		if res.Token == "" || res.CSRF == "" || res.EnrolTOTP || res.Person.Login != fixture.LoginAStaff {
			t.Errorf("result %+v", res)
		}
		if !res.ExpiresAt.Equal(p.Clock.Now().Add(p.Config.SessionAbsolute)) {
			t.Errorf("expires %v", res.ExpiresAt)
		}
		pr, sess, err := p.Auth.Authenticate(t.Context(), res.Token, "192.0.2.99", "browser")
		must(t, err, "authenticate")
		if pr.PersonID != res.Person.ID || pr.SessionID == "" || pr.IP != "192.0.2.99" || sess.CSRF != res.CSRF || sess.EnrolTOTP {
			t.Errorf("principal %+v session %+v", pr, sess)
		}
		if _, _, err := p.Auth.Authenticate(t.Context(), res.Token+"x", "", ""); err == nil {
			t.Error("a tampered token authenticates")
		}
		rec := p.LastAudit()
		if rec.Action != "auth.login.success" || rec.TargetID != res.Person.ID || rec.IP != "192.0.2.10" || rec.UserAgent != "fixture" || rec.OrgID != p.DeptA.ID {
			t.Errorf("audit %+v", rec)
		}
		st, err := p.Auth.State(p.As(fixture.LoginAOfficer), res.Person.ID)
		must(t, err, "state")
		if !st.HasPassword || !st.LastLoginAt.Equal(p.Clock.Now()) || st.FailedCount != 0 {
			t.Errorf("state %+v", st)
		}
	})
}

// TestLoginFailuresLookAlike: unknown login, wrong password, locked,
// pending and suspended accounts all get the same answer; only the audit
// trail says which it was.
func TestLoginFailuresLookAlike(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		fail := uniformFailure(t, p)
		_, err := p.Login(fixture.LoginAStaff, "Sai#Mật9-Khẩu~Rồi")
		refused(t, fail, err, "wrong password")
		_, err = p.Login(fixture.LoginAStaff, "")
		refused(t, fail, err, "empty password")
		for range p.Config.LockoutThreshold {
			_, _ = p.Login(fixture.LoginA1Staff, "Sai#Mật9-Khẩu~Rồi")
		}
		_, err = p.Login(fixture.LoginA1Staff, fixture.Password)
		refused(t, fail, err, "locked account, right password")
		p.AddPending("cho.kich.hoat", "Chờ Kích Hoạt", p.DeptA.ID)
		_, err = p.Login("cho.kich.hoat", fixture.Password)
		refused(t, fail, err, "pending account")
		must(t, p.Auth.Suspend(p.As(fixture.LoginBOfficer), p.ID(fixture.LoginBStaff), "điều tra"), "suspend")
		_, err = p.Login(fixture.LoginBStaff, fixture.Password)
		refused(t, fail, err, "suspended account, right password")

		notes := map[string]int{}
		for _, r := range p.Audit(auditFilter("auth.login.failure", "")) {
			notes[r.Note]++
		}
		want := map[string]int{"unknown login": 1, "wrong password": 2 + p.Config.LockoutThreshold, "account locked": 1, "account pending": 1, "account suspended": 1}
		for note, n := range want {
			if notes[note] != n {
				t.Errorf("%d failures noted %q, want %d (all: %v)", notes[note], note, n, notes)
			}
		}
	})
}

// TestHashUpgradeOnLogin: after the installation raises its Argon2id
// parameters, the next successful sign-in stores a hash made with them.
func TestHashUpgradeOnLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		id := p.ID(fixture.LoginAStaff)
		old := readCredentials(t, d, id).Hash
		if !strings.Contains(old, "$m=1024,t=1,p=1$") {
			t.Fatalf("fixture hash %q", old)
		}
		cfg := p.Config
		cfg.Hash = password.Params{Memory: 2048, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
		stronger := p.NewAuth(cfg, nil)

		_, _ = p.Login(fixture.LoginAStaff, "Sai#Mật9-Khẩu~Rồi")
		if h := readCredentials(t, d, id).Hash; h != old {
			t.Error("a failed sign-in changed the hash")
		}
		_, err := stronger.Login(t.Context(), loginRequest(fixture.LoginAStaff, fixture.Password))
		must(t, err, "login with the old hash")
		upgraded := readCredentials(t, d, id).Hash
		if !strings.Contains(upgraded, "$m=2048,t=2,p=1$") {
			t.Errorf("hash after login %q, want the new parameters", upgraded)
		}
		if rec := p.LastAudit(); !strings.Contains(rec.After, `"hash_upgraded":true`) {
			t.Errorf("audit after %s", rec.After)
		}
		_, err = stronger.Login(t.Context(), loginRequest(fixture.LoginAStaff, fixture.Password))
		must(t, err, "login with the upgraded hash")
		if h := readCredentials(t, d, id).Hash; h != upgraded {
			t.Error("a current hash was rehashed again")
		}
		if p.Person(fixture.LoginAStaff).Status != directory.StatusActive {
			t.Error("status changed")
		}
	})
}
