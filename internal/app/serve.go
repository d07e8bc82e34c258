package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"attt/internal/web"
)

// Handler builds the web server (UI, API, health, metrics) on m's services.
func (m *Main) Handler() (*web.Server, error) {
	return web.New(web.Deps{Cfg: m.Cfg, DB: m.DB, Trail: m.Trail, Dir: m.Dir, Auth: m.Auth, Settings: m.Settings, Monitors: m.Monitors,
		Notify: m.Notify, Incidents: m.Incidents, Logs: m.Logs, Ingest: m.Ingest, Assets: m.Assets, Hashing: m.Hashing, Log: m.Log, Now: m.Now})
}

// Serve serves HTTP on ln and runs the background jobs until ctx ends, then
// shuts down gracefully.
func (m *Main) Serve(ctx context.Context, ln net.Listener) error {
	if err := m.OpenLogs(ctx); err != nil {
		return err
	}
	jobs, stopJobs := context.WithCancel(ctx)
	logsDone := make(chan struct{})
	go func() { defer close(logsDone); m.logRoom.run(jobs, m) }()
	defer func() { stopJobs(); <-logsDone }()
	srv, err := m.Handler()
	if err != nil {
		return err
	}
	if err := m.ListenMail(); err != nil {
		return err
	}
	hs := srv.HTTPServer(ln.Addr().String())
	go srv.RunJobs(jobs)
	go m.Settings.Run(jobs)
	go m.Monitors.Run(jobs, m.Log)
	go m.Notify.Run(jobs, m.Log)
	go m.Incidents.Run(jobs, 5*time.Minute, m.Log)
	go m.Assets.Run(jobs, 15*time.Minute, m.Log)
	if m.MailListener != nil {
		go func() {
			if err := m.serveMail(jobs); err != nil {
				m.Log.Error("incident mail listener stopped", "err", err)
			}
		}()
		m.Log.Info("receiving incident reports by email", "addr", m.MailListener.Addr().String(), "mailboxes", m.Cfg.IncidentMailbox)
	}
	go m.releaseMemory(jobs, 15*time.Second)
	m.Log.Info("attt serving", "addr", ln.Addr().String(), "database", m.DB.Where)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
