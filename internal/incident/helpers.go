package incident

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/notify"
	"attt/internal/principal"
)

func optTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return db.Time(ms)
}

func optMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return db.Millis(t)
}

func personOf(ctx context.Context) string {
	if p := principal.From(ctx); p != nil {
		return p.PersonID
	}
	return ""
}

func orgOf(ctx context.Context) string {
	if p := principal.From(ctx); p != nil {
		return p.OrgID
	}
	return ""
}

// record adds a timeline entry and the matching audit event inside tx:
// every action on an incident is both shown to its participants and kept
// in the tamper-evident trail.
func (s *Service) record(ctx context.Context, tx *sql.Tx, inc *Incident, kind, body string, shared bool, after any) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO incident_entries (id, incident_id, at, actor_id, actor_org_id, kind, body, shared)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, db.NewID(), inc.ID, db.Millis(s.now()), personOf(ctx), orgOf(ctx), kind, body, shared)
	if err != nil {
		return fmt.Errorf("incident: timeline %s: %w", kind, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE incidents SET updated_at = $1 WHERE id = $2`, db.Millis(s.now()), inc.ID); err != nil {
		return err
	}
	return s.trail.Append(ctx, tx, audit.Event{Action: "incident." + kind, OrgID: inc.OrgID, TargetType: "incident", TargetID: inc.ID, After: after, Note: inc.Ref})
}

// tell hands a notification to the notifier, inside tx (also with no
// recipients: webhooks still hear of it).
func (s *Service) tell(ctx context.Context, tx *sql.Tx, m notify.Message) error {
	if s.notify == nil {
		return nil
	}
	return s.notify.SendTx(ctx, tx, m)
}

// officerOf returns the designated officer of an organisation, unless suspended or gone.
func officerOf(ctx context.Context, q db.Querier, orgID string) ([]string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT o.officer_id FROM organisations o JOIN people p ON p.id = o.officer_id
		WHERE o.id = $1 AND p.status IN ('active', 'pending')`, orgID).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []string{id}, nil
}

// without drops id from ids (nobody is told about their own action).
func without(ids []string, id string) []string {
	out := ids[:0:0]
	for _, v := range ids {
		if v != id && v != "" {
			out = append(out, v)
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
