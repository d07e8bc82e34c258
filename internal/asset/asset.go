// Package asset is the room for S4 — assets and technical controls (Đ6.1.c,
// Đ6.2.f, Đ6.3.c, Đ7.1–7.3, Đ8.1.c): each agency's inventory of servers,
// computers, devices, information systems and websites; the state of each
// technical control per asset with its date, source and evidence; the
// endpoint agents that report host facts; and the enrolment tokens that
// bind an agent to an agency.
package asset

import (
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
)

// Config tunes the room.
type Config struct {
	Rules Rules
	// EnrolmentTTL is how long an unused enrolment token stays valid.
	EnrolmentTTL time.Duration
	// ReportWindow is how far an agent report's timestamp may be from the
	// server's clock; nonces are remembered this long.
	ReportWindow time.Duration
	// MaxReportBytes bounds an agent report body.
	MaxReportBytes int64
	// MaxSoftware bounds the installed packages of one report.
	MaxSoftware int
}

// DefaultConfig is the shipped configuration.
func DefaultConfig() Config {
	return Config{Rules: DefaultRules(), EnrolmentTTL: 7 * 24 * time.Hour, ReportWindow: 5 * time.Minute,
		MaxReportBytes: 4 << 20, MaxSoftware: 20000}
}

// Service keeps inventories, control states and agents.
type Service struct {
	db    *db.DB
	trail *audit.Trail
	dir   *directory.Service
	cfg   Config
	now   func() time.Time
	// notify tells officers about silent agents (nil: nobody is told).
	notify Notifier
}

// New returns the assets service.
func New(d *db.DB, trail *audit.Trail, dir *directory.Service, cfg Config, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, trail: trail, dir: dir, cfg: cfg, now: now}
}

// Config returns the configuration in force.
func (s *Service) Config() Config { return s.cfg }
