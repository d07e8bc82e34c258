// Package auth is the accounts room (S2): passwords under the regulation's
// rule (Đ7.1, Đ7.5), lockout after failed sign-ins (Đ7.6), sessions, TOTP,
// API tokens, one-time links instead of default passwords, and the account
// lifecycle through offboarding (Đ7.4). Identity and scope belong to the
// directory; this room owns credentials and the ways in.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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
	db      *db.DB
	trail   *audit.Trail
	dir     *directory.Service
	cfg     Config
	checker *password.Checker
	hashing Admitter
	now     func() time.Time
	dummy   string
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
	return &Service{db: d, trail: trail, dir: dir, cfg: cfg, checker: password.NewChecker(cfg.Policy), hashing: hashing, now: now, dummy: dummy}, nil
}

// Config returns the effective configuration.
func (s *Service) Config() Config { return s.cfg }

// CheckPassword tells whether pw passes the policy for the given person.
func (s *Service) CheckPassword(pw, login, fullName string) error {
	return s.checker.Check(pw, login, fullName)
}

// newSecret returns n random bytes as unpadded base64url.
func newSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how secrets sent by clients are stored: a plain SHA-256 is
// enough for 256-bit random values.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// The sign-in failure message is one text for unknown user, wrong password
// and locked account (Đ7.6: reveal nothing).
var msgBadCredentials = locale.T("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa. Vui lòng thử lại sau.",
	"Wrong login or password, or the account is temporarily locked. Please try again later.")
