package auth_test

import (
	"context"
	"testing"

	"attt/internal/auth"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

// TestDeviceCookieSurvivesLockout: strangers lock the account, but its
// owner's browser, which signed in before, still gets in; and a device that
// fails too often is locked on its own.
func TestDeviceCookieSurvivesLockout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		ctx := context.Background()
		first, err := p.Auth.Login(ctx, auth.LoginRequest{Login: fixture.LoginAStaff, Password: fixture.Password})
		must(t, err, "first sign-in")
		if first.Device == "" {
			t.Fatal("a successful sign-in must issue a device cookie")
		}
		for i := 0; i < p.Config.LockoutThreshold; i++ {
			_, _ = login(p, fixture.LoginAStaff, "Wrong#Guess-123", "")
		}
		if _, err := login(p, fixture.LoginAStaff, fixture.Password, ""); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("the account must be locked for a browser without the device cookie: %v", err)
		}
		again, err := p.Auth.Login(ctx, auth.LoginRequest{Login: fixture.LoginAStaff, Password: fixture.Password, Device: first.Device})
		must(t, err, "sign-in from the trusted device while the account is locked")
		if again.Device != "" {
			t.Error("a known device keeps its cookie; no new one is issued")
		}
		// The cookie belongs to one person: presented for another login it
		// counts for nothing.
		if _, err := p.Auth.Login(ctx, auth.LoginRequest{Login: fixture.LoginBStaff, Password: fixture.Password, Device: first.Device}); err != nil {
			t.Fatalf("another person's sign-in with a foreign device cookie must behave as without: %v", err)
		}
		for i := 0; i < p.Config.LockoutThreshold; i++ {
			_, _ = p.Auth.Login(ctx, auth.LoginRequest{Login: fixture.LoginAStaff, Password: "Wrong#Guess-123", Device: first.Device})
		}
		_, err = p.Auth.Login(ctx, auth.LoginRequest{Login: fixture.LoginAStaff, Password: fixture.Password, Device: first.Device})
		if !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("a device that failed %d times must be locked too: %v", p.Config.LockoutThreshold, err)
		}
	})
}
