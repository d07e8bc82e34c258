// Package settings is the room of run-time settings (S13; Đ7.1, Đ7.6,
// Đ7.8): the account and audit rules an administrator changes in the UI or
// the API while attt runs, without a restart. It owns the settings table.
//
// The configuration (defaults → YAML file → ATTT_* environment → flags)
// gives each setting its default; a row in the table overrides it on every
// node sharing the database; Reset deletes the row and the default is back.
// Values never go below the regulation's floor (Catalogue). Every change is
// recorded in the audit trail with the value before and after, in the same
// transaction. Values are served from an in-memory snapshot, reloaded from
// the table every few seconds (Run) and at once after a change on this
// node, so several nodes converge within one reload interval.
package settings

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"attt/internal/audit"
	"attt/internal/config"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/locale"
)

// SourceDatabase marks a value set at run time, stored in the settings
// table; it overrides the configuration's sources.
const SourceDatabase config.Source = "database"

// DefaultEvery is how often Run reloads the table.
const DefaultEvery = 10 * time.Second

// Options adjust a Service.
type Options struct {
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Log receives reload failures and ignored stored values.
	Log *slog.Logger
	// Every is Run's reload interval (DefaultEvery when zero).
	Every time.Duration
}

// Service reads and changes the run-time settings.
type Service struct {
	db    *db.DB
	trail *audit.Trail
	dir   *directory.Service
	base  config.Config
	now   func() time.Time
	log   *slog.Logger
	every time.Duration

	snap atomic.Pointer[Snapshot]
	// reload serialises Reload, so an older reading never replaces a
	// newer one.
	reload sync.Mutex
}

// Snapshot is the settings in force at one moment. It is never changed
// once published; Reload publishes a new one.
type Snapshot struct {
	// Config is the base configuration with the stored values applied.
	Config config.Config
	stored map[string]stored
	// ignored are stored values not in force, and why.
	ignored map[string]locale.Text
}

// stored is one row of the settings table.
type stored struct {
	value string
	by    string
	at    time.Time
}

// New returns the settings service over base, the configuration as loaded
// (its values are the defaults). It reads nothing yet: call Reload before
// use, as app.Open does, so stored values are in force from the start.
func New(d *db.DB, trail *audit.Trail, dir *directory.Service, base config.Config, o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Every <= 0 {
		o.Every = DefaultEvery
	}
	s := &Service{db: d, trail: trail, dir: dir, base: base, now: o.Now, log: o.Log, every: o.Every}
	s.snap.Store(&Snapshot{Config: base})
	return s
}

// Snapshot returns the settings in force. Callers must not change it.
func (s *Service) Snapshot() *Snapshot { return s.snap.Load() }

// Effective returns the configuration in force: the base configuration
// with the stored values applied. It checks no permission: it is for the
// services and jobs that obey the settings, not for showing them.
func (s *Service) Effective() config.Config { return s.snap.Load().Config }

// Reload reads the settings table and publishes what is in force. A stored
// value that breaks a rule (the configuration may have changed since it
// was set) is ignored and logged; the default stays in force for it.
func (s *Service) Reload(ctx context.Context) error {
	s.reload.Lock()
	defer s.reload.Unlock()
	rows, err := s.readAll(ctx)
	if err != nil {
		return err
	}
	snap := build(s.base, rows)
	for key, why := range snap.ignored {
		if old := s.snap.Load().ignored[key]; old != why {
			s.log.Warn("settings: stored value ignored", "key", key, "value", rows[key].value, "why", why.EN)
		}
	}
	s.snap.Store(snap)
	return nil
}

// Run reloads the table every interval until ctx ends, so a change made on
// another node takes effect here too.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Reload(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("settings: reload", "err", err)
			}
		}
	}
}

// build applies the stored rows to base. When every row passes its own
// bounds and the rules tying settings together, all apply; otherwise each
// row is tried in catalogue order and those that break a rule are ignored.
func build(base config.Config, rows map[string]stored) *Snapshot {
	snap := &Snapshot{Config: base, stored: rows, ignored: map[string]locale.Text{}}
	all := base
	var bad bool
	for _, d := range Catalogue() {
		r, ok := rows[d.Key]
		if !ok {
			continue
		}
		if _, err := d.apply(&all, r.value); err != nil {
			bad = true
		}
	}
	if !bad && crossCheck(&all) == nil {
		snap.Config = all
		return snap
	}
	cur := base
	for _, d := range Catalogue() {
		r, ok := rows[d.Key]
		if !ok {
			continue
		}
		cand := cur
		_, err := d.apply(&cand, r.value)
		if err == nil {
			err = crossCheck(&cand)
		}
		if err != nil {
			snap.ignored[d.Key] = asText(err)
			continue
		}
		cur = cand
	}
	snap.Config = cur
	return snap
}
