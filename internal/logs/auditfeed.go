package logs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/logs/parse"
	"attt/internal/logs/store"
)

// AuditSource is the source id of attt's own audit events in the log
// store, so they are searched with everything else (S5 point 5).
const AuditSource = "attt-audit"

const auditCursor = "audit"

// feedAudit copies audit records not yet in the log store, in order, a
// batch at a time, and advances the cursor once the copy is durable. A
// crash between the two copies a batch twice; nothing is skipped.
func (s *Service) feedAudit(ctx context.Context) (int, error) {
	var from int64
	err := s.db.R.QueryRowContext(ctx, `SELECT position FROM log_cursors WHERE name = $1`, auditCursor).Scan(&from)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	recs, last, err := s.auditAfter(ctx, from, 5000)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	ack, err := s.store.Append(ctx, recs)
	if err != nil {
		return 0, err
	}
	if err := ack.Wait(ctx); err != nil {
		return 0, err
	}
	now := db.Millis(s.opt.Now())
	_, err = s.db.W.ExecContext(ctx, `INSERT INTO log_cursors (name, position, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`, auditCursor, last, now)
	return len(recs), err
}

// auditAfter reads up to n audit records after seq as log records.
func (s *Service) auditAfter(ctx context.Context, seq int64, n int) ([]store.Record, int64, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT seq, at, actor_login, org_id, action, target_type, target_id, ip, note
		FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`, seq, n)
	if err != nil {
		return nil, seq, fmt.Errorf("logs: audit feed: %w", err)
	}
	defer rows.Close()
	var out []store.Record
	for rows.Next() {
		var a auditRow
		var at int64
		if err := rows.Scan(&a.Seq, &at, &a.Actor, &a.Org, &a.Action, &a.TargetType, &a.TargetID, &a.IP, &a.Note); err != nil {
			return nil, seq, err
		}
		seq = a.Seq
		out = append(out, a.record(db.Time(at)))
	}
	return out, seq, rows.Err()
}

type auditRow struct {
	Seq        int64  `json:"seq"`
	Actor      string `json:"actor"`
	Org        string `json:"org_id"`
	Action     string `json:"action"`
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	IP         string `json:"ip"`
	Note       string `json:"note,omitempty"`
}

// record is the log event of one audit record: host "attt", app
// "attt-audit", fields audit.*; failures and refusals are warnings.
func (a auditRow) record(at time.Time) store.Record {
	raw, _ := json.Marshal(a)
	msg := strings.TrimSpace(fmt.Sprintf("%s %s %s %s %s", a.Action, a.TargetType, a.TargetID, a.Actor, a.Note))
	sev := parse.SeverityNotice
	if strings.Contains(a.Action, "fail") || strings.Contains(a.Action, "lock") || strings.Contains(a.Action, "denied") {
		sev = parse.SeverityWarning
	}
	return store.Record{Org: a.Org, Source: AuditSource, Peer: a.IP, Time: at.UTC(), Received: at.UTC(), Host: "attt", App: "attt-audit",
		Facility: 13, Severity: sev, Format: "audit", Message: msg, Raw: string(raw), Fields: []parse.Field{
			{Key: "audit.action", Value: a.Action}, {Key: "audit.actor", Value: a.Actor}, {Key: "audit.target_type", Value: a.TargetType},
			{Key: "audit.target_id", Value: a.TargetID}, {Key: "audit.ip", Value: a.IP}, {Key: "audit.seq", Value: strconv.FormatInt(a.Seq, 10)},
		}}
}
