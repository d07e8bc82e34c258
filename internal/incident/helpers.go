package incident

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
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

// tell hands a notification to the notifier, inside tx.
func (s *Service) tell(ctx context.Context, tx *sql.Tx, m notify.Message) error {
	if s.notify == nil || len(m.To) == 0 {
		return nil
	}
	return s.notify.SendTx(ctx, tx, m)
}

// holders returns the active people holding one of roles on the nearest
// organisation at or above orgPath where anyone holds them — the closest
// superior, not every one up to the province.
func holders(ctx context.Context, q db.Querier, orgPath string, roles ...principal.Role) ([]string, error) {
	if len(roles) == 0 {
		return nil, nil
	}
	qq := db.NewQuery(`SELECT DISTINCT g.person_id, go.path FROM grants g JOIN organisations go ON go.id = g.org_id
		JOIN people p ON p.id = g.person_id`)
	in := make([]string, len(roles))
	for i, r := range roles {
		in[i] = qq.Arg(string(r))
	}
	qq.Where("g.role IN (" + strings.Join(in, ", ") + ")")
	qq.Where("p.status = 'active'")
	qq.Where(qq.Arg(orgPath) + " LIKE go.path || '%'")
	rows, err := q.QueryContext(ctx, qq.SQL(), qq.Args...)
	if err != nil {
		return nil, fmt.Errorf("incident: role holders: %w", err)
	}
	defer rows.Close()
	best, out := 0, []string{}
	for rows.Next() {
		var id, path string
		if err := rows.Scan(&id, &path); err != nil {
			return nil, err
		}
		switch {
		case len(path) > best:
			best, out = len(path), []string{id}
		case len(path) == best:
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// officerOf returns the designated officer of an organisation, if active.
func officerOf(ctx context.Context, q db.Querier, orgID string) ([]string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT o.officer_id FROM organisations o JOIN people p ON p.id = o.officer_id
		WHERE o.id = $1 AND p.status = 'active'`, orgID).Scan(&id)
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
