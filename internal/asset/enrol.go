package asset

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"attt/internal/asset/agentwire"
	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/secret"
)

// Enrolment is a token an officer issued for agents of an agency.
type Enrolment struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org_id"`
	OrgName   string    `json:"org_name,omitempty"`
	Label     string    `json:"label"`
	Offline   bool      `json:"offline"`
	ExpiresAt time.Time `json:"expires_at"`
	UsedAt    time.Time `json:"used_at,omitzero"`
	AgentID   string    `json:"agent_id,omitempty"`
	Revoked   bool      `json:"revoked"`
	CreatedAt time.Time `json:"created_at"`
	// Token is set only in the answer of CreateEnrolment.
	Token string `json:"token,omitempty"`
}

// EnrolmentInput asks for a token.
type EnrolmentInput struct {
	OrgID string `json:"org"`
	Label string `json:"label"`
	// Offline asks for a token of the off-network computer for secret
	// documents: it signs report files instead of enrolling, is not used
	// up, and marks the asset as that computer.
	Offline bool `json:"offline"`
	// Days the token stays valid (default from the configuration; offline
	// tokens up to 5 years).
	Days int `json:"days"`
}

var msgBadToken = locale.T("Mã đăng ký tác tử không hợp lệ, đã dùng hoặc đã hết hạn.",
	"The agent enrolment token is not valid, already used or expired.")

// CreateEnrolment issues an enrolment token for an agency; the token is
// returned once and only its hash is kept.
func (s *Service) CreateEnrolment(ctx context.Context, in EnrolmentInput) (*Enrolment, error) {
	in.Label = strings.TrimSpace(in.Label)
	if utf8.RuneCountInString(in.Label) > 200 {
		return nil, errs.New(errs.Invalid, locale.T("Ghi chú tối đa 200 ký tự.", "The label has at most 200 characters."))
	}
	ttl := s.cfg.EnrolmentTTL
	if in.Days != 0 {
		maxDays := 90
		if in.Offline {
			maxDays = 5 * 366
		}
		if in.Days < 1 || in.Days > maxDays {
			return nil, errs.New(errs.Invalid, locale.Tf("Thời hạn từ 1 đến %d ngày.", "Validity is 1 to %d days.", maxDays))
		}
		ttl = time.Duration(in.Days) * 24 * time.Hour
	}
	id := db.NewID()
	token := agentwire.TokenPrefix + id + "_" + secret.New(24)
	offlineKey := ""
	if in.Offline {
		offlineKey = agentwire.OfflineKey(token)
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.dir.Authorize(ctx, directory.PermAssetManage, in.OrgID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO agent_enrolments (id, org_id, token_hash, label, offline, offline_key, expires_at, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, id, in.OrgID, secret.Hash(token), in.Label, in.Offline, offlineKey,
			db.Millis(now.Add(ttl)), principal.From(ctx).PersonID, db.Millis(now))
		if err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "agent.enrolment.create", OrgID: in.OrgID, TargetType: "agent_enrolment", TargetID: id,
			After: map[string]any{"label": in.Label, "offline": in.Offline, "expires_at": now.Add(ttl)}})
	})
	if err != nil {
		return nil, err
	}
	e, err := s.enrolment(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	e.Token = token
	return e, nil
}

const enrolmentSelect = `SELECT e.id, e.org_id, o.name, e.label, e.offline, e.expires_at, e.used_at, e.agent_id, e.revoked, e.created_at
	FROM agent_enrolments e JOIN organisations o ON o.id = e.org_id`

func scanEnrolment(sc scanner) (*Enrolment, error) {
	var e Enrolment
	var exp, used, created int64
	if err := sc.Scan(&e.ID, &e.OrgID, &e.OrgName, &e.Label, &e.Offline, &exp, &used, &e.AgentID, &e.Revoked, &created); err != nil {
		return nil, err
	}
	e.ExpiresAt, e.UsedAt, e.CreatedAt = db.Time(exp), db.Time(used), db.Time(created)
	return &e, nil
}

func (s *Service) enrolment(ctx context.Context, q db.Querier, id string) (*Enrolment, error) {
	e, err := scanEnrolment(q.QueryRowContext(ctx, enrolmentSelect+` WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	return e, err
}

// ListEnrolments returns the tokens issued in the principal's reach
// (newest first), without the tokens themselves.
func (s *Service) ListEnrolments(ctx context.Context, orgID string) ([]Enrolment, error) {
	q := db.NewQuery(enrolmentSelect)
	if ok, err := s.dir.RestrictTo(ctx, q, directory.PermAssetManage, "e.org_id", orgID); !ok || err != nil {
		return nil, err
	}
	return queryAll(ctx, s.db.R, q.SQL()+` ORDER BY e.created_at DESC LIMIT 500`, q.Args, scanEnrolment)
}

// RevokeEnrolment withdraws a token; agents it already enrolled keep
// reporting (revoke those with RevokeAgent).
func (s *Service) RevokeEnrolment(ctx context.Context, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.enrolment(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.dir.Authorize(ctx, directory.PermAssetManage, e.OrgID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agent_enrolments SET revoked = TRUE WHERE id = $1`, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "agent.enrolment.revoke", OrgID: e.OrgID, TargetType: "agent_enrolment", TargetID: id})
	})
}

// claimToken finds the live, unused online enrolment a token names inside
// tx, comparing hashes in constant time.
func (s *Service) claimToken(ctx context.Context, tx *sql.Tx, token string) (id, orgID string, err error) {
	eid := agentwire.TokenID(token)
	if eid == "" {
		return "", "", errs.New(errs.Unauthenticated, msgBadToken)
	}
	var hash string
	var offline, revoked bool
	var exp, used int64
	err = tx.QueryRowContext(ctx, `SELECT org_id, token_hash, offline, expires_at, used_at, revoked FROM agent_enrolments WHERE id = $1`, eid).
		Scan(&orgID, &hash, &offline, &exp, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errs.New(errs.Unauthenticated, msgBadToken)
	}
	if err != nil {
		return "", "", err
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(secret.Hash(token))) != 1 || revoked || offline || db.Millis(s.now()) > exp || used != 0 {
		return "", "", errs.New(errs.Unauthenticated, msgBadToken)
	}
	return eid, orgID, nil
}
