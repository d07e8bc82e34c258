package auth

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"attt/internal/db"
	"attt/internal/secret"
)

// Device cookies (after OWASP's "slow down online guessing with device
// cookies"): a browser that signed in successfully gets a long-lived random
// token. Later sign-ins presenting it for the same person count their
// failures on that device, and their hashing may use a reserved slot, so an
// attacker guessing from thousands of addresses can lock the account for
// everyone else (Đ7.6 still applies to them) but not for its owner's own
// devices, and cannot make the owner wait behind the flood (Đ7.7).

// deviceTTL is how long a device stays trusted without a sign-in.
const deviceTTL = 180 * 24 * time.Hour

// TrustedAdmitter is an Admitter that can favour work of trusted devices;
// *guard.WorkQueue satisfies it.
type TrustedAdmitter interface {
	Admitter
	DoTrusted(ctx context.Context, fn func()) error
}

// device is a trusted device presented with a sign-in.
type device struct {
	idHash string
}

// trustedDevice returns the device behind token if it is trusted for
// personID, or nil.
func (s *Service) trustedDevice(ctx context.Context, token, personID string) *device {
	if token == "" {
		return nil
	}
	h := secret.Hash(token)
	var owner string
	var expires int64
	err := s.db.R.QueryRowContext(ctx, `SELECT person_id, expires_at FROM trusted_devices WHERE id_hash = $1`, h).Scan(&owner, &expires)
	if err != nil || owner != personID || s.now().After(db.Time(expires)) {
		return nil
	}
	return &device{idHash: h}
}

// countDeviceAttempt raises the device's failure counter unless it is
// locked or already at the threshold; 0 means refused.
func (s *Service) countDeviceAttempt(ctx context.Context, d *device, threshold int) (int, error) {
	var n int
	now := db.Millis(s.now())
	err := s.db.W.QueryRowContext(ctx, `UPDATE trusted_devices SET failed_count = failed_count + 1
		WHERE id_hash = $1 AND locked_until <= $2 AND failed_count < $3 RETURNING failed_count`, d.idHash, now, threshold).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// deviceLocked reports whether the device is locked now (or cannot be
// read, which refuses like a lock).
func (s *Service) deviceLocked(ctx context.Context, d *device) bool {
	var until int64
	err := s.db.R.QueryRowContext(ctx, `SELECT locked_until FROM trusted_devices WHERE id_hash = $1`, d.idHash).Scan(&until)
	return err != nil || until > db.Millis(s.now())
}

// lockDevice stops a trusted device after too many failures; the account's
// own lock is separate.
func (s *Service) lockDevice(ctx context.Context, d *device) error {
	_, err := s.db.W.ExecContext(ctx, `UPDATE trusted_devices SET locked_until = $1, failed_count = 0 WHERE id_hash = $2`,
		db.Millis(s.now().Add(s.conf().LockoutDuration)), d.idHash)
	return err
}

// rememberDeviceTx records the device of a successful sign-in: the
// presented one is refreshed, or a new token is issued and returned.
func (s *Service) rememberDeviceTx(ctx context.Context, tx *sql.Tx, d *device, personID string) (string, error) {
	now := s.now()
	if d != nil {
		_, err := tx.ExecContext(ctx, `UPDATE trusted_devices SET failed_count = 0, last_used_at = $1, expires_at = $2 WHERE id_hash = $3`,
			db.Millis(now), db.Millis(now.Add(deviceTTL)), d.idHash)
		return "", err
	}
	token := secret.New(32)
	_, err := tx.ExecContext(ctx, `INSERT INTO trusted_devices (id_hash, person_id, created_at, last_used_at, expires_at) VALUES ($1,$2,$3,$3,$4)`,
		secret.Hash(token), personID, db.Millis(now), db.Millis(now.Add(deviceTTL)))
	return token, err
}

// hash runs password work through the queue, in the trusted lane for a
// trusted device when the queue has one.
func (s *Service) hash(ctx context.Context, d *device, fn func()) error {
	if t, ok := s.hashing.(TrustedAdmitter); ok && d != nil {
		return t.DoTrusted(ctx, fn)
	}
	return s.hashing.Do(ctx, fn)
}
