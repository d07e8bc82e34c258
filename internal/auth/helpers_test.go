package auth_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"attt/internal/audit"
	"attt/internal/auth"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, err error, code errs.Code, what string) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Errorf("%s: err = %v, want %s", what, err, code)
	}
}

// must fails the test at once when err is not nil.
func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// uniformFailure signs in with an unknown login and returns the error every
// failed sign-in must match, so the answer never tells whether the account
// exists, the password was wrong or the account is locked.
func uniformFailure(t *testing.T, p *fixture.Province) *errs.Error {
	t.Helper()
	_, err := p.Login("no.such.person", fixture.Password)
	if !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("unknown login: %v", err)
	}
	return errs.As(err)
}

// refused fails the test unless err is exactly the uniform failure.
func refused(t *testing.T, want *errs.Error, err error, what string) {
	t.Helper()
	e := errs.As(err)
	if err == nil || e.Code != want.Code || e.Msg != want.Msg || len(e.Details) != 0 || e.Error() != want.Error() {
		t.Errorf("%s: err = %v, want the uniform sign-in failure", what, err)
	}
}

func login(p *fixture.Province, who, pw, code string) (*auth.LoginResult, error) {
	return p.Auth.Login(context.Background(), auth.LoginRequest{Login: who, Password: pw, TOTP: code, IP: "192.0.2.10", UserAgent: "fixture"})
}

// code returns the TOTP code for secret at t.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	must(t, err, "totp code")
	return c
}

// wrongCode returns a six-digit code valid in no step around at.
func wrongCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		valid[code(t, secret, at.Add(d))] = true
	}
	for i := 0; ; i++ {
		if c := fmt.Sprintf("%06d", i); !valid[c] {
			return c
		}
	}
}

// credentialRow reads an account's stored credentials directly.
type credentialRow struct {
	Hash                   string
	Failed, TOTPFailed     int
	LockedUntil, LockCount int64
	TOTPEnabled            bool
}

func readCredentials(t *testing.T, d *db.DB, personID string) credentialRow {
	t.Helper()
	var c credentialRow
	err := d.R.QueryRow(`SELECT password_hash, failed_count, totp_failed_count, locked_until, lock_count, totp_enabled FROM credentials WHERE person_id = $1`, personID).
		Scan(&c.Hash, &c.Failed, &c.TOTPFailed, &c.LockedUntil, &c.LockCount, &c.TOTPEnabled)
	must(t, err, "read credentials")
	return c
}

func auditFilter(action, target string) audit.Filter {
	return audit.Filter{Action: action, TargetID: target}
}

func loginRequest(who, pw string) auth.LoginRequest {
	return auth.LoginRequest{Login: who, Password: pw, IP: "192.0.2.10", UserAgent: "fixture"}
}
