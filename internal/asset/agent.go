package asset

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"attt/internal/asset/agentwire"
	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// Agent is an enrolled endpoint agent.
type Agent struct {
	ID           string    `json:"id"`
	OrgID        string    `json:"org_id"`
	AssetID      string    `json:"asset_id"`
	AssetName    string    `json:"asset_name"`
	Hostname     string    `json:"hostname"`
	Version      string    `json:"version"`
	EnrolledAt   time.Time `json:"enrolled_at"`
	LastReportAt time.Time `json:"last_report_at,omitzero"`
	Revoked      bool      `json:"revoked"`
	// Stale is set when the agent has not reported for Rules.StaleAfter.
	Stale bool `json:"stale"`
}

// ReportInterval is how often agents are asked to report.
const ReportInterval = time.Hour

// Enroll exchanges a one-time enrolment token for an agent identity and
// signing secret. The agent's asset is the agency's computer of that host
// name when there is one, else a new workstation. No principal is needed:
// the token is the credential, and it only ever reaches its own agency.
func (s *Service) Enroll(ctx context.Context, req agentwire.EnrollRequest) (*agentwire.EnrollResponse, error) {
	host := strings.ToLower(strings.TrimSpace(req.Hostname))
	if !validHostname(host) || len(req.Version) > 64 {
		return nil, errs.New(errs.Invalid, locale.T("Tên máy không hợp lệ.", "The host name is not valid."))
	}
	secretRaw := make([]byte, 32)
	rand.Read(secretRaw)
	res := &agentwire.EnrollResponse{AgentID: db.NewID(), Secret: hex.EncodeToString(secretRaw), Interval: int(ReportInterval.Seconds())}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		eid, orgID, err := s.claimToken(ctx, tx, req.Token)
		if err != nil {
			return err
		}
		now := db.Millis(s.now())
		r, err := tx.ExecContext(ctx, `UPDATE agent_enrolments SET used_at = $1, agent_id = $2 WHERE id = $3 AND used_at = 0`, now, res.AgentID, eid)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return errs.New(errs.Unauthenticated, msgBadToken)
		}
		if res.AssetID, err = s.hostAsset(ctx, tx, orgID, host, false); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO agents (id, org_id, asset_id, secret, hostname, version, enrolled_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
			res.AgentID, orgID, res.AssetID, res.Secret, host, req.Version, now)
		if err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "agent.enroll", OrgID: orgID, TargetType: "asset", TargetID: res.AssetID,
			ActorLogin: "agent:" + host, After: map[string]string{"agent": res.AgentID, "hostname": host, "enrolment": eid}})
	})
	return res, err
}

// hostAsset returns the agency's computer known by host (name or host
// name), creating a workstation for it when there is none.
func (s *Service) hostAsset(ctx context.Context, tx *sql.Tx, orgID, host string, secret bool) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, hostnames FROM assets WHERE org_id = $1 AND NOT retired AND kind IN `+computerKinds, orgID)
	if err != nil {
		return "", err
	}
	var found string
	for rows.Next() {
		var id, name, hosts string
		if err := rows.Scan(&id, &name, &hosts); err != nil {
			rows.Close()
			return "", err
		}
		if found == "" && (strings.EqualFold(name, host) || slices.Contains(lines(hosts), host)) {
			found = id
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || found != "" {
		return found, err
	}
	id, now := db.NewID(), db.Millis(s.now())
	in := Input{Kind: KindWorkstation, Name: host, Hostnames: []string{host}, SecretMachine: secret}
	_, err = tx.ExecContext(ctx, `INSERT INTO assets (id, org_id, kind, name, criticality, hostnames, secret_machine, search_text, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9)`, id, orgID, KindWorkstation, host, CritMedium, host, secret, searchText(in), now)
	if db.IsUniqueViolation(err) {
		return "", errs.New(errs.Conflict, msgNameTaken)
	}
	return id, err
}

var msgBadReport = locale.T("Báo cáo của tác tử không hợp lệ.", "The agent's report is not valid.")

// SignedReport is an agent report as it arrived: the signature headers and
// the raw body.
type SignedReport struct {
	AgentID, Timestamp, Nonce, Signature string
	Body                                 []byte
}

// Report checks and applies an agent's signed report: the agent exists and
// is not revoked, the signature is right, the timestamp is within the
// window, the nonce is new, the body decodes. An agent writes only to its
// own asset, so never to another agency's.
func (s *Service) Report(ctx context.Context, in SignedReport) error {
	if int64(len(in.Body)) > s.cfg.MaxReportBytes {
		return errs.New(errs.TooLarge, locale.T("Báo cáo quá lớn.", "The report is too large."))
	}
	var orgID, assetID, secret string
	var revoked bool
	err := s.db.R.QueryRowContext(ctx, `SELECT org_id, asset_id, secret, revoked FROM agents WHERE id = $1`, in.AgentID).Scan(&orgID, &assetID, &secret, &revoked)
	if errors.Is(err, sql.ErrNoRows) || revoked || (err == nil && !agentwire.Verify(secret, in.Timestamp, in.Nonce, in.Body, in.Signature)) {
		return errs.New(errs.Unauthenticated, locale.T("Tác tử không được xác thực.", "The agent is not authenticated."))
	}
	if err != nil {
		return err
	}
	if err := s.fresh(in.Timestamp, in.Nonce); err != nil {
		return err
	}
	rep, err := agentwire.DecodeReport(in.Body)
	if err != nil {
		return errs.Wrap(errs.Invalid, msgBadReport, err)
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.useNonce(ctx, tx, in.AgentID, in.Nonce); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agents SET last_report_at = $1, hostname = $2, version = $3, stale_since = 0 WHERE id = $4`,
			db.Millis(s.now()), strings.ToLower(rep.Hostname), rep.AgentVersion, in.AgentID); err != nil {
			return err
		}
		return s.apply(ctx, tx, orgID, assetID, "agent:"+in.AgentID, rep)
	})
}

// fresh checks a report's timestamp against the window and the nonce's
// shape.
func (s *Service) fresh(timestamp, nonce string) error {
	sec, err := parseInt(timestamp)
	if len(nonce) < 16 || len(nonce) > 64 || err != nil {
		return errs.New(errs.Invalid, msgBadReport)
	}
	if d := s.now().Sub(time.Unix(sec, 0)); d > s.cfg.ReportWindow || d < -s.cfg.ReportWindow {
		return errs.New(errs.Unauthenticated, locale.T("Đồng hồ của máy lệch quá nhiều hoặc báo cáo đã cũ.",
			"The machine's clock is too far off or the report is old."))
	}
	return nil
}

// useNonce records a nonce, refusing one already seen (a replay), and
// forgets online nonces older than twice the window (the timestamp check
// refuses those reports anyway); offline file nonces are kept.
func (s *Service) useNonce(ctx context.Context, tx *sql.Tx, agentID, nonce string) error {
	now := db.Millis(s.now())
	if _, err := tx.ExecContext(ctx, `DELETE FROM agent_nonces WHERE seen_at < $1 AND agent_id NOT LIKE 'offline:%'`, now-2*s.cfg.ReportWindow.Milliseconds()); err != nil {
		return err
	}
	err := db.Savepoint(ctx, tx, func() error {
		_, err := tx.ExecContext(ctx, `INSERT INTO agent_nonces (agent_id, nonce, seen_at) VALUES ($1,$2,$3)`, agentID, nonce, now)
		return err
	})
	if db.IsUniqueViolation(err) {
		return errs.New(errs.Conflict, locale.T("Báo cáo này đã được gửi trước đó.", "This report was already received."))
	}
	return err
}

// parseInt reads Unix seconds: digits only, at most 12 of them.
func parseInt(s string) (int64, error) {
	if s == "" || len(s) > 12 || strings.Trim(s, "0123456789") != "" {
		return 0, errors.New("bad number")
	}
	return strconv.ParseInt(s, 10, 64)
}

// ListAgents returns the agents in the principal's reach.
func (s *Service) ListAgents(ctx context.Context, orgID string) ([]Agent, error) {
	q := db.NewQuery(`SELECT g.id, g.org_id, g.asset_id, a.name, g.hostname, g.version, g.enrolled_at, g.last_report_at, g.revoked
		FROM agents g JOIN assets a ON a.id = g.asset_id`)
	if ok, err := s.dir.RestrictTo(ctx, q, directory.PermAssetRead, "g.org_id", orgID); !ok || err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+` ORDER BY g.hostname LIMIT 5000`, q.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Agent{}
	cut := s.now().Add(-s.cfg.Rules.StaleAfter)
	for rows.Next() {
		var g Agent
		var enrolled, last int64
		if err := rows.Scan(&g.ID, &g.OrgID, &g.AssetID, &g.AssetName, &g.Hostname, &g.Version, &enrolled, &last, &g.Revoked); err != nil {
			return nil, err
		}
		g.EnrolledAt, g.LastReportAt = db.Time(enrolled), db.Time(last)
		g.Stale = !g.Revoked && (last == 0 && g.EnrolledAt.Before(cut) || last != 0 && g.LastReportAt.Before(cut))
		out = append(out, g)
	}
	return out, rows.Err()
}

// RevokeAgent stops an agent: its reports are refused from now on.
func (s *Service) RevokeAgent(ctx context.Context, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var orgID, assetID string
		err := tx.QueryRowContext(ctx, `SELECT org_id, asset_id FROM agents WHERE id = $1`, id).Scan(&orgID, &assetID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		if err != nil {
			return err
		}
		if err := s.dir.Authorize(ctx, directory.PermAssetManage, orgID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agents SET revoked = TRUE WHERE id = $1`, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "agent.revoke", OrgID: orgID, TargetType: "asset", TargetID: assetID, After: map[string]string{"agent": id}})
	})
}
