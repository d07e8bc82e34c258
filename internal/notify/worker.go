package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"attt/internal/db"
	"attt/internal/principal"
)

// lease is how long a claimed delivery is reserved for the node that
// claimed it; a node that dies mid-send leaves it to be retried after.
const lease = 5 * time.Minute

// Run sends due deliveries and daily digests until ctx ends. Several attt
// nodes may run it on one PostgreSQL database: a delivery is claimed by
// moving its next_attempt_at with a compare-and-set, so one node sends it.
func (s *Service) Run(ctx context.Context, log *slog.Logger) {
	ctx = principal.With(ctx, principal.SystemPrincipal("notify"))
	tick := time.NewTicker(s.cfg.Tick)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := s.DeliverDue(ctx); err != nil && ctx.Err() == nil {
				log.Warn("notify: deliver", "err", err)
			}
		}
	}
}

// DeliverDue builds the digests that are due, then claims and sends due
// deliveries (at most Workers at once) until none is left, and returns how
// many were attempted. Run calls it on every tick; tests call it with an
// injected clock.
func (s *Service) DeliverDue(ctx context.Context) (int, error) {
	if err := s.makeDigests(ctx); err != nil {
		return 0, err
	}
	total := 0
	for ctx.Err() == nil {
		ids, err := s.claimDue(ctx, s.cfg.Workers*4)
		if err != nil || len(ids) == 0 {
			return total, err
		}
		total += len(ids)
		s.sendAll(ctx, ids)
	}
	return total, ctx.Err()
}

// sendAll attempts the claimed deliveries, Workers at a time.
func (s *Service) sendAll(ctx context.Context, ids []string) {
	slots := make(chan struct{}, s.cfg.Workers)
	var wg sync.WaitGroup
	for _, id := range ids {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			_ = s.attempt(ctx, id)
		}()
	}
	wg.Wait()
}

// claimDue claims up to n pending deliveries whose time has come.
func (s *Service) claimDue(ctx context.Context, n int) ([]string, error) {
	now := s.now()
	type due struct {
		id   string
		next int64
	}
	list, err := queryAll(ctx, s.db.R, "due deliveries", `SELECT id, next_attempt_at FROM deliveries WHERE status = $1 AND next_attempt_at <= $2
		ORDER BY next_attempt_at LIMIT `+strconv.Itoa(n), []any{StatusPending, db.Millis(now)}, func(sc scanner) (*due, error) {
		var d due
		return &d, sc.Scan(&d.id, &d.next)
	})
	if err != nil {
		return nil, err
	}
	var claimed []string
	for _, d := range list {
		ok, err := s.claim(ctx, d.id, d.next, now)
		if err != nil {
			return claimed, err
		}
		if ok {
			claimed = append(claimed, d.id)
		}
	}
	return claimed, nil
}

// claim reserves one delivery if its next_attempt_at is still next: the
// compare-and-set that keeps two nodes from sending it twice.
func (s *Service) claim(ctx context.Context, id string, next int64, now time.Time) (bool, error) {
	res, err := s.db.W.ExecContext(ctx, `UPDATE deliveries SET next_attempt_at = $1, attempts = attempts + 1, updated_at = $2
		WHERE id = $3 AND status = $4 AND next_attempt_at = $5`, db.Millis(now.Add(lease)), db.Millis(now), id, StatusPending, next)
	if err != nil {
		return false, fmt.Errorf("notify: claim %s: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// claimTx reserves a delivery for this node inside tx (an operator's
// "retry now", a webhook test), unless another node is sending it now;
// after commit the caller calls attempt.
func (s *Service) claimTx(ctx context.Context, tx *sql.Tx, id string) (bool, error) {
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE deliveries SET status = $1, next_attempt_at = $2, attempts = attempts + 1, updated_at = $3
		WHERE id = $4 AND (status <> $1 OR next_attempt_at <= $3)`, StatusPending, db.Millis(now.Add(lease)), db.Millis(now), id)
	if err != nil {
		return false, fmt.Errorf("notify: claim %s: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// attempt sends one claimed delivery and records the outcome.
func (s *Service) attempt(ctx context.Context, id string) error {
	d, err := s.delivery(ctx, s.db.R, id)
	if err != nil {
		return err
	}
	switch d.Channel {
	case ChannelEmail:
		if s.cfg.SMTP.Host == "" {
			return s.finish(ctx, d, StatusNotConfigured, errNotConfigured)
		}
		err = s.sendEmail(ctx, d)
	case ChannelWebhook:
		err = s.callHook(ctx, d)
		if errors.Is(err, errHookGone) {
			return s.finish(ctx, d, StatusFailed, err)
		}
	default:
		return s.finish(ctx, d, StatusFailed, fmt.Errorf("unknown channel %q", d.Channel))
	}
	if err == nil {
		return s.finish(ctx, d, StatusSent, nil)
	}
	if d.Attempts >= s.MaxAttempts() {
		return s.finish(ctx, d, StatusFailed, err)
	}
	return s.finish(ctx, d, StatusPending, err)
}

var (
	errNotConfigured = errors.New("chưa cấu hình máy chủ SMTP (smtp_host) / SMTP is not configured")
	errHookGone      = errors.New(msgHookGone.VI + " / " + msgHookGone.EN)
)

// finish records an attempt's outcome; a pending outcome waits the
// backoff step of the attempt that just failed.
func (s *Service) finish(ctx context.Context, d *Delivery, status string, cause error) error {
	now := s.now()
	next, sent, lastErr := db.Millis(now), int64(0), d.LastError
	switch {
	case status == StatusSent:
		sent, lastErr = db.Millis(now), ""
	case cause != nil:
		lastErr = truncate(cause.Error(), 1000)
	}
	if status == StatusPending {
		step := s.cfg.Backoff[min(max(d.Attempts-1, 0), len(s.cfg.Backoff)-1)]
		next = db.Millis(now.Add(step))
	}
	_, err := s.db.W.ExecContext(ctx, `UPDATE deliveries SET status = $1, next_attempt_at = $2, last_error = $3, sent_at = $4, updated_at = $5 WHERE id = $6`,
		status, next, lastErr, sent, db.Millis(now), d.ID)
	if err != nil {
		return fmt.Errorf("notify: record delivery %s: %w", d.ID, err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // do not cut a UTF-8 sequence
		n--
	}
	return s[:n] + "…"
}
