package logs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/logs/rules"
	"attt/internal/logs/store"
)

// Alert statuses.
const (
	AlertOpen         = "open"
	AlertAcknowledged = "acknowledged"
	AlertDismissed    = "dismissed"
)

// DedupWindow is how long repeated hits of one rule, agency and group
// gather in the same open alert.
const DedupWindow = time.Hour

// Alert is a rule's finding for an agency (OrgID "" for unassigned
// senders).
type Alert struct {
	ID        string       `json:"id"`
	RuleID    string       `json:"rule_id"`
	Title     string       `json:"title"`
	TitleEN   string       `json:"title_en"`
	Level     string       `json:"level"`
	OrgID     string       `json:"org_id"`
	Group     string       `json:"group"`
	Status    string       `json:"status"`
	FirstAt   time.Time    `json:"first_at"`
	LastAt    time.Time    `json:"last_at"`
	Hits      int64        `json:"hits"`
	Events    []AlertEvent `json:"events"`
	Reason    string       `json:"reason,omitempty"`
	DecidedBy string       `json:"decided_by,omitempty"`
	DecidedAt time.Time    `json:"decided_at"`
	// IncidentID is the incident the alert opened, if any.
	IncidentID string `json:"incident_id,omitempty"`
}

// AlertEvent is one event that triggered an alert, as kept with it.
type AlertEvent = rules.Event

// observe hands durable records to the rule engine (the store calls it).
// Until Run has started the engine, records are not evaluated (nothing
// would drain the channel).
func (s *Service) observe(recs []store.Record) {
	if s.engine == nil || !s.rulesOn.Load() {
		return
	}
	select {
	case s.observed <- recs:
	case <-s.rulesEnd:
	}
}

// runRules evaluates observed batches and stores their hits until ctx
// ends. Hits are gathered for a second and merged by rule, agency and
// group before they are written, so a flood of hits costs one write per
// alert per second.
func (s *Service) runRules(ctx context.Context) {
	s.rulesOn.Store(true)
	defer func() {
		s.rulesOn.Store(false)
		s.endRules.Do(func() { close(s.rulesEnd) })
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	pending := map[hitKey]*pendingHit{}
	open := map[hitKey]*openAlert{}
	flush := func() {
		if len(pending) == 0 {
			return
		}
		if err := s.saveHits(context.WithoutCancel(ctx), pending, open); err != nil {
			s.opt.Log.Error("log alerts", "err", err)
		}
		pending = map[hitKey]*pendingHit{}
	}
	for {
		select {
		case <-ctx.Done():
			flush()
			return
		case <-tick.C:
			flush()
		case recs := <-s.observed:
			for _, h := range s.engine.Observe(recs) {
				merge(pending, h)
			}
			if len(pending) > 1000 {
				flush()
			}
		}
	}
}

type hitKey struct{ rule, org, group string }

// openAlert is what runRules remembers of an open alert it wrote, so a
// hit merges into it without reading it back.
type openAlert struct {
	id     string
	last   time.Time
	events []AlertEvent
}

type pendingHit struct {
	rule   *rules.Rule
	n      int64
	first  time.Time
	last   time.Time
	events []AlertEvent
}

func merge(pending map[hitKey]*pendingHit, h rules.Hit) {
	k := hitKey{h.Rule.ID, h.Org, h.Group}
	p := pending[k]
	if p == nil {
		p = &pendingHit{rule: h.Rule, first: h.At}
		pending[k] = p
	}
	p.n++
	p.last = h.At
	p.events = append(p.events, h.Events...)
	if len(p.events) > rules.MaxHitEvents {
		p.events = p.events[len(p.events)-rules.MaxHitEvents:]
	}
}

// saveHits records merged hits as alerts in one transaction. An alert in
// open (written earlier, still within the dedup window) is updated
// directly; one decided meanwhile is left alone and a new one opened.
func (s *Service) saveHits(ctx context.Context, pending map[hitKey]*pendingHit, open map[hitKey]*openAlert) error {
	for k, a := range open {
		if s.opt.Now().Sub(a.last) > DedupWindow {
			delete(open, k)
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for k, p := range pending {
			if a := open[k]; a != nil && !p.first.Before(a.last.Add(-DedupWindow)) {
				done, err := s.addToOpen(ctx, tx, a, p)
				if err != nil {
					return err
				}
				if done {
					continue
				}
			}
			a, err := s.saveHit(ctx, tx, p.rule, k.org, k.group, p.first, p.last, p.n, p.events)
			if err != nil {
				return err
			}
			open[k] = a
		}
		return nil
	})
}

// addToOpen merges p into the remembered open alert a; false when the
// alert is no longer open.
func (s *Service) addToOpen(ctx context.Context, tx *sql.Tx, a *openAlert, p *pendingHit) (bool, error) {
	evs := lastEvents(append(a.events, p.events...))
	b, _ := json.Marshal(evs)
	res, err := tx.ExecContext(ctx, `UPDATE log_alerts SET hits = hits + $1, last_at = CASE WHEN last_at < $2 THEN $2 ELSE last_at END,
		events_json = $3, updated_at = $4 WHERE id = $5 AND status = 'open'`, p.n, db.Millis(p.last), string(b), db.Millis(s.opt.Now()), a.id)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	a.events = evs
	if p.last.After(a.last) {
		a.last = p.last
	}
	return true, nil
}

func lastEvents(evs []AlertEvent) []AlertEvent {
	if len(evs) > rules.MaxHitEvents {
		evs = evs[len(evs)-rules.MaxHitEvents:]
	}
	return evs
}

// saveHit adds n hits between first and last to the open alert of their
// rule, agency and group seen within DedupWindow, else opens one.
func (s *Service) saveHit(ctx context.Context, tx *sql.Tx, r *rules.Rule, org, group string, first, last time.Time, n int64, evs []AlertEvent) (*openAlert, error) {
	var id, js string
	err := tx.QueryRowContext(ctx, `SELECT id, events_json FROM log_alerts WHERE rule_id = $1 AND group_key = $2 AND status = 'open'
		AND COALESCE(org_id, '') = $3 AND last_at >= $4 ORDER BY last_at DESC LIMIT 1`, r.ID, group, org, db.Millis(first.Add(-DedupWindow))).Scan(&id, &js)
	now := db.Millis(s.opt.Now())
	if errors.Is(err, sql.ErrNoRows) {
		id = db.NewID()
		evs = lastEvents(evs)
		b, _ := json.Marshal(evs)
		_, err = tx.ExecContext(ctx, `INSERT INTO log_alerts (id, rule_id, title, title_en, level, org_id, group_key, first_at, last_at, hits, events_json, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12)`, id, r.ID, r.Title, r.TitleEN, r.Level, nullOrg(org), group,
			db.Millis(first), db.Millis(last), n, string(b), now)
		return &openAlert{id: id, last: last, events: evs}, err
	}
	if err != nil {
		return nil, err
	}
	var old []AlertEvent
	_ = json.Unmarshal([]byte(js), &old)
	all := lastEvents(append(old, evs...))
	b, _ := json.Marshal(all)
	_, err = tx.ExecContext(ctx, `UPDATE log_alerts SET hits = hits + $1, last_at = CASE WHEN last_at < $2 THEN $2 ELSE last_at END,
		events_json = $3, updated_at = $4 WHERE id = $5`, n, db.Millis(last), string(b), now, id)
	return &openAlert{id: id, last: last, events: all}, err
}

func nullOrg(org string) any {
	if org == "" {
		return nil
	}
	return org
}

// AlertFilter selects alerts.
type AlertFilter struct {
	OrgID  string // one agency, or Unassigned
	Status string // open (default), acknowledged, dismissed or all
	Limit  int
}

const alertSelect = `SELECT id, rule_id, title, title_en, level, COALESCE(org_id, ''), group_key, status, first_at, last_at, hits,
 events_json, reason, decided_by, decided_at, incident_id FROM log_alerts`

// Alerts lists the alerts of the principal's agencies, newest first.
func (s *Service) Alerts(ctx context.Context, f AlertFilter) ([]Alert, error) {
	sc, err := s.scope(ctx, directory.PermLogRead, f.OrgID)
	if err != nil {
		return nil, err
	}
	q := db.NewQuery(alertSelect)
	if c := orgCond(q, "org_id", sc); c != "" {
		q.Where(c)
	}
	switch f.Status {
	case "", AlertOpen:
		q.Where("status = 'open'")
	case AlertAcknowledged, AlertDismissed:
		q.Where("status = " + q.Arg(f.Status))
	case "all":
	default:
		return nil, errs.New(errs.Invalid, locale.T("Trạng thái cảnh báo phải là open, acknowledged, dismissed hoặc all.", "Alert status must be open, acknowledged, dismissed or all."))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	return queryAll(ctx, s.db.R, q.SQL()+" ORDER BY last_at DESC LIMIT "+strconv.Itoa(f.Limit), q.Args, scanAlert)
}

func scanAlert(row interface{ Scan(...any) error }) (*Alert, error) {
	var a Alert
	var first, last, decided int64
	var js string
	if err := row.Scan(&a.ID, &a.RuleID, &a.Title, &a.TitleEN, &a.Level, &a.OrgID, &a.Group, &a.Status, &first, &last, &a.Hits,
		&js, &a.Reason, &a.DecidedBy, &decided, &a.IncidentID); err != nil {
		return nil, err
	}
	a.FirstAt, a.LastAt, a.DecidedAt = db.Time(first), db.Time(last), msTime(decided)
	if err := json.Unmarshal([]byte(js), &a.Events); err != nil {
		return nil, err
	}
	return &a, nil
}

var msgAlertGone = locale.T("Không tìm thấy cảnh báo.", "Alert not found.")

// Alert returns one alert with its events, if the principal may read its
// agency.
func (s *Service) Alert(ctx context.Context, id string) (*Alert, error) {
	a, err := s.getAlert(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.mayRead(ctx, a.OrgID); err != nil {
		return nil, errs.New(errs.NotFound, msgAlertGone)
	}
	return a, nil
}

func (s *Service) getAlert(ctx context.Context, q db.Querier, id string) (*Alert, error) {
	a, err := scanAlert(q.QueryRowContext(ctx, alertSelect+" WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, msgAlertGone)
	}
	return a, err
}

// mayRead checks that the principal reads the logs of org ("" = the
// unassigned senders, province-wide only).
func (s *Service) mayRead(ctx context.Context, org string) error {
	if org != "" {
		return s.dir.Authorize(ctx, directory.PermLogRead, org)
	}
	all, err := s.provinceWide(ctx, directory.PermLogRead)
	if err == nil && !all {
		err = errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	return err
}

var msgReason = locale.T("Cần ghi lý do xác nhận hoặc bỏ qua cảnh báo.", "A reason is required to acknowledge or dismiss an alert.")

// DecideAlert acknowledges or dismisses an open alert with a reason; the
// decision is audited. It needs log.manage on the alert's agency.
func (s *Service) DecideAlert(ctx context.Context, id, status, reason string) (*Alert, error) {
	reason = strings.TrimSpace(reason)
	if status != AlertAcknowledged && status != AlertDismissed {
		return nil, errs.New(errs.Invalid, locale.T("Chỉ có thể xác nhận hoặc bỏ qua cảnh báo.", "An alert can only be acknowledged or dismissed."))
	}
	if reason == "" {
		return nil, errs.New(errs.Invalid, msgReason)
	}
	var after *Alert
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.getAlert(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.mayRead(ctx, before.OrgID); err != nil {
			return errs.New(errs.NotFound, msgAlertGone)
		}
		if err := s.mayManage(ctx, &Source{OrgID: before.OrgID}); err != nil {
			return err
		}
		if before.Status != AlertOpen {
			return errs.New(errs.Conflict, locale.T("Cảnh báo này đã được xử lý.", "This alert has already been decided."))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE log_alerts SET status = $1, reason = $2, decided_by = $3, decided_at = $4, updated_at = $4 WHERE id = $5`,
			status, reason, actorLogin(ctx), db.Millis(s.opt.Now()), id); err != nil {
			return err
		}
		if after, err = s.getAlert(ctx, tx, id); err != nil {
			return err
		}
		action := "log_alert.acknowledge"
		if status == AlertDismissed {
			action = "log_alert.dismiss"
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: action, OrgID: before.OrgID, TargetType: "log_alert", TargetID: id, Note: reason,
			Before: map[string]string{"status": before.Status}, After: map[string]string{"status": status, "rule": before.RuleID}})
	})
	return after, err
}
