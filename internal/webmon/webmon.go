// Package webmon is the room for S6 — website integrity (Đ6.2.f, Đ8.1.b):
// every agency portal registered as a monitor, checked on a schedule for
// availability, certificate, DNS, content change against an approved
// baseline, injected spam, hidden links, suspicious scripts and cloaking,
// with findings an officer accepts or confirms, and pre-aggregated history.
// The network work lives in webmon/fetch, the page analysis in
// webmon/analyze; this package keeps the state and the schedule.
package webmon

import (
	"context"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/webmon/analyze"
)

// Config tunes checking.
type Config struct {
	// Workers is how many monitors are checked at once on this node.
	Workers int
	// DefaultInterval is a new monitor's check interval.
	DefaultInterval time.Duration
	// MinInterval bounds how often anyone may have a site checked.
	MinInterval time.Duration
	// RecrawlEvery is how often a monitor's page list is rebuilt.
	RecrawlEvery time.Duration
	// NoisyAfter consecutive checks with a content change flag a monitor
	// for tuning.
	NoisyAfter int
	// DefaultAllowed are external domains allowed for every monitor.
	DefaultAllowed []string
}

// DefaultConfig is the shipped configuration.
func DefaultConfig() Config {
	return Config{
		Workers:         16,
		DefaultInterval: 5 * time.Minute,
		MinInterval:     time.Minute,
		RecrawlEvery:    24 * time.Hour,
		NoisyAfter:      5,
		DefaultAllowed: []string{
			"gov.vn", "google.com", "googleapis.com", "gstatic.com", "youtube.com", "facebook.com", "fbcdn.net",
			"zalo.me", "cloudflare.com", "cdnjs.cloudflare.com", "jsdelivr.net", "bootstrapcdn.com", "jquery.com",
		},
	}
}

// Service manages monitors, runs checks and keeps findings.
type Service struct {
	db    *db.DB
	trail *audit.Trail
	dir   *directory.Service
	web   Web
	cfg   Config
	now   func() time.Time
	// incidents opens an incident when a finding is confirmed.
	incidents incident.Opener
}

// UseIncidents makes confirmed findings open incidents through o.
func (s *Service) UseIncidents(o incident.Opener) { s.incidents = o }

// New returns the monitoring service.
func New(d *db.DB, trail *audit.Trail, dir *directory.Service, web Web, cfg Config, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, trail: trail, dir: dir, web: web, cfg: cfg, now: now}
}

// terms returns the spam vocabulary of checks (the shipped list when it
// cannot be read, so a database hiccup never switches spam detection off).
func (s *Service) terms(ctx context.Context) []string {
	t, err := s.loadTerms(ctx)
	if err != nil {
		return analyze.DefaultTerms()
	}
	return t
}
