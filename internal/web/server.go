// Package web is attt's HTTP face: the Vietnamese-first web UI, the JSON API
// mounted from package api, health and metrics, and the middleware every
// request passes (rate limits, security headers, language, session, CSRF).
// Handlers only translate HTTP to service calls; permissions are decided in
// the services.
package web

import (
	"attt/internal/asset"
	"context"
	"log/slog"
	"net/http"
	"time"

	"attt/internal/audit"
	"attt/internal/auth"
	"attt/internal/config"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/logs"
	"attt/internal/logs/ingest"
	"attt/internal/notify"
	"attt/internal/settings"
	"attt/internal/web/guard"
	"attt/internal/webmon"
)

// Deps are the services the web layer calls.
type Deps struct {
	Cfg   config.Config
	DB    *db.DB
	Trail *audit.Trail
	Dir   *directory.Service
	Auth  *auth.Service
	// Settings are the run-time settings; nil serves the configuration's
	// values and answers the settings page Unavailable.
	Settings *settings.Service
	// Monitors is website monitoring (S6).
	Monitors *webmon.Service
	// Notify is the notifications room (S12); nil hides the inbox.
	Notify *notify.Service
	// Incidents is incident reporting and response (S7).
	Incidents *incident.Service
	// Logs is central log search and sources (S5), Ingest its receiver
	// of HTTP batches; nil when logs are not running (pages answer
	// Unavailable).
	Logs   *logs.Service
	Ingest *ingest.Ingest
	// Assets is the inventory and technical controls (S4).
	Assets  *asset.Service
	Hashing *guard.WorkQueue
	Log     *slog.Logger
	Now     func() time.Time
}

// Server serves attt over HTTP.
type Server struct {
	Deps
	views    *views
	ip       *guard.ClientIP
	limits   guard.Classes
	throttle *guard.LoginThrottle
	metrics  *metrics
	handler  http.Handler
	// dash keeps dashboard figures for a few seconds (see dashCache).
	dash *dashCache
}

// New builds the server and its routes.
func New(d Deps) (*Server, error) {
	ip, err := guard.NewClientIP(d.Cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	v, err := newViews()
	if err != nil {
		return nil, err
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Server{Deps: d, views: v, ip: ip, limits: guard.DefaultClasses(),
		throttle: guard.NewLoginThrottle(guard.DefaultLoginThrottleConfig())}
	s.metrics = newMetrics(s)
	s.dash = newDashCache(30*time.Second, 10000)
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer returns an http.Server for addr with attt's timeouts and limits.
func (s *Server) HTTPServer(addr string) *http.Server {
	srv := &http.Server{Addr: addr, Handler: s, ErrorLog: slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn)}
	guard.DefaultServerTimeouts().Apply(srv)
	return srv
}

// RunJobs runs the server's periodic housekeeping until ctx ends.
func (s *Server) RunJobs(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Auth.PruneSessions(ctx); err != nil {
				s.Log.Warn("prune sessions", "err", err)
			}
			if _, err := s.PruneAudit(ctx); err != nil {
				s.Log.Warn("prune audit trail", "err", err)
			}
		}
	}
}

// PruneAudit deletes audit records older than the retention in force (a
// run-time setting) and returns how many went.
func (s *Server) PruneAudit(ctx context.Context) (int64, error) {
	return s.Trail.Prune(ctx, s.Now().Add(-s.config().AuditRetention))
}

// config is the configuration in force: the run-time settings applied.
func (s *Server) config() config.Config {
	if s.Settings == nil {
		return s.Cfg
	}
	return s.Settings.Effective()
}
