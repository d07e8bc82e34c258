// Package incident is the room for S7 — incidents from the first report to
// the closing report (Đ6.2.d, Đ7.9, Đ11.3, Đ11.4, Đ11.5, Đ12.5, Đ13, Đ14.3,
// Đ15.2): anyone reports, the agency's officer triages, tasks and a
// timeline record the response, escalation notifies the superior agency and
// the authority in writing (công văn + Mẫu 03), the authority coordinates
// with invited outside parties, deadlines are watched, and the incident
// closes once its closing report (Mẫu 04) is filed. Mẫu 05 summarises a
// period. The official documents are rendered by incident/forms and numbered
// by docreg; evidence passes the intake gate.
package incident

import (
	"context"
	"database/sql"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/intake"
	"attt/internal/notify"
)

// Notifier tells people about an incident inside the transaction that
// changes it (notify.Service implements it).
type Notifier interface {
	SendTx(ctx context.Context, tx *sql.Tx, m notify.Message) error
}

// Config holds the incident rules.
type Config struct {
	// InitialReportWithin is the deadline of the initial report after
	// detection (Mẫu 03: 5 days; at once when escalated).
	InitialReportWithin time.Duration
	// ClosingReportWithin is the deadline of the closing report after the
	// response ends (Mẫu 04: 5 days).
	ClosingReportWithin time.Duration
	// AcknowledgeWithin is how long a new report may wait for triage.
	AcknowledgeWithin time.Duration
	// RemindEvery is how often an overdue item is reminded again.
	RemindEvery time.Duration
	// Place is the địa danh of issued documents ("Hưng Yên").
	Place string
}

// DefaultConfig is the shipped configuration.
func DefaultConfig() Config {
	return Config{
		InitialReportWithin: 5 * 24 * time.Hour,
		ClosingReportWithin: 5 * 24 * time.Hour,
		AcknowledgeWithin:   24 * time.Hour,
		RemindEvery:         24 * time.Hour,
		Place:               "Hưng Yên",
	}
}

// Service manages incidents.
type Service struct {
	db     *db.DB
	trail  *audit.Trail
	dir    *directory.Service
	gate   *intake.Gate
	files  *intake.Store
	notify Notifier
	cfg    Config
	now    func() time.Time
}

// Deps are the services an incident room needs.
type Deps struct {
	DB     *db.DB
	Trail  *audit.Trail
	Dir    *directory.Service
	Gate   *intake.Gate
	Files  *intake.Store
	Notify Notifier
	Now    func() time.Time
}

// New returns the incident service.
func New(d Deps, cfg Config) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: d.DB, trail: d.Trail, dir: d.Dir, gate: d.Gate, files: d.Files, notify: d.Notify, cfg: cfg, now: d.Now}
}
