// Package logs is the room for central logs (SPEC S5, Đ6.2.e, Đ7.8): log
// sources registered to agencies, the senders nobody registered yet,
// retention, and scoped search over the store (package store) that
// package ingest fills.
package logs

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/logs/ingest"
	"attt/internal/logs/rules"
	"attt/internal/logs/store"
)

// DefaultRetention is how long events are kept when neither the agency
// nor the configuration says otherwise (180 days).
const DefaultRetention = 180 * 24 * time.Hour

// Options configures the Service.
type Options struct {
	// Retention is the default retention (DefaultRetention when zero).
	Retention time.Duration
	// Rules are the detection rules (the shipped ones when nil) and
	// WorkHours the working hours they know (rules.DefaultHours when zero).
	Rules     []*rules.Rule
	WorkHours rules.Hours
	Now       func() time.Time
	Log       *slog.Logger
}

// Service manages log sources and answers searches.
type Service struct {
	db    *db.DB
	trail *audit.Trail
	dir   *directory.Service
	store store.Store
	opt   Options
	res   *resolver
	// engine runs the detection rules on durable events, which the store
	// hands over through observed.
	engine   *rules.Engine
	observed chan []store.Record
	rulesOn  atomic.Bool
	// incidents opens an incident from an alert (UseIncidents).
	incidents incident.Opener
	// rulesEnd is closed when the engine stops for good, so a store
	// blocked handing it a batch moves on (shutdown).
	rulesEnd chan struct{}
	endRules sync.Once
}

// New returns the Service over st.
func New(d *db.DB, trail *audit.Trail, dir *directory.Service, st store.Store, opt Options) *Service {
	if opt.Retention <= 0 {
		opt.Retention = DefaultRetention
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.WorkHours == (rules.Hours{}) {
		opt.WorkHours = rules.DefaultHours
	}
	s := &Service{db: d, trail: trail, dir: dir, store: st, opt: opt, observed: make(chan []store.Record, 8), rulesEnd: make(chan struct{})}
	s.res = newResolver(s)
	if opt.Rules == nil {
		shipped, err := rules.Shipped()
		if err != nil {
			panic(err) // The shipped rules are tested; a broken one is a build error.
		}
		opt.Rules = shipped
		s.opt.Rules = shipped
	}
	if st != nil {
		s.engine = rules.NewEngine(opt.Rules, opt.WorkHours, locale.Zone)
		st.Observe(s.observe)
	}
	return s
}

// Resolver attributes received events to sources (package ingest uses it).
func (s *Service) Resolver() ingest.Resolver { return s.res }

// Store returns the event store.
func (s *Service) Store() store.Store { return s.store }

// Start loads the source table and the written rules; call it before
// ingest begins.
func (s *Service) Start(ctx context.Context) error {
	if err := s.res.reload(ctx); err != nil {
		return err
	}
	return s.reloadRules(ctx)
}

// Run keeps the background jobs going until ctx ends: the source table
// reloaded, sightings written back, silent sources marked and old events
// deleted.
func (s *Service) Run(ctx context.Context) {
	go s.runRules(ctx)
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	lastRetention := time.Time{}
	for {
		select {
		case <-ctx.Done():
			s.res.flushSeen(context.WithoutCancel(ctx))
			return
		case <-tick.C:
		}
		s.res.flushSeen(ctx)
		if s.store != nil {
			if _, err := s.feedAudit(ctx); err != nil {
				s.opt.Log.Warn("log audit feed", "err", err)
			}
		}
		if err := s.res.reload(ctx); err != nil {
			s.opt.Log.Warn("log sources reload", "err", err)
		}
		if err := s.markSilent(ctx); err != nil {
			s.opt.Log.Warn("log sources silence check", "err", err)
		}
		if s.opt.Now().Sub(lastRetention) >= time.Hour {
			lastRetention = s.opt.Now()
			if n, err := s.ApplyRetention(ctx); err != nil {
				s.opt.Log.Warn("log retention", "err", err)
			} else if n > 0 {
				s.opt.Log.Info("log retention", "dropped", n)
			}
		}
	}
}
