package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/secret"
)

// Session is a signed-in browser or API client.
type Session struct {
	IDHash     string
	PersonID   string
	CSRF       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	// EnrolTOTP restricts the session to enrolling a second factor.
	EnrolTOTP bool
}

var msgSessionEnded = locale.T("Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.", "Your session has ended; please sign in again.")

// tokenPrefix marks API tokens, so a bearer value says which table to read.
const tokenPrefix = "attt_"

func (s *Service) newSession(ctx context.Context, tx *sql.Tx, personID, ip, ua string, enrol bool) (token, csrf string, expires time.Time, err error) {
	token, csrf = secret.New(32), secret.New(24)
	now := s.now()
	expires = now.Add(s.conf().SessionAbsolute).UTC()
	_, err = tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, person_id, csrf, ip, user_agent, created_at, last_seen_at, expires_at, mfa_pending)
		VALUES ($1,$2,$3,$4,$5,$6,$6,$7,$8)`, secret.Hash(token), personID, csrf, ip, truncate(ua, 300), db.Millis(now), db.Millis(expires), enrol)
	return token, csrf, expires, err
}

// Authenticate turns a session token or an API token into the principal it
// stands for. It refuses ended, idle and absolute-expired sessions, revoked
// or expired tokens, and accounts that are no longer active.
func (s *Service) Authenticate(ctx context.Context, token, ip, ua string) (*principal.Principal, *Session, error) {
	if token == "" {
		return nil, nil, errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	if strings.HasPrefix(token, tokenPrefix) {
		p, err := s.authenticateToken(ctx, token)
		if err == nil {
			p.IP, p.UserAgent = ip, ua
		}
		return p, nil, err
	}
	var sess Session
	var created, seen, expires int64
	err := s.db.R.QueryRowContext(ctx, `SELECT id_hash, person_id, csrf, created_at, last_seen_at, expires_at, mfa_pending FROM sessions WHERE id_hash = $1`,
		secret.Hash(token)).Scan(&sess.IDHash, &sess.PersonID, &sess.CSRF, &created, &seen, &expires, &sess.EnrolTOTP)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	if err != nil {
		return nil, nil, err
	}
	sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt = db.Time(created), db.Time(seen), db.Time(expires)
	now := s.now()
	// Timeouts shortened while attt runs apply to open sessions too: the
	// absolute limit is counted from the start as well as stored.
	cfg := s.conf()
	if now.After(sess.ExpiresAt) || now.Sub(sess.CreatedAt) > cfg.SessionAbsolute || now.Sub(sess.LastSeenAt) > cfg.SessionIdle {
		_, _ = s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, sess.IDHash)
		return nil, nil, errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	p, err := s.activePrincipal(ctx, sess.PersonID)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeenAt) > 30*time.Second {
		if _, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, db.Millis(now), sess.IDHash); err != nil {
			return nil, nil, err
		}
	}
	p.SessionID, p.IP, p.UserAgent = sess.IDHash, ip, ua
	return p, &sess, nil
}

func (s *Service) activePrincipal(ctx context.Context, personID string) (*principal.Principal, error) {
	p, err := s.dir.LoadPrincipal(ctx, personID)
	if err != nil {
		return nil, errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	person, err := s.dir.GetPerson(principal.With(ctx, p), personID)
	if err != nil || person.Status != directory.StatusActive {
		return nil, errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	return p, nil
}

// Logout ends the session the principal in ctx signed in with.
func (s *Service) Logout(ctx context.Context) error {
	p := principal.From(ctx)
	if p == nil || p.SessionID == "" {
		return nil
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, p.SessionID); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "auth.logout", OrgID: p.OrgID, TargetType: "person", TargetID: p.PersonID})
	})
}

// endAccessTx ends every session and API token of a person.
func (s *Service) endAccessTx(ctx context.Context, tx *sql.Tx, personID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, personID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE person_id = $2 AND revoked_at = 0`, db.Millis(s.now()), personID)
	return err
}

// PruneSessions deletes expired sessions; the server runs it periodically.
func (s *Service) PruneSessions(ctx context.Context) error {
	now := s.now()
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`,
		db.Millis(now), db.Millis(now.Add(-s.conf().SessionIdle)))
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
