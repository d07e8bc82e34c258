package asset

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/locale"
	"attt/internal/notify"
)

// Notifier delivers messages inside the caller's transaction
// (notify.Service implements it).
type Notifier interface {
	SendTx(ctx context.Context, tx *sql.Tx, m notify.Message) error
}

// UseNotify makes the room tell officers about silent agents.
func (s *Service) UseNotify(n Notifier) { s.notify = n }

// FlagStale marks agents that have not reported for Rules.StaleAfter
// (counting from enrolment when they never reported) and tells the
// agency's designated officer once per silence; a report clears the flag.
func (s *Service) FlagStale(ctx context.Context) (int, error) {
	cut := db.Millis(s.now()) - s.cfg.Rules.StaleAfter.Milliseconds()
	n := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT g.id, g.org_id, g.asset_id, g.hostname, g.last_report_at FROM agents g
			WHERE NOT g.revoked AND g.stale_since = 0 AND (CASE WHEN g.last_report_at > 0 THEN g.last_report_at ELSE g.enrolled_at END) < $1`, cut)
		if err != nil {
			return err
		}
		type silent struct {
			id, org, asset, host string
			last                 int64
		}
		var list []silent
		for rows.Next() {
			var x silent
			if err := rows.Scan(&x.id, &x.org, &x.asset, &x.host, &x.last); err != nil {
				rows.Close()
				return err
			}
			list = append(list, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, x := range list {
			if _, err := tx.ExecContext(ctx, `UPDATE agents SET stale_since = $1 WHERE id = $2`, db.Millis(s.now()), x.id); err != nil {
				return err
			}
			if err := s.trail.Append(ctx, tx, audit.Event{Action: "agent.stale", OrgID: x.org, TargetType: "asset", TargetID: x.asset,
				ActorLogin: "attt", After: map[string]string{"agent": x.id, "hostname": x.host}}); err != nil {
				return err
			}
			last := locale.T("chưa từng báo cáo", "never reported")
			if x.last > 0 {
				last = locale.Tf("báo cáo lần cuối %s", "last reported %s", locale.DateTime(db.Time(x.last)))
			}
			if err := s.tellOfficer(ctx, tx, x.org, "asset.agent_stale", "/assets/"+x.asset,
				locale.Tf("Tác tử trên máy %s đã ngừng báo cáo", "The agent on %s stopped reporting", x.host),
				locale.T("Máy "+x.host+" "+last.VI+". Kiểm tra máy còn hoạt động và tác tử còn chạy.",
					"Host "+x.host+" "+last.EN+". Check that the machine is up and the agent running.")); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Run flags silent agents, reopens expired software exceptions and sends
// data integration centre review reminders every interval until ctx ends.
func (s *Service) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.FlagStale(ctx); err != nil && ctx.Err() == nil {
			log.Warn("asset: flag silent agents", "err", err)
		} else if n > 0 {
			log.Info("asset: silent agents flagged", "count", n)
		}
		if _, err := s.ReopenExpired(ctx); err != nil && ctx.Err() == nil {
			log.Warn("asset: reopen expired exceptions", "err", err)
		}
		if _, err := s.ReviewConnections(ctx); err != nil && ctx.Err() == nil {
			log.Warn("asset: connection reviews", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// tellOfficer notifies an agency's designated officer (and the agency's
// webhooks) inside tx; without a notifier nobody is told.
func (s *Service) tellOfficer(ctx context.Context, tx *sql.Tx, orgID, kind, link string, subject, body locale.Text) error {
	if s.notify == nil {
		return nil
	}
	var officer string
	if err := tx.QueryRowContext(ctx, `SELECT officer_id FROM organisations WHERE id = $1`, orgID).Scan(&officer); err != nil {
		return err
	}
	var to []string
	if officer != "" {
		to = []string{officer}
	}
	return s.notify.SendTx(ctx, tx, notify.Message{Kind: kind, OrgID: orgID, To: to, Link: link, Subject: subject, Body: body})
}
