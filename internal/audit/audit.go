// Package audit is attt's tamper-evident trail (S3, Đ7.8). Every record is
// appended in the same transaction as the change it describes; each record's
// hash covers its content and the previous record's hash, so Verify finds any
// altered, inserted or deleted row. The database refuses updates and deletes
// beyond the retention anchor; the chain catches whoever bypasses that.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"attt/internal/db"
	"attt/internal/principal"
)

// Event is what a service records. Actor, address and time come from the
// principal in ctx unless set here (e.g. a failed login has no principal).
type Event struct {
	Action     string
	OrgID      string
	TargetType string
	TargetID   string
	Before     any
	After      any
	Note       string
	ActorID    string
	ActorLogin string
	IP         string
	UserAgent  string
}

// Record is one stored audit row.
type Record struct {
	Seq        int64     `json:"seq"`
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorLogin string    `json:"actor_login"`
	OrgID      string    `json:"org_id"`
	Action     string    `json:"action"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
	Note       string    `json:"note,omitempty"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// Trail appends to and reads the audit trail.
type Trail struct {
	db  *db.DB
	now func() time.Time
}

// New returns a Trail on d; now is the clock (time.Now when nil).
func New(d *db.DB, now func() time.Time) *Trail {
	if now == nil {
		now = time.Now
	}
	return &Trail{db: d, now: now}
}

// Append records e inside tx. It serialises writers on the chain's head row,
// so records are numbered without gaps in commit order.
func (t *Trail) Append(ctx context.Context, tx *sql.Tx, e Event) error {
	r, err := t.build(ctx, e)
	if err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&r.Seq, &r.PrevHash)
	if err != nil {
		return fmt.Errorf("audit: head: %w", err)
	}
	r.Hash = r.computeHash()
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_events
		(seq, id, at, actor_id, actor_login, org_id, action, target_type, target_id, ip, user_agent, before_json, after_json, note, prev_hash, hash)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
		r.Seq, r.ID, db.Millis(r.At), r.ActorID, r.ActorLogin, r.OrgID, r.Action, r.TargetType, r.TargetID,
		r.IP, r.UserAgent, r.Before, r.After, r.Note, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit: append %s: %w", r.Action, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, r.Hash); err != nil {
		return fmt.Errorf("audit: head: %w", err)
	}
	return nil
}

// AppendNow records e in a transaction of its own, for events that change
// nothing else (a read of a sensitive record, a failed login).
func (t *Trail) AppendNow(ctx context.Context, e Event) error {
	return t.db.Tx(ctx, func(tx *sql.Tx) error { return t.Append(ctx, tx, e) })
}

func (t *Trail) build(ctx context.Context, e Event) (*Record, error) {
	r := &Record{
		ID: db.NewID(), At: t.now().UTC().Truncate(time.Millisecond), Action: e.Action, OrgID: e.OrgID,
		TargetType: e.TargetType, TargetID: e.TargetID, Note: e.Note,
		ActorID: e.ActorID, ActorLogin: e.ActorLogin, IP: e.IP, UserAgent: e.UserAgent,
	}
	if p := principal.From(ctx); p != nil {
		r.ActorID = firstNonEmpty(r.ActorID, p.PersonID)
		r.ActorLogin = firstNonEmpty(r.ActorLogin, p.Login)
		r.IP = firstNonEmpty(r.IP, p.IP)
		r.UserAgent = firstNonEmpty(r.UserAgent, p.UserAgent)
	}
	var err error
	if r.Before, err = marshal(e.Before); err != nil {
		return nil, err
	}
	if r.After, err = marshal(e.After); err != nil {
		return nil, err
	}
	return r, nil
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: encode: %w", err)
	}
	return string(b), nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
