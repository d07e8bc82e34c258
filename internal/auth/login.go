package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode"

	"attt/internal/audit"
	"attt/internal/auth/password"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// LoginRequest is a sign-in attempt.
type LoginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	TOTP     string `json:"totp"`
	// Device is the device cookie of a browser that signed in before.
	Device    string `json:"-"`
	IP        string `json:"-"`
	UserAgent string `json:"-"`
}

// LoginResult is a new session.
type LoginResult struct {
	Token     string
	CSRF      string
	ExpiresAt time.Time
	Person    *directory.Person
	// Device is a new device cookie to hand the client, when one was issued.
	Device string
	// EnrolTOTP is set when the person's role requires two-factor sign-in
	// and they have not enrolled yet: the session can only enrol.
	EnrolTOTP bool
}

// Login signs a person in. Unknown login, wrong password and locked account
// fail with one error (Unauthenticated, same message) after the same work:
// one Argon2id verification. The failure counter is raised atomically before
// the password is checked, so parallel guesses cannot pass the threshold.
func (s *Service) Login(ctx context.Context, req LoginRequest) (*LoginResult, error) {
	failure := func(orgID, personID, note string) error {
		_ = s.trail.AppendNow(ctx, audit.Event{Action: "auth.login.failure", OrgID: orgID, TargetType: "person", TargetID: personID,
			ActorLogin: printable(req.Login, 64), IP: req.IP, UserAgent: req.UserAgent, Note: note})
		return errs.New(errs.Unauthenticated, msgBadCredentials)
	}
	p, err := s.dir.PersonByLogin(ctx, req.Login)
	if errs.Is(err, errs.NotFound) {
		if err := s.burn(ctx, nil, req.Password); err != nil {
			return nil, err
		}
		return nil, failure("", "", "unknown login")
	}
	if err != nil {
		return nil, err
	}
	dev := s.trustedDevice(ctx, req.Device, p.ID)
	// Attempts on an account that cannot sign in are not counted: a count
	// left at the threshold would outlive a reactivation.
	if p.Status != directory.StatusActive {
		if err := s.burn(ctx, dev, req.Password); err != nil {
			return nil, err
		}
		return nil, failure(p.OrgID, p.ID, "account "+string(p.Status))
	}
	// One reading of the rules for the whole attempt: an administrator
	// may change the threshold meanwhile (package settings).
	threshold := s.conf().LockoutThreshold
	var attempt int
	if dev != nil {
		attempt, err = s.countDeviceAttempt(ctx, dev, threshold)
		if err == nil && attempt == 0 && !s.deviceLocked(ctx, dev) {
			// The device's counter stands at or above a threshold lowered
			// since its failures: it has no place left and no lock to
			// end, so the attempt falls back to the account's own lane.
			dev = nil
		}
	}
	if dev == nil && err == nil {
		attempt, err = s.countAttempt(ctx, p.ID, threshold)
	}
	if err != nil {
		return nil, err
	}
	if attempt == 0 || attempt > threshold {
		if err := s.burn(ctx, dev, req.Password); err != nil {
			return nil, err
		}
		return nil, failure(p.OrgID, p.ID, "account locked")
	}
	cred, err := s.credentials(ctx, s.db.R, p.ID)
	if err != nil {
		s.uncount(ctx, p.ID, dev)
		return nil, err
	}
	var ok, rehash bool
	if err := s.hash(ctx, dev, func() { ok, rehash, _ = password.Verify(req.Password, cred.hash, s.cfg.Hash) }); err != nil {
		s.uncount(ctx, p.ID, dev)
		return nil, err
	}
	if !ok {
		if attempt >= threshold {
			lock := func() error { return s.lock(ctx, p, "password") }
			if dev != nil {
				lock = func() error { return s.lockDevice(ctx, dev) }
			}
			if err := lock(); err != nil {
				return nil, err
			}
		}
		return nil, failure(p.OrgID, p.ID, "wrong password")
	}
	if cred.totpEnabled {
		// The password was right: from here only the second factor's own
		// counter applies, so its failures cannot jam this one.
		if err := s.clearCount(ctx, p.ID, dev); err != nil {
			return nil, err
		}
		if err := s.checkTOTP(ctx, p, cred, req); err != nil {
			return nil, err
		}
	}
	return s.startSession(ctx, p, cred, req, rehash, dev)
}

// burn spends the same work as a real verification, for attempts that fail
// before one.
func (s *Service) burn(ctx context.Context, dev *device, pw string) error {
	return s.hash(ctx, dev, func() { _, _, _ = password.Verify(pw, s.dummy, s.cfg.Hash) })
}

// countAttempt raises the failure counter of an unlocked account and returns
// its new value; 0 means the account is locked, has no password yet or has
// as many attempts in flight as the threshold allows (the counter never
// passes it, so an attempt refused without a check holds no place).
func (s *Service) countAttempt(ctx context.Context, personID string, threshold int) (int, error) {
	var n int
	now := s.now()
	err := s.db.W.QueryRowContext(ctx, `UPDATE credentials SET failed_count = failed_count + 1, last_failed_at = $2
		WHERE person_id = $1 AND locked_until <= $2 AND password_hash <> '' AND failed_count < $3 RETURNING failed_count`,
		personID, db.Millis(now), threshold).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		// A counter at the threshold whose last failure is older than
		// any attempt can take is not attempts in flight: the threshold
		// was lowered since (or a node stopped mid-attempt). This attempt
		// takes the last place, so a wrong password locks the account now.
		err = s.db.W.QueryRowContext(ctx, `UPDATE credentials SET failed_count = $3, last_failed_at = $2
			WHERE person_id = $1 AND locked_until <= $2 AND password_hash <> '' AND failed_count >= $3 AND last_failed_at < $4
			RETURNING failed_count`, personID, db.Millis(now), threshold, db.Millis(now.Add(-attemptSettled))).Scan(&n)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, errs.Wrap(errs.Internal, locale.T("Lỗi hệ thống.", "Internal error."), err)
	}
	return n, nil
}

// attemptSettled is longer than any sign-in attempt can last (the hashing
// queue turns waiters away after seconds): a failure counted longer ago
// than this is not in flight any more.
const attemptSettled = time.Minute

// uncount takes back the count of an attempt whose password was never
// checked (the hashing queue turned it away), so it cannot hold the
// threshold's place with no lock to follow. It runs even when ctx has ended.
func (s *Service) uncount(ctx context.Context, personID string, dev *device) {
	ctx = context.WithoutCancel(ctx)
	if dev != nil {
		_, _ = s.db.W.ExecContext(ctx, `UPDATE trusted_devices SET failed_count = failed_count - 1 WHERE id_hash = $1 AND failed_count > 0`, dev.idHash)
		return
	}
	_, _ = s.db.W.ExecContext(ctx, `UPDATE credentials SET failed_count = failed_count - 1 WHERE person_id = $1 AND failed_count > 0`, personID)
}

// clearCount forgets the password failures counted on the account (or the
// trusted device) once the password proved right.
func (s *Service) clearCount(ctx context.Context, personID string, dev *device) error {
	if dev != nil {
		_, err := s.db.W.ExecContext(ctx, `UPDATE trusted_devices SET failed_count = 0 WHERE id_hash = $1`, dev.idHash)
		return err
	}
	_, err := s.db.W.ExecContext(ctx, `UPDATE credentials SET failed_count = 0 WHERE person_id = $1`, personID)
	return err
}

// lock locks an account; each lock without a successful sign-in since the
// last one lasts twice as long, up to LockoutMax.
func (s *Service) lock(ctx context.Context, p *directory.Person, factor string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT lock_count FROM credentials WHERE person_id = $1`, p.ID).Scan(&count); err != nil {
			return err
		}
		cfg := s.conf()
		d := cfg.LockoutDuration
		for i := 0; i < count && d < cfg.LockoutMax; i++ {
			d *= 2
		}
		d = min(d, cfg.LockoutMax)
		until := s.now().Add(d)
		if _, err := tx.ExecContext(ctx, `UPDATE credentials SET locked_until = $1, lock_count = lock_count + 1, failed_count = 0, totp_failed_count = 0
			WHERE person_id = $2`, db.Millis(until), p.ID); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "auth.lockout", OrgID: p.OrgID, TargetType: "person", TargetID: p.ID, ActorLogin: p.Login,
			After: map[string]any{"locked_until": until.UTC(), "duration": d.String(), "factor": factor}})
	})
}

// startSession ends a successful sign-in: counters reset, hash upgraded when
// its parameters are outdated, a fresh session id issued.
func (s *Service) startSession(ctx context.Context, p *directory.Person, cred *credential, req LoginRequest, rehash bool, dev *device) (*LoginResult, error) {
	res := &LoginResult{Person: p}
	if roles := s.conf().TOTPRoles; !cred.totpEnabled && len(roles) > 0 {
		pr, err := s.dir.LoadPrincipal(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		res.EnrolTOTP = pr.HasRole(roles...)
	}
	var newHash string
	if rehash {
		if err := s.hash(ctx, dev, func() { newHash, _ = password.Hash(req.Password, s.cfg.Hash) }); err != nil {
			return nil, err
		}
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Millis(s.now())
		// A sign-in from a trusted device leaves the account's own counter
		// alone: strangers may still be guessing at it.
		reset := `UPDATE credentials SET failed_count = 0, totp_failed_count = 0, lock_count = 0, last_login_at = $1 WHERE person_id = $2`
		if dev != nil {
			reset = `UPDATE credentials SET totp_failed_count = 0, last_login_at = $1 WHERE person_id = $2`
		}
		if _, err := tx.ExecContext(ctx, reset, now, p.ID); err != nil {
			return err
		}
		var err error
		if res.Device, err = s.rememberDeviceTx(ctx, tx, dev, p.ID); err != nil {
			return err
		}
		if newHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE credentials SET password_hash = $1 WHERE person_id = $2`, newHash, p.ID); err != nil {
				return err
			}
		}
		res.Token, res.CSRF, res.ExpiresAt, err = s.newSession(ctx, tx, p.ID, req.IP, req.UserAgent, res.EnrolTOTP)
		if err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "auth.login.success", OrgID: p.OrgID, TargetType: "person", TargetID: p.ID,
			ActorID: p.ID, ActorLogin: p.Login, IP: req.IP, UserAgent: req.UserAgent, After: map[string]bool{"hash_upgraded": newHash != "", "totp": cred.totpEnabled, "trusted_device": dev != nil}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// credential is an account's stored secrets.
type credential struct {
	hash          string
	totpSecret    string
	totpPending   string
	totpEnabled   bool
	totpLastStep  int64
	lockedUntil   time.Time
	failedCount   int
	lastLoginAt   time.Time
	passwordSetAt time.Time
}

func (s *Service) credentials(ctx context.Context, q db.Querier, personID string) (*credential, error) {
	var c credential
	var locked, last, set int64
	err := q.QueryRowContext(ctx, `SELECT password_hash, totp_secret, totp_pending, totp_enabled, totp_last_step, locked_until, failed_count, last_login_at, password_changed_at
		FROM credentials WHERE person_id = $1`, personID).Scan(&c.hash, &c.totpSecret, &c.totpPending, &c.totpEnabled, &c.totpLastStep, &locked, &c.failedCount, &last, &set)
	if errors.Is(err, sql.ErrNoRows) {
		return &credential{}, nil
	}
	c.lockedUntil, c.lastLoginAt, c.passwordSetAt = db.Time(locked), db.Time(last), db.Time(set)
	return &c, err
}

// printable keeps what a person typed as a login fit for the audit trail:
// valid UTF-8 without control characters, at most n characters.
func printable(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	out := make([]rune, 0, min(len(s), n))
	for _, r := range s {
		if len(out) == n {
			break
		}
		if unicode.IsControl(r) {
			r = '\uFFFD'
		}
		out = append(out, r)
	}
	return string(out)
}
