package notify

import (
	"net/http"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
)

// SMTP says how email leaves attt. An empty Host means email is not
// configured: deliveries stay visible as "not configured".
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	// TLS is "none", "starttls" or "tls".
	TLS string
}

// Config tunes notifications.
type Config struct {
	SMTP SMTP
	// BaseURL is attt's public address; links in email and webhooks are
	// BaseURL + the message's Link.
	BaseURL string
	// DigestHour is the hour (0–23, Asia/Ho_Chi_Minh) daily digests go out.
	DigestHour int
	// Backoff are the waits after each failed attempt; after the last one
	// the delivery is marked failed.
	Backoff []time.Duration
	// Workers is how many deliveries this node sends at once.
	Workers int
	// Timeout bounds one webhook call or SMTP conversation.
	Timeout time.Duration
	// Tick is how often Run looks for due deliveries.
	Tick time.Duration
}

// DefaultConfig is the shipped configuration (no SMTP server).
func DefaultConfig() Config {
	return Config{
		BaseURL:    "http://127.0.0.1:8080",
		DigestHour: 7,
		Backoff:    []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour},
		Workers:    4,
		Timeout:    10 * time.Second,
		Tick:       2 * time.Second,
	}
}

// Service is the notifications room: inboxes, preferences, webhooks and
// the outbox of deliveries.
type Service struct {
	db    *db.DB
	trail *audit.Trail
	dir   *directory.Service
	cfg   Config
	now   func() time.Time
	http  *http.Client
}

// New returns the notifications service.
func New(d *db.DB, trail *audit.Trail, dir *directory.Service, cfg Config, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	def := DefaultConfig()
	if len(cfg.Backoff) == 0 {
		cfg.Backoff = def.Backoff
	}
	if cfg.Workers < 1 {
		cfg.Workers = def.Workers
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = def.Timeout
	}
	if cfg.Tick <= 0 {
		cfg.Tick = def.Tick
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	// Webhook calls never follow redirects: the registered URL is the
	// only place a signed body goes.
	client := &http.Client{Timeout: cfg.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Service{db: d, trail: trail, dir: dir, cfg: cfg, now: now, http: client}
}

// Config returns the configuration in use.
func (s *Service) Config() Config { return s.cfg }

// MaxAttempts is how many times a delivery is tried before it is failed.
func (s *Service) MaxAttempts() int { return len(s.cfg.Backoff) + 1 }

// absolute turns a path inside attt into a full link.
func (s *Service) absolute(link string) string {
	if strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://") {
		return link
	}
	return s.cfg.BaseURL + link
}
