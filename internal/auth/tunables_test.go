package auth_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"attt/internal/auth"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

// liveRules is a UseTunables provider a test changes at will.
type liveRules struct{ cfg atomic.Pointer[auth.Config] }

func newLiveRules(c auth.Config) *liveRules {
	l := &liveRules{}
	l.cfg.Store(&c)
	return l
}

func (l *liveRules) get() auth.Config { return *l.cfg.Load() }

func (l *liveRules) set(change func(*auth.Config)) {
	c := *l.cfg.Load()
	change(&c)
	l.cfg.Store(&c)
}

// TestTunablesApplyPerCall: the provider's rules are read on each call,
// hash parameters stay as given to New, and nonsense never switches a
// protection off.
func TestTunablesApplyPerCall(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		rules := newLiveRules(p.Config)
		p.Auth.UseTunables(rules.get)

		rules.set(func(c *auth.Config) { c.Policy.MinLength = 24; c.Hash.Time = 99 })
		got := p.Auth.Config()
		if got.Policy.MinLength != 24 || got.Hash != fixture.HashParams {
			t.Fatalf("in force: policy %+v, hash %+v", got.Policy, got.Hash)
		}
		if err := p.Auth.CheckPassword(fixture.Password, "x.y", "Người Thử"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a 19-character password under a minimum of 24: %v", err)
		}
		rules.set(func(c *auth.Config) { c.Policy.MinLength = 10 })
		if err := p.Auth.CheckPassword(fixture.Password, "x.y", "Người Thử"); err != nil {
			t.Fatalf("the checker was not rebuilt for the looser policy: %v", err)
		}
		rules.set(func(c *auth.Config) {
			c.Policy.MinLength = 2
			c.Policy.RequireDigit = false
			c.LockoutThreshold = 0
			c.SessionIdle = 0
		})
		got = p.Auth.Config()
		if got.Policy.MinLength < 6 || !got.Policy.RequireDigit || got.LockoutThreshold != p.Config.LockoutThreshold || got.SessionIdle != p.Config.SessionIdle {
			t.Fatalf("a provider below the floor switched a protection off: %+v", got)
		}
		p.Auth.UseTunables(nil)
		if p.Auth.Config().Policy.MinLength != p.Config.Policy.MinLength {
			t.Fatal("UseTunables(nil) must go back to New's configuration")
		}
	})
}

// TestLoweredThresholdFreesTrustedDevice: a device whose failures reached a
// threshold lowered since has no place left and no lock to wait for; its
// owner's next attempt is counted on the account instead of being refused
// for ever.
func TestLoweredThresholdFreesTrustedDevice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		rules := newLiveRules(p.Config)
		p.Auth.UseTunables(rules.get)
		ctx := context.Background()
		first, err := p.Auth.Login(ctx, auth.LoginRequest{Login: fixture.LoginAStaff, Password: fixture.Password})
		must(t, err, "first sign-in")
		for range 3 {
			_, _ = p.Auth.Login(ctx, auth.LoginRequest{Login: fixture.LoginAStaff, Password: "Wrong#Guess-123", Device: first.Device})
		}
		rules.set(func(c *auth.Config) { c.LockoutThreshold = 3 })
		p.Clock.Advance(time.Minute)
		if _, err := p.Auth.Login(ctx, auth.LoginRequest{Login: fixture.LoginAStaff, Password: fixture.Password, Device: first.Device}); err != nil {
			t.Fatalf("the owner's device is stranded by the lowered threshold: %v", err)
		}
	})
}
