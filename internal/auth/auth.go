// Package auth is the accounts room (S2): passwords under the regulation's
// rule (Đ7.1, Đ7.5), lockout after failed sign-ins (Đ7.6), sessions, TOTP,
// API tokens, one-time links instead of default passwords, and the account
// lifecycle through offboarding (Đ7.4). Identity and scope belong to the
// directory; this room owns credentials and the ways in.
package auth

import (
	"context"
	"sync/atomic"
	"time"

	"attt/internal/audit"
	"attt/internal/auth/password"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/principal"
)

// Config holds the account rules an installation may tune.
type Config struct {
	Policy password.Policy
	Hash   password.Params
	// LockoutThreshold consecutive failures lock the account (Đ7.6).
	LockoutThreshold int
	// LockoutDuration is the first lock's length; each further lock without
	// a successful sign-in between doubles it, up to LockoutMax.
	LockoutDuration time.Duration
	LockoutMax      time.Duration
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	// TOTPRoles must use two-factor sign-in.
	TOTPRoles []principal.Role
	// SetupLinkTTL bounds the first administrator's link; ActivationTTL
	// every other one-time link.
	SetupLinkTTL  time.Duration
	ActivationTTL time.Duration
	TokenMaxTTL   time.Duration
}

// DefaultConfig is the shipped configuration: stricter than the floor.
func DefaultConfig() Config {
	return Config{
		Policy:           password.Default(),
		Hash:             password.DefaultParams(),
		LockoutThreshold: 5,
		LockoutDuration:  15 * time.Minute,
		LockoutMax:       24 * time.Hour,
		SessionIdle:      30 * time.Minute,
		SessionAbsolute:  12 * time.Hour,
		SetupLinkTTL:     time.Hour,
		ActivationTTL:    72 * time.Hour,
		TokenMaxTTL:      365 * 24 * time.Hour,
	}
}

// Admitter runs password hashing through a bounded queue (Đ7.7), so a flood
// of sign-ins cannot take every core. *guard.WorkQueue satisfies it.
type Admitter interface {
	Do(ctx context.Context, fn func()) error
}

type unbounded struct{}

func (unbounded) Do(_ context.Context, fn func()) error { fn(); return nil }

// Service manages accounts.
type Service struct {
	db    *db.DB
	trail *audit.Trail
	dir   *directory.Service
	// cfg is the Config given to New. Its tunable fields are read through
	// conf(), which applies UseTunables; the others (hash parameters, link
	// and token lifetimes) only from here.
	cfg      Config
	tunables atomic.Pointer[func() Config]
	checker  *policyChecker
	hashing  Admitter
	now      func() time.Time
	dummy    string
}

// New returns the accounts service. hashing may be nil (no queue).
func New(d *db.DB, trail *audit.Trail, dir *directory.Service, cfg Config, hashing Admitter, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	if hashing == nil {
		hashing = unbounded{}
	}
	cfg.Policy = cfg.Policy.Effective()
	dummy, err := password.DummyHash(cfg.Hash)
	if err != nil {
		return nil, err
	}
	s := &Service{db: d, trail: trail, dir: dir, cfg: cfg, hashing: hashing, now: now, dummy: dummy}
	s.checker = newPolicyChecker(func() password.Policy { return s.conf().Policy })
	return s, nil
}

// UseTunables makes s read the rules an administrator may change while
// attt runs — Policy, LockoutThreshold, LockoutDuration, LockoutMax,
// SessionIdle, SessionAbsolute and TOTPRoles — from fn on every call
// instead of from the Config given to New. The other fields (hash
// parameters, link and token lifetimes) stay as given to New: the dummy
// hash that evens out sign-in timing is built from them once.
//
// fn is called on every sign-in and every authenticated request, so it
// must be cheap and safe for concurrent use (package settings hands out a
// cached snapshot). A non-positive threshold or duration in fn's answer
// falls back to New's value rather than switching a protection off. The
// password checker is rebuilt when the policy it gets differs from the last
// one. Without UseTunables, New's Config is used throughout, as before.
func (s *Service) UseTunables(fn func() Config) {
	if fn == nil {
		s.tunables.Store(nil)
		return
	}
	s.tunables.Store(&fn)
}

// Config returns the configuration in force now, tunables applied.
func (s *Service) Config() Config { return s.conf() }

// conf is the configuration in force now: New's Config with the tunable
// fields taken from UseTunables' provider, when there is one. Each call is a
// snapshot; a sign-in reads it once so its steps agree.
func (s *Service) conf() Config {
	fn := s.tunables.Load()
	if fn == nil {
		return s.cfg
	}
	t := (*fn)()
	c := s.cfg
	c.Policy = t.Policy.Effective()
	c.TOTPRoles = t.TOTPRoles
	if t.LockoutThreshold > 0 {
		c.LockoutThreshold = t.LockoutThreshold
	}
	for _, f := range []struct{ dst, src *time.Duration }{
		{&c.LockoutDuration, &t.LockoutDuration}, {&c.LockoutMax, &t.LockoutMax},
		{&c.SessionIdle, &t.SessionIdle}, {&c.SessionAbsolute, &t.SessionAbsolute},
	} {
		if *f.src > 0 {
			*f.dst = *f.src
		}
	}
	return c
}

// policyChecker checks passwords against the policy in force, rebuilding
// its password.Checker only when that policy changes (NewChecker reads the
// word lists: ~0.4 ms, too much for every call, nothing for a settings
// change). It offers the Checker methods the service uses.
type policyChecker struct {
	policy func() password.Policy
	cur    atomic.Pointer[password.Checker]
}

func newPolicyChecker(policy func() password.Policy) *policyChecker {
	return &policyChecker{policy: policy}
}

// current returns the checker of the policy in force. Two callers racing
// after a change may both build one; either is right.
func (c *policyChecker) current() *password.Checker {
	p := c.policy().Effective()
	if cur := c.cur.Load(); cur != nil && cur.Policy() == p {
		return cur
	}
	next := password.NewChecker(p)
	c.cur.Store(next)
	return next
}

// Check is password.Checker.Check under the policy in force.
func (c *policyChecker) Check(pw string, personal ...string) error {
	return c.current().Check(pw, personal...)
}

// Violations is password.Checker.Violations under the policy in force.
func (c *policyChecker) Violations(pw string, personal ...string) []password.Violation {
	return c.current().Violations(pw, personal...)
}

// Policy is the effective policy in force.
func (c *policyChecker) Policy() password.Policy { return c.current().Policy() }

// CheckPassword tells whether pw passes the policy for the given person.
func (s *Service) CheckPassword(pw, login, fullName string) error {
	return s.checker.Check(pw, login, fullName)
}

// The sign-in failure message is one text for unknown user, wrong password
// and locked account (Đ7.6: reveal nothing).
var msgBadCredentials = locale.T("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa. Vui lòng thử lại sau.",
	"Wrong login or password, or the account is temporarily locked. Please try again later.")
