package logs

import (
	"context"
	"errors"
	"time"

	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/logs/store"
)

// Filter is a search as a person asks it; the agency scope is added from
// the principal.
type Filter struct {
	// OrgID narrows to one agency; Unassigned ("-") to unknown senders.
	OrgID      string
	From, To   time.Time
	Sources    []string
	Hosts      []string
	Apps       []string
	Severities []int
	Fields     []store.FieldMatch
	Text       string
	Limit      int
}

func (s *Service) query(ctx context.Context, f Filter) (store.Query, error) {
	q, err := s.scope(ctx, directory.PermLogRead, f.OrgID)
	if err != nil {
		return q, err
	}
	q.From, q.To, q.Sources, q.Hosts, q.Apps = f.From, f.To, f.Sources, f.Hosts, f.Apps
	q.Severities, q.Fields, q.Text, q.Limit = f.Severities, f.Fields, f.Text, f.Limit
	return q, nil
}

var msgSearchSlow = locale.T("Tìm kiếm quá lâu; hãy thu hẹp khoảng thời gian hoặc thêm điều kiện.", "The search took too long; narrow the time range or add conditions.")

// Search returns the newest events matching f within the principal's
// agencies.
func (s *Service) Search(ctx context.Context, f Filter) (store.Result, error) {
	q, err := s.query(ctx, f)
	if err != nil {
		return store.Result{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	res, err := s.store.Search(ctx, q)
	if errors.Is(err, context.DeadlineExceeded) {
		return res, errs.New(errs.Unavailable, msgSearchSlow)
	}
	return res, err
}

// Histogram counts the events matching f over its time range in about
// bars buckets of a round step.
func (s *Service) Histogram(ctx context.Context, f Filter, bars int) ([]store.Bucket, time.Duration, error) {
	q, err := s.query(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	step := roundStep(q.To.Sub(q.From), bars)
	q.From = q.From.Truncate(step)
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	b, err := s.store.Histogram(ctx, q, step)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, 0, errs.New(errs.Unavailable, msgSearchSlow)
	}
	return b, step, err
}

// roundStep picks the smallest round step giving at most bars buckets.
func roundStep(span time.Duration, bars int) time.Duration {
	steps := []time.Duration{time.Second, 10 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}
	for _, st := range steps {
		if span/st <= time.Duration(bars) {
			return st
		}
	}
	return steps[len(steps)-1]
}

var msgEventGone = locale.T("Không tìm thấy sự kiện log.", "Log event not found.")

// Event returns one event with its raw line, if the principal may see its
// agency (the unassigned ones province-wide only).
func (s *Service) Event(ctx context.Context, id string) (store.Record, error) {
	r, err := s.store.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, errs.New(errs.NotFound, msgEventGone)
	}
	if err != nil {
		return r, err
	}
	org := r.Org
	if org == "" {
		org = Unassigned
	}
	if _, err := s.scope(ctx, directory.PermLogRead, org); err != nil {
		return store.Record{}, errs.New(errs.NotFound, msgEventGone)
	}
	if org == Unassigned {
		if all, err := s.provinceWide(ctx, directory.PermLogRead); err != nil || !all {
			return store.Record{}, errs.New(errs.NotFound, msgEventGone)
		}
	}
	return r, nil
}
