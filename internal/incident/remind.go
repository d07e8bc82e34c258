package incident

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"attt/internal/db"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/principal"
)

// RemindOverdue tells the people in charge about every missed deadline,
// again after RemindEvery while it stays missed: the owner (or, without
// one, the agency's officers) and the task owner for a late task. It acts
// as attt itself and returns how many reminders it sent.
func (s *Service) RemindOverdue(ctx context.Context) (int, error) {
	ctx = principal.With(ctx, principal.SystemPrincipal("incident-reminders"))
	late, _, err := s.List(ctx, Filter{Overdue: true, Limit: 500})
	if err != nil {
		return 0, err
	}
	sent := 0
	for i := range late {
		inc, err := s.Get(ctx, late[i].ID)
		if err != nil {
			return sent, err
		}
		for _, l := range s.Lateness(inc, s.now()) {
			ok, err := s.remindOne(ctx, inc, l)
			if err != nil {
				return sent, fmt.Errorf("incident: remind %s %s: %w", inc.Ref, l.Key, err)
			}
			if ok {
				sent++
			}
		}
	}
	return sent, nil
}

func (s *Service) remindOne(ctx context.Context, inc *Incident, l Late) (bool, error) {
	sent := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var last int64
		err := tx.QueryRowContext(ctx, `SELECT sent_at FROM incident_reminders WHERE incident_id = $1 AND item = $2`, inc.ID, l.Key).Scan(&last)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if last != 0 && now.Sub(db.Time(last)) < s.cfg.RemindEvery {
			return nil
		}
		to, err := s.remindRecipients(ctx, tx, inc, l)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO incident_reminders (incident_id, item, sent_at) VALUES ($1,$2,$3)
			ON CONFLICT (incident_id, item) DO UPDATE SET sent_at = excluded.sent_at`, inc.ID, l.Key, db.Millis(now))
		if err != nil {
			return err
		}
		sent = true
		return s.tell(ctx, tx, notify.Message{Kind: "incident.overdue", OrgID: inc.OrgID, To: to, Link: "/incidents/" + inc.ID,
			Subject: locale.Tf("[%s] Quá hạn: %s", "[%s] Overdue: %s", inc.Ref, l.What.VI),
			Body:    locale.Tf("Sự cố “%s”: %s — hạn %s.", "Incident “%s”: %s — due %s.", inc.Title, l.What.VI, locale.DateTime(l.Due))})
	})
	return sent, err
}

func (s *Service) remindRecipients(ctx context.Context, q db.Querier, inc *Incident, l Late) ([]string, error) {
	for _, t := range inc.Tasks {
		if l.Key == "task:"+t.ID && t.OwnerID != "" {
			return []string{t.OwnerID}, nil
		}
	}
	if inc.OwnerID != "" {
		return []string{inc.OwnerID}, nil
	}
	return s.firstResponders(ctx, q, inc.OrgID)
}

// Run sends reminders every interval until ctx ends.
func (s *Service) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.RemindOverdue(ctx); err != nil && ctx.Err() == nil {
			log.Warn("incident reminders", "err", err)
		} else if n > 0 {
			log.Info("incident reminders sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
