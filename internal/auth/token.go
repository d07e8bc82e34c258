package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/secret"
)

// Token is an API token for machines. Its secret is shown once at creation
// and stored only as a hash; it acts with its owner's grants.
type Token struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	// Secret is set only in CreateToken's answer.
	Secret string `json:"token,omitempty"`
}

// CreateToken issues an API token for the signed-in person, valid for ttl
// (at most TokenMaxTTL).
func (s *Service) CreateToken(ctx context.Context, name string, ttl time.Duration) (*Token, error) {
	p := principal.From(ctx)
	if p == nil || p.PersonID == "" {
		return nil, errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return nil, errs.New(errs.Invalid, locale.T("Hãy đặt tên cho mã truy cập (tối đa 100 ký tự).", "Give the token a name (at most 100 characters)."))
	}
	if ttl <= 0 {
		ttl = min(90*24*time.Hour, s.cfg.TokenMaxTTL)
	}
	if ttl > s.cfg.TokenMaxTTL {
		return nil, errs.New(errs.Invalid, locale.Tf("Thời hạn của mã truy cập tối đa là %d ngày.", "A token is valid for at most %d days.", int(s.cfg.TokenMaxTTL.Hours()/24)))
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	t := &Token{ID: db.NewID(), Name: name, CreatedAt: now, ExpiresAt: now.Add(ttl), Secret: tokenPrefix + secret.New(32)}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, person_id, name, token_hash, created_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6)`,
			t.ID, p.PersonID, t.Name, secret.Hash(t.Secret), db.Millis(now), db.Millis(t.ExpiresAt)); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "token.create", OrgID: p.OrgID, TargetType: "token", TargetID: t.ID,
			After: map[string]any{"name": t.Name, "expires_at": t.ExpiresAt}})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// ListTokens returns the signed-in person's tokens, newest first.
func (s *Service) ListTokens(ctx context.Context) ([]Token, error) {
	p := principal.From(ctx)
	if p == nil || p.PersonID == "" {
		return nil, errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, name, created_at, expires_at, revoked_at, last_used_at FROM api_tokens WHERE person_id = $1 ORDER BY created_at DESC`, p.PersonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var c, e, r, u int64
		if err := rows.Scan(&t.ID, &t.Name, &c, &e, &r, &u); err != nil {
			return nil, err
		}
		t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt = db.Time(c), db.Time(e), db.Time(r), db.Time(u)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends one of the signed-in person's tokens.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	p := principal.From(ctx)
	if p == nil || p.PersonID == "" {
		return errs.New(errs.Unauthenticated, msgSessionEnded)
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND person_id = $3 AND revoked_at = 0`, db.Millis(s.now()), id, p.PersonID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, locale.T("Không tìm thấy mã truy cập.", "Token not found."))
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "token.revoke", OrgID: p.OrgID, TargetType: "token", TargetID: id})
	})
}

func (s *Service) authenticateToken(ctx context.Context, token string) (*principal.Principal, error) {
	var id, personID string
	var expires, revoked int64
	err := s.db.R.QueryRowContext(ctx, `SELECT id, person_id, expires_at, revoked_at FROM api_tokens WHERE token_hash = $1`, secret.Hash(token)).
		Scan(&id, &personID, &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (revoked != 0 || s.now().After(db.Time(expires)))) {
		return nil, errs.New(errs.Unauthenticated, locale.T("Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.", "The token is invalid, expired or revoked."))
	}
	if err != nil {
		return nil, err
	}
	p, err := s.activePrincipal(ctx, personID)
	if err != nil {
		return nil, err
	}
	_, _ = s.db.W.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, db.Millis(s.now()), id)
	p.TokenID = id
	return p, nil
}
